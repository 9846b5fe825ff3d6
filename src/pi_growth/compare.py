"""Compare two scenarios: what changed in the inputs, what it does, and a bridge. Pure.

The bridge explains each change in cost by driver, by sequential substitution: start from
BASE, swap in HEAD's drivers one at a time in a fixed order, and cost every intermediate
scenario with the engine. Each step is the change from the scenario before it, so the steps
sum to the total change exactly, by construction. The order (see DRIVERS) and what each
driver covers:

1. volume -- posts and FTE of matched lines; lines added and removed (whole, as HEAD has
   them); team moves (which cost nothing).
2. mix -- band and entry point of matched lines.
3. timing -- year added, fill month (`start`) and end of matched lines.
4. pay_and_rates -- pay awards, the pay-award month and the rate table.
5. other_assumptions -- vacancy factor and fill lag.
6. other -- the rest: the horizon, and changes to an envelope's own years, measure or scope.

Lines are matched within the same kind (baseline or growth) and team, in passes that each
pair lines in file order, closest likeness first: identical lines; then lines that differ only
in posts; then the same band, point, FTE and year (timing changed too); the same band and
year; the same band (moved to another year); the same year (band changed). A line left over
that is identical to another but for its team is a team move. Anything still unpaired was
added or removed.
"""

from __future__ import annotations

import decimal
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from pi_growth.engine import BudgetResult, CostResult, YearSummary, cost_scenario
from pi_growth.models import (
    ALWAYS,
    Assumptions,
    Band,
    Budget,
    GrowthLine,
    Line,
    OnCosts,
    RateTable,
    Scenario,
)
from pi_growth.periods import format_financial_year, round_money

Driver = Literal["volume", "mix", "timing", "pay_and_rates", "other_assumptions", "other"]
DRIVERS: tuple[Driver, ...] = (
    "volume",
    "mix",
    "timing",
    "pay_and_rates",
    "other_assumptions",
    "other",
)
DRIVER_LABELS: dict[Driver, str] = {
    "volume": "Volume (posts)",
    "mix": "Mix (bands)",
    "timing": "Timing (fill months and ends)",
    "pay_and_rates": "Pay and rates",
    "other_assumptions": "Other assumptions",
    "other": "Other changes",
}
DRIVER_COVERS: dict[Driver, str] = {
    "volume": "posts and FTE of matched lines; lines added or removed; team moves",
    "mix": "band and entry point of matched lines",
    "timing": "year added, start and end of matched lines",
    "pay_and_rates": "pay awards, pay-award month, rate table",
    "other_assumptions": "vacancy factor, fill lag",
    "other": "horizon; an envelope's own years, measure or scope",
}

# Which fields of a line each driver swaps in. `team` costs nothing; it moves with volume.
_LINE_FIELDS_BY_DRIVER: dict[Driver, tuple[str, ...]] = {
    "volume": ("team", "posts", "fte"),
    "mix": ("band", "point"),
    "timing": ("year", "start", "end"),
}
LINE_FIELDS: tuple[str, ...] = ("team", "band", "posts", "fte", "point", "year", "start", "end")

# Enough digits that subtracting two engine figures (60 significant digits) never rounds.
_EXACT = 200

ValueKind = Literal[
    "text", "count", "number", "money", "rate", "year", "years", "month", "calendar_month"
]
LineKind = Literal["baseline", "growth"]
Measure = Literal["in_year_cost", "full_year_effect", "budget"]


@dataclass(frozen=True)
class Side:
    """One side of a comparison: a validated scenario, its rate table, and where they are."""

    scenario: Scenario
    rates: RateTable
    file: str
    rates_file: str


@dataclass(frozen=True)
class FieldChange:
    """One field with different values on each side (None where a side has no value)."""

    field: str
    kind: ValueKind
    base: Any
    head: Any


@dataclass(frozen=True)
class LineChange:
    """A line added, removed or changed, with the fields that differ."""

    change: Literal["added", "removed", "changed"]
    kind: LineKind
    base: Line | None
    head: Line | None
    base_index: int | None
    head_index: int | None
    fields: tuple[FieldChange, ...]


@dataclass(frozen=True)
class BudgetChange:
    """An envelope added, removed or changed (matched by name)."""

    change: Literal["added", "removed", "changed"]
    name: str
    fields: tuple[FieldChange, ...]


@dataclass(frozen=True)
class RateChange:
    """A change to the rate table: within a band (`band` set) or elsewhere in the table."""

    band: str | None
    change: FieldChange


