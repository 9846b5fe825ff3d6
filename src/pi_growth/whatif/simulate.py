"""`simulate`: N sampled runs of a scenario, each costed exactly, and their spread (SPEC §9)."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from pi_growth.models import RateTable, Scenario
from pi_growth.whatif.lines import plan_lines
from pi_growth.whatif.model import WhatIf, prepare
from pi_growth.whatif.sampling import Draw, Sampler, delay_bounds, delay_range_of

PERCENTILES = (10, 50, 90)
FOUR_PLACES = Decimal("0.0001")
Progress = Callable[[int], None]  # called with the number of runs done so far


class NothingUncertainError(ValueError):
    """The scenario has no `uncertainty:` block, so every run would be the same."""


@dataclass(frozen=True, slots=True)
class Spread:
    """A figure over the runs: its exact value at P10, P50, P90 and the mean, and the run
    found at each percentile."""

    p10: Fraction
    p50: Fraction
    p90: Fraction
    mean: Fraction
    runs_at: tuple[int, int, int]  # the runs at P10, P50 and P90


@dataclass(frozen=True, slots=True)
class YearSpread:
    """A year's in-year cost and full-year effect over the runs."""

    year: int
    in_year: Spread
    full_year_effect: Spread


@dataclass(frozen=True, slots=True)
class BudgetSpread:
    """A budget's judged cost over the runs, and how often it is over its amount."""

    name: str
    amount: Decimal
    price_base: int | None
    cost: Spread
    outturn: Spread | None  # at outturn, beside a cost judged at a price base
    runs_over: int
    runs_total: int
    outturn_runs_over: int | None = None  # runs over at outturn, beside a price base

    @property
    def amount_exact(self) -> Fraction:
        """The amount as an exact figure."""
        return Fraction(self.amount)

    @property
    def probability_over(self) -> Decimal:
        """The exact share of runs over, rounded half up to 4 decimals."""
        return share(self.runs_over, self.runs_total)

    @property
    def outturn_probability_over(self) -> Decimal | None:
        """The share of runs over at outturn (a budget judged at a price base), 4 decimals."""
        if self.outturn_runs_over is None:
            return None
        return share(self.outturn_runs_over, self.runs_total)


def share(count: int, total: int) -> Decimal:
    """count / total exactly, rounded half up to 4 decimals."""
    return (Decimal(count) / Decimal(total)).quantize(FOUR_PLACES, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Simulation:
    """What `simulate` reports."""

    scenario: Scenario
    rates: RateTable
    runs: int
    seed: int
    years: tuple[YearSpread, ...]
    budgets: tuple[BudgetSpread, ...]
    # Each budget's judged cost in every run, in pounds, for the charts' histograms only.
    budget_samples: tuple[tuple[float, ...], ...] = ()


def prepare_simulation(scenario: Scenario, rates: RateTable) -> WhatIf:
    """Tabulate the scenario for its uncertainty ranges."""
    uncertainty = scenario.uncertainty
    if uncertainty is None:
        raise NothingUncertainError("the scenario has no uncertainty: block: every run is the same")
    delays = {}
    for line in plan_lines(scenario, rates):
        entry = delay_range_of(scenario, line)
        if entry is not None:
            delays[line.index] = delay_bounds(entry)
    ranges = {
        year: (Fraction(r.min), Fraction(r.max)) for year, r in uncertainty.pay_awards.items()
    }
    return prepare(scenario, rates, delays, ranges)


def run_values(whatif: WhatIf, draw: Draw) -> list[int]:
    """Every figure of one run, as integers over the evaluator's denominator."""
    evaluator = whatif.evaluator
    awards = {**whatif.awards, **draw.awards}
    vacancy = whatif.vacancy if draw.vacancy is None else draw.vacancy
    delays = [draw.delays.get(index, 0) for index in evaluator.variable]
    return evaluator.evaluate(delays, evaluator.uplifts(awards), vacancy)


def simulate(
    scenario: Scenario,
    rates: RateTable,
    runs: int = 10_000,
    seed: int = 0,
    progress: Progress | None = None,
) -> Simulation:
    """Cost `runs` sampled runs of the scenario exactly, and summarise each figure."""
    whatif = prepare_simulation(scenario, rates)
    sampler = Sampler(scenario, whatif.lines, seed)
    columns: list[list[int]] = [[] for _ in whatif.figures]
    appends = [column.append for column in columns]
    every = max(1, runs // 200)
    for run in range(1, runs + 1):
        for append, value in zip(appends, run_values(whatif, sampler.draw(run)), strict=True):
            append(value)
        if progress is not None and (run % every == 0 or run == runs):
            progress(run)
    return summarise(whatif, columns, runs, seed)


def summarise(whatif: WhatIf, columns: list[list[int]], runs: int, seed: int) -> Simulation:
    """Percentiles, means and shares over the runs' exact figures."""
    denominator = whatif.evaluator.denominator
    count = whatif.year_count
    years = tuple(
        YearSpread(
            year,
            spread(columns[index], denominator),
            spread(columns[count + index], denominator),
        )
        for index, year in enumerate(whatif.scenario.horizon)
    )
    budgets = []
    for index, budget in enumerate(whatif.scenario.budgets):
        judged = columns[whatif.budget_figure(index)]
        outturn = whatif.budget_figure(index, outturn=True)
        # Over when the cost in pence exceeds the amount in pence: cost > limit + 1/2 penny
        # (half up), that is 200 x value >= (2 x limit + 1) x denominator.
        limit = pence(Fraction(budget.amount))
        bar = (2 * limit + 1) * denominator
        over = sum(1 for value in judged if 200 * value >= bar)
        outturn_over = None
        if outturn >= 0:
            outturn_over = sum(1 for value in columns[outturn] if 200 * value >= bar)
        budgets.append(
            BudgetSpread(
                budget.name,
                budget.amount,
                whatif.figures[whatif.budget_figure(index)].price_base,
                spread(judged, denominator),
                spread(columns[outturn], denominator) if outturn >= 0 else None,
                over,
                runs,
                outturn_over,
            )
        )
    samples = tuple(
        tuple(value / denominator for value in columns[whatif.budget_figure(index)])
        for index in range(len(whatif.scenario.budgets))
    )
    return Simulation(whatif.scenario, whatif.rates, runs, seed, years, tuple(budgets), samples)


def spread(values: list[int], denominator: int) -> Spread:
    """P10, P50, P90 (the value at rank ceil(x/100 N), ties by run number) and the mean."""
    order = sorted(range(len(values)), key=values.__getitem__)  # stable: ties by run
    found = []
    for percentile in PERCENTILES:
        rank = math.ceil(Fraction(percentile, 100) * len(values))
        found.append(order[rank - 1])
    mean = Fraction(sum(values), len(values) * denominator)
    p10, p50, p90 = (Fraction(values[i], denominator) for i in found)
    return Spread(p10, p50, p90, mean, (found[0] + 1, found[1] + 1, found[2] + 1))


def pence(value: Fraction) -> int:
    """A money figure in whole pence, rounded half away from zero (SPEC §4)."""
    scaled = value * 100
    whole = (abs(scaled.numerator) * 2 + scaled.denominator) // (2 * scaled.denominator)
    return whole if scaled >= 0 else -whole
