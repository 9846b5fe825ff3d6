"""The figures of the bridge's intermediate scenarios, costed once per kind of post. Pure.

An intermediate scenario is BASE with some of HEAD swapped in: other lines (volume, mix,
timing), or other rates and assumptions. What one post of a line costs depends on its kind,
band, point, FTE and dates, never on its team or on how many posts the line has; so every
distinct post is costed once, all of them in one engine run per set of rates and
assumptions (each as a one-post line in a team of its own, so the engine's groups are the
posts), and each scenario's figures are added up from them: posts × what a post costs.
Costing is linear in the lines, and the sums here are exact, so the figures are the engine's
own for that scenario. At force scale that is one engine run over a few thousand one-post
lines in place of one over every line for each intermediate scenario.
"""

from __future__ import annotations

import decimal
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from pi_growth.compare.line_matching import LineKind
from pi_growth.cost.engine import ProfileMemo, cost_scenario
from pi_growth.models import (
    Assumptions,
    BaselineLine,
    Budget,
    GrowthLine,
    Line,
    RateTable,
    Scenario,
)

# What one post costs is decided by every field of its line but these (and by its kind).
_NOT_PRICED = frozenset({"team", "posts"})
_FIELDS = {
    kind: tuple(name for name in model.model_fields if name not in _NOT_PRICED)
    for kind, model in (("baseline", BaselineLine), ("growth", GrowthLine))
}
PostKey = tuple[object, ...]  # (kind, *fields)
_YEAR_ADDED = 1 + _FIELDS["growth"].index("year")  # where a growth post's year is in its key
# Envelope fields whose meaning `_budget_share` knows; any other that is set (an envelope's
# price base, SPEC §8) needs the engine's own costing of each scenario (`plain_budgets`).
_PLAIN_BUDGET_FIELDS = frozenset({"name", "years", "amount", "measure", "scope", "status"})
ZERO = Decimal(0)
# Enough digits that sums of the engine's figures (60 significant digits) never round.
EXACT_PRECISION = 200
# A scenario's figures: in-year cost and full-year effect by year, envelope costs by name.
StateFigures = tuple[dict[int, Decimal], dict[int, Decimal], dict[str, Decimal]]


@dataclass(frozen=True)
class StateLines:
    """An intermediate scenario: how many of each post it has, a line for each post, and the
    rates and assumptions it is priced under."""

    posts: dict[PostKey, int]  # every distinct post, and how many of them the scenario has
    examples: dict[PostKey, Line]  # a line with each post's fields (its team and posts aside)
    rates: RateTable
    assumptions: Assumptions
    # What each kind of post costs under these rates and assumptions, as earlier runs found it
    # (cost.engine's `profiles`): shared with the side priced alike, so that is priced once.
    memo: ProfileMemo


def post_key(kind: LineKind, values: dict[str, object] | Line) -> PostKey:
    """A post's key from its line, or from its fields as a mapping."""
    fields = _FIELDS[kind]
    if isinstance(values, dict):
        return (kind, *(values[name] for name in fields))
    return (kind, *(getattr(values, name) for name in fields))


@dataclass(frozen=True)
class _PostCosts:
    """What one post costs in each year: in-year cost and full-year effect (exact)."""

    in_year: dict[int, Decimal]
    full_year_effect: dict[int, Decimal]


def state_figures(base: Scenario, states: Sequence[StateLines]) -> list[StateFigures]:
    """The figures of each scenario: BASE's horizon and envelopes, the state's lines, rates and
    assumptions. States priced alike share one engine run. Raises as the engine does when a
    post cannot be priced (a band or point the rates lack)."""
    costs: list[dict[PostKey, _PostCosts]] = []
    priced: list[tuple[StateLines, dict[PostKey, _PostCosts]]] = []
    for state in states:
        known = next(
            (found for first, found in priced
             if first.rates == state.rates and first.assumptions == state.assumptions),
            None,
        )  # fmt: skip
        if known is None:
            known = {}
            priced.append((state, known))
        costs.append(known)
    # Each pricing costs the posts of all its states at once.
    for first, known in priced:
        examples: dict[PostKey, Line] = {}
        for state, found in zip(states, costs, strict=True):
            if found is known:
                examples.update(state.examples)
        known.update(_cost_posts(base, first, examples))
    return [_figures(base, state.posts, found) for state, found in zip(states, costs, strict=True)]


