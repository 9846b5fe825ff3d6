"""A rate table's bands from a ready reckoner, CSV or XLSX (`bands_file:`, SPEC §8).

One row per band, or per band and point: columns `band`, `point` (optional), `annual_cost`
(per FTE, at the table's price base) and `other` (optional). A band without points costs as
an `annual_cost` band; a band given by point becomes a `loaded` points band, which moves
along its points on increments as a pay spine does. Every problem is at its cell:
`reckoner.xlsx:Sheet1!C7: ...` or `reckoner.csv:7:12: ...`.
"""

from __future__ import annotations

import csv
import dataclasses
import io
from decimal import Decimal
from pathlib import Path
from typing import Any

from pi_growth.load.input_files import read_text
from pi_growth.load.references import ReferenceRefusedError, References, display_path
from pi_growth.load.spreadsheet import Worksheet, is_workbook, read_worksheet
from pi_growth.load.yaml_source import YamlDocument
from pi_growth.models import MAX_MONEY
from pi_growth.periods import parse_money
from pi_growth.problems import InputError, Problem, quote_token

COLUMNS = ("band", "point", "annual_cost", "other")
REQUIRED = ("band", "annual_cost")


@dataclasses.dataclass
class _Cells:
    """The reckoner's rows as text cells, and where each cell is."""

    file: str
    sheet: str
    rows: list[tuple[int, list[str], list[tuple[int, int]]]]  # line, cells, cell positions

    def problem(self, where: tuple[int, int], message: str) -> Problem:
        return Problem(self.file, where[0], where[1], message, sheet=self.sheet)


def read_bands(path: Path, display: str, sheet: str | None) -> tuple[dict[str, Any], list[Problem]]:
    """The bands a reckoner file defines (as rate-table data) and every problem found in it."""
    cells = (
        _from_workbook(read_worksheet(path, display, sheet))
        if is_workbook(path)
        else (_from_csv(read_text(path, display), display))
    )
    return _bands(cells)


def _from_workbook(worksheet: Worksheet) -> _Cells:
    rows = [
        (line, list(values), [(line, index + 1) for index in range(len(values))])
        for line, values in worksheet.rows
    ]
    return _Cells(worksheet.file, worksheet.sheet, rows)


def _from_csv(text: str, display: str) -> _Cells:
    rows = []
    try:
        for number, values in enumerate(csv.reader(io.StringIO(text.removeprefix("\ufeff"))), 1):
            if any(value.strip() for value in values):
                # One line per record (a reckoner has no multi-line cells): columns counted
                # as the text runs, so a problem names the cell's column.
                positions, column = [], 1
                for value in values:
                    positions.append((number, column))
                    column += len(value) + 1
                rows.append((number, values, positions))
    except csv.Error as error:
        raise InputError([Problem(display, 1, 1, f"cannot read as CSV: {error}")]) from None
    return _Cells(display, "", rows)


def _bands(cells: _Cells) -> tuple[dict[str, Any], list[Problem]]:
    problems: list[Problem] = []
    if not cells.rows:
        return {}, [cells.problem((1, 1), f"the reckoner is empty: expected {', '.join(COLUMNS)}")]
    (header_line, header, header_at), *rows = cells.rows
    names = ["_".join(cell.strip().lower().split()) for cell in header]
    problems += _header_problems(names, header_at, header_line, cells)
    if problems:
        return {}, problems
    flat: dict[str, dict[str, Any]] = {}
    by_point: dict[str, dict[int, tuple[Decimal, Decimal, tuple[int, int]]]] = {}
    first_seen: dict[str, tuple[int, int]] = {}
    for line, values, at in rows:
        row = {name: (values[i].strip() if i < len(values) else "") for i, name in enumerate(names)}
        where = {name: (at[i] if i < len(at) else (line, i + 1)) for i, name in enumerate(names)}
        band = row["band"]
        if not band:
            problems.append(cells.problem(where["band"], "band: empty; every row needs a band"))
            continue
        cost = _money(row, where, "annual_cost", cells, problems, required=True)
        other = _money(row, where, "other", cells, problems, required=False)
        point_text = row.get("point", "")
        where.setdefault("point", (line, 1))
        if cost is None or other is None:
            continue
        if point_text:
            if not point_text.isdigit() or int(point_text) < 1:
                problems.append(
                    cells.problem(
                        where["point"],
                        f"point: {quote_token(point_text)} is not a point (1, 2, 3, ...)",
                    )
                )
                continue
            point = int(point_text)
            if band in flat or point in by_point.get(band, {}):
                problems.append(
                    cells.problem(where["band"], f"band {quote_token(band)}: a second row for it")
                )
                continue
            by_point.setdefault(band, {})[point] = (cost, other, where.get("other", (line, 1)))
        else:
            if band in flat or band in by_point:
                problems.append(
                    cells.problem(where["band"], f"band {quote_token(band)}: a second row for it")
                )
                continue
            flat[band] = {"annual_cost": cost, "other": other}
        first_seen.setdefault(band, where["band"])
    bands: dict[str, Any] = dict(flat)
    for band, points in by_point.items():
        numbers = sorted(points)
        if numbers != list(range(1, len(numbers) + 1)):
            problems.append(
                cells.problem(
                    first_seen[band],
                    f"band {quote_token(band)}: points must run 1, 2, 3, ... with none missing "
                    f"(found {', '.join(str(number) for number in numbers)})",
                )
            )
            continue
        others = {points[number][1] for number in numbers}
        if len(others) > 1:
            problems.append(
                cells.problem(
                    points[numbers[-1]][2],
                    f"band {quote_token(band)}: other must be the same at every point",
                )
            )
            continue
        bands[band] = {
            "points": [points[number][0] for number in numbers],
            "loaded": True,
            "other": others.pop(),
        }
    return {name: bands[name] for name in first_seen if name in bands}, problems


