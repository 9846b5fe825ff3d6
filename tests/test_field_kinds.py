"""Every input field is classified: diff knows how to compare and show each one, and the
bridge knows which driver moves each line field (compare/field_kinds.py, compare/bridge.py)."""

from __future__ import annotations

import typing
from collections.abc import Iterator

import pytest
from pydantic import BaseModel

from pi_growth.compare.bridge import _LINE_FIELDS_BY_DRIVER
from pi_growth.compare.field_kinds import (
    COMPARED_APART,
    FIELD_KINDS,
    LINE_FIELDS,
    ON_COST_LEAF_KINDS,
    compared_fields,
)
from pi_growth.models import (
    BaselineLine,
    EmployerNi,
    Expectations,
    Governance,
    GrowthLine,
    Line,
    OnCosts,
    PensionTier,
    RateTable,
    Scenario,
    TeamRestructure,
    Uncertainty,
)

# Models that need no kinds of their own: lines are classified as GrowthLine (a baseline
# line has a subset of its fields).
_COVERED_ELSEWHERE = {Line, BaselineLine}
# Models compared whole by their own code in input_changes (COMPARED_APART says how), or not
# diffed: what they hold is not looked into here.
_COMPARED_WHOLE = {Expectations, Governance, TeamRestructure, Uncertainty}


def _nested_models(annotation: object) -> Iterator[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
    for argument in typing.get_args(annotation):
        yield from _nested_models(argument)


def _models_of_inputs() -> set[type[BaseModel]]:
    """Scenario, RateTable and every model nested in their fields."""
    found: set[type[BaseModel]] = set()
    todo: list[type[BaseModel]] = [Scenario, RateTable]
    while todo:
        model = todo.pop()
        if model in found:
            continue
        found.add(model)
        if model in _COMPARED_WHOLE:
            continue
        for info in model.model_fields.values():
            todo.extend(_nested_models(info.annotation))
    return found


def test_every_input_model_is_classified() -> None:
    missing = _models_of_inputs() - set(FIELD_KINDS) - _COVERED_ELSEWHERE - _COMPARED_WHOLE
    assert not missing, f"no field kinds for {sorted(model.__name__ for model in missing)}"


@pytest.mark.parametrize("model", list(FIELD_KINDS), ids=lambda model: model.__name__)
def test_every_field_has_a_kind_or_is_compared_apart(model: type[BaseModel]) -> None:
    kinds, apart = set(FIELD_KINDS[model]), set(COMPARED_APART.get(model, {}))
    assert not kinds & apart, f"{model.__name__}: both a kind and compared apart"
    assert kinds | apart == set(model.model_fields), f"{model.__name__}: fields unclassified"


def test_a_line_is_compared_on_every_field() -> None:
    assert {name for name, _ in compared_fields(GrowthLine)} == set(GrowthLine.model_fields)


def test_on_cost_leaves_with_one_name_have_one_kind() -> None:
    """A leaf's kind is looked up by its name (`rate` is both a tier's and NI's)."""
    for model in (OnCosts, EmployerNi, PensionTier):
        for name, kind in FIELD_KINDS[model].items():
            assert ON_COST_LEAF_KINDS[name] == kind, f"{model.__name__}.{name}"


def test_every_line_field_is_moved_by_exactly_one_bridge_driver() -> None:
    swapped = [name for fields in _LINE_FIELDS_BY_DRIVER.values() for name in fields]
    assert sorted(swapped) == sorted(LINE_FIELDS)
