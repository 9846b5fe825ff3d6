"""The costing rules of SPEC §4, each worked by hand with the arithmetic beside the figure."""

from __future__ import annotations

from decimal import Decimal, localcontext
from typing import Any

import pytest

from pi_growth.cost.costs import COMPONENTS, Costs
from pi_growth.cost.exact import ExactMoney
from pi_growth.models import RateTable
from pi_growth.money import round_money
from pi_growth.periods import financial_year_of, month_index
from tests.engine_cases import (
    BANDS,
    base,
    cost,
    full_year,
    grow,
    in_year,
    on_costs,
    rates,
    scenario,
)

D = Decimal
TEN_PERCENT = {"2024/25": "10%"}


def only_year(plan: Any, table: Any) -> Costs:
    """The in-year cost of a one-year scenario, by component."""
    (year,) = cost(plan, table).years
    return year.in_year


# --- bands --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # salary band: 12,000 / 12 = 1,000 a month; x 12 months = 12,000
        (base("S"), D(12000)),
        # points band, baseline, no point: the last point, 36,000 (3,000 a month x 12)
        (base("P"), D(36000)),
        # points band, baseline, point 1: 12,000
        (base("P", point=1), D(12000)),
        # points band, growth, no point: point 1, 12,000 (no anniversary inside 2024/25)
        (grow("P"), D(12000)),
        # points band, growth, point 2: 24,000
        (grow("P", point=2), D(24000)),
        # annual_cost band: 24,000 / 12 = 2,000 a month x 12 = 24,000
        (base("R"), D(24000)),
        # fte 0.5 on a salary band: 12,000 x 0.5 / 12 = 500 a month x 12 = 6,000
        (base("S", fte=0.5), D(6000)),
        # 3 posts: 3 x 12,000 = 36,000
        (base("S", posts=3), D(36000)),
    ],
)
def test_band_prices_one_year(line: dict[str, Any], expected: Decimal) -> None:
    """Each kind of band, and each default entry point, priced over a full year."""
    plan = scenario(growth=[line]) if "year" in line else scenario(baseline=[line])
    result = cost(plan, rates())
    assert in_year(result) == [expected]
    # Nothing changes during the year, so March x 12 is the same figure.
    assert full_year(result) == [expected]


def test_salary_lands_in_the_salary_component() -> None:
    """A salary band's pay is `salary`; an annual_cost band's is `loaded_cost`."""
    salary = only_year(scenario(baseline=[base("S")]), rates())
    assert salary == Costs(salary=D(12000))  # 1,000 x 12, every other component zero
    loaded = only_year(scenario(baseline=[base("R")]), rates())
    assert loaded == Costs(loaded_cost=D(24000))  # 2,000 x 12


def test_annual_cost_band_takes_no_allowances_or_on_costs_but_is_uplifted() -> None:
    """An annual_cost post costs annual_cost x U x f / 12 + other x f / 12, nothing more."""
    table = rates(
        bands={"R": {"annual_cost": 24000, "other": 1200}},
        allowances=[{"name": "London", "amount": 1200, "pensionable": True}],
        on_costs=on_costs(
            pension_rate=0.2,
            apprenticeship_levy_rate=0.01,
            employer_ni={"2020/21": {"rate": 0.1, "threshold": 0}},
        ),
    )
    costs = only_year(
        scenario(baseline=[base("R", fte=0.5)], pay_awards=TEN_PERCENT, pay_award_month=4), table
    )
    # loaded: 24,000 x 1.1 x 0.5 / 12 = 1,100 a month x 12 = 13,200
    # other:  1,200 x 0.5 / 12 = 50 a month x 12 = 600 (never uplifted)
    assert costs == Costs(loaded_cost=D(13200), other=D(600))
    assert costs.total == D(13800)


def test_other_is_never_uplifted_and_not_pensionable() -> None:
    """`other` is a non-pay cost: x fte / 12, no pay award, no pension on it."""
    table = rates(
        bands={"C": {"salary": 12000, "other": 1200}},
        on_costs=on_costs(pension_rate=0.1),
    )
    plan = scenario(baseline=[base("C", fte=0.5)], pay_awards=TEN_PERCENT, pay_award_month=4)
    costs = only_year(plan, table)
    # salary:  12,000 x 1.1 x 0.5 / 12 = 550 a month x 12 = 6,600
    # other:   1,200 x 0.5 / 12 = 50 a month x 12 = 600 (not 660: never uplifted)
    # pension: 0.1 x 550 = 55 a month x 12 = 660 (not 720: other is not pay)
    assert costs == Costs(salary=D(6600), other=D(600), pension=D(660))
    assert costs.total == D(7860)  # 6,600 + 600 + 660


# --- allowances ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("allowances", "expected"),
    [
        pytest.param(
            [
                {"name": "Pensionable", "amount": 1200, "pensionable": True},
                {"name": "Not pensionable", "amount": 2400, "pensionable": False},
            ],
            # no award. salary 12,000; allowances 1,200 + 2,400 = 3,600;
            # pension 0.1 x (12,000 + 1,200) = 1,320 (the 2,400 is not pensionable)
            Costs(salary=D(12000), allowances=D(3600), pension=D(1320)),
            id="pensionable-or-not",
        ),
        pytest.param(
            [
                {"name": "Uplifted", "amount": 1200, "pensionable": False},
                {"name": "Fixed", "amount": 2400, "pensionable": False, "uplifted": False},
            ],
            # 10% award from April. salary 12,000 x 1.1 = 13,200;
            # allowances 1,200 x 1.1 + 2,400 = 1,320 + 2,400 = 3,720; pension on salary only
            # 0.1 x 13,200 = 1,320
            Costs(salary=D(13200), allowances=D(3720), pension=D(1320)),
            id="uplifted-or-not",
        ),
        pytest.param(
            [{"name": "Fixed pensionable", "amount": 1200, "pensionable": True, "uplifted": False}],
            # 10% award from April. salary 13,200; allowance stays 1,200;
            # pension 0.1 x (13,200 + 1,200) = 1,440
            Costs(salary=D(13200), allowances=D(1200), pension=D(1440)),
            id="pensionable-not-uplifted",
        ),
    ],
)
def test_allowances(allowances: list[dict[str, Any]], expected: Costs) -> None:
    """Allowances are paid per FTE on top of salary; pensionable ones carry pension."""
    table = rates(allowances=allowances, on_costs=on_costs(pension_rate=0.1))
    uplifted = any(item.get("uplifted", True) is False for item in allowances)
    awards = TEN_PERCENT if uplifted else {}
    plan = scenario(baseline=[base("S")], pay_awards=awards, pay_award_month=4)
    assert only_year(plan, table) == expected


