"""The costing engine (SPEC §4): validated models in, a result structure out. Pure: no I/O.

Work grows with distinct lines x stretches of months, never with posts or months alone. A
post's monthly cost depends only on its *state* -- band, spinal point, financial year, how
many pay awards have landed, and FTE -- so each line is walked stretch by stretch (a stretch
ends at a new financial year, a pay award or an increment), counting post-months per state in
plain integers. Decimal arithmetic then runs once per distinct state, not once per month.
"""

from __future__ import annotations

import bisect
import decimal
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, fields
from decimal import Decimal
from typing import Literal, TypeVar

from pi_growth.models import Band, PensionTier, RateTable, Scenario
from pi_growth.periods import award_month_of, first_month_of, last_month_of
from pi_growth.validation import fill_month

ZERO = Decimal(0)
# Far more digits than pence need, so that no intermediate step rounds (SPEC §4: at least 28).
PRECISION = 60

LineKind = Literal["baseline", "growth"]
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Costs:
    """A cost split into its components; `total` is their sum."""

    salary: Decimal = ZERO
    allowances: Decimal = ZERO
    employer_ni: Decimal = ZERO
    pension: Decimal = ZERO
    apprenticeship_levy: Decimal = ZERO
    other: Decimal = ZERO
    loaded_cost: Decimal = ZERO  # an `annual_cost` band's fully loaded cost

    @property
    def total(self) -> Decimal:
        """The whole cost."""
        return (
            self.salary
            + self.allowances
            + self.employer_ni
            + self.pension
            + self.apprenticeship_levy
            + self.other
            + self.loaded_cost
        )

    @property
    def pay(self) -> Decimal:
        """Salary and allowances: what the post holder is paid."""
        return self.salary + self.allowances

    def __add__(self, other: Costs) -> Costs:
        return Costs(*(getattr(self, name) + getattr(other, name) for name in COMPONENTS))

    def scaled(self, factor: Decimal | int) -> Costs:
        """Every component multiplied by `factor`."""
        return Costs(*(getattr(self, name) * factor for name in COMPONENTS))


COMPONENTS: tuple[str, ...] = tuple(item.name for item in fields(Costs))
NO_COSTS = Costs()


def sum_costs(items: Iterable[Costs]) -> Costs:
    """The sum of some Costs (zero when there are none)."""
    total = NO_COSTS
    for item in items:
        total = total + item
    return total


