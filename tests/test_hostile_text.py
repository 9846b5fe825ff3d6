"""Hostile text and numbers (issue 10 items 1, 4 and 5): no user text forges a CI command or
misleads a reader, and every number is bounded in size and precision, each refusal located."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from pi_growth.load.loader import load_scenario
from pi_growth.periods import parse_financial_year
from pi_growth.problems import InputError, Problem, quote_token
from pi_growth.render.markdown_text import text as markdown_text

RATES = """\
name: test rates
price_base: 2024/25
bands:
  C: {salary: 12000}
on_costs:
  pension_rate: 0.2
  employer_ni:
    2024/25: {rate: 0.1, threshold: 0}
"""
GOOD = """\
name: good
rates: rates.yaml
first_year: 2024/25
years: 1
baseline:
  - {team: Ops, band: C, posts: 2}
budgets:
  - {name: Year 1, years: [2024/25], amount: 100000, status: agreed}
"""


def problems_for(tmp_path: Path, scenario: str) -> list[str]:
    """The problems loading `scenario` raises, each as printed."""
    (tmp_path / "rates.yaml").write_text(RATES, encoding="utf-8")
    path = tmp_path / "scenario.yaml"
    path.write_text(scenario, encoding="utf-8")
    with pytest.raises(InputError) as raised:
        load_scenario(path)
    return [str(problem).removeprefix(f"{path}:") for problem in raised.value.problems]


def at(text: str, needle: str) -> str:
    """LINE:COLUMN (1-based) of the one occurrence of `needle` in `text`, found by searching
    the text: an independent check of the position the loader reports."""
    assert text.count(needle) == 1, needle
    before = text[: text.index(needle)]
    return f"{before.count(chr(10)) + 1}:{len(before) - (before.rfind(chr(10)) + 1) + 1}"


def test_the_good_scenario_loads(tmp_path: Path) -> None:
    """The baseline every case below changes one thing in."""
    (tmp_path / "rates.yaml").write_text(RATES, encoding="utf-8")
    (tmp_path / "scenario.yaml").write_text(GOOD, encoding="utf-8")
    assert load_scenario(tmp_path / "scenario.yaml").scenario.name == "good"


COMMAND = (
    "a line starting with '::', or '##' followed by '[', is not allowed: a CI runner "
    "(GitHub Actions) would read it as a command"
)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        # A description whose second line would be an annotation: line 2, after "description: "
        (
            "name: good\n",
            'name: good\ndescription: "fine\\n::error title=Pwned::forged"\n',
            ('"fine', f"description: {COMMAND}"),
        ),
        # A budget status with the legacy syntax, anywhere in the line.
        (
            "status: agreed",
            'status: "ok ##[group]x"',
            ('"ok ##', f"budgets[0].status: {COMMAND}"),
        ),
        # A team name that is a workflow command (it starts a CSV row).
        ("team: Ops", 'team: "::add-mask::x"', ('"::add', f"baseline[0].team: {COMMAND}")),
        # Trojan Source: the control is named by its code point.
        (
            "team: Ops",
            'team: "Ops\\u202e"',
            (
                '"Ops',
                "baseline[0].team: the bidirectional control U+202E RIGHT-TO-LEFT OVERRIDE "
                "is not allowed: it reorders what readers see",
            ),
        ),
        (
            "name: good",
            'name: "g\\u2066ood"',
            (
                '"g',
                "name: the bidirectional control U+2066 LEFT-TO-RIGHT ISOLATE is not allowed: "
                "it reorders what readers see",
            ),
        ),
        # A line separator is a line break too, though not a control character.
        (
            "team: Ops",
            'team: "a\\u2028b"',
            (
                '"a\\u2028',
                "baseline[0].team: control characters (such as tabs, newlines or escapes) "
                "are not allowed",
            ),
        ),
    ],
    ids=["description-newline", "status-legacy", "name-command", "bidi-rlo", "bidi-isolate",
         "line-separator"],
)  # fmt: skip
def test_text_that_would_act_or_mislead_is_refused_and_located(
    tmp_path: Path, old: str, new: str, expected: tuple[str, str]
) -> None:
    """Each refusal at the value's line:column, its message saying why."""
    assert GOOD.count(old) == 1
    scenario = GOOD.replace(old, new)
    needle, message = expected
    assert f"{at(scenario, needle)}: {message}" in problems_for(tmp_path, scenario)


def test_a_confusable_band_name_is_shown_with_its_code_point(tmp_path: Path) -> None:
    """A Cyrillic С looks like the Latin C the table has: the message names it."""
    scenario = GOOD.replace("band: C", "band: \u0421")
    assert problems_for(tmp_path, scenario) == [
        f"{at(scenario, chr(0x421))}: baseline[0].band: unknown band '\u0421' "
        "(U+0421 CYRILLIC CAPITAL LETTER ES) (known: C)"
    ]


def test_quoted_tokens_escape_controls_and_neutralise_legacy_commands() -> None:
    """repr escapes controls and bidi marks; `##[` is broken up; plain accents are left alone."""
    assert quote_token("a\nb\u202e") == "'a\\nb\\u202e'"
    assert quote_token("##[group]") == "'##\\x5bgroup]'"
    assert quote_token("Équipe") == "'Équipe'"
    assert quote_token("ＡＢ") == (
        "'ＡＢ' (U+FF21 FULLWIDTH LATIN CAPITAL LETTER A, U+FF22 FULLWIDTH LATIN CAPITAL LETTER B)"
    )


