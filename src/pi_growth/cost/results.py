"""What the engine hands to every report: years, budgets, groups, breakdowns, monthly rows.

Every money figure in them is exact (an ExactMoney, see `exact`), rounded only where shown.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import TYPE_CHECKING, Literal

from pi_growth.cost.costs import ZERO, Costs
from pi_growth.cost.walk import LineKind
from pi_growth.models import RateTable, Scenario
from pi_growth.money import round_money

if TYPE_CHECKING:
    from pi_growth.cost.ledger import Ledger


@dataclass(frozen=True, slots=True)
class GroupYear:
    """One group of lines (same kind, year added, team and band) in one financial year."""

    kind: LineKind
    year_added: int | None  # growth lines: the `year` they are added in
    team: str
    band: str
    year: int
    posts: int  # in the establishment at the end of the year
    posts_added: int
    fte: Decimal  # establishment FTE at the end of the year
    in_year: Costs  # after the vacancy factor
    full_year_effect: Costs


@dataclass(frozen=True, slots=True)
class YearSummary:
    """A financial year's headline figures (SPEC §6)."""

    year: int
    posts: int
    posts_added: int
    fte: Decimal
    in_year: Costs
    full_year_effect: Costs
    growth_in_year: Costs
    growth_full_year_effect: Costs
    # Employer NI not paid in the year's in-year cost thanks to reliefs (SPEC §11), after the
    # vacancy factor: already left out of `in_year`, shown beside it.
    ni_relieved: Decimal = ZERO


@dataclass(frozen=True, slots=True)
class BudgetResult:
    """A budget envelope held against the cost of its lines."""

    name: str
    years: tuple[int, ...]
    measure: Literal["full_year_effect", "in_year"]
    scope: Literal["added", "growth", "total"]
    amount: Decimal
    cost: Decimal  # at the budget's price base when it has one (SPEC §8), else at outturn
    note: str | None  # the budget's own status text, such as "agreed"
    # With a price base (cost.price_basis): the outturn cost (plain §4), and the cost at
    # outturn awards with the on-costs of the price base, the one step between them.
    price_base: int | None = None
    outturn_cost: Decimal | None = None
    cost_at_outturn_pay: Decimal | None = None

    @property
    def variance(self) -> Decimal:
        """Amount less cost: positive is headroom, negative an overspend."""
        return self.amount - self.cost

    @property
    def status(self) -> Literal["within", "over"]:
        """`over` when the cost, to the penny as reported, exceeds the amount: the
        arithmetic's last digits (of x/12, say) must not make an exact fit "over by £0"."""
        return _status(self.cost, self.amount)

    @property
    def outturn_variance(self) -> Decimal | None:
        """Amount less the outturn cost, for a budget with a price base."""
        return None if self.outturn_cost is None else self.amount - self.outturn_cost

    @property
    def outturn_status(self) -> Literal["within", "over"] | None:
        """The status the outturn cost would have, for a budget with a price base."""
        return None if self.outturn_cost is None else _status(self.outturn_cost, self.amount)

    @property
    def price_effects(self) -> dict[str, Decimal] | None:
        """What takes the cost at price base to the outturn cost, by sequential substitution:
        pay awards, then on-cost rates (SPEC §8). Exact (the figures are exact amounts): they
        sum to outturn - cost."""
        if self.outturn_cost is None or self.cost_at_outturn_pay is None:
            return None
        return {
            "pay_awards": self.cost_at_outturn_pay - self.cost,
            "on_costs": self.outturn_cost - self.cost_at_outturn_pay,
        }


def _status(cost: Decimal, amount: Decimal) -> Literal["within", "over"]:
    return "over" if round_money(cost) > round_money(amount) else "within"


@dataclass(frozen=True, slots=True)
class MonthRow:
    """One team and band in one month: posts filled and what they cost (after vacancy factor)."""

    month: int
    team: str
    band: str
    posts_filled: int
    fte_filled: Decimal
    costs: Costs


# Posts filled, FTE filled and their costs (after the vacancy factor) in one month; and a row as
# (month, (team, band), figures). A team and band's rows share one (team, band) tuple, and rows
# with the same posts in the same states one figures tuple.
MonthFigures = tuple[int, Decimal, Costs]
MonthEntry = tuple[int, tuple[str, str], MonthFigures]


class MonthlyRows:
    """The monthly detail: a MonthRow per month, team and band with any post filled, by month,
    then team and band. Made one financial year at a time whenever it is read, so a force's
    detail (670,000 rows over ten years) is never held whole: memory follows one year's rows."""

    __slots__ = ("_length", "_make_year", "_years")

    def __init__(self, make_year: Callable[[int], list[MonthEntry]], years: int) -> None:
        self._make_year = make_year  # the rows of the horizon's year at an index
        self._years = years
        self._length: int | None = None

    def __iter__(self) -> Iterator[MonthRow]:
        for rows in self.by_year():
            for month, (team, band), (posts, fte, costs) in rows:
                yield MonthRow(month, team, band, posts, fte, costs)

    def by_year(self) -> Iterator[list[MonthEntry]]:
        """The rows as (month, (team, band), figures), in order, a financial year's at a time.
        Rows share their (team, band) and figures objects, so a renderer can format each once."""
        for index in range(self._years):
            yield self._make_year(index)

    def __len__(self) -> int:
        if self._length is None:
            self._length = sum(len(self._make_year(index)) for index in range(self._years))
        return self._length

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, MonthlyRows):
            return NotImplemented
        return tuple(self) == tuple(other)

    def __hash__(self) -> int:
        return hash(tuple(self))


@dataclass(frozen=True)
class CostResult:
    """Everything the reports show, computed once: every format renders from this."""

    scenario: Scenario
    rates: RateTable
    pay_award_month: int
    years: tuple[YearSummary, ...]
    budgets: tuple[BudgetResult, ...]
    monthly: MonthlyRows | None
    # The exact sums by pattern and group the figures come from; groups and breakdowns are
    # made from it when they are read (a force has 60,000 group-years; most reports want
    # only their totals by band and team).
    ledger: Ledger = field(repr=False, compare=False)

    @cached_property
    def groups(self) -> tuple[GroupYear, ...]:
        """Every group of lines (kind, year added, team, band) in every year it is present,
        year by year, baseline first, then growth by the year added, then team and band."""
        return self.ledger.groups()

    def breakdown(self, by: Literal["band", "team"]) -> Mapping[str, dict[int, GroupYear]]:
        """Figures by band or by team, per year: each a GroupYear summed over its other keys,
        exactly (the parts add up to the year's total). Each name's years are worked out as
        they are read, not held: walk it once."""
        return self.ledger.breakdown(by)
