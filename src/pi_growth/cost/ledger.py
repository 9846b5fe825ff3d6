"""The engine's books: every figure of SPEC §4 as an integer over one common denominator.

Each state's annual rates (see `pricing`) are finite decimals; scaled by a power of ten they
are integers, and every figure -- a month is a rate / 12, times months, posts and the
vacancy factor's (1 - v) -- is then an integer over DENOMINATOR = 12 x 10^(places of the rates
+ places of 1 - v). Integer sums are exact and cheap, so figures by group, year, band and team
agree to the last digit however they are added up, and each figure handed out (an
ExactMoney) is its exact value, rounded only where a report shows it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from itertools import repeat
from operator import add, mul
from typing import Literal

from pi_growth.cost.costs import COMPONENTS, ZERO, Costs
from pi_growth.cost.exact import Denominator, ExactMoney
from pi_growth.cost.pricing import EXACT, Pricer, State
from pi_growth.cost.results import BudgetResult, GroupYear, YearSummary
from pi_growth.cost.walk import FTE, YEAR_ADDED, GroupKey, Pattern, Walk, YearWalk
from pi_growth.models import Scenario

Ints = tuple[int, ...]  # a Costs' numerators, component by component (Costs order)
WIDTH = len(COMPONENTS)


@dataclass(frozen=True, slots=True)
class YearFigures:
    """One post of a pattern in one year, as numerators over the ledger's denominator."""

    in_year: Ints | None  # its filled months, after the vacancy factor
    full_year_effect: Ints | None  # 12 x its March cost, in the year-end establishment
    added: bool  # a growth line added this year
    ni_relieved: int  # NI not paid in its relieved months, after the vacancy factor
    in_year_total: int
    full_year_effect_total: int


Profile = tuple[YearFigures | None, ...]  # one per year of the horizon


def _places(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int)
    return max(0, -exponent)


def _plus(total: list[int], ints: Ints, count: int) -> None:
    """total += count x ints, component by component (over the tuple: every component, in C)."""
    if count == 1:
        total[:] = map(add, total, ints)
    else:
        total[:] = map(add, total, map(mul, ints, repeat(count)))


