"""Messages that say what to do, at the line where the mistake is (issue 11 item 6): a tab,
a missing colon, a misspelt band or key, a rate written as a whole percentage."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pi_growth.cli import app
from pi_growth.load.suggestions import closest, percent_hint

DATA = Path(__file__).resolve().parent / "data" / "diff"
# A valid plan on tests/data/diff/rates.yaml (bands X and Y), one line per key.
PLAN = """\
name: Messages
rates: rates.yaml
first_year: 2024/25
years: 1
assumptions:
  vacancy_factor: 0
baseline:
  - team: Core
    band: X
    posts: 2
budgets:
  - {name: Year 1, years: [2024/25], amount: 100000}
"""


def stderr_of(tmp_path: Path, text: str) -> list[str]:
    """`pi-growth cost plan.yaml` on `text` (beside the test rate table): exit 2, nothing on
    stdout; the lines of stderr."""
    shutil.copyfile(DATA / "rates.yaml", tmp_path / "rates.yaml")
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(app, ["cost", str(path)])
    assert (result.exit_code, result.stdout) == (2, ""), result.stdout
    return [line.removeprefix(f"{path}:") for line in result.stderr.splitlines()]


def test_the_plan_itself_is_valid(tmp_path: Path) -> None:
    """The base of every case below costs (so each message is the edit's doing)."""
    shutil.copyfile(DATA / "rates.yaml", tmp_path / "rates.yaml")
    (tmp_path / "plan.yaml").write_text(PLAN, encoding="utf-8")
    assert CliRunner().invoke(app, ["cost", str(tmp_path / "plan.yaml")]).exit_code == 0


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        # A tab indenting a key: at the tab, in words that say the fix.
        (("    band: X", "\tband: X"), "9:1: tab: indent with spaces (YAML does not allow tabs)"),
        # A missing colon, reported on its own line (8), not the next one.
        (("    band: X", "    band X"), "9:5: missing ':' after 'band' (write 'band: X')"),
        (("first_year: 2024/25", "first_year 2024/25"), ""),  # filled in below
        (
            ("  vacancy_factor: 0", "  vacancy_factor 0\n  fill_lag_months: 1"),
            "6:3: missing ':' after 'vacancy_factor' (write 'vacancy_factor: 0')",
        ),
        (("  - team: Core", "  - team Core"), "8:5: missing ':' after 'team' (write 'team: Core')"),
    ],
)
def test_yaml_mistakes_are_named_where_they_are(
    tmp_path: Path, edit: tuple[str, str], expected: str
) -> None:
    """One problem, at the mistake's line and column, saying what to write."""
    text = PLAN.replace(*edit)
    assert text != PLAN
    if not expected:
        expected = "3:1: missing ':' after 'first_year' (write 'first_year: 2024/25')"
    assert stderr_of(tmp_path, text) == [expected]


def test_a_band_in_the_wrong_case_or_misspelt_gets_a_suggestion(tmp_path: Path) -> None:
    """`band: x` where the table has X: "did you mean 'X'?", with the known bands."""
    (line,) = stderr_of(tmp_path, PLAN.replace("band: X", "band: x"))
    assert line == "9:11: baseline[0].band: unknown band 'x': did you mean 'X'? (known: X, Y)"


def test_a_misspelt_key_gets_a_suggestion(tmp_path: Path) -> None:
    """`budget:` for `budgets:` (and `vacancy:` for `vacancy_factor:`)."""
    lines = stderr_of(
        tmp_path, PLAN.replace("budgets:", "budget:").replace("vacancy_factor", "vacancy")
    )
    assert lines[0].startswith(
        "6:3: assumptions.vacancy: unknown key 'vacancy': did you mean 'vacancy_factor'? (allowed:"
    )
    assert lines[1].startswith("11:1: budget: unknown key 'budget': did you mean 'budgets'?")


def test_a_rate_written_as_a_whole_percentage_says_how_to_write_it(tmp_path: Path) -> None:
    """`vacancy_factor: 3` means 3%: the message says it is written `3%` (or 0.03)."""
    (line,) = stderr_of(tmp_path, PLAN.replace("vacancy_factor: 0", "vacancy_factor: 3"))
    assert line == (
        "6:19: assumptions.vacancy_factor: Input should be less than 1 (found '3'); "
        "3% is written 3% (or 0.03)"
    )


def test_fte_above_one_gets_no_percentage_hint(tmp_path: Path) -> None:
    """An FTE is no percentage: `fte: 2` is refused without the hint."""
    (line,) = stderr_of(tmp_path, PLAN.replace("    posts: 2", "    posts: 2\n    fte: 2"))
    assert "fte" in line
    assert "%" not in line


@pytest.mark.parametrize(
    ("word", "choices", "expected"),
    [
        ("c", ["BB3", "A", "C"], "C"),  # case alone
        ("budget", ["budgets", "baseline"], "budgets"),
        ("bb3", ["BB3", "B"], "BB3"),
        ("Q", ["BB3", "A", "B", "C"], None),  # nothing near: no guess
    ],
)
def test_closest(word: str, choices: list[str], expected: str | None) -> None:
    """The suggestion is the same word in another case, else a near spelling, else none."""
    assert closest(word, choices) == expected


@pytest.mark.parametrize(
    ("found", "hint"),
    [
        ("3", "; 3% is written 3% (or 0.03)"),
        ("4.75", "; 4.75% is written 4.75% (or 0.0475)"),
        ("100", "; 100% is written 100% (or 1)"),
        ("1000", ""),  # not a percentage anyone means
        ("0.5", ""),  # already a fraction
        ("lots", ""),
    ],
)
def test_percent_hint(found: str, hint: str) -> None:
    """Only a number from 1 to 100 is read as a percentage written without its sign."""
    assert percent_hint(found) == hint
