"""Financial years, months, money and rates: every accepted spelling, and the rejections."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from pi_growth.periods import (
    award_month_of,
    financial_year_of,
    first_month_of,
    format_financial_year,
    format_month,
    last_month_of,
    month_index,
    parse_financial_year,
    parse_money,
    parse_month,
    parse_rate,
    round_money,
)

D = Decimal


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("2024/25", 2024),
        ("24/25", 2024),
        ("2024-25", 2024),
        ("FY2024/25", 2024),
        ("fy 2024/25", 2024),
        ("2024/2025", 2024),
        (" 2024/25 ", 2024),
        ("1999/00", 1999),  # the century turns: 99 + 1 is 00
    ],
)
def test_financial_year_spellings(text: str, year: int) -> None:
    """Every spelling SPEC §1 accepts reads as the year the FY starts in."""
    assert parse_financial_year(text) == year


@pytest.mark.parametrize("text", ["2024/26", "2024", "abc", "2024/24", "", "FY", "2024/25/26"])
def test_financial_year_rejections(text: str) -> None:
    """A FY whose years are not consecutive, a bare year, or text is an error."""
    with pytest.raises(ValueError, match="financial year"):
        parse_financial_year(text)


@pytest.mark.parametrize("value", [True, 2024.5, None, [2024]])
def test_financial_year_rejects_non_text(value: object) -> None:
    """Booleans, floats and other values are not financial years."""
    with pytest.raises(ValueError, match="financial year"):
        parse_financial_year(value)


@pytest.mark.parametrize(
    ("year", "text"), [(2024, "2024/25"), (1999, "1999/00"), (2009, "2009/10")]
)
def test_financial_year_prints_one_way(year: int, text: str) -> None:
    """FYs always print as 2024/25."""
    assert format_financial_year(year) == text


@pytest.mark.parametrize(
    ("value", "year", "month"),
    [
        ("2024-10", 2024, 10),
        ("2024-1", 2024, 1),
        ("2024-10-01", 2024, 10),  # the day is ignored
        ("2024-10-31", 2024, 10),
        (datetime.date(2024, 10, 15), 2024, 10),  # a YAML date arrives as a date
    ],
)
def test_month_spellings(value: object, year: int, month: int) -> None:
    """Months read as an index that subtracts and compares as an integer."""
    assert parse_month(value) == month_index(year, month)


@pytest.mark.parametrize(
    "value", ["2024-13", "2024-00", "2024-02-30", "2024/10", "Oct 2024", 202410]
)
def test_month_rejections(value: object) -> None:
    """Months out of range, impossible dates and other spellings are errors."""
    with pytest.raises(ValueError, match=r"month|date"):
        parse_month(value)


def test_month_index_arithmetic() -> None:
    """Month indexes: year x 12 + month - 1, so December to January is one step."""
    assert month_index(2024, 1) == 2024 * 12
    assert month_index(2025, 1) - month_index(2024, 12) == 1
    assert format_month(month_index(2024, 10)) == "2024-10"
    assert format_month(month_index(2025, 3)) == "2025-03"


@pytest.mark.parametrize(
    ("year", "month", "fy"),
    [(2024, 4, 2024), (2025, 3, 2024), (2024, 12, 2024), (2025, 1, 2024), (2024, 3, 2023)],
)
def test_financial_year_of_a_month(year: int, month: int, fy: int) -> None:
    """April to March belong to the FY that starts in April."""
    assert financial_year_of(month_index(year, month)) == fy


def test_first_and_last_months_of_a_financial_year() -> None:
    """2024/25 runs April 2024 to March 2025: 12 months inclusive."""
    assert first_month_of(2024) == month_index(2024, 4)
    assert last_month_of(2024) == month_index(2025, 3)
    assert last_month_of(2024) - first_month_of(2024) + 1 == 12


@pytest.mark.parametrize(
    ("calendar_month", "year", "month"),
    [
        (4, 2024, 4),  # April-December: the FY's first calendar year
        (8, 2024, 8),
        (12, 2024, 12),
        (1, 2025, 1),  # January-March: its second
        (3, 2025, 3),
    ],
)
def test_award_month_of(calendar_month: int, year: int, month: int) -> None:
    """2024/25's award lands in 2024 for April-December, in 2025 for January-March."""
    assert award_month_of(2024, calendar_month) == month_index(year, month)