def test_allowances_are_paid_to_points_bands_per_fte() -> None:
    """Every salary/points band gets the allowances, scaled by fte."""
    table = rates(allowances=[{"name": "London", "amount": 1200, "pensionable": False}])
    costs = only_year(scenario(growth=[grow("P", fte=0.5)]), table)
    # point 1: 12,000 x 0.5 = 6,000; allowance 1,200 x 0.5 = 600
    assert costs == Costs(salary=D(6000), allowances=D(600))


# --- employer National Insurance ----------------------------------------------------------


@pytest.mark.parametrize(
    ("salary", "ni", "expected_ni"),
    [
        # N = 1,000 a month; threshold 6,000 / 12 = 500; 0.1 x (1,000 - 500) = 50 x 12 = 600
        (12000, {"rate": 0.1, "threshold": 6000}, D(600)),
        # N = 300 < 500: max(0, 300 - 500) = 0, not -20 a month
        (3600, {"rate": 0.1, "threshold": 6000}, D(0)),
        # N = 500 exactly at the threshold: 0
        (6000, {"rate": 0.1, "threshold": 6000}, D(0)),
        # monthly_threshold given wins over threshold / 12: 0.1 x (1,000 - 400) = 60 x 12 = 720
        (12000, {"rate": 0.1, "threshold": 6000, "monthly_threshold": 400}, D(720)),
        # SPEC's 2023/24 entry: 0.138 x (1,000 - 758) = 33.396 x 12 = 400.752
        (12000, {"rate": 0.138, "threshold": 9100, "monthly_threshold": 758}, D("400.752")),
    ],
)
def test_employer_ni(salary: int, ni: dict[str, Any], expected_ni: Decimal) -> None:
    """NI = rate x max(0, N - monthly threshold), the threshold given or annual / 12."""
    table = rates(bands={"S": {"salary": salary}}, on_costs=on_costs(employer_ni={"2020/21": ni}))
    costs = only_year(scenario(baseline=[base("S")]), table)
    assert costs.employer_ni == expected_ni
    assert costs.total == salary + expected_ni


def test_employer_ni_threshold_by_twelve_is_not_rounded() -> None:
    """9,100 / 12 is 758.33..., kept unrounded: the year comes to 0.138 x (12,000 - 9,100)."""
    table = rates(
        on_costs=on_costs(employer_ni={"2020/21": {"rate": 0.138, "threshold": 9100}}),
    )
    costs = only_year(scenario(baseline=[base("S")]), table)
    # 12 x 0.138 x (1,000 - 9,100/12) = 0.138 x (12,000 - 9,100) = 0.138 x 2,900 = 400.20
    # (a threshold rounded to 758.33 would give 0.138 x 241.67 x 12 = 400.2055 -> 400.21)
    assert round_money(costs.employer_ni) == D("400.20")
    assert abs(costs.employer_ni - D("400.2")) < D("1e-40")


def test_employer_ni_crosses_the_threshold_when_a_pay_award_lands() -> None:
    """NI is worked month by month: below the threshold before the award, above it after."""
    table = rates(
        bands={"S": {"salary": 5400}},
        on_costs=on_costs(employer_ni={"2020/21": {"rate": 0.1, "threshold": 6000}}),
    )
    plan = scenario(baseline=[base("S")], pay_awards={"2024/25": 0.2}, pay_award_month=8)
    costs = only_year(plan, table)
    # Apr-Jul: 5,400 / 12 = 450 < 500 -> 0. Aug-Mar: 450 x 1.2 = 540; 0.1 x 40 = 4 x 8 = 32
    assert costs.employer_ni == D(32)
    # salary 4 x 450 + 8 x 540 = 1,800 + 4,320 = 6,120
    assert costs.salary == D(6120)


def test_employer_ni_rate_by_financial_year() -> None:
    """Each FY uses the entry of the latest FY <= it."""
    table = rates(
        on_costs=on_costs(
            employer_ni={
                "2020/21": {"rate": 0.1, "threshold": 6000},
                "2025/26": {"rate": 0.2, "threshold": 3600},
                "2030/31": {"rate": 0.5, "threshold": 0},
            }
        )
    )
    result = cost(scenario(baseline=[base("S")], years=3), table)
    assert [year.in_year.employer_ni for year in result.years] == [
        D(600),  # 2024/25 uses 2020/21's: 0.1 x (1,000 - 500) x 12 = 600
        D(1680),  # 2025/26: 0.2 x (1,000 - 3,600/12 = 300) x 12 = 0.2 x 700 x 12 = 1,680
        D(1680),  # 2026/27 still 2025/26's (2030/31's lies later)
    ]
    # The FYE prices March of each year at that year's rate: the same figures.
    assert [year.full_year_effect.employer_ni for year in result.years] == [
        D(600),
        D(1680),
        D(1680),
    ]


# --- pension ------------------------------------------------------------------------------


def test_flat_pension_rate() -> None:
    """pension = rate x Q."""
    costs = only_year(scenario(baseline=[base("S")]), rates(on_costs=on_costs(pension_rate=0.2)))
    assert costs.pension == D(2400)  # 0.2 x 1,000 = 200 a month x 12


def test_pension_rate_by_financial_year() -> None:
    """A FY-keyed pension rate: the latest FY <= y."""
    table = rates(on_costs=on_costs(pension_rate={"2020/21": 0.1, "2025/26": "25%"}))
    result = cost(scenario(baseline=[base("S")], years=2), table)
    assert [year.in_year.pension for year in result.years] == [
        D(1200),  # 2024/25: 2020/21's 0.1 x 12,000
        D(3000),  # 2025/26: 0.25 x 12,000
    ]


TIERS = [
    {"up_to": 12000, "rate": 0.1},
    {"up_to": 24000, "rate": 0.2},
    {"rate": 0.3},
]


