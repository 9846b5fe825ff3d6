"""`solve`: each budget's switching value for each driver (SPEC §9) -- the smallest change,
searched outward from the scenario's own value, at which the budget's status flips, with
everything else held. Every status is judged on the exact figure (to the penny), so costing
at the switching value gives the other status and one step nearer keeps the present one."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Literal

from pi_growth.models import RateTable, Scenario
from pi_growth.whatif.inputs import own_awards
from pi_growth.whatif.lines import plan_lines
from pi_growth.whatif.model import WhatIf, prepare
from pi_growth.whatif.simulate import pence

Status = Literal["within", "over"]
Driver = Literal["pay_award_pp", "fill_delay_months", "posts", "vacancy_factor"]
AWARD_STEP = Fraction(1, 10_000)  # 0.01 percentage points
AWARD_STEPS = 1_000  # +-10 pp
DELAYS = range(-24, 37)
MAX_POSTS_ADDED = 500
VACANCY_STEP = Fraction(1, 10_000)
VACANCY_MAX = Fraction(9_999, 10_000)


@dataclass(frozen=True, slots=True)
class Switch:
    """A driver's switching value for one budget (None: nothing in range flips it)."""

    driver: Driver
    band: str | None
    value: Fraction | None  # pp, months, posts, or the vacancy factor itself
    status_at_value: Status | None
    cost_at_value: Fraction | None


@dataclass(frozen=True, slots=True)
class BudgetSolution:
    """A budget, its status at the scenario's own values, and its switching values."""

    name: str
    amount: Decimal
    price_base: int | None
    cost: Fraction
    status: Status
    switching: tuple[Switch, ...]


@dataclass(frozen=True)
class Solution:
    """What `solve` reports."""

    scenario: Scenario
    budgets: tuple[BudgetSolution, ...]


def _outward(low: int, high: int) -> Iterator[int]:
    """Steps from 0 outward, up first at each size: 1, -1, 2, -2, ... within [low, high]."""
    for size in range(1, max(high, -low) + 1):
        if size <= high:
            yield size
        if -size >= low:
            yield -size


def solve(scenario: Scenario, rates: RateTable) -> Solution:
    """Every budget's switching values."""
    lines = plan_lines(scenario, rates)
    horizon = set(scenario.horizon)
    delays = {line.index: DELAYS for line in lines if line.year_added is not None}
    ranges = dict.fromkeys(scenario.horizon, (-AWARD_STEP * AWARD_STEPS, AWARD_STEP * AWARD_STEPS))
    whatif = prepare(scenario, rates, delays, _shifted(ranges, scenario, rates))
    evaluator = whatif.evaluator
    denominator = evaluator.denominator
    own_uplifts = evaluator.uplifts(whatif.awards)
    own_delays = [0] * len(evaluator.variable)

    at_own_starts = evaluator.combine(own_delays)

    def values(shift: Fraction = Fraction(0), delay: int = 0) -> list[int]:
        awards = {
            year: award + shift if year in horizon else award
            for year, award in whatif.awards.items()
        }
        combined = at_own_starts if delay == 0 else evaluator.combine([delay] * len(own_delays))
        return evaluator.read(combined, evaluator.uplifts(awards), whatif.vacancy)

    base = evaluator.evaluate(own_delays, own_uplifts, whatif.vacancy)
    judges = [_judge(budget.amount, denominator) for budget in scenario.budgets]
    figures = [whatif.budget_figure(index) for index in range(len(scenario.budgets))]
    found: list[list[Switch]] = [[] for _ in scenario.budgets]
    search = _Search(found, figures, judges, base, denominator)
    search.run(
        "pay_award_pp",
        lambda step: values(shift=step * AWARD_STEP),
        lambda step: step * AWARD_STEP * 100,
        (-AWARD_STEPS, AWARD_STEPS),
    )
    search.run(
        "fill_delay_months", lambda step: values(delay=step), Fraction, (DELAYS[0], DELAYS[-1])
    )
    for index, budget in enumerate(scenario.budgets):
        found[index] += _posts(whatif, index, base, judges[index], own_uplifts)
        if budget.measure == "in_year":
            found[index].append(_vacancy(whatif, base[figures[index]], judges[index]))
    budgets = tuple(
        BudgetSolution(
            budget.name,
            budget.amount,
            whatif.figures[figures[index]].price_base,
            Fraction(base[figures[index]], denominator),
            judges[index](base[figures[index]]),
            tuple(found[index]),
        )
        for index, budget in enumerate(scenario.budgets)
    )
    return Solution(scenario, budgets)


