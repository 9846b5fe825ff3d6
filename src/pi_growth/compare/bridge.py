"""The bridge: a change in cost explained by driver, by sequential substitution. Pure.

Start from BASE, swap in HEAD's drivers one at a time in a fixed order, and cost every
intermediate scenario with the engine. Each step is the change from the scenario before it, so
the steps sum to the total change exactly, by construction. The order (see DRIVERS) and what
each driver covers:

1. volume -- posts and FTE of matched lines; lines added and removed (whole, as HEAD has
   them); team moves (which cost nothing).
2. mix -- band and entry point of matched lines.
3. timing -- year added, fill month (`start`) and end of matched lines.
3a. ni_relief -- employer NI category and relief end of matched lines (SPEC §11).
4. pay_and_rates -- pay awards, the pay-award month and the rate table.
5. other_assumptions -- vacancy factor and fill lag.
6. other -- the rest: the horizon, and changes to an envelope's own years, measure, scope or
   price base.
"""

from __future__ import annotations

import decimal
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from pi_growth.compare.line_matching import LineKind, LinePair, LineRef, lines_of
from pi_growth.compare.side import Side
from pi_growth.compare.state_figures import (
    Memos,
    PostKey,
    StateLines,
    count_posts,
    plain_budgets,
    post_key,
    state_figures,
)
from pi_growth.cost.engine import CostResult, cost_scenario
from pi_growth.models import Assumptions, Line, RateTable, Scenario

Driver = Literal[
    "volume", "mix", "timing", "ni_relief", "pay_and_rates", "other_assumptions", "other"
]
DRIVERS: tuple[Driver, ...] = (
    "volume",
    "mix",
    "timing",
    "ni_relief",
    "pay_and_rates",
    "other_assumptions",
    "other",
)
DRIVER_LABELS: dict[Driver, str] = {
    "volume": "Volume (posts)",
    "mix": "Mix (bands)",
    "timing": "Timing (fill months and ends)",
    "ni_relief": "NI reliefs (categories)",
    "pay_and_rates": "Pay and rates",
    "other_assumptions": "Other assumptions",
    "other": "Other changes",
}
DRIVER_COVERS: dict[Driver, str] = {
    "volume": "posts and FTE of matched lines; lines added or removed; team moves",
    "mix": "band and entry point of matched lines",
    "timing": "year added, start and end of matched lines",
    "ni_relief": "employer NI category and relief end of matched lines",
    "pay_and_rates": "pay awards, pay-award month, rate table",
    "other_assumptions": "vacancy factor, fill lag",
    "other": "horizon; an envelope's own years, measure, scope or price base",
}

# Which fields of a line each driver swaps in. `team` costs nothing; it moves with volume.
_LINE_FIELDS_BY_DRIVER: dict[Driver, tuple[str, ...]] = {
    "volume": ("team", "posts", "fte"),
    "mix": ("band", "point"),
    "timing": ("year", "start", "end"),
    "ni_relief": ("ni_category", "ni_relief_until"),
}

# Enough digits that subtracting two engine figures (60 significant digits) never rounds.
EXACT_PRECISION = 200

Measure = Literal["in_year_cost", "full_year_effect", "budget"]


@dataclass(frozen=True)
class BridgeStep:
    """One driver swapped in: the measure after it, and the change it made (both exact)."""

    driver: Driver
    value: Decimal
    change: Decimal


@dataclass(frozen=True)
class Bridge:
    """A measure's change from BASE to HEAD, explained by driver; the steps sum to it."""

    measure: Measure
    year: int | None
    budget: str | None
    base: Decimal
    head: Decimal
    steps: tuple[BridgeStep, ...]

    @property
    def total(self) -> Decimal:
        """HEAD less BASE, exactly."""
        with decimal.localcontext() as context:
            context.prec = EXACT_PRECISION
            return self.head - self.base


def _swap(line: Line, towards: Line, fields: Iterable[str]) -> Line:
    return line.model_copy(
        update={name: getattr(towards, name) for name in fields if name in type(line).model_fields}
    )


def _pricing_after(
    driver: Driver, base: Side, head: Side
) -> tuple[RateTable, Assumptions, Literal["base", "head"]]:
    """The rates and assumptions once `driver` and every driver before it are swapped in, and
    whose rate table they price by."""
    step = DRIVERS.index(driver)
    assumptions = base.scenario.assumptions
    if step < DRIVERS.index("pay_and_rates"):
        return supplemented(base.rates, head.rates), assumptions, "base"
    assumptions = assumptions.model_copy(
        update={
            "pay_awards": head.scenario.assumptions.pay_awards,
            "pay_award_month": head.scenario.assumptions.pay_award_month,
        }
    )
    if step >= DRIVERS.index("other_assumptions"):
        assumptions = head.scenario.assumptions
    return supplemented(head.rates, base.rates), assumptions, "head"


