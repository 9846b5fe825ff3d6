"""Hold a costed plan to the assertions in its `expect:` block. Pure: a result in, verdicts out."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from pi_growth.engine import CostResult, YearSummary
from pi_growth.models import Bound
from pi_growth.periods import format_financial_year, round_money

Location = tuple[str | int, ...]
ExpectationKind = Literal[
    "posts",
    "posts_added",
    "in_year_cost",
    "full_year_effect",
    "growth_in_year_cost",
    "growth_full_year_effect",
    "budget_within",
]

# The money figures an expectation may bound, with the words a report uses for each.
MONEY_FIGURES: dict[str, str] = {
    "in_year_cost": "in-year cost",
    "full_year_effect": "full-year effect",
    "growth_in_year_cost": "growth in-year cost",
    "growth_full_year_effect": "growth full-year effect",
}
COUNT_FIGURES: dict[str, str] = {
    "posts": "posts at the end of",
    "posts_added": "posts added in",
}


@dataclass(frozen=True)
class ExpectationResult:
    """One assertion and whether the costed plan meets it.

    Exactly one family of fields is set, by `kind`: counts (`expected_count`,
    `actual_count`), money (`at_least`/`at_most`, `actual_amount`, compared in pence as
    reported), or a budget (`budget`, `actual_status`, `budget_variance`).
    """

    kind: ExpectationKind
    location: Location  # where it is written in the scenario, for FILE:LINE:COLUMN
    met: bool
    year: int | None = None
    budget: str | None = None
    expected_count: int | None = None
    actual_count: int | None = None
    at_least: Decimal | None = None
    at_most: Decimal | None = None
    actual_amount: Decimal | None = None
    actual_status: Literal["within", "over"] | None = None
    budget_variance: Decimal | None = None

    @property
    def subject(self) -> str:
        """What is asserted about, in words: ``posts at the end of 2024/25``."""
        if self.kind == "budget_within":
            return f"budget {self.budget!r} within its amount"
        year = format_financial_year(self.year) if self.year is not None else ""
        if self.kind in COUNT_FIGURES:
            return f"{COUNT_FIGURES[self.kind]} {year}"
        return f"{MONEY_FIGURES[self.kind]} in {year}"


def evaluate_expectations(result: CostResult) -> tuple[ExpectationResult, ...]:
    """Every assertion of the scenario's `expect:` block, in the order the block lists them."""
    expect = result.scenario.expect
    if expect is None:
        return ()
    by_year = {year.year: year for year in result.years}
    verdicts: list[ExpectationResult] = []
    for kind, expected_counts in (("posts", expect.posts), ("posts_added", expect.posts_added)):
        for year, expected in expected_counts.items():
            summary = by_year.get(year)
            if summary is None:  # outside the horizon: validation reports it
                continue
            count = summary.posts if kind == "posts" else summary.posts_added
            verdicts.append(
                ExpectationResult(
                    kind=kind,  # type: ignore[arg-type]
                    location=("expect", kind, format_financial_year(year)),
                    met=count == expected,
                    year=year,
                    expected_count=expected,
                    actual_count=count,
                )
            )
    for kind in MONEY_FIGURES:
        bounds: dict[int, Bound] = getattr(expect, kind)
        for year, bound in bounds.items():
            summary = by_year.get(year)
            if summary is None:
                continue
            actual = _figure(summary, kind)
            verdicts.append(
                ExpectationResult(
                    kind=kind,  # type: ignore[arg-type]
                    location=("expect", kind, format_financial_year(year)),
                    met=_within_bound(actual, bound),
                    year=year,
                    at_least=bound.at_least,
                    at_most=bound.at_most,
                    actual_amount=actual,
                )
            )
    verdicts += _budget_verdicts(result)
    return tuple(verdicts)


def _figure(summary: YearSummary, kind: str) -> Decimal:
    costs = {
        "in_year_cost": summary.in_year,
        "full_year_effect": summary.full_year_effect,
        "growth_in_year_cost": summary.growth_in_year,
        "growth_full_year_effect": summary.growth_full_year_effect,
    }[kind]
    return costs.total


def _within_bound(actual: Decimal, bound: Bound) -> bool:
    # Compared as reported (to the penny), so a figure shown as £7,000,000.00 meets
    # "at most £7m" even when its unrounded value is a fraction of a penny above.
    shown = round_money(actual)
    if bound.at_least is not None and shown < bound.at_least:
        return False
    return not (bound.at_most is not None and shown > bound.at_most)


def _budget_verdicts(result: CostResult) -> list[ExpectationResult]:
    expect = result.scenario.expect
    assert expect is not None
    budgets = {budget.name: budget for budget in result.budgets}
    wanted: list[tuple[str, Location]]
    if expect.budgets_within == "all":
        wanted = [(name, ("expect", "budgets_within")) for name in budgets]
    else:
        wanted = [
            (name, ("expect", "budgets_within", index))
            for index, name in enumerate(expect.budgets_within)
        ]
    verdicts = []
    for name, location in wanted:
        budget = budgets.get(name)
        if budget is None:  # an unknown name: validation reports it
            continue
        verdicts.append(
            ExpectationResult(
                kind="budget_within",
                location=location,
                met=budget.status == "within",
                budget=name,
                actual_status=budget.status,
                budget_variance=budget.variance,
            )
        )
    return verdicts
