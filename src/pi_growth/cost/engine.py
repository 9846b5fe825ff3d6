"""The costing engine (SPEC §4): validated models in, a result structure out. Pure: no I/O.

Work grows with distinct lines x stretches of months, never with posts or months alone. A
post's monthly cost depends only on its *state* -- band, spinal point, financial year, how
many pay awards have landed, and FTE -- so each line is walked stretch by stretch (a stretch
ends at a new financial year, a pay award or an increment), counting post-months per state in
plain integers. Decimal arithmetic then runs once per distinct state, not once per month.
Lines that differ only in team and posts share a *pattern*: one post of a pattern is costed
once per year, and each group's figures are that cost times its posts (benchmarks/).
"""

from __future__ import annotations

import bisect
import contextlib
import decimal
import gc
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from itertools import pairwise
from typing import Literal, TypeVar

from pi_growth.cost.costs import NO_COSTS, ZERO, Costs
from pi_growth.cost.costs import CostsSum as _Sum
from pi_growth.models import Band, PensionTier, RateTable, Scenario
from pi_growth.money import round_money
from pi_growth.pay_awards import effective_pay_awards
from pi_growth.periods import award_month_of, first_month_of, last_month_of

# Far more digits than pence need, so that no intermediate step rounds (SPEC §4: at least 28).
PRECISION = 60
# Prices carry PRECISION digits; sums of them (by group, year, band, team) are then taken with
# room enough to be exact, so every total equals the sum of its parts to the last digit.
AGGREGATE_PRECISION = 2 * PRECISION

LineKind = Literal["baseline", "growth"]
T = TypeVar("T")


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
        self._memo: dict[State, Costs] = {}

    def uplift_index(self, month: int) -> int:
        """How many pay awards have taken effect by `month` (an index into `uplifts`)."""
        return bisect.bisect_right(self.award_months, month)

    def awards_within(self, first: int, last: int) -> list[int]:
        """The months in [first, last] in which a pay award takes effect."""
        low = bisect.bisect_left(self.award_months, first)
        high = bisect.bisect_right(self.award_months, last)
        return self.award_months[low:high]

    def monthly(
        self,
        band_name: str,
        point: int,
        year: int,
        uplift_index: int,
        fte: Decimal,
        *,
        relieved: bool = False,
    ) -> Costs:
        """One post's cost for one month (SPEC §4). `point` is 1-based; ignored without points.
        `relieved`: the month is one of an NI relief (SPEC §11: 0% up to the UST)."""
        return self.cost_of((band_name, point, year, uplift_index, fte, relieved))

    def cost_of(self, state: State) -> Costs:
        """One post's cost for one month in `state` (see `monthly`)."""
        costs = self._memo.get(state)
        if costs is None:
            band_name, point, year, uplift_index, fte, relieved = state
            band = self.rates.bands[band_name]
            with decimal.localcontext() as context:
                context.prec = PRECISION  # whatever the caller's context: prices are priced alike
                costs = self._price(
                    band, point, year, self.uplifts[uplift_index], fte, relieved=relieved
                )
            self._memo[state] = costs
        return costs

    def ni_relieved(
        self, band_name: str, point: int, year: int, uplift_index: int, fte: Decimal
    ) -> Decimal:
        """The employer NI one post does not pay in a relieved month (SPEC §11): its NI at the
        standard threshold less its NI at the Upper Secondary Threshold."""
        state = (band_name, point, year, uplift_index, fte)
        standard = self.monthly(*state).employer_ni
        return standard - self.monthly(*state, relieved=True).employer_ni

    def _price(
        self,
        band: Band,
        point: int,
        year: int,
        uplift: Decimal,
        fte: Decimal,
        *,
        relieved: bool = False,
    ) -> Costs:
        twelfth = fte / 12
        other = band.other * twelfth
        loaded = band.loaded_cost(point)  # an annual_cost, or a reckoner's loaded point
        if loaded is not None:
            return Costs(loaded_cost=loaded * uplift * twelfth, other=other)
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
        threshold = ni.threshold_per_month
        upper = ni.upper_threshold_per_month
        # Validation makes sure a relieved line's years have an upper threshold; only a diff's
        # intermediate scenarios (one side's lines on the other side's rates) can lack one,
        # and there the line is costed as standard.
        if relieved and upper is not None:
            threshold = upper
        employer_ni = ni.rate * max(ZERO, ni_able_pay - threshold)
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
    # Employer NI not paid in the year's in-year cost thanks to reliefs (SPEC §11), after the
    # vacancy factor: already left out of `in_year`, shown beside it.
    ni_relieved: Decimal = ZERO


