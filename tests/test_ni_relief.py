"""Employer NI reliefs (SPEC §11), each rule worked by hand with the arithmetic beside it."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from pi_growth.load.validation import cross_check
from pi_growth.models import RateTable
from tests.engine_cases import base, cost, grow, on_costs, rates, scenario

D = Decimal

# NI 10% above a £1,200 threshold (£100 a month); the Upper Secondary Threshold £48,000
# (£4,000 a month); levy 1% of NI-able pay. Band S pays £1,000 a month (below the UST), band
# H £5,000 a month (above it).
NI = {"rate": 0.1, "threshold": 1200, "upper_secondary_threshold": 48000}


def relief_rates(**ni: Any) -> RateTable:
    """Bands S (12,000) and H (60,000); NI as above, with `ni` changes; levy 1%."""
    return rates(
        bands={"S": {"salary": 12000}, "H": {"salary": 60000}, "R": {"annual_cost": 24000}},
        on_costs=on_costs(
            apprenticeship_levy_rate=0.01,
            employer_ni={"2024/25": {**NI, **ni}},
        ),
    )


def test_relieved_post_below_the_upper_threshold_pays_no_ni() -> None:
    """Pay under the UST: no NI at all, and the NI relieved is what a standard post pays."""
    plan = scenario(baseline=[base("S", ni_category="under_21", ni_relief_until="2025-03")])
    (year,) = cost(plan, relief_rates()).years
    # relieved: 0.1 x max(0, 1,000 - 4,000) = 0 a month
    assert year.in_year.employer_ni == 0
    # standard: 0.1 x (1,000 - 100) = 90 a month x 12 = 1,080 not paid
    assert year.ni_relieved == D(1080)
    # levy unchanged: 0.01 x 1,000 = 10 a month x 12 = 120
    assert year.in_year.apprenticeship_levy == D(120)
    # relieved in March too: the FYE has no NI either
    assert year.full_year_effect.employer_ni == 0
    assert year.in_year.total == D(12120)  # 12,000 pay + 120 levy


def test_relieved_post_above_the_upper_threshold_pays_ni_on_the_excess_only() -> None:
    """Pay over the UST: NI on the part above it alone."""
    plan = scenario(
        baseline=[base("H", ni_category="apprentice_under_25", ni_relief_until="2025-03")]
    )
    (year,) = cost(plan, relief_rates()).years
    # relieved: 0.1 x (5,000 - 4,000) = 100 a month x 12 = 1,200
    assert year.in_year.employer_ni == D(1200)
    # standard: 0.1 x (5,000 - 100) = 490 a month x 12 = 5,880; relieved 5,880 - 1,200 = 4,680
    assert year.ni_relieved == D(4680)
    assert year.full_year_effect.employer_ni == D(1200)  # 12 x March's 100


def test_relief_ending_mid_year() -> None:
    """Relieved April to September, standard October to March."""
    plan = scenario(baseline=[base("S", ni_category="under_21", ni_relief_until="2024-09")])
    (year,) = cost(plan, relief_rates()).years
    # Apr-Sep: 0 a month; Oct-Mar: 0.1 x (1,000 - 100) = 90 a month x 6 = 540
    assert year.in_year.employer_ni == D(540)
    assert year.ni_relieved == D(540)  # 6 relieved months x 90
    # FYE at March's state, after the relief ended: 12 x 90 = 1,080 (relief ended before March)
    assert year.full_year_effect.employer_ni == D(1080)


def test_full_year_effect_after_the_relief_ended_in_an_earlier_year() -> None:
    """A growth post relieved until December 2024: 2024/25's FYE and 2025/26's pay full NI."""
    plan = scenario(
        growth=[
            grow("S", start="2024-10", ni_category="apprentice_under_25", ni_relief_until="2024-12")
        ],
        years=2,
    )
    first, second = cost(plan, relief_rates()).years
    # 2024/25: filled Oct-Mar; Oct-Dec relieved (0), Jan-Mar 90 a month x 3 = 270
    assert first.in_year.employer_ni == D(270)
    assert first.ni_relieved == D(270)  # Oct-Dec: 3 x 90
    # FYE at March 2025, after the relief: 12 x 90 = 1,080
    assert first.full_year_effect.employer_ni == D(1080)
    # 2025/26: no relief at all: 12 x 90 = 1,080 in year and in the FYE; nothing relieved
    assert second.in_year.employer_ni == D(1080)
    assert second.ni_relieved == 0
    assert second.full_year_effect.employer_ni == D(1080)


def test_relief_ends_with_the_line_by_default_and_the_vacancy_factor_applies() -> None:
    """A fixed-term relieved line without ni_relief_until is relieved to its end; the NI
    relieved, like the in-year cost, is after the vacancy factor."""
    plan = scenario(
        growth=[grow("S", start="2024-07", end="2024-12", ni_category="under_21")],
        vacancy_factor=0.5,
    )
    (year,) = cost(plan, relief_rates()).years
    # filled Jul-Dec, all relieved: NI 0; relieved 6 x 90 = 540, x (1 - 0.5) = 270
    assert year.in_year.employer_ni == 0
    assert year.ni_relieved == D(270)
    # pay 6 x 1,000 x 0.5 = 3,000; levy 6 x 10 x 0.5 = 30
    assert year.in_year.total == D(3030)


def test_monthly_upper_threshold_as_published() -> None:
    """The monthly UST given is used as it is, not the annual one / 12."""
    table = relief_rates(monthly_upper_secondary_threshold=4500)
    plan = scenario(baseline=[base("H", ni_category="under_21", ni_relief_until="2025-03")])
    (year,) = cost(plan, table).years
    # 0.1 x (5,000 - 4,500) = 50 a month x 12 = 600
    assert year.in_year.employer_ni == D(600)


def test_standard_lines_are_unchanged_and_relieve_nothing() -> None:
    """No category: §4's NI, nothing relieved."""
    (year,) = cost(scenario(baseline=[base("S")]), relief_rates()).years
    assert year.in_year.employer_ni == D(1080)  # 0.1 x (1,000 - 100) x 12
    assert year.ni_relieved == 0


