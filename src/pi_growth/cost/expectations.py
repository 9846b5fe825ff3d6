"""Hold a costed plan to the assertions in its `expect:` block. Pure: a result in, verdicts out."""

from __future__ import annotations

import typing
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from pi_growth.cost.engine import CostResult, YearSummary
from pi_growth.models import Bound, Expectations
from pi_growth.money import round_money
from pi_growth.periods import format_financial_year

Location = tuple[str | int, ...]

# The kinds of assertion are the fields of `models.Expectations`, in its order: each field
# keyed by financial year holds exact counts or money bounds (`Bound`); `budgets_within`
# names budgets, each of which gives a verdict of kind BUDGET_KIND.
_YEAR_KEYED: dict[str, object] = {
    name: typing.get_args(info.annotation)[1]
    for name, info in Expectations.model_fields.items()
    if typing.get_origin(info.annotation) is dict
}
MONEY_KINDS: tuple[str, ...] = tuple(name for name, kind in _YEAR_KEYED.items() if kind is Bound)
COUNT_KINDS: tuple[str, ...] = tuple(name for name in _YEAR_KEYED if name not in MONEY_KINDS)
YEAR_KEYED_KINDS: tuple[str, ...] = tuple(_YEAR_KEYED)
BUDGET_KIND = "budget_within"
ExpectationKind = str  # one of YEAR_KEYED_KINDS, or BUDGET_KIND

# The words a report puts before the year, for each kind (a test holds this to the model).
SUBJECT_WORDS: dict[str, str] = {
    "posts": "posts at the end of",
    "posts_added": "posts added in",
    "in_year_cost": "in-year cost in",
    "full_year_effect": "full-year effect in",
    "growth_in_year_cost": "growth in-year cost in",
    "growth_full_year_effect": "growth full-year effect in",
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
        if self.kind == BUDGET_KIND:
            return f"budget {self.budget!r} within its amount"
        year = format_financial_year(self.year) if self.year is not None else ""
        return f"{SUBJECT_WORDS[self.kind]} {year}"


def evaluate_expectations(result: CostResult) -> tuple[ExpectationResult, ...]:
    """Every assertion of the scenario's `expect:` block, kind by kind in the order of
    `models.Expectations` (posts, posts added, the money figures, then budgets), and within a
    kind in the order the block lists its years or budget names (all budgets: as the scenario
    lists them). `check` reports its findings in file order whatever this order is."""
    expect = result.scenario.expect
    if expect is None:
        return ()
    by_year = {year.year: year for year in result.years}
    verdicts: list[ExpectationResult] = []
    for kind in YEAR_KEYED_KINDS:
        keyed: dict[int, int | Bound] = getattr(expect, kind)
        for year, expected in keyed.items():
            summary = by_year.get(year)
            if summary is None:  # outside the horizon: validation reports it
                continue
            location = ("expect", kind, format_financial_year(year))
            if isinstance(expected, Bound):
                actual = _money_figure(summary, kind)
                verdict = ExpectationResult(
                    kind=kind,
                    location=location,
                    met=_within_bound(actual, expected),
                    year=year,
                    at_least=expected.at_least,
                    at_most=expected.at_most,
                    actual_amount=actual,
                )
            else:
                count: int = getattr(summary, kind)  # posts, posts_added
                verdict = ExpectationResult(
                    kind=kind,
                    location=location,
                    met=count == expected,
                    year=year,
                    expected_count=expected,
                    actual_count=count,
                )
            verdicts.append(verdict)
    verdicts += _budget_verdicts(result)
    return tuple(verdicts)


def _money_figure(summary: YearSummary, kind: str) -> Decimal:
    # Each money kind is named for the YearSummary figure it bounds: `in_year_cost` bounds
    # `in_year`, `growth_full_year_effect` bounds `growth_full_year_effect`.
    costs = getattr(summary, kind.removesuffix("_cost"))
    total: Decimal = costs.total
    return total


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
                kind=BUDGET_KIND,
                location=location,
                met=budget.status == "within",
                budget=name,
                actual_status=budget.status,
                budget_variance=budget.variance,
            )
        )
    return verdicts