class Ledger:
    """Every pattern's figures year by year, and the sums reports want, exactly."""

    def __init__(
        self,
        scenario: Scenario,
        pricer: Pricer,
        walks: dict[Pattern, Walk],
        posts_by_group: dict[GroupKey, dict[Pattern, int]],
        band_order: tuple[str, ...],
    ) -> None:
        self.scenario = scenario
        self.band_order = band_order
        self.horizon = scenario.horizon
        self.posts_by_group = posts_by_group
        states: dict[State, None] = {}
        for walk in walks.values():
            for year in walk:
                if year is None:
                    continue
                for state, _, _ in year.stretches:
                    states[state] = None
                if year.march is not None:
                    states[year.march] = None
        rates = {state: pricer.annual_rates(state) for state in states}
        reliefs = {state: pricer.annual_relief(state) for state in states if state[5]}
        keep = EXACT.subtract(1, scenario.assumptions.vacancy_factor)
        places = max(
            [0, *(_places(value) for values in rates.values() for value in values)],
        )
        places = max(places, *(_places(value) for value in reliefs.values()), 0)
        keep_places = _places(keep)
        self.denominator = 12 * 10 ** (places + keep_places)
        self._money = Denominator(self.denominator).money
        self.keep = int(keep.scaleb(keep_places, EXACT))
        # 12 months of a March cost, over the same denominator as the in-year figures
        self.year_of_march = 12 * 10**keep_places
        self.ints: dict[State, Ints] = {
            state: tuple(int(value.scaleb(places, EXACT)) for value in values)
            for state, values in rates.items()
        }
        self.relief_ints = {
            state: int(value.scaleb(places, EXACT)) for state, value in reliefs.items()
        }
        self.profiles: dict[Pattern, Profile] = {
            pattern: tuple(self._figures(year) for year in walk) for pattern, walk in walks.items()
        }

    def _figures(self, walk: YearWalk | None) -> YearFigures | None:
        if walk is None:
            return None
        in_year: Ints | None = None
        relieved = 0
        if walk.stretches:
            total = [0] * WIDTH
            for state, begin, end in walk.stretches:
                _plus(total, self.ints[state], end - begin)
                if state[5]:
                    relieved += (end - begin) * self.relief_ints[state]
            keep = self.keep
            in_year = tuple(value * keep for value in total)
            relieved *= keep
        full_year: Ints | None = None
        if walk.march is not None:
            factor = self.year_of_march
            full_year = tuple(value * factor for value in self.ints[walk.march])
        return YearFigures(
            in_year,
            full_year,
            walk.added,
            relieved,
            sum(in_year) if in_year else 0,
            sum(full_year) if full_year else 0,
        )

    # --- figures handed out ----------------------------------------------------------------

    def money(self, numerator: int) -> ExactMoney:
        """A figure of this ledger, exactly."""
        return self._money(numerator)

    def costs(self, ints: Iterable[int]) -> Costs:
        """A Costs of this ledger's numerators, exactly."""
        return Costs._make(map(self._money, ints))

    def years(self) -> tuple[YearSummary, ...]:
        """Each year's totals, summed per pattern (equal to the sum of its groups)."""
        totals: dict[Pattern, int] = {}
        for by_pattern in self.posts_by_group.values():
            for pattern, posts in by_pattern.items():
                totals[pattern] = totals.get(pattern, 0) + posts
        summaries = []
        for index, year in enumerate(self.horizon):
            in_year, full_year = [0] * WIDTH, [0] * WIDTH
            growth_in_year, growth_full_year = [0] * WIDTH, [0] * WIDTH
            posts = posts_added = relieved = 0
            fte = ZERO
            for pattern, count in totals.items():
                figures = self.profiles[pattern][index]
                if figures is None:
                    continue
                growth = pattern[YEAR_ADDED] is not None
                if figures.in_year is not None:
                    _plus(in_year, figures.in_year, count)
                    if growth:
                        _plus(growth_in_year, figures.in_year, count)
                    relieved += count * figures.ni_relieved
                if figures.full_year_effect is not None:
                    _plus(full_year, figures.full_year_effect, count)
                    if growth:
                        _plus(growth_full_year, figures.full_year_effect, count)
                    posts += count
                    fte = EXACT.add(fte, EXACT.multiply(count, _fte(pattern)))
                if figures.added:
                    posts_added += count
            summaries.append(
                YearSummary(
                    year,
                    posts,
                    posts_added,
                    fte,
                    self.costs(in_year),
                    self.costs(full_year),
                    self.costs(growth_in_year),
                    self.costs(growth_full_year),
                    self.money(relieved),
                )
            )
        return tuple(summaries)

    def budgets(self) -> tuple[BudgetResult, ...]:
        """Each envelope held against the exact cost of its lines (SPEC §4)."""
        found = []
        first = self.horizon[0]
        for budget in self.scenario.budgets:
            years = tuple(budget.years)
            last = years[-1]
            total = 0
            for group, by_pattern in self.posts_by_group.items():
                kind, year_added = group[0], group[1]
                if budget.scope != "total":
                    if kind != "growth" or year_added is None:
                        continue
                    if budget.scope == "added" and year_added not in years:
                        continue
                    if budget.scope == "growth" and year_added > last:
                        continue
                for pattern, posts in by_pattern.items():
                    profile = self.profiles[pattern]
                    if budget.measure == "in_year":
                        for year in years:
                            figures = profile[year - first]
                            if figures is not None:
                                total += posts * figures.in_year_total
                    else:
                        figures = profile[last - first]
                        if figures is not None:
                            total += posts * figures.full_year_effect_total
            found.append(
                BudgetResult(
                    name=budget.name,
                    years=years,
                    measure=budget.measure,
                    scope=budget.scope,
                    amount=budget.amount,
                    cost=self.money(total),
                    note=budget.status,
                )
            )
        return tuple(found)

    # --- groups and breakdowns, made when read --------------------------------------------

    def groups(self) -> tuple[GroupYear, ...]:
        """Every group in every year it is present, in report order."""
        found = []
        ordered = sorted(self.posts_by_group.items(), key=lambda item: _group_order(item[0]))
        for index, year in enumerate(self.horizon):
            for (kind, year_added, team, band), by_pattern in ordered:
                total = _Total()
                for pattern, posts in by_pattern.items():
                    total.add(pattern, self.profiles[pattern][index], posts)
                if total.present:
                    found.append(total.group_year(self, (kind, year_added, team, band), year))
        return tuple(found)

    def breakdown(self, by: Literal["band", "team"]) -> Breakdown:
        """Figures by band or by team, per year, summed exactly over their groups: a mapping
        that works out each name's years when it is read (see Breakdown)."""
        keys: dict[str, list[GroupKey]] = {}
        for key in self.posts_by_group:
            keys.setdefault(key[3] if by == "band" else key[2], []).append(key)
        order = self._band_order() if by == "band" else self._team_order()
        return Breakdown(self, by, {name: keys[name] for name in order if name in keys})

    def name_years(
        self, by: Literal["band", "team"], name: str, keys: list[GroupKey]
    ) -> dict[int, GroupYear]:
        """One band's (or team's) GroupYear in each year it is present, summed over `keys`."""
        totals = [_Total() for _ in self.horizon]
        for key in keys:
            growth = key[0] == "growth"
            for pattern, posts in self.posts_by_group[key].items():
                profile = self.profiles[pattern]
                for total, figures in zip(totals, profile, strict=True):
                    if figures is not None:
                        total.add(pattern, figures, posts, growth=growth)
        return {
            year: total.group_year(
                self,
                (
                    "growth" if total.all_growth else "baseline",
                    None,
                    name if by == "team" else "",
                    name if by == "band" else "",
                ),
                year,
            )
            for total, year in zip(totals, self.horizon, strict=True)
            if total.present
        }

    def _band_order(self) -> list[str]:
        return list(self.band_order)

    def _team_order(self) -> list[str]:
        seen: dict[str, None] = {}
        for line in [*self.scenario.baseline, *self.scenario.growth]:
            seen.setdefault(line.team, None)
        return list(seen)


