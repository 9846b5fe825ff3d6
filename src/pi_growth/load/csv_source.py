"""Establishment extracts in CSV: scenario lines read from an HR export, each cell located.

A scenario names an extract with `baseline_csv:` (or `growth_csv:`), relative to itself. The
extract's rows are appended to the scenario's own `baseline` (or `growth`) lines and validated
with them, and every problem in a row -- a bad cell, an unknown band, a start month before its
year -- is reported at that cell's FILE:LINE:COLUMN in the CSV. Cells are only ever text:
nothing in them is evaluated, so `=1+2` is a name (or a bad number), never a formula.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pi_growth.load.input_files import read_text
from pi_growth.load.references import ReferenceRefusedError, References, display_path
from pi_growth.load.spreadsheet import Worksheet, is_workbook, read_worksheet
from pi_growth.load.yaml_source import Location, YamlDocument, format_location
from pi_growth.models import BaselineLine, GrowthLine
from pi_growth.problems import InputError, Problem, quote_token

SECTIONS = {"baseline": "baseline_csv", "growth": "growth_csv"}
# An extract's columns are its line model's fields, in their order: a field added to a line
# can be given in an extract too, and the ones the model requires are required here.
_LINE_MODELS: dict[str, type[BaselineLine | GrowthLine]] = {
    "baseline": BaselineLine,
    "growth": GrowthLine,
}
# Free text an extract may carry for people (a post title, a cost centre); never costed.
NOTE_COLUMN = "note"
COLUMNS = {section: tuple(model.model_fields) for section, model in _LINE_MODELS.items()}
REQUIRED = {
    section: tuple(name for name, info in model.model_fields.items() if info.is_required())
    for section, model in _LINE_MODELS.items()
}
WHOLE_NUMBER_COLUMNS = ("posts", "point")
# Rows an extract may have: 10,000 lines cost in about 190 MB and 100,000 in 1.6 GB (10 years,
# measured); 50,000 keeps a ten-year run under 1 GB (docs/limits.md).
MAX_ROWS = 50_000
# More digits than any count of posts needs, and well inside int()'s limit on digits.
_WHOLE_NUMBER = re.compile(r"^[+-]?[0-9]{1,18}$")


@dataclass
class _Row:
    """Where one record of the extract is: its first line, and its text to find cells in."""

    line: int
    text: str | None  # None for a worksheet's row: its cells are its columns
    columns: tuple[str, ...]

    def cell(self, column: str) -> tuple[int, int]:
        """The 1-based line and column where `column`'s cell starts (the row's start if the
        row has no such cell)."""
        if column not in self.columns:
            return self.line, 1
        return self.at(self.columns.index(column))

    def at(self, index: int) -> tuple[int, int]:
        """Where cell `index` (0-based) starts: in a CSV record, found in its text; in a
        worksheet, row `line` and column index + 1."""
        if self.text is None:
            return self.line, index + 1
        return _start_of(self.text, self.line, index)


@dataclass
class CsvExtract:
    """The lines read from one extract, where each came from, and the problems found."""

    file: str
    lines: list[dict[str, Any]] = field(default_factory=list)
    rows: list[_Row] = field(default_factory=list)  # one per line, same order
    problems: list[Problem] = field(default_factory=list)
    sheet: str = ""  # the worksheet an XLSX extract was read from (problems say SHEET!C7)

    def at(self, line: int, column: int, message: str) -> Problem:
        """A problem at a line and column (a row and column of the worksheet)."""
        return Problem(self.file, line, column, message, sheet=self.sheet)

    def problem(self, index: int, location: Location, message: str) -> Problem:
        """A problem in line `index`: at the cell `location` names, else at the row."""
        row = self.rows[index]
        column = next((part for part in location if isinstance(part, str)), None)
        line, column_number = row.cell(column) if column is not None else (row.line, 1)
        shown = format_location(tuple(location))
        return self.at(line, column_number, f"{shown}: {message}" if shown else message)


def parse_extract(text: str, display: str, section: str) -> CsvExtract:
    """Read an extract's text into scenario lines for `section` (baseline or growth)."""
    extract = CsvExtract(display)
    records = _Records(text)
    reader = csv.reader(records)
    try:
        header = next(reader, None)
    except csv.Error as error:
        extract.problems.append(Problem(display, 1, 1, _csv_error_text(error)))
        return extract
    if header is None or not any(cell.strip() for cell in header):
        allowed = ", ".join(COLUMNS[section])
        extract.problems.append(
            Problem(display, 1, 1, f"the file is empty: expected a header row ({allowed})")
        )
        return extract
    first_line, header_text = records.take()
    columns = _read_header(header, _Row(first_line, header_text, ()), section, extract)
    if columns is None:
        return extract
    rows = 0
    while True:
        try:
            cells = next(reader, None)
        except csv.Error as error:
            line = records.first_line_of_pending()
            extract.problems.append(Problem(display, line, 1, _csv_error_text(error)))
            break
        if cells is None:
            break
        row = records.take()
        if not any(cell.strip() for cell in cells):
            continue  # blank rows, as spreadsheets leave at the end
        rows += 1
        if rows > MAX_ROWS:
            extract.problems.append(
                Problem(
                    display,
                    row[0],
                    1,
                    f"more than {MAX_ROWS:,} rows: an extract holds at most {MAX_ROWS:,} lines, "
                    "so that a run stays well under 1 GB of memory (docs/limits.md); split the "
                    "establishment across scenarios",
                )
            )
            break
        _read_row(cells, _Row(row[0], row[1], columns), section, extract)
    return extract