@pytest.mark.parametrize(
    ("salary", "fte", "expected"),
    [
        (6000, 1, D(600)),  # 12Q = 6,000 <= 12,000: 0.1 x 6,000
        (12000, 1, D(1200)),  # 12Q = 12,000 exactly at up_to: still the first tier, 0.1
        (12012, 1, D("2402.4")),  # 12Q = 12,012 > 12,000: second tier, 0.2 x 12,012
        (24000, 1, D(4800)),  # at the second boundary: 0.2 x 24,000
        (36000, 1, D(10800)),  # above every up_to: the last tier, 0.3 x 36,000
        # part time: Q = 24,000 x 0.5 / 12 = 1,000, so 12Q = 12,000: first tier,
        # 0.1 x 1,000 x 12 = 1,200 (full time, 24,000, would be the second tier)
        (24000, 0.5, D(1200)),
    ],
)
def test_banded_pension_rate(salary: int, fte: float, expected: Decimal) -> None:
    """A banded rate is that of the first tier whose up_to >= 12 x Q; the last otherwise."""
    table = rates(
        bands={"S": {"salary": salary}}, on_costs=on_costs(pension_rate={"2020/21": TIERS})
    )
    assert only_year(scenario(baseline=[base("S", fte=fte)]), table).pension == expected


@pytest.mark.parametrize(
    ("pensionable", "expected"),
    [
        (True, D("2402.4")),  # 12Q = 12,000 + 12 = 12,012: second tier, 0.2 x 12,012
        (False, D(1200)),  # 12Q = 12,000: first tier, 0.1 x 12,000
    ],
)
def test_banded_pension_counts_pensionable_allowances(pensionable: bool, expected: Decimal) -> None:
    """The tier is chosen on pensionable pay, allowances included only when pensionable."""
    table = rates(
        allowances=[{"name": "Small", "amount": 12, "pensionable": pensionable}],
        on_costs=on_costs(pension_rate=TIERS),  # a bare list of tiers applies to every FY
    )
    assert only_year(scenario(baseline=[base("S")]), table).pension == expected


def test_banded_pension_tier_moves_with_a_pay_award() -> None:
    """The tier is chosen month by month, so an award can move a post up a tier mid-year."""
    table = rates(on_costs=on_costs(pension_rate=TIERS))
    plan = scenario(baseline=[base("S")], pay_awards=TEN_PERCENT, pay_award_month=8)
    # Apr-Jul: 12Q = 12,000 -> 0.1 x 1,000 = 100 x 4 = 400
    # Aug-Mar: 12Q = 13,200 -> 0.2 x 1,100 = 220 x 8 = 1,760; total 2,160
    assert only_year(plan, table).pension == D(2160)


def test_banded_pension_by_financial_year() -> None:
    """FY-keyed entries may be tiers in one year and a flat rate in another."""
    table = rates(
        bands={"S": {"salary": 36000}},
        on_costs=on_costs(pension_rate={"2020/21": TIERS, "2025/26": 0.25}),
    )
    result = cost(scenario(baseline=[base("S")], years=2), table)
    assert [year.in_year.pension for year in result.years] == [
        D(10800),  # 2024/25: tiers, 36,000 above every up_to: 0.3 x 36,000
        D(9000),  # 2025/26: flat 0.25 x 36,000
    ]


# --- apprenticeship levy and salary sacrifice ---------------------------------------------


def test_apprenticeship_levy_is_on_all_ni_able_pay() -> None:
    """levy = levy_rate x N, on the whole of N (not N less the NI threshold)."""
    table = rates(
        allowances=[{"name": "Not pensionable", "amount": 1200, "pensionable": False}],
        on_costs=on_costs(
            apprenticeship_levy_rate=0.005,
            employer_ni={"2020/21": {"rate": 0.1, "threshold": 6000}},
        ),
    )
    costs = only_year(scenario(baseline=[base("S")]), table)
    # N = (12,000 + 1,200) / 12 = 1,100 a month
    # levy 0.005 x 1,100 = 5.50 x 12 = 66; NI 0.1 x (1,100 - 500) = 60 x 12 = 720
    assert costs == Costs(
        salary=D(12000), allowances=D(1200), employer_ni=D(720), apprenticeship_levy=D(66)
    )


def _sacrifice_table(sacrifice: float) -> RateTable:
    """Salary 12,000; allowances 1,200 pensionable and 2,400 not; pension 20%, levy 1%,
    NI 10% above 6,000 a year; the given salary-sacrifice rate."""
    return rates(
        allowances=[
            {"name": "Pensionable", "amount": 1200, "pensionable": True},
            {"name": "Not pensionable", "amount": 2400, "pensionable": False},
        ],
        on_costs=on_costs(
            pension_rate=0.2,
            apprenticeship_levy_rate=0.01,
            salary_sacrifice_rate=sacrifice,
            employer_ni={"2020/21": {"rate": 0.1, "threshold": 6000}},
        ),
    )


@pytest.mark.parametrize(
    ("sacrifice", "expected"),
    [
        pytest.param(
            0.05,
            # P = (12,000 + 1,200 + 2,400) / 12 = 1,300; Q = (12,000 + 1,200) / 12 = 1,100
            # N = 1,300 - 0.05 x 1,100 = 1,245
            # NI 0.1 x (1,245 - 500) = 74.50 x 12 = 894; levy 0.01 x 1,245 = 12.45 x 12 = 149.4
            # pension 0.2 x 1,100 = 220 x 12 = 2,640 (on Q: sacrifice does not lower it)
            # pay still P: salary 12,000, allowances 3,600
            Costs(
                salary=D(12000),
                allowances=D(3600),
                employer_ni=D(894),
                pension=D(2640),
                apprenticeship_levy=D("149.4"),
            ),
            id="sacrifice",
        ),
        pytest.param(
            0,
            # N = P = 1,300: NI 0.1 x 800 = 80 x 12 = 960; levy 13 x 12 = 156
            Costs(
                salary=D(12000),
                allowances=D(3600),
                employer_ni=D(960),
                pension=D(2640),
                apprenticeship_levy=D(156),
            ),
            id="none",
        ),
    ],
)
def test_salary_sacrifice_lowers_ni_able_pay_not_pay(sacrifice: float, expected: Costs) -> None:
    """N = P - sacrifice x Q; NI and levy see N, pension sees Q, and the post still costs P."""
    table = _sacrifice_table(sacrifice)
    assert only_year(scenario(baseline=[base("S")]), table) == expected


def test_salary_sacrifice_total() -> None:
    """The whole monthly cost under sacrifice, summed by hand."""
    table = _sacrifice_table(0.05)
    # a month: 1,300 + 74.50 + 220 + 12.45 = 1,606.95; x 12 = 19,283.40
    assert only_year(scenario(baseline=[base("S")]), table).total == D("19283.4")