def test_file_names_are_printed_with_controls_escaped() -> None:
    """git allows a newline in a file name: printed, it must not start a new log line."""
    problem = Problem("plans/a\n::error title=x::y.yaml", 1, 2, "bad ##[x")
    assert str(problem) == "plans/a\\x0a::error title=x::y.yaml:1:2: bad ##\\x5bx"


def test_under_github_actions_a_file_name_cannot_be_a_command(tmp_path: Path) -> None:
    """A scenario named `::warning::x.yaml` or holding `##[`: neutralised in every message."""
    for name, shown in [("::warning::x.yaml", "\\x3a\\x3awarning::x.yaml"),
                        ("a##[group].yaml", "a##\\x5bgroup].yaml")]:  # fmt: skip
        (tmp_path / name).write_text("name: [", encoding="utf-8")
        completed = subprocess.run(
            [sys.executable, "-m", "pi_growth", "cost", name],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            env={"GITHUB_ACTIONS": "true", "PATH": "/usr/bin:/bin"},
            check=False,
        )
        assert completed.returncode == 2
        assert completed.stderr.startswith(f"{shown}:"), completed.stderr
        assert "##[" not in completed.stderr
        for line in completed.stderr.splitlines():
            assert not line.lstrip().startswith("::")


def test_bare_urls_in_markdown_are_not_links() -> None:
    """A zero-width joiner after the scheme's colon (or in `www.`) keeps GitHub from linking;
    the text reads the same."""
    assert markdown_text("see https://evil.example/x") == "see https:\u200d//evil.example/x"
    assert markdown_text("www.evil.example") == "www\u200d.evil.example"
    assert markdown_text("ratio 3:1 and a.b") == "ratio 3:1 and a.b"


@pytest.mark.parametrize("text", ["2024/2125", "2024/1925", "2024-2023", "FY2024/2026"])
def test_a_four_digit_end_year_must_follow_the_start_year(text: str) -> None:
    """Its last two digits are not enough: 2024/2125 is not 2024/25."""
    with pytest.raises(ValueError, match="is not a financial year; did you mean 2024/25"):
        parse_financial_year(text)


def test_a_four_digit_end_year_that_follows_is_read() -> None:
    """2024/2025 and 1999/2000 (the century turning) are what they say."""
    assert parse_financial_year("2024/2025") == 2024
    assert parse_financial_year("1999/2000") == 1999


MONEY_BOUND = (
    "an amount of money must be between -1,000,000,000,000 and 1,000,000,000,000 (docs/limits.md)"
)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        # An expectation bound of 10^30: `check` once said ok and `cost` crashed.
        (
            "budgets:",
            "expect:\n  in_year_cost: {2024/25: {at_most: 1000000000000000000000000000000}}\n"
            "budgets:",
            ("1000000000000000000", f"expect.in_year_cost.2024/25.at_most: {MONEY_BOUND}"),
        ),
        (
            "budgets:",
            "expect:\n  in_year_cost: {2024/25: {at_least: 1.0e+999999999}}\nbudgets:",
            ("1.0e+", f"expect.in_year_cost.2024/25.at_least: {MONEY_BOUND}"),
        ),
        # An FTE of 1e-999999: once printed exactly, about 1 MB a cell.
        (
            "posts: 2}",
            "posts: 2, fte: 1e-999999}",
            ("1e-", "baseline[0].fte: a rate may have at most 10 decimal places (docs/limits.md)"),
        ),
        (
            "amount: 100000",
            "amount: 100000.00001",
            (
                "100000.",
                "budgets[0].amount: an amount of money may have at most 4 decimal places "
                "(docs/limits.md)",
            ),
        ),
    ],
    ids=["bound-1e30", "bound-1e999999999", "fte-1e-999999", "money-five-places"],
)
def test_numbers_beyond_their_range_or_precision_are_refused(
    tmp_path: Path, old: str, new: str, expected: tuple[str, str]
) -> None:
    """Refused where they are written, the bound named in the message."""
    scenario = GOOD.replace(old, new, 1)
    needle, message = expected
    assert problems_for(tmp_path, scenario) == [f"{at(scenario, needle)}: {message}"]


def test_check_and_cost_agree_on_an_absurd_bound(tmp_path: Path) -> None:
    """Both exit 2 with the located message; neither says ok, neither shows a traceback."""
    (tmp_path / "rates.yaml").write_text(RATES, encoding="utf-8")
    scenario = GOOD.replace(
        "budgets:", "expect:\n  in_year_cost: {2024/25: {at_most: 1.0e+999999999}}\nbudgets:"
    )
    (tmp_path / "scenario.yaml").write_text(scenario, encoding="utf-8")
    for command in ("check", "cost"):
        completed = subprocess.run(
            [sys.executable, "-m", "pi_growth", command, "scenario.yaml"],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            check=False,
        )
        assert completed.returncode == 2, (command, completed.stdout)
        assert "Traceback" not in completed.stderr
        assert MONEY_BOUND in completed.stderr