@dataclass(frozen=True)
class InputChanges:
    """Everything that differs between the two sides' inputs."""

    scenario: tuple[FieldChange, ...]
    lines: tuple[LineChange, ...]
    assumptions: tuple[FieldChange, ...]
    budgets: tuple[BudgetChange, ...]
    rates: tuple[RateChange, ...]

    @property
    def empty(self) -> bool:
        """True when the inputs are the same."""
        return not (self.scenario or self.lines or self.assumptions or self.budgets or self.rates)


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
class BridgeStep:
    """One driver swapped in: the measure after it, and the change it made (both exact)."""

    driver: Driver
    value: Decimal
    change: Decimal


@dataclass(frozen=True)
class Bridge:
    """A measure's change from BASE to HEAD, explained by driver; the steps sum to it."""

    measure: Measure
    year: int | None
    budget: str | None
    base: Decimal
    head: Decimal
    steps: tuple[BridgeStep, ...]

    @property
    def total(self) -> Decimal:
        """HEAD less BASE, exactly."""
        with decimal.localcontext() as context:
            context.prec = _EXACT
            return self.head - self.base


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
    return (round_money(budget.amount), round_money(budget.cost))


def compare(base: Side, head: Side) -> ScenarioDiff:
    """Compare two validated scenarios (each with its rate table): inputs, effects, bridges."""
    # Each side is costed and reduced to its years, budgets and figures before the next is
    # costed, so no more than one full result (with its groups) is held at a time.
    base_years, base_budgets, base_figures = _summarised(cost_scenario(base.scenario, base.rates))
    head_years, head_budgets, head_figures = _summarised(cost_scenario(head.scenario, head.rates))
    pairs, removed, added = match_lines(base.scenario, head.scenario)
    inputs = InputChanges(
        scenario=_scenario_changes(base.scenario, head.scenario),
        lines=_line_changes(base.scenario, head.scenario, pairs, removed, added),
        assumptions=_assumption_changes(base.scenario.assumptions, head.scenario.assumptions),
        budgets=_budget_changes(base.scenario.budgets, head.scenario.budgets),
        rates=rate_changes(base.rates, head.rates),
    )
    years = _year_effects(base_years, head_years)
    budgets = _budget_effects(base_budgets, head_budgets)
    states = _intermediate_figures(
        base, head, base_figures, pairs=pairs, removed=removed, added=added
    )
    attributed = states is not None
    if states is None:
        states = [base_figures] * (len(DRIVERS) - 1)
    bridges = _bridges([base_figures, *states, head_figures], years, budgets)
    return ScenarioDiff(
        base=base,
        head=head,
        inputs=inputs,
        years=years,
        budgets=budgets,
        bridges=bridges,
        attributed=attributed,
    )


def _summarised(
    result: CostResult,
) -> tuple[tuple[YearSummary, ...], tuple[BudgetResult, ...], _Figures]:
    return result.years, result.budgets, _figures(result)


# --- matching lines ----------------------------------------------------------------------

LinePair = tuple[LineKind, int, int]  # kind, base index, head index
LineRef = tuple[LineKind, int]


def _lines(scenario: Scenario, kind: LineKind) -> Sequence[Line]:
    return scenario.baseline if kind == "baseline" else scenario.growth


def _year_of(line: Line) -> int | None:
    return line.year if isinstance(line, GrowthLine) else None


def _identical(line: Line) -> object:
    return line


def _only_posts_differ(line: Line) -> object:
    return (line.team, line.band, _year_of(line), line.point, line.fte, *_timing(line))


def _same_post(line: Line) -> object:
    # The same kind of post (band, point, FTE) added in the same year: posts or timing moved.
    return (line.team, line.band, _year_of(line), line.point, line.fte)


def _band_and_year(line: Line) -> object:
    return (line.team, line.band, _year_of(line))


def _band(line: Line) -> object:
    return (line.team, line.band)


def _year(line: Line) -> object:
    return (line.team, _year_of(line))


def _all_but_team(line: Line) -> object:
    return line.model_copy(update={"team": ""})


def _timing(line: Line) -> tuple[int | None, int | None]:
    return (line.start, line.end) if isinstance(line, GrowthLine) else (None, None)


# Each pass pairs lines with equal keys, in file order, from the closest likeness to the
# loosest, so that an edited line is paired with itself rather than with a similar neighbour
# (extracts hold many similar rows). Every key but the last includes the team, so only the
# last pass (team moves) pairs lines across teams.
_PASSES: tuple[Callable[[Line], object], ...] = (
    _identical,
    _only_posts_differ,
    _same_post,
    _band_and_year,
    _band,
    _year,
    _all_but_team,
)


