"""The workbook a finance officer opens: one sheet per grid table, live totals, exact pence.

Every cell holds its own figure rounded to the penny, so the rounded parts of a total need not
add up to the engine's rounded total. Where they do not, a "Rounding" row (the engine's total
less the sum of the rounded parts, a constant) stands just above that Total row and inside its
SUM, so the formula recalculates to the engine's figure and the difference is in plain view.
"""

from __future__ import annotations

import datetime
import io
import re
from decimal import Decimal
from typing import Any

from pi_growth.money import round_money
from pi_growth.render import RenderError, RenderOptions, Report
from pi_growth.render.grid import (
    Cell,
    Column,
    Table,
    TotalGroup,
    build_table,
    exact_total,
    table_names,
    total_groups,
)

SHEET_NAMES = {
    "summary": "Summary",
    "budgets": "Budgets",
    "approvals": "Approvals",
    "bands": "By band",
    "teams": "By team",
    "monthly": "Monthly",
    "assumptions": "Assumptions",
    "reckoner": "Ready reckoner",
}
NUMBER_FORMATS = {
    "money": "£#,##0",
    "count": "#,##0",
    "fte": "#,##0.0#",
    "rate": "0.00%",
    "month": "mmm yyyy",
    "pence": "£#,##0.00",  # a rounding row: its figures are pence
}
ROUNDING_LABEL = "Rounding"
# A fixed creation time: identical inputs give byte-identical workbooks.
CREATED = datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)
_MAX_WIDTH = 60
FIRST_DATA_ROW = 1  # row 0 is the header, frozen
_MAX_ROWS = 1_048_576  # a worksheet's limit: XlsxWriter would drop further rows silently
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def render_cost(report: Report, options: RenderOptions) -> bytes:  # noqa: ARG001 - shared signature
    """Every table of the grid as a sheet of an XLSX workbook (the monthly one when computed)."""
    import xlsxwriter  # a core dependency, imported only when a workbook is asked for

    buffer = io.BytesIO()
    # constant_memory: each row goes to a temporary file as it is written (rows are written in
    # order), so a force-scale sheet never stands in memory; XlsxWriter stamps every part of
    # the zip with a fixed 1980 date, so the bytes stay reproducible. The strings_to_* options
    # off: text is only ever text (write_string is used as well).
    workbook = xlsxwriter.Workbook(
        buffer,
        {
            "constant_memory": True,
            "strings_to_numbers": False,
            "strings_to_formulas": False,
            "strings_to_urls": False,
        },
    )
    workbook.set_properties(
        {
            "title": report.result.scenario.name,
            "subject": "Workforce growth plan costed by pi-growth",
            "created": CREATED,
        }
    )
    formats = _Formats(workbook)
    for name in table_names(report):  # one table built at a time, dropped once written
        sheet = workbook.add_worksheet(SHEET_NAMES[name])
        rows = monthly_rows(report) if name == "monthly" else 0
        if rows > MAX_MONTHLY_SHEET_ROWS:
            sheet.write_string(0, 0, _monthly_refused(rows), formats.note)
            continue
        _SheetWriter(sheet, build_table(report, name), formats).write()
    workbook.close()
    return buffer.getvalue()


# The monthly sheet is written up to this many rows (a ten-year plan of about 1,000 lines);
# beyond, the sheet says to use the streamed CSV, so a force-scale workbook stays well under a
# minute and 1 GB (docs/limits.md).
MAX_MONTHLY_SHEET_ROWS = 100_000


def monthly_rows(report: Report) -> int:
    """How many rows the monthly table has, counted without building it."""
    monthly = report.result.monthly
    return 0 if monthly is None else len(monthly)


def _monthly_refused(rows: int) -> str:
    return (
        f"The monthly detail has {rows:,} rows, more than the {MAX_MONTHLY_SHEET_ROWS:,} this "
        "workbook holds (docs/limits.md): export it with pi-growth cost SCENARIO --format csv "
        "--table monthly, which streams any size."
    )