# --- pay awards ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("award_month", "expected"),
    [
        (4, D(13200)),  # April 2024: 12 x 1,100
        (8, D(12800)),  # August 2024: Apr-Jul 4 x 1,000 + Aug-Mar 8 x 1,100 = 4,000 + 8,800
        (12, D(12400)),  # December 2024: 8 x 1,000 + 4 x 1,100 = 8,000 + 4,400
        (1, D(12300)),  # January 2025 (the FY's second year): 9 x 1,000 + 3 x 1,100
        (3, D(12100)),  # March 2025: 11 x 1,000 + 1 x 1,100
    ],
)
def test_pay_award_takes_effect_in_its_month(award_month: int, expected: Decimal) -> None:
    """FY y's award lands in pay_award_month of y's first calendar year (Apr-Dec) or its
    second (Jan-Mar)."""
    plan = scenario(baseline=[base("S")], pay_awards=TEN_PERCENT, pay_award_month=award_month)
    result = cost(plan, rates())
    assert in_year(result) == [expected]
    assert full_year(result) == [D(13200)]  # by March 2025 the award has landed: 1,100 x 12


@pytest.mark.parametrize(
    ("table_month", "scenario_month", "expected"),
    [
        (8, None, D(12800)),  # the table's August: 4 x 1,000 + 8 x 1,100
        (8, 4, D(13200)),  # the scenario's April wins: 12 x 1,100
        (4, 8, D(12800)),  # the scenario's August wins over the table's April
        (None, None, D(13200)),  # neither: April, the default
    ],
)
def test_scenario_pay_award_month_overrides_the_table(
    table_month: int | None, scenario_month: int | None, expected: Decimal
) -> None:
    """The scenario's pay_award_month, when given, replaces the rate table's."""
    table = rates() if table_month is None else rates(pay_award_month=table_month)
    extra: dict[str, Any] = {} if scenario_month is None else {"pay_award_month": scenario_month}
    result = cost(scenario(baseline=[base("S")], pay_awards=TEN_PERCENT, **extra), table)
    assert in_year(result) == [expected]
    assert result.pay_award_month == (scenario_month or table_month or 4)


@pytest.mark.parametrize(
    ("awards", "award_month", "expected"),
    [
        # 2024/25: 12,000 x 1.1 = 13,200. 2025/26: 12,000 x 1.1 x 1.1 = 14,520 (not 14,400)
        ({"2024/25": 0.1, "2025/26": 0.1}, 4, [D(13200), D(14520)]),
        # August: 2024/25 4 x 1,000 + 8 x 1,100 = 12,800;
        # 2025/26 4 x 1,100 + 8 x 1,210 = 4,400 + 9,680 = 14,080
        ({"2024/25": 0.1, "2025/26": 0.1}, 8, [D(12800), D(14080)]),
        # only a 2025/26 award: 2024/25 unchanged 12,000; 2025/26 13,200
        ({"2025/26": 0.1}, 4, [D(12000), D(13200)]),
    ],
)
def test_pay_awards_compound(
    awards: dict[str, float], award_month: int, expected: list[Decimal]
) -> None:
    """U(m) is the product of (1 + award) of every award landed by m."""
    plan = scenario(baseline=[base("S")], years=2, pay_awards=awards, pay_award_month=award_month)
    assert in_year(cost(plan, rates())) == expected


def test_pay_awards_before_the_price_base_are_ignored() -> None:
    """The table's amounts already include awards of FYs before its price base."""
    plan = scenario(
        baseline=[base("S")],
        first_year="2023/24",
        years=2,
        pay_awards={"2023/24": 0.5, "2024/25": 0.1},
        pay_award_month=4,
    )
    # price base 2024/25: 2023/24's 50% is ignored. 2023/24: 12,000; 2024/25: 12,000 x 1.1
    assert in_year(cost(plan, rates())) == [D(12000), D(13200)]


# --- increments ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("points", "expected_in_year", "expected_fye"),
    [
        pytest.param(
            [12000, 24000, 36000],
            # filled Oct 2024 at point 1 (1,000 a month); point 2 from Oct 2025 (2,000);
            # point 3 from Oct 2026 (3,000).
            # 2024/25: Oct-Mar 6 x 1,000 = 6,000
            # 2025/26: Apr-Sep 6 x 1,000 + Oct-Mar 6 x 2,000 = 6,000 + 12,000 = 18,000
            # 2026/27: Apr-Sep 6 x 2,000 + Oct-Mar 6 x 3,000 = 12,000 + 18,000 = 30,000
            [D(6000), D(18000), D(30000)],
            # March x 12: 12,000; 24,000; 36,000
            [D(12000), D(24000), D(36000)],
            id="three-points",
        ),
        pytest.param(
            [12000, 24000],
            # capped at point 2 from Oct 2025: 2026/27 is 12 x 2,000 = 24,000, not point 3
            [D(6000), D(18000), D(24000)],
            [D(12000), D(24000), D(24000)],
            id="capped-at-last-point",
        ),
    ],
)
def test_growth_increments_on_each_anniversary_of_the_fill_month(
    points: list[int], expected_in_year: list[Decimal], expected_fye: list[Decimal]
) -> None:
    """Growth lines rise a point at each anniversary of their fill month, up to the last."""
    table = rates(bands={"P": {"points": points}})
    result = cost(scenario(growth=[grow("P", start="2024-10")], years=3), table)
    assert in_year(result) == expected_in_year
    assert full_year(result) == expected_fye


@pytest.mark.parametrize(
    ("point", "expected"),
    [
        # point 1: 2024/25 12,000; 2025/26 point 2 24,000; 2026/27 point 3 36,000
        (1, [D(12000), D(24000), D(36000)]),
        # point 2: 24,000; then 36,000; then capped at 36,000
        (2, [D(24000), D(36000), D(36000)]),
        # no point: the last, 36,000 throughout
        (None, [D(36000), D(36000), D(36000)]),
    ],
)
def test_baseline_increments_each_april_after_the_first(
    point: int | None, expected: list[Decimal]
) -> None:
    """Baseline lines rise a point each April after the horizon's first."""
    line = base("P") if point is None else base("P", point=point)
    result = cost(scenario(baseline=[line], years=3), rates())
    assert in_year(result) == expected
    assert full_year(result) == expected  # no change within a year: March x 12 is the same


