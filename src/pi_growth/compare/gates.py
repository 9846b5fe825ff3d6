"""CI gates on a comparison (SPEC §10): did any cost rise by more than a limit, and did any
printed figure move at all. Pure: a ScenarioDiff in, data out.

Compared figures are each year's in-year cost and full-year effect (matched by year) and each
envelope's cost (matched by name), in pence as the reports print them. A figure only HEAD has
is a rise from zero; one only BASE has is a fall, never a breach.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Literal

from pi_growth.money import parse_money, parse_rate, round_money

if TYPE_CHECKING:
    from pi_growth.compare.diff import ScenarioDiff
    from pi_growth.cost.engine import YearSummary

GateMeasure = Literal["in_year_cost", "full_year_effect", "budget"]
# A limit beyond any plan (a trillion pounds, or a rise of a million per cent) is a typo.
_MAX_AMOUNT = Decimal(10) ** 12
_MAX_FRACTION = Decimal(10_000)
_YEAR_MEASURES: tuple[GateMeasure, ...] = ("in_year_cost", "full_year_effect")


@dataclass(frozen=True)
class Limit:
    """How far a figure may rise: by an amount of money, or by a fraction of its BASE value."""

    kind: Literal["amount", "percent"]
    value: Decimal  # pounds for an amount; a fraction (0.05) for a percentage
    text: str  # as given on the command line, for messages

    def exceeded(self, base: Decimal | None, head: Decimal) -> bool:
        """True when `head` is more than the limit above `base` (None: a rise from zero).
        Both are in pence; the comparison is exact, never a rounded percentage."""
        rise = head - (base or Decimal(0))
        if rise <= 0:
            return False
        if self.kind == "amount":
            return rise > self.value
        if base is None or base <= 0:  # any rise from nothing is an infinite percentage
            return True
        return rise > self.value * base


def parse_limit(text: str) -> Limit:
    """`--fail-above`'s value: `5%` (a percentage of BASE) or an amount (`50000`, `£50k`).
    Raises ValueError with a message that says what to write."""
    stripped = text.strip()
    try:
        if stripped.endswith("%"):
            fraction = parse_rate(stripped)
            if not fraction.is_finite() or not 0 <= fraction <= _MAX_FRACTION:
                raise ValueError("a percentage from 0% up")
            return Limit("percent", fraction, stripped)
        amount = parse_money(stripped)
        if not amount.is_finite() or not 0 <= amount <= _MAX_AMOUNT:
            raise ValueError("an amount from £0 up")
        return Limit("amount", round_money(amount), stripped)
    except ValueError:
        raise ValueError(
            f"{stripped[:40]!r} is not a limit: give an amount such as 50000 or £50k, "
            "or a percentage such as 5%"
        ) from None


@dataclass(frozen=True)
class Breach:
    """A figure that rose by more than the limit, with both sides in pence."""

    measure: GateMeasure
    year: int | None  # for in_year_cost and full_year_effect
    budget: str | None  # for budget
    base: Decimal | None  # None: HEAD alone has it (a rise from zero)
    head: Decimal

    @property
    def change(self) -> Decimal:
        """HEAD less BASE, in pence."""
        return self.head - (self.base or Decimal(0))


@dataclass(frozen=True)
class Gate:
    """`--fail-above`: the limit and every figure that broke it, in report order (years, then
    envelopes)."""

    limit: Limit
    breaches: tuple[Breach, ...]

    @property
    def failed(self) -> bool:
        """True when any figure rose by more than the limit (the command exits 1)."""
        return bool(self.breaches)

    def year_breaches(self, year: int) -> tuple[GateMeasure, ...]:
        """The measures of `year` that broke the limit."""
        return tuple(b.measure for b in self.breaches if b.year == year)

    def budget_breached(self, name: str) -> bool:
        """Whether envelope `name`'s cost broke the limit."""
        return any(b.budget == name for b in self.breaches)


def apply_gate(diff: ScenarioDiff, limit: Limit) -> Gate:
    """Every figure of `diff` that rose by more than `limit`."""
    return Gate(limit, tuple(breach for breach in _candidates(diff) if _broke(breach, limit)))


def _broke(breach: Breach, limit: Limit) -> bool:
    return limit.exceeded(breach.base, breach.head)


def _candidates(diff: ScenarioDiff) -> Iterator[Breach]:
    """Every compared figure that HEAD has, as a would-be breach."""
    for effect in diff.years:
        if effect.head is None:
            continue
        for measure in _YEAR_MEASURES:
            head = _pence(effect.head, measure)
            assert head is not None
            yield Breach(measure, effect.year, None, _pence(effect.base, measure), head)
    for budget in diff.budgets:
        if budget.head is None:
            continue
        base = round_money(budget.base.cost) if budget.base is not None else None
        yield Breach("budget", None, budget.name, base, round_money(budget.head.cost))


def _pence(summary: YearSummary | None, measure: str) -> Decimal | None:
    if summary is None:
        return None
    costs = summary.in_year if measure == "in_year_cost" else summary.full_year_effect
    return round_money(costs.total)


def figures_unchanged(diff: ScenarioDiff) -> bool:
    """True when no figure or status that a diff prints differs between the sides: posts,
    posts added, in-year cost, FYE and their growth-only parts for every year, and every
    envelope's amount, cost and status (all in pence). `--quiet-if-unchanged` then prints
    nothing. Input edits that move no figure (a comment, a reordering) count as unchanged."""
    if diff.cost_changed:
        return False
    for effect in diff.years:
        if _growth(effect.base) != _growth(effect.head):
            return False
    return all(
        (effect.base.status if effect.base else None)
        == (effect.head.status if effect.head else None)
        for effect in diff.budgets
    )


def _growth(summary: YearSummary | None) -> tuple[Decimal, ...]:
    if summary is None:
        return ()
    return (
        round_money(summary.growth_in_year.total),
        round_money(summary.growth_full_year_effect.total),
    )
