"""Who must approve: each envelope, and the plan, against the scenario's approval thresholds.

Pure: a costed result in, the highest threshold each reaches out. MOPAC's scheme of
delegation, for one, puts spending decisions of £500,000 and over with the Deputy Mayor for
Policing and Crime (DMPC). This is information for the reader, never a failure.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from pi_growth.cost.engine import BudgetResult, CostResult
from pi_growth.models import ApprovalThreshold, Scenario
from pi_growth.money import round_money


@dataclass(frozen=True)
class Approval:
    """Something that needs approval: what was judged, the figure, and the threshold reached."""

    subject: str  # "plan" or "budget"
    name: str  # the scenario's name, or the budget's
    measure: str  # what the figure is: PLAN_MEASURE or BUDGET_MEASURE
    figure: Decimal
    threshold: ApprovalThreshold | None  # the highest reached; None when none is


@dataclass(frozen=True)
class Approvals:
    """The plan's approval and each budget's, in scenario order."""

    thresholds: tuple[ApprovalThreshold, ...]
    plan: Approval
    budgets: tuple[Approval, ...]

    @property
    def all(self) -> tuple[Approval, ...]:
        """The plan first, then each budget."""
        return (self.plan, *self.budgets)


# What each is judged on, as a code for machines (render.words.JUDGED_ON_WORDS for people).
PLAN_MEASURE = "growth_in_year_cost"
BUDGET_MEASURE = "amount"


def thresholds_of(scenario: Scenario) -> tuple[ApprovalThreshold, ...]:
    """The scenario's thresholds, highest first (none without a `governance` block)."""
    if scenario.governance is None:
        return ()
    return tuple(
        sorted(scenario.governance.approval_thresholds, key=lambda t: t.amount, reverse=True)
    )


def highest_reached(
    figure: Decimal, thresholds: tuple[ApprovalThreshold, ...]
) -> ApprovalThreshold | None:
    """The highest threshold `figure` reaches (is at or above, in pence as reported), or None.
    `thresholds` are highest first, as `thresholds_of` gives them."""
    pence = round_money(figure)
    for threshold in thresholds:
        if pence >= round_money(threshold.amount):
            return threshold
    return None


def growth_in_year_total(result: CostResult) -> Decimal:
    """What the plan spends on its growth over the horizon: each year's growth in-year cost."""
    return sum((year.growth_in_year.total for year in result.years), Decimal(0))


def budget_approval(budget: BudgetResult, thresholds: tuple[ApprovalThreshold, ...]) -> Approval:
    """An envelope is judged by its amount: the decision is to commit that much."""
    return Approval(
        "budget",
        budget.name,
        BUDGET_MEASURE,
        budget.amount,
        highest_reached(budget.amount, thresholds),
    )


def approvals(result: CostResult) -> Approvals:
    """The plan's approval (its total growth in-year cost over the horizon) and each budget's."""
    thresholds = thresholds_of(result.scenario)
    total = growth_in_year_total(result)
    plan = Approval(
        "plan", result.scenario.name, PLAN_MEASURE, total, highest_reached(total, thresholds)
    )
    return Approvals(
        thresholds,
        plan,
        tuple(budget_approval(budget, thresholds) for budget in result.budgets),
    )


def needs_text(threshold: ApprovalThreshold | None) -> str:
    """``needs DMPC approval``, or the empty string when no threshold is reached."""
    return f"needs {threshold.body} approval" if threshold is not None else ""
