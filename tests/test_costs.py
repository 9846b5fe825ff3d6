"""Every cost component survives `+`, scaling, every aggregation and every output.

The components are declared once (`cost/costs.py`); the tests loop over them. A rate table
that makes EVERY component non-zero is costed by hand below, and each group, year, band,
team, month, budget and export must show each component. (A component added to `Costs` but
left out of one running sum once showed a group at £13,200 while its year and band said
£12,000.) A new component needs a figure here: `test_the_plan_has_every_component` fails
until the rate table below prices it.
"""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from typing import Any

import pytest
from openpyxl import load_workbook

from pi_growth.cost.costs import COMPONENT_TITLES, COMPONENTS, Costs, CostsSum, sum_costs
from pi_growth.cost.engine import CostResult
from pi_growth.cost.reckoner import build_reckoner
from pi_growth.models import RateTable
from pi_growth.render import CostFormat, RenderOptions, Report, cost_renderer
from pi_growth.render.csv_format import render_cost as render_csv
from tests.engine_cases import cost, on_costs, rates, scenario

N = len(COMPONENTS)
IN_YEAR_TOTAL = {"measure": "in_year", "scope": "total"}

# One post-month of band S (FTE 1, no awards): salary 12,000 / 12 = 1,000; allowance
# 1,200 / 12 = 100 (not pensionable); employer NI 10% x (1,000 + 100) = 110 (threshold 0);
# pension 10% x 1,000 = 100; levy 0.5% x 1,100 = 5.50; other 1,200 / 12 = 100.
S_MONTH = Costs(
    salary=Decimal(1000),
    allowances=Decimal(100),
    employer_ni=Decimal(110),
    pension=Decimal(100),
    apprenticeship_levy=Decimal("5.5"),
    other=Decimal(100),
)
# Band R, an annual cost: 24,000 / 12 = 2,000 loaded; other 1,200 / 12 = 100.
R_MONTH = Costs(loaded_cost=Decimal(2000), other=Decimal(100))


def every(amount: int | Decimal) -> Costs:
    """`amount` in every component."""
    return Costs(*[Decimal(amount)] * N)


def _rates() -> RateTable:
    return rates(
        bands={"S": {"salary": 12000, "other": 1200}, "R": {"annual_cost": 24000, "other": 1200}},
        allowances=[{"name": "Weighting", "amount": 1200, "pensionable": False}],
        on_costs=on_costs(
            pension_rate="10%",
            apprenticeship_levy_rate="0.5%",
            employer_ni={"2020/21": {"rate": "10%", "threshold": 0}},
        ),
    )


def test_each_component_has_a_title() -> None:
    assert list(COMPONENT_TITLES) == list(COMPONENTS)
    assert all(title.strip() for title in COMPONENT_TITLES.values())
    assert len(set(COMPONENT_TITLES.values())) == N  # no two columns share a heading


@pytest.mark.parametrize("name", COMPONENTS)
def test_a_component_alone_survives_the_arithmetic(name: str) -> None:
    three = Costs(**{name: Decimal(3)})
    assert three.total == 3
    assert (three + three) == Costs(**{name: Decimal(6)})  # 3 + 3
    assert three.scaled(4) == Costs(**{name: Decimal(12)})  # 3 x 4
    assert sum_costs([three, three, three]) == Costs(**{name: Decimal(9)})  # 3 + 3 + 3
    running = CostsSum()
    running.add(three)
    running.add(three, 2)
    assert running.costs() == Costs(**{name: Decimal(9)})  # 3 + 2 x 3
    assert type(three + three) is Costs
    assert type(three.scaled(2)) is Costs


def test_sums_of_nothing_are_zero_in_every_component() -> None:
    assert sum_costs([]) == every(0)
    assert CostsSum().costs() == every(0)


@pytest.fixture
def result() -> CostResult:
    """Core: 2 posts of band S all along; New: 1 post of band R from October 2024. Two years."""
    plan = scenario(
        baseline=[{"team": "Core", "band": "S", "posts": 2}],
        growth=[{"team": "New", "band": "R", "posts": 1, "year": "2024/25", "start": "2024-10"}],
        budgets=[
            {"name": "In-year", "years": ["2024/25"], "amount": 1, **IN_YEAR_TOTAL},
            {"name": "Growth FYE", "years": ["2024/25"], "amount": 1, "scope": "added"},
        ],
        years=2,
    )
    return cost(plan, _rates(), monthly=True)


def test_the_plan_has_every_component(result: CostResult) -> None:
    first = result.years[0].in_year
    assert all(getattr(first, name) for name in COMPONENTS), first


