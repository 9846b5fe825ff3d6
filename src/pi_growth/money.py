"""Money and rates: reading the spellings users write, and rounding once, to pence."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext

PENNY = Decimal("0.01")
# Every number read is bounded in size and precision (docs/limits.md), so that it stays far
# inside exact decimal arithmetic and prints in a cell: 1e999999999 or 1e-999999 would pass
# any range check written with comparisons alone, and then crash or fill memory.
LARGEST_MONEY = Decimal(10**12)  # a trillion pounds: beyond any workforce plan
MONEY_PLACES = 4  # hundredths of a penny
LARGEST_RATE = Decimal(1000)  # 100,000%: any rate, fraction or FTE is far inside it
RATE_PLACES = 10  # 4.75% is 0.0475; an FTE of 0.333333 has 6

_MONEY_PATTERN = re.compile(r"^(-?)\s*£?\s*(-?)([0-9][0-9,]*(?:\.[0-9]+)?|\.[0-9]+)\s*([kmb]n?)?$")
_MONEY_MULTIPLIERS = {
    None: Decimal(1),
    "k": Decimal(1_000),
    "m": Decimal(1_000_000),
    "bn": Decimal(1_000_000_000),
    "b": Decimal(1_000_000_000),
}


def _as_decimal(value: object, what: str) -> Decimal:
    if isinstance(value, bool):
        raise ValueError(f"{what} must be a number, not true/false")
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, float):
        # Through the shortest text, so 0.1 means exactly 0.1 (NOTES: never Decimal(0.1)).
        result = Decimal(repr(value))
    else:
        raise ValueError(f"{what} must be a number")
    if not result.is_finite():
        raise ValueError(f"{what} must be a finite number")
    return result


def parse_money(value: object) -> Decimal:
    """Read money: a number, or text such as ``"£1.9m"``, ``"1,900,000"`` or ``"250k"``."""
    if isinstance(value, str):
        text = value.strip().replace(" ", "")
        match = _MONEY_PATTERN.match(text.lower())
        if not match or (match.group(1) and match.group(2)):
            raise ValueError(
                f"{value.strip()[:40]!r} is not an amount of money; "
                'write it like 1900000, "1,900,000", "£1.9m" or "250k"'
            )
        sign, inner_sign, digits, suffix = match.groups()
        if "," in digits and not re.fullmatch(r"\d{1,3}(,\d{3})*(\.\d+)?", digits):
            raise ValueError(f"{value.strip()[:40]!r} has misplaced thousands separators")
        if len(digits) > _LONGEST_NUMBER_TEXT:
            raise ValueError(_too_precise("an amount of money", MONEY_PLACES))
        amount = Decimal(digits.replace(",", "")) * _MONEY_MULTIPLIERS[suffix]
        return _bounded(-amount if (sign or inner_sign) else amount, "money")
    return _bounded(_as_decimal(value, "an amount of money"), "money")


def parse_rate(value: object) -> Decimal:
    """Read a rate: a fraction (``0.0475``) or a percentage text (``"4.75%"``)."""
    if isinstance(value, str):
        text = value.strip()
        if len(text) > _LONGEST_NUMBER_TEXT:
            raise ValueError(_too_precise("a rate", RATE_PLACES))
        try:
            if text.endswith("%"):
                return _bounded(Decimal(text[:-1].strip()) / 100, "rate")
            result = Decimal(text)
        except InvalidOperation:
            raise ValueError(
                f'{text[:40]!r} is not a rate; write it like 0.0475 or "4.75%"'
            ) from None
        if not result.is_finite():
            raise ValueError("a rate must be a finite number")
        return _bounded(result, "rate")
    return _bounded(_as_decimal(value, "a rate"), "rate")


# Longer number texts are refused before Decimal reads them (a number of 12 digits and 10
# places, with separators and a sign, is far shorter).
_LONGEST_NUMBER_TEXT = 60
_BOUNDS = {
    "money": ("an amount of money", LARGEST_MONEY, MONEY_PLACES),
    "rate": ("a rate", LARGEST_RATE, RATE_PLACES),
}


def _bounded(value: Decimal, kind: str) -> Decimal:
    """`value`, or ValueError when it is beyond the bounds for its kind (docs/limits.md)."""
    what, largest, places = _BOUNDS[kind]
    if value.copy_abs() > largest:  # no context, so 1e999999999 neither overflows nor is slow
        raise ValueError(f"{what} must be between -{largest:,} and {largest:,} (docs/limits.md)")
    _, digits, exponent = value.as_tuple()
    if isinstance(exponent, int) and exponent < -places and any(digits):
        # Trailing zeros are not precision: 0.10000000000000 is 0.1.
        zeros = len(digits) - len("".join(map(str, digits)).rstrip("0"))
        if exponent + zeros < -places:
            raise ValueError(_too_precise(what, places))
    return value


def _too_precise(what: str, places: int) -> str:
    return f"{what} may have at most {places} decimal places (docs/limits.md)"


def round_money(amount: Decimal) -> Decimal:
    """Round a money figure once, at the edge: half up, to pence (never "-0.00")."""
    try:
        rounded = amount.quantize(PENNY, rounding=ROUND_HALF_UP)
    except InvalidOperation:  # more digits than the current context holds: make room
        with localcontext() as context:
            context.prec = 100
            rounded = amount.quantize(PENNY, rounding=ROUND_HALF_UP)
    return rounded if rounded else abs(rounded)
