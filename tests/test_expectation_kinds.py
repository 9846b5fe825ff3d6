"""The kinds of expectation come from one place, `models.Expectations`: each field keyed by
financial year is evaluated, cross-checked against the horizon and described in words."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from pi_growth.cost.engine import cost_scenario
from pi_growth.cost.expectations import (
    COUNT_KINDS,
    MONEY_KINDS,
    SUBJECT_WORDS,
    YEAR_KEYED_KINDS,
    evaluate_expectations,
)
from pi_growth.load.loader import load_scenario
from pi_growth.models import Expectations
from pi_growth.problems import InputError
from tests.test_expectations import RATES, SCENARIO

Writer = Callable[[str, str], Path]


def one_expectation(kind: str, year: str) -> str:
    """An `expect:` block asserting one thing of `kind` about `year`."""
    value = "{at_least: 0}" if kind in MONEY_KINDS else "0"
    return f"expect:\n  {kind}: {{{year}: {value}}}\n"


def test_the_kinds_are_the_model_fields() -> None:
    """Every field of the `expect:` block but `budgets_within` is a year-keyed kind, in the
    model's order, either counts or money; each has its words."""
    assert [*YEAR_KEYED_KINDS, "budgets_within"] == list(Expectations.model_fields)
    assert set(COUNT_KINDS) | set(MONEY_KINDS) == set(YEAR_KEYED_KINDS)
    assert COUNT_KINDS == ("posts", "posts_added")
    assert list(SUBJECT_WORDS) == list(YEAR_KEYED_KINDS)


@pytest.mark.parametrize("kind", YEAR_KEYED_KINDS)
def test_every_kind_is_evaluated(write_file: Writer, kind: str) -> None:
    """Each kind gives a verdict on the year it names (posts 3 and every figure above nought in
    2024/25, so `0` or `at_least: 0` is met only by a money bound)."""
    write_file("rates.yaml", RATES)
    path = write_file("plan.yaml", SCENARIO + one_expectation(kind, "2024/25"))
    loaded = load_scenario(path)
    (verdict,) = evaluate_expectations(cost_scenario(loaded.scenario, loaded.rates))
    assert (verdict.kind, verdict.year, verdict.location) == (
        kind,
        2024,
        ("expect", kind, "2024/25"),
    )
    assert verdict.met == (kind in MONEY_KINDS)
    assert verdict.subject == f"{SUBJECT_WORDS[kind]} 2024/25"


@pytest.mark.parametrize("kind", YEAR_KEYED_KINDS)
def test_every_kind_is_held_to_the_horizon(write_file: Writer, kind: str) -> None:
    """A year outside the horizon is bad input for each kind, at the year's own key."""
    write_file("rates.yaml", RATES)
    path = write_file("plan.yaml", SCENARIO + one_expectation(kind, "2030/31"))
    with pytest.raises(InputError) as caught:
        load_scenario(path)
    (problem,) = caught.value.problems
    assert problem.message == (
        f"expect.{kind}.2030/31: 2030/31 is outside the horizon 2024/25 to 2025/26"
    )


def test_verdicts_are_in_the_model_order_and_each_kind_in_the_block_order(
    write_file: Writer,
) -> None:
    """The order evaluate_expectations promises: kinds as the model lists them, whatever the
    block's order; within a kind, years as the block lists them."""
    write_file("rates.yaml", RATES)
    block = """expect:
  budgets_within: all
  full_year_effect: {2025/26: {at_most: 1}, 2024/25: {at_most: 1}}
  posts: {2025/26: 5, 2024/25: 3}
"""
    loaded = load_scenario(write_file("plan.yaml", SCENARIO + block))
    verdicts = evaluate_expectations(cost_scenario(loaded.scenario, loaded.rates))
    assert [(v.kind, v.year or v.budget) for v in verdicts] == [
        ("posts", 2025),
        ("posts", 2024),
        ("full_year_effect", 2025),
        ("full_year_effect", 2024),
        ("budget_within", "Year 1"),
        ("budget_within", "Year 2"),
    ]
