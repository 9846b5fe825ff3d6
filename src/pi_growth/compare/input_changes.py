"""What differs between two scenarios' inputs: fields, lines, assumptions, envelopes, rates."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from pi_growth.compare.field_kinds import (
    LINE_FIELD_KINDS,
    LINE_FIELDS,
    ON_COST_LEAF_KINDS,
    ValueKind,
    compared_fields,
)
from pi_growth.compare.line_matching import LINE_KINDS, LineKind, LinePair, LineRef, lines_of
from pi_growth.compare.side import Side
from pi_growth.models import (
    ALWAYS,
    Allowance,
    Assumptions,
    Band,
    Budget,
    Expectations,
    Line,
    OnCosts,
    RateTable,
    Scenario,
)
from pi_growth.periods import format_financial_year


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


def input_changes(
    base: Side,
    head: Side,
    *,
    pairs: list[LinePair],
    removed: list[LineRef],
    added: list[LineRef],
) -> InputChanges:
    """Every difference between BASE's scenario and rate table and HEAD's, with the lines
    paired as `match_lines` paired them."""
    old, new = base.scenario, head.scenario
    return InputChanges(
        scenario=_scenario_changes(old, new),
        lines=_line_changes(old, new, pairs, removed, added),
        assumptions=_assumption_changes(old.assumptions, new.assumptions),
        budgets=_budget_changes(old.budgets, new.budgets),
        rates=rate_changes(base.rates, head.rates),
    )


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
    fields = _field_changes(base, head, compared_fields(Scenario))
    return (
        fields
        + _expectation_changes(base.expect, head.expect)
        + _keyed_changes("teams", _restructures(base), _restructures(head), "text")
        + _keyed_changes(
            "governance.approval_thresholds", _thresholds(base), _thresholds(head), "money"
        )
    )


def _restructures(scenario: Scenario) -> dict[str, object]:
    return {
        team: f"{change.becomes} in {format_financial_year(change.in_year)}"
        for team, change in scenario.teams.items()
    }


def _thresholds(scenario: Scenario) -> dict[str, object]:
    if scenario.governance is None:
        return {}
    return {t.body: t.amount for t in scenario.governance.approval_thresholds}


def _keyed_changes(
    prefix: str, base: dict[str, object], head: dict[str, object], kind: ValueKind
) -> tuple[FieldChange, ...]:
    """Each key added, removed or changed, as `PREFIX.KEY` (a team's restructure, a body's
    approval threshold)."""
    return tuple(
        FieldChange(f"{prefix}.{key}", kind, base.get(key), head.get(key))
        for key in [*base, *(key for key in head if key not in base)]
        if base.get(key) != head.get(key)
    )


def _expectation_changes(
    base: Expectations | None, head: Expectations | None
) -> tuple[FieldChange, ...]:
    """Each assertion of `expect:` added, removed or changed, as `expect.posts.2024/25`."""
    old, new = _expectation_leaves(base), _expectation_leaves(head)
    changes = []
    for path in [*old, *(path for path in new if path not in old)]:
        before, after = old.get(path), new.get(path)
        if before != after:
            kind: ValueKind = "count" if path.split(".")[1] in _COUNTED else "money"
            if path == "expect.budgets_within":
                kind = "text"
            changes.append(FieldChange(path, kind, before, after))
    return tuple(changes)


_COUNTED = {"posts", "posts_added"}


def _expectation_leaves(expect: Expectations | None) -> dict[str, object]:
    if expect is None:
        return {}
    data = expect.model_dump()
    within = data.pop("budgets_within")
    leaves = _flatten(data, "expect")
    if within:
        leaves["expect.budgets_within"] = within if isinstance(within, str) else ", ".join(within)
    return leaves


def _line_changes(
    base: Scenario,
    head: Scenario,
    pairs: list[LinePair],
    removed: list[LineRef],
    added: list[LineRef],
) -> tuple[LineChange, ...]:
    changes: list[LineChange] = []
    fields = [(name, LINE_FIELD_KINDS[name]) for name in LINE_FIELDS]
    for kind, i, j in pairs:
        old, new = lines_of(base, kind)[i], lines_of(head, kind)[j]
        differences = _field_changes(old, new, fields)
        if differences:
            changes.append(LineChange("changed", kind, old, new, i, j, differences))
    for kind, i in removed:
        changes.append(LineChange("removed", kind, lines_of(base, kind)[i], None, i, None, ()))
    for kind, j in added:
        changes.append(LineChange("added", kind, None, lines_of(head, kind)[j], None, j, ()))

    def order(change: LineChange) -> tuple[int, int, int]:
        # HEAD's file order, with removed lines just after the line they followed in BASE.
        kind_rank = 0 if change.kind == "baseline" else 1
        if change.head_index is not None:
            return (kind_rank, change.head_index, 0)
        assert change.base_index is not None
        return (kind_rank, positions[change.kind][change.base_index], 1)

    positions = {
        kind: _head_positions(kind, len(lines_of(base, kind)), pairs) for kind in LINE_KINDS
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
    changes = _award_changes(base.pay_awards, head.pay_awards)
    changes += _field_changes(base, head, compared_fields(Assumptions))
    return tuple(changes)


def _award_changes(base: Mapping[Any, Decimal], head: Mapping[Any, Decimal]) -> list[FieldChange]:
    """Pay awards stated, changed or dropped, year by year (`later` after the years)."""
    keys = sorted(set(base) | set(head), key=lambda key: (isinstance(key, str), key))
    return [
        FieldChange(
            f"pay_awards.{key if isinstance(key, str) else format_financial_year(key)}",
            "rate",
            base.get(key),
            head.get(key),
        )
        for key in keys
        if base.get(key) != head.get(key)
    ]


def _budget_changes(base: list[Budget], head: list[Budget]) -> tuple[BudgetChange, ...]:
    old = {budget.name: budget for budget in base}
    new = {budget.name: budget for budget in head}
    fields = compared_fields(Budget)
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
        for change in _field_changes(base, head, compared_fields(RateTable))
    ]
    changes += [
        RateChange(None, change) for change in _award_changes(base.pay_awards, head.pay_awards)
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
        if band.loaded:
            text += " (loaded)"
    else:
        text = f"annual_cost {band.annual_cost:f}"
    return f"{text}; other {band.other:f}" if band.other else text


def _band_changes(old: Band, new: Band) -> list[FieldChange]:
    changes = list(_field_changes(old, new, compared_fields(Band)))
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
        for change in _field_changes(before, after, compared_fields(Allowance)):
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
            kind = ON_COST_LEAF_KINDS[path.rsplit(".", 1)[-1].split("[")[0]]
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
