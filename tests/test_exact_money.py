"""Every reported figure is its exact value, rounded once, half away from zero (SPEC §4).

The figures of generated scenarios are checked against SPEC §4 (and §11's NI reliefs) worked
here month by month in exact rational arithmetic (fractions.Fraction) -- an independent
model, not the engine's -- including amounts that land on half a penny.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from pi_growth.cost.engine import COMPONENTS, cost_scenario
from pi_growth.cost.exact import ExactMoney
from pi_growth.load.validation import cross_check
from pi_growth.models import Line, RateTable, Scenario
from pi_growth.money import round_money
from pi_growth.periods import award_month_of, first_month_of, last_month_of
from pi_growth.render import RenderOptions, Report
from pi_growth.render.json_format import render_cost
from tests.engine_cases import base, cost, grow, rates, scenario
from tests.test_properties import FIRST_YEAR, PROPERTIES, Data, cases

Q = Fraction


PENNY = Q(1, 100)


def half_away(value: Fraction, unit: Fraction = PENNY) -> Fraction:
    """`value` rounded to a multiple of `unit`, half away from zero."""
    steps = abs(value) / unit
    whole = int(steps + Q(1, 2))  # floor(x + 1/2) for x >= 0: halves go up, away from zero
    return whole * unit if value >= 0 else -whole * unit


def total(values: Iterable[Fraction]) -> Fraction:
    """The exact sum of some fractions."""
    result = Q(0)
    for value in values:
        result += value
    return result


def exact(figure: Decimal) -> Fraction:
    """The exact value the engine holds for a figure."""
    assert isinstance(figure, ExactMoney), type(figure)
    return Q(figure.numerator, figure.denominator)


# --- SPEC §4 and §11, month by month, in fractions ---------------------------------------


class Reference:
    """An independent costing of a scenario: every month of every line, exactly."""

    def __init__(self, plan: Scenario, table: RateTable) -> None:
        self.plan, self.table = plan, table
        month = plan.assumptions.pay_award_month or table.pay_award_month
        self.awards = sorted(
            (award_month_of(year, month), Q(rate))
            for year, rate in plan.assumptions.pay_awards.items()
            if isinstance(year, int) and year >= table.price_base  # generated: no `later`
        )
        self.keep = 1 - Q(plan.assumptions.vacancy_factor)

    def uplift(self, month: int) -> Fraction:
        factor = Q(1)
        for effective, rate in self.awards:
            if effective <= month:
                factor *= 1 + rate
        return factor

    def fill(self, line: Line) -> int:
        if hasattr(line, "year"):
            return self.plan.fill_month(line)  # type: ignore[arg-type]
        return first_month_of(self.plan.first_year)

    def last(self, line: Line) -> int:
        end = getattr(line, "end", None)
        return end if end is not None else last_month_of(self.plan.horizon[-1])

    def monthly(self, line: Line, month: int, year: int) -> tuple[list[Fraction], Fraction]:
        """One post's components in `month` (costs of FY `year`), and the NI relieved."""
        band = self.table.bands[line.band]
        f, u = Q(line.fte), self.uplift(month)
        other = Q(band.other) * f / 12
        if band.annual_cost is not None:
            return [Q(0)] * 5 + [other, Q(band.annual_cost) * u * f / 12], Q(0)
        on_costs = self.table.on_costs
        assert on_costs is not None
        if band.points is None:
            assert band.salary is not None
            salary = Q(band.salary)
        else:
            entry = line.point or (1 if hasattr(line, "year") else len(band.points))
            start = self.fill(line)
            rises = max(0, month - start) // 12 if month >= start else 0
            salary = Q(band.points[min(entry + rises, len(band.points)) - 1])
        salary = salary * u * f / 12
        allowances = pensionable_allowances = Q(0)
        for allowance in self.table.allowances:
            amount = Q(allowance.amount) * (u if allowance.uplifted else 1)
            allowances += amount
            if allowance.pensionable:
                pensionable_allowances += amount
        pay = salary + allowances * f / 12
        pensionable = salary + pensionable_allowances * f / 12
        ni_able = pay - Q(on_costs.salary_sacrifice_rate) * pensionable
        entry_year = max(key for key in on_costs.employer_ni if key <= year)
        ni = on_costs.employer_ni[entry_year]
        standard = (
            Q(ni.monthly_threshold) if ni.monthly_threshold is not None else Q(ni.threshold) / 12
        )
        employer_ni = Q(ni.rate) * max(Q(0), ni_able - standard)
        relieved = Q(0)
        until = line.relief_until
        if until is not None and month <= until:
            upper = (
                Q(ni.monthly_upper_secondary_threshold)
                if ni.monthly_upper_secondary_threshold is not None
                else Q(ni.upper_secondary_threshold) / 12  # type: ignore[arg-type]
            )
            lower = Q(ni.rate) * max(Q(0), ni_able - upper)
            relieved, employer_ni = employer_ni - lower, lower
        tiers = on_costs.pension_rate[max(key for key in on_costs.pension_rate if key <= year)]
        rate = next(
            (t.rate for t in tiers if t.up_to is not None and 12 * pensionable <= t.up_to),
            tiers[-1].rate,
        )
        levy = Q(on_costs.apprenticeship_levy_rate) * ni_able
        return [salary, pay - salary, employer_ni, Q(rate) * pensionable, levy, other, Q(0)], (
            relieved
        )

    def lines(self, *, growth_only: bool = False) -> list[Line]:
        own: list[Line] = [] if growth_only else list(self.plan.baseline)
        return [*own, *self.plan.growth]

    def in_year(self, year: int, lines: list[Line]) -> tuple[list[Fraction], Fraction]:
        total, relieved = [Q(0)] * 7, Q(0)
        for line in lines:
            for month in range(first_month_of(year), last_month_of(year) + 1):
                if self.fill(line) <= month <= self.last(line):
                    parts, saved = self.monthly(line, month, year)
                    total = [
                        t + line.posts * p * self.keep for t, p in zip(total, parts, strict=True)
                    ]
                    relieved += line.posts * saved * self.keep
        return total, relieved

    def full_year(self, year: int, lines: list[Line]) -> list[Fraction]:
        total, march = [Q(0)] * 7, last_month_of(year)
        for line in lines:
            added = getattr(line, "year", None)
            end = getattr(line, "end", None)
            if added is None or (added <= year and (end is None or end >= march)):
                parts, _ = self.monthly(line, march, year)
                total = [t + 12 * line.posts * p for t, p in zip(total, parts, strict=True)]
        return total

    def budget(self, index: int) -> Fraction:
        budget = self.plan.budgets[index]
        last = budget.years[-1]
        chosen: list[Line] = list(self.plan.baseline) if budget.scope == "total" else []
        for line in self.plan.growth:
            if budget.scope == "added" and line.year not in budget.years:
                continue
            if budget.scope != "added" and line.year > last:
                continue
            chosen.append(line)
        if budget.measure == "in_year":
            return total(total(self.in_year(year, chosen)[0]) for year in budget.years)
        return total(self.full_year(last, chosen))


