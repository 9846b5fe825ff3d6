"""The README is tested: its first screen, the commands it shows, and the output it quotes."""

from __future__ import annotations

import contextlib
import io
import re
import shlex
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pi_growth.cli import app
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
INSTALL_AND_RUN = "python3 -m venv .venv && .venv/bin/pip install . && .venv/bin/pi-growth cost"
INSTALL_AND_TEST = "python3 -m venv .venv && .venv/bin/pip install -e '.[dev]' && .venv/bin/pytest"


def _blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README, flags=re.DOTALL)


def _shown_commands() -> list[str]:
    """Every `pi-growth ...` line in the README's shell blocks."""
    return [
        line.strip()
        for block in _blocks("sh")
        for line in block.splitlines()
        if line.strip().startswith("pi-growth ")
    ]


def test_first_screen_gives_the_two_fresh_machine_commands() -> None:
    """Within the first 25 lines: install-and-run the bundled plan, and install-and-test."""
    first_screen = "\n".join(README.splitlines()[:25])
    assert INSTALL_AND_RUN in first_screen
    assert INSTALL_AND_TEST in first_screen


def test_first_screen_says_how_to_start_a_plan() -> None:
    """The first screen also shows `pi-growth init`, then check and cost (issue 11)."""
    first_screen = "\n".join(README.splitlines()[:25])
    assert "pi-growth init my-plan && cd my-plan && pi-growth check" in first_screen


def test_ci_runs_the_readme_test_command() -> None:
    """CI calls the README's test command word for word, so a missing install step fails."""
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert INSTALL_AND_TEST in ci.splitlines()


def invoke(command: str) -> tuple[int, str, str]:
    """Run a README command line in-process."""
    arguments = shlex.split(command)
    assert arguments[0] == "pi-growth"
    result = CliRunner().invoke(app, arguments[1:])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def in_a_copy_of_the_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working folder holding the repository's data, so commands that write files write
    them there, not into the checkout."""
    for folder in ("scenarios", "rates", "docs"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    (tmp_path / ".git").mkdir()  # the scenarios' repository, for the path rule
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize(
    "command", [command for command in _shown_commands() if "origin/" not in command]
)
@pytest.mark.usefixtures("in_a_copy_of_the_repository")
def test_every_command_the_readme_shows_runs(command: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each command shown works as shown (a diff against origin/main needs a remote: left
    out here; docs/ci.md's workflow test runs `diff` with REV:path); `a && cd b && c` runs
    each part in turn."""
    for part in command.split(" && "):
        if part.startswith("cd "):
            monkeypatch.chdir(part.removeprefix("cd "))
            continue
        code, _, stderr = invoke(part)
        assert (code, stderr) == (0, ""), part


def test_there_are_commands_to_run() -> None:
    """The parametrised test above is not vacuous."""
    assert len(_shown_commands()) >= 5


def test_the_tour_quotes_the_real_report(monkeypatch: pytest.MonkeyPatch) -> None:
    """The report quoted in 'A tour of the output' is what `pi-growth cost` prints today, at
    80 columns (as in a terminal of that width, or piped with COLUMNS=80)."""
    (tour,) = [block for block in _blocks("text") if block.startswith("P&I growth")]
    monkeypatch.setenv("COLUMNS", "80")
    code, stdout, _ = invoke("pi-growth cost")
    assert code == 0
    assert stdout.startswith(tour.rstrip("\n") + "\n")


def test_the_bad_input_example_is_what_the_tool_prints() -> None:
    """The problems quoted under 'Bad input' are printed, in that order, for that file."""
    (block,) = [block for block in _blocks("text") if block.startswith("$ pi-growth")]
    command, *expected = block.rstrip("\n").splitlines()
    with contextlib.chdir(ROOT):
        code, stdout, stderr = invoke(command.removeprefix("$ "))
    assert (code, stdout) == (2, "")
    assert stderr.splitlines() == expected


def test_the_python_api_example_runs() -> None:
    """The Python API example runs as written, from the repository's top folder."""
    (example,) = _blocks("python")
    printed = io.StringIO()
    with contextlib.chdir(ROOT), contextlib.redirect_stdout(printed):
        exec(compile(example, "README.md", "exec"), {})  # noqa: S102 - our own README
    lines = printed.getvalue().splitlines()
    assert lines[0] == "2024/25 56 3638459.86"  # the FYE the tour's table shows as £3,638,460
    assert lines[3] == "Year 1 (MTFP, agreed) 330670.93 within"  # at its 2022/23 price base


def test_the_api_module_example_runs() -> None:
    """The example in `pi_growth.api`'s docstring holds (a doctest)."""
    import doctest

    import pi_growth.api

    with contextlib.chdir(ROOT):
        outcome = doctest.testmod(pi_growth.api)
    assert (outcome.failed, outcome.attempted) == (0, 4)


def _section(title: str) -> str:
    return README.split(f"\n## {title}\n", 1)[1].split("\n## ", 1)[0]


def test_the_scale_table_is_one_table() -> None:
    """Every row of the Scale table is inside it: no table row stands after the paragraph
    that follows it (issue 11: two rows were left below the table)."""
    lines = _section("Scale").splitlines()
    rows = [index for index, line in enumerate(lines) if line.startswith("|")]
    assert rows == list(range(rows[0], rows[0] + len(rows)))  # one unbroken block
    assert len(rows) == 2 + 7  # heading, rule and seven measurements
    assert any("--version" in lines[index] for index in rows)


def test_the_rounding_figures_quoted_are_the_bundled_plans() -> None:
    """The README says by how much a year's rounded monthly cells miss its in-year cost; those
    are the bundled plan's figures: each year's in-year cost rounded, less the sum of its
    monthly cells each rounded to pence (what the workbook's Rounding rows hold)."""
    from decimal import Decimal

    from pi_growth.cost.engine import cost_scenario
    from pi_growth.load.loader import load_scenario
    from pi_growth.money import round_money
    from pi_growth.periods import format_financial_year
    from pi_growth.render import Report
    from pi_growth.render.grid import build_table

    loaded = load_scenario(None)
    result = cost_scenario(loaded.scenario, loaded.rates, monthly=True)
    table = build_table(Report(result, "", ""), "monthly")
    year_at, total_at = table.index("year"), table.index("total")
    shown: dict[object, Decimal] = {}
    for row in table.rows:
        total = row[total_at]
        assert isinstance(total, Decimal)
        shown[row[year_at]] = shown.get(row[year_at], Decimal(0)) + round_money(total)
    differences = [
        round_money(year.in_year.total) - shown[format_financial_year(year.year)]
        for year in result.years
    ]
    quoted = ", ".join(f"{'−' if d < 0 else ''}£{abs(d):.2f}" for d in differences[:-1])
    quoted += f" and {'−' if differences[-1] < 0 else ''}£{abs(differences[-1]):.2f}"
    assert f"by {quoted} in the" in " ".join(README.split())