def test_anniversary_in_march_is_counted_in_that_march() -> None:
    """A line filled in March steps up the next March: the last month of the next year."""
    result = cost(scenario(growth=[grow("P", start="2025-03")], years=2), rates())
    # 2024/25: March 2025 alone at point 1: 1,000
    # 2025/26: Apr-Feb 11 x 1,000 = 11,000; March 2026 at point 2: 2,000; total 13,000
    assert in_year(result) == [D(1000), D(13000)]
    assert full_year(result) == [D(12000), D(24000)]  # March at point 1, then at point 2


def test_increment_and_pay_award_in_the_same_year() -> None:
    """A year cut three ways: before the award, after it, and after the anniversary."""
    plan = scenario(
        growth=[grow("P", start="2024-10")],
        years=2,
        pay_awards={"2025/26": 0.1},
        pay_award_month=8,
    )
    result = cost(plan, rates())
    # 2024/25: Oct-Mar 6 x 1,000 = 6,000
    # 2025/26: Apr-Jul point 1 4 x 1,000 = 4,000; Aug-Sep point 1 x 1.1: 2 x 1,100 = 2,200;
    #          Oct-Mar point 2 x 1.1: 24,000 x 1.1 / 12 = 2,200 x 6 = 13,200; total 19,400
    assert in_year(result) == [D(6000), D(19400)]
    assert full_year(result) == [D(12000), D(26400)]  # March 2026: 2,200 x 12


# --- fill months, fixed terms, FTE and vacancy ----------------------------------------------


@pytest.mark.parametrize(
    ("line", "assumptions", "in_year_cost", "fye", "posts"),
    [
        # start Oct 2024: Oct-Mar 6 x 1,000 = 6,000; March x 12 = 12,000
        (grow(start="2024-10"), {}, D(6000), D(12000), 1),
        # no start, no lag: filled from April, 12 x 1,000
        (grow(), {}, D(12000), D(12000), 1),
        # no start, fill_lag_months 3: filled from July, Jul-Mar 9 x 1,000 = 9,000
        (grow(), {"fill_lag_months": 3}, D(9000), D(12000), 1),
        # an explicit start wins over the lag: May-Mar 11 x 1,000 = 11,000
        (grow(start="2024-05"), {"fill_lag_months": 3}, D(11000), D(12000), 1),
        # end Sep 2024, inclusive: Apr-Sep 6 x 1,000; ends before March: not established
        (grow(end="2024-09"), {}, D(6000), D(0), 0),
        # end Feb 2025: 11 x 1,000; still before March, so not in the establishment
        (grow(end="2025-02"), {}, D(11000), D(0), 0),
        # end Mar 2025 is "not before March": established, FYE 12 x 1,000
        (grow(end="2025-03"), {}, D(12000), D(12000), 1),
        # start = end: one month, inclusive
        (grow(start="2024-06", end="2024-06"), {}, D(1000), D(0), 0),
        # fte 0.5: 12,000 x 0.5 = 6,000 in-year and FYE
        (grow(fte=0.5), {}, D(6000), D(6000), 1),
        # vacancy factor 0.1: in-year 12,000 x 0.9 = 10,800; FYE unchanged at 12,000
        (grow(), {"vacancy_factor": 0.1}, D(10800), D(12000), 1),
        # both: Jul-Mar 9 x 1,000 x (1 - 0.25) = 6,750
        (grow(), {"fill_lag_months": 3, "vacancy_factor": "25%"}, D(6750), D(12000), 1),
    ],
)
def test_fill_months(
    line: dict[str, Any],
    assumptions: dict[str, Any],
    in_year_cost: Decimal,
    fye: Decimal,
    posts: int,
) -> None:
    """A growth line is filled from start (or April + lag) to end (inclusive)."""
    result = cost(scenario(growth=[line], **assumptions), rates())
    (year,) = result.years
    assert year.in_year.total == in_year_cost
    assert year.full_year_effect.total == fye
    assert year.posts == posts
    assert year.posts_added == 1  # added in 2024/25 whether or not it is still there


def test_vacancy_factor_scales_every_component_in_year_only() -> None:
    """(1 - vacancy) applies to the whole in-year cost, on-costs included, never to FYE."""
    table = rates(on_costs=on_costs(pension_rate=0.2))
    result = cost(scenario(baseline=[base("S")], vacancy_factor=0.1), table)
    (year,) = result.years
    # salary 12,000 x 0.9 = 10,800; pension 2,400 x 0.9 = 2,160
    assert year.in_year == Costs(salary=D(10800), pension=D(2160))
    assert year.full_year_effect == Costs(salary=D(12000), pension=D(2400))


def test_line_not_yet_filled_counts_in_fye_at_its_entry_point() -> None:
    """A growth line added in 2024/25 but filled June 2025 is established at March 2025."""
    plan = scenario(growth=[grow("P", point=2)], years=2, fill_lag_months=14)
    result = cost(plan, rates())
    first, second = result.years
    # 2024/25: nothing filled, but the post is established; FYE at point 2: 2,000 x 12
    assert (first.posts, first.posts_added) == (1, 1)
    assert first.in_year.total == D(0)
    assert first.full_year_effect.total == D(24000)
    # 2025/26: filled Jun-Mar, 10 x 2,000 = 20,000; no anniversary until June 2026
    assert (second.posts, second.posts_added) == (1, 0)
    assert second.in_year.total == D(20000)
    assert second.full_year_effect.total == D(24000)


def test_fixed_term_line_leaves_the_establishment() -> None:
    """A fixed-term line counts while it runs through March, and not after its end."""
    result = cost(scenario(growth=[grow(start="2024-10", end="2025-09")], years=2), rates())
    first, second = result.years
    # 2024/25: Oct-Mar 6 x 1,000; runs past March 2025, so established, FYE 12,000
    assert (first.posts, first.in_year.total, first.full_year_effect.total) == (
        1,
        D(6000),
        D(12000),
    )
    # 2025/26: Apr-Sep 6 x 1,000; ended before March 2026: no posts, no FYE
    assert (second.posts, second.in_year.total, second.full_year_effect.total) == (
        0,
        D(6000),
        D(0),
    )
    assert (first.posts_added, second.posts_added) == (1, 0)


# --- years, posts and growth figures ------------------------------------------------------

# 2 baseline posts; 3 posts added in 2024/25 from October; 1 added in 2025/26 from April.
# Every post on band S: 1,000 a month.
PLAN_LINES: dict[str, Any] = {
    "baseline": [base(posts=2)],
    "growth": [grow(posts=3, start="2024-10"), grow(year="2025/26")],
}


