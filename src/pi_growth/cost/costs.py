"""The cost components, declared once: a new component is one line in `Costs`.

Everything that lists the components -- the total, `+`, scaling, running sums, the column
titles every format shows, JSON keys -- is derived from `Costs`' fields here, so a component
added to `Costs` is added up, scaled and reported everywhere (tests/test_costs.py holds it).
"""

from __future__ import annotations

import operator
import typing
from collections.abc import Iterable
from decimal import Decimal
from itertools import repeat
from typing import Annotated, NamedTuple

from pi_growth.cost.exact import sum_exact

ZERO = Decimal(0)


class Title(str):
    """A component's title in every report (a column heading, a workbook column)."""

    __slots__ = ()


class Costs(NamedTuple):
    """A cost split into its components; `total` is their sum.

    A named tuple rather than a frozen dataclass: it is built a few hundred thousand times at
    force scale, and a tuple is three times quicker to build (benchmarks/). `+` adds component
    by component (not tuple concatenation), and a Costs equals only another Costs.
    """

    salary: Annotated[Decimal, Title("Salary")] = ZERO
    allowances: Annotated[Decimal, Title("Allowances")] = ZERO
    employer_ni: Annotated[Decimal, Title("Employer NI")] = ZERO
    pension: Annotated[Decimal, Title("Pension")] = ZERO
    apprenticeship_levy: Annotated[Decimal, Title("Levy")] = ZERO
    other: Annotated[Decimal, Title("Other")] = ZERO
    # An `annual_cost` band's fully loaded cost.
    loaded_cost: Annotated[Decimal, Title("Loaded cost")] = ZERO

    # The operations below run per component over the tuple itself (map and reduce run in
    # C), so they cover every field without naming one: written out field by field they were
    # no faster (benchmarks/), and a field left out of one of them lost money silently.

    @property
    def total(self) -> Decimal:
        """The whole cost: the components added in order (the engine's exact amounts in one
        sum of their exact values, not one amount per addition)."""
        return sum_exact(self)

    @property
    def pay(self) -> Decimal:
        """Salary and allowances: what the post holder is paid."""
        return self.salary + self.allowances

    def __add__(self, other: Costs) -> Costs:  # type: ignore[override]  # by component
        return _new_costs(Costs, map(operator.add, self, other))

    def scaled(self, factor: Decimal | int) -> Costs:
        """Every component multiplied by `factor`."""
        return _new_costs(Costs, map(operator.mul, self, repeat(factor)))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Costs) and tuple.__eq__(self, other)

    def __ne__(self, other: object) -> bool:
        return not self == other

    def __hash__(self) -> int:
        return tuple.__hash__(self)


# Builds a Costs straight from an iterable of its components, in field order.
_new_costs = tuple.__new__

COMPONENTS: tuple[str, ...] = Costs._fields
COMPONENT_TITLES: dict[str, str] = {
    name: str(next(meta for meta in hint.__metadata__ if isinstance(meta, Title)))
    for name, hint in typing.get_type_hints(Costs, include_extras=True).items()
}
NO_COSTS = Costs()


_COMPONENT_GETTERS = tuple(operator.itemgetter(index) for index in range(len(COMPONENTS)))


def sum_costs(items: Iterable[Costs]) -> Costs:
    """The sum of some Costs (zero when there are none)."""
    # Component by component: one Costs built, not one per item (it matters at force scale).
    listed = list(items)
    return _new_costs(Costs, (sum(map(getter, listed), ZERO) for getter in _COMPONENT_GETTERS))


class CostsSum:
    """A running sum of Costs times a number of posts, component by component."""

    __slots__ = ("parts",)

    def __init__(self) -> None:
        self.parts = list(NO_COSTS)

    def add(self, costs: Costs, count: Decimal | int = 1) -> None:
        """Add `count` times `costs`."""
        if count != 1:
            costs = costs.scaled(count)
        self.parts[:] = map(operator.add, self.parts, costs)

    def costs(self) -> Costs:
        """The sum so far."""
        return _new_costs(Costs, self.parts)
