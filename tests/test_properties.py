"""Properties of the costing that hold for every scenario, checked on generated ones."""

from __future__ import annotations

import json
import random
from decimal import Decimal, localcontext
from typing import Any, Literal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pi_growth.cost.costs import COMPONENTS, Costs
from pi_growth.cost.engine import CostResult, cost_scenario
from pi_growth.load.validation import cross_check
from pi_growth.models import RateTable, Scenario
from pi_growth.periods import (
    format_financial_year,
    format_month,
    month_index,
    parse_month,
    round_money,
)
from pi_growth.render import RenderOptions, Report
from pi_growth.render.json_format import render_cost

# deadline=None: a costing's time varies with the machine's load, not with a bug; 60
# examples of each property keep the file well under its 30-second budget.
settings.register_profile(
    "properties",
    deadline=None,
    max_examples=60,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
PROPERTIES = settings.get_profile("properties")

FIRST_YEAR = 2024
Data = dict[str, Any]


# --- generated rate tables and scenarios -------------------------------------------------

money = st.integers(min_value=0, max_value=120_000).map(Decimal)
pence = st.integers(min_value=0, max_value=99).map(lambda value: Decimal(value) / 100)
small_rate = st.integers(min_value=0, max_value=400).map(lambda value: Decimal(value) / 1000)


@st.composite
def rate_tables(draw: st.DrawFn) -> Data:
    """A rate table with a salary band S, a points band P and an annual_cost band R, random
    allowances and on-costs (flat or banded pension, NI with or without a monthly threshold,
    levy, salary sacrifice)."""
    points = sorted(draw(st.lists(money, min_size=1, max_size=4)))
    allowances = [
        {
            "name": f"Allowance {index}",
            "amount": draw(money) / 10,
            "pensionable": draw(st.booleans()),
            "uplifted": draw(st.booleans()),
        }
        for index in range(draw(st.integers(0, 2)))
    ]
    if draw(st.booleans()):
        pension: Any = draw(small_rate)
    else:
        # Tiers whose rate rises with pay, as every real scheme's do (with falling rates a
        # lower salary can cost more pension, and "later is never dearer" would not hold).
        bounds = sorted(set(draw(st.lists(money, min_size=1, max_size=3))))
        tier_rates = sorted(draw(st.lists(small_rate, min_size=len(bounds) + 1, max_size=4)))
        pension = [
            {"up_to": bound, "rate": rate} for bound, rate in zip(bounds, tier_rates, strict=False)
        ]
        pension.append({"rate": tier_rates[-1]})
    ni: Data = {"rate": draw(small_rate), "threshold": draw(money) / 10}
    if draw(st.booleans()):
        ni["monthly_threshold"] = draw(money) / 100
    return {
        "name": "Generated rates",
        "price_base": format_financial_year(FIRST_YEAR),
        "pay_award_month": draw(st.integers(1, 12)),
        "bands": {
            "S": {"salary": draw(money) + draw(pence), "other": draw(money) / 100},
            "P": {"points": points},
            "R": {"annual_cost": draw(money)},
        },
        "allowances": allowances,
        "on_costs": {
            "pension_rate": pension,
            "apprenticeship_levy_rate": draw(small_rate) / 40,
            "salary_sacrifice_rate": draw(small_rate) / 4,
            "employer_ni": {format_financial_year(FIRST_YEAR): ni},
        },
    }


ftes = st.sampled_from(["1", "0.8", "0.5", "0.6", "0.25", "1"])
teams = st.sampled_from(["Ops", "Data", "Insight", "Lead"])


@st.composite
def lines(draw: st.DrawFn, *, years: int, points: int, growth: bool) -> Data:
    """A baseline or growth line over a horizon of `years` from 2024/25."""
    band = draw(st.sampled_from(["S", "P", "R"]))
    line: Data = {
        "team": draw(teams),
        "band": band,
        "posts": draw(st.integers(1, 30)),
        "fte": draw(ftes),
    }
    if band == "P" and draw(st.booleans()):
        line["point"] = draw(st.integers(1, points))
    if growth:
        year = FIRST_YEAR + draw(st.integers(0, years - 1))
        line["year"] = format_financial_year(year)
        start = month_index(year, 4) + draw(st.integers(0, 14))
        if draw(st.booleans()):
            line["start"] = format_month(start)
        else:
            start = month_index(year, 4)  # the default, with no fill lag
        if draw(st.integers(0, 3)) == 0:
            line["end"] = format_month(start + draw(st.integers(0, 30)))
    return line


@st.composite
def cases(draw: st.DrawFn) -> tuple[Scenario, RateTable]:
    """A valid scenario and its rate table (the scenario's cross-checks pass)."""
    rates = draw(rate_tables())
    points = len(rates["bands"]["P"]["points"])
    years = draw(st.integers(1, 4))
    horizon = [format_financial_year(FIRST_YEAR + index) for index in range(years)]
    awards = {year: draw(small_rate) / 5 for year in horizon if draw(st.booleans())}
    budgets = []
    for index in range(draw(st.integers(0, 2))):
        first = draw(st.integers(0, years - 1))
        last = draw(st.integers(first, years - 1))
        budgets.append(
            {
                "name": f"Envelope {index}",
                "years": horizon[first : last + 1],
                "amount": draw(money) * 10,
                "measure": draw(st.sampled_from(["in_year", "full_year_effect"])),
                "scope": draw(st.sampled_from(["added", "growth", "total"])),
            }
        )
    scenario = Scenario.model_validate(
        {
            "name": "Generated scenario",
            "rates": "generated",
            "first_year": horizon[0],
            "years": years,
            "assumptions": {
                "pay_awards": awards,
                "vacancy_factor": draw(st.sampled_from(["0", "0.05", "0.125", "0.3"])),
            },
            "baseline": draw(st.lists(lines(years=years, points=points, growth=False), max_size=4)),
            "growth": draw(st.lists(lines(years=years, points=points, growth=True), max_size=5)),
            "budgets": budgets,
        }
    )
    table = RateTable.model_validate(rates)
    assert cross_check(scenario, table) == []
    return scenario, table


def as_data(scenario: Scenario) -> Data:
    """A scenario as the data it could have been read from (years and months as text)."""
    data = scenario.model_dump(mode="python", exclude_none=True)
    data["first_year"] = format_financial_year(scenario.first_year)
    data["assumptions"]["pay_awards"] = {
        format_financial_year(year): rate
        for year, rate in scenario.assumptions.named_pay_awards.items()
    }
    for line in data["growth"]:
        line["year"] = format_financial_year(line["year"])
        for key in ("start", "end"):
            if key in line:
                line[key] = format_month(line[key])
    for budget in data["budgets"]:
        budget["years"] = [format_financial_year(year) for year in budget["years"]]
    return data


def changed(scenario: Scenario, **changes: Any) -> Scenario:
    """The scenario with some of its data replaced, validated again."""
    return Scenario.model_validate({**as_data(scenario), **changes})


def plain_lines(scenario: Scenario, section: str) -> list[Data]:
    """The lines of a section as data (see `as_data`)."""
    lines: list[Data] = as_data(scenario)[section]
    return lines


def components(costs: Costs) -> tuple[Decimal, ...]:
    """A Costs as its components, for comparing."""
    return tuple(getattr(costs, name) for name in COMPONENTS)


def summed(items: list[Costs]) -> tuple[Decimal, ...]:
    """Component-wise sum, exact (far more digits than any figure has)."""
    with localcontext() as context:
        context.prec = 400
        return tuple(
            sum((getattr(item, name) for item in items), Decimal(0)) for name in COMPONENTS
        )


def figures(result: CostResult) -> Data:
    """Every figure of a result, unrounded, in a form that compares exactly."""
    return {
        "years": [
            (
                year.posts,
                year.posts_added,
                year.fte,
                components(year.in_year),
                components(year.full_year_effect),
                components(year.growth_in_year),
                components(year.growth_full_year_effect),
            )
            for year in result.years
        ],
        "budgets": [(budget.name, budget.cost) for budget in result.budgets],
        "by_band": _breakdown(result, "band"),
        "by_team": _breakdown(result, "team"),
    }


def _breakdown(
    result: CostResult, by: Literal["band", "team"]
) -> dict[tuple[str, int], tuple[object, ...]]:
    return {
        (name, year): (
            group.posts,
            group.posts_added,
            components(group.in_year),
            components(group.full_year_effect),
        )
        for name, years in result.breakdown(by).items()
        for year, group in years.items()
    }


# --- properties ---------------------------------------------------------------------------


@PROPERTIES
@given(cases())
def test_totals_by_band_and_by_team_equal_the_yearly_total(
    case: tuple[Scenario, RateTable],
) -> None:
    """For every year, the figures by band add up to the year's figures, and so do the
    figures by team: posts, posts added, and each cost component of the in-year cost and the
    full-year effect, exactly (to the last of the engine's digits, before any rounding)."""
    scenario, rates = case
    result = cost_scenario(scenario, rates)
    for by in ("band", "team"):
        breakdown = result.breakdown(by)
        for year in result.years:
            parts = [years[year.year] for years in breakdown.values() if year.year in years]
            assert sum(part.posts for part in parts) == year.posts
            assert sum(part.posts_added for part in parts) == year.posts_added
            assert summed([part.in_year for part in parts]) == components(year.in_year)
            assert summed([part.full_year_effect for part in parts]) == components(
                year.full_year_effect
            )


@PROPERTIES
@given(cases(), st.data())
def test_splitting_a_line_changes_nothing(
    case: tuple[Scenario, RateTable], data: st.DataObject
) -> None:
    """Splitting a line of n posts into two lines of k and n - k posts (everything else the
    same) changes no figure at all."""
    scenario, rates = case
    section = data.draw(st.sampled_from(["baseline", "growth"]))
    found = plain_lines(scenario, section)
    splittable = [index for index, line in enumerate(found) if line["posts"] >= 2]
    if not splittable:
        return
    index = data.draw(st.sampled_from(splittable))
    line = found[index]
    first = data.draw(st.integers(1, line["posts"] - 1))
    at = data.draw(st.integers(0, len(found)))
    split = [*found[:index], *found[index + 1 :]]
    split.insert(min(at, len(split)), {**line, "posts": line["posts"] - first})
    split.insert(index, {**line, "posts": first})
    before = figures(cost_scenario(scenario, rates))
    after = figures(cost_scenario(changed(scenario, **{section: split}), rates))
    assert after == before


@PROPERTIES
@given(cases(), st.data())
def test_adding_a_post_never_lowers_any_cost(
    case: tuple[Scenario, RateTable], data: st.DataObject
) -> None:
    """One more post on any line never lowers any cost component of any year (in-year or
    full-year effect, all lines or growth only), nor any budget's cost."""
    scenario, rates = case
    section = data.draw(st.sampled_from(["baseline", "growth"]))
    found = plain_lines(scenario, section)
    if not found:
        return
    index = data.draw(st.integers(0, len(found) - 1))
    found[index] = {**found[index], "posts": found[index]["posts"] + 1}
    before = cost_scenario(scenario, rates)
    after = cost_scenario(changed(scenario, **{section: found}), rates)
    for old, new in zip(before.years, after.years, strict=True):
        for kind in ("in_year", "full_year_effect", "growth_in_year", "growth_full_year_effect"):
            for was, now in zip(
                components(getattr(old, kind)), components(getattr(new, kind)), strict=True
            ):
                assert now >= was
    for old_budget, new_budget in zip(before.budgets, after.budgets, strict=True):
        assert new_budget.cost >= old_budget.cost


@PROPERTIES
@given(cases(), st.data())
def test_starting_later_never_raises_an_in_year_cost(
    case: tuple[Scenario, RateTable], data: st.DataObject
) -> None:
    """Filling a growth line later (its start moved on by some months, up to its end if it
    has one, which stays as it is) never raises any year's in-year cost, in total or in any
    component. (This needs pension tiers whose rates rise with pay, as real schemes' do: with
    a rate that falls as pay rises, a post a spinal point lower can cost more pension.)"""
    scenario, rates = case
    found = plain_lines(scenario, "growth")
    if not found:
        return
    index = data.draw(st.integers(0, len(found) - 1))
    line = dict(found[index])
    year = int(str(line["year"])[:4])
    current = parse_month(line["start"]) if "start" in line else month_index(year, 4)
    latest = parse_month(line["end"]) if "end" in line else current + 24  # end stays as it is
    if latest <= current:
        return
    line["start"] = format_month(data.draw(st.integers(current + 1, latest)))
    found[index] = line
    before = cost_scenario(scenario, rates)
    after = cost_scenario(changed(scenario, growth=found), rates)
    for old, new in zip(before.years, after.years, strict=True):
        assert new.in_year.total <= old.in_year.total
        for was, now in zip(components(old.in_year), components(new.in_year), strict=True):
            assert now <= was


@PROPERTIES
@given(cases(), st.sampled_from(["0.05", "0.1", "0.25", "0.5", "0.999"]))
def test_the_vacancy_factor_scales_in_year_cost_and_not_the_full_year_effect(
    case: tuple[Scenario, RateTable], vacancy: str
) -> None:
    """With a vacancy factor v, every in-year figure (each component, every year, band and
    team) is exactly (1 - v) times the figure with none; full-year effects are unchanged."""
    scenario, rates = case
    assumptions = as_data(scenario)["assumptions"]
    none = cost_scenario(changed(scenario, assumptions={**assumptions, "vacancy_factor": 0}), rates)
    some = cost_scenario(
        changed(scenario, assumptions={**assumptions, "vacancy_factor": vacancy}), rates
    )
    keep = 1 - Decimal(vacancy)
    with localcontext() as context:
        context.prec = 400
        for full, reduced in zip(none.years, some.years, strict=True):
            assert components(reduced.in_year) == tuple(
                value * keep for value in components(full.in_year)
            )
            assert components(reduced.full_year_effect) == components(full.full_year_effect)
        for full_group, reduced_group in zip(none.groups, some.groups, strict=True):
            assert reduced_group.in_year.total == full_group.in_year.total * keep
            assert reduced_group.full_year_effect == full_group.full_year_effect


@PROPERTIES
@given(cases())
def test_json_output_parses_back_to_the_same_figures(case: tuple[Scenario, RateTable]) -> None:
    """The JSON output, read back, gives every year's, budget's, band's and team's figures:
    each the engine's figure rounded half up to pence, posts as whole numbers."""
    scenario, rates = case
    result = cost_scenario(scenario, rates)
    document = json.loads(render_cost(Report(result, "s.yaml", "r.yaml"), RenderOptions()))
    for year, shown in zip(result.years, document["years"], strict=True):
        assert shown["year"] == format_financial_year(year.year)
        assert (shown["posts"], shown["posts_added"]) == (year.posts, year.posts_added)
        assert Decimal(shown["in_year_cost"]) == round_money(year.in_year.total)
        assert Decimal(shown["full_year_effect"]) == round_money(year.full_year_effect.total)
        assert Decimal(shown["growth_in_year_cost"]) == round_money(year.growth_in_year.total)
        assert Decimal(shown["growth_full_year_effect"]) == round_money(
            year.growth_full_year_effect.total
        )
    for budget, shown in zip(result.budgets, document["budgets"], strict=True):
        assert shown["name"] == budget.name
        assert Decimal(shown["cost"]) == round_money(budget.cost)
        assert Decimal(shown["amount"]) == round_money(budget.amount)
        assert Decimal(shown["variance"]) == round_money(budget.variance)
        assert shown["status"] == budget.status
    for by, key in (("band", "by_band"), ("team", "by_team")):
        breakdown = result.breakdown(by)  # type: ignore[arg-type]
        assert [row[by] for row in document[key]] == list(breakdown)
        for row in document[key]:
            groups = breakdown[row[by]]
            for entry, group in zip(row["years"], groups.values(), strict=True):
                assert Decimal(entry["in_year_cost"]) == round_money(group.in_year.total)
                assert Decimal(entry["full_year_effect"]) == round_money(
                    group.full_year_effect.total
                )
                assert entry["posts"] == group.posts


@PROPERTIES
@given(cases(), st.randoms(use_true_random=False))
def test_costing_does_not_depend_on_the_order_of_lines(
    case: tuple[Scenario, RateTable], shuffler: random.Random
) -> None:
    """Shuffling the baseline and growth lines changes no figure (reports may list teams in
    a different order, but every figure of every year, budget, band and team is the same)."""
    scenario, rates = case
    baseline, growth = plain_lines(scenario, "baseline"), plain_lines(scenario, "growth")
    shuffler.shuffle(baseline)
    shuffler.shuffle(growth)
    before = figures(cost_scenario(scenario, rates))
    after = figures(cost_scenario(changed(scenario, baseline=baseline, growth=growth), rates))
    assert after == before