def _shifted(
    ranges: dict[int, tuple[Fraction, Fraction]], scenario: Scenario, rates: RateTable
) -> dict[int, tuple[Fraction, Fraction]]:
    awards = own_awards(scenario, rates)
    return {year: (awards[year] + low, awards[year] + high) for year, (low, high) in ranges.items()}


def _judge(amount: Decimal, denominator: int) -> Callable[[int], Status]:
    """Over when the cost to the penny exceeds the amount to the penny (SPEC §4)."""
    bar = (2 * pence(Fraction(amount)) + 1) * denominator

    def status(value: int) -> Status:
        return "over" if 200 * value >= bar else "within"

    return status


@dataclass(frozen=True)
class _Search:
    """A driver that moves every budget at once, stepped outward once for all of them."""

    found: list[list[Switch]]
    figures: list[int]
    judges: list[Callable[[int], Status]]
    base: list[int]
    denominator: int

    def run(
        self,
        driver: Driver,
        evaluate: Callable[[int], list[int]],
        unit: Callable[[int], Fraction],
        bounds: tuple[int, int],
    ) -> None:
        """Find each budget's first flip, costing each step once for all budgets."""
        waiting = set(range(len(self.figures)))
        hits: dict[int, Switch] = {}
        for step in _outward(*bounds):
            if not waiting:
                break
            stepped = evaluate(step)
            for index in sorted(waiting):
                value = stepped[self.figures[index]]
                judge = self.judges[index]
                if judge(value) != judge(self.base[self.figures[index]]):
                    cost = Fraction(value, self.denominator)
                    hits[index] = Switch(driver, None, unit(step), judge(value), cost)
                    waiting.discard(index)
        for index in range(len(self.figures)):
            self.found[index].append(hits.get(index, Switch(driver, None, None, None, None)))


def _posts(
    whatif: WhatIf, budget: int, base: list[int], judge: Callable[[int], Status], uplifts: list[int]
) -> list[Switch]:
    """Posts of each band in the budget's scope, added to the band's last line in file order
    or taken from its last lines first."""
    evaluator = whatif.evaluator
    figure_index = whatif.budget_figure(budget)
    figure = whatif.figures[figure_index]
    by_band: dict[str, list[tuple[int, int]]] = {}  # band -> (posts, one post's part), in order
    for line in whatif.lines:
        if not figure.covers(line):
            continue
        part = evaluator.line_values(line.index, uplifts, whatif.vacancy)[figure_index]
        one, rest = divmod(part, line.posts)
        assert rest == 0  # every weight is a multiple of the line's posts
        by_band.setdefault(line.band, []).append((line.posts, one))
    now = base[figure_index]
    status = judge(now)
    switches = []
    for band, lines in by_band.items():
        total = sum(posts for posts, _ in lines)
        hit = None
        for step in _outward(-total, MAX_POSTS_ADDED):
            value = now + _posts_change(lines, step)
            if judge(value) != status:
                hit = Switch("posts", band, Fraction(step), judge(value),
                             Fraction(value, evaluator.denominator))  # fmt: skip
                break
        switches.append(hit or Switch("posts", band, None, None, None))
    return switches


def _posts_change(lines: list[tuple[int, int]], step: int) -> int:
    """The figure's change when `step` posts are added to the last line, or taken from the
    last lines first."""
    if step >= 0:
        return step * lines[-1][1]
    change, left = 0, -step
    for posts, one in reversed(lines):
        taken = min(posts, left)
        change -= taken * one
        left -= taken
        if not left:
            break
    return change


def _vacancy(whatif: WhatIf, value: int, judge: Callable[[int], Status]) -> Switch:
    """The vacancy factor (to 0.0001, from 0 to 0.9999) nearest the scenario's own at which
    an in-year budget's status flips: its cost is the cost before vacancy times (1 - v)."""
    own = whatif.vacancy
    before = Fraction(value) / (1 - own)  # exact: the figure's integer before the factor
    status = judge(value)
    low = -int(own / VACANCY_STEP)
    high = int((VACANCY_MAX - own) / VACANCY_STEP)
    for step in _outward(low, high):
        factor = own + step * VACANCY_STEP
        cost = before * (1 - factor)
        assert cost.denominator == 1
        if judge(int(cost)) != status:
            return Switch("vacancy_factor", None, factor, judge(int(cost)),
                          Fraction(int(cost), whatif.evaluator.denominator))  # fmt: skip
    return Switch("vacancy_factor", None, None, None, None)