def match_lines(
    base: Scenario, head: Scenario
) -> tuple[list[LinePair], list[LineRef], list[LineRef]]:
    """Pair BASE's lines with HEAD's (see the module docstring); the rest are removed or added.

    Returns the pairs, BASE's unpaired lines (removed) and HEAD's (added), in file order.
    Each pass buckets HEAD's unpaired lines by key, so matching is linear in the lines.
    """
    pairs: list[LinePair] = []
    removed: list[LineRef] = []
    added: list[LineRef] = []
    kinds: tuple[LineKind, ...] = ("baseline", "growth")
    for kind in kinds:
        old, new = _lines(base, kind), _lines(head, kind)
        paired_old: dict[int, int] = {}
        paired_new: set[int] = set()
        for key in _PASSES:
            waiting: dict[object, deque[int]] = defaultdict(deque)
            for j, candidate in enumerate(new):
                if j not in paired_new:
                    waiting[key(candidate)].append(j)
            for i, line in enumerate(old):
                if i in paired_old:
                    continue
                queue = waiting.get(key(line))
                if queue:
                    j = queue.popleft()
                    paired_old[i] = j
                    paired_new.add(j)
        pairs += [(kind, i, j) for i, j in sorted(paired_old.items())]
        removed += [(kind, i) for i in range(len(old)) if i not in paired_old]
        added += [(kind, j) for j in range(len(new)) if j not in paired_new]
    return pairs, removed, added


# --- what changed in the inputs ----------------------------------------------------------

_LINE_KINDS: dict[str, ValueKind] = {
    "team": "text",
    "band": "text",
    "posts": "count",
    "fte": "number",
    "point": "count",
    "year": "year",
    "start": "month",
    "end": "month",
}


def _field_changes(
    base: object, head: object, fields: Iterable[tuple[str, ValueKind]]
) -> tuple[FieldChange, ...]:
    changes = []
    for name, kind in fields:
        old, new = getattr(base, name, None), getattr(head, name, None)
        if old != new:
            changes.append(FieldChange(name, kind, old, new))
    return tuple(changes)


def _scenario_changes(base: Scenario, head: Scenario) -> tuple[FieldChange, ...]:
    return _field_changes(
        base,
        head,
        (
            ("name", "text"),
            ("description", "text"),
            ("rates", "text"),
            ("first_year", "year"),
            ("years", "count"),
            ("baseline_csv", "text"),
            ("growth_csv", "text"),
        ),
    )


def _line_changes(
    base: Scenario,
    head: Scenario,
    pairs: list[LinePair],
    removed: list[LineRef],
    added: list[LineRef],
) -> tuple[LineChange, ...]:
    changes: list[LineChange] = []
    fields = [(name, _LINE_KINDS[name]) for name in LINE_FIELDS]
    for kind, i, j in pairs:
        old, new = _lines(base, kind)[i], _lines(head, kind)[j]
        differences = _field_changes(old, new, fields)
        if differences:
            changes.append(LineChange("changed", kind, old, new, i, j, differences))
    for kind, i in removed:
        changes.append(LineChange("removed", kind, _lines(base, kind)[i], None, i, None, ()))
    for kind, j in added:
        changes.append(LineChange("added", kind, None, _lines(head, kind)[j], None, j, ()))

    def order(change: LineChange) -> tuple[int, int, int]:
        # HEAD's file order, with removed lines just after the line they followed in BASE.
        kind_rank = 0 if change.kind == "baseline" else 1
        if change.head_index is not None:
            return (kind_rank, change.head_index, 0)
        assert change.base_index is not None
        return (kind_rank, positions[change.kind][change.base_index], 1)

    positions = {
        kind: _head_positions(kind, len(_lines(base, kind)), pairs)
        for kind in ("baseline", "growth")
    }
    return tuple(sorted(changes, key=order))


def _head_positions(kind: LineKind, count: int, pairs: list[LinePair]) -> list[int]:
    """For each BASE line, where it would sit in HEAD's order: after the furthest HEAD line
    that an earlier BASE line became (-1 when none did)."""
    became = [-1] * count
    for pair_kind, i, j in pairs:
        if pair_kind == kind:
            became[i] = j
    positions, furthest = [], -1
    for i in range(count):
        positions.append(furthest)
        furthest = max(furthest, became[i])
    return positions


