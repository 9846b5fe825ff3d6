"""Compare two scenarios: what changed in the inputs, what it does, and a bridge. Pure.

The entry point: `compare` pairs the lines (`line_matching`), lists the input changes
(`input_changes`), sets each side's figures year by year and envelope by envelope, and
explains each change in cost by driver (`bridge`). Every name a renderer needs is importable
from here.
"""

from __future__ import annotations

from dataclasses import dataclass

from pi_growth.compare.bridge import (
    DRIVER_COVERS,
    DRIVER_LABELS,
    DRIVERS,
    Bridge,
    BridgeStep,
    Driver,
    Figures,
    Measure,
    bridges,
    figures_of,
    intermediate_figures,
    supplemented,
)
from pi_growth.compare.field_kinds import LINE_FIELDS, ValueKind
from pi_growth.compare.gates import Gate
from pi_growth.compare.input_changes import (
    BudgetChange,
    FieldChange,
    InputChanges,
    LineChange,
    RateChange,
    input_changes,
    rate_changes,
)
from pi_growth.compare.line_matching import LineKind, LinePair, LineRef, match_lines
from pi_growth.compare.side import Side
from pi_growth.compare.state_figures import Memos
from pi_growth.cost.engine import BudgetResult, CostResult, YearSummary, cost_scenario
from pi_growth.money import round_money

__all__ = [
    "DRIVERS",
    "DRIVER_COVERS",
    "DRIVER_LABELS",
    "LINE_FIELDS",
    "Bridge",
    "BridgeStep",
    "BudgetChange",
    "BudgetEffect",
    "Driver",
    "FieldChange",
    "InputChanges",
    "LineChange",
    "LineKind",
    "LinePair",
    "LineRef",
    "Measure",
    "RateChange",
    "ScenarioDiff",
    "Side",
    "ValueKind",
    "YearEffect",
    "compare",
    "match_lines",
    "rate_changes",
    "supplemented",
]


@dataclass(frozen=True)
class YearEffect:
    """A financial year's figures on each side (None where it is outside a side's horizon)."""

    year: int
    base: YearSummary | None
    head: YearSummary | None


@dataclass(frozen=True)
class BudgetEffect:
    """An envelope's figures on each side (None where a side does not have it)."""

    name: str
    base: BudgetResult | None
    head: BudgetResult | None


@dataclass(frozen=True)
class ScenarioDiff:
    """The whole comparison, computed once; every diff format renders from this."""

    base: Side
    head: Side
    inputs: InputChanges
    years: tuple[YearEffect, ...]
    budgets: tuple[BudgetEffect, ...]
    bridges: tuple[Bridge, ...]
    attributed: bool  # False when intermediate scenarios could not be costed (see `other`)
    # `diff --fail-above`: the limit and the figures that broke it (compare.gates); None
    # when no gate was asked for, and then no format mentions one.
    gate: Gate | None = None

    @property
    def cost_changed(self) -> bool:
        """True when any reported figure moved: posts, costs, envelopes or their amounts."""
        for effect in self.years:
            if _year_figures(effect.base) != _year_figures(effect.head):
                return True
        return any(
            _budget_figures(effect.base) != _budget_figures(effect.head) for effect in self.budgets
        )


def _year_figures(summary: YearSummary | None) -> tuple[object, ...]:
    if summary is None:
        return ()
    return (
        summary.posts,
        summary.posts_added,
        round_money(summary.in_year.total),
        round_money(summary.full_year_effect.total),
    )


def _budget_figures(budget: BudgetResult | None) -> tuple[object, ...]:
    if budget is None:
        return ()
    outturn = budget.outturn_cost if budget.outturn_cost is not None else budget.cost
    return (
        round_money(budget.amount),
        round_money(budget.cost),
        budget.price_base,
        round_money(outturn),
    )


def compare(base: Side, head: Side) -> ScenarioDiff:
    """Compare two validated scenarios (each with its rate table): inputs, effects, bridges."""
    # Each side is costed and reduced to its years, budgets and figures before the next is
    # costed, so no more than one full result (with its groups) is held at a time. What each
    # kind of post costs is remembered per pricing, for the bridge's mixtures of the two.
    memos = Memos()
    base_years, base_budgets, base_figures = _summarised(
        cost_scenario(
            base.scenario,
            base.rates,
            profiles=memos.get("base", base.scenario.assumptions, base.scenario),
        )
    )
    head_years, head_budgets, head_figures = _summarised(
        cost_scenario(
            head.scenario,
            head.rates,
            profiles=memos.get("head", head.scenario.assumptions, head.scenario),
        )
    )
    pairs, removed, added = match_lines(base.scenario, head.scenario)
    inputs = input_changes(base, head, pairs=pairs, removed=removed, added=added)
    years = _year_effects(base_years, head_years)
    budgets = _budget_effects(base_budgets, head_budgets)
    states = intermediate_figures(
        base, head, base_figures, pairs=pairs, removed=removed, added=added, memos=memos
    )
    attributed = states is not None
    if states is None:
        states = [base_figures] * (len(DRIVERS) - 1)
    # An envelope on one side only has nothing to bridge.
    bridged = [b.name for b in budgets if b.base is not None and b.head is not None]
    return ScenarioDiff(
        base=base,
        head=head,
        inputs=inputs,
        years=years,
        budgets=budgets,
        bridges=bridges(
            [base_figures, *states, head_figures], [effect.year for effect in years], bridged
        ),
        attributed=attributed,
    )


def _summarised(
    result: CostResult,
) -> tuple[tuple[YearSummary, ...], tuple[BudgetResult, ...], Figures]:
    return result.years, result.budgets, figures_of(result)


def _year_effects(
    base: tuple[YearSummary, ...], head: tuple[YearSummary, ...]
) -> tuple[YearEffect, ...]:
    old = {year.year: year for year in base}
    new = {year.year: year for year in head}
    return tuple(
        YearEffect(year, old.get(year), new.get(year)) for year in sorted(set(old) | set(new))
    )


def _budget_effects(
    base: tuple[BudgetResult, ...], head: tuple[BudgetResult, ...]
) -> tuple[BudgetEffect, ...]:
    old = {budget.name: budget for budget in base}
    new = {budget.name: budget for budget in head}
    names = [*old, *(name for name in new if name not in old)]
    return tuple(BudgetEffect(name, old.get(name), new.get(name)) for name in names)
