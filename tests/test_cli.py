"""The command line: exit codes, stdout versus stderr, JSON shape, files written whole."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
import typer.core
import typer.main
from typer.testing import CliRunner

from pi_growth import __version__
from pi_growth.cli import app
from tests.conftest import BUNDLED_RATES, BUNDLED_SCENARIO

MONEY = re.compile(r"^-?\d+\.\d{2}$")


def invoke(*args: str) -> tuple[int, str, str]:
    """Run the CLI in-process; exit code, stdout and stderr."""
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_version() -> None:
    """`--version` prints the version on stdout and exits 0."""
    assert invoke("--version") == (0, f"pi-growth {__version__}\n", "")


def _commands() -> list[str]:
    """Every command the program has (as typer registered them, not a list kept by hand)."""
    group = typer.main.get_command(app)
    assert isinstance(group, typer.core.TyperGroup)
    return sorted(group.commands)


def test_the_program_has_its_commands() -> None:
    assert {"cost", "rates", "check", "chart", "diff", "schema"} <= set(_commands())


@pytest.mark.parametrize("command", _commands())
def test_every_command_is_listed_helped_and_documented(command: str) -> None:
    """In --help with a summary, with --help of its own, and in the README's command table."""
    code, stdout, _ = invoke("--help")
    assert code == 0
    listed = [line.split() for line in stdout.splitlines() if line.startswith("  ")]
    assert any(words[:1] == [command] and len(words) > 1 for words in listed), command
    sub_code, sub_stdout, sub_stderr = invoke(command, "--help")
    assert (sub_code, sub_stderr) == (0, "")
    assert "Usage:" in sub_stdout
    assert command in sub_stdout.split("Usage:")[1].splitlines()[0]
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    assert f"`pi-growth {command}" in readme, f"the README does not show {command}"


def test_cost_with_no_argument_costs_the_bundled_plan() -> None:
    """The bundled plan grows 27 -> 56 -> 102 posts (the MOPAC paper's figures)."""
    code, stdout, stderr = invoke("cost", "--format", "json")
    assert (code, stderr) == (0, "")
    document = json.loads(stdout)
    posts = [year["posts"] for year in document["years"]]
    assert posts == [56, 80, 102]
    assert [year["year"] for year in document["years"]] == ["2024/25", "2025/26", "2026/27"]
    baseline = posts[0] - document["years"][0]["posts_added"]
    assert baseline == 27
    assert [budget["name"] for budget in document["budgets"]] == [
        "Year 1 (MTFP, agreed)",
        "Years 2–3 (subject to governance)",
    ]


def test_json_has_the_contracted_fields_and_money_as_two_decimal_strings() -> None:
    """SPEC §6: required fields, money as JSON strings with exactly two decimals."""
    _, stdout, _ = invoke("cost", str(BUNDLED_SCENARIO), "--format", "json")
    document = json.loads(stdout)
    assert {"name", "file"} <= set(document["scenario"])
    for year in document["years"]:
        assert {
            "year",
            "posts",
            "posts_added",
            "in_year_cost",
            "full_year_effect",
            "growth_in_year_cost",
            "growth_full_year_effect",
        } <= set(year)
        for field in ("in_year_cost", "full_year_effect", "growth_in_year_cost"):
            assert MONEY.match(year[field]), year[field]
    for budget in document["budgets"]:
        assert {"name", "years", "measure", "scope", "amount", "cost", "variance", "status"} <= set(
            budget
        )
        assert budget["status"] in {"within", "over"}
        # variance = amount - cost, to the penny
        assert Decimal(budget["variance"]) == Decimal(budget["amount"]) - Decimal(budget["cost"])


def test_table_is_the_default_and_shows_every_part() -> None:
    """The table names the plan, its envelopes with a clear marker, breakdowns and assumptions."""
    code, stdout, stderr = invoke("cost")
    assert (code, stderr) == (0, "")
    for part in (
        "By financial year",
        "Budget envelopes",
        "By band",
        "By team",
        "Assumptions",
        "Year 1 (MTFP, agreed)",
        "£1,900,000",
        "OVER",
        "within",
    ):
        assert part in stdout
    assert "\x1b[" not in stdout  # no colour codes when stdout is not a terminal
    assert max(len(line.rstrip()) for line in stdout.splitlines()) <= 100


