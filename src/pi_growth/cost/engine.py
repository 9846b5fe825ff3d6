"""The costing engine (SPEC §4, §11): validated models in, a result structure out. Pure: no I/O.

Work grows with distinct lines x stretches of months, never with posts or months alone. A
post's monthly cost depends only on its *state* -- band, spinal point, financial year, how
many pay awards have landed, FTE and NI relief -- so each line is walked stretch by stretch
(`walk`), counting post-months per state in plain integers; each distinct state is priced
once, exactly (`pricing`). Lines that differ only in team and posts share a *pattern*, walked
and costed once per year; every figure is then an integer over one common denominator
(`ledger`), summed exactly and handed out as an exact amount, rounded only where a report
shows it (SPEC §4: each figure its exact value rounded once, half away from zero).

The modules, in the order a costing runs: walk (lines into stretches of states), pricing (a
state's price), ledger (exact sums: years, budgets, groups, breakdowns), monthly (the monthly
rows, made when read), results (what reports read), exact (exact money), costs (components).
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

from pi_growth.cost.costs import COMPONENTS, NO_COSTS, ZERO, Costs, sum_costs
from pi_growth.cost.ledger import Ledger
from pi_growth.cost.monthly import MonthlyDetail
from pi_growth.cost.pricing import Pricer, State, latest_entry, tier_rate
from pi_growth.cost.results import (
    BudgetResult,
    CostResult,
    GroupYear,
    MonthEntry,
    MonthFigures,
    MonthlyRows,
    MonthRow,
    YearSummary,
)
from pi_growth.cost.walk import GroupKey, LineKind, Pattern, Walk, Walker, line_plans
from pi_growth.models import RateTable, Scenario
from pi_growth.pay_awards import effective_pay_awards

# Digits for arithmetic on plain Decimals that must not round (sums of exact figures' digits
# in renderers): the engine's own figures are exact amounts (cost.exact) and need none.
PRECISION = 60
AGGREGATE_PRECISION = 2 * PRECISION

__all__ = [
    "AGGREGATE_PRECISION",
    "COMPONENTS",
    "NO_COSTS",
    "PRECISION",
    "ZERO",
    "BudgetResult",
    "CostResult",
    "Costs",
    "GroupYear",
    "LineKind",
    "MonthEntry",
    "MonthFigures",
    "MonthRow",
    "MonthlyRows",
    "Pricer",
    "ProfileMemo",
    "State",
    "YearSummary",
    "cost_scenario",
    "latest_entry",
    "paused_gc",
    "sum_costs",
    "tier_rate",
]


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cycle collector while building many small acyclic objects: it would find
    nothing to free, and at force scale its repeated scans of them cost a fifth to a third of
    the time and grow faster than the work (benchmarks/run.py)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


# What one post of each pattern does, year by year (its walk through the horizon), kept by a
# caller across runs; see `cost_scenario`'s `profiles`.
ProfileMemo = dict[Pattern, Walk]


def cost_scenario(
    scenario: Scenario,
    rates: RateTable,
    *,
    monthly: bool = False,
    profiles: ProfileMemo | None = None,
) -> CostResult:
    """Cost a validated scenario against its rate table (see `load.validation.cross_check`).

    `profiles`, a memo the caller keeps, lets runs share each kind of post's walk through the
    horizon: give the same dict only to runs with the same horizon, assumptions and pricing of
    their bands (a comparison costs several mixtures of two scenarios)."""
    with paused_gc():
        pay_award_month = scenario.assumptions.pay_award_month or rates.pay_award_month
        # The rate table's award history, the scenario's assumptions and `later` (SPEC §8).
        pricer = Pricer(rates, effective_pay_awards(scenario, rates), pay_award_month)
        # group -> pattern -> posts, counted in integers: pricing then runs once per state,
        # and arithmetic once per pattern and year, never per line, post or month.
        posts_by_group: dict[GroupKey, dict[Pattern, int]] = {}
        walker = Walker(pricer, scenario.horizon)
        memo: ProfileMemo = {} if profiles is None else profiles
        walks: dict[Pattern, Walk] = {}
        for plan in line_plans(scenario, rates):
            pattern = plan.pattern
            by_pattern = posts_by_group.setdefault(plan.group, {})
            by_pattern[pattern] = by_pattern.get(pattern, 0) + plan.posts
            if pattern not in walks:
                walk = memo.get(pattern)
                if walk is None:
                    walk = memo[pattern] = walker.walk(plan)
                walks[pattern] = walk
        ledger = Ledger(scenario, pricer, walks, posts_by_group, tuple(rates.bands))
        rows = None
        if monthly:
            detail = MonthlyDetail(ledger, walks)
            rows = MonthlyRows(detail.year_rows, len(scenario.horizon))
        result = CostResult(
            scenario=scenario,
            rates=rates,
            pay_award_month=pay_award_month,
            years=ledger.years(),
            budgets=ledger.budgets(),
            monthly=rows,
            ledger=ledger,
        )
    if any(budget.price_base is not None for budget in scenario.budgets):
        # Envelopes judged at their own price base (SPEC §8): a transformation of the inputs
        # costed by this same engine.
        from pi_growth.cost.price_basis import with_price_bases  # noqa: PLC0415 - a cycle

        result = with_price_bases(result)
    return result
