"""The terminal report: what a finance officer wants on one screen, at the terminal's width
(80 columns and up: tables that do not fit take short headings, then split; render.fit)."""

from __future__ import annotations

import calendar
from decimal import Decimal

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from pi_growth.cost.engine import BudgetResult, CostResult
from pi_growth.cost.expectations import evaluate_expectations
from pi_growth.cost.governance import Approval, approvals, needs_text
from pi_growth.cost.ni_relief import relief_lines
from pi_growth.pay_awards import ORIGIN_WORDS, award_schedule, gap_message
from pi_growth.periods import format_financial_year
from pi_growth.render import RenderOptions, Report
from pi_growth.render.approvals import plan_approval_sentence
from pi_growth.render.expectations import expectations_table
from pi_growth.render.fit import FitColumn, fit_tables, needed_width
from pi_growth.render.money import pounds, rate_text
from pi_growth.render.terminal import render_to_text, titled_table
from pi_growth.render.words import MEASURE_WORDS, SCOPE_WORDS, years_text

ROUNDED_TO = {"pounds": "the pound", "thousands": "£100", "millions": "£10,000"}


def render_cost(report: Report, options: RenderOptions) -> str:
    """The cost report as text for a terminal (with colour when `options.color`)."""
    return render_to_text(cost_report(report, options.units, options.width), options)


def cost_report(report: Report, units: str = "pounds", width: int = 100) -> RenderableType:
    """Every part of the report, top to bottom, its tables fitted to `width`."""
    result = report.result
    parts: list[RenderableType] = [
        Text(result.scenario.name, style="bold"),
        Text(
            f"{report.scenario_file} · rates: {result.rates.name} ({report.rates_file})",
            style="dim",
        ),
        Text(),
        *_years_table(result, units, width),
    ]
    relieved = _ni_relieved_text(result, units)
    if relieved is not None:
        parts.append(relieved)
    # Each table ends with a blank line of its own, which separates it from the next.
    governance = approvals(result)
    if result.budgets:
        parts += _budgets_table(result.budgets, governance.budgets, units, width)
    if any(budget.price_base is not None for budget in result.budgets):
        parts += _price_basis_tables(result.budgets, units, width)
    sentence = plan_approval_sentence(report, units)
    if sentence is not None:
        parts += [Text(sentence, style="bold" if governance.plan.threshold else ""), Text()]
    verdicts = evaluate_expectations(result)
    if verdicts:
        parts.append(expectations_table(verdicts))
    parts += _breakdown_table(result, "band", units, width)
    parts += _breakdown_table(result, "team", units, width)
    parts.append(_assumptions_table(report))
    parts.append(
        Text(
            "In-year cost: months filled, after the vacancy factor. "
            "Full-year effect: 12 × the March "
            "cost of every established post, counted as filled. Figures are rounded to "
            f"{ROUNDED_TO[units]} on their own, so totals may differ from the sum of rounded "
            "parts.",
            style="dim",
        )
    )
    return Group(*parts)


def _years_table(result: CostResult, units: str, width: int) -> list[Table]:
    columns = [
        FitColumn("Year", key=True),
        FitColumn("Posts", justify="right"),
        FitColumn("Added", justify="right"),
        FitColumn("In-year cost", "In-year", justify="right"),
        FitColumn("Full-year effect", "FYE", justify="right"),
        FitColumn("Growth in-year", justify="right"),
        FitColumn("Growth FYE", justify="right"),
    ]
    rows = [
        (
            format_financial_year(year.year),
            str(year.posts),
            f"+{year.posts_added}" if year.posts_added else "0",
            pounds(year.in_year.total, units),
            pounds(year.full_year_effect.total, units),
            pounds(year.growth_in_year.total, units),
            pounds(year.growth_full_year_effect.total, units),
        )
        for year in result.years
    ]
    return fit_tables("By financial year", columns, rows, width)


def _ni_relieved_text(result: CostResult, units: str) -> Text | None:
    """Employer NI relieved per year (SPEC §11), under the years table it is part of; None
    when no line is relieved."""
    if not relief_lines(result.scenario):
        return None
    figures = " · ".join(
        f"{format_financial_year(year.year)} {pounds(year.ni_relieved, units)}"
        for year in result.years
    )
    return Text(
        f"NI relieved (under-21s and apprentices): {figures}\n",
        style="dim",
    )


def _budgets_table(
    budgets: tuple[BudgetResult, ...], approvals: tuple[Approval, ...], units: str, width: int
) -> list[Table]:
    """Each envelope: its name over what it is held against, its years, amount, cost and
    headroom. Too wide, the years join the name's second line rather than squeeze it."""
    names, years, figures = [], [], []
    for budget, approval in zip(budgets, approvals, strict=True):
        basis = f"{MEASURE_WORDS[budget.measure]} of {SCOPE_WORDS[budget.scope]}"
        if budget.price_base is not None:
            basis += f" · at {format_financial_year(budget.price_base)} prices"
        if budget.note:
            basis += f" · {budget.note}"
        names.append((budget.name, basis, approval))
        years.append(years_text(budget.years))
        over = budget.status == "over"
        figures.append(
            (
                pounds(budget.amount, units),
                pounds(budget.cost, units),
                pounds(budget.variance, units),
                Text("OVER", style="bold red") if over else Text("within", style="green"),
            )
        )
    money = [FitColumn(title, justify="right") for title in ("Amount", "Cost", "Headroom")]
    envelope = FitColumn("Envelope", key=True, wrap=True, min_width=24)
    wide_columns = [envelope, FitColumn("Years"), *money, FitColumn("Result")]
    wide_rows = [
        (_envelope_cell(*name), year, *figure)
        for name, year, figure in zip(names, years, figures, strict=True)
    ]
    if needed_width(wide_columns, wide_rows, range(len(wide_columns))) <= width:
        return fit_tables("Budget envelopes", wide_columns, wide_rows, width)
    narrow_rows = [
        (_envelope_cell(name, f"{year} · {basis}", approval), *figure)
        for (name, basis, approval), year, figure in zip(names, years, figures, strict=True)
    ]
    return fit_tables(
        "Budget envelopes", [envelope, *money, FitColumn("Result")], narrow_rows, width
    )