class Pricer:
    """The monthly cost of one post in a given state: the rate table and pay awards applied."""

    def __init__(
        self,
        rates: RateTable,
        pay_awards: dict[int, Decimal],
        pay_award_month: int,
    ) -> None:
        self.rates = rates
        awards = sorted(
            (award_month_of(year, pay_award_month), rate)
            for year, rate in pay_awards.items()
            if year >= rates.price_base  # the table's amounts already include earlier awards
        )
        self.award_months = [month for month, _ in awards]
        factors = [Decimal(1)]
        for _, rate in awards:
            factors.append(factors[-1] * (1 + rate))
        self.uplifts = factors
        self._memo: dict[tuple[str, int, int, int, Decimal], Costs] = {}

    def uplift_index(self, month: int) -> int:
        """How many pay awards have taken effect by `month` (an index into `uplifts`)."""
        return bisect.bisect_right(self.award_months, month)

    def awards_within(self, first: int, last: int) -> list[int]:
        """The months in [first, last] in which a pay award takes effect."""
        low = bisect.bisect_left(self.award_months, first)
        high = bisect.bisect_right(self.award_months, last)
        return self.award_months[low:high]

    def monthly(
        self, band_name: str, point: int, year: int, uplift_index: int, fte: Decimal
    ) -> Costs:
        """One post's cost for one month (SPEC §4). `point` is 1-based; ignored without points."""
        key = (band_name, point, year, uplift_index, fte)
        costs = self._memo.get(key)
        if costs is None:
            band = self.rates.bands[band_name]
            costs = self._price(band, point, year, self.uplifts[uplift_index], fte)
            self._memo[key] = costs
        return costs

    def _price(self, band: Band, point: int, year: int, uplift: Decimal, fte: Decimal) -> Costs:
        twelfth = fte / 12
        other = band.other * twelfth
        if band.annual_cost is not None:
            return Costs(loaded_cost=band.annual_cost * uplift * twelfth, other=other)
        on_costs = self.rates.on_costs
        assert on_costs is not None  # the model requires on-costs for pay bands
        base = band.salary if band.salary is not None else band.points[point - 1]  # type: ignore[index]
        salary = base * uplift * twelfth
        allowances = ZERO
        pensionable_allowances = ZERO
        for allowance in self.rates.allowances:
            amount = allowance.amount * uplift if allowance.uplifted else allowance.amount
            allowances += amount
            if allowance.pensionable:
                pensionable_allowances += amount
        allowances *= twelfth
        pay = salary + allowances
        pensionable_pay = salary + pensionable_allowances * twelfth
        # Salary sacrifice lowers the pay NI and the levy see; the post still costs `pay`.
        ni_able_pay = pay - on_costs.salary_sacrifice_rate * pensionable_pay
        ni = latest_entry(on_costs.employer_ni, year)
        employer_ni = ni.rate * max(ZERO, ni_able_pay - ni.threshold_per_month)
        pension_rate = tier_rate(latest_entry(on_costs.pension_rate, year), 12 * pensionable_pay)
        return Costs(
            salary=salary,
            allowances=allowances,
            employer_ni=employer_ni,
            pension=pension_rate * pensionable_pay,
            apprenticeship_levy=on_costs.apprenticeship_levy_rate * ni_able_pay,
            other=other,
        )


def latest_entry(keyed: dict[int, T], year: int) -> T:
    """The entry of the latest financial year <= `year` (validation guarantees there is one)."""
    return keyed[max(key for key in keyed if key <= year)]


def tier_rate(tiers: list[PensionTier], annual_pensionable_pay: Decimal) -> Decimal:
    """The rate of the first tier whose `up_to` is at least the pay; the last tier otherwise."""
    for tier in tiers:
        if tier.up_to is not None and annual_pensionable_pay <= tier.up_to:
            return tier.rate
    return tiers[-1].rate


# --- results -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GroupYear:
    """One group of lines (same kind, year added, team and band) in one financial year."""

    kind: LineKind
    year_added: int | None  # growth lines: the `year` they are added in
    team: str
    band: str
    year: int
    posts: int  # in the establishment at the end of the year
    posts_added: int
    fte: Decimal  # establishment FTE at the end of the year
    in_year: Costs  # after the vacancy factor
    full_year_effect: Costs


@dataclass(frozen=True, slots=True)
class YearSummary:
    """A financial year's headline figures (SPEC §6)."""

    year: int
    posts: int
    posts_added: int
    fte: Decimal
    in_year: Costs
    full_year_effect: Costs
    growth_in_year: Costs
    growth_full_year_effect: Costs


@dataclass(frozen=True, slots=True)
class BudgetResult:
    """A budget envelope held against the cost of its lines."""

    name: str
    years: tuple[int, ...]
    measure: Literal["full_year_effect", "in_year"]
    scope: Literal["added", "growth", "total"]
    amount: Decimal
    cost: Decimal
    note: str | None  # the budget's own status text, such as "agreed"

    @property
    def variance(self) -> Decimal:
        """Amount less cost: positive is headroom, negative an overspend."""
        return self.amount - self.cost

    @property
    def status(self) -> Literal["within", "over"]:
        """`over` when the cost exceeds the amount."""
        return "over" if self.cost > self.amount else "within"


@dataclass(frozen=True, slots=True)
class MonthRow:
    """One team and band in one month: posts filled and what they cost (after vacancy factor)."""

    month: int
    team: str
    band: str
    posts_filled: int
    fte_filled: Decimal
    costs: Costs