def _assumption_changes(base: Assumptions, head: Assumptions) -> tuple[FieldChange, ...]:
    changes = [
        FieldChange(
            f"pay_awards.{format_financial_year(year)}",
            "rate",
            base.pay_awards.get(year),
            head.pay_awards.get(year),
        )
        for year in sorted(set(base.pay_awards) | set(head.pay_awards))
        if base.pay_awards.get(year) != head.pay_awards.get(year)
    ]
    changes += _field_changes(
        base,
        head,
        (
            ("pay_award_month", "calendar_month"),
            ("vacancy_factor", "rate"),
            ("fill_lag_months", "count"),
        ),
    )
    return tuple(changes)


def _budget_changes(base: list[Budget], head: list[Budget]) -> tuple[BudgetChange, ...]:
    old = {budget.name: budget for budget in base}
    new = {budget.name: budget for budget in head}
    fields: list[tuple[str, ValueKind]] = [
        ("years", "years"),
        ("amount", "money"),
        ("measure", "text"),
        ("scope", "text"),
        ("status", "text"),
    ]
    changes = []
    for budget in head:
        if budget.name not in old:
            changes.append(BudgetChange("added", budget.name, ()))
            continue
        differences = _field_changes(old[budget.name], budget, fields)
        if differences:
            changes.append(BudgetChange("changed", budget.name, differences))
    changes += [
        BudgetChange("removed", budget.name, ()) for budget in base if budget.name not in new
    ]
    return tuple(changes)


_RATE_FIELD_KINDS: dict[str, ValueKind] = {
    "salary": "money",
    "annual_cost": "money",
    "other": "money",
    "amount": "money",
    "up_to": "money",
    "threshold": "money",
    "monthly_threshold": "money",
    "rate": "rate",
    "apprenticeship_levy_rate": "rate",
    "salary_sacrifice_rate": "rate",
    "price_base": "year",
    "pay_award_month": "calendar_month",
}


def rate_changes(base: RateTable, head: RateTable) -> tuple[RateChange, ...]:
    """The rate table's differences, band by band and then field by field elsewhere."""
    changes: list[RateChange] = []
    for name in [*base.bands, *(band for band in head.bands if band not in base.bands)]:
        old, new = base.bands.get(name), head.bands.get(name)
        if old == new:
            continue
        if old is None or new is None:
            changes.append(
                RateChange(name, FieldChange("band", "text", _band_text(old), _band_text(new)))
            )
            continue
        changes += [RateChange(name, change) for change in _band_changes(old, new)]
    changes += [
        RateChange(None, change)
        for change in _field_changes(
            base,
            head,
            (
                ("name", "text"),
                ("price_base", "year"),
                ("pay_award_month", "calendar_month"),
                ("source", "text"),
            ),
        )
    ]
    changes += [RateChange(None, change) for change in _allowance_changes(base, head)]
    changes += [
        RateChange(None, change) for change in _on_cost_changes(base.on_costs, head.on_costs)
    ]
    return tuple(changes)


def _band_text(band: Band | None) -> str | None:
    """A band in a few words, for a band added or removed."""
    if band is None:
        return None
    if band.salary is not None:
        text = f"salary {band.salary:f}"
    elif band.points is not None:
        text = f"points {', '.join(f'{point:f}' for point in band.points)}"
    else:
        text = f"annual_cost {band.annual_cost:f}"
    return f"{text}; other {band.other:f}" if band.other else text


def _band_changes(old: Band, new: Band) -> list[FieldChange]:
    changes = list(
        _field_changes(
            old, new, (("salary", "money"), ("annual_cost", "money"), ("other", "money"))
        )
    )
    old_points, new_points = old.points or [], new.points or []
    for index in range(max(len(old_points), len(new_points))):
        before = old_points[index] if index < len(old_points) else None
        after = new_points[index] if index < len(new_points) else None
        if before != after:
            changes.append(FieldChange(f"point {index + 1}", "money", before, after))
    return changes


def _allowance_changes(base: RateTable, head: RateTable) -> list[FieldChange]:
    changes = []
    old = {allowance.name: allowance for allowance in base.allowances}
    new = {allowance.name: allowance for allowance in head.allowances}
    for name in [*old, *(name for name in new if name not in old)]:
        before, after = old.get(name), new.get(name)
        if before == after:
            continue
        if before is None or after is None:
            changes.append(
                FieldChange(
                    f"allowances.{name}",
                    "money",
                    before.amount if before else None,
                    after.amount if after else None,
                )
            )
            continue
        for change in _field_changes(
            before, after, (("amount", "money"), ("pensionable", "text"), ("uplifted", "text"))
        ):
            changes.append(
                FieldChange(
                    f"allowances.{name}.{change.field}", change.kind, change.base, change.head
                )
            )
    return changes


