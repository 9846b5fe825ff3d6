"""Lines walked month by month as SPEC §4 walks them -- stretch by stretch, never month by month.

A post's monthly cost depends only on its *state* (band, spinal point, financial year, pay
awards landed, FTE, NI relief), so each line's months are cut where the state changes (a new
year, a pay award, an increment, the end of a relief) and counted per state in integers.
Lines that differ only in team and posts share a *pattern*, walked once.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from pi_growth.cost.pricing import Pricer, State
from pi_growth.models import RateTable, Scenario
from pi_growth.periods import first_month_of, last_month_of

LineKind = Literal["baseline", "growth"]
GroupKey = tuple[LineKind, int | None, str, str]  # kind, year added, team, band
# A line without its group and posts: band, fte, entry point, last point, first and last
# filled months, increments from, year added, last NI-relieved month (None: not relieved).
# Lines with one pattern cost the same per post.
Pattern = tuple[str, Decimal, int, int, int, int, int, int | None, int | None]
Stretch = tuple[State, int, int]  # a state, its first month, the month after its last
YEAR_ADDED = 7  # the index of the year added in a Pattern (None for baseline lines)
FTE = 1  # the index of the FTE in a Pattern


@dataclass(frozen=True, slots=True)
class LinePlan:
    """A line reduced to what costing needs."""

    group: GroupKey
    band: str
    posts: int
    fte: Decimal
    entry_point: int  # 1-based; 1 for bands without points
    last_point: int
    first_filled: int  # month
    last_filled: int  # month, inclusive (may lie beyond the horizon)
    increments_from: int  # the month from which anniversaries are counted
    year_added: int | None  # None for baseline lines
    relief_until: int | None  # the last NI-relieved month; None for a standard line

    @property
    def pattern(self) -> Pattern:
        """What one post of this line costs depends on this alone (not on team or posts)."""
        return (
            self.band,
            self.fte,
            self.entry_point,
            self.last_point,
            self.first_filled,
            self.last_filled,
            self.increments_from,
            self.year_added,
            self.relief_until,
        )


@dataclass(frozen=True, slots=True)
class YearWalk:
    """One post of a pattern in one financial year: the states of its filled months, its state
    in March when it is in the year-end establishment, and whether it is added this year."""

    stretches: tuple[Stretch, ...]
    march: State | None  # priced x 12 for the full-year effect
    added: bool


Walk = tuple[YearWalk | None, ...]  # one entry per year of the horizon


def line_plans(scenario: Scenario, rates: RateTable) -> Iterator[LinePlan]:
    """Every line of the scenario, baseline first, in file order."""
    first_month = first_month_of(scenario.horizon[0])
    last_month = last_month_of(scenario.horizon[-1])
    for line in scenario.baseline:
        band = rates.bands[line.band]
        last_point = len(band.points) if band.points else 1
        yield LinePlan(
            group=("baseline", None, line.team, line.band),
            band=line.band,
            posts=line.posts,
            fte=line.fte,
            entry_point=line.point or last_point,
            last_point=last_point,
            first_filled=first_month,
            last_filled=last_month,
            increments_from=first_month,  # each April after the horizon's first
            year_added=None,
            relief_until=line.relief_until,
        )
    for growth in scenario.growth:
        band = rates.bands[growth.band]
        start = scenario.fill_month(growth)
        yield LinePlan(
            group=("growth", growth.year, growth.team, growth.band),
            band=growth.band,
            posts=growth.posts,
            fte=growth.fte,
            entry_point=growth.point or 1,
            last_point=len(band.points) if band.points else 1,
            first_filled=start,
            last_filled=growth.end if growth.end is not None else last_month,
            increments_from=start,  # each anniversary of the fill month
            year_added=growth.year,
            relief_until=growth.relief_until,
        )


class Walker:
    """Walks line patterns through the horizon (SPEC §4), with the pricer's award months."""

    def __init__(self, pricer: Pricer, horizon: range) -> None:
        self.pricer = pricer
        self.horizon = horizon

    def walk(self, plan: LinePlan) -> Walk:
        """One post of this line's pattern, year by year."""
        return tuple(self._year(plan, year) for year in self.horizon)

    def _year(self, plan: LinePlan, year: int) -> YearWalk | None:
        march = last_month_of(year)
        march_state = None
        if plan.year_added is None or (plan.year_added <= year and plan.last_filled >= march):
            march_state = self._state(plan, march, year)
        stretches = self._stretches(plan, year)
        added = plan.year_added == year
        if march_state is None and not stretches and not added:
            return None
        return YearWalk(stretches, march_state, added)

    def _point_at(self, plan: LinePlan, month: int) -> int:
        if month < plan.increments_from:
            return plan.entry_point
        return min(plan.entry_point + (month - plan.increments_from) // 12, plan.last_point)

    def _state(self, plan: LinePlan, month: int, year: int) -> State:
        return (
            plan.band,
            self._point_at(plan, month),
            year,
            self.pricer.uplift_index(month),
            plan.fte,
            plan.relief_until is not None and month <= plan.relief_until,
        )

    def _stretches(self, plan: LinePlan, year: int) -> tuple[Stretch, ...]:
        """The months of `year` the line is filled, cut where its state changes."""
        first = max(plan.first_filled, first_month_of(year))
        last = min(plan.last_filled, last_month_of(year))
        if first > last:
            return ()
        cuts = {first, *self.pricer.awards_within(first + 1, last)}
        if plan.entry_point < plan.last_point:
            anniversary = first + (plan.increments_from - first) % 12
            if first < anniversary <= last:
                cuts.add(anniversary)
        if plan.relief_until is not None and first <= plan.relief_until < last:
            cuts.add(plan.relief_until + 1)  # the first month after the NI relief
        ordered = sorted(cuts)
        ends = [*ordered[1:], last + 1]
        return tuple(
            (self._state(plan, begin, year), begin, end)
            for begin, end in zip(ordered, ends, strict=True)
        )