def test_years_posts_and_growth_figures() -> None:
    """Posts, posts added, in-year cost, FYE and the growth-only figures, year by year."""
    result = cost(scenario(years=2, **PLAN_LINES), rates())
    first, second = result.years
    assert (first.year, second.year) == (2024, 2025)

    # 2024/25: posts 2 + 3 = 5 (the 2025/26 line is not yet added); added 3
    assert (first.posts, first.posts_added) == (5, 3)
    # in-year: baseline 2 x 12,000 = 24,000; growth 3 x 6 (Oct-Mar) x 1,000 = 18,000
    assert first.in_year.total == D(42000)
    assert first.growth_in_year.total == D(18000)
    # FYE: 5 posts x 1,000 x 12 = 60,000, of which growth 3 x 12,000 = 36,000
    assert first.full_year_effect.total == D(60000)
    assert first.growth_full_year_effect.total == D(36000)

    # 2025/26: posts 6; added 1
    assert (second.posts, second.posts_added) == (6, 1)
    # in-year: 24,000 + 3 x 12,000 + 1 x 12,000 = 72,000; growth 48,000
    assert second.in_year.total == D(72000)
    assert second.growth_in_year.total == D(48000)
    # FYE: 6 x 12,000 = 72,000; growth 4 x 12,000 = 48,000
    assert second.full_year_effect.total == D(72000)
    assert second.growth_full_year_effect.total == D(48000)


def test_lines_of_one_team_and_band_add_up() -> None:
    """Lines that differ in start and fte but share team, band and year are summed."""
    plan = scenario(growth=[grow(posts=2, start="2024-10"), grow(fte=0.5)])
    result = cost(plan, rates())
    (year,) = result.years
    # 2 posts Oct-Mar: 2 x 6 x 1,000 = 12,000; 1 post at 0.5 all year: 12 x 500 = 6,000
    assert year.in_year.total == D(18000)
    # March: 2 x 1,000 + 500 = 2,500 a month x 12 = 30,000
    assert year.full_year_effect.total == D(30000)
    assert (year.posts, year.posts_added, year.fte) == (3, 3, D("2.5"))
    (group,) = result.groups
    assert (group.kind, group.year_added, group.team, group.band) == ("growth", 2024, "New", "S")
    assert (group.year, group.posts, group.posts_added, group.fte) == (2024, 3, 3, D("2.5"))
    assert group.in_year.total == D(18000)
    assert group.full_year_effect.total == D(30000)


def test_breakdown_by_band_and_by_team() -> None:
    """Breakdowns sum the groups of each band (or team) in each year."""
    plan = scenario(
        baseline=[base("S", posts=2)],
        growth=[grow("R", start="2024-10"), grow("S", team="Core", start="2025-01")],
    )
    result = cost(plan, rates())
    by_band = result.breakdown("band")
    # band S: Core baseline 2 x 12,000 + Core growth Jan-Mar 3 x 1,000 = 27,000
    # band R: Oct-Mar 6 x 2,000 = 12,000
    assert by_band["S"][2024].in_year.total == D(27000)
    assert by_band["R"][2024].in_year.total == D(12000)
    assert (by_band["S"][2024].posts, by_band["R"][2024].posts) == (3, 1)
    by_team = result.breakdown("team")
    assert list(by_team) == ["Core", "New"]  # first seen in the scenario
    assert by_team["Core"][2024].in_year.total == D(27000)
    assert by_team["New"][2024].full_year_effect.total == D(24000)  # 2,000 x 12


def test_year_fte_counts_the_establishment() -> None:
    """The year's FTE is posts x fte over the establishment at its end."""
    plan = scenario(baseline=[base(posts=2)], growth=[grow(posts=3, fte=0.5)])
    (year,) = cost(plan, rates()).years
    assert year.fte == D("3.5")  # 2 x 1 + 3 x 0.5


def test_years_are_the_sums_of_their_groups() -> None:
    """Each year's figures equal the sum of its groups (team, band, kind, year added)."""
    plan = scenario(
        baseline=[base("P", posts=2, point=1, team="A"), base("S", fte=0.6, team="B")],
        growth=[
            grow("P", posts=3, start="2024-07", fte=0.8, team="A"),
            grow("S", posts=2, start="2024-10", end="2025-09", team="B"),
            grow("R", year="2025/26", team="A"),
            grow("P", posts=4, year="2026/27", point=2, team="B"),
        ],
        years=3,
        pay_awards={"2024/25": "4.75%", "2025/26": "3.1%"},
        pay_award_month=8,
        vacancy_factor=0.03,
        fill_lag_months=5,
    )
    result = cost(plan, rates(**AWKWARD_ALL_BANDS))
    for year in result.years:
        groups = [group for group in result.groups if group.year == year.year]
        growth = [group for group in groups if group.kind == "growth"]
        assert year.posts == sum(group.posts for group in groups)
        assert year.posts_added == sum(group.posts_added for group in groups)
        assert year.fte == sum((group.fte for group in groups), D(0))
        pairs = [
            (year.in_year, groups, "in_year"),
            (year.full_year_effect, groups, "full_year_effect"),
            (year.growth_in_year, growth, "in_year"),
            (year.growth_full_year_effect, growth, "full_year_effect"),
        ]
        with localcontext() as context:
            context.prec = 80  # add the groups up without rounding them to 28 digits
            for summary, chosen, measure in pairs:
                for name in COMPONENTS:
                    summed = sum((getattr(getattr(g, measure), name) for g in chosen), D(0))
                    assert abs(getattr(summary, name) - summed) < D("1e-40")
    # by hand, the posts: 2024/25 2 + 1 + 3 + 2 = 8 (added 5); 2025/26 the fixed-term 2 have
    # gone (ended September 2025), the R post is added: 2 + 1 + 3 + 1 = 7 (added 1);
    # 2026/27 + 4 = 11 (added 4)
    assert [(y.posts, y.posts_added) for y in result.years] == [(8, 5), (7, 1), (11, 4)]


