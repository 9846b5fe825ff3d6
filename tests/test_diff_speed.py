"""What makes `diff` fast at force scale (issue 14 item 3) changes no figure: the bridge's
intermediate scenarios costed post by post equal the engine's costing of each whole scenario;
a shared profile memo changes nothing; the JSON text is `json.dumps`'s, byte for byte."""

from __future__ import annotations

import json
import random
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from pi_growth.compare import bridge
from pi_growth.compare.bridge import DRIVERS, figures_of, intermediate_figures
from pi_growth.compare.line_matching import match_lines
from pi_growth.compare.side import Side
from pi_growth.compare.state_figures import Memos
from pi_growth.cost.engine import cost_scenario
from pi_growth.load.loader import load_scenario
from pi_growth.periods import round_money
from pi_growth.render.json_text import dumps_indented
from tests.conftest import BUNDLED_SCENARIO

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "diff"
PAIRS = sorted(
    path.name
    for path in DATA.glob("*.yaml")
    if not path.name.startswith("rates") and path.name != "base.yaml"
)


def side(path: Path) -> Side:
    """A scenario as one side of a comparison."""
    loaded = load_scenario(path, allow_outside_paths=True)
    return Side(loaded.scenario, loaded.rates, str(path), loaded.rates_file)


def engine_states(base: Side, head: Side) -> list[bridge.Figures] | None:
    """The intermediate figures as the engine costs each whole intermediate scenario (how
    they were computed before posts were costed once)."""
    pairs, removed, added = match_lines(base.scenario, head.scenario)
    states = []
    previous = figures_of(cost_scenario(base.scenario, base.rates))
    for driver in DRIVERS[:-1]:
        if bridge._moves(driver, base, head, pairs=pairs, removed=removed, added=added):
            rates, _, _ = bridge._pricing_after(driver, base, head)
            scenario = bridge._scenario_after(driver, base, head, pairs, added)
            try:
                previous = figures_of(cost_scenario(scenario, rates))
            except (KeyError, IndexError, AssertionError, ValueError, ArithmeticError):
                return None
        states.append(previous)
    return states


def assert_same_figures(
    found: list[bridge.Figures] | None, expected: list[bridge.Figures] | None
) -> None:
    """Equal to the penny, and within 1e-15 of a penny (the engine rounds its sums to a few
    dozen digits; the post-by-post sums are exact)."""
    assert (found is None) == (expected is None)
    assert found is not None
    assert expected is not None
    for mine, theirs in zip(found, expected, strict=True):
        for name in ("in_year_cost", "full_year_effect", "budgets"):
            a, b = getattr(mine, name), getattr(theirs, name)
            assert a.keys() == b.keys()
            for key in a:
                assert round_money(a[key]) == round_money(b[key]), (name, key)
                assert abs(a[key] - b[key]) < Decimal("1e-15"), (name, key)


@pytest.mark.parametrize("pair", PAIRS)
def test_posts_costed_once_match_the_engine_on_the_corpus(pair: str) -> None:
    """Every driver pair of the diff corpus: the same intermediate figures either way."""
    base, head = side(DATA / "base.yaml"), side(DATA / pair)
    pairs, removed, added = match_lines(base.scenario, head.scenario)
    found = intermediate_figures(
        base,
        head,
        figures_of(cost_scenario(base.scenario, base.rates)),
        pairs=pairs,
        removed=removed,
        added=added,
    )
    assert_same_figures(found, engine_states(base, head))


