"""The grid's detail tables: month by month (streamed a year at a time), and the ready
reckoner (one FTE's annual cost by band, point and component)."""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from typing import TYPE_CHECKING

from pi_growth.cost.engine import MonthEntry, MonthFigures
from pi_growth.periods import financial_year_of, format_financial_year
from pi_growth.render import Report
from pi_growth.render.money import rate_text
from pi_growth.render.table import (
    YEAR_COLUMN,
    Batch,
    Column,
    Part,
    Table,
    component_cells,
    component_columns,
    money_column,
)

if TYPE_CHECKING:
    from pi_growth.cost.reckoner import Reckoner


MONTHLY_COLUMNS = (
    Column("month", "Month", "month"),
    YEAR_COLUMN,
    Column("team", "Team", "text"),
    Column("band", "Band", "text"),
    Column("posts_filled", "Posts filled", "count"),
    Column("fte_filled", "FTE filled", "fte"),
    *component_columns(summed=True),
    money_column("total", "Total", summed=True),
)


class MonthlyNotComputedError(ValueError):
    """The monthly table was asked of a result costed without `monthly=True`."""


# A monthly row's parts: (month, year), (team, band), and (posts, FTE, components, total).
MONTHLY_WIDTHS = (2, 2, len(MONTHLY_COLUMNS) - 4)


def monthly_parts(report: Report) -> Iterator[Batch]:
    """The monthly table's rows as they are made, a year's at a time, each row in parts
    (MONTHLY_WIDTHS): the rows of a year in one month, in one team and band, or with the
    engine's shared figures share that part. Only one year's rows are held."""
    monthly = report.result.monthly
    if monthly is None:  # said now, not when the first row is read
        raise MonthlyNotComputedError("cost the scenario with monthly=True for the monthly table")
    return (_YearParts().rows(entries) for entries in monthly.by_year())


class _YearParts:
    """A year's row parts, each made once. The engine's (team, band) tuple is already a part;
    its figures tuples stand for theirs by id, as the year's rows keep them while being read."""

    def __init__(self) -> None:
        self.months: dict[int, Part] = {}
        self.figures: dict[int, Part] = {}

    def rows(self, entries: list[MonthEntry]) -> Batch:
        """Each row of the year in parts (MONTHLY_WIDTHS)."""
        month_part, figures_part = self.months.get, self.figures.get
        return [
            (
                month_part(month) or self._month(month),
                team_band,
                figures_part(id(shared)) or self._figures(shared),
            )
            for month, team_band, shared in entries
        ]

    def _month(self, month: int) -> Part:
        part = self.months[month] = (month, format_financial_year(financial_year_of(month)))
        return part

    def _figures(self, shared: MonthFigures) -> Part:
        posts, fte, costs = shared
        part = self.figures[id(shared)] = (posts, fte, *component_cells(costs))
        return part


def monthly_table(report: Report) -> Table:
    """Tidy detail: one row per month, team and band with posts filled and each cost component
    (after the vacancy factor); a year's rows sum to its in-year cost."""
    rows = tuple(
        month + team_band + figures
        for batch in monthly_parts(report)
        for month, team_band, figures in batch
    )
    return Table(
        "monthly",
        "Monthly",
        MONTHLY_COLUMNS,
        rows,
        notes=(
            "One row per month, team and band with any post filled; costs after the vacancy "
            "factor. Each year's rows add up to its in-year cost.",
        ),
        totals_by="year",
    )


RECKONER_COLUMNS = (
    Column("band", "Band", "text"),
    Column("point", "Point", "count"),
    YEAR_COLUMN,
    *component_columns(summed=False),
    money_column("total", "Total"),
)


def reckoner_table(report: Report) -> Table:
    """The ready reckoner of `pi-growth rates` over the scenario's horizon: one FTE all year."""
    from pi_growth.cost.reckoner import build_reckoner

    result = report.result
    return reckoner_table_of(build_reckoner(result.rates, result.scenario))


def reckoner_table_of(reckoner: Reckoner) -> Table:
    """The ready reckoner as a grid table (what `pi-growth rates` renders in every format)."""
    rows = tuple(
        (row.band, row.point, format_financial_year(row.year), *component_cells(row.annual))
        for row in reckoner.rows
    )
    return Table("reckoner", "Ready reckoner", RECKONER_COLUMNS, rows, (reckoner_basis(reckoner),))


def reckoner_basis(reckoner: Reckoner) -> str:
    """What every figure of the reckoner is: one FTE all year, at what prices and awards."""
    awards = ", ".join(
        f"{format_financial_year(year)} {rate_text(rate)}"
        for year, rate in sorted(reckoner.pay_awards.items())
    )
    month = calendar.month_name[reckoner.pay_award_month]
    return (
        "The annual cost of one FTE held all year (April to March) at each band and point; "
        f"price base {format_financial_year(reckoner.rates.price_base)} "
        "(rates in force on 1 April); "
        f"pay awards: {f'{awards}, each from 1 {month}' if awards else 'none'}."
    )