class _Formats:
    """XlsxWriter formats, made once each and in a fixed order (the bytes depend on it)."""

    def __init__(self, workbook: Any) -> None:
        self.workbook = workbook
        self.made: dict[tuple[str | None, bool, bool], Any] = {}
        self.header = workbook.add_format(
            {"bold": True, "bottom": 1, "text_wrap": True, "valign": "top"}
        )
        self.note = workbook.add_format({"italic": True, "font_color": "#595959"})
        self.made_rounding: dict[str | None, Any] = {}

    def cell(self, kind: str | None, *, bold: bool = False, total: bool = False) -> Any:
        key = (NUMBER_FORMATS.get(kind or ""), bold, total)
        if key not in self.made:
            properties: dict[str, Any] = {"valign": "top"}
            if key[0]:
                properties["num_format"] = key[0]
            if bold:
                properties["bold"] = True
            if total:
                properties["top"] = 1
            self.made[key] = self.workbook.add_format(properties)
        return self.made[key]

    def rounding(self, kind: str | None) -> Any:
        """A rounding row's cell: italic, and money shown to the penny (the figures are pence)."""
        if kind not in self.made_rounding:
            properties: dict[str, Any] = {"valign": "top", "italic": True}
            if kind == "money":
                properties["num_format"] = NUMBER_FORMATS["pence"]
            self.made_rounding[kind] = self.workbook.add_format(properties)
        return self.made_rounding[kind]