def _on_cost_changes(base: OnCosts | None, head: OnCosts | None) -> list[FieldChange]:
    old = _flatten(base.model_dump() if base else {}, "on_costs")
    new = _flatten(head.model_dump() if head else {}, "on_costs")
    changes = []
    for path in [*old, *(path for path in new if path not in old)]:
        before, after = old.get(path), new.get(path)
        if before != after:
            kind = _RATE_FIELD_KINDS.get(path.rsplit(".", 1)[-1].split("[")[0], "number")
            changes.append(FieldChange(path, kind, before, after))
    return changes


def _flatten(data: object, prefix: str) -> dict[str, object]:
    """Leaves of plain data by dotted path; financial-year keys shown as 2024/25."""
    leaves: dict[str, object] = {}
    if isinstance(data, dict):
        for key, value in data.items():
            name = key
            if isinstance(key, int):
                name = "always" if key == ALWAYS else format_financial_year(key)
            leaves.update(_flatten(value, f"{prefix}.{name}"))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            leaves.update(_flatten(value, f"{prefix}[{index}]"))
    elif data is not None:
        leaves[prefix] = data
    return leaves


# --- effects -------------------------------------------------------------------------------


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


# --- the bridge ----------------------------------------------------------------------------


def _swap(line: Line, towards: Line, fields: Iterable[str]) -> Line:
    return line.model_copy(
        update={name: getattr(towards, name) for name in fields if name in type(line).model_fields}
    )


def _state_after(
    driver: Driver, base: Side, head: Side, pairs: list[LinePair], added: list[LineRef]
) -> tuple[Scenario, RateTable]:
    """The scenario once `driver` and every driver before it are swapped in from HEAD.

    BASE's removed lines are absent: they go in the volume step, as HEAD's added lines come.
    """
    step = DRIVERS.index(driver)
    swapped = [
        field for before in DRIVERS[: step + 1] for field in _LINE_FIELDS_BY_DRIVER.get(before, ())
    ]
    lines: dict[LineKind, list[tuple[int, Line]]] = {"baseline": [], "growth": []}
    for kind, i, j in pairs:
        old, new = _lines(base.scenario, kind)[i], _lines(head.scenario, kind)[j]
        lines[kind].append((j, old if old == new else _swap(old, new, swapped)))
    for kind, j in added:
        lines[kind].append((j, _lines(head.scenario, kind)[j]))
    assumptions = base.scenario.assumptions
    rates = supplemented(base.rates, head.rates)
    if step >= DRIVERS.index("pay_and_rates"):
        rates = supplemented(head.rates, base.rates)
        assumptions = assumptions.model_copy(
            update={
                "pay_awards": head.scenario.assumptions.pay_awards,
                "pay_award_month": head.scenario.assumptions.pay_award_month,
            }
        )
    if step >= DRIVERS.index("other_assumptions"):
        assumptions = head.scenario.assumptions
    scenario = base.scenario.model_copy(
        update={
            "baseline": [line for _, line in sorted(lines["baseline"], key=lambda item: item[0])],
            "growth": [line for _, line in sorted(lines["growth"], key=lambda item: item[0])],
            "assumptions": assumptions,
        }
    )
    return scenario, rates


def _moves(
    driver: Driver,
    base: Side,
    head: Side,
    *,
    pairs: list[LinePair],
    removed: list[LineRef],
    added: list[LineRef],
) -> bool:
    """Whether swapping in `driver` changes the scenario at all (if not, it costs the same as
    the step before, and need not be costed again)."""
    old, new = base.scenario, head.scenario
    if driver in _LINE_FIELDS_BY_DRIVER:
        if driver == "volume" and (removed or added):
            return True
        fields = _LINE_FIELDS_BY_DRIVER[driver]
        return any(
            getattr(_lines(old, kind)[i], name, None) != getattr(_lines(new, kind)[j], name, None)
            for kind, i, j in pairs
            for name in fields
        )
    if driver == "pay_and_rates":
        return (
            base.rates != head.rates
            or old.assumptions.pay_awards != new.assumptions.pay_awards
            or old.assumptions.pay_award_month != new.assumptions.pay_award_month
        )
    return (
        old.assumptions.vacancy_factor != new.assumptions.vacancy_factor
        or old.assumptions.fill_lag_months != new.assumptions.fill_lag_months
    )


