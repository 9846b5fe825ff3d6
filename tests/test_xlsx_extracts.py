"""Establishment extracts from XLSX (issue 11): the CSV extract's columns and rules, read from
the first worksheet or a named one, every problem at its SHEET!CELL."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from typer.testing import CliRunner

from pi_growth.cli import app
from pi_growth.load.loader import load_scenario

RATES = """\
name: T
price_base: 2024/25
pay_awards: {2024/25: 0, 2025/26: 0}
bands:
  X: {annual_cost: 12000}
  Y: {points: [12000, 24000]}
on_costs: {pension_rate: 0, employer_ni: {2024/25: {rate: 0, threshold: 0}}}
"""
PLAN = """\
name: From a workbook
rates: rates.yaml
first_year: 2024/25
years: 2
baseline_csv: EXTRACT
growth_csv: GROWTH
"""
BASELINE: list[list[Any]] = [
    ["Team", "Band", "Posts", "FTE", "Point", "note"],
    ["Core", "X", 2, None, None, "two analysts"],
    ["Core", "Y", 1, 0.8, 1, None],
]
GROWTH: list[list[Any]] = [
    ["team", "band", "posts", "year", "start"],
    ["New", "X", 1, "2025/26", datetime.date(2025, 9, 1)],  # a date cell: its month
]


def invoke(*args: str) -> tuple[int, str, str]:
    """Run the CLI in-process; exit code, stdout and stderr."""
    result = CliRunner().invoke(app, list(args), env={"GITHUB_ACTIONS": ""})
    return result.exit_code, result.stdout, result.stderr


def workbook(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    """Write a workbook with these sheets (in order) and rows."""
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def csv_text(rows: list[list[Any]]) -> str:
    def text(cell: Any) -> str:
        if isinstance(cell, datetime.date):
            return f"{cell.year}-{cell.month:02d}"
        return "" if cell is None else str(cell)

    return "".join(",".join(text(cell) for cell in row) + "\n" for row in rows)


def plan_with(tmp_path: Path, baseline: str, growth: str, extra: str = "") -> Path:
    (tmp_path / "rates.yaml").write_text(RATES, encoding="utf-8")
    path = tmp_path / "plan.yaml"
    path.write_text(
        PLAN.replace("EXTRACT", baseline).replace("GROWTH", growth) + extra, encoding="utf-8"
    )
    return path


def test_an_xlsx_extract_reads_as_the_same_csv(tmp_path: Path) -> None:
    """The same rows as XLSX (numbers, a blank FTE, a date as a start month) and as CSV give
    the same scenario lines and the same costs."""
    workbook(tmp_path / "staff.xlsx", {"Posts": BASELINE})
    workbook(tmp_path / "growth.xlsx", {"Growth": GROWTH})
    (tmp_path / "staff.csv").write_text(csv_text(BASELINE), encoding="utf-8")
    (tmp_path / "growth.csv").write_text(csv_text(GROWTH), encoding="utf-8")
    from_xlsx = load_scenario(plan_with(tmp_path, "staff.xlsx", "growth.xlsx"))
    from_csv = load_scenario(plan_with(tmp_path / ".." / tmp_path.name, "staff.csv", "growth.csv"))
    assert from_xlsx.scenario.baseline == from_csv.scenario.baseline
    assert from_xlsx.scenario.growth == from_csv.scenario.growth
    assert from_xlsx.scenario.growth[0].start == 2025 * 12 + 8  # September 2025
    assert from_xlsx.scenario.baseline[1].fte == Decimal("0.8")


def test_a_named_sheet_and_a_problem_at_its_cell(tmp_path: Path) -> None:
    """`baseline_sheet` picks the sheet; a bad cell is reported as FILE:SHEET!CELL."""
    rows = [*BASELINE[:1], *[["Core", "X", 1, 1, None, None]] * 10, ["Core", "X", "two", 1]]
    workbook(tmp_path / "staff.xlsx", {"Cover": [["not the extract"]], "Posts": rows})
    workbook(tmp_path / "growth.xlsx", {"Growth": GROWTH})
    plan = plan_with(tmp_path, "staff.xlsx", "growth.xlsx", "baseline_sheet: Posts\n")
    code, stdout, stderr = invoke("cost", str(plan))
    assert (code, stdout) == (2, "")
    # Row 12 of sheet Posts, column C (posts).
    (line,) = stderr.splitlines()
    assert line == (
        f"{tmp_path / 'staff.xlsx'}:Posts!C12: posts: Input should be a valid integer (found 'two')"
    )


def test_an_unknown_sheet_and_an_unknown_column(tmp_path: Path) -> None:
    """A sheet the workbook lacks is named with the sheets it has; a bad header at its cell."""
    workbook(tmp_path / "staff.xlsx", {"Posts": [["team", "band", "posts", "grade"]]})
    workbook(tmp_path / "growth.xlsx", {"Growth": GROWTH})
    code, _, stderr = invoke(
        "cost", str(plan_with(tmp_path, "staff.xlsx", "growth.xlsx", "growth_sheet: Nope\n"))
    )
    assert code == 2
    lines = stderr.splitlines()
    assert f"{tmp_path / 'growth.xlsx'}:1:1: no worksheet 'Nope' (sheets: 'Growth')" in lines
    assert any(
        line.startswith(f"{tmp_path / 'staff.xlsx'}:Posts!D1: unknown column 'grade'")
        for line in lines
    )


def test_a_file_that_is_not_a_workbook(tmp_path: Path) -> None:
    """Bad input, located, never a traceback."""
    (tmp_path / "staff.xlsx").write_text("team,band,posts\n", encoding="utf-8")
    workbook(tmp_path / "growth.xlsx", {"Growth": GROWTH})
    code, stdout, stderr = invoke("cost", str(plan_with(tmp_path, "staff.xlsx", "growth.xlsx")))
    assert (code, stdout) == (2, "")
    assert "cannot read the file as an XLSX workbook" in stderr
    assert "Traceback" not in stderr


def test_json_of_an_xlsx_plan(tmp_path: Path) -> None:
    """End to end: costed like any other plan."""
    workbook(tmp_path / "staff.xlsx", {"Posts": BASELINE})
    workbook(tmp_path / "growth.xlsx", {"Growth": GROWTH})
    code, stdout, stderr = invoke(
        "cost", str(plan_with(tmp_path, "staff.xlsx", "growth.xlsx")), "--format", "json"
    )
    assert (code, stderr) == (0, "")
    # 2024/25 in-year: X 2 posts x 12,000 = 24,000; Y 1 post at point 1 (12,000) x 0.8 FTE
    # = 9,600; the growth post fills in 2025/26. Total 33,600.
    first = json.loads(stdout)["years"][0]
    assert (first["posts"], first["in_year_cost"]) == (3, "33600.00")
