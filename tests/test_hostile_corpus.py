"""A corpus of hostile scenarios (tests/hostile/*.yaml, issue 10): each states on its first
line the exit code `cost` must give and a piece of what stderr must say; none may crash."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pi_growth.cli import app

CORPUS = sorted((Path(__file__).resolve().parent / "hostile").glob("*.yaml"))
_EXPECT = re.compile(r"^# expect: exit (\d)(?:; stderr has: (.*))?$")


def expectation(path: Path) -> tuple[int, str]:
    """The exit code and stderr fragment the file's first line states."""
    first = path.read_bytes().split(b"\n", 1)[0].decode("utf-8")
    match = _EXPECT.match(first)
    assert match, f"{path.name}: first line must state its expectation"
    return int(match.group(1)), match.group(2) or ""


def invoke(*arguments: str) -> tuple[int, str, str]:
    """The CLI in-process: exit code, stdout, stderr."""
    result = CliRunner().invoke(app, list(arguments))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def test_the_corpus_is_there() -> None:
    """At least the classes of the issue: text, numbers, YAML traps, aliases."""
    assert len(CORPUS) >= 15


@pytest.mark.parametrize("path", CORPUS, ids=[path.stem for path in CORPUS])
def test_each_hostile_scenario_is_answered_as_it_states(path: Path) -> None:
    """`cost` gives the stated exit code and message, never a traceback; `check` refuses
    what `cost` refuses (exit 2), so CI and a local run agree."""
    code, fragment = expectation(path)
    got, stdout, stderr = invoke("cost", str(path), "--format", "json")
    assert got == code, stderr
    assert fragment in stderr
    assert "Traceback" not in stderr
    if code == 2:
        assert stdout == ""
        for line in stderr.splitlines():
            assert line.startswith(f"{path}:"), line  # every problem located
        assert invoke("check", str(path))[0] == 2


def test_a_url_in_a_name_is_no_link_in_markdown() -> None:
    """The team `https://evil.example` is costed, and its Markdown carries no live URL."""
    path = next(path for path in CORPUS if path.stem == "url-team")
    code, stdout, _ = invoke("cost", str(path), "--format", "markdown")
    assert code == 0
    assert "https:\u200d//evil.example" in stdout
    assert "https://evil" not in stdout


def test_nested_merge_keys_are_read_as_yaml_defines_them() -> None:
    """Line 3 merges line 2, which merges line 1: Ops, band D, 3 posts; 2 + 2 + 3 = 7 posts."""
    path = next(path for path in CORPUS if path.stem == "nested-merge")
    code, stdout, _ = invoke("cost", str(path), "--format", "json")
    assert code == 0
    report = json.loads(stdout)
    assert report["years"][0]["posts"] == 7
    posts_by_band = {entry["band"]: entry["years"][0]["posts"] for entry in report["by_band"]}
    assert posts_by_band == {"C": 2, "D": 5}
