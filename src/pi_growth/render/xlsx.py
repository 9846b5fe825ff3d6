"""The workbook a finance officer opens: one sheet per grid table, live totals, exact pence."""

from __future__ import annotations

import datetime
import io
import re
from decimal import Decimal
from typing import Any

from pi_growth.periods import round_money
from pi_growth.render import MissingExtraError, RenderOptions, Report
from pi_growth.render.grid import Cell, Column, Table, TotalGroup, build_tables, total_groups

SHEET_NAMES = {
    "summary": "Summary",
    "budgets": "Budgets",
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
}
# A fixed creation time: identical inputs give byte-identical workbooks.
CREATED = datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)
_MAX_WIDTH = 60
FIRST_DATA_ROW = 1  # row 0 is the header, frozen
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def render_cost(report: Report, options: RenderOptions) -> bytes:  # noqa: ARG001 - shared signature
    """Every table of the grid as a sheet of an XLSX workbook (the monthly one when computed)."""
    try:
        import xlsxwriter
    except ImportError:  # pragma: no cover - a core dependency; kept for broken installs
        raise MissingExtraError(
            "--format xlsx needs XlsxWriter: pip install 'pi-growth[xlsx]'"
        ) from None
    buffer = io.BytesIO()
    # in_memory: XlsxWriter then stamps every part of the zip with a fixed 1980 date. The
    # strings_to_* options off: text is only ever text (write_string is used as well).
    workbook = xlsxwriter.Workbook(
        buffer,
        {
            "in_memory": True,
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
    for table in build_tables(report):
        _SheetWriter(workbook.add_worksheet(SHEET_NAMES[table.name]), table, formats).write()
    workbook.close()
    return buffer.getvalue()


class _Formats:
    """XlsxWriter formats, made once each and in a fixed order (the bytes depend on it)."""

    def __init__(self, workbook: Any) -> None:
        self.workbook = workbook
        self.made: dict[tuple[str | None, bool, bool], Any] = {}
        self.header = workbook.add_format(
            {"bold": True, "bottom": 1, "text_wrap": True, "valign": "top"}
        )
        self.note = workbook.add_format({"italic": True, "font_color": "#595959"})

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


class _SheetWriter:
    """Writes one table on one sheet: header, data, totals rows, notes; then sizes columns."""

    def __init__(self, sheet: Any, table: Table, formats: _Formats) -> None:
        self.sheet = sheet
        self.table = table
        self.formats = formats
        self.columns = [column for column in table.columns if not column.machine_only]
        self.positions = [table.columns.index(column) for column in self.columns]
        self.letters = {column.key: _column_letter(i) for i, column in enumerate(self.columns)}
        self.widths = [len(column.title) for column in self.columns]

    def write(self) -> None:
        sheet, table = self.sheet, self.table
        for index, column in enumerate(self.columns):
            sheet.write_string(0, index, column.title, self.formats.header)
        for offset, row in enumerate(table.rows):
            for index, (column, position) in enumerate(
                zip(self.columns, self.positions, strict=True)
            ):
                shown = self._cell(FIRST_DATA_ROW + offset, index, column, row[position])
                self.widths[index] = max(self.widths[index], shown)
        if table.rows:
            sheet.autofilter(0, 0, len(table.rows), len(self.columns) - 1)
        next_row = self._totals()
        for offset, note in enumerate(table.notes):
            sheet.write_string(next_row + 1 + offset, 0, note, self.formats.note)
        sheet.freeze_panes(FIRST_DATA_ROW, 0)
        for index, width in enumerate(self.widths):
            sheet.set_column(index, index, min(width + 2, _MAX_WIDTH))

    def _cell(self, row: int, col: int, column: Column, cell: Cell) -> int:
        """Write one cell; how many characters wide it shows (for the column width)."""
        sheet, formats = self.sheet, self.formats
        if column.formula is not None:
            formula = _PLACEHOLDER.sub(
                lambda match: f"{self.letters[match.group(1)]}{row + 1}", column.formula
            )
            cached = cell if isinstance(cell, str) else _number(cell, column.kind)
            sheet.write_formula(row, col, f"={formula}", formats.cell(column.kind), cached)
            return len(_shown(cached, column))
        if cell is None:
            sheet.write_blank(row, col, None, formats.cell(column.kind))
            return 0
        if isinstance(cell, str):
            text = column.words.get(cell, cell)
            sheet.write_string(row, col, text, formats.cell(None))  # never a formula
            return len(text)
        if column.kind == "month":
            assert isinstance(cell, int)
            date = datetime.date(cell // 12, cell % 12 + 1, 1)
            sheet.write_datetime(row, col, date, formats.cell("month"))
            return 8
        kind: str | None = column.kind
        if kind == "value":  # assumptions: a Decimal there is a rate
            kind = "rate" if isinstance(cell, Decimal) else None
        number = _number(cell, column.kind)
        sheet.write_number(row, col, number, formats.cell(kind))
        return len(_shown(number, column))

    def _totals(self) -> int:
        """Totals rows under the data (after a blank row), each a live SUM; the row after."""
        groups = total_groups(self.table)
        if not groups:
            return len(self.table.rows) + 1
        first_total = FIRST_DATA_ROW + len(self.table.rows) + 1
        label_at = next(
            i for i, column in enumerate(self.columns) if column.key != self.table.totals_by
        )
        bold = self.formats.cell(None, bold=True, total=True)
        for offset, group in enumerate(groups):
            row = first_total + offset
            for index, column in enumerate(self.columns):
                if column.summed:
                    self._sum(row, index, column, group)
                elif column.key == self.table.totals_by:
                    self.sheet.write_string(row, index, group.value or "", bold)
                elif index == label_at:
                    self.sheet.write_string(row, index, "Total", bold)
                else:
                    self.sheet.write_blank(row, index, None, bold)
        return first_total + len(groups)

    def _sum(self, row: int, col: int, column: Column, group: TotalGroup) -> None:
        letter = self.letters[column.key]
        first = FIRST_DATA_ROW + group.first + 1  # 1-based, as formulas name rows
        last = FIRST_DATA_ROW + group.stop
        # Cached: what the spreadsheet computes, the sum of the cells as written (each already
        # in pence), so a file read without recalculation agrees with one recalculated.
        position = self.table.index(column.key)
        cells = [self.table.rows[index][position] for index in range(group.first, group.stop)]
        exact = sum((Decimal(repr(_number(cell, column.kind))) for cell in cells), Decimal(0))
        cached = int(exact) if column.kind == "count" else float(exact)
        style = self.formats.cell(column.kind, bold=True, total=True)
        sheet_formula = f"=SUM({letter}{first}:{letter}{last})"
        self.sheet.write_formula(row, col, sheet_formula, style, cached)


def _number(cell: Cell, kind: str) -> float | int:
    """A numeric cell as written: money rounded to pence (exact to 15 significant digits)."""
    if cell is None:
        return 0
    if isinstance(cell, int):
        return cell
    assert isinstance(cell, Decimal)
    return float(round_money(cell)) if kind == "money" else float(cell)


def _shown(value: float | int | str, column: Column) -> str:
    """Roughly what the cell displays, to size its column."""
    if isinstance(value, str):
        return value
    if column.kind == "money":
        return f"£{value:,.0f}"
    if column.kind in ("fte", "rate"):
        return f"{value:,.2f}"
    return f"{value:,}"


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters
