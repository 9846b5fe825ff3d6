"""The result laid out once as named tables: every export renders these, so none can drift."""

from __future__ import annotations

import calendar
import decimal
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Literal

from pi_growth.cost.costs import COMPONENT_TITLES, COMPONENTS, Costs
from pi_growth.cost.engine import (
    AGGREGATE_PRECISION,
    CostResult,
    GroupYear,
    MonthEntry,
    MonthFigures,
)
from pi_growth.cost.governance import approvals, thresholds_of
from pi_growth.cost.ni_relief import relief_lines
from pi_growth.pay_awards import ORIGIN_WORDS, award_schedule, gap_message
from pi_growth.periods import financial_year_of, format_financial_year, format_month, last_month_of
from pi_growth.render import Report
from pi_growth.render.money import pounds, rate_text
from pi_growth.render.words import MEASURE_WORDS, SCOPE_WORDS

if TYPE_CHECKING:
    from pi_growth.cost.reckoner import Reckoner

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


# --- the tables --------------------------------------------------------------------------

ROUNDING_NOTE = (
    "Each figure is rounded on its own, so a total may differ from the sum of the rounded "
    "figures above it."
)
IN_YEAR_NOTE = "In-year cost: the months each post is filled, after the vacancy factor."
FYE_NOTE = (
    "Full-year effect (FYE): 12 × the March cost of every post in the establishment at the "
    "year end, each counted as filled."
)

_YEAR = Column("year", "Year", "text")


def _money(key: str, title: str, *, summed: bool = False, optional: bool = False) -> Column:
    return Column(key, title, "money", summed=summed, optional=optional)


SUMMARY_COLUMNS = (
    _YEAR,
    Column("posts", "Posts", "count"),
    Column("posts_added", "Added", "count", summed=True),
    Column("posts_filled", "Filled in March", "count"),
    Column("fte", "FTE", "fte"),
    _money("in_year_cost", "In-year cost", summed=True),
    _money("full_year_effect", "Full-year effect"),
    _money("growth_in_year_cost", "Growth in-year cost", summed=True),
    _money("growth_full_year_effect", "Growth full-year effect"),
    # Employer NI not paid thanks to reliefs (SPEC §11), already left out of the in-year cost.
    _money("ni_relieved", "NI relieved", summed=True, optional=True),
)


def summary_table(report: Report) -> Table:
    """One row per financial year: posts and the headline costs (SPEC §6 `years`)."""
    result = report.result
    filled = posts_filled_in_march(result)
    rows = tuple(
        (
            format_financial_year(year.year),
            year.posts,
            year.posts_added,
            filled[year.year],
            year.fte,
            year.in_year.total,
            year.full_year_effect.total,
            year.growth_in_year.total,
            year.growth_full_year_effect.total,
            year.ni_relieved,
        )
        for year in result.years
    )
    return Table(
        "summary",
        "By financial year",
        SUMMARY_COLUMNS,
        rows,
        notes=(
            "Posts: the establishment at the year end (31 March); filled in March: those of "
            "them filled that month. Growth figures cover the posts added from the first year "
            "on.",
            IN_YEAR_NOTE,
            FYE_NOTE,
            *((NI_RELIEVED_NOTE,) if any(year.ni_relieved for year in result.years) else ()),
        ),
    )


NI_RELIEVED_NOTE = (
    "NI relieved: employer NI not paid on under-21s and apprentices under 25 up to the Upper "
    "Secondary Threshold (see the assumptions), after the vacancy factor; the in-year cost "
    "already leaves it out."
)


def posts_filled_in_march(result: CostResult) -> dict[int, int]:
    """Posts filled in the March that ends each year: baseline posts, and growth posts whose
    fill month is no later and whose end (if any) no earlier."""

    scenario = result.scenario
    baseline = sum(line.posts for line in scenario.baseline)
    filled: dict[int, int] = {}
    for year in scenario.horizon:
        march = last_month_of(year)
        filled[year] = baseline + sum(
            line.posts
            for line in scenario.growth
            if scenario.fill_month(line) <= march and (line.end is None or line.end >= march)
        )
    return filled


BUDGET_COLUMNS: tuple[Column, ...] = (
    Column("name", "Envelope", "text"),
    Column("first_year", "From", "text"),
    Column("last_year", "To", "text"),
    Column("measure", "Measure", "text", words=MEASURE_WORDS),
    Column("scope", "Scope", "text", words=SCOPE_WORDS),
    _money("amount", "Amount"),
    _money("cost", "Cost"),
    Column("variance", "Headroom", "money", formula="{amount}-{cost}"),
    Column(
        "status",
        "Result",
        "text",
        formula='IF({cost}>{amount},"over","within")',
        words={"over": "OVER", "within": "within"},
    ),
    Column("note", "Status", "text"),
)


def budgets_table(report: Report) -> Table:
    """One row per budget envelope, in scenario order: its cost and headroom (SPEC §6), and the
    approval its amount needs (render.approvals)."""
    from pi_growth.render.approvals import approval_cells, approval_columns
    from pi_growth.render.price_bases import (
        PRICE_BASIS_COLUMNS,
        PRICE_BASIS_NOTE,
        price_basis_cells,
    )

    governance = approvals(report.result)
    rows = tuple(
        (
            budget.name,
            format_financial_year(budget.years[0]),
            format_financial_year(budget.years[-1]),
            budget.measure,
            budget.scope,
            budget.amount,
            budget.cost,
            budget.variance,
            budget.status,
            budget.note or "",
            *price_basis_cells(budget),
            *approval_cells(approval),
        )
        for budget, approval in zip(report.result.budgets, governance.budgets, strict=True)
    )
    return Table(
        "budgets",
        "Budget envelopes",
        (*BUDGET_COLUMNS, *PRICE_BASIS_COLUMNS, *approval_columns(report)),
        rows,
        notes=(
            "Headroom: amount less cost; a negative headroom is an overspend (result: over).",
            *(
                (PRICE_BASIS_NOTE,)
                if any(budget.price_base is not None for budget in report.result.budgets)
                else ()
            ),
            "Measure: the full-year effect of the envelope's posts at its last year, or their "
            "in-year cost summed over its years. Scope: the posts added in its years, all growth "
            "to its last year, or the whole establishment.",
        ),
    )


def _breakdown_columns(name: Column) -> tuple[Column, ...]:
    return (
        _YEAR,
        name,
        Column("posts", "Posts", "count", summed=True),
        Column("posts_added", "Added", "count", summed=True),
        Column("fte", "FTE", "fte", summed=True),
        _money("in_year_cost", "In-year cost", summed=True),
        _money("full_year_effect", "Full-year effect", summed=True),
    )


def _breakdown_table(report: Report, by: Literal["band", "team"]) -> Table:
    result = report.result
    breakdown = result.breakdown(by)
    rows: list[tuple[Cell, ...]] = []
    # Year by year, every band (or team) in every year, zeros included: a rectangle that
    # pivots cleanly, with each year's rows together so a spreadsheet totals them with SUM.
    for summary in result.years:
        for name, years in breakdown.items():
            group = years.get(summary.year)
            rows.append(_group_row(summary.year, name, group))
    title = "By band" if by == "band" else "By team"
    return Table(
        f"{by}s",
        title,
        _breakdown_columns(Column(by, by.capitalize(), "text")),
        tuple(rows),
        notes=(f"Posts at each year end, and their costs in that year, {by} by {by}.",),
        totals_by="year",
    )


def _group_row(year: int, name: str, group: GroupYear | None) -> tuple[Cell, ...]:
    if group is None:
        return (format_financial_year(year), name, 0, 0, ZERO, ZERO, ZERO)
    return (
        format_financial_year(year),
        name,
        group.posts,
        group.posts_added,
        group.fte,
        group.in_year.total,
        group.full_year_effect.total,
    )


def bands_table(report: Report) -> Table:
    """Posts and costs by pay band and year."""
    return _breakdown_table(report, "band")


def teams_table(report: Report) -> Table:
    """Posts and costs by team and year."""
    return _breakdown_table(report, "team")


def _component_columns(*, summed: bool) -> tuple[Column, ...]:
    return tuple(
        _money(name, COMPONENT_TITLES[name], summed=summed, optional=True) for name in COMPONENTS
    )


def _components(costs: Costs) -> tuple[Cell, ...]:
    return (*(getattr(costs, name) for name in COMPONENTS), costs.total)


MONTHLY_COLUMNS = (
    Column("month", "Month", "month"),
    _YEAR,
    Column("team", "Team", "text"),
    Column("band", "Band", "text"),
    Column("posts_filled", "Posts filled", "count"),
    Column("fte_filled", "FTE filled", "fte"),
    *_component_columns(summed=True),
    _money("total", "Total", summed=True),
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
        part = self.figures[id(shared)] = (posts, fte, *_components(costs))
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


ASSUMPTION_COLUMNS = (
    Column("item", "Item", "text", machine_only=True),
    Column("description", "Assumption", "text"),
    _YEAR,
    Column("value", "Value", "value"),
)


def assumptions_table(report: Report) -> Table:
    """What the figures rest on: the scenario, the rate table and the assumptions, one per row."""
    result = report.result
    scenario, rates = result.scenario, result.rates
    assumptions = scenario.assumptions
    rows: list[tuple[Cell, ...]] = [
        ("scenario", "Scenario", None, scenario.name),
        ("scenario_file", "Scenario file", None, report.scenario_file),
    ]
    if scenario.description:
        rows.append(("scenario_description", "Description", None, scenario.description))
    rows += [
        ("first_year", "First year", None, format_financial_year(scenario.first_year)),
        ("years", "Years costed", None, scenario.years),
        ("rate_table", "Rate table", None, rates.name),
        ("rate_table_file", "Rate table file", None, report.rates_file),
        ("price_base", "Price base (rates in force on 1 April)", None, _fy(rates.price_base)),
        ("pay_award_month", "Pay award month (1 = January)", None, result.pay_award_month),
    ]
    for award in award_schedule(scenario, rates):
        if award.origin == "missing":
            rows.append(
                (
                    "pay_award_gap",
                    f"WARNING: {gap_message(award.year, rates)}",
                    format_financial_year(award.year),
                    award.rate,
                )
            )
        else:
            description = f"Pay award ({ORIGIN_WORDS[award.origin]})"
            rows.append(("pay_award", description, format_financial_year(award.year), award.rate))
    rows += [
        ("vacancy_factor", "Vacancy factor", None, assumptions.vacancy_factor),
        ("fill_lag_months", "Fill lag (months)", None, assumptions.fill_lag_months),
    ]
    # Lines keep the team they name; a restructure is stated here (and drawn by `org`).
    rows += [
        (
            "team_restructure",
            "Team restructure",
            format_financial_year(change.in_year),
            f"{team} becomes {change.becomes}",
        )
        for team, change in sorted(scenario.teams.items(), key=lambda item: item[1].in_year)
    ]
    rows += [
        (
            "ni_relief",
            f"Employer NI relief: {line.label}",
            None if line.year_added is None else _fy(line.year_added),
            line.relief,
        )
        for line in relief_lines(scenario)
    ]
    if rates.source:
        rows.append(("rates_source", "Source of the rates", None, rates.source))
    return Table("assumptions", "Assumptions", ASSUMPTION_COLUMNS, tuple(rows))


def _fy(year: int) -> str:
    return format_financial_year(year)


RECKONER_COLUMNS = (
    Column("band", "Band", "text"),
    Column("point", "Point", "count"),
    _YEAR,
    *_component_columns(summed=False),
    _money("total", "Total"),
)


def reckoner_table(report: Report) -> Table:
    """The ready reckoner of `pi-growth rates` over the scenario's horizon: one FTE all year."""
    from pi_growth.cost.reckoner import build_reckoner

    result = report.result
    return reckoner_table_of(build_reckoner(result.rates, result.scenario))


def reckoner_table_of(reckoner: Reckoner) -> Table:
    """The ready reckoner as a grid table (what `pi-growth rates` renders in every format)."""
    rows = tuple(
        (row.band, row.point, format_financial_year(row.year), *_components(row.annual))
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
        f"price base {_fy(reckoner.rates.price_base)} (rates in force on 1 April); "
        f"pay awards: {f'{awards}, each from 1 {month}' if awards else 'none'}."
    )


def _approvals_table(report: Report) -> Table:
    from pi_growth.render.approvals import approvals_table

    return approvals_table(report)


# The tables in the order people's formats show them; their names are `--table`'s choices.
TABLE_BUILDERS: dict[str, Callable[[Report], Table]] = {
    "summary": summary_table,
    "budgets": budgets_table,
    "approvals": _approvals_table,
    "bands": bands_table,
    "teams": teams_table,
    "monthly": monthly_table,
    "assumptions": assumptions_table,
    "reckoner": reckoner_table,
}


def build_table(report: Report, name: str) -> Table:
    """One table of the grid by name (see TABLE_BUILDERS)."""
    return TABLE_BUILDERS[name](report)


def stream_table(report: Report, name: str) -> TableStream:
    """One table of the grid by name, its rows made as they are read: the monthly one from the
    engine's monthly detail in shared parts, any other built whole (each row one part)."""
    if name == "monthly":
        return TableStream(name, MONTHLY_COLUMNS, MONTHLY_WIDTHS, monthly_parts(report))
    table = build_table(report, name)
    return TableStream(name, table.columns, (len(table.columns),), iter([whole_rows(table)]))


def whole_rows(table: Table) -> Batch:
    """A table's rows as one batch, each row one part."""
    return [(row,) for row in table.rows]


def build_tables(report: Report, names: tuple[str, ...] | None = None) -> list[Table]:
    """Several tables in order: all of them by default, the monthly one when it was computed."""
    return [build_table(report, name) for name in names or table_names(report)]


def table_names(report: Report) -> tuple[str, ...]:
    """The tables of a full report, in order: the monthly one when it was computed."""
    return tuple(
        name
        for name in TABLE_BUILDERS
        if (name != "monthly" or report.result.monthly is not None)
        and (name != "approvals" or thresholds_of(report.result.scenario))
    )