@dataclass(frozen=True, slots=True)
class BudgetResult:
    """A budget envelope held against the cost of its lines."""

    name: str
    years: tuple[int, ...]
    measure: Literal["full_year_effect", "in_year"]
    scope: Literal["added", "growth", "total"]
    amount: Decimal
    cost: Decimal  # at the budget's price base when it has one (SPEC §8), else at outturn
    note: str | None  # the budget's own status text, such as "agreed"
    # With a price base (cost.price_basis): the outturn cost (plain §4), and the cost at
    # outturn awards with the on-costs of the price base, the one step between them.
    price_base: int | None = None
    outturn_cost: Decimal | None = None
    cost_at_outturn_pay: Decimal | None = None

    @property
    def variance(self) -> Decimal:
        """Amount less cost: positive is headroom, negative an overspend."""
        return self.amount - self.cost

    @property
    def status(self) -> Literal["within", "over"]:
        """`over` when the cost, to the penny as reported, exceeds the amount: the
        arithmetic's last digits (of x/12, say) must not make an exact fit "over by £0"."""
        return _status(self.cost, self.amount)

    @property
    def outturn_variance(self) -> Decimal | None:
        """Amount less the outturn cost, for a budget with a price base."""
        return None if self.outturn_cost is None else self.amount - self.outturn_cost

    @property
    def outturn_status(self) -> Literal["within", "over"] | None:
        """The status the outturn cost would have, for a budget with a price base."""
        return None if self.outturn_cost is None else _status(self.outturn_cost, self.amount)

    @property
    def price_effects(self) -> dict[str, Decimal] | None:
        """What takes the cost at price base to the outturn cost, by sequential substitution:
        pay awards, then on-cost rates (SPEC §8). Exact: they sum to outturn - cost."""
        if self.outturn_cost is None or self.cost_at_outturn_pay is None:
            return None
        with decimal.localcontext() as context:
            context.prec = 2 * AGGREGATE_PRECISION  # differences of exact sums stay exact
            return {
                "pay_awards": self.cost_at_outturn_pay - self.cost,
                "on_costs": self.outturn_cost - self.cost_at_outturn_pay,
            }


def _status(cost: Decimal, amount: Decimal) -> Literal["within", "over"]:
    return "over" if round_money(cost) > round_money(amount) else "within"


@dataclass(frozen=True, slots=True)
class MonthRow:
    """One team and band in one month: posts filled and what they cost (after vacancy factor)."""

    month: int
    team: str
    band: str
    posts_filled: int
    fte_filled: Decimal
    costs: Costs


# Posts filled, FTE filled and their costs (after the vacancy factor) in one month; and a row as
# (month, (team, band), figures). A team and band's rows share one (team, band) tuple, and rows
# with the same posts in the same states one figures tuple.
MonthFigures = tuple[int, Decimal, Costs]
MonthEntry = tuple[int, tuple[str, str], MonthFigures]


