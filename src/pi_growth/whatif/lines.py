"""Each line's months walked exactly as SPEC §4 walks them, for any delay to its fill month:
post-months per state (band, point, on-cost year, FTE) and number of pay awards landed."""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

from pi_growth.models import Budget, RateTable, Scenario
from pi_growth.periods import award_month_of, first_month_of, last_month_of
from pi_growth.whatif.pricing import BaseState

# A state and how many pay awards have landed (an index into the run's uplifts).
Slot = tuple[BaseState, int]
# Figure index -> slot -> post-months (in-year) or 12 x posts (full-year effect).
Weights = dict[int, dict[Slot, int]]


@dataclass(frozen=True, slots=True)
class PlanLine:
    """A baseline or growth line reduced to what costing needs."""

    index: int  # in file order: baseline lines first, then growth lines
    growth_index: int | None  # its place among the growth lines (None: baseline)
    band: str
    team: str
    posts: int
    fte: Fraction
    entry_point: int
    last_point: int
    fill: int  # the month first filled, before any delay
    earliest: int  # the earliest a delay may move the fill month to (its year's April)
    last_filled: int  # month, inclusive (may lie beyond the horizon)
    year_added: int | None  # None for baseline lines
    relief_until: int | None = None  # the last NI-relieved month (SPEC §11); None: standard


@dataclass(frozen=True, slots=True)
class Figure:
    """One reported figure: a year's in-year cost or FYE, or a budget's cost."""

    name: str
    measure: Literal["in_year", "full_year_effect"]
    years: tuple[int, ...]  # in-year: the years summed; FYE: the one year
    scope: Literal["added", "growth", "total"]
    budget: int | None = None  # the budget's index, for a budget's figure
    price_base: int | None = None  # costed at this price base (SPEC §8), else at outturn

    def covers(self, line: PlanLine) -> bool:
        """Whether the line is among the figure's lines."""
        if self.scope == "total":
            return True
        if line.year_added is None:
            return False
        if self.scope == "added":
            return line.year_added in self.years
        return line.year_added <= self.years[-1]


def plan_lines(scenario: Scenario, rates: RateTable) -> list[PlanLine]:
    """Every line of the scenario, baseline first, in file order."""
    first_month = first_month_of(scenario.horizon[0])
    last_month = last_month_of(scenario.horizon[-1])
    found: list[PlanLine] = []
    for line in scenario.baseline:
        band = rates.bands[line.band]
        last_point = len(band.points) if band.points else 1
        found.append(
            PlanLine(
                len(found), None, line.band, line.team, line.posts, Fraction(line.fte),
                line.point or last_point, last_point, first_month, first_month, last_month, None,
                line.relief_until,
            )
        )  # fmt: skip
    for index, growth in enumerate(scenario.growth):
        band = rates.bands[growth.band]
        found.append(
            PlanLine(
                len(found), index, growth.band, growth.team, growth.posts, Fraction(growth.fte),
                growth.point or 1, len(band.points) if band.points else 1,
                scenario.fill_month(growth), first_month_of(growth.year),
                growth.end if growth.end is not None else last_month, growth.year,
                growth.relief_until,
            )
        )  # fmt: skip
    return found


def year_figures(scenario: Scenario) -> list[Figure]:
    """Each year's in-year cost, then each year's FYE, over every line."""
    years = scenario.horizon
    return [
        *(Figure(f"in_year:{year}", "in_year", (year,), "total") for year in years),
        *(Figure(f"fye:{year}", "full_year_effect", (year,), "total") for year in years),
    ]


def budget_figures(budgets: list[Budget], price_bases: list[int | None]) -> list[Figure]:
    """Each budget's judged cost (at its price base when it has one)."""
    return [
        Figure(budget.name, budget.measure, tuple(budget.years), budget.scope, index, base)
        for index, (budget, base) in enumerate(zip(budgets, price_bases, strict=True))
    ]