def parse_worksheet(worksheet: Worksheet, section: str) -> CsvExtract:
    """Read a worksheet's rows (the first one its header) into scenario lines for `section`,
    with the same columns and rules as a CSV extract; problems are at SHEET!C7 cells."""
    extract = CsvExtract(worksheet.file, sheet=worksheet.sheet)
    if not worksheet.rows:
        allowed = ", ".join(COLUMNS[section])
        extract.problems.append(
            extract.at(1, 1, f"the sheet is empty: expected a header row ({allowed})")
        )
        return extract
    (header_line, header), *rows = worksheet.rows
    columns = _read_header(list(header), _Row(header_line, None, ()), section, extract)
    if columns is None:
        return extract
    for line, cells in rows:
        _read_row(list(cells), _Row(line, None, columns), section, extract)
    return extract


def read_extract(path: Path, display: str, section: str, sheet: str | None = None) -> CsvExtract:
    """Read and parse an extract file, CSV or XLSX by its name (see `parse_extract` and
    `parse_worksheet`; `sheet` names an XLSX's worksheet, default the first); unreadable
    files raise."""
    if is_workbook(path):
        return parse_worksheet(read_worksheet(path, display, sheet), section)
    return parse_extract(read_text(path, display), display, section)


def _read_header(
    header: list[str], position: _Row, section: str, extract: CsvExtract
) -> tuple[str, ...] | None:
    allowed = (*COLUMNS[section], NOTE_COLUMN)
    names = tuple(_column_name(cell) for cell in header)
    problems = extract.problems
    found = False
    for index, name in enumerate(names):
        cell_line, cell_column = position.at(index)
        if name not in allowed:
            what = "an empty column name" if not name else f"unknown column {quote_token(name)}"
            problems.append(
                extract.at(cell_line, cell_column, f"{what} (allowed: {', '.join(allowed)})")
            )
            found = True
        elif name in names[:index]:
            problems.append(
                extract.at(cell_line, cell_column, f"duplicate column {quote_token(name)}")
            )
            found = True
    for required in REQUIRED[section]:
        if required not in names:
            problems.append(
                extract.at(
                    position.line,
                    1,
                    f"missing required column {quote_token(required)} "
                    f"(a {section} extract needs {', '.join(REQUIRED[section])})",
                )
            )
            found = True
    return None if found else names


def _column_name(cell: str) -> str:
    """Header cells as written: `Team`, ` FTE `, `Start-month` -> team, fte, start_month."""
    return "_".join(cell.strip().lower().replace("-", " ").split())


def _read_row(cells: list[str], row: _Row, section: str, extract: CsvExtract) -> None:
    columns = row.columns
    if len(cells) > len(columns) and any(cell.strip() for cell in cells[len(columns) :]):
        line, column = row.at(len(columns))
        extract.problems.append(
            extract.at(
                line,
                column,
                f"this row has {len(cells)} cells but the header has {len(columns)} columns",
            )
        )
        return
    values: dict[str, Any] = {}
    for name, cell in zip(columns, cells, strict=False):
        value = cell.strip()
        if name == NOTE_COLUMN or not value:
            continue
        if name in WHOLE_NUMBER_COLUMNS and _WHOLE_NUMBER.match(value):
            values[name] = int(value)
        else:
            values[name] = value
    empty_required = [name for name in REQUIRED[section] if name not in values]
    if empty_required:
        # Reported here, at the cell, rather than by validation (which knows no CSV cells).
        for name in empty_required:
            where, column = row.cell(name)
            extract.problems.append(
                extract.at(
                    where, column, f"{name}: empty; every row needs {', '.join(REQUIRED[section])}"
                )
            )
        return
    extract.lines.append(values)
    extract.rows.append(row)


def _csv_error_text(error: csv.Error) -> str:
    text = str(error)
    if "field larger than field limit" in text:
        return f"a cell is longer than {csv.field_size_limit():,} characters"
    return f"cannot read this row as CSV: {quote_token(text, 80)}"


class _Records:
    """The lines fed to csv.reader, remembered until the record they make is taken."""

    def __init__(self, text: str) -> None:
        # newline="": split at \n, \r\n and \r only (as the csv module expects), untranslated.
        self._lines = iter(io.StringIO(text, newline=""))
        self._pending: list[str] = []
        self._next_line = 1  # the line number of the first pending line

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        line = next(self._lines)
        self._pending.append(line)
        return line

    def first_line_of_pending(self) -> int:
        return self._next_line

    def take(self) -> tuple[int, str]:
        """The first line number and text of the record just read."""
        first, text = self._next_line, "".join(self._pending)
        self._next_line += len(self._pending)
        self._pending = []
        return first, text