# --- validation ---------------------------------------------------------------------------


def messages(plan: Any, table: RateTable) -> list[tuple[str, tuple[Any, ...], str]]:
    return [(f.source, f.location, f.message) for f in cross_check(plan, table)]


def test_relieved_line_needs_a_last_month() -> None:
    found = messages(scenario(baseline=[base("S", ni_category="under_21")]), relief_rates())
    assert [(source, location) for source, location, _ in found] == [
        ("scenario", ("baseline", 0, "ni_category"))
    ]
    assert "needs ni_relief_until" in found[0][2]


def test_relief_on_an_annual_cost_band_is_refused() -> None:
    plan = scenario(baseline=[base("R", ni_category="under_21", ni_relief_until="2025-03")])
    found = messages(plan, relief_rates())
    assert [location for _, location, _ in found] == [("baseline", 0, "ni_category")]
    assert "annual_cost" in found[0][2]


def test_relief_until_on_a_standard_line_is_refused() -> None:
    found = messages(scenario(baseline=[base("S", ni_relief_until="2025-03")]), relief_rates())
    assert [location for _, location, _ in found] == [("baseline", 0, "ni_relief_until")]


@pytest.mark.parametrize(
    ("until", "expected"),
    [
        # relieved in 2025/26 (the entry without a UST serves it): an error naming the FY
        ("2025-06", ["2025/26"]),
        # relief over before 2025/26: the 2025/26 entry need not have one
        ("2025-03", []),
    ],
)
def test_a_year_entry_without_upper_threshold(until: str, expected: list[str]) -> None:
    table = rates(
        bands={"S": {"salary": 12000}},
        on_costs=on_costs(
            employer_ni={"2024/25": NI, "2025/26": {"rate": 0.1, "threshold": 1200}},
        ),
    )
    plan = scenario(baseline=[base("S", ni_category="under_21", ni_relief_until=until)], years=2)
    found = messages(plan, table)
    assert [location for _, location, _ in found] == [
        ("on_costs", "employer_ni", 2025) for _ in expected
    ]
    for (source, _, message), year in zip(found, expected, strict=True):
        assert source == "rates"
        assert year in message
