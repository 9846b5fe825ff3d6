"""The result laid out once as named tables: every export renders these, so none can drift."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Literal

from pi_growth.cost.engine import (
    GroupYear,
)
from pi_growth.cost.establishment import posts_filled_in_march
from pi_growth.cost.governance import approvals, thresholds_of
from pi_growth.cost.ni_relief import relief_lines
from pi_growth.pay_awards import ORIGIN_WORDS, award_schedule, gap_message
from pi_growth.periods import format_financial_year
from pi_growth.render import Report
from pi_growth.render.grid_detail import (
    MONTHLY_COLUMNS,
    MONTHLY_WIDTHS,
    RECKONER_COLUMNS,
    MonthlyNotComputedError,
    monthly_parts,
    monthly_table,
    reckoner_basis,
    reckoner_table,
    reckoner_table_of,
)
from pi_growth.render.table import (
    YEAR_COLUMN,
    Batch,
    Cell,
    Column,
    Kind,
    Part,
    Table,
    TableStream,
    TotalGroup,
    exact_total,
    money_column,
    people_columns,
    people_text,
    total_groups,
    whole_rows,
)
from pi_growth.render.words import MEASURE_WORDS, SCOPE_WORDS

# The grid's vocabulary (render.table) and detail tables (render.grid_detail) are importable
# from here too, as they were before they had modules of their own.
__all__ = [
    "MONTHLY_COLUMNS",
    "MONTHLY_WIDTHS",
    "RECKONER_COLUMNS",
    "Batch",
    "Cell",
    "Column",
    "Kind",
    "MonthlyNotComputedError",
    "Part",
    "Table",
    "TableStream",
    "TotalGroup",
    "build_table",
    "build_tables",
    "exact_total",
    "monthly_parts",
    "monthly_table",
    "people_columns",
    "people_text",
    "reckoner_basis",
    "reckoner_table",
    "reckoner_table_of",
    "stream_table",
    "total_groups",
    "whole_rows",
]


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

ZERO = Decimal(0)
_YEAR = YEAR_COLUMN
_money = money_column

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
    filled = posts_filled_in_march(result.scenario)
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
    # Year by year, every band (or team) in every year, zeros included: a rectangle that
    # pivots cleanly, with each year's rows together so a spreadsheet totals them with SUM.
    # The breakdown is walked once (each name's years are worked out as it is read).
    rows_by_year: list[list[tuple[Cell, ...]]] = [[] for _ in result.years]
    for name, years in result.breakdown(by).items():
        for year_rows, summary in zip(rows_by_year, result.years, strict=True):
            year_rows.append(_group_row(summary.year, name, years.get(summary.year)))
    rows = [row for year_rows in rows_by_year for row in year_rows]
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