# --- budgets ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("budget", "expected_cost"),
    [
        # FYE of lines added in 2024/25, at 2024/25: 3 x 12,000
        ({"years": ["2024/25"], "measure": "full_year_effect", "scope": "added"}, D(36000)),
        # defaults are full_year_effect and added: the same 36,000
        ({"years": ["2024/25"]}, D(36000)),
        # in-year of lines added in 2025/26, in 2025/26: 1 x 12,000
        ({"years": ["2025/26"], "measure": "in_year", "scope": "added"}, D(12000)),
        # in-year of growth lines with year <= 2025/26, in 2025/26: 4 x 12,000
        ({"years": ["2025/26"], "measure": "in_year", "scope": "growth"}, D(48000)),
        # in-year of lines added in either year, over both: 18,000 + (36,000 + 12,000)
        (
            {"years": ["2024/25", "2025/26"], "measure": "in_year", "scope": "added"},
            D(66000),
        ),
        # FYE at the last year (2025/26) of lines added in either year: 4 x 12,000
        ({"years": ["2024/25", "2025/26"], "scope": "added"}, D(48000)),
        # FYE of growth lines with year <= 2024/25 (not the 2025/26 line): 3 x 12,000
        ({"years": ["2024/25"], "scope": "growth"}, D(36000)),
        # FYE of everything at 2025/26: 6 x 12,000
        ({"years": ["2025/26"], "scope": "total"}, D(72000)),
        # in-year of everything over both years: 42,000 + 72,000
        ({"years": ["2024/25", "2025/26"], "measure": "in_year", "scope": "total"}, D(114000)),
    ],
)
def test_budget_measure_and_scope(budget: dict[str, Any], expected_cost: Decimal) -> None:
    """A budget's cost is its measure over the lines of its scope."""
    plan = scenario(years=2, budgets=[{"name": "B", "amount": 50000, **budget}], **PLAN_LINES)
    (result,) = cost(plan, rates()).budgets
    assert result.cost == expected_cost
    assert result.variance == D(50000) - expected_cost


@pytest.mark.parametrize(
    ("amount", "variance", "status"),
    [
        (36000, D(0), "within"),  # cost 36,000 = amount: within, no headroom
        ("36,000.01", D("0.01"), "within"),  # a penny of headroom
        (35999.99, D("-0.01"), "over"),  # a penny over
        ("£36k", D(0), "within"),  # money text: 36 x 1,000
        (0.1, D("-35999.9"), "over"),  # 0.1 - 36,000, exact (0.1 read as decimal text)
    ],
)
def test_budget_variance_and_status(amount: Any, variance: Decimal, status: str) -> None:
    """variance = amount - cost; over when cost > amount, within when equal or below."""
    budget = {"name": "Year 1", "years": ["2024/25"], "amount": amount, "status": "agreed"}
    plan = scenario(years=2, budgets=[budget], **PLAN_LINES)
    (result,) = cost(plan, rates()).budgets
    assert result.cost == D(36000)
    assert result.variance == variance
    assert result.status == status
    assert result.note == "agreed"
    assert (result.name, result.years) == ("Year 1", (2024,))


@pytest.mark.parametrize(
    ("measure", "expected_cost"),
    [
        ("in_year", D(16200)),  # lines added in 2024/25: 18,000 in-year x (1 - 0.1)
        ("full_year_effect", D(36000)),  # FYE takes no vacancy factor: 3 x 12,000
    ],
)
def test_budget_with_a_vacancy_factor(measure: str, expected_cost: Decimal) -> None:
    """The vacancy factor lowers an in_year budget's cost, never a full_year_effect one."""
    budget = {"name": "B", "years": ["2024/25"], "amount": 20000, "measure": measure}
    plan = scenario(years=2, budgets=[budget], vacancy_factor=0.1, **PLAN_LINES)
    (result,) = cost(plan, rates()).budgets
    assert result.cost == expected_cost


def test_budgets_come_in_scenario_order() -> None:
    """Budgets are reported in the order the scenario lists them."""
    budgets = [
        {"name": "Later", "years": ["2025/26"], "amount": 1},
        {"name": "Earlier", "years": ["2024/25"], "amount": 1},
    ]
    result = cost(scenario(years=2, budgets=budgets, **PLAN_LINES), rates())
    assert [budget.name for budget in result.budgets] == ["Later", "Earlier"]


# --- monthly rows -------------------------------------------------------------------------


def test_monthly_rows_sum_to_the_in_year_cost() -> None:
    """Month rows (after the vacancy factor) add up to each year's in-year cost exactly."""
    plan = scenario(years=2, vacancy_factor=0.1, **PLAN_LINES)
    result = cost(plan, rates(), monthly=True)
    assert result.monthly is not None
    for summary in result.years:
        months = [row for row in result.monthly if financial_year_of(row.month) == summary.year]
        assert sum((row.costs.total for row in months), D(0)) == summary.in_year.total
    # and by hand: 2024/25 42,000 x 0.9 = 37,800; 2025/26 72,000 x 0.9 = 64,800
    assert in_year(result) == [D(37800), D(64800)]


def test_monthly_rows_count_posts_filled() -> None:
    """Each row is one team and band in one month, with the posts filled in it."""
    plan = scenario(years=2, vacancy_factor=0.1, **PLAN_LINES)
    result = cost(plan, rates(), monthly=True)
    assert result.monthly is not None
    rows = {(row.month, row.team): row for row in result.monthly}
    september, october = month_index(2024, 9), month_index(2024, 10)
    assert rows[(september, "Core")].posts_filled == 2
    assert (september, "New") not in rows  # the growth posts are not filled until October
    assert rows[(october, "New")].posts_filled == 3
    assert rows[(october, "New")].costs.total == D(2700)  # 3 x 1,000 x 0.9
    april_2025 = month_index(2025, 4)
    assert rows[(april_2025, "New")].posts_filled == 4  # 3 from 2024/25 + 1 from 2025/26
    assert rows[(april_2025, "New")].fte_filled == D(4)
    assert len({row.month for row in result.monthly}) == 24  # every month has a baseline row


def test_monthly_rows_count_fte_filled() -> None:
    """A row's FTE is posts x fte; its cost is priced at that fte."""
    result = cost(scenario(growth=[grow(posts=3, fte=0.5)]), rates(), monthly=True)
    assert result.monthly is not None
    assert len(result.monthly) == 12
    for row in result.monthly:
        assert (row.posts_filled, row.fte_filled) == (3, D("1.5"))  # 3 x 0.5
        assert row.costs == Costs(salary=D(1500))  # 3 x 12,000 x 0.5 / 12


def test_monthly_rows_only_when_asked() -> None:
    """Without monthly=True there are no month rows."""
    assert cost(scenario(years=2, **PLAN_LINES), rates()).monthly is None


# --- exactness ----------------------------------------------------------------------------


