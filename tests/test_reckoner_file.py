"""A rate table's bands from a ready reckoner, CSV or XLSX (`bands_file:`, SPEC §8)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from openpyxl import Workbook
from typer.testing import CliRunner

from pi_growth.cli import app
from pi_growth.load.loader import load_rate_table
from tests.conftest import ROOT

EXAMPLES = ROOT / "docs" / "examples"


def invoke(*args: str) -> tuple[int, str, str]:
    """Run the CLI in-process; exit code, stdout and stderr."""
    result = CliRunner().invoke(app, list(args), env={"GITHUB_ACTIONS": ""})
    return result.exit_code, result.stdout, result.stderr


def test_the_example_reckoner_is_the_same_table_as_its_yaml() -> None:
    """docs/examples/reckoner.xlsx (and .csv) make the bands reckoner-rates-inline.yaml
    writes out: loaded points for a band by point, annual_cost for the others."""
    from_xlsx = load_rate_table(EXAMPLES / "reckoner-rates.yaml")
    inline = load_rate_table(EXAMPLES / "reckoner-rates-inline.yaml")
    assert from_xlsx.bands == inline.bands
    assert list(from_xlsx.bands) == ["BB3", "A", "B", "C"]


def test_the_csv_reckoner_is_the_same_as_the_workbook(tmp_path: Path) -> None:
    """The same rows as CSV give the same bands."""
    for name in ("reckoner.csv", "reckoner-rates.yaml"):
        shutil.copy(EXAMPLES / name, tmp_path / name)
    table = tmp_path / "reckoner-rates.yaml"
    text = table.read_text(encoding="utf-8").replace("reckoner.xlsx", "reckoner.csv")
    table.write_text(text.replace("sheet: Reckoner", ""), encoding="utf-8")
    assert load_rate_table(table).bands == load_rate_table(EXAMPLES / "reckoner-rates.yaml").bands


def test_a_plan_on_the_reckoner_costs_as_on_the_yaml_table(tmp_path: Path) -> None:
    """Every figure of the example plan is the same on either table; a band by point moves
    along its points on increments."""
    for name in ("reckoner-plan.yaml", "reckoner-rates.yaml", "reckoner-rates-inline.yaml"):
        shutil.copy(EXAMPLES / name, tmp_path / name)
    shutil.copy(EXAMPLES / "reckoner.xlsx", tmp_path / "reckoner.xlsx")
    plan = tmp_path / "reckoner-plan.yaml"
    inline = tmp_path / "inline-plan.yaml"
    inline.write_text(
        plan.read_text(encoding="utf-8").replace(
            "reckoner-rates.yaml", "reckoner-rates-inline.yaml"
        ),
        encoding="utf-8",
    )
    documents = []
    for path in (plan, inline):
        code, stdout, stderr = invoke("cost", str(path), "--format", "json")
        assert (code, stderr) == (0, "")
        document = json.loads(stdout)
        documents.append((document["years"], document["budgets"]))
    assert documents[0] == documents[1]
    # The envelope at its 2023/24 price base (the table's: no award), the FYE at March 2026
    # of the posts added in 2024/25-2025/26:
    #   B x 2, filled Oct 2024, at point 2 from Oct 2025: 2 x (75,300 + 1,200) = 153,000
    #   BB3 x 1: 112,000;  A x 1, filled Sep 2025, point 1: 96,500 + 1,500 = 98,000
    #   total 363,000.
    (budget,) = documents[0][1]
    assert budget["cost"] == "363000.00"


def _reckoner(path: Path, rows: list[list[object]]) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Sheet1"
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


TABLE = "name: R\nprice_base: 2024/25\nbands_file: reckoner.xlsx\n"


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        (
            [
                ["band", "annual_cost"],
                *[["X", 1000]] * 0,
                ["A", 1],
                ["B", 2],
                ["C", 3],
                ["D", 4],
                ["E", 5],
                ["F", "lots"],
            ],
            "Sheet1!B7: annual_cost: 'lots' is not an amount of money",
        ),
        (
            [["band", "point", "annual_cost"], ["A", 1, 100], ["A", 3, 300]],
            "Sheet1!A2: band 'A': points must run 1, 2, 3, ... with none missing (found 1, 3)",
        ),
        (
            [["band", "annual_cost"], ["A", 100], ["A", 200]],
            "Sheet1!A3: band 'A': a second row for it",
        ),
        (
            [["band", "grade", "annual_cost"], ["A", "x", 100]],
            "Sheet1!B1: unknown column 'grade' (allowed: band, point, annual_cost, other)",
        ),
        (
            [["band", "point", "annual_cost", "other"], ["A", 1, 100, 5], ["A", 2, 200, 6]],
            "Sheet1!D3: band 'A': other must be the same at every point",
        ),
    ],
)
def test_problems_are_located_to_the_cell(
    tmp_path: Path, rows: list[list[object]], expected: str
) -> None:
    """Each problem at its cell, FILE:SHEET!CELL, exit 2, no traceback."""
    _reckoner(tmp_path / "reckoner.xlsx", rows)
    (tmp_path / "rates.yaml").write_text(TABLE, encoding="utf-8")
    code, stdout, stderr = invoke("rates", str(tmp_path / "rates.yaml"))
    assert (code, stdout) == (2, "")
    assert f"{tmp_path / 'reckoner.xlsx'}:{expected}" in stderr.splitlines()[0]


def test_a_band_in_both_the_yaml_and_the_reckoner(tmp_path: Path) -> None:
    """A band defined twice is an error at the YAML's band."""
    _reckoner(tmp_path / "reckoner.xlsx", [["band", "annual_cost"], ["A", 100]])
    (tmp_path / "rates.yaml").write_text(
        TABLE + "bands:\n  A: {annual_cost: 200}\n", encoding="utf-8"
    )
    code, _, stderr = invoke("rates", str(tmp_path / "rates.yaml"))
    assert code == 2
    assert f"{tmp_path / 'rates.yaml'}:5:" in stderr
    assert "band 'A' is also in the reckoner reckoner.xlsx" in stderr


def test_a_csv_reckoner_problem_is_at_its_line_and_column(tmp_path: Path) -> None:
    """In CSV, FILE:LINE:COLUMN as for every text file."""
    (tmp_path / "reckoner.csv").write_text("band,annual_cost\nA,100\nB,-5\n", encoding="utf-8")
    (tmp_path / "rates.yaml").write_text(TABLE.replace(".xlsx", ".csv"), encoding="utf-8")
    code, _, stderr = invoke("rates", str(tmp_path / "rates.yaml"))
    assert code == 2
    assert stderr.startswith(f"{tmp_path / 'reckoner.csv'}:3:3: annual_cost: ")


def test_a_loaded_band_takes_no_ni_relief() -> None:
    """A loaded point holds its NI already: an NI relief on it is refused (SPEC §11)."""
    from pi_growth.models import Band

    assert not Band(points=[100], loaded=True).is_pay_band
    with pytest.raises(ValueError, match="loaded applies to points"):
        Band(annual_cost=100, loaded=True)


def test_openpyxl_is_imported_only_to_read_a_workbook() -> None:
    """Start-up and a YAML-only costing never pay for openpyxl; reading a workbook does."""
    from tests.test_cli import _imported_after

    costing = (
        "from pi_growth.load.loader import load_scenario\n"
        "from pi_growth.cost.engine import cost_scenario\n"
        "loaded = load_scenario(None)\n"
        "cost_scenario(loaded.scenario, loaded.rates)"
    )
    assert "openpyxl" not in _imported_after(costing)
    reading = (
        "from pi_growth.load.loader import load_rate_table\n"
        f"load_rate_table({str(EXAMPLES / 'reckoner-rates.yaml')!r})"
    )
    assert "openpyxl" in _imported_after(reading)