class MonthlyRows:
    """The monthly detail: a MonthRow per month, team and band with any post filled, by month,
    then team and band. Made one financial year at a time whenever it is read, so a force's
    detail (670,000 rows over ten years) is never held whole: memory follows one year's rows."""

    __slots__ = ("_length", "_make_year", "_years")

    def __init__(self, make_year: Callable[[int], list[MonthEntry]], years: int) -> None:
        self._make_year = make_year  # the rows of the horizon's year at an index
        self._years = years
        self._length: int | None = None

    def __iter__(self) -> Iterator[MonthRow]:
        for rows in self.by_year():
            for month, (team, band), (posts, fte, costs) in rows:
                yield MonthRow(month, team, band, posts, fte, costs)

    def by_year(self) -> Iterator[list[MonthEntry]]:
        """The rows as (month, (team, band), figures), in order, a financial year's at a time.
        Rows share their (team, band) and figures objects, so a renderer can format each once."""
        for index in range(self._years):
            yield self._make_year(index)

    def __len__(self) -> int:
        if self._length is None:
            self._length = sum(len(self._make_year(index)) for index in range(self._years))
        return self._length

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, MonthlyRows):
            return NotImplemented
        return tuple(self) == tuple(other)

    def __hash__(self) -> int:
        return hash(tuple(self))