def _start_of(text: str, first_line: int, index: int) -> tuple[int, int]:
    """Where cell `index` of a record starts; the record's start if it has no such cell."""
    starts = _cell_starts(text, first_line)
    return starts[index] if index < len(starts) else (first_line, 1)


def _cell_starts(text: str, first_line: int) -> list[tuple[int, int]]:
    """The line and column where each cell of a CSV record starts (excel dialect: commas,
    double quotes, a quote doubled inside quotes)."""
    starts = [(first_line, 1)]
    line, column = first_line, 1
    quoted, at_start = False, True
    index, length = 0, len(text)
    while index < length:
        char = text[index]
        if quoted:
            if char == '"':
                if index + 1 < length and text[index + 1] == '"':
                    index += 1
                    column += 1
                else:
                    quoted = False
        elif char == '"' and at_start:
            quoted = True
        elif char == ",":
            starts.append((line, column + 1))
            at_start = True
            index += 1
            column += 1
            continue
        at_start = False
        if char == "\n" or (char == "\r" and text[index + 1 : index + 2] != "\n"):
            line, column = line + 1, 1
        else:
            column += 1
        index += 1
    return starts


# --- a scenario document with its extracts ------------------------------------------------


@dataclass
class ExtractedDocument(YamlDocument):
    """A scenario's YAML document whose `baseline`/`growth` continue with CSV extract lines;
    problems at those lines are located in the extract."""

    # section -> (how many lines the YAML itself has, the extract)
    extracts: dict[str, tuple[int, CsvExtract]] = field(default_factory=dict)

    def _extract_line(self, location: Location) -> tuple[CsvExtract, int] | None:
        if len(location) < 2 or location[0] not in self.extracts:
            return None
        own, extract = self.extracts[str(location[0])]
        index = location[1]
        if not isinstance(index, int) or index < own:
            return None
        return extract, index - own

    def locate(self, location: Location, *, key: bool = False) -> tuple[int, int, Location]:
        """As YamlDocument's; for a line from an extract, its row and cell in the extract."""
        found = self._extract_line(location)
        if found is None:
            return super().locate(location, key=key)
        extract, index = found
        problem = extract.problem(index, location[2:], "")
        return problem.line, problem.column, tuple(location)

    def problem(self, location: Location, message: str, *, key: bool = False) -> Problem:
        """As YamlDocument's; for a line from an extract, a problem in the extract's file."""
        found = self._extract_line(location)
        if found is None:
            return super().problem(location, message, key=key)
        extract, index = found
        return extract.problem(index, location[2:], message)

    def is_flagged(self, location: Location) -> bool:
        """As YamlDocument's; extract cells are never flagged while reading."""
        if self._extract_line(location) is not None:
            return False
        return super().is_flagged(location)


def with_extracts(document: YamlDocument, references: References) -> YamlDocument:
    """The scenario `document` with the lines of the extracts it names appended to its own.

    Problems reading an extract are added to the document's `problems`, so that they are
    reported together with everything else wrong with the scenario.
    """
    data = document.data
    if not isinstance(data, dict) or not any(
        isinstance(data.get(key), str) for key in SECTIONS.values()
    ):
        return document
    merged = dict(data)
    problems = list(document.problems)
    extracts: dict[str, tuple[int, CsvExtract]] = {}
    for section, key in SECTIONS.items():
        reference = data.get(key)
        if not isinstance(reference, str) or not reference.strip():
            continue  # validation says what is wrong with a non-text value
        own = data.get(section, [])
        if not isinstance(own, list):
            continue  # validation reports the section itself
        extract = _load(reference.strip(), (key, section), document, references, problems)
        if extract is None:
            continue
        problems += extract.problems
        merged[section] = [*own, *extract.lines]
        extracts[section] = (len(own), extract)
    values = {
        item.name: getattr(document, item.name)
        for item in dataclasses.fields(document)
        if item.init
    }
    values.update(data=merged, problems=problems)
    return ExtractedDocument(**values, extracts=extracts)


def _load(
    reference: str,
    where: tuple[str, str],
    document: YamlDocument,
    references: References,
    problems: list[Problem],
) -> CsvExtract | None:
    key, section = where  # the scenario's key naming the extract, and the lines it adds to
    try:
        path = references.resolve(reference)
    except ReferenceRefusedError as refusal:
        problems.append(document.problem((key,), str(refusal)))
        return None
    if not path.is_file():
        problems.append(
            document.problem(
                (key,), f"cannot find the extract {quote_token(reference)} beside the scenario"
            )
        )
        return None
    sheet = document.data.get(f"{section}_sheet")
    sheet = sheet.strip() if isinstance(sheet, str) and sheet.strip() else None
    if sheet is not None and not is_workbook(path):
        problems.append(
            document.problem(
                (f"{section}_sheet",),
                f"names a worksheet, but {quote_token(reference)} is not XLSX",
            )
        )
        return None
    try:
        return read_extract(path, display_path(path), section, sheet)
    except InputError as error:
        problems += error.problems
        return None
