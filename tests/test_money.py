"""Money as people and machines read it: pounds, plain pence, signed changes and rates."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pi_growth.render.money import plain, pounds, rate_text, signed_pounds

D = Decimal


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (D("0.50"), "£1"),  # half up, not to even (round() would give £0)
        (D("2.50"), "£3"),
        (D("0.49"), "£0"),
        # from the exact figure: 0.499 is under half a pound, though to pence it is 0.50
        (D("0.499"), "£0"),
        (D("1234567.5"), "£1,234,568"),
        (D("12000"), "£12,000"),
        (D("-12000"), "-£12,000"),
        (D("-0.5"), "-£1"),  # half away from zero
        (D("-0.4"), "£0"),  # rounds to nothing: no minus sign on zero
        (D("0"), "£0"),
        (D("1900000"), "£1,900,000"),
    ],
)
def test_pounds(amount: Decimal, text: str) -> None:
    """Whole pounds with thousands separators, rounded half up from the exact figure."""
    assert pounds(amount) == text


@pytest.mark.parametrize(
    ("amount", "units", "text"),
    [
        (D("1234567"), "thousands", "£1,234.6k"),  # 1,234.567k to one place, half up
        (D("1234550"), "thousands", "£1,234.6k"),  # 1,234.55k: half up
        (D("250000"), "thousands", "£250.0k"),
        (D("-12000"), "thousands", "-£12.0k"),
        (D("1234567"), "millions", "£1.23m"),  # 1.234567m to two places
        (D("1900000"), "millions", "£1.90m"),
        (D("2605000"), "millions", "£2.61m"),  # 2.605m: half up
        (D("-2600000"), "millions", "-£2.60m"),
    ],
)
def test_pounds_in_thousands_and_millions(amount: Decimal, units: str, text: str) -> None:
    """Thousands to one place, millions to two, half up."""
    assert pounds(amount, units) == text


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (D("1234567.891"), "1234567.89"),
        (D("5"), "5.00"),
        (D("0.1"), "0.10"),
        (D("0.005"), "0.01"),
        (D("2.675"), "2.68"),
        (D("-0.005"), "-0.01"),
        (D("-12000"), "-12000.00"),
        (D("1E+6"), "1000000.00"),  # never exponent notation
        (D("1900000.00"), "1900000.00"),
    ],
)
def test_plain(amount: Decimal, text: str) -> None:
    """Machine money: exactly two decimals, no £, no separators, no exponent."""
    assert plain(amount) == text


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (D("84000"), "+£84,000"),
        (D("-12000"), "-£12,000"),
        (D("0"), "+£0"),
    ],
)
def test_signed_pounds(amount: Decimal, text: str) -> None:
    """A change always shows its sign."""
    assert signed_pounds(amount) == text


@pytest.mark.parametrize(
    ("rate", "text"),
    [
        (D("0.0475"), "4.75%"),
        (D("0.1"), "10%"),
        (D("0.2897"), "28.97%"),
        (D("0.138"), "13.8%"),
        (D("0"), "0%"),
        (D("0.5"), "50%"),  # 50 normalises to 5E+1; still printed 50
        (D("1"), "100%"),
    ],
)
def test_rate_text(rate: Decimal, text: str) -> None:
    """A fraction as a percentage, exactly as given."""
    assert rate_text(rate) == text
