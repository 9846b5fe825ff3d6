"""YAML loading (issues 10 and 14): the fast path and the positioned one read the same data;
positions are built only when a problem must be located; merge keys nest as YAML defines;
unreadable characters and oversized documents are located and refused."""

from __future__ import annotations

import textwrap
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from pi_growth.load import yaml_source
from pi_growth.load.loader import load_scenario
from pi_growth.load.yaml_fast import NeedsPositionsError, plain_data
from pi_growth.load.yaml_nodes import PositionedBuilder
from pi_growth.load.yaml_scalars import PlainLoader
from pi_growth.load.yaml_source import parse_yaml
from pi_growth.problems import InputError

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = ROOT / "scenarios" / "pi-growth.yaml"

# Documents with nothing to refuse: both readings must give exactly the same data.
PLAIN_DOCUMENTS = [
    "a: 1\nb: [1, 2.50, -3]\nc: {d: text, e: ~, f: true, g: FALSE}\n",
    "name: No\nflag: on\nyears: [2024/25, 24/25]\nwhen: 2024-10-01\nstart: 2024-10\n",
    "money: £1.9m\nrate: 4.75%\nexp: 1e3\nhex: 0x1F\nunder: 1_000\nquoted: '032'\n",
    'list:\n  - {team: "Ops", band: C, posts: 2, fte: 0.8}\n  - {team: Ops, band: C}\n',
    "1: one\ntrue: text key\n1.5: text too\n",
    BUNDLED.read_text(encoding="utf-8"),
]


def compose(text: str) -> yaml.Node:
    """The node tree libyaml composes, as both readings see it."""
    loader = PlainLoader(text)
    try:
        root = loader.get_single_node()
    finally:
        loader.dispose()
    assert root is not None
    return root


@pytest.mark.parametrize("text", PLAIN_DOCUMENTS)
def test_the_fast_and_positioned_readings_agree(text: str) -> None:
    """Same data, same types (Decimal floats, text kept for yes/no), whichever path reads it."""
    fast = plain_data(compose(text))
    builder = PositionedBuilder("f.yaml")
    positioned = builder.build(compose(text))
    assert builder.problems == []
    assert fast == positioned
    assert repr(fast) == repr(positioned)  # Decimal('2.50') is not Decimal('2.5') in text


def test_floats_are_decimal_from_their_text_and_yes_no_stay_text() -> None:
    """The fast path keeps the YAML 1.1 refusals' meanings: exact floats, names as written."""
    data = parse_yaml("fte: 0.1\nname: No\nflag: true\n", "f.yaml").data
    assert data == {"fte": Decimal("0.1"), "name": "No", "flag": True}
    assert isinstance(data["fte"], Decimal)


@pytest.mark.parametrize(
    "text",
    [
        "a: 012\n",  # octal
        "a: 12:30\n",  # base 60
        "a: !!python/object:os.system x\n",  # a tag
        "a: 1\na: 2\n",  # a duplicate key
        "? [a]\n: 1\n",  # a key that is a list
        "b: &x {c: 1}\nd: *x\n",  # an alias: to be measured
        "b: &x {c: 1}\nd: {<<: *x}\n",  # a merge key
    ],
)
def test_anything_to_refuse_or_measure_leaves_the_fast_path(text: str) -> None:
    """Each of these needs a positioned reading (a located message, or a measure)."""
    with pytest.raises(NeedsPositionsError):
        plain_data(compose(text))


