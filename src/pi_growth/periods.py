"""Financial years, months, money and rates: parsing the spellings users write, printing ours.

A financial year is held as the calendar year it starts in (2024 for 2024/25); a month as a
month index, ``year * 12 + (month - 1)``, so that months subtract and compare as integers.
"""

from __future__ import annotations

import datetime
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext

from pi_growth.problems import quote_token

APRIL = 4
# The financial years accepted: far wider than any plan, narrow enough that every month and
# date stays printable as four digits.
EARLIEST_YEAR = 1900
LATEST_YEAR = 2200
PENNY = Decimal("0.01")
# Every number read is bounded in size and precision (docs/limits.md), so that it stays far
# inside exact decimal arithmetic and prints in a cell: 1e999999999 or 1e-999999 would pass
# any range check written with comparisons alone, and then crash or fill memory.
LARGEST_MONEY = Decimal(10**12)  # a trillion pounds: beyond any workforce plan
MONEY_PLACES = 4  # hundredths of a penny
LARGEST_RATE = Decimal(1000)  # 100,000%: any rate, fraction or FTE is far inside it
RATE_PLACES = 10  # 4.75% is 0.0475; an FTE of 0.333333 has 6

_FY_PATTERN = re.compile(r"^(?:FY\s*)?(\d{2}|\d{4})\s*[/-]\s*(\d{2}|\d{4})$", re.IGNORECASE)
_MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{1,2})(?:-(\d{1,2}))?$")
_MONEY_PATTERN = re.compile(r"^(-?)\s*£?\s*(-?)([0-9][0-9,]*(?:\.[0-9]+)?|\.[0-9]+)\s*([kmb]n?)?$")
_MONEY_MULTIPLIERS = {
    None: Decimal(1),
    "k": Decimal(1_000),
    "m": Decimal(1_000_000),
    "bn": Decimal(1_000_000_000),
    "b": Decimal(1_000_000_000),
}


def parse_financial_year(value: object) -> int:
    """Read ``2024/25``, ``24/25``, ``2024-25`` or ``FY2024/25`` as 2024."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise ValueError("a financial year is written like 2024/25")
    text = str(value).strip()
    match = _FY_PATTERN.match(text)
    if not match:
        raise ValueError(f"{quote_token(text)} is not a financial year; write it like 2024/25")
    first, second = match.groups()
    start = int(first) if len(first) == 4 else 2000 + int(first)
    # Two digits name the end year within its century; four name it whole (2024/2125 is not
    # 2024/25, though its last two digits are).
    ends = (start + 1) % 100 == int(second) if len(second) == 2 else start + 1 == int(second)
    if not ends:
        raise ValueError(
            f"{quote_token(text)} is not a financial year; "
            f"did you mean {start}/{(start + 1) % 100:02d}?"
        )
    if not EARLIEST_YEAR <= start <= LATEST_YEAR:
        raise ValueError(
            f"{quote_token(text)} is outside the years this tool costs "
            f"({EARLIEST_YEAR} to {LATEST_YEAR})"
        )
    return start


def format_financial_year(year: int) -> str:
    """Print a financial year the one way we print it: ``2024/25``."""
    return f"{year}/{(year + 1) % 100:02d}"


def parse_month(value: object) -> int:
    """Read ``2024-10`` or a date such as ``2024-10-01`` (the day is ignored) as a month index."""
    if isinstance(value, datetime.date):
        return month_index(value.year, value.month)
    if not isinstance(value, str):
        raise ValueError("a month is written like 2024-10")
    text = value.strip()
    match = _MONTH_PATTERN.match(text)
    if not match:
        raise ValueError(f"{quote_token(text)} is not a month; write it like 2024-10")
    year, month = int(match.group(1)), int(match.group(2))
    if not 1 <= month <= 12:
        raise ValueError(f"{quote_token(text)} is not a month: the month must be 01 to 12")
    if match.group(3) is not None:
        try:
            datetime.date(year, month, int(match.group(3)))
        except ValueError:
            raise ValueError(f"{quote_token(text)} is not a date") from None
    if not EARLIEST_YEAR <= year <= LATEST_YEAR + 1:
        raise ValueError(
            f"{quote_token(text)} is outside the years this tool costs "
            f"({EARLIEST_YEAR} to {LATEST_YEAR + 1})"
        )
    return month_index(year, month)


def month_index(year: int, month: int) -> int:
    """The month index of a calendar year and month (1-12)."""
    return year * 12 + month - 1


def format_month(index: int) -> str:
    """Print a month index as ``2024-10``."""
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def financial_year_of(index: int) -> int:
    """The financial year a month falls in: April 2024 to March 2025 are 2024/25."""
    year, month = divmod(index, 12)
    return year if month + 1 >= APRIL else year - 1


def first_month_of(year: int) -> int:
    """April of a financial year."""
    return month_index(year, APRIL)


def last_month_of(year: int) -> int:
    """March that ends a financial year."""
    return month_index(year + 1, 3)


def award_month_of(year: int, calendar_month: int) -> int:
    """When a financial year's pay award takes effect: April-December of its first calendar
    year, January-March of its second."""
    return month_index(year if calendar_month >= APRIL else year + 1, calendar_month)


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