def test_two_runs_are_byte_identical() -> None:
    """Same inputs, same bytes: no timestamps, no set or dict ordering leaks."""
    first = invoke("cost", "--format", "json")
    second = invoke("cost", "--format", "json")
    assert first == second
    assert invoke("cost") == invoke("cost")


def test_output_file_is_written_and_stdout_stays_empty(tmp_path: Path) -> None:
    """`-o` writes the file (no temporary left behind) and prints nothing on stdout."""
    target = tmp_path / "plan.json"
    code, stdout, stderr = invoke("cost", "-f", "json", "-o", str(target))
    assert (code, stdout, stderr) == (0, "", "")
    assert json.loads(target.read_text(encoding="utf-8"))["years"][0]["posts"] == 56
    assert [path.name for path in tmp_path.iterdir()] == ["plan.json"]


def test_unwritable_output_is_bad_input_and_leaves_nothing(tmp_path: Path) -> None:
    """A folder that does not exist: exit 2, a message on stderr, no file, no traceback."""
    target = tmp_path / "missing" / "plan.json"
    code, stdout, stderr = invoke("cost", "-f", "json", "-o", str(target))
    assert code == 2
    assert stdout == ""
    assert stderr.startswith(f"{target}: cannot write")
    assert not target.parent.exists()


def test_a_failed_run_does_not_replace_an_existing_output(
    tmp_path: Path, write_file: Callable[[str, str], Path]
) -> None:
    """Bad input is found before anything is written: the old output survives intact."""
    target = tmp_path / "plan.json"
    target.write_text("previous", encoding="utf-8")
    bad = write_file("bad.yaml", "name: x\n")
    code, _, _ = invoke("cost", str(bad), "-f", "json", "-o", str(target))
    assert code == 2
    assert target.read_text(encoding="utf-8") == "previous"


def test_unknown_format_is_a_usage_error() -> None:
    """An unknown --format is refused by the option parser with exit 2 and the choices."""
    code, stdout, stderr = invoke("cost", "--format", "pdf")
    assert code == 2
    assert stdout == ""
    assert "table" in stderr
    assert "json" in stderr


def test_rates_for_a_rate_table_and_for_a_scenario() -> None:
    """The reckoner prices the table's price base alone, or the scenario's horizon."""
    code, stdout, stderr = invoke("rates", str(BUNDLED_RATES), "--format", "json")
    assert (code, stderr) == (0, "")
    alone = json.loads(stdout)
    assert alone["years"] == ["2022/23"]
    code, stdout, _ = invoke("rates", "--format", "json")
    assert code == 0
    over_horizon = json.loads(stdout)
    assert over_horizon["years"] == ["2024/25", "2025/26", "2026/27"]
    for row in over_horizon["rows"]:
        parts = sum(
            Decimal(row[name])
            for name in (
                "salary",
                "allowances",
                "employer_ni",
                "pension",
                "apprenticeship_levy",
                "other",
                "loaded_cost",
            )
        )
        # each component is rounded on its own, so they may differ from the total by pence
        assert abs(parts - Decimal(row["total"])) <= Decimal("0.04")
    code, stdout, _ = invoke("rates")
    assert code == 0
    assert "Ready reckoner" in stdout


def test_rates_rejects_an_unknown_format() -> None:
    """The option parser refuses a format rates does not offer, naming those it does."""
    code, stdout, stderr = invoke("rates", "--format", "pdf")
    assert (code, stdout) == (2, "")
    assert "'table', 'json', 'csv', 'markdown'" in stderr


def test_schema_is_json_and_names_the_scenario_keys() -> None:
    """`pi-growth schema` prints a JSON Schema whose properties are the scenario's keys."""
    code, stdout, stderr = invoke("schema")
    assert (code, stderr) == (0, "")
    schema = json.loads(stdout)
    assert schema["additionalProperties"] is False
    assert {"name", "rates", "first_year", "years", "baseline", "growth", "budgets"} <= set(
        schema["properties"]
    )


def _imported_after(code: str) -> set[str]:
    """The top-level modules imported by running `code` in a fresh interpreter."""
    probe = f"{code}\nimport sys; print(' '.join(sorted({{m.split('.')[0] for m in sys.modules}})))"
    out = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src")},
    ).stdout
    return set(out.split())


def test_version_does_not_import_heavy_libraries() -> None:
    """`--version` must start quickly: no pydantic, yaml or rich behind it (NOTES: ~200 ms)."""
    modules = _imported_after(
        "import sys; sys.argv = ['pi-growth', '--version']\n"
        "from pi_growth.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass"
    )
    assert "typer" in modules
    assert not {"pydantic", "yaml", "rich"} & modules


@pytest.mark.parametrize(
    "module", ["pi_growth.cost.engine", "pi_growth.cost.reckoner", "pi_growth.periods"]
)
def test_pure_modules_import_no_edges(module: str) -> None:
    """The engine is pure: importing it brings in no YAML, terminal or CLI library."""
    modules = _imported_after(f"import {module}")
    assert not {"yaml", "rich", "typer"} & modules


def test_python_dash_m_runs_the_cli() -> None:
    """`python -m pi_growth` is the same command line."""
    out = subprocess.run(
        [sys.executable, "-m", "pi_growth", "--version"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout == f"pi-growth {__version__}\n"


def test_output_file_gets_ordinary_permissions(tmp_path: Path) -> None:
    """An atomic write must not leave the file private (mkstemp's 0600): 0666 less the umask."""
    umask = os.umask(0o022)
    try:
        target = tmp_path / "plan.json"
        code, _, _ = invoke("cost", "-f", "json", "-o", str(target))
        assert code == 0
        assert target.stat().st_mode & 0o777 == 0o644  # 0666 & ~0022
        target.chmod(0o600)  # an existing file keeps the permissions its owner gave it
        code, _, _ = invoke("cost", "-f", "json", "-o", str(target))
        assert code == 0
        assert target.stat().st_mode & 0o777 == 0o600
    finally:
        os.umask(umask)


MARKUP_RATES = """\
name: "[bold]Rates[/]"
price_base: 2024/25
pay_awards: {2024/25: 0}
bands:
  "[/]": {salary: 12000}
on_costs:
  pension_rate: 0
  employer_ni: {2024/25: {rate: 0, threshold: 0}}
"""


def test_rich_markup_in_user_text_is_printed_as_written(tmp_path: Path) -> None:
    """Square brackets in names are text: `[/]` once crashed the table, `[red]x` vanished."""
    (tmp_path / "rates.yaml").write_text(MARKUP_RATES, encoding="utf-8")
    scenario = tmp_path / "plan.yaml"
    scenario.write_text(
        "name: '[red]Plan'\nrates: rates.yaml\nfirst_year: 2024/25\nyears: 1\n"
        "baseline: [{team: '[red]x', band: '[/]', posts: 1}]\n"
        "budgets: [{name: '[/x]', years: 2024/25, amount: 20000}]\n",
        encoding="utf-8",
    )
    code, stdout, stderr = invoke("cost", str(scenario))
    assert (code, stderr) == (0, "")
    for text in ("[red]Plan", "[red]x", "[/x]", "[bold]Rates[/]"):
        assert text in stdout
    code, stdout, stderr = invoke("rates", str(tmp_path / "rates.yaml"))
    assert (code, stderr) == (0, "")
    assert "[/]" in stdout


def test_schema_accepts_what_the_loader_accepts() -> None:
    """A budget's `years` may be one FY (the loader takes it), and a rate may be written with
    an exponent: editors using the schema must not flag either."""
    import jsonschema

    _, stdout, _ = invoke("schema")
    validator = jsonschema.Draft202012Validator(json.loads(stdout))
    plan = {
        "name": "x",
        "rates": "mps-police-staff",
        "first_year": "2024/25",
        "years": 1,
        "assumptions": {"vacancy_factor": "5e-2"},
        "budgets": [{"name": "B", "years": "2024/25", "amount": 1}],
    }
    assert list(validator.iter_errors(plan)) == []
    plan["budgets"] = [{"name": "B", "years": 2024, "amount": 1}]
    assert list(validator.iter_errors(plan)) != []


def test_units_apply_to_the_terminal_table() -> None:
    """`--units millions` shows the bundled plan's Year 1 FYE (£1,871,257.35) as £1.87m and its
    envelope (£1,900,000) as £1.90m; the footnote says what the figures are rounded to."""
    code, stdout, stderr = invoke("cost", "--units", "millions")
    assert (code, stderr) == (0, "")
    assert "£1.87m" in stdout
    assert "£1.90m" in stdout
    assert "£1,871,257" not in stdout
    assert "rounded to £10,000" in " ".join(stdout.split())
