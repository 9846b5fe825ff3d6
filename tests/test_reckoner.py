"""The ready reckoner: one FTE's annual cost per band and point, worked by hand."""

from __future__ import annotations

from decimal import Decimal

from pi_growth.cost.costs import Costs
from pi_growth.cost.reckoner import Reckoner, build_reckoner
from tests.engine_cases import base, on_costs, rates, scenario

D = Decimal

# Band S: £12,000 with a £1,200 pensionable allowance; NI 10% above £6,000 a year (£500 a
# month); pension 20%; levy 1%. P and R as in engine_cases.
TABLE = rates(
    allowances=[{"name": "London", "amount": 1200, "pensionable": True}],
    on_costs=on_costs(
        pension_rate=0.2,
        apprenticeship_levy_rate=0.01,
        employer_ni={"2020/21": {"rate": 0.1, "threshold": 6000}},
    ),
)

# A month before the award: salary 1,000; allowance 100; P = Q = N = 1,100
#   NI 0.1 x (1,100 - 500) = 60; pension 0.2 x 1,100 = 220; levy 0.01 x 1,100 = 11
#   total 1,100 + 60 + 220 + 11 = 1,391
# A month after a 10% award: salary 1,100; allowance 110; P = Q = N = 1,210
#   NI 0.1 x (1,210 - 500) = 71; pension 0.2 x 1,210 = 242; levy 12.10
#   total 1,210 + 71 + 242 + 12.10 = 1,535.10
BEFORE = Costs(
    salary=D(1000), allowances=D(100), employer_ni=D(60), pension=D(220), apprenticeship_levy=D(11)
)
AFTER = Costs(
    salary=D(1100),
    allowances=D(110),
    employer_ni=D(71),
    pension=D(242),
    apprenticeship_levy=D("12.1"),
)


def row(reckoner: Reckoner, band: str, year: int, point: int | None = None) -> Costs:
    """The annual costs of one band (and point) in one year."""
    (found,) = [
        item.annual
        for item in reckoner.rows
        if (item.band, item.point, item.year) == (band, point, year)
    ]
    return found


def test_band_in_a_year_with_an_august_award() -> None:
    """Award month 8: April-July at the old pay (4 months), August-March at the new (8)."""
    plan = scenario(baseline=[base("S")], years=2, pay_awards={"2024/25": 0.1}, pay_award_month=8)
    reckoner = build_reckoner(TABLE, plan)
    first = row(reckoner, "S", 2024)
    # salary 4 x 1,000 + 8 x 1,100 = 4,000 + 8,800 = 12,800
    # allowances 4 x 100 + 8 x 110 = 400 + 880 = 1,280
    # NI 4 x 60 + 8 x 71 = 240 + 568 = 808
    # pension 4 x 220 + 8 x 242 = 880 + 1,936 = 2,816
    # levy 4 x 11 + 8 x 12.10 = 44 + 96.80 = 140.80
    assert first == Costs(
        salary=D(12800),
        allowances=D(1280),
        employer_ni=D(808),
        pension=D(2816),
        apprenticeship_levy=D("140.8"),
    )
    # total 4 x 1,391 + 8 x 1,535.10 = 5,564 + 12,280.80 = 17,844.80
    assert first.total == D("17844.8")
    assert first == BEFORE.scaled(4) + AFTER.scaled(8)
    # 2025/26 has no award of its own: all twelve months at the new pay, 12 x 1,535.10
    assert row(reckoner, "S", 2025).total == D("18421.2")
    assert (reckoner.years, reckoner.pay_award_month) == ((2024, 2025), 8)


def test_without_a_scenario_the_price_base_alone_with_no_awards() -> None:
    """With only a rate table: the price base year, at the table's own amounts."""
    reckoner = build_reckoner(TABLE)
    assert reckoner.years == (2024,)
    assert row(reckoner, "S", 2024) == BEFORE.scaled(12)  # 12 x 1,391 = 16,692
    assert row(reckoner, "S", 2024).total == D(16692)


def test_every_point_of_a_points_band() -> None:
    """A points band has one row per point, each priced as a full year at that point."""
    reckoner = build_reckoner(TABLE)
    totals = [row(reckoner, "P", 2024, point).total for point in (1, 2, 3)]
    # point 1, 12,000: the same month as band S, 1,391 x 12 = 16,692
    # point 2, 24,000: P = Q = N = 2,000 + 100 = 2,100; NI 0.1 x 1,600 = 160;
    #   pension 420; levy 21; month 2,701 x 12 = 32,412
    # point 3, 36,000: P = 3,100; NI 260; pension 620; levy 31; month 4,011 x 12 = 48,132
    assert totals == [D(16692), D(32412), D(48132)]


def test_annual_cost_band_row() -> None:
    """An annual_cost band's row is its loaded cost, uplifted by awards and nothing else."""
    plan = scenario(baseline=[base("S")], years=1, pay_awards={"2024/25": 0.1}, pay_award_month=8)
    reckoner = build_reckoner(TABLE, plan)
    # 24,000 / 12 = 2,000 a month: 4 x 2,000 + 8 x 2,200 = 8,000 + 17,600 = 25,600
    assert row(reckoner, "R", 2024) == Costs(loaded_cost=D(25600))
    assert [item.point for item in reckoner.rows if item.band == "R"] == [None]
