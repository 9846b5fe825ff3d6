"""The grid's vocabulary: a table's columns, cells and rows, and how people's formats read
them. Every table of the grid (render.grid) and every format that lays one out uses these."""

from __future__ import annotations

import decimal
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from pi_growth.cost.costs import COMPONENT_TITLES, COMPONENTS, Costs
from pi_growth.cost.engine import AGGREGATE_PRECISION
from pi_growth.periods import format_month
from pi_growth.render.money import pounds, rate_text

# How a column's cells are written. `money` cells hold exact Decimals, rounded to pence (or
# to the units a person asked for) only by the renderer; `value` cells (assumptions) are text,
# a whole number, or a Decimal rate.
Kind = Literal["text", "month", "count", "fte", "money", "rate", "value"]
Cell = str | int | Decimal | None
# A run of a row's cells, in column order. A streamed row is a few parts whose cells, joined,
# are the row's; rows that share a part hold the same tuple (see TableStream).
Part = tuple[Cell, ...]
Batch = list[tuple[Part, ...]]

ZERO = Decimal(0)


@dataclass(frozen=True)
class Column:
    """One column: its stable machine name, its heading for people, and how it is written."""

    key: str  # snake_case: the CSV header, and the name formulas refer to
    title: str  # the heading in Markdown and XLSX
    kind: Kind
    summed: bool = False  # totalled in the totals rows of people's formats
    # A spreadsheet formula over the same row, naming other columns in braces, such as
    # "{amount}-{cost}". The cell still carries the engine's value (the XLSX cached value).
    formula: str | None = None
    machine_only: bool = False  # a key for machines; people's formats leave it out
    # People's tables (terminal, Markdown) leave it out when every cell is zero: a cost
    # component no band has, such as a loaded cost.
    optional: bool = False
    # Words that people's formats show in place of a machine value (full_year_effect).
    words: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Table:
    """A named table: columns, rows of cells in column order, and notes for people."""

    name: str
    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    notes: tuple[str, ...] = ()
    # People's formats add totals rows for the `summed` columns: one "Total" row over all rows
    # when None, or one per value of this column (its rows are contiguous, in order).
    totals_by: str | None = None

    def index(self, key: str) -> int:
        """The position of the column named `key`."""
        for position, column in enumerate(self.columns):
            if column.key == key:
                return position
        raise KeyError(key)

    def column(self, key: str) -> list[Cell]:
        """Every cell of the column named `key`, top to bottom."""
        position = self.index(key)
        return [row[position] for row in self.rows]


@dataclass(frozen=True)
class TableStream:
    """A grid table for a format that writes rows as they are made (CSV), so a long one is
    never held whole: the same columns and cells as the Table of that name. Rows come in
    batches (a year's, for the monthly table), each row as parts of fixed widths; rows of a
    batch that share cells (the same month, team, or figures) share the part object itself,
    so a renderer can format each distinct part once a batch (a part object is only ever at
    one position of a row)."""

    name: str
    columns: tuple[Column, ...]
    widths: tuple[int, ...]  # the number of cells in each part of a row
    batches: Iterator[Batch]


@dataclass(frozen=True)
class TotalGroup:
    """A run of rows that a totals row sums: rows[first:stop], labelled by `value`."""

    value: str | None  # the `totals_by` value, or None for the grand total
    first: int
    stop: int


def people_columns(table: Table) -> tuple[Column, ...]:
    """The columns people's tables show: no machine keys, no optional column of zeros."""
    return tuple(
        column
        for position, column in enumerate(table.columns)
        if not column.machine_only
        and not (column.optional and not any(row[position] for row in table.rows))
    )


def people_text(column: Column, cell: Cell, units: str = "pounds") -> str:
    """One cell for people: money in the chosen units, rates as percentages, words for codes."""
    if cell is None:
        return ""
    if isinstance(cell, str):
        return column.words.get(cell, cell)
    if column.kind == "month":
        assert isinstance(cell, int)
        return format_month(cell)
    if isinstance(cell, int):
        return f"{cell:,}"
    if column.kind == "money":
        return pounds(cell, units)
    if column.kind in ("rate", "value"):
        return rate_text(cell)
    return f"{cell.normalize():,f}"


def total_groups(table: Table) -> list[TotalGroup]:
    """The totals rows a table gets in people's formats (none when nothing is summed)."""
    if not table.rows or not any(column.summed for column in table.columns):
        return []
    if table.totals_by is None:
        return [TotalGroup(None, 0, len(table.rows))]
    values = table.column(table.totals_by)
    groups: list[TotalGroup] = []
    for position, value in enumerate(values):
        if groups and groups[-1].value == value:
            groups[-1] = TotalGroup(groups[-1].value, groups[-1].first, position + 1)
        else:
            assert all(group.value != value for group in groups), "totals_by rows must be runs"
            groups.append(TotalGroup(str(value), position, position + 1))
    return groups


def exact_total(table: Table, key: str, group: TotalGroup) -> Decimal | int:
    """The exact sum of a column over a group's rows (empty cells count as zero): the engine's
    own figure for that total, as the engine sums its parts with as many digits."""
    position = table.index(key)
    cells = [table.rows[index][position] for index in range(group.first, group.stop)]
    if table.columns[position].kind == "count":
        return sum(cell for cell in cells if isinstance(cell, int))
    with decimal.localcontext() as context:
        context.prec = AGGREGATE_PRECISION
        return sum((cell for cell in cells if isinstance(cell, Decimal | int)), ZERO)


def whole_rows(table: Table) -> Batch:
    """A table's rows as one batch, each row one part."""
    return [(row,) for row in table.rows]


YEAR_COLUMN = Column("year", "Year", "text")


def money_column(key: str, title: str, *, summed: bool = False, optional: bool = False) -> Column:
    """A money column."""
    return Column(key, title, "money", summed=summed, optional=optional)


def component_columns(*, summed: bool) -> tuple[Column, ...]:
    """A money column per cost component, in the order they are declared (cost/costs.py)."""
    return tuple(
        money_column(name, COMPONENT_TITLES[name], summed=summed, optional=True)
        for name in COMPONENTS
    )


def component_cells(costs: Costs) -> tuple[Cell, ...]:
    """Each component of `costs`, then their total: the cells under component_columns."""
    return (*(getattr(costs, name) for name in COMPONENTS), costs.total)