@dataclass(frozen=True)
class CostResult:
    """Everything the reports show, computed once: every format renders from this."""

    scenario: Scenario
    rates: RateTable
    pay_award_month: int
    groups: tuple[GroupYear, ...]
    years: tuple[YearSummary, ...]
    budgets: tuple[BudgetResult, ...]
    monthly: tuple[MonthRow, ...] | None

    def breakdown(self, by: Literal["band", "team"]) -> dict[str, dict[int, GroupYear]]:
        """Figures by band or by team, per year: each a GroupYear summed over its other keys."""
        totals: dict[str, dict[int, list[GroupYear]]] = {}
        for group in self.groups:
            name = group.band if by == "band" else group.team
            totals.setdefault(name, {}).setdefault(group.year, []).append(group)
        order = _band_order(self) if by == "band" else _team_order(self)
        return {
            name: {
                year: _merge(name, by, year, items) for year, items in sorted(totals[name].items())
            }
            for name in order
            if name in totals
        }


def _band_order(result: CostResult) -> list[str]:
    return list(result.rates.bands)


def _team_order(result: CostResult) -> list[str]:
    seen: dict[str, None] = {}
    for line in [*result.scenario.baseline, *result.scenario.growth]:
        seen.setdefault(line.team, None)
    return list(seen)


def _merge(name: str, by: str, year: int, items: list[GroupYear]) -> GroupYear:
    return GroupYear(
        kind="growth" if all(item.kind == "growth" for item in items) else "baseline",
        year_added=None,
        team=name if by == "team" else "",
        band=name if by == "band" else "",
        year=year,
        posts=sum(item.posts for item in items),
        posts_added=sum(item.posts_added for item in items),
        fte=sum((item.fte for item in items), ZERO),
        in_year=sum_costs(item.in_year for item in items),
        full_year_effect=sum_costs(item.full_year_effect for item in items),
    )


# --- costing -----------------------------------------------------------------------------

GroupKey = tuple[LineKind, int | None, str, str]
State = tuple[str, int, int, int, Decimal]  # band, point, year, uplift index, fte


@dataclass(frozen=True, slots=True)
class _LinePlan:
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


def _group_order(item: tuple[GroupKey, int]) -> tuple[int, bool, int, str, str]:
    (kind, year_added, team, band), year = item
    return (year, kind == "growth", year_added or 0, team, band)


def cost_scenario(scenario: Scenario, rates: RateTable, *, monthly: bool = False) -> CostResult:
    """Cost a validated scenario against its rate table (see `validation.cross_check`)."""
    with decimal.localcontext() as context:
        context.prec = PRECISION
        return _Costing(scenario, rates, monthly=monthly).run()


