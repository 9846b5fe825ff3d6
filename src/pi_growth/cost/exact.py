"""Exact money: a reported figure that is its exact rational value, whatever is done with it.

Every figure of SPEC §4 is some finite decimal / 12 (a month is a twelfth of a year), so most
have no finite decimal form, and a Decimal of them, however long, is a little off: summing
such Decimals can leave ...4999... where the exact value ends in 5, and rounding then drops a
penny (NOTES "Exact money"). The engine therefore counts in integers over a common
denominator, and hands out each figure as an `ExactMoney`:

- it *is* a Decimal (so every renderer, test and user of the API reads it as before), whose
  digits are the exact value rounded to 60 digits with ROUND_05UP: rounding those digits again
  to pence (or pounds, or £k), half away from zero, gives exactly what rounding the exact value
  would (05UP keeps a last digit of 0 or 5 only where the value is exact there, so no later
  rounding can land on a false half);
- it also keeps the exact value, numerator over denominator, and adds, subtracts, negates,
  multiplies and divides exactly with other figures, Decimals and integers -- so a total, a
  variance or a change between two plans is again exact, and rounded once where it is shown.
"""

from __future__ import annotations

import decimal
from decimal import Decimal
from typing import Any

# Far more digits than pence need: 60 significant digits hold any amount up to 10^57 pounds
# to the penny, and money here is bounded far below that (models.MAX_MONEY, MAX_POSTS).
DIGITS = 60
_ZERO = Decimal(0)
_CONTEXT = decimal.Context(prec=DIGITS, rounding=decimal.ROUND_05UP, Emax=10**9, Emin=-(10**9))


def _ratio(value: object) -> tuple[int, int] | None:
    """An exact (numerator, denominator) for an ExactMoney, Decimal or int; None otherwise."""
    if isinstance(value, ExactMoney):
        return value.numerator, value.denominator
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value, 1
    if isinstance(value, Decimal) and value.is_finite():
        sign, digits, exponent = value.as_tuple()
        number = int("".join(map(str, digits)) or "0")
        if sign:
            number = -number
        assert isinstance(exponent, int)
        if exponent >= 0:
            return number * 10**exponent, 1
        return number, 10**-exponent
    return None


class ExactMoney(Decimal):
    """A Decimal that is also an exact rational value (see the module's notes)."""

    __slots__ = ("denominator", "numerator")

    numerator: int
    denominator: int  # always positive

    def __new__(cls, numerator: int, denominator: int = 1) -> ExactMoney:
        """The figure numerator / denominator (denominator > 0)."""
        shown = _CONTEXT.divide(Decimal(numerator), Decimal(denominator)) if numerator else _ZERO
        self = Decimal.__new__(cls, shown)
        self.numerator = numerator
        self.denominator = denominator
        return self

    @classmethod
    def of(cls, value: Decimal | int) -> ExactMoney:
        """A Decimal or int as an ExactMoney (the same value)."""
        ratio = _ratio(value)
        if ratio is None:
            raise TypeError(f"not an exact amount: {value!r}")
        return cls(*ratio)

    # --- exact arithmetic (a plain Decimal or int operand is exact too) --------------------

    def __add__(self, other: Any) -> Any:
        ratio = _ratio(other)
        if ratio is None:
            return NotImplemented
        return _combine(self.numerator, self.denominator, ratio[0], ratio[1])

    __radd__ = __add__

    def __sub__(self, other: Any) -> Any:
        ratio = _ratio(other)
        if ratio is None:
            return NotImplemented
        return _combine(self.numerator, self.denominator, -ratio[0], ratio[1])

    def __rsub__(self, other: Any) -> Any:
        ratio = _ratio(other)
        if ratio is None:
            return NotImplemented
        return _combine(-self.numerator, self.denominator, ratio[0], ratio[1])

    def __neg__(self, context: Any = None) -> ExactMoney:
        return ExactMoney(-self.numerator, self.denominator)

    def __pos__(self, context: Any = None) -> ExactMoney:
        return self

    def __abs__(self, round: bool = True, context: Any = None) -> ExactMoney:
        return ExactMoney(abs(self.numerator), self.denominator)

    def __mul__(self, other: Any) -> Any:
        ratio = _ratio(other)
        if ratio is None:
            return NotImplemented
        return ExactMoney(self.numerator * ratio[0], self.denominator * ratio[1])

    __rmul__ = __mul__

    def __truediv__(self, other: Any) -> Any:
        ratio = _ratio(other)
        if ratio is None or ratio[0] == 0:
            return NotImplemented if ratio is None else Decimal.__truediv__(self, other)
        numerator, denominator = self.numerator * ratio[1], self.denominator * ratio[0]
        if denominator < 0:
            numerator, denominator = -numerator, -denominator
        return ExactMoney(numerator, denominator)

    def __reduce__(self) -> tuple[Any, ...]:
        return (ExactMoney, (self.numerator, self.denominator))

    def __copy__(self) -> ExactMoney:
        return self

    def __deepcopy__(self, memo: Any) -> ExactMoney:
        return self


class Denominator:
    """Makes many ExactMoney of one denominator (a costing's), dividing by a Decimal made once.
    At force scale a report hands out a few hundred thousand figures."""

    __slots__ = ("_decimal", "value")

    def __init__(self, value: int) -> None:
        self.value = value
        self._decimal = Decimal(value)

    def money(self, numerator: int) -> ExactMoney:
        """numerator / this denominator, exactly."""
        shown = _CONTEXT.divide(Decimal(numerator), self._decimal) if numerator else _ZERO
        money = Decimal.__new__(ExactMoney, shown)
        money.numerator = numerator
        money.denominator = self.value
        return money


def sum_exact(parts: tuple[Decimal, ...]) -> Decimal:
    """The exact sum of some figures: one ExactMoney when they share a denominator (a Costs'
    components do), rather than one per addition."""
    first = parts[0]
    if type(first) is ExactMoney:
        denominator = first.denominator
        numerator = 0
        for part in parts:
            if type(part) is not ExactMoney or part.denominator != denominator:
                break
            numerator += part.numerator
        else:
            return ExactMoney(numerator, denominator)
    total = parts[0]
    for part in parts[1:]:
        total += part
    return total


def _combine(a: int, b: int, c: int, d: int) -> ExactMoney:
    """a/b + c/d, exactly."""
    if b == d:
        return ExactMoney(a + c, b)
    if d == 1:
        return ExactMoney(a + c * b, b)
    if b == 1:
        return ExactMoney(a * d + c, d)
    return ExactMoney(a * d + c * b, b * d)


ZERO_MONEY = ExactMoney(0)