# --- generated scenarios with half pennies and NI reliefs --------------------------------

# Amounts in tenths of a penny ending in 5 (1,000.015): halves of a penny once summed.
half_penny = st.integers(min_value=0, max_value=60_000_000).map(
    lambda n: Decimal(n * 10 + 5) / 1000
)


@st.composite
def exact_cases(draw: st.DrawFn) -> tuple[Scenario, RateTable]:
    """test_properties' generated cases, with half-penny amounts, an Upper Secondary
    Threshold and some lines relieved (SPEC §11)."""
    plan, table = draw(cases())
    bands = dict(table.bands)
    bands["R"] = bands["R"].model_copy(update={"annual_cost": draw(half_penny)})
    bands["S"] = bands["S"].model_copy(update={"salary": draw(half_penny)})
    assert table.on_costs is not None
    employer_ni = {}
    for year, entry in table.on_costs.employer_ni.items():
        upper: Data = {"upper_secondary_threshold": Decimal(draw(st.integers(0, 60_000)))}
        if draw(st.booleans()):
            upper["monthly_upper_secondary_threshold"] = draw(half_penny) / 1000
        employer_ni[year] = entry.model_copy(update=upper)
    on_costs = table.on_costs.model_copy(update={"employer_ni": employer_ni})
    table = table.model_copy(update={"bands": bands, "on_costs": on_costs})
    relieved = {}
    for section in ("baseline", "growth"):
        lines = []
        for line in getattr(plan, section):
            if table.bands[line.band].is_pay_band and draw(st.integers(0, 2)) == 0:
                until = first_month_of(FIRST_YEAR) + draw(st.integers(0, 12 * plan.years))
                relief = {"ni_category": "under_21", "ni_relief_until": until}
                lines.append(line.model_copy(update=relief))
            else:
                lines.append(line)
        relieved[section] = lines
    plan = plan.model_copy(update=relieved)
    assert cross_check(plan, table) == []
    return plan, table


