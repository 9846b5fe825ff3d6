"""The `expect:` block: the model, its cross-checks, and verdicts worked by hand."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from pi_growth.cost.engine import cost_scenario
from pi_growth.cost.expectations import ExpectationResult, evaluate_expectations
from pi_growth.load.loader import load_scenario
from pi_growth.problems import InputError
from pi_growth.render.expectations import actual_text, expected_text, verdict_sentence
from tests.conftest import BUNDLED_SCENARIO

# One band priced at a loaded £36,000 a year: £3,000 a post-month, no on-costs, no awards.
RATES = """
name: Flat
price_base: 2024/25
bands:
  X: {annual_cost: 36000}
"""

# Hand-worked figures for this plan (every post costs £3,000 a month):
#   2024/25: posts 2 + 1 = 3; added 1.
#     in-year = baseline 2 x 12 x 3,000 = 72,000 + growth Oct-Mar 6 x 3,000 = 18,000 = 90,000
#     FYE = 3 x 12 x 3,000 = 108,000; growth FYE = 36,000; growth in-year = 18,000
#   2025/26: posts 3 + 2 = 5; added 2 (from July: 9 months).
#     in-year = 3 x 12 x 3,000 = 108,000 + 2 x 9 x 3,000 = 54,000 = 162,000
#     FYE = 5 x 36,000 = 180,000
#   Budget "Year 1": FYE of posts added in 2024/25 = 36,000 against 40,000: within (4,000).
#   Budget "Year 2": FYE of posts added in 2025/26 = 72,000 against 70,000: OVER by 2,000.
SCENARIO = """
name: Small team
rates: rates.yaml
first_year: 2024/25
years: 2
baseline:
  - {team: Core, band: X, posts: 2}
growth:
  - {team: Core, band: X, posts: 1, year: 2024/25, start: 2024-10}
  - {team: Core, band: X, posts: 2, year: 2025/26, start: 2025-07}
budgets:
  - {name: Year 1, years: [2024/25], amount: 40000}
  - {name: Year 2, years: [2025/26], amount: 70000}
"""

Writer = Callable[[str, str], Path]


def verdicts_for(write_file: Writer, expect: str) -> tuple[ExpectationResult, ...]:
    """Cost the small plan with the given `expect:` block and hold it to it."""
    write_file("rates.yaml", RATES)
    path = write_file("plan.yaml", SCENARIO + expect)
    loaded = load_scenario(path)
    return evaluate_expectations(cost_scenario(loaded.scenario, loaded.rates))


def test_no_expect_block_gives_no_verdicts(write_file: Writer) -> None:
    """A scenario without `expect:` asserts nothing."""
    assert verdicts_for(write_file, "") == ()


def test_post_counts_are_exact(write_file: Writer) -> None:
    """Posts at a year's end and posts added are compared exactly, as the file lists them."""
    verdicts = verdicts_for(
        write_file,
        """
expect:
  posts: {2024/25: 3, 2025/26: 6}
  posts_added: {25/26: 2}
""",
    )
    assert [(v.kind, v.year, v.expected_count, v.actual_count, v.met) for v in verdicts] == [
        ("posts", 2024, 3, 3, True),
        ("posts", 2025, 6, 5, False),  # 3 + 2 = 5, not 6
        ("posts_added", 2025, 2, 2, True),
    ]
    assert verdict_sentence(verdicts[1]) == "posts at the end of 2025/26: expected 6, found 5"


def test_money_bounds_by_hand(write_file: Writer) -> None:
    """Bounds on in-year cost and FYE hold at their limits, and fail just past them."""
    verdicts = verdicts_for(
        write_file,
        """
expect:
  in_year_cost:
    2024/25: {at_most: 90000}        # exactly 90,000: met (inclusive)
    2025/26: {at_least: "£162,000.01"}   # 162,000: a penny short
  full_year_effect:
    2025/26: {at_least: 170k, at_most: 180k}   # 180,000: met
  growth_full_year_effect:
    2024/25: {at_most: 35999.99}     # 36,000: a penny over
  growth_in_year_cost:
    2024/25: {at_least: 18000, at_most: 18000}  # exactly 18,000
""",
    )
    assert [(v.kind, v.year, v.actual_amount, v.met) for v in verdicts] == [
        ("in_year_cost", 2024, Decimal(90000), True),
        ("in_year_cost", 2025, Decimal(162000), False),
        ("full_year_effect", 2025, Decimal(180000), True),
        ("growth_in_year_cost", 2024, Decimal(18000), True),
        ("growth_full_year_effect", 2024, Decimal(36000), False),
    ]
    # Pounds would hide a one-penny difference, so both sides are shown in pence.
    assert verdict_sentence(verdicts[1]) == (
        "in-year cost in 2025/26: expected at least £162,000.01, found £162,000.00"
    )
    assert expected_text(verdicts[2]) == "at least £170,000 and at most £180,000"
    assert expected_text(verdicts[3]) == "exactly £18,000"


def test_budgets_within_by_name_and_all(write_file: Writer) -> None:
    """`budgets_within` names budgets that must be within; `all` means every budget."""
    named = verdicts_for(write_file, "expect:\n  budgets_within: [Year 1]\n")
    assert [(v.budget, v.met, v.location) for v in named] == [
        ("Year 1", True, ("expect", "budgets_within", 0))
    ]
    assert actual_text(named[0]) == "within (£4,000 headroom)"
    every = verdicts_for(write_file, "expect:\n  budgets_within: all\n")
    assert [(v.budget, v.actual_status, v.met) for v in every] == [
        ("Year 1", "within", True),
        ("Year 2", "over", False),
    ]
    assert actual_text(every[1]) == "OVER by £2,000"  # 72,000 - 70,000


@pytest.mark.parametrize(
    ("expect", "message"),
    [
        ("  posts: {2027/28: 5}\n", "expect.posts.2027/28: 2027/28 is outside the horizon"),
        ("  budgets_within: [Year 3]\n", "expect.budgets_within[0]: unknown budget 'Year 3'"),
        ("  full_year_effect: {2024/25: {}}\n", "give at_least, at_most or both"),
        (
            "  full_year_effect: {2024/25: {at_least: 2, at_most: 1}}\n",
            "at_least is above at_most",
        ),
        ("  postz: {2024/25: 3}\n", "unknown key 'postz'"),
        ("  posts: {2024/25: -1}\n", "greater than or equal to 0"),
    ],
)
def test_bad_expectations_are_input_errors(write_file: Writer, expect: str, message: str) -> None:
    """Mistakes in the block are bad input, reported at the line that holds them."""
    write_file("rates.yaml", RATES)
    path = write_file("plan.yaml", SCENARIO + "expect:\n" + expect)
    with pytest.raises(InputError) as caught:
        load_scenario(path)
    expect_line = (SCENARIO + "expect:\n").lstrip("\n").count("\n") + 1
    assert any(
        message in problem.message and problem.line == expect_line
        for problem in caught.value.problems
    ), caught.value.problems


def test_bundled_plan_meets_its_expectations() -> None:
    """The bundled plan asserts the paper's 56 and 102 posts and a Year 1 within its £1.9m."""
    loaded = load_scenario(BUNDLED_SCENARIO)
    verdicts = evaluate_expectations(cost_scenario(loaded.scenario, loaded.rates))
    assert [(v.subject, v.met) for v in verdicts] == [
        ("posts at the end of 2024/25", True),
        ("posts at the end of 2026/27", True),
        ("budget 'Year 1 (MTFP, agreed)' within its amount", True),
    ]