class _SheetWriter:
    """Writes one table on one sheet: header, data, totals rows, notes; then sizes columns.

    The inner loop runs once per cell (a million of them for a force-scale monthly sheet), so
    each column's format is looked up once, and the totals and widths are gathered on the way.
    """

    def __init__(self, sheet: Any, table: Table, formats: _Formats) -> None:
        self.sheet = sheet
        self.table = table
        self.formats = formats
        self.columns = [column for column in table.columns if not column.machine_only]
        self.positions = [table.columns.index(column) for column in self.columns]
        self.letters = {column.key: _column_letter(i) for i, column in enumerate(self.columns)}
        self.styles = [formats.cell(column.kind) for column in self.columns]
        self.widths = [len(column.title) for column in self.columns]
        self.largest = [0.0 for _ in self.columns]  # the largest magnitude, to size by
        self.groups = total_groups(table)
        # The sum of each summed column's cells as written (in pence), group by group: with
        # the rounding, what the totals row recalculates to.
        self.sums = {
            index: [Decimal(0) for _ in self.groups]
            for index, column in enumerate(self.columns)
            if column.summed
        }
        self.plan = list(enumerate(zip(self.columns, self.positions, self.styles, strict=True)))

    def write(self) -> None:
        sheet, table = self.sheet, self.table
        # At most a rounding row and a totals row per group, and three blank or header rows.
        if len(table.rows) + 2 * len(self.groups) + len(table.notes) + 3 > _MAX_ROWS:
            raise RenderError(
                f"the {table.name} table has {len(table.rows):,} rows, more than a worksheet "
                f"holds: export it with --format csv --table {table.name}"
            )
        for index, column in enumerate(self.columns):
            sheet.write_string(0, index, column.title, self.formats.header)
        # A table totalled by a column (by year) has each group's totals straight after its
        # rows, so a year's Total sits under that year; a grand total comes after a blank row.
        grouped = table.totals_by is not None
        runs = self.groups if grouped else [TotalGroup(None, 0, len(table.rows))]
        row = FIRST_DATA_ROW
        for number, run in enumerate(runs):
            first = row
            for offset in range(run.first, run.stop):
                self._data_row(row, table.rows[offset], number)
                row += 1
            if grouped:
                row = self._totals(number, run, first, row)
        if row > FIRST_DATA_ROW:
            sheet.autofilter(0, 0, row - 1, len(self.columns) - 1)
        if not grouped:
            last = row
            row += 1  # a blank row
            if self.groups:
                row = self._totals(0, self.groups[0], FIRST_DATA_ROW, last, at=row)
        for offset, note in enumerate(table.notes):
            sheet.write_string(row + 1 + offset, 0, note, self.formats.note)
        sheet.freeze_panes(FIRST_DATA_ROW, 0)
        for index, column in enumerate(self.columns):
            shown = len(_shown(-self.largest[index], column)) if self.largest[index] else 0
            width = max(self.widths[index], shown)
            sheet.set_column(index, index, min(width + 2, _MAX_WIDTH))

    def _data_row(self, sheet_row: int, row: tuple[Cell, ...], group: int) -> None:
        """One row of the table's data; its figures added to its group's sums."""
        for index, (column, position, style) in self.plan:
            written = self._cell(sheet_row, index, column, style, row[position])
            if isinstance(written, str):
                self.widths[index] = max(self.widths[index], len(written))
            elif written is not None:
                if index in self.sums:
                    self.sums[index][group] += written
                self.largest[index] = max(self.largest[index], abs(float(written)))

    def _cell(
        self, row: int, col: int, column: Column, style: Any, cell: Cell
    ) -> str | Decimal | int | None:
        """Write one cell: text as text, numbers as written (money in pence), or a formula with
        the engine's value cached. Returns what was written, for the totals and widths."""
        sheet = self.sheet
        if column.formula is not None and cell is not None:  # a blank stays blank
            formula = _PLACEHOLDER.sub(
                lambda match: f"{self.letters[match.group(1)]}{row + 1}", column.formula
            )
            value = _written(cell, column.kind)
            cached = value if isinstance(value, str) else _float(value)
            sheet.write_formula(row, col, f"={formula}", style, cached)
            return value
        if cell is None:
            sheet.write_blank(row, col, None, style)
            return None
        if isinstance(cell, str):
            text = column.words.get(cell, cell)
            sheet.write_string(row, col, text, self.formats.cell(None))  # never a formula
            return text
        if column.kind == "month":
            assert isinstance(cell, int)
            date = datetime.date(cell // 12, cell % 12 + 1, 1)
            sheet.write_datetime(row, col, date, style)
            return "Mmm yyyy"
        if column.kind == "value":  # assumptions: a Decimal there is a rate
            style = self.formats.cell("rate" if isinstance(cell, Decimal) else None)
        value = _written(cell, column.kind)
        assert not isinstance(value, str)
        sheet.write_number(row, col, _float(value), style)
        return value

    def _totals(
        self, number: int, group: TotalGroup, first: int, stop: int, *, at: int | None = None
    ) -> int:
        """A group's totals row (its data on sheet rows first..stop-1), a live SUM, with its
        rounding row above it when it needs one, from row `at` (default: `stop`); the row
        after them."""
        data = (first, stop)
        row = stop if at is None else at
        rounding = self._rounding(group, number)
        rounding_row = None
        if any(rounding.values()):
            rounding_row = row
            self._label_row(row, group, ROUNDING_LABEL, self.formats.rounding(None))
            for index, column in enumerate(self.columns):
                style = self.formats.rounding(column.kind)
                if index in rounding:
                    self.sheet.write_number(row, index, _float(rounding[index]), style)
                elif column.summed:  # counts and FTE are exact: nothing to round
                    self.sheet.write_blank(row, index, None, style)
            row += 1
        self._label_row(row, group, "Total", self.formats.cell(None, bold=True, total=True))
        for index, column in enumerate(self.columns):
            if column.summed:
                total = self.sums[index][number] + rounding.get(index, 0)
                self._sum(row, index, column, data, total, rounding_row=rounding_row)
        return row + 1

    def _rounding(self, group: TotalGroup, number: int) -> dict[int, Decimal]:
        """For each summed money column, the engine's rounded total less the sum of the
        rounded cells of the group (zero when they agree)."""
        return {
            index: round_money(Decimal(exact_total(self.table, column.key, group)))
            - self.sums[index][number]
            for index, column in enumerate(self.columns)
            if column.summed and column.kind == "money"
        }

    def _label_row(self, row: int, group: TotalGroup, label: str, style: Any) -> None:
        """A totals or rounding row's text: the group's value, the label, blanks elsewhere."""
        label_at = next(
            i for i, column in enumerate(self.columns) if column.key != self.table.totals_by
        )
        for index, column in enumerate(self.columns):
            if column.key == self.table.totals_by:
                self.sheet.write_string(row, index, group.value or "", style)
            elif index == label_at:
                self.sheet.write_string(row, index, label, style)
                self.widths[index] = max(self.widths[index], len(label))
            elif not column.summed:
                self.sheet.write_blank(row, index, None, style)

    def _sum(
        self,
        row: int,
        col: int,
        column: Column,
        data: tuple[int, int],
        total: Decimal,
        *,
        rounding_row: int | None,
    ) -> None:
        letter = self.letters[column.key]
        first, last = data[0] + 1, data[1]  # 1-based and inclusive, as formulas name rows
        cells = f"{letter}{first}:{letter}{last}"
        if rounding_row is not None:
            cells += f",{letter}{rounding_row + 1}"
        style = self.formats.cell(column.kind, bold=True, total=True)
        cached = int(total) if column.kind == "count" else float(total)
        self.sheet.write_formula(row, col, f"=SUM({cells})", style, cached)


def _written(cell: Cell, kind: str) -> str | Decimal | int:
    """A cell's value as the workbook holds it: money rounded to pence, the rest exact."""
    if cell is None:
        return 0
    if isinstance(cell, Decimal) and kind == "money":
        return round_money(cell)
    return cell


def _float(value: Decimal | int) -> float | int:
    """A number for XlsxWriter: exact for whole numbers, the nearest double otherwise."""
    return value if isinstance(value, int) else float(value)


def _shown(value: float, column: Column) -> str:
    """Roughly what a number displays as, to size its column."""
    if column.kind == "money":
        return f"£{value:,.0f}"
    if column.kind in ("fte", "rate", "value"):
        return f"{value:,.2f}"
    return f"{value:,.0f}"


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters
