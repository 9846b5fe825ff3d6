"""`pi-growth check`: exit codes, findings at the budget or expectation, GitHub annotations."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from pi_growth.cli import app
from pi_growth.commands.check import annotation
from pi_growth.problems import Problem
from tests.conftest import BUNDLED_SCENARIO, ROOT

Writer = Callable[[str, str], Path]

RATES = """
name: Flat
price_base: 2024/25
pay_awards: {2024/25: 0}
bands:
  X: {annual_cost: 36000}
"""

# £3,000 a post-month. The budget holds the FYE of the post added in 2024/25: 12 x 3,000 =
# 36,000, against AMOUNT.
PLAN = """
name: Small team
rates: rates.yaml
first_year: 2024/25
years: 1
baseline:
  - {team: Core, band: X, posts: 2}
growth:
  - {team: Core, band: X, posts: 1, year: 2024/25, start: 2024-10}
budgets:
  - name: Year 1
    years: [2024/25]
    amount: AMOUNT
"""


def invoke(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    """Run the CLI in-process; exit code, stdout and stderr."""
    result = CliRunner().invoke(app, list(args), env=env or {"GITHUB_ACTIONS": ""})
    return result.exit_code, result.stdout, result.stderr


def plan(write_file: Writer, name: str, *, amount: str = "40000", expect: str = "") -> Path:
    """Write the small plan (and its rate table) with a budget amount and `expect:` block."""
    write_file("rates.yaml", RATES)
    return write_file(name, PLAN.replace("AMOUNT", amount) + expect)


def position(path: Path, needle: str) -> tuple[int, int]:
    """1-based line and column of the first `needle` in the file, found in its text."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number, line.index(needle) + 1
    raise AssertionError(f"{needle!r} not in {path}")


def test_within_and_met_exits_0(write_file: Writer) -> None:
    """All budgets within and all expectations met: exit 0, a summary, nothing on stderr."""
    path = plan(write_file, "plan.yaml", expect="expect:\n  posts: {2024/25: 3}\n")
    code, stdout, stderr = invoke("check", str(path))
    assert (code, stderr) == (0, "")
    assert stdout == f"{path}: ok (1 budget, 1 expectation checked)\n"


def test_budget_over_exits_1_pointing_at_the_budget(write_file: Writer) -> None:
    """A budget over (36,000 against 35,000) is a finding at the budget's entry: exit 1."""
    path = plan(write_file, "plan.yaml", amount="35000")
    code, stdout, stderr = invoke("check", str(path))
    line, column = position(path, "name: Year 1")
    assert (code, stderr) == (1, "")
    assert stdout.splitlines() == [
        f"{path}:{line}:{column}: budget 'Year 1' is OVER: full-year effect £36,000 against "
        "£35,000, over by £1,000",
        f"{path}: FAILED: 1 budget OVER (1 budget, 0 expectations checked)",
    ]


def test_broken_expectation_exits_1_pointing_at_it(write_file: Writer) -> None:
    """A failed expectation is a finding at the value asserted, even with a short FY key."""
    path = plan(
        write_file,
        "plan.yaml",
        expect="expect:\n  posts:\n    24/25: 4\n  posts_added: {24/25: 1}\n",
    )
    code, stdout, stderr = invoke("check", str(path))
    line, key_column = position(path, "24/25: 4")
    column = key_column + len("24/25: ")  # at the value asserted
    assert (code, stderr) == (1, "")
    assert stdout.splitlines() == [
        f"{path}:{line}:{column}: expectation failed: posts at the end of 2024/25: "
        "expected 4, found 3",
        f"{path}: FAILED: 1 expectation failed (1 budget, 2 expectations checked)",
    ]


def test_bad_input_exits_2_on_stderr(write_file: Writer) -> None:
    """A file that does not load is reported on stderr at its FILE:LINE:COLUMN: exit 2."""
    path = plan(write_file, "plan.yaml", expect="expect:\n  budgets_within: [Year 9]\n")
    code, stdout, stderr = invoke("check", str(path))
    line, column = position(path, "Year 9")
    assert code == 2
    assert stderr == (
        f"{path}:{line}:{column}: expect.budgets_within[0]: unknown budget 'Year 9' "
        "(known: 'Year 1')\n"
    )
    assert stdout == f"{path}: not checked: 1 input problem\n"
    assert "Traceback" not in stdout + stderr


def test_bad_input_wins_over_findings(write_file: Writer) -> None:
    """With one file over budget and another broken, the exit code is 2, and both are
    reported: the over-budget finding is not lost."""
    over = plan(write_file, "over.yaml", amount="1")
    broken = write_file("broken.yaml", "name: [unclosed\n")
    code, stdout, stderr = invoke("check", str(over), str(broken))
    assert code == 2
    assert "budget 'Year 1' is OVER" in stdout
    assert stderr.startswith(f"{broken}:2:1: YAML syntax error")
    assert stdout.splitlines()[-1] == f"{broken}: not checked: 1 input problem"


def test_every_file_is_checked(write_file: Writer) -> None:
    """Two good files: exit 0, a summary line for each."""
    first = plan(write_file, "a.yaml")
    second = plan(write_file, "b.yaml")
    code, stdout, _ = invoke("check", str(first), str(second))
    assert code == 0
    assert [line.split(":")[0] for line in stdout.splitlines()] == [str(first), str(second)]


def test_github_annotations(write_file: Writer) -> None:
    """Under GitHub Actions each finding and problem is also an `::error` command on stdout."""
    over = plan(write_file, "over.yaml", amount="35000")
    missing = write_file("elsewhere/x.yaml", "").parent / "missing.yaml"
    code, stdout, stderr = invoke("check", str(over), str(missing), env={"GITHUB_ACTIONS": "true"})
    line, column = position(over, "name: Year 1")
    assert code == 2
    annotations = [text for text in stdout.splitlines() if text.startswith("::")]
    assert annotations == [
        f"::error file={over},line={line},col={column},title=pi-growth check::budget 'Year 1' "
        "is OVER: full-year effect £36,000 against £35,000, over by £1,000",
        f"::error file={missing},line=1,col=1,title=pi-growth check::cannot read the file: "
        "No such file or directory",
    ]
    assert stderr == f"{missing}:1:1: cannot read the file: No such file or directory\n"


def test_no_annotations_outside_github(write_file: Writer) -> None:
    """Without GITHUB_ACTIONS=true there are no workflow commands."""
    path = plan(write_file, "plan.yaml", amount="1")
    _, stdout, _ = invoke("check", str(path))
    assert "::error" not in stdout


@pytest.mark.parametrize(
    ("problem", "expected"),
    [
        (
            Problem("a.yaml", 3, 5, "over by 5%\nsee line 2\r"),
            "::error file=a.yaml,line=3,col=5,title=pi-growth check::over by 5%25%0Asee line 2%0D",
        ),
        (
            # Properties also escape ':' and ',' (they would end the property early).
            Problem("dir,x/a:b.yaml", 1, 1, "a: b, c"),
            "::error file=dir%2Cx/a%3Ab.yaml,line=1,col=1,title=pi-growth check::a: b, c",
        ),
        (
            Problem("a.yaml", 1, 1, "100%25"),
            "::error file=a.yaml,line=1,col=1,title=pi-growth check::100%2525",
        ),
    ],
)
def test_annotation_escaping(problem: Problem, expected: str) -> None:
    """`%`, CR and LF are escaped in the message; properties also escape `:` and `,`."""
    assert annotation(problem) == expected


def test_bundled_plan_is_within_its_envelopes_like_for_like() -> None:
    """The bundled plan's envelopes are at 2022/23 prices (SPEC §8): judged there, Years 2-3
    is within (though over at outturn, which `cost` shows beside it), so check exits 0."""
    code, stdout, _ = invoke("check", str(BUNDLED_SCENARIO))
    assert code == 0
    assert "OVER" not in stdout
    assert "expectation failed" not in stdout
    assert stdout.endswith("ok (2 budgets, 3 expectations checked; 3 approvals noted)\n")


def test_pre_commit_hook_runs_check_on_scenarios() -> None:
    """The pre-commit hook runs this command on the scenario files (and not on rate tables)."""
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    (hook,) = hooks
    assert (hook["id"], hook["entry"], hook["language"]) == (
        "pi-growth-check",
        "pi-growth check",
        "python",
    )
    assert re.search(hook["files"], "scenarios/pi-growth.yaml")
    assert not re.search(hook["files"], "rates/mps-police-staff.yaml")
    # pre-commit appends the staged files to the entry: the same command line as here.
    command, *arguments = hook["entry"].split()
    assert command == "pi-growth"
    code, _, _ = invoke(*arguments, str(BUNDLED_SCENARIO))
    assert code == 0  # the bundled plan is within its envelopes, like for like
