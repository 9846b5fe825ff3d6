"""CSV for spreadsheets and analysts: one grid table per file, exact pence, never a formula."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from pi_growth.periods import format_month
from pi_growth.render import CostTable, RenderOptions, Report
from pi_growth.render.grid import Cell, Column, Table, build_table
from pi_growth.render.money import plain

# OWASP CSV injection: a spreadsheet runs a cell starting with one of these as a formula.
_FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")


def render_cost(report: Report, options: RenderOptions) -> str:
    """The table `options.table` (default: summary) as CSV with a header row."""
    return table_csv(build_table(report, options.table or CostTable.summary))


def table_csv(table: Table) -> str:
    """A table as CSV: snake_case headers, plain numbers, UTF-8 text, LF line ends."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([column.key for column in table.columns])
    for row in table.rows:
        writer.writerow(
            [csv_cell(column, cell) for column, cell in zip(table.columns, row, strict=True)]
        )
    return buffer.getvalue()


def csv_cell(column: Column, cell: Cell) -> str:
    """One cell as CSV text: money to exact pence, counts as integers, text neutralised."""
    if cell is None:
        return ""
    if isinstance(cell, str):
        return neutralise(cell)
    if column.kind == "month":
        assert isinstance(cell, int)
        return format_month(cell)
    if isinstance(cell, int):
        return str(cell)
    if column.kind == "money":
        return plain(cell)
    return exact(cell)


def exact(number: Decimal) -> str:
    """A Decimal as short, exact text with no exponent: 0.0475, 55.6, 100."""
    return f"{number.normalize():f}"


def neutralise(text: str) -> str:
    """Text a spreadsheet would run as a formula, made inert with a leading apostrophe."""
    return f"'{text}" if text.startswith(_FORMULA_TRIGGERS) else text