class _Costing:
    def __init__(self, scenario: Scenario, rates: RateTable, *, monthly: bool) -> None:
        self.scenario = scenario
        self.rates = rates
        self.want_monthly = monthly
        assumptions = scenario.assumptions
        self.pay_award_month = assumptions.pay_award_month or rates.pay_award_month
        self.pricer = Pricer(rates, dict(assumptions.pay_awards), self.pay_award_month)
        self.horizon = scenario.horizon
        self.first_month = first_month_of(self.horizon[0])
        self.last_month = last_month_of(self.horizon[-1])
        # (group, year, state) -> post-months, counted in integers
        self.in_year_counts: dict[tuple[GroupKey, int, State], int] = defaultdict(int)
        self.full_year_counts: dict[tuple[GroupKey, int, State], int] = defaultdict(int)
        self.posts: dict[tuple[GroupKey, int], int] = defaultdict(int)
        self.fte: dict[tuple[GroupKey, int], Decimal] = defaultdict(Decimal)
        self.posts_added: dict[tuple[GroupKey, int], int] = defaultdict(int)
        # (team, band, state) -> posts filled in each month of the horizon
        self.month_counts: dict[tuple[str, str, State], list[int]] = {}

    def run(self) -> CostResult:
        for plan in self._plans():
            self._count(plan)
        groups = self._groups()
        years = tuple(self._year_summary(year, groups) for year in self.horizon)
        budgets = tuple(self._budget(index, groups) for index in range(len(self.scenario.budgets)))
        return CostResult(
            scenario=self.scenario,
            rates=self.rates,
            pay_award_month=self.pay_award_month,
            groups=groups,
            years=years,
            budgets=budgets,
            monthly=self._monthly_rows() if self.want_monthly else None,
        )

    def _plans(self) -> Iterator[_LinePlan]:
        for line in self.scenario.baseline:
            band = self.rates.bands[line.band]
            last_point = len(band.points) if band.points else 1
            yield _LinePlan(
                group=("baseline", None, line.team, line.band),
                band=line.band,
                posts=line.posts,
                fte=line.fte,
                entry_point=line.point or last_point,
                last_point=last_point,
                first_filled=self.first_month,
                last_filled=self.last_month,
                increments_from=self.first_month,  # each April after the horizon's first
                year_added=None,
            )
        for growth in self.scenario.growth:
            band = self.rates.bands[growth.band]
            start = fill_month(growth, self.scenario)
            yield _LinePlan(
                group=("growth", growth.year, growth.team, growth.band),
                band=growth.band,
                posts=growth.posts,
                fte=growth.fte,
                entry_point=growth.point or 1,
                last_point=len(band.points) if band.points else 1,
                first_filled=start,
                last_filled=growth.end if growth.end is not None else self.last_month,
                increments_from=start,  # each anniversary of the fill month
                year_added=growth.year,
            )

    def _point_at(self, plan: _LinePlan, month: int) -> int:
        if month < plan.increments_from:
            return plan.entry_point
        return min(plan.entry_point + (month - plan.increments_from) // 12, plan.last_point)

    def _state(self, plan: _LinePlan, month: int, year: int) -> State:
        return (
            plan.band,
            self._point_at(plan, month),
            year,
            self.pricer.uplift_index(month),
            plan.fte,
        )

    def _count(self, plan: _LinePlan) -> None:
        posts = plan.posts
        for year in self.horizon:
            april, march = first_month_of(year), last_month_of(year)
            if plan.year_added is None or plan.year_added <= year:
                in_establishment = plan.last_filled >= march or plan.year_added is None
                if in_establishment:
                    key = (plan.group, year)
                    self.posts[key] += posts
                    self.fte[key] += posts * plan.fte
                    self.full_year_counts[(plan.group, year, self._state(plan, march, year))] += (
                        12 * posts
                    )
                if plan.year_added == year:
                    self.posts_added[(plan.group, year)] += posts
            first, last = max(plan.first_filled, april), min(plan.last_filled, march)
            if first > last:
                continue
            cuts = {first, *self.pricer.awards_within(first + 1, last)}
            if plan.entry_point < plan.last_point:
                anniversary = first + (plan.increments_from - first) % 12
                if first < anniversary <= last:
                    cuts.add(anniversary)
            ordered = sorted(cuts)
            for index, begin in enumerate(ordered):
                end = ordered[index + 1] if index + 1 < len(ordered) else last + 1
                state = self._state(plan, begin, year)
                self.in_year_counts[(plan.group, year, state)] += posts * (end - begin)
                if self.want_monthly:
                    self._count_months(plan, state, begin, end)

    def _count_months(self, plan: _LinePlan, state: State, begin: int, end: int) -> None:
        key = (plan.group[2], plan.group[3], state)
        counts = self.month_counts.get(key)
        if counts is None:
            counts = self.month_counts[key] = [0] * (self.last_month - self.first_month + 1)
        for month in range(begin - self.first_month, end - self.first_month):
            counts[month] += plan.posts

    def _price(self, state: State) -> Costs:
        return self.pricer.monthly(*state)

    def _groups(self) -> tuple[GroupYear, ...]:
        keep = 1 - self.scenario.assumptions.vacancy_factor
        in_year: dict[tuple[GroupKey, int], Costs] = defaultdict(lambda: NO_COSTS)
        for (group, year, state), post_months in self.in_year_counts.items():
            in_year[(group, year)] += self._price(state).scaled(post_months)
        full_year: dict[tuple[GroupKey, int], Costs] = defaultdict(lambda: NO_COSTS)
        for (group, year, state), post_months in self.full_year_counts.items():
            full_year[(group, year)] += self._price(state).scaled(post_months)
        keys = set(in_year) | set(full_year) | set(self.posts) | set(self.posts_added)
        ordered = sorted(keys, key=_group_order)
        return tuple(
            GroupYear(
                kind=group[0],
                year_added=group[1],
                team=group[2],
                band=group[3],
                year=year,
                posts=self.posts.get((group, year), 0),
                posts_added=self.posts_added.get((group, year), 0),
                fte=self.fte.get((group, year), ZERO),
                in_year=in_year[(group, year)].scaled(keep),
                full_year_effect=full_year[(group, year)],
            )
            for group, year in ordered
        )

    def _year_summary(self, year: int, groups: tuple[GroupYear, ...]) -> YearSummary:
        this_year = [group for group in groups if group.year == year]
        growth = [group for group in this_year if group.kind == "growth"]
        return YearSummary(
            year=year,
            posts=sum(group.posts for group in this_year),
            posts_added=sum(group.posts_added for group in this_year),
            fte=sum((group.fte for group in this_year), ZERO),
            in_year=sum_costs(group.in_year for group in this_year),
            full_year_effect=sum_costs(group.full_year_effect for group in this_year),
            growth_in_year=sum_costs(group.in_year for group in growth),
            growth_full_year_effect=sum_costs(group.full_year_effect for group in growth),
        )

    def _budget(self, index: int, groups: tuple[GroupYear, ...]) -> BudgetResult:
        budget = self.scenario.budgets[index]
        years = tuple(budget.years)
        last = years[-1]

        def in_scope(group: GroupYear) -> bool:
            if budget.scope == "total":
                return True
            if group.kind != "growth" or group.year_added is None:
                return False
            return (
                group.year_added in years if budget.scope == "added" else group.year_added <= last
            )

        chosen = [group for group in groups if in_scope(group)]
        if budget.measure == "in_year":
            cost = sum((group.in_year.total for group in chosen if group.year in years), ZERO)
        else:
            cost = sum(
                (group.full_year_effect.total for group in chosen if group.year == last), ZERO
            )
        return BudgetResult(
            name=budget.name,
            years=years,
            measure=budget.measure,
            scope=budget.scope,
            amount=budget.amount,
            cost=cost,
            note=budget.status,
        )

    def _monthly_rows(self) -> tuple[MonthRow, ...]:
        keep = 1 - self.scenario.assumptions.vacancy_factor
        by_team_band: dict[tuple[str, str], list[tuple[State, list[int]]]] = defaultdict(list)
        for (team, band, state), counts in self.month_counts.items():
            by_team_band[(team, band)].append((state, counts))
        rows = []
        for offset in range(self.last_month - self.first_month + 1):
            for (team, band), states in sorted(by_team_band.items()):
                filled = [(state, counts[offset]) for state, counts in states if counts[offset]]
                if not filled:
                    continue
                rows.append(
                    MonthRow(
                        month=self.first_month + offset,
                        team=team,
                        band=band,
                        posts_filled=sum(posts for _, posts in filled),
                        fte_filled=sum((state[4] * posts for state, posts in filled), ZERO),
                        costs=sum_costs(
                            self._price(state).scaled(posts) for state, posts in filled
                        ).scaled(keep),
                    )
                )
        return tuple(rows)