def _cost_posts(
    base: Scenario, pricing: StateLines, examples: dict[PostKey, Line]
) -> dict[PostKey, _PostCosts]:
    """One engine run: each post as a one-post line in a team of its own."""
    keys = list(examples)
    baseline: list[BaselineLine] = []
    growth: list[GrowthLine] = []
    for number, key in enumerate(keys):
        line = examples[key].model_copy(update={"team": str(number), "posts": 1})
        if isinstance(line, GrowthLine):
            growth.append(line)
        else:
            assert isinstance(line, BaselineLine)
            baseline.append(line)
    scenario = base.model_copy(
        update={
            "baseline": baseline,
            "growth": growth,
            "assumptions": pricing.assumptions,
            "budgets": [],
            "expect": None,
        }
    )
    result = cost_scenario(scenario, pricing.rates, profiles=pricing.memo)
    found = {key: _PostCosts({}, {}) for key in keys}
    for group in result.groups:
        post = found[keys[int(group.team)]]
        post.in_year[group.year] = group.in_year.total
        post.full_year_effect[group.year] = group.full_year_effect.total
    return found


def _figures(
    base: Scenario, posts: dict[PostKey, int], costs: dict[PostKey, _PostCosts]
) -> StateFigures:
    with decimal.localcontext() as context:
        context.prec = EXACT_PRECISION  # sums of exact figures stay exact
        in_year = dict.fromkeys(base.horizon, ZERO)
        full_year = dict.fromkeys(base.horizon, ZERO)
        budgets = dict.fromkeys((budget.name for budget in base.budgets), ZERO)
        for key, count in posts.items():
            post = costs[key]
            for year, amount in post.in_year.items():
                in_year[year] += count * amount
            for year, amount in post.full_year_effect.items():
                full_year[year] += count * amount
            for budget in base.budgets:
                share = _budget_share(budget, key, post)
                if share:
                    budgets[budget.name] += count * share
    return in_year, full_year, budgets


def _budget_share(budget: Budget, key: PostKey, post: _PostCosts) -> Decimal:
    """What one post adds to an envelope's cost: the engine's rule (cost.engine, _budget) for
    a post of this kind and year added."""
    kind = key[0]
    year_added = key[_YEAR_ADDED] if kind == "growth" else None
    years = budget.years
    last = years[-1]
    if budget.scope != "total":
        if kind != "growth" or year_added is None:
            return ZERO
        assert isinstance(year_added, int)
        if not (year_added in years if budget.scope == "added" else year_added <= last):
            return ZERO
    if budget.measure == "in_year":
        return sum((post.in_year.get(year, ZERO) for year in years), ZERO)
    return post.full_year_effect.get(last, ZERO)


def plain_budgets(scenario: Scenario) -> bool:
    """True when every envelope is held by the rule `_budget_share` follows: nothing set but
    its name, years, amount, measure, scope and status."""
    return all(
        getattr(budget, name) is None
        for budget in scenario.budgets
        for name in type(budget).model_fields
        if name not in _PLAIN_BUDGET_FIELDS
    )


class Memos:
    """One memo of what each kind of post costs (cost.engine's `profiles`) per pricing: a
    side's rate table (with what the other side's adds, which prices none of its own posts
    differently), assumptions and horizon."""

    def __init__(self) -> None:
        self.found: list[tuple[str, Assumptions, range, ProfileMemo]] = []

    def get(self, side: str, assumptions: Assumptions, frame: Scenario) -> ProfileMemo:
        """The memo for posts priced by `side`'s rate table (`base` or `head`) under
        `assumptions` over `frame`'s horizon."""
        for known_side, known_assumptions, horizon, known in self.found:
            if (known_side, known_assumptions, horizon) == (side, assumptions, frame.horizon):
                return known
        memo: ProfileMemo = {}
        self.found.append((side, assumptions, frame.horizon, memo))
        return memo


def count_posts(items: Iterable[tuple[PostKey, int]]) -> dict[PostKey, int]:
    """Posts per key, in the order met."""
    counted: dict[PostKey, int] = {}
    for key, posts in items:
        counted[key] = counted.get(key, 0) + posts
    return counted
