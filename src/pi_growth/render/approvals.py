"""The approvals grid table and the budgets table's approval columns (issue 13, SPEC §10)."""

from __future__ import annotations

from pi_growth.cost.engine import BudgetResult
from pi_growth.cost.governance import Approval, approvals, needs_text, thresholds_of
from pi_growth.periods import format_financial_year
from pi_growth.render import Report
from pi_growth.render.money import pounds
from pi_growth.render.table import Cell, Column, Table
from pi_growth.render.words import JUDGED_ON_WORDS, years_text


def approval_columns(report: Report) -> tuple[Column, ...]:
    """The approval a row needs: the body for machines, "needs DMPC approval" for people
    (left out of people's tables when nothing reaches a threshold), and the threshold."""
    words = {t.body: needs_text(t) for t in thresholds_of(report.result.scenario)}
    return (
        Column("approval", "Approval", "text", optional=True, words=words),
        Column("approval_threshold", "Approval threshold", "money", machine_only=True),
    )


def approval_cells(approval: Approval) -> tuple[Cell, Cell]:
    """The cells of `approval_columns` for one approval."""
    threshold = approval.threshold
    return (threshold.body, threshold.amount) if threshold is not None else ("", None)


def approvals_table(report: Report) -> Table:
    """Who must approve: the plan (its total growth in-year cost over the horizon) and each
    envelope (its amount), each with the highest threshold it reaches. No rows when the
    scenario sets no thresholds."""
    result = report.result
    governance = approvals(result)
    rows: tuple[tuple[Cell, ...], ...] = ()
    if governance.thresholds:
        first, last = result.years[0].year, result.years[-1].year
        plan_years = (format_financial_year(first), format_financial_year(last))
        rows = tuple(
            (
                approval.subject,
                approval.name,
                approval.measure,
                *(plan_years if approval.subject == "plan" else _budget_years(budget)),
                approval.figure,
                *approval_cells(approval),
            )
            for approval, budget in zip(governance.all, (None, *result.budgets), strict=True)
        )
    approval, threshold = approval_columns(report)
    return Table(
        "approvals",
        "Approvals",
        (
            Column("subject", "What", "text", words={"plan": "Plan", "budget": "Envelope"}),
            Column("name", "Name", "text"),
            Column("measure", "Judged on", "text", words=JUDGED_ON_WORDS),
            Column("first_year", "From", "text"),
            Column("last_year", "To", "text"),
            Column("amount", "Amount", "money"),
            Column(approval.key, approval.title, "text", words=approval.words),
            Column(threshold.key, "Threshold", "money"),
        ),
        rows,
        notes=(
            "Each envelope is judged by its amount, and the plan by its total growth in-year "
            "cost over the horizon; each is flagged with the highest approval threshold it "
            "reaches (at or above). Information for the paper, not a failure.",
        ),
    )


def _budget_years(budget: BudgetResult | None) -> tuple[str, str]:
    assert budget is not None
    return format_financial_year(budget.years[0]), format_financial_year(budget.years[-1])


def plan_approval_sentence(report: Report, units: str = "pounds") -> str | None:
    """One sentence on the plan's approval, or None when the scenario sets no thresholds:
    ``The plan's total growth in-year cost over 2024/25–2026/27, £4,123,456, needs DMPC
    approval (£500,000 and over).``"""
    result = report.result
    governance = approvals(result)
    if not governance.thresholds:
        return None
    plan = governance.plan
    years = years_text(tuple(year.year for year in result.years))
    figure = f"The plan's total growth in-year cost over {years}, {pounds(plan.figure, units)},"
    if plan.threshold is None:
        lowest = governance.thresholds[-1]
        return (
            f"{figure} reaches no approval threshold (the lowest: {lowest.body} at "
            f"{pounds(lowest.amount)})."
        )
    return f"{figure} {needs_text(plan.threshold)} ({pounds(plan.threshold.amount)} and over)."