def test_every_component_reaches_every_group_and_year(result: CostResult) -> None:
    groups = {(group.team, group.year): group for group in result.groups}
    # 2024/25: Core 2 posts x 12 months of S; New 1 post x 6 months of R (October to March).
    assert groups["Core", 2024].in_year == S_MONTH.scaled(24)
    assert groups["New", 2024].in_year == R_MONTH.scaled(6)
    assert groups["New", 2024].full_year_effect == R_MONTH.scaled(12)
    first, second = result.years
    assert first.in_year == S_MONTH.scaled(24) + R_MONTH.scaled(6)
    assert first.full_year_effect == S_MONTH.scaled(24) + R_MONTH.scaled(12)
    assert first.growth_in_year == R_MONTH.scaled(6)
    assert first.growth_full_year_effect == R_MONTH.scaled(12)
    assert second.in_year == S_MONTH.scaled(24) + R_MONTH.scaled(12)
    # 24 x 1,415.50 + 12 x 2,100 = 33,972 + 25,200
    assert second.in_year.total == Decimal(59_172)


@pytest.mark.parametrize(
    ("by", "name", "months", "month_cost"),
    [("band", "S", 24, S_MONTH), ("band", "R", 6, R_MONTH), ("team", "New", 6, R_MONTH)],
)
def test_every_component_reaches_the_breakdowns(
    result: CostResult, by: str, name: str, months: int, month_cost: Costs
) -> None:
    assert result.breakdown(by)[name][2024].in_year == month_cost.scaled(months)  # type: ignore[arg-type]


def test_every_component_reaches_the_budgets_and_months(result: CostResult) -> None:
    in_year, added = result.budgets
    # 24 x 1,415.50 + 6 x 2,100 = 33,972 + 12,600: every component counted
    assert in_year.cost == Decimal(46_572)
    assert added.cost == Decimal(25_200)  # 12 x 2,100, the added post's full-year effect
    assert result.monthly is not None
    october = [row for row in result.monthly if row.month == 2024 * 12 + 9]
    assert [(row.team, row.posts_filled, row.costs) for row in october] == [
        ("Core", 2, S_MONTH.scaled(2)),
        ("New", 1, R_MONTH),
    ]


def _report(result: CostResult) -> Report:
    return Report(result, "plan.yaml", "rates.yaml")


def test_every_component_reaches_the_json(result: CostResult) -> None:
    document = json.loads(cost_renderer(CostFormat.json)(_report(result), RenderOptions()))
    first = document["years"][0]
    expected = S_MONTH.scaled(24) + R_MONTH.scaled(6)
    assert first["in_year_components"] == {
        name: f"{getattr(expected, name):.2f}" for name in COMPONENTS
    }


@pytest.mark.parametrize("table", ["monthly", "reckoner"])
def test_every_component_has_a_column_in_the_csv_tables(result: CostResult, table: str) -> None:
    rendered = render_csv(_report(result), RenderOptions(table=table))
    rows = list(csv.DictReader(io.StringIO(rendered)))
    for name in COMPONENTS:
        assert name in rows[0], f"{table} CSV has no {name} column"
        assert any(Decimal(row[name]) > 0 for row in rows), f"{name} lost in {table} CSV"


@pytest.mark.parametrize("table", ["monthly", "reckoner"])
def test_every_component_has_a_column_in_the_markdown_tables(
    result: CostResult, table: str
) -> None:
    rendered = cost_renderer(CostFormat.markdown)(_report(result), RenderOptions(table=table))
    assert isinstance(rendered, str)
    header = next(line for line in rendered.splitlines() if line.startswith("|"))
    headings = [cell.strip() for cell in header.strip("|").split("|")]
    for title in COMPONENT_TITLES.values():
        assert title in headings, f"{table} Markdown has no {title} column"


def test_every_component_has_a_column_in_the_workbook(result: CostResult, tmp_path: Any) -> None:
    rendered = cost_renderer(CostFormat.xlsx)(_report(result), RenderOptions())
    assert isinstance(rendered, bytes)
    path = tmp_path / "book.xlsx"
    path.write_bytes(rendered)
    book = load_workbook(path)
    for sheet in ("Monthly", "Ready reckoner"):
        headings = [cell.value for cell in book[sheet][1]]
        for title in COMPONENT_TITLES.values():
            assert title in headings, f"the {sheet} sheet has no {title} column"


def test_the_reckoner_carries_every_component() -> None:
    annual = {row.band: row.annual for row in build_reckoner(_rates()).rows}
    assert annual == {"S": S_MONTH.scaled(12), "R": R_MONTH.scaled(12)}