@dataclass(frozen=True)
class CostResult:
    """Everything the reports show, computed once: every format renders from this."""

    scenario: Scenario
    rates: RateTable
    pay_award_month: int
    groups: tuple[GroupYear, ...]
    years: tuple[YearSummary, ...]
    budgets: tuple[BudgetResult, ...]
    monthly: MonthlyRows | None

    def breakdown(self, by: Literal["band", "team"]) -> dict[str, dict[int, GroupYear]]:
        """Figures by band or by team, per year: each a GroupYear summed over its other keys."""
        with paused_gc(), decimal.localcontext() as context:
            context.prec = AGGREGATE_PRECISION  # exact: the parts add up to the year's total
            totals: dict[str, dict[int, _Merged]] = {}
            for group in self.groups:
                name = group.band if by == "band" else group.team
                by_year = totals.get(name)
                if by_year is None:
                    by_year = totals[name] = {}
                merged = by_year.get(group.year)
                if merged is None:
                    merged = by_year[group.year] = _Merged()
                merged.add(group)
            order = _band_order(self) if by == "band" else _team_order(self)
            return {
                name: {
                    year: totals[name][year].group_year(name, by, year)
                    for year in sorted(totals[name])
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


class _Merged:
    """Groups of one band or team in one year, being added up."""

    __slots__ = ("all_growth", "fte", "full_year_effect", "in_year", "posts", "posts_added")

    def __init__(self) -> None:
        self.all_growth = True
        self.posts = self.posts_added = 0
        self.fte = ZERO
        self.in_year = _Sum()
        self.full_year_effect = _Sum()

    def add(self, group: GroupYear) -> None:
        self.all_growth = self.all_growth and group.kind == "growth"
        self.posts += group.posts
        self.posts_added += group.posts_added
        self.fte += group.fte
        self.in_year.add(group.in_year)
        self.full_year_effect.add(group.full_year_effect)

    def group_year(self, name: str, by: str, year: int) -> GroupYear:
        return GroupYear(
            kind="growth" if self.all_growth else "baseline",
            year_added=None,
            team=name if by == "team" else "",
            band=name if by == "band" else "",
            year=year,
            posts=self.posts,
            posts_added=self.posts_added,
            fte=self.fte,
            in_year=self.in_year.costs(),
            full_year_effect=self.full_year_effect.costs(),
        )


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


# --- costing -----------------------------------------------------------------------------

GroupKey = tuple[LineKind, int | None, str, str]
# band, point, year, uplift index, fte, and whether the month is NI-relieved (SPEC §11)
State = tuple[str, int, int, int, Decimal, bool]
# A line without its group and posts: band, fte, entry point, last point, first and last
# filled months, increments from, year added, last NI-relieved month (None: not relieved).
# Lines with one pattern cost the same per post.
Pattern = tuple[str, Decimal, int, int, int, int, int, int | None, int | None]


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
class _YearProfile:
    """What one post of a pattern does in one financial year."""

    stretches: tuple[tuple[State, int, int], ...]  # (state, first month, month after the last)
    in_year: Costs | None  # its cost over its filled months, after the vacancy factor
    full_year_effect: Costs | None  # 12 x its March cost, when in the establishment at year end
    added: bool  # a growth line added in this year
    ni_relieved: Decimal | None  # NI not paid in its relieved months, after the vacancy factor


Profile = tuple[_YearProfile | None, ...]  # one entry per year of the horizon


def _times(costs: Costs, count: Decimal) -> Costs:
    """`costs` for `count` posts (the same object for one: most lines are a single post).
    A Decimal count: multiplying by an int converts it each time, four times slower."""
    return costs if count == 1 else costs.scaled(count)


def _group_order(group: GroupKey) -> tuple[bool, int, str, str]:
    """Within a year: baseline first, then growth by the year added; then team and band."""
    kind, year_added, team, band = group
    return (kind == "growth", year_added or 0, team, band)


# What a line of a pattern costs per post, year by year; see `cost_scenario`'s `profiles`.
ProfileMemo = dict[Pattern, Profile]


def cost_scenario(
    scenario: Scenario,
    rates: RateTable,
    *,
    monthly: bool = False,
    profiles: ProfileMemo | None = None,
) -> CostResult:
    """Cost a validated scenario against its rate table (see `validation.cross_check`).

    `profiles`, a memo the caller keeps, lets runs share what each kind of post costs: give the
    same dict only to runs with the same horizon, assumptions and pricing of their bands (a
    comparison costs several mixtures of two scenarios; each pattern is then priced once)."""
    with paused_gc(), decimal.localcontext() as context:
        context.prec = PRECISION
        result = _Costing(scenario, rates, monthly=monthly, profiles=profiles).run()
    if any(budget.price_base is not None for budget in scenario.budgets):
        # Envelopes judged at their own price base (SPEC §8): a transformation of the inputs
        # costed by this same engine.
        from pi_growth.cost.price_basis import with_price_bases  # noqa: PLC0415 - a cycle

        result = with_price_bases(result)
    return result


class _Costing:
    def __init__(
        self,
        scenario: Scenario,
        rates: RateTable,
        *,
        monthly: bool,
        profiles: ProfileMemo | None = None,
    ) -> None:
        self.scenario = scenario
        self.memo: ProfileMemo = {} if profiles is None else profiles
        self.rates = rates
        self.want_monthly = monthly
        assumptions = scenario.assumptions
        self.pay_award_month = assumptions.pay_award_month or rates.pay_award_month
        # The rate table's award history, the scenario's assumptions and `later` (SPEC §8).
        self.pricer = Pricer(rates, effective_pay_awards(scenario, rates), self.pay_award_month)
        self.horizon = scenario.horizon
        self.first_month = first_month_of(self.horizon[0])
        self.last_month = last_month_of(self.horizon[-1])
        self.keep = 1 - assumptions.vacancy_factor
        # group -> pattern -> posts, counted in integers: Decimal work then runs once per
        # pattern and year (pricing one post), and once per group and year (scaling by posts),
        # never per line, post or month.
        self.posts_by_group: dict[GroupKey, dict[Pattern, int]] = {}
        self.pattern_plans: dict[Pattern, _LinePlan] = {}

    def run(self) -> CostResult:
        for plan in self._plans():
            pattern = plan.pattern
            by_pattern = self.posts_by_group.setdefault(plan.group, {})
            by_pattern[pattern] = by_pattern.get(pattern, 0) + plan.posts
            self.pattern_plans.setdefault(pattern, plan)
        # Past pricing every product and sum is exact (see AGGREGATE_PRECISION), so the figures
        # by group, year, band and team agree to the last digit however they are added up, and
        # the vacancy factor scales in-year costs exactly.
        with decimal.localcontext() as context:
            context.prec = AGGREGATE_PRECISION
            memo = self.memo
            profiles = {
                pattern: memo[pattern] if pattern in memo else self._profile(plan)
                for pattern, plan in self.pattern_plans.items()
            }
            memo.update(profiles)
            groups = self._groups(profiles)
            years = self._year_summaries(profiles)
            budgets = tuple(
                self._budget(index, groups) for index in range(len(self.scenario.budgets))
            )
            monthly = None
            if self.want_monthly:
                detail = _MonthlyDetail(self, profiles)
                monthly = MonthlyRows(detail.year_rows, len(self.horizon))
        return CostResult(
            scenario=self.scenario,
            rates=self.rates,
            pay_award_month=self.pay_award_month,
            groups=groups,
            years=years,
            budgets=budgets,
            monthly=monthly,
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
                relief_until=line.relief_until,
            )
        for growth in self.scenario.growth:
            band = self.rates.bands[growth.band]
            start = self.scenario.fill_month(growth)
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
                relief_until=growth.relief_until,
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
            plan.relief_until is not None and month <= plan.relief_until,
        )

    def _profile(self, plan: _LinePlan) -> Profile:
        """One post of this line's pattern, year by year (SPEC §4)."""
        return tuple(self._year_profile(plan, year) for year in self.horizon)

    def _year_profile(self, plan: _LinePlan, year: int) -> _YearProfile | None:
        march = last_month_of(year)
        full_year_effect = None
        if plan.year_added is None or plan.year_added <= year:
            in_establishment = plan.last_filled >= march or plan.year_added is None
            if in_establishment:
                full_year_effect = self._price(self._state(plan, march, year)).scaled(12)
        stretches = self._stretches(plan, year)
        in_year = None
        ni_relieved = None
        for state, begin, end in stretches:
            cost = self._price(state).scaled(end - begin)
            in_year = cost if in_year is None else in_year + cost
            if state[5]:
                relieved = self.pricer.ni_relieved(*state[:5]) * (end - begin)
                ni_relieved = relieved if ni_relieved is None else ni_relieved + relieved
        if self.keep != 1:
            if in_year is not None:
                in_year = in_year.scaled(self.keep)
            if ni_relieved is not None:
                ni_relieved *= self.keep
        added = plan.year_added == year
        if full_year_effect is None and in_year is None and not added:
            return None
        return _YearProfile(stretches, in_year, full_year_effect, added, ni_relieved)

    def _stretches(self, plan: _LinePlan, year: int) -> tuple[tuple[State, int, int], ...]:
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

    def _price(self, state: State) -> Costs:
        return self.pricer.cost_of(state)

    def _groups(self, profiles: dict[Pattern, Profile]) -> tuple[GroupYear, ...]:
        ordered = sorted(self.posts_by_group.items(), key=lambda item: _group_order(item[0]))
        lines_by_group = [
            (
                group,
                [
                    (profiles[pattern], pattern[1], posts, Decimal(posts))
                    for pattern, posts in by_pattern.items()
                ],
            )
            for group, by_pattern in ordered
        ]
        found: list[GroupYear] = []
        for index, year in enumerate(self.horizon):  # year by year: the order reports show
            for (kind, year_added, team, band), lines in lines_by_group:
                present = False
                posts = posts_added = 0
                fte = ZERO
                in_year: Costs | None = None
                full_year: Costs | None = None
                for profile_by_year, line_fte, count, times in lines:
                    profile = profile_by_year[index]
                    if profile is None:
                        continue
                    present = True
                    if profile.in_year is not None:
                        cost = _times(profile.in_year, times)
                        in_year = cost if in_year is None else in_year + cost
                    if profile.full_year_effect is not None:
                        cost = _times(profile.full_year_effect, times)
                        full_year = cost if full_year is None else full_year + cost
                        posts += count
                        fte += count * line_fte
                    if profile.added:
                        posts_added += count
                if present:
                    found.append(
                        GroupYear(
                            kind,
                            year_added,
                            team,
                            band,
                            year,
                            posts,
                            posts_added,
                            fte,
                            NO_COSTS if in_year is None else in_year,
                            NO_COSTS if full_year is None else full_year,
                        )
                    )
        return tuple(found)

    def _year_summaries(self, profiles: dict[Pattern, Profile]) -> tuple[YearSummary, ...]:
        """Each year's totals, summed per pattern: equal to the sum of its groups (sums are
        exact), at a fraction of the work."""
        totals: dict[Pattern, int] = defaultdict(int)
        for by_pattern in self.posts_by_group.values():
            for pattern, posts in by_pattern.items():
                totals[pattern] += posts
        summaries = []
        for index, year in enumerate(self.horizon):
            in_year, full_year = _Sum(), _Sum()
            growth_in_year, growth_full_year = _Sum(), _Sum()
            posts = posts_added = 0
            fte = ni_relieved = ZERO
            for pattern, posts_of_pattern in totals.items():
                profile = profiles[pattern][index]
                if profile is None:
                    continue
                count = Decimal(posts_of_pattern)
                if profile.ni_relieved is not None:
                    ni_relieved += profile.ni_relieved * count
                growth = pattern[7] is not None  # year added
                if profile.in_year is not None:
                    in_year.add(profile.in_year, count)
                    if growth:
                        growth_in_year.add(profile.in_year, count)
                if profile.full_year_effect is not None:
                    full_year.add(profile.full_year_effect, count)
                    if growth:
                        growth_full_year.add(profile.full_year_effect, count)
                    posts += posts_of_pattern
                    fte += count * pattern[1]
                if profile.added:
                    posts_added += posts_of_pattern
            summaries.append(
                YearSummary(
                    year,
                    posts,
                    posts_added,
                    fte,
                    in_year.costs(),
                    full_year.costs(),
                    growth_in_year.costs(),
                    growth_full_year.costs(),
                    ni_relieved,
                )
            )
        return tuple(summaries)

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


class _MonthlyDetail:
    """What the monthly rows are made from, kept by the result so that it can make them as
    they are read: each team and band's (pattern, posts), and one post of each pattern."""

    def __init__(self, costing: _Costing, profiles: dict[Pattern, Profile]) -> None:
        lines: dict[tuple[str, str], list[tuple[Pattern, int]]] = {}
        for (_, _, team, band), by_pattern in costing.posts_by_group.items():
            lines.setdefault((team, band), []).extend(by_pattern.items())
        self.team_bands = sorted(lines.items())  # within a month, rows go by team and band
        self.profiles = profiles
        self.pricer = costing.pricer
        self.horizon = costing.horizon
        # Made in the costing's (exact) aggregate context, and the rows later in a copy of it,
        # so they are the same whenever and wherever they are read.
        self.keep = 1 - costing.scenario.assumptions.vacancy_factor
        self.context = decimal.getcontext().copy()

    def year_rows(self, index: int) -> list[MonthEntry]:
        """The rows of the horizon's year at `index`, by month, then team and band."""
        april = first_month_of(self.horizon[index])
        by_month: list[list[MonthEntry]] = [[] for _ in range(12)]
        # Months with the same posts in the same states cost the same: most months repeat the
        # month before (nothing changes between a fill, an award and an increment), so each
        # distinct mix is costed once and its figures shared. A state belongs to one year, so
        # no mix recurs in another.
        figures: dict[tuple[tuple[State, int], ...], MonthFigures] = {}
        with paused_gc(), decimal.localcontext(self.context):
            for team_band, lines in self.team_bands:
                counts: dict[State, list[int]] = {}  # posts filled in each month of the year
                cuts = {0, 12}  # where the mix of states can change: a stretch's ends
                for pattern, posts in lines:
                    profile = self.profiles[pattern][index]
                    for state, begin, end in profile.stretches if profile else ():
                        months = counts.get(state)
                        if months is None:
                            months = counts[state] = [0] * 12
                        first, stop = begin - april, end - april
                        cuts.update((first, stop))
                        for month in range(first, stop):
                            months[month] += posts
                for first, stop in pairwise(sorted(cuts)):
                    filled = tuple(
                        (state, months[first]) for state, months in counts.items() if months[first]
                    )
                    if not filled:
                        continue
                    known = figures.get(filled)
                    if known is None:
                        known = figures[filled] = self._figures(filled)
                    for month in range(first, stop):
                        by_month[month].append((april + month, team_band, known))
        return [row for rows in by_month for row in rows]

    def _figures(self, filled: tuple[tuple[State, int], ...]) -> MonthFigures:
        costs = _Sum()
        for state, posts in filled:
            costs.add(self.pricer.cost_of(state), posts)
        return (
            sum(posts for _, posts in filled),
            sum((state[4] * posts for state, posts in filled), ZERO),
            costs.costs().scaled(self.keep),
        )