def test_decimal_text_stays_exact() -> None:
    """0.1 given as a float means exactly 0.1: 12,000 x 1.1 is exactly 13,200."""
    plan = scenario(baseline=[base("S")], pay_awards={"2024/25": 0.1}, vacancy_factor=0.1)
    (year,) = cost(plan, rates()).years
    # Decimal(0.1) from the binary float would leave a tail far below a penny; here there is none.
    assert year.in_year.total == D("11880")  # 13,200 x 0.9
    assert year.full_year_effect.total == D("13200")


def test_every_figure_is_a_decimal() -> None:
    """No float creeps in: every component, total, FTE and budget figure is a Decimal; money
    figures an exact amount (an ExactMoney: a Decimal that also holds its exact value)."""
    budgets = [{"name": "B", "years": ["2024/25"], "amount": 0.1}]
    table = rates(on_costs=on_costs(pension_rate=0.2, apprenticeship_levy_rate=0.005))
    plan = scenario(years=2, budgets=budgets, pay_awards={"2024/25": 0.1}, **PLAN_LINES)
    result = cost(plan, table, monthly=True)
    assert result.monthly is not None
    for year in result.years:
        for costs in (year.in_year, year.full_year_effect, year.growth_in_year):
            assert all(type(getattr(costs, name)) is ExactMoney for name in COMPONENTS)
        assert type(year.fte) is Decimal
    for row in result.monthly:
        assert all(type(getattr(row.costs, name)) is ExactMoney for name in COMPONENTS)
    (budget,) = result.budgets
    assert type(budget.amount) is Decimal
    assert type(budget.cost) is type(budget.variance) is ExactMoney
    assert budget.amount == D("0.1")


# A table with the awkward parts on: a threshold of 9,100 / 12, a 4.75% award in August,
# pension tiers, sacrifice, levy, an allowance and `other`.
AWKWARD: dict[str, Any] = {
    "bands": {"P": {"points": [23456.78, 31234.56, 47538], "other": 999.99}},
    "allowances": [{"name": "London", "amount": 1928, "pensionable": True}],
    "on_costs": on_costs(
        pension_rate={"2020/21": TIERS},
        apprenticeship_levy_rate=0.005,
        salary_sacrifice_rate=0.0345,
        employer_ni={"2020/21": {"rate": 0.138, "threshold": 9100}},
    ),
}


AWKWARD_ALL_BANDS = {**AWKWARD, "bands": {**BANDS, **AWKWARD["bands"]}}


def test_identical_posts_scale_linearly() -> None:
    """5 posts in one line cost 5 x 1 post, component by component, in every year."""

    def run(posts: int) -> list[tuple[Costs, Costs]]:
        plan = scenario(
            growth=[grow("P", posts=posts, start="2024-07", fte=0.8)],
            years=3,
            pay_awards={"2024/25": "4.75%", "2025/26": "3.1%"},
            pay_award_month=8,
            vacancy_factor=0.03,
        )
        return [
            (year.in_year, year.full_year_effect) for year in cost(plan, rates(**AWKWARD)).years
        ]

    one, five = run(1), run(5)
    with localcontext() as context:
        context.prec = 80
        for one_costs, five_costs in zip(one, five, strict=True):
            for single, multiple in zip(one_costs, five_costs, strict=True):
                for name in COMPONENTS:
                    expected = getattr(single, name) * 5
                    actual = getattr(multiple, name)
                    # x / 12 does not terminate, so the 60-digit working can differ in its last
                    # digit; to the penny (and far below it) the figures are the same.
                    assert round_money(actual) == round_money(expected)
                    assert abs(actual - expected) < D("1e-40")


def test_identical_posts_scale_exactly_when_the_figures_terminate() -> None:
    """With terminating figures, 5 posts cost exactly 5 x 1 post, to the last digit."""

    def run(posts: int) -> list[Decimal]:
        plan = scenario(
            growth=[grow("P", posts=posts, start="2024-07", fte=0.5)],
            years=3,
            pay_awards={"2024/25": "5%", "2025/26": "2.5%"},
            pay_award_month=8,
            vacancy_factor=0.05,
        )
        result = cost(plan, rates(on_costs=on_costs(pension_rate=0.2)))
        return in_year(result) + full_year(result)

    assert run(5) == [5 * figure for figure in run(1)]


def test_five_lines_of_one_post_cost_the_same_as_one_line_of_five() -> None:
    """Splitting a line into identical lines changes nothing."""

    def run(lines: list[dict[str, Any]]) -> list[Decimal]:
        plan = scenario(growth=lines, years=2, pay_awards={"2024/25": "4.75%"}, pay_award_month=8)
        return [round_money(total) for total in in_year(cost(plan, rates(**AWKWARD)))]

    assert run([grow("P", posts=5, start="2024-07")]) == run([grow("P", start="2024-07")] * 5)


def test_an_exact_fit_is_within_though_twelfths_leave_a_last_digit() -> None:
    """A budget equal to its cost is within, even where x/12 leaves the 60-digit working a
    hair above the exact figure (the reviewer's case: "over by £0").

    Salary 12,000 (1,000 a month), NI 10% above a £100 annual threshold (100/12 a month):
    NI a month = 0.1 x (1,000 - 8.333...) = 99.1666...; a year = 12 x that = 1,190 exactly,
    but 100/12 is not exact in decimal. Cost = 12,000 + 1,190 = 13,190 = the amount."""
    table = rates(on_costs=on_costs(employer_ni={"2020/21": {"rate": 0.1, "threshold": 100}}))
    budget = {"name": "Exact", "years": ["2024/25"], "amount": 13190, "scope": "total"}
    plan = scenario(baseline=[base()], budgets=[budget])
    (result,) = cost(plan, table).budgets
    assert abs(result.cost - D(13190)) < D("1e-40")
    assert result.status == "within"
    assert round_money(result.variance) == D("0.00")
    assert str(round_money(result.variance)) == "0.00"  # never "-0.00"


def test_costs_add_by_component_and_are_not_plain_tuples() -> None:
    """Costs is a named tuple for speed, but `+` must add components (1+3=4, 2+4=6), never
    concatenate, and a Costs must not compare equal to a bare tuple of the same numbers."""
    first = Costs(salary=D(1), pension=D(2))
    second = Costs(salary=D(3), pension=D(4))
    assert first + second == Costs(salary=D(4), pension=D(6))
    assert len(first + second) == len(COMPONENTS)
    assert first != tuple(first)
    assert first == Costs(*tuple(first))
    assert hash(first) == hash(Costs(salary=D(1), pension=D(2)))