def _swapped(driver: Driver) -> set[str]:
    step = DRIVERS.index(driver)
    return {
        field for before in DRIVERS[: step + 1] for field in _LINE_FIELDS_BY_DRIVER.get(before, ())
    }


def _scenario_after(
    driver: Driver, base: Side, head: Side, pairs: list[LinePair], added: list[LineRef]
) -> Scenario:
    """The scenario once `driver` and every driver before it are swapped in from HEAD, whole
    (for the engine to cost when its envelopes need more than sums of posts)."""
    swapped = _swapped(driver)
    lines: dict[LineKind, list[tuple[int, Line]]] = {"baseline": [], "growth": []}
    for kind, i, j in pairs:
        old, new = lines_of(base.scenario, kind)[i], lines_of(head.scenario, kind)[j]
        lines[kind].append((j, old if old == new else _swap(old, new, swapped)))
    for kind, j in added:
        lines[kind].append((j, lines_of(head.scenario, kind)[j]))
    _, assumptions, _ = _pricing_after(driver, base, head)
    return base.scenario.model_copy(
        update={
            "baseline": [line for _, line in sorted(lines["baseline"], key=lambda item: item[0])],
            "growth": [line for _, line in sorted(lines["growth"], key=lambda item: item[0])],
            "assumptions": assumptions,
        }
    )


def _state_after(
    driver: Driver,
    base: Side,
    head: Side,
    pairs: list[LinePair],
    added: list[LineRef],
    *,
    memos: Memos,
) -> StateLines:
    """The scenario once `driver` and every driver before it are swapped in from HEAD, as the
    posts it has (`state_figures` costs them): matched lines with the swapped fields from
    HEAD, HEAD's added lines whole; BASE's removed lines are absent (they go in the volume
    step, as HEAD's added lines come)."""
    swapped = _swapped(driver)
    counted: list[tuple[PostKey, int]] = []
    examples: dict[PostKey, Line] = {}
    for kind, i, j in pairs:
        old, new = lines_of(base.scenario, kind)[i], lines_of(head.scenario, kind)[j]
        values = {
            name: getattr(new if name in swapped else old, name) for name in type(old).model_fields
        }
        key = post_key(kind, values)
        if key not in examples:
            examples[key] = old if old == new else _swap(old, new, swapped)
        counted.append((key, values["posts"]))
    for kind, j in added:
        line = lines_of(head.scenario, kind)[j]
        key = post_key(kind, line)
        examples.setdefault(key, line)
        counted.append((key, line.posts))
    rates, assumptions, side = _pricing_after(driver, base, head)
    memo = memos.get(side, assumptions, base.scenario)
    return StateLines(count_posts(counted), examples, rates, assumptions, memo)


def _moves(
    driver: Driver,
    base: Side,
    head: Side,
    *,
    pairs: list[LinePair],
    removed: list[LineRef],
    added: list[LineRef],
) -> bool:
    """Whether swapping in `driver` changes the scenario at all (if not, it costs the same as
    the step before, and need not be costed again)."""
    old, new = base.scenario, head.scenario
    if driver in _LINE_FIELDS_BY_DRIVER:
        if driver == "volume" and (removed or added):
            return True
        fields = _LINE_FIELDS_BY_DRIVER[driver]
        return any(
            getattr(lines_of(old, kind)[i], name, None)
            != getattr(lines_of(new, kind)[j], name, None)
            for kind, i, j in pairs
            for name in fields
        )
    if driver == "pay_and_rates":
        return (
            base.rates != head.rates
            or old.assumptions.pay_awards != new.assumptions.pay_awards
            or old.assumptions.pay_award_month != new.assumptions.pay_award_month
        )
    return (
        old.assumptions.vacancy_factor != new.assumptions.vacancy_factor
        or old.assumptions.fill_lag_months != new.assumptions.fill_lag_months
    )


@dataclass(frozen=True)
class Figures:
    """The figures a bridge follows, taken from one costed scenario (the rest is let go, so a
    force-scale comparison does not hold seven full results at once)."""

    in_year_cost: dict[int, Decimal]
    full_year_effect: dict[int, Decimal]
    budgets: dict[str, Decimal]


def figures_of(result: CostResult) -> Figures:
    """The figures a bridge follows, from one costed scenario."""
    return Figures(
        in_year_cost={year.year: year.in_year.total for year in result.years},
        full_year_effect={year.year: year.full_year_effect.total for year in result.years},
        budgets={budget.name: budget.cost for budget in result.budgets},
    )