class Breakdown(Mapping[str, dict[int, GroupYear]]):
    """Figures by band or by team: name -> {year: GroupYear}, in report order.

    Each name's years are worked out when they are read and not kept, so a report that walks
    the names once holds one name's figures at a time: 10,000 teams over 50 years are 500,000
    GroupYears (about 1 GB held whole), while a report needs them only one team at a time.
    """

    __slots__ = ("_by", "_keys", "_ledger")

    def __init__(
        self, ledger: Ledger, by: Literal["band", "team"], keys: dict[str, list[GroupKey]]
    ) -> None:
        self._ledger = ledger
        self._by = by
        self._keys = keys

    def __getitem__(self, name: str) -> dict[int, GroupYear]:
        return self._ledger.name_years(self._by, name, self._keys[name])

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)

    def __contains__(self, name: object) -> bool:
        return name in self._keys


class _Total:
    """Figures of some lines in one year, being added up."""

    __slots__ = ("all_growth", "fte", "full_year", "in_year", "posts", "posts_added", "present")

    def __init__(self) -> None:
        self.present = False
        self.all_growth = True
        self.posts = self.posts_added = 0
        self.fte = ZERO
        self.in_year = [0] * WIDTH
        self.full_year = [0] * WIDTH

    def add(
        self, pattern: Pattern, figures: YearFigures | None, posts: int, *, growth: bool = True
    ) -> None:
        if figures is None:
            return
        self.present = True
        self.all_growth = self.all_growth and growth
        if figures.in_year is not None:
            _plus(self.in_year, figures.in_year, posts)
        if figures.full_year_effect is not None:
            _plus(self.full_year, figures.full_year_effect, posts)
            self.posts += posts
            self.fte = EXACT.add(self.fte, EXACT.multiply(posts, _fte(pattern)))
        if figures.added:
            self.posts_added += posts

    def group_year(
        self,
        ledger: Ledger,
        key: tuple[Literal["baseline", "growth"], int | None, str, str],
        year: int,
    ) -> GroupYear:
        """These figures as a GroupYear of `key` (kind, year added, team, band) in `year`."""
        kind, year_added, team, band = key
        return GroupYear(
            kind,
            year_added,
            team,
            band,
            year,
            self.posts,
            self.posts_added,
            self.fte,
            ledger.costs(self.in_year),
            ledger.costs(self.full_year),
        )


def _fte(pattern: Pattern) -> Decimal:
    fte = pattern[FTE]
    assert isinstance(fte, Decimal)
    return fte


def _group_order(group: GroupKey) -> tuple[bool, int, str, str]:
    """Within a year: baseline first, then growth by the year added; then team and band."""
    kind, year_added, team, band = group
    return (kind == "growth", year_added or 0, team, band)
