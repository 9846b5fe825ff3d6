"""Worksheets read as rows of text cells, for extracts and ready reckoners given as XLSX.

openpyxl reads the workbook in read-only mode (rows stream; nothing is held but the row being
read) and is imported only here, when a workbook is read, so no other command pays for it.
Cells are taken as their stored values: a formula's cached result, never the formula, and
nothing is ever evaluated. Every cell becomes text as a person would type it, so the readers
that take CSV take a worksheet with the same rules and messages.
"""

from __future__ import annotations

import datetime
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pi_growth.problems import InputError, Problem, quote_token

# Far beyond any reckoner or HR extract; a bound on what a hostile workbook can make us read.
MAX_ROWS = 1_000_000
MAX_COLUMNS = 64


@dataclass(frozen=True)
class Worksheet:
    """One worksheet's rows: (row number, cells as text), blank rows left out."""

    file: str
    sheet: str
    rows: tuple[tuple[int, tuple[str, ...]], ...]

    def problem(self, row: int, column: int, message: str) -> Problem:
        """A problem at a cell (1-based row and column), printed FILE:SHEET!C7."""
        return Problem(self.file, row, column, message, sheet=self.sheet)


def is_workbook(path: str | Path) -> bool:
    """Whether a file is read as a workbook (by its name: .xlsx or .xlsm)."""
    return Path(path).suffix.lower() in (".xlsx", ".xlsm")


def read_worksheet(path: Path, display: str, sheet: str | None = None) -> Worksheet:
    """The rows of worksheet `sheet` (default: the first); InputError when the file is not a
    workbook this can read, or has no such sheet."""
    try:
        from openpyxl import load_workbook  # noqa: PLC0415 - only when a workbook is read
    except ImportError:  # pragma: no cover - a runtime dependency
        raise InputError([Problem(display, 1, 1, "reading XLSX needs openpyxl")]) from None
    try:
        book = load_workbook(path, read_only=True, data_only=True, keep_links=False)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as error:
        reason = getattr(error, "strerror", None) or str(error) or type(error).__name__
        raise InputError(
            [
                Problem(
                    display,
                    1,
                    1,
                    f"cannot read the file as an XLSX workbook: {quote_token(reason, 80)}",
                )
            ]
        ) from None
    try:
        names = list(book.sheetnames)
        if sheet is None:
            if not names:
                raise InputError([Problem(display, 1, 1, "the workbook has no worksheets")])
            name = names[0]
        elif sheet in names:
            name = sheet
        else:
            known = ", ".join(quote_token(known) for known in names) or "none"
            raise InputError(
                [Problem(display, 1, 1, f"no worksheet {quote_token(sheet)} (sheets: {known})")]
            )
        rows = tuple(_rows(book[name], display, name))
    finally:
        book.close()
    return Worksheet(display, name, rows)


def _rows(worksheet: object, display: str, name: str) -> Iterator[tuple[int, tuple[str, ...]]]:
    reader = worksheet.iter_rows(min_row=1, min_col=1, values_only=True)  # type: ignore[attr-defined]
    for number, values in enumerate(reader, start=1):
        if number > MAX_ROWS:
            raise InputError(
                [Problem(display, number, 1, f"more than {MAX_ROWS:,} rows", sheet=name)]
            )
        cells = tuple(cell_text(value) for value in values[:MAX_COLUMNS])
        if any(values[MAX_COLUMNS:]):
            raise InputError(
                [
                    Problem(
                        display,
                        number,
                        MAX_COLUMNS + 1,
                        f"more than {MAX_COLUMNS} columns",
                        sheet=name,
                    )
                ]
            )
        while cells and not cells[-1]:
            cells = cells[:-1]
        if cells:
            yield number, cells


def cell_text(value: object) -> str:
    """A cell's stored value as a person would have typed it: 2 not 2.0, 0.1 not
    0.1000000000000000055511151231257827, a date as its month 2025-09."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        # The shortest text that reads back as the same double: what the person typed.
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, datetime.datetime | datetime.date):
        return f"{value.year:04d}-{value.month:02d}"
    return str(value).strip()