def _envelope_cell(name: str, basis: str, approval: Approval) -> Text:
    cell = Text.assemble(name, "\n", (basis, "dim"))
    if approval.threshold is not None:
        cell.append(f"\n{needs_text(approval.threshold)}", style="bold")
    return cell


def _price_basis_tables(
    budgets: tuple[BudgetResult, ...], units: str, width: int
) -> list[RenderableType]:
    """Each envelope with a price base: its cost at that base (as judged above), the price
    effects, and the outturn cost they add up to, with the outturn's headroom (SPEC §8)."""
    rows = []
    for budget in budgets:
        effects = budget.price_effects
        if budget.price_base is None or effects is None or budget.outturn_cost is None:
            continue
        over = budget.outturn_status == "over"
        rows.append(
            (
                budget.name,
                format_financial_year(budget.price_base),
                pounds(budget.cost, units),
                pounds(effects["pay_awards"], units),
                pounds(effects["on_costs"], units),
                pounds(budget.outturn_cost, units),
                pounds(budget.amount - budget.outturn_cost, units),
                Text("OVER", style="bold red") if over else Text("within", style="green"),
            )
        )
    columns = [
        FitColumn("Envelope", key=True, wrap=True, min_width=16),
        FitColumn("Base"),
        FitColumn("At base", justify="right"),
        FitColumn("+ Pay awards", "+ Pay", justify="right"),
        FitColumn("+ On-costs", justify="right"),
        FitColumn("= Outturn", justify="right"),
        FitColumn("Headroom", justify="right"),
        FitColumn("Result"),
    ]
    caption = Text(
        "At base: the cost at the prices the amount was set at (pay of that year before its "
        "award, that year's on-costs), as the envelope is judged. Outturn: at the pay and "
        "on-costs of its own years. Pay awards and on-costs (NI, pension rates) take one to "
        "the other.",
        style="dim",
    )
    title = "Like for like: from the envelope's price base to outturn"
    return [*fit_tables(title, columns, rows, width), caption, Text()]


def _breakdown_table(result: CostResult, by: str, units: str, width: int) -> list[Table]:
    last = result.years[-1].year
    breakdown = result.breakdown("band" if by == "band" else "team")
    title = f"By {by}: posts at each year end; costs in {format_financial_year(last)}"
    columns = [
        FitColumn(by.capitalize(), key=True, wrap=True, min_width=16),
        FitColumn("Posts", justify="right", wrap=True, min_width=16),
        FitColumn("In-year cost", "In-year", justify="right"),
        FitColumn("Full-year effect", "FYE", justify="right"),
    ]
    rows = []
    for name, years in breakdown.items():
        final = years.get(last)
        trajectory = " → ".join(
            str(years[year.year].posts if year.year in years else 0) for year in result.years
        )
        rows.append(
            (
                name,
                trajectory,
                pounds(final.in_year.total if final else Decimal(0), units),
                pounds(final.full_year_effect.total if final else Decimal(0), units),
            )
        )
    return fit_tables(title, columns, rows, width)


def _assumptions_table(report: Report) -> Table:
    result = report.result
    rates = result.rates
    assumptions = result.scenario.assumptions
    table = titled_table("Assumptions", show_header=False)
    table.add_column("What", no_wrap=True, style="bold")
    table.add_column("Value", overflow="fold")
    schedule = award_schedule(result.scenario, rates)
    awards = ", ".join(
        f"{format_financial_year(award.year)} {rate_text(award.rate)} "
        f"({ORIGIN_WORDS[award.origin]})"
        for award in schedule
        if award.origin != "missing"
    )
    month_name = calendar.month_name[result.pay_award_month]
    table.add_row("Rate table", f"{rates.name} ({report.rates_file})")
    table.add_row(
        "Price base", f"{format_financial_year(rates.price_base)} (rates in force on 1 April)"
    )
    table.add_row("Pay awards", f"{awards or 'none'}; each from 1 {month_name}")
    for award in schedule:
        if award.origin == "missing":
            table.add_row("WARNING", gap_message(award.year, rates))
    table.add_row("Vacancy factor", rate_text(assumptions.vacancy_factor))
    table.add_row(
        "Fill lag", f"{assumptions.fill_lag_months} months from the start of a line's year"
    )
    restructures = sorted(result.scenario.teams.items(), key=lambda item: item[1].in_year)
    if restructures:
        table.add_row(
            "Restructures",
            "; ".join(
                f"{team} → {change.becomes} in {format_financial_year(change.in_year)}"
                for team, change in restructures
            )
            + " (lines are reported under the team they name; see pi-growth org)",
        )
    for line in relief_lines(result.scenario):
        table.add_row("NI relief", f"{line.label}: {line.relief}")
    if rates.source:
        table.add_row("Source", rates.source)
    return table
