"""What the what-if reports share: exact figures (Fractions) rounded once, as text."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from pi_growth.periods import format_financial_year


def _round_half_away(value: Fraction, unit: Fraction) -> int:
    scaled = value / unit
    whole = (abs(scaled.numerator) * 2 + scaled.denominator) // (2 * scaled.denominator)
    return whole if scaled >= 0 else -whole


def exact_pence(value: Fraction) -> Decimal:
    """An exact figure rounded once, half away from zero, to pence (never -0.00)."""
    pence = _round_half_away(value, Fraction(1, 100))
    return Decimal(pence).scaleb(-2) if pence else Decimal("0.00")


def money_plain(value: Fraction) -> str:
    """Exact pence for machines: ``1234567.89``."""
    return f"{exact_pence(value):f}"


def money_pounds(value: Fraction) -> str:
    """For people, to the pound: ``£1,234,568`` or ``-£12,000``."""
    whole = _round_half_away(value, Fraction(1))
    return f"-£{-whole:,}" if whole < 0 else f"£{whole:,}"


def signed_pounds(value: Fraction) -> str:
    """A change with its sign: ``+£84,000``, ``-£12,000``."""
    text = money_pounds(value)
    return text if text.startswith("-") else f"+{text}"


def year_text(year: int) -> str:
    """``2024/25``."""
    return format_financial_year(year)


def percent_text(share: Decimal) -> str:
    """A share as a percentage to two decimals: ``21.40%``."""
    return f"{share * 100:.2f}%"