@PROPERTIES
@given(exact_cases())
def test_every_figure_is_exact_and_rounded_once(case: tuple[Scenario, RateTable]) -> None:
    plan, table = case
    result = cost_scenario(plan, table)
    reference = Reference(plan, table)
    everything, growth = reference.lines(), reference.lines(growth_only=True)
    for year in result.years:
        in_year, relieved = reference.in_year(year.year, everything)
        full_year = reference.full_year(year.year, everything)
        for name, want, got in zip(COMPONENTS, in_year, year.in_year, strict=True):
            assert exact(got) == want, name
        for name, want, got in zip(COMPONENTS, full_year, year.full_year_effect, strict=True):
            assert exact(got) == want, name
        assert exact(year.ni_relieved) == relieved
        assert exact(year.in_year.total) == total(in_year)
        assert round_money(year.in_year.total) == half_away(total(in_year))
        assert round_money(year.full_year_effect.total) == half_away(total(full_year))
        assert exact(year.growth_in_year.total) == total(reference.in_year(year.year, growth)[0])
        assert exact(year.growth_full_year_effect.total) == total(
            reference.full_year(year.year, growth)
        )
    document = json.loads(render_cost(Report(result, "", ""), RenderOptions()))
    for index, budget in enumerate(result.budgets):
        want = reference.budget(index)
        assert exact(budget.cost) == want
        shown = document["budgets"][index]
        assert Q(shown["cost"]) == half_away(want)
        assert Q(shown["variance"]) == half_away(Q(budget.amount) - want)
    for year, shown in zip(result.years, document["years"], strict=True):
        want = total(reference.in_year(year.year, everything)[0])
        assert Q(shown["in_year_cost"]) == half_away(want)
    # A total a renderer adds up (the years' in-year cost) is the exact sum, rounded once.
    added_up = sum((year.in_year.total for year in result.years), Decimal(0))
    assert round_money(added_up) == half_away(
        total(total(reference.in_year(y, everything)[0]) for y in plan.horizon)
    )


def test_the_half_penny_of_issue_9() -> None:
    """An annual cost of £1,000.015: the year's FYE and the budget on the same line are both
    £1,000.02 (the budget was £1,000.01 when summed in 60-digit Decimal)."""
    table = rates(bands={"R": {"annual_cost": "1000.015"}})
    budgets = [{"name": "Growth", "years": ["2024/25"], "amount": 2000}]
    plan = scenario(growth=[grow("R")], budgets=budgets)
    result = cost(plan, table)
    (year,) = result.years
    (budget,) = result.budgets
    # FYE: 12 x (1,000.015 / 12) = 1,000.015 exactly, rounded half away from zero: 1,000.02
    assert round_money(year.full_year_effect.total) == Decimal("1000.02")
    assert round_money(year.growth_full_year_effect.total) == Decimal("1000.02")
    assert round_money(budget.cost) == Decimal("1000.02")
    # headroom 2,000 - 1,000.015 = 999.985 -> 999.99
    assert round_money(budget.variance) == Decimal("999.99")
    # and as printed: the JSON shows the same pennies in both places
    document = json.loads(render_cost(Report(result, "", ""), RenderOptions()))
    assert document["years"][0]["full_year_effect"] == "1000.02"
    assert document["budgets"][0]["cost"] == "1000.02"
    assert document["budgets"][0]["variance"] == "999.99"


def test_a_negative_half_penny_rounds_away_from_zero() -> None:
    """A change of -£0.015 (SPEC §4's example) is -£0.02, and +£0.015 is +£0.02."""
    assert round_money(ExactMoney(-15, 1000)) == Decimal("-0.02")
    assert round_money(ExactMoney(15, 1000)) == Decimal("0.02")
    # a third of 0.045 summed three times is 0.045 exactly, not 0.04499...
    third = ExactMoney(45, 3000)
    assert round_money(third + third + third) == Decimal("0.05")
    assert round_money(sum([third, third, third], Decimal(0))) == Decimal("0.05")


def test_baseline_and_growth_of_the_same_half_penny_agree() -> None:
    """Two posts of £1,000.015 a year in the baseline: FYE 2,000.03 exactly, in every place."""
    table = rates(bands={"R": {"annual_cost": "1000.015"}})
    budgets = [{"name": "All", "years": ["2024/25"], "amount": 1, "scope": "total"}]
    result = cost(scenario(baseline=[base("R", posts=2)], budgets=budgets), table)
    (year,) = result.years
    # 2 x 12 x 1,000.015 / 12 = 2,000.03
    assert exact(year.full_year_effect.total) == Q("2000.03")
    assert exact(result.budgets[0].cost) == Q("2000.03")
    (band,) = result.breakdown("band")["R"].values()
    assert exact(band.full_year_effect.total) == Q("2000.03")