def intermediate_figures(
    base: Side,
    head: Side,
    base_figures: Figures,
    *,
    pairs: list[LinePair],
    removed: list[LineRef],
    added: list[LineRef],
    memos: Memos | None = None,
) -> list[Figures] | None:
    """The figures after each driver but the last (`other`, which ends at HEAD itself); None
    if a state cannot be costed (the bridge then puts the whole change under `other`). A
    driver that changes nothing keeps the figures before it; the others are costed together,
    post by post (`state_figures`), or by the engine in full when an envelope needs it.
    `memos`: what the sides' own costing found (compare.diff), so no post is priced twice."""
    memos = memos if memos is not None else Memos()
    moving = [
        driver
        for driver in DRIVERS[:-1]
        if _moves(driver, base, head, pairs=pairs, removed=removed, added=added)
    ]
    try:
        if plain_budgets(base.scenario):
            states = [
                _state_after(driver, base, head, pairs, added, memos=memos) for driver in moving
            ]
            found = [Figures(*figures) for figures in state_figures(base.scenario, states)]
        else:
            found = []
            for driver in moving:
                rates, assumptions, side = _pricing_after(driver, base, head)
                scenario = _scenario_after(driver, base, head, pairs, added)
                memo = memos.get(side, assumptions, base.scenario)
                found.append(figures_of(cost_scenario(scenario, rates, profiles=memo)))
    except (KeyError, IndexError, AssertionError, ValueError, ArithmeticError):
        # A mixture of two valid inputs need not be valid (a band one table lacks).
        return None
    computed = dict(zip(moving, found, strict=True))
    figures = []
    previous = base_figures
    for driver in DRIVERS[:-1]:
        previous = computed.get(driver, previous)
        figures.append(previous)
    return figures


def supplemented(primary: RateTable, fallback: RateTable) -> RateTable:
    """`primary`, with what only `fallback` can price added: bands it lacks, points past its
    last, on-costs it has none of, and year-keyed entries before its first. Nothing that
    `primary` prices itself changes, so a scenario `primary` can cost costs the same."""
    bands = dict(primary.bands)
    for name, band in fallback.bands.items():
        own = bands.get(name)
        if own is None:
            bands[name] = band
        elif (
            own.points is not None
            and band.points is not None
            and len(band.points) > len(own.points)
        ):
            bands[name] = own.model_copy(
                update={"points": [*own.points, *band.points[len(own.points) :]]}
            )
    on_costs = primary.on_costs
    if on_costs is None:
        on_costs = fallback.on_costs
    elif fallback.on_costs is not None:
        on_costs = on_costs.model_copy(
            update={
                "employer_ni": _earlier_filled(on_costs.employer_ni, fallback.on_costs.employer_ni),
                "pension_rate": _earlier_filled(
                    on_costs.pension_rate, fallback.on_costs.pension_rate
                ),
            }
        )
    return primary.model_copy(update={"bands": bands, "on_costs": on_costs})


def _earlier_filled(own: dict[int, Any], other: dict[int, Any]) -> dict[int, Any]:
    first = min(own, default=None)
    extra = {year: value for year, value in other.items() if first is None or year < first}
    return {**extra, **own}


def bridges(
    states: list[Figures], years: Iterable[int], budgets: Iterable[str]
) -> tuple[Bridge, ...]:
    """A bridge of each year's in-year cost and full-year effect, and of each envelope (on
    both sides), through `states`: BASE's figures, those after each driver, and HEAD's."""
    zero = Decimal(0)
    found = []
    for year in years:
        in_year = [state.in_year_cost.get(year, zero) for state in states]
        found.append(_bridge("in_year_cost", in_year, year=year))
        full_year = [state.full_year_effect.get(year, zero) for state in states]
        found.append(_bridge("full_year_effect", full_year, year=year))
    for name in budgets:
        values = [state.budgets.get(name, zero) for state in states]
        found.append(_bridge("budget", values, budget=name))
    return tuple(found)


def _bridge(
    measure: Measure, values: list[Decimal], *, year: int | None = None, budget: str | None = None
) -> Bridge:
    with decimal.localcontext() as context:
        context.prec = EXACT_PRECISION
        steps = tuple(
            BridgeStep(driver, values[index + 1], values[index + 1] - values[index])
            for index, driver in enumerate(DRIVERS)
        )
        total = values[-1] - values[0]
        # Telescoping: exact at this precision, so the steps are the whole change.
        assert sum((step.change for step in steps), Decimal(0)) == total
    return Bridge(measure, year, budget, values[0], values[-1], steps)