@dataclass(frozen=True)
class _Figures:
    """The figures a bridge follows, taken from one costed scenario (the rest is let go, so a
    force-scale comparison does not hold seven full results at once)."""

    in_year_cost: dict[int, Decimal]
    full_year_effect: dict[int, Decimal]
    budgets: dict[str, Decimal]


def _figures(result: CostResult) -> _Figures:
    return _Figures(
        in_year_cost={year.year: year.in_year.total for year in result.years},
        full_year_effect={year.year: year.full_year_effect.total for year in result.years},
        budgets={budget.name: budget.cost for budget in result.budgets},
    )


def _intermediate_figures(
    base: Side,
    head: Side,
    base_figures: _Figures,
    *,
    pairs: list[LinePair],
    removed: list[LineRef],
    added: list[LineRef],
) -> list[_Figures] | None:
    """The figures after each driver but the last (`other`, which ends at HEAD itself); None
    if a state cannot be costed (the bridge then puts the whole change under `other`)."""
    states = []
    previous = base_figures
    for driver in DRIVERS[:-1]:
        if _moves(driver, base, head, pairs=pairs, removed=removed, added=added):
            scenario, rates = _state_after(driver, base, head, pairs, added)
            try:
                previous = _figures(cost_scenario(scenario, rates))
            except (KeyError, IndexError, AssertionError, ValueError, ArithmeticError):
                # A mixture of two valid inputs need not be valid (a band one table lacks).
                return None
        states.append(previous)
    return states


def supplemented(primary: RateTable, fallback: RateTable) -> RateTable:
    """`primary`, with what only `fallback` can price added: bands it lacks, points past its
    last, on-costs it has none of, and year-keyed entries before its first. Nothing that
    `primary` prices itself changes, so a scenario `primary` can cost costs the same."""
    bands = dict(primary.bands)
    for name, band in fallback.bands.items():
        own = bands.get(name)
        if own is None:
            bands[name] = band
        elif (
            own.points is not None
            and band.points is not None
            and len(band.points) > len(own.points)
        ):
            bands[name] = own.model_copy(
                update={"points": [*own.points, *band.points[len(own.points) :]]}
            )
    on_costs = primary.on_costs
    if on_costs is None:
        on_costs = fallback.on_costs
    elif fallback.on_costs is not None:
        on_costs = on_costs.model_copy(
            update={
                "employer_ni": _earlier_filled(on_costs.employer_ni, fallback.on_costs.employer_ni),
                "pension_rate": _earlier_filled(
                    on_costs.pension_rate, fallback.on_costs.pension_rate
                ),
            }
        )
    return primary.model_copy(update={"bands": bands, "on_costs": on_costs})


def _earlier_filled(own: dict[int, Any], other: dict[int, Any]) -> dict[int, Any]:
    first = min(own, default=None)
    extra = {year: value for year, value in other.items() if first is None or year < first}
    return {**extra, **own}


def _bridges(
    figures: list[_Figures], years: tuple[YearEffect, ...], budgets: tuple[BudgetEffect, ...]
) -> tuple[Bridge, ...]:
    zero = Decimal(0)
    bridges = []
    for effect in years:
        in_year = [state.in_year_cost.get(effect.year, zero) for state in figures]
        bridges.append(_bridge("in_year_cost", in_year, year=effect.year))
        full_year = [state.full_year_effect.get(effect.year, zero) for state in figures]
        bridges.append(_bridge("full_year_effect", full_year, year=effect.year))
    for budget in budgets:
        if budget.base is None or budget.head is None:
            continue  # an envelope on one side only has nothing to bridge
        values = [state.budgets.get(budget.name, zero) for state in figures]
        bridges.append(_bridge("budget", values, budget=budget.name))
    return tuple(bridges)


def _bridge(
    measure: Measure, values: list[Decimal], *, year: int | None = None, budget: str | None = None
) -> Bridge:
    with decimal.localcontext() as context:
        context.prec = _EXACT
        steps = tuple(
            BridgeStep(driver, values[index + 1], values[index + 1] - values[index])
            for index, driver in enumerate(DRIVERS)
        )
        total = values[-1] - values[0]
        # Telescoping: exact at this precision, so the steps are the whole change.
        assert sum((step.change for step in steps), Decimal(0)) == total
    return Bridge(measure, year, budget, values[0], values[-1], steps)