def _header_problems(
    names: list[str], header_at: list[tuple[int, int]], header_line: int, cells: _Cells
) -> list[Problem]:
    problems: list[Problem] = []
    for index, name in enumerate(names):
        if name not in COLUMNS:
            problems.append(
                cells.problem(
                    header_at[index],
                    f"unknown column {quote_token(name)} (allowed: {', '.join(COLUMNS)})",
                )
            )
        elif name in names[:index]:
            problems.append(
                cells.problem(header_at[index], f"duplicate column {quote_token(name)}")
            )
    for required in REQUIRED:
        if required not in names:
            problems.append(
                cells.problem(
                    (header_line, 1),
                    f"missing required column {quote_token(required)} (a reckoner needs "
                    f"{', '.join(REQUIRED)})",
                )
            )
    return problems


def _money(
    row: dict[str, str],
    where: dict[str, tuple[int, int]],
    name: str,
    cells: _Cells,
    problems: list[Problem],
    *,
    required: bool,
) -> Decimal | None:
    text = row.get(name, "")
    if not text:
        if required:
            problems.append(cells.problem(where[name], f"{name}: empty; every row needs one"))
            return None
        return Decimal(0)
    try:
        value = parse_money(text)
    except ValueError as error:
        problems.append(cells.problem(where[name], f"{name}: {error}"))
        return None
    if not 0 <= value <= MAX_MONEY:
        problems.append(cells.problem(where[name], f"{name}: must be from 0 to {MAX_MONEY:,}"))
        return None
    return value


def with_bands_file(
    document: YamlDocument, rates_path: Path, references: References | None
) -> YamlDocument:
    """The rate table `document` with the bands its `bands_file` names added to its own;
    problems reading the file join the document's."""
    data = document.data
    if not isinstance(data, dict) or not isinstance(data.get("bands_file"), str):
        return document
    reference = str(data["bands_file"]).strip()
    sheet = data.get("sheet")
    problems = list(document.problems)
    rules = (
        dataclasses.replace(references, scenario_path=rates_path)
        if references is not None
        else References.for_scenario(rates_path)
    )
    try:
        path = rules.resolve(reference)
    except ReferenceRefusedError as refusal:
        problems.append(document.problem(("bands_file",), str(refusal)))
        return dataclasses.replace(document, problems=problems)
    if not path.is_file():
        problems.append(
            document.problem(
                ("bands_file",),
                f"cannot find the reckoner {quote_token(reference)} beside the table",
            )
        )
        return dataclasses.replace(document, problems=problems)
    try:
        bands, found = read_bands(
            path, display_path(path), sheet.strip() if isinstance(sheet, str) else None
        )
    except InputError as error:
        return dataclasses.replace(document, problems=[*problems, *error.problems])
    own = data.get("bands") or {}
    if not isinstance(own, dict):
        return dataclasses.replace(document, problems=[*problems, *found])
    for name in bands:
        if name in own:
            found.append(
                document.problem(
                    ("bands", name), f"band {quote_token(name)} is also in the reckoner {reference}"
                )
            )
    merged = {**data, "bands": {**own, **bands}}
    return dataclasses.replace(document, data=merged, problems=[*problems, *found])
