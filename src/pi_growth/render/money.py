"""Money and numbers as people read them, and as machines read them: rounded once, here."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from pi_growth.money import round_money

_UNITS = {
    "pounds": (Decimal(1), ""),
    "thousands": (Decimal(1_000), "k"),
    "millions": (Decimal(1_000_000), "m"),
}


def plain(amount: Decimal) -> str:
    """Exact pence for machines: ``1234567.89`` (no £, no separators)."""
    return f"{round_money(amount):f}"


def pounds(amount: Decimal, units: str = "pounds") -> str:
    """For people: ``£1,234,568``, ``£1,234.6k`` or ``£1.23m``; negatives as ``-£12,000``."""
    divisor, suffix = _UNITS[units]
    # Rounded from the exact figure, not from pence, so no figure is rounded twice.
    if units == "pounds":
        whole = amount.quantize(Decimal(1), rounding=ROUND_HALF_UP)
        text = f"£{abs(whole):,.0f}"
    else:
        places = Decimal("0.1") if units == "thousands" else Decimal("0.01")
        scaled = amount / divisor
        whole = scaled.quantize(places, rounding=ROUND_HALF_UP)
        text = f"£{abs(whole):,}{suffix}"
    return f"-{text}" if whole < 0 else text


def signed_pounds(amount: Decimal, units: str = "pounds") -> str:
    """A change, always with its sign: ``+£84,000`` or ``-£12,000``."""
    text = pounds(amount, units)
    return text if text.startswith("-") else f"+{text}"


def rate_text(rate: Decimal) -> str:
    """A fraction as a percentage, as exact as it was given: ``0.0475`` as ``4.75%``."""
    percent = (rate * 100).normalize()
    return f"{percent:f}%"
