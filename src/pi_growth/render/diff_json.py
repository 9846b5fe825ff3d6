"""`diff --format json`: the comparison as versioned data (docs/diff-json.md)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pi_growth.compare.diff import (
    DRIVER_COVERS,
    DRIVER_LABELS,
    DRIVERS,
    FieldChange,
    LineChange,
    ScenarioDiff,
    Side,
)
from pi_growth.compare.field_kinds import LINE_FIELD_KINDS, LINE_FIELDS
from pi_growth.compare.gates import Gate
from pi_growth.cost.engine import BudgetResult, YearSummary
from pi_growth.models import Line
from pi_growth.periods import format_financial_year, parse_financial_year
from pi_growth.render import RenderOptions
from pi_growth.render.diff_common import (
    bridge_label,
    headline,
    outturn_of,
    rounded_steps,
    to_pence,
    value_data,
)
from pi_growth.render.json_text import dumps_indented
from pi_growth.render.money import plain

FORMAT_VERSION = 1


def render_diff(diff: ScenarioDiff, options: RenderOptions) -> str:  # noqa: ARG001
    """The comparison as JSON, keys in a stable order, ending with a newline."""
    return dumps_indented(diff_document(diff)) + "\n"


def diff_document(diff: ScenarioDiff) -> dict[str, Any]:
    """The JSON document as plain data; with `gate` (and its marks on the rows) only when
    `--fail-above` was given."""
    document = _document(diff)
    if diff.gate is not None:
        document = _with_gate(document, diff.gate)
    return document


def _with_gate(document: dict[str, Any], gate: Gate) -> dict[str, Any]:
    """The document with `gate` after `headline`, and each year and envelope marked with the
    figures of it that broke the limit."""
    marked: dict[str, Any] = {}
    for key, value in document.items():
        marked[key] = value
        if key == "headline":
            marked["gate"] = _gate(gate)
    for record in marked["years"]:
        year = parse_financial_year(record["year"])
        record["gate_breaches"] = list(gate.year_breaches(year))
    for record in marked["budgets"]:
        record["gate_breach"] = gate.budget_breached(record["name"])
    return marked


def _gate(gate: Gate) -> dict[str, Any]:
    limit = gate.limit
    return {
        "fail_above": {
            "kind": limit.kind,
            "value": plain(limit.value) if limit.kind == "amount" else f"{limit.value:f}",
        },
        "failed": gate.failed,
        "breaches": [
            {
                "measure": breach.measure,
                "year": format_financial_year(breach.year) if breach.year is not None else None,
                "budget": breach.budget,
                **_pair(breach.base, breach.head),
            }
            for breach in gate.breaches
        ],
    }


def _document(diff: ScenarioDiff) -> dict[str, Any]:
    inputs = diff.inputs
    return {
        "format_version": FORMAT_VERSION,
        "base": _side(diff.base),
        "head": _side(diff.head),
        "inputs_changed": not inputs.empty,
        "cost_changed": diff.cost_changed,
        "headline": headline(diff),
        "inputs": {
            "scenario": [_field(change) for change in inputs.scenario],
            "lines": [_line_change(change) for change in inputs.lines],
            "assumptions": [_field(change) for change in inputs.assumptions],
            "budgets": [
                {
                    "change": change.change,
                    "name": change.name,
                    "fields": [_field(field) for field in change.fields],
                }
                for change in inputs.budgets
            ],
            "rates": [{"band": change.band, **_field(change.change)} for change in inputs.rates],
        },
        "years": [_year(effect.year, effect.base, effect.head) for effect in diff.years],
        "budgets": [_budget(effect.name, effect.base, effect.head) for effect in diff.budgets],
        "bridge": {
            "method": "sequential substitution",
            "attributed": diff.attributed,
            "drivers": [
                {"driver": driver, "label": DRIVER_LABELS[driver], "covers": DRIVER_COVERS[driver]}
                for driver in DRIVERS
            ],
            "measures": [
                {
                    "measure": bridge.measure,
                    "year": format_financial_year(bridge.year) if bridge.year is not None else None,
                    "budget": bridge.budget,
                    "label": bridge_label(bridge),
                    **_pair(bridge.base, bridge.head),
                    "steps": [
                        {"driver": driver, "change": plain(change)}
                        for driver, change in rounded_steps(bridge, to_pence)
                    ],
                }
                for bridge in diff.bridges
            ],
        },
    }


def _side(side: Side) -> dict[str, Any]:
    return {
        "file": side.file,
        "name": side.scenario.name,
        "rates_file": side.rates_file,
        "rates_name": side.rates.name,
    }


def _field(change: FieldChange) -> dict[str, Any]:
    return {
        "field": change.field,
        "base": value_data(change.kind, change.base),
        "head": value_data(change.kind, change.head),
    }


def _line(line: Line | None, index: int | None) -> dict[str, Any] | None:
    if line is None:
        return None
    # Every line field, a baseline line's growth-only fields as null.
    return {
        "index": index,
        **{
            name: value_data(LINE_FIELD_KINDS[name], getattr(line, name, None))
            for name in LINE_FIELDS
        },
    }


def _line_change(change: LineChange) -> dict[str, Any]:
    return {
        "change": change.change,
        "kind": change.kind,
        "base": _line(change.base, change.base_index),
        "head": _line(change.head, change.head_index),
        "fields": [_field(field) for field in change.fields],
    }


def _pair(base: Decimal | None, head: Decimal | None) -> dict[str, str | None]:
    """Base, head and change in pence; the change is of the rounded figures, so it is
    exactly what a reader gets by subtracting the two."""
    base_pence = to_pence(base) if base is not None else None
    head_pence = to_pence(head) if head is not None else None
    change = (head_pence or Decimal(0)) - (base_pence or Decimal(0))
    return {
        "base": plain(base_pence) if base_pence is not None else None,
        "head": plain(head_pence) if head_pence is not None else None,
        "change": plain(change),
    }


def _count_pair(base: int | None, head: int | None) -> dict[str, int | None]:
    return {"base": base, "head": head, "change": (head or 0) - (base or 0)}


def _year(year: int, base: YearSummary | None, head: YearSummary | None) -> dict[str, Any]:
    def money(summary: YearSummary | None, name: str) -> Decimal | None:
        return getattr(summary, name).total if summary is not None else None

    return {
        "year": format_financial_year(year),
        "posts": _count_pair(base.posts if base else None, head.posts if head else None),
        "posts_added": _count_pair(
            base.posts_added if base else None, head.posts_added if head else None
        ),
        "in_year_cost": _pair(money(base, "in_year"), money(head, "in_year")),
        "full_year_effect": _pair(money(base, "full_year_effect"), money(head, "full_year_effect")),
        "growth_in_year_cost": _pair(money(base, "growth_in_year"), money(head, "growth_in_year")),
        "growth_full_year_effect": _pair(
            money(base, "growth_full_year_effect"), money(head, "growth_full_year_effect")
        ),
    }


def _budget(name: str, base: BudgetResult | None, head: BudgetResult | None) -> dict[str, Any]:
    either = head or base
    assert either is not None
    return {
        "name": name,
        "change": "added" if base is None else "removed" if head is None else "both",
        "years": [format_financial_year(year) for year in either.years],
        "measure": either.measure,
        "scope": either.scope,
        "amount": _pair(base.amount if base else None, head.amount if head else None),
        "cost": _pair(base.cost if base else None, head.cost if head else None),
        "variance": _pair(base.variance if base else None, head.variance if head else None),
        "status": {
            "base": base.status if base else None,
            "head": head.status if head else None,
        },
        # SPEC §8: at which prices each side is judged, its outturn beside it (the cost itself
        # on a side without a price base), and the price effects between them.
        "price_base": {
            "base": _fy(base.price_base) if base else None,
            "head": _fy(head.price_base) if head else None,
        },
        "outturn_cost": _pair(
            outturn_of(base) if base else None, outturn_of(head) if head else None
        ),
        "price_effects": {
            name: _pair(_effect(base, name), _effect(head, name))
            for name in ("pay_awards", "on_costs")
        },
    }


def _fy(year: int | None) -> str | None:
    return None if year is None else format_financial_year(year)


def _effect(budget: BudgetResult | None, name: str) -> Decimal | None:
    effects = budget.price_effects if budget is not None else None
    return effects[name] if effects is not None else None