class Walker:
    """Walks lines month by month (stretch by stretch) for any fill delay."""

    def __init__(
        self, scenario: Scenario, rates: RateTable, pay_award_month: int, figures: list[Figure]
    ) -> None:
        self.horizon = scenario.horizon
        self.price_base = rates.price_base
        # Every FY from the price base to the horizon's end has an award (0 when none is
        # stated: U is unchanged, so the figures are those of §4 exactly).
        self.award_months = [
            award_month_of(year, pay_award_month)
            for year in range(rates.price_base, self.horizon[-1] + 1)
        ]
        self.figures = figures

    @property
    def award_count(self) -> int:
        """How many award years the uplifts run over (the largest awards-landed index)."""
        return len(self.award_months)

    def landed(self, month: int) -> int:
        """How many pay awards have taken effect by `month`."""
        return bisect.bisect_right(self.award_months, month)

    def weights(self, line: PlanLine, delay: int) -> Weights:
        """The line's post-months per slot for each figure it is in, at this delay."""
        start = max(line.fill + delay, line.earliest) if line.year_added is not None else line.fill
        found: Weights = {}
        for index, figure in enumerate(self.figures):
            if not figure.covers(line):
                continue
            counts: dict[Slot, int] = {}
            for state, landed, weight in self._figure_slots(line, start, figure):
                slot = (state, landed)
                counts[slot] = counts.get(slot, 0) + weight
            if counts:
                found[index] = counts
        return found

    def _figure_slots(
        self, line: PlanLine, start: int, figure: Figure
    ) -> Iterator[tuple[BaseState, int, int]]:
        base = figure.price_base
        if figure.measure == "full_year_effect":
            year = figure.years[-1]
            march = last_month_of(year)
            in_establishment = line.year_added is None or (
                line.year_added <= year and line.last_filled >= march
            )
            if in_establishment:
                state = (
                    line.band, self._point(line, start, march), year, line.fte,
                    _relieved(line, march),
                )  # fmt: skip
                yield self._rebased(state, self.landed(march), base, 12 * line.posts)
            return
        for year in figure.years:
            for state, landed, months in self._stretches(line, start, year):
                yield self._rebased(state, landed, base, months * line.posts)

    def _rebased(
        self, state: BaseState, landed: int, base: int | None, weight: int
    ) -> tuple[BaseState, int, int]:
        """At a price base q (SPEC §8): q's on-costs, and the awards before q, in every month."""
        if base is None:
            return state, landed, weight
        return (state[0], state[1], base, state[3], state[4]), base - self.price_base, weight

    def _point(self, line: PlanLine, start: int, month: int) -> int:
        if month < start:
            return line.entry_point
        return min(line.entry_point + (month - start) // 12, line.last_point)

    def _stretches(
        self, line: PlanLine, start: int, year: int
    ) -> Iterator[tuple[BaseState, int, int]]:
        first = max(start, first_month_of(year))
        last = min(line.last_filled, last_month_of(year))
        if first > last:
            return
        cuts = {first}
        low = bisect.bisect_left(self.award_months, first + 1)
        high = bisect.bisect_right(self.award_months, last)
        cuts.update(self.award_months[low:high])
        if line.entry_point < line.last_point:
            anniversary = first + (start - first) % 12
            if first < anniversary <= last:
                cuts.add(anniversary)
        if line.relief_until is not None and first <= line.relief_until < last:
            cuts.add(line.relief_until + 1)  # the first month after the NI relief
        ordered = sorted(cuts)
        for begin, end in zip(ordered, [*ordered[1:], last + 1], strict=True):
            state = (
                line.band, self._point(line, start, begin), year, line.fte,
                _relieved(line, begin),
            )  # fmt: skip
            yield state, self.landed(begin), end - begin


def _relieved(line: PlanLine, month: int) -> bool:
    """Whether the line's NI relief applies in `month` (SPEC §11)."""
    return line.relief_until is not None and month <= line.relief_until