def test_a_valid_scenario_is_loaded_without_building_positions(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The bundled plan (and its rate table) load and validate with no node tree built."""

    def refuse(_text: str, display: str) -> object:
        raise AssertionError(f"positions built for {display}")

    monkeypatch.setattr(yaml_source, "_positioned", refuse)
    loaded = load_scenario(BUNDLED)
    assert loaded.scenario.name


def test_a_problem_found_in_validation_is_still_located(tmp_path: Path) -> None:
    """Positions are built on demand: a bad value found by validation keeps its line:column."""
    body = textwrap.dedent(
        """
        name: plan
        rates: mps-police-staff
        first_year: 2024/25
        years: 0
        baseline:
          - {team: Ops, band: C, posts: 2}
        """
    ).lstrip()
    path = tmp_path / "plan.yaml"
    path.write_text(body, encoding="utf-8")
    line, column = 4, 8  # `years: 0` on line 4; its value after the 7 characters "years: "
    with pytest.raises(InputError) as raised:
        load_scenario(path)
    located = [(p.line, p.column) for p in raised.value.problems if p.message.startswith("years")]
    assert located == [(line, column)]


def test_nested_merge_keys_follow_the_yaml_merge_rule() -> None:
    """A merge source may merge too; a mapping's own keys win, then earlier sources."""
    text = textwrap.dedent(
        """
        base: &base {band: C, posts: 1, fte: 0.5}
        part_time: &part_time {<<: *base, fte: 0.8}
        line: {<<: *part_time, posts: 3}
        two: {<<: [*part_time, {point: 2, band: D}]}
        """
    )
    document = parse_yaml(text, "f.yaml")
    assert document.problems == []
    assert document.data["line"] == {"posts": 3, "fte": Decimal("0.8"), "band": "C"}
    assert document.data["two"] == {"fte": Decimal("0.8"), "band": "C", "posts": 1, "point": 2}


def test_a_nul_byte_is_located_with_a_plain_message() -> None:
    """Line 3, column 7 (counted by hand: 'name: ' is 6 characters), not 1:1 ReaderError."""
    text = "first_year: 2024/25\nyears: 3\nname: \0x\n"
    with pytest.raises(InputError) as raised:
        parse_yaml(text, "f.yaml")
    assert [str(problem) for problem in raised.value.problems] == [
        "f.yaml:3:7: a NUL byte U+0000 is not allowed in a YAML file; remove it"
    ]


def test_other_unreadable_characters_are_each_located() -> None:
    """A bell (U+0007) and an escape (U+001B) on lines 1 and 2: both reported, in order."""
    with pytest.raises(InputError) as raised:
        parse_yaml("a: \x07\nbb: x\x1b\n", "f.yaml")
    assert [str(problem) for problem in raised.value.problems] == [
        "f.yaml:1:4: the control character U+0007 is not allowed in a YAML file; remove it",
        "f.yaml:2:6: the control character U+001B is not allowed in a YAML file; remove it",
    ]


def test_too_many_values_are_refused_before_composing(monkeypatch: pytest.MonkeyPatch) -> None:
    """The count comes from libyaml's events; the limit (lowered here) is named in the message.
    `[1, 2, 3]` is 3 values + a sequence start and end + stream, document and mapping events."""
    monkeypatch.setattr(yaml_source, "MAX_EVENTS", 5)  # the message names the limit in force
    with pytest.raises(InputError) as raised:
        parse_yaml("a: [1, 2, 3]\n", "f.yaml")
    (problem,) = raised.value.problems
    assert (problem.line, problem.column) == (1, 1)
    assert problem.message.startswith("the file holds more than 5 YAML values")
    assert "docs/limits.md" in problem.message


def test_a_large_plain_document_is_not_blamed_on_aliases(monkeypatch: pytest.MonkeyPatch) -> None:
    """Past the value limit without any alias, the message says the document is too big."""
    from pi_growth.load import yaml_nodes

    monkeypatch.setattr(yaml_nodes, "MAX_EXPANDED_NODES", 10)
    monkeypatch.setattr(yaml_source, "MAX_EVENTS", 10**6)
    with pytest.raises(InputError) as raised:
        parse_yaml("a: &x [1, 2, 3]\nb: [*x, *x, *x]\n", "f.yaml")
    assert "aliases expand" in raised.value.problems[0].message
    with pytest.raises(InputError) as raised:
        parse_yaml("b: [" + ", ".join(["1"] * 12) + "]\nc: 012\n", "f.yaml")
    assert raised.value.problems[0].message.startswith("this document holds beyond 10 values")