@pytest.fixture(scope="module")
def generated_pair(tmp_path_factory: pytest.TempPathFactory) -> tuple[Side, Side]:
    """A 600-line plan (benchmarks/generate.py) and an edited copy: every driver moves."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from generate import write_pull_request

    folder = tmp_path_factory.mktemp("generated")
    base, head = write_pull_request(folder, 600, seed=7)
    return side(base), side(head)


def test_posts_costed_once_match_the_engine_on_a_generated_pull_request(
    generated_pair: tuple[Side, Side],
) -> None:
    """A generated plan and its edit (volume, mix, timing, pay): the same figures either way,
    and the shared memo of the sides' costing changes nothing."""
    base, head = generated_pair
    pairs, removed, added = match_lines(base.scenario, head.scenario)
    base_figures = figures_of(cost_scenario(base.scenario, base.rates))
    expected = engine_states(base, head)
    alone = intermediate_figures(
        base, head, base_figures, pairs=pairs, removed=removed, added=added
    )
    memos = Memos()
    cost_scenario(
        base.scenario,
        base.rates,
        profiles=memos.get("base", base.scenario.assumptions, base.scenario),
    )
    shared = intermediate_figures(
        base, head, base_figures, pairs=pairs, removed=removed, added=added, memos=memos
    )
    assert_same_figures(alone, expected)
    assert_same_figures(shared, expected)


def test_envelopes_the_posts_cannot_hold_are_costed_by_the_engine(
    generated_pair: tuple[Side, Side], monkeypatch: pytest.MonkeyPatch
) -> None:
    """When an envelope needs more than sums of posts (plain_budgets is False), each whole
    intermediate scenario goes to the engine: the same figures again."""
    base, head = generated_pair
    monkeypatch.setattr(bridge, "plain_budgets", lambda _scenario: False)
    pairs, removed, added = match_lines(base.scenario, head.scenario)
    found = intermediate_figures(
        base,
        head,
        figures_of(cost_scenario(base.scenario, base.rates)),
        pairs=pairs,
        removed=removed,
        added=added,
    )
    assert_same_figures(found, engine_states(base, head))


def test_a_profile_memo_changes_no_figure() -> None:
    """The bundled plan costed with a memo, empty and then filled, is the plan costed alone."""
    loaded = load_scenario(BUNDLED_SCENARIO)
    alone = cost_scenario(loaded.scenario, loaded.rates)
    memo: dict = {}  # type: ignore[type-arg]
    first = cost_scenario(loaded.scenario, loaded.rates, profiles=memo)
    assert memo  # it was filled
    second = cost_scenario(loaded.scenario, loaded.rates, profiles=memo)
    assert alone.years == first.years == second.years
    assert alone.groups == first.groups == second.groups
    assert alone.budgets == first.budgets == second.budgets


def _random_document(rng: random.Random, depth: int = 0) -> object:
    roll = rng.random()
    if depth > 3 or roll < 0.4:
        return rng.choice(
            [None, True, False, 0, -7, 10**20, "", "£1.9m", 'a "quote"', "line\nbreak",
             "\u2028 \x00 \t é ☃ \\", "x" * rng.randint(0, 5)]
        )  # fmt: skip
    if roll < 0.7:
        return [_random_document(rng, depth + 1) for _ in range(rng.randint(0, 4))]
    return {f"k{n}é": _random_document(rng, depth + 1) for n in range(rng.randint(0, 4))}


@pytest.mark.parametrize("seed", range(40))
def test_json_text_is_json_dumps_byte_for_byte(seed: int) -> None:
    """Random documents of every shape our reports have: the same text as json.dumps."""
    document = _random_document(random.Random(seed))  # noqa: S311 - shapes, not secrets
    assert dumps_indented(document) == json.dumps(document, indent=2, ensure_ascii=False)


@pytest.mark.parametrize("pair", PAIRS)
def test_json_text_of_every_corpus_diff(pair: str) -> None:
    """Each diff document of the corpus is written as json.dumps writes it."""
    from pi_growth.compare.diff import compare
    from pi_growth.render.diff_json import diff_document

    document = diff_document(compare(side(DATA / "base.yaml"), side(DATA / pair)))
    assert dumps_indented(document) == json.dumps(document, indent=2, ensure_ascii=False)


def test_json_text_refuses_what_reports_never_hold() -> None:
    """A float (money is always text) is a programming error, said at once."""
    with pytest.raises(TypeError, match="float"):
        dumps_indented({"a": [1.5]})
