"""CSV for spreadsheets and analysts: one grid table per file, exact pence, never a formula."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from decimal import Decimal

from pi_growth.periods import format_month
from pi_growth.render import CostTable, RenderOptions, Report
from pi_growth.render.grid import (
    Cell,
    Column,
    Part,
    Table,
    TableStream,
    stream_table,
    whole_rows,
)
from pi_growth.render.money import plain

# OWASP CSV injection: a spreadsheet runs a cell starting with one of these as a formula.
_FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")
BYTE_ORDER_MARK = "\ufeff"
# Rows are written in chunks of this many: few writes, and little text held at once.
ROWS_PER_CHUNK = 4096


def render_cost(report: Report, options: RenderOptions) -> str:
    """The table `options.table` (default: summary) as CSV with a header row."""
    return "".join(stream_cost(report, options))


def stream_cost(report: Report, options: RenderOptions) -> Iterator[str]:
    """The text of `render_cost` in chunks, each row made as it is written: a force's monthly
    table (670,000 rows, 70 MB) is never held whole."""
    return stream_csv(stream_table(report, options.table or CostTable.summary))


def table_csv(table: Table) -> str:
    """A table as CSV: snake_case headers, plain numbers, UTF-8 text with a byte-order mark,
    LF line ends."""
    whole = TableStream(table.name, table.columns, (len(table.columns),), iter([whole_rows(table)]))
    return "".join(stream_csv(whole))


def stream_csv(table: TableStream) -> Iterator[str]:
    """A streamed table as CSV, in chunks of rows. Each distinct part of a batch is formatted
    once, and forgotten with its batch: memory follows a batch, not the table."""
    fields = _Fields()
    # A UTF-8 byte-order mark first: Excel opens a double-clicked CSV in the system's ANSI
    # code page without one, showing `£` as `Â£`; Python reads it with encoding="utf-8-sig".
    yield BYTE_ORDER_MARK + fields.line([column.key for column in table.columns]) + "\n"
    columns_of_parts: list[tuple[Column, ...]] = []
    start = 0
    for width in table.widths:
        columns_of_parts.append(table.columns[start : start + width])
        start += width
    assert start == len(table.columns), "a row's parts must cover its columns"
    for batch in table.batches:
        # A part's id -> its fields as CSV text. The batch holds every part of its rows, so
        # while it is written no id can pass to another object.
        known: dict[int, str] = {}
        text_of = known.get
        for first in range(0, len(batch), ROWS_PER_CHUNK):
            lines = []
            for parts in batch[first : first + ROWS_PER_CHUNK]:
                texts = [text_of(id(part)) for part in parts]
                if None in texts:  # a part not met before in this batch
                    texts = [
                        text_of(id(part)) or fields.remember(known, part, columns)
                        for part, columns in zip(parts, columns_of_parts, strict=True)
                    ]
                lines.append(",".join(texts))  # type: ignore[arg-type] # (None is gone)
            yield "\n".join(lines) + "\n"


class _Fields:
    """Cells as the csv module writes them within a row (quoted only where they need it)."""

    def __init__(self) -> None:
        self.buffer = io.StringIO()
        self.writer = csv.writer(self.buffer, lineterminator="\n")

    def remember(self, known: dict[int, str], part: Part, columns: tuple[Column, ...]) -> str:
        """A part's cells as CSV text, kept in `known` under the part's id."""
        cells = [csv_cell(column, cell) for column, cell in zip(columns, part, strict=True)]
        text = known[id(part)] = self.line(cells)
        return text

    def line(self, cells: list[str]) -> str:
        """The cells joined by commas, with no line end. An empty last field is added and cut
        off again: alone in a row the csv module writes an empty field as "" (never in ours)."""
        joined = ",".join(cells)
        # Nothing to quote (no comma, quote or line break in any cell): the writer would add
        # nothing either, so skip it. Otherwise it decides, as it always did.
        if (
            joined.count(",") == len(cells) - 1
            and '"' not in joined
            and "\r" not in joined
            and "\n" not in joined
        ):
            return joined
        self.buffer.seek(0)
        self.buffer.truncate()
        self.writer.writerow([*cells, ""])
        return self.buffer.getvalue()[:-2]


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