@pytest.mark.parametrize(
    ("value", "amount"),
    [
        ("£1.9m", D(1900000)),  # 1.9 x 1,000,000
        ("1,900,000", D(1900000)),
        ("250k", D(250000)),  # 250 x 1,000
        ("£250K", D(250000)),
        ("£2.6m", D(2600000)),
        ("1.5bn", D(1500000000)),
        ("£ 1,234.56", D("1234.56")),
        ("-£12,000", D(-12000)),
        (1900000, D(1900000)),
        (0.1, D("0.1")),  # a float through its shortest text: exactly 0.1
        (1234.56, D("1234.56")),
        (D("0.005"), D("0.005")),
    ],
)
def test_money_spellings(value: object, amount: Decimal) -> None:
    """Money as a number or as text with £, separators and k/m/bn."""
    result = parse_money(value)
    assert result == amount
    assert isinstance(result, Decimal)


@pytest.mark.parametrize("value", ["1,90,000", "abc", True, False, "", "1.9mm", "£", None])
def test_money_rejections(value: object) -> None:
    """Misplaced separators, text, booleans and nothing are not money."""
    with pytest.raises(ValueError, match=r"money|amount|separator|number"):
        parse_money(value)


@pytest.mark.parametrize("value", [float("nan"), float("inf"), D("NaN")])
def test_money_rejects_non_finite(value: object) -> None:
    """NaN and infinity are not amounts."""
    with pytest.raises(ValueError, match="finite"):
        parse_money(value)


@pytest.mark.parametrize(
    ("value", "rate"),
    [
        ("4.75%", D("0.0475")),
        ("4.75 %", D("0.0475")),
        ("10%", D("0.1")),
        (0.0475, D("0.0475")),  # a float through its text, not its binary value
        (0.1, D("0.1")),
        ("0.0475", D("0.0475")),
        (0, D(0)),
        (1, D(1)),
    ],
)
def test_rate_spellings(value: object, rate: Decimal) -> None:
    """Rates as a fraction or a percentage."""
    assert parse_rate(value) == rate


@pytest.mark.parametrize("value", ["abc", "4.75%%", True, None, "NaN", float("inf")])
def test_rate_rejections(value: object) -> None:
    """Text, booleans and non-finite numbers are not rates."""
    with pytest.raises(ValueError, match="rate"):
        parse_rate(value)


@pytest.mark.parametrize(
    ("amount", "rounded"),
    [
        (D("0.005"), D("0.01")),  # half up, not to even
        (D("0.015"), D("0.02")),
        (D("0.025"), D("0.03")),  # banker's rounding would give 0.02
        (D("2.675"), D("2.68")),  # float round(2.675, 2) gives 2.67
        (D("0.125"), D("0.13")),
        (D("0.0049999"), D("0.00")),
        (D("-0.005"), D("-0.01")),  # half away from zero for negatives
        (D("1234567.891"), D("1234567.89")),
        (D(7), D("7.00")),
    ],
)
def test_round_money_half_up(amount: Decimal, rounded: Decimal) -> None:
    """Money rounds once, half up, to pence."""
    result = round_money(amount)
    assert result == rounded
    assert result.as_tuple().exponent == -2  # always two places


def test_round_money_makes_room_for_figures_wider_than_the_context() -> None:
    """A figure with more digits than the default 28-digit context still rounds (to pence,
    half up) instead of raising InvalidOperation: 10^30 + 0.005 -> 10^30 + 0.01."""
    huge = Decimal("1000000000000000000000000000000.005")  # from text: 34 digits, exact
    assert round_money(huge) == Decimal("1000000000000000000000000000000.01")
