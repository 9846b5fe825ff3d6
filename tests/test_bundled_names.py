"""Bundled tables and the bundled plan are named, not located: `mps-police-staff (bundled)`
in every output and message, never a path inside the installed package (issue 11 items 3, 5)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pi_growth.cli import app
from pi_growth.load.loader import data_directory, shown_name
from tests.exports_support import csv_rows

BUNDLED_RATES = "mps-police-staff (bundled)"


def invoke(*args: str) -> tuple[int, str, str]:
    """Run the CLI in-process: exit code, stdout, stderr."""
    result = CliRunner().invoke(app, list(args), env={"NO_COLOR": "1", "COLUMNS": "100"})
    return result.exit_code, result.stdout, result.stderr


def test_rates_takes_a_bundled_tables_name() -> None:
    """`pi-growth rates mps-police-staff` prints the bundled reckoner, as scenarios reach the
    table by that name (it failed with "cannot read the file")."""
    code, stdout, stderr = invoke("rates", "mps-police-staff")
    assert (code, stderr) == (0, "")
    assert stdout.startswith("Ready reckoner: MPS police staff")
    assert f"({BUNDLED_RATES})" in stdout
    code, stdout, _ = invoke("rates", "mps-police-staff.yaml", "--format", "json")
    assert code == 0
    assert json.loads(stdout)["rates"]["file"] == BUNDLED_RATES


def test_a_name_that_is_no_bundled_table_is_still_a_missing_file() -> None:
    """Only an exact bundled name is looked up; anything else is reported as before."""
    code, stdout, stderr = invoke("rates", "mps-police")
    assert (code, stdout) == (2, "")
    assert stderr == "mps-police:1:1: cannot read the file: No such file or directory\n"


def test_the_bundled_plan_is_named_not_located() -> None:
    """`pi-growth cost` names the bundled plan and its table by name."""
    code, stdout, _ = invoke("cost")
    assert code == 0
    assert stdout.splitlines()[1].startswith("pi-growth (bundled) · rates: MPS police staff")
    assert str(data_directory()) not in stdout


@pytest.fixture
def plan_naming_the_bundled_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A scenario in an empty folder whose rate table is the bundled one, by name."""
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "plan.yaml"
    path.write_text(
        "name: Small plan\nrates: mps-police-staff\nfirst_year: 2024/25\nyears: 1\n"
        "baseline: [{team: Ops, band: C, posts: 2}]\n"
        "growth: [{team: Ops, band: D, posts: 1, year: 2024/25}]\n",
        encoding="utf-8",
    )
    return path


@pytest.mark.usefixtures("plan_naming_the_bundled_table")
def test_every_format_names_the_bundled_table() -> None:
    """Table, JSON, Markdown, CSV and XLSX all say `mps-police-staff (bundled)` and none
    holds the folder the package's data is in."""
    openpyxl = pytest.importorskip("openpyxl")
    where = str(data_directory())
    outputs = {}
    for fmt in ("table", "json", "markdown"):
        code, outputs[fmt], _ = invoke("cost", "plan.yaml", "--format", fmt)
        assert code == 0
    code, assumptions, _ = invoke("cost", "plan.yaml", "--format", "csv", "--table", "assumptions")
    assert code == 0
    rows = {row["item"]: row["value"] for row in csv_rows(assumptions)}
    assert rows["rate_table_file"] == BUNDLED_RATES
    assert json.loads(outputs["json"])["rates"]["file"] == BUNDLED_RATES
    assert f"(`{BUNDLED_RATES}`)" in outputs["markdown"]
    assert BUNDLED_RATES in outputs["table"]
    assert invoke("cost", "plan.yaml", "-o", "plan.xlsx")[0] == 0
    sheet = openpyxl.load_workbook("plan.xlsx")["Assumptions"]
    assert BUNDLED_RATES in [cell.value for row in sheet.iter_rows() for cell in row]
    for text in (*outputs.values(), assumptions):
        assert where not in text


def test_problems_in_a_bundled_table_name_it(plan_naming_the_bundled_table: Path) -> None:
    """A year the bundled table has no on-costs for is reported at `mps-police-staff
    (bundled):LINE:COLUMN`, not at an installed path."""
    text = plan_naming_the_bundled_table.read_text(encoding="utf-8")
    plan_naming_the_bundled_table.write_text(
        text.replace("first_year: 2024/25", "first_year: 2010/11").replace("2024/25}", "2010/11}"),
        encoding="utf-8",
    )
    code, _, stderr = invoke("cost", "plan.yaml")
    assert code == 2
    assert stderr.splitlines()
    for line in stderr.splitlines():
        assert line.startswith(f"{BUNDLED_RATES}:"), line


def test_a_file_named_by_its_path_keeps_its_path(tmp_path: Path) -> None:
    """Outside the bundled folders, a file is shown as the user wrote it."""
    path = tmp_path / "rates.yaml"
    path.write_text("x", encoding="utf-8")
    assert shown_name(path, "somewhere/rates.yaml") == "somewhere/rates.yaml"
    assert shown_name(data_directory() / "rates" / "mps-police-staff.yaml") == BUNDLED_RATES


def test_the_bundled_plan_by_name() -> None:
    """`pi-growth cost pi-growth` (no such file here) is the bundled plan, named as such."""
    code, stdout, _ = invoke("cost", "pi-growth", "--format", "json")
    assert code == 0
    assert json.loads(stdout)["scenario"]["file"] == "pi-growth (bundled)"
