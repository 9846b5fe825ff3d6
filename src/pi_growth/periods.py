"""Financial years and months: parsing the spellings users write, printing ours.

A financial year is held as the calendar year it starts in (2024 for 2024/25); a month as a
month index, ``year * 12 + (month - 1)``, so that months subtract and compare as integers.
"""

from __future__ import annotations

import datetime
import re

# Money lives in pi_growth.money; these names stay importable here for code written before
# it moved (the explicit `as` is how mypy --strict knows they are re-exported on purpose).
from pi_growth.money import PENNY as PENNY  # noqa: PLC0414
from pi_growth.money import parse_money as parse_money  # noqa: PLC0414
from pi_growth.money import parse_rate as parse_rate  # noqa: PLC0414
from pi_growth.money import round_money as round_money  # noqa: PLC0414
from pi_growth.problems import quote_token

APRIL = 4
# The financial years accepted: far wider than any plan, narrow enough that every month and
# date stays printable as four digits.
EARLIEST_YEAR = 1900
LATEST_YEAR = 2200

_FY_PATTERN = re.compile(r"^(?:FY\s*)?(\d{2}|\d{4})\s*[/-]\s*(\d{2}|\d{4})$", re.IGNORECASE)
_MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{1,2})(?:-(\d{1,2}))?$")


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
