"""NI relief fields in YAML and CSV extracts: read, and every problem at FILE:LINE:COLUMN."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from typer.testing import CliRunner

from pi_growth.cli import app
from tests.test_loader import at

# S: 12,000 a year (1,000 a month); NI 10% above 1,200 a year (100 a month), UST 48,000 a
# year (4,000 a month) in 2024/25 only.
RATES = """
    name: relief rates
    price_base: 2024/25
    bands:
      S: {salary: 12000}
      R: {annual_cost: 24000}
    on_costs:
      pension_rate: 0
      employer_ni:
        2024/25: {rate: 0.1, threshold: 1200, upper_secondary_threshold: 48000}
        2025/26: {rate: 0.1, threshold: 1200}
"""

WriteFile = Callable[[str, str], Path]


def run(path: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["cost", str(path), *args])
    return result.exit_code, result.stdout, result.stderr


def test_every_relief_problem_is_located(write_file: WriteFile) -> None:
    scenario = """
        name: reliefs
        rates: rates.yaml
        first_year: 2024/25
        years: 2
        baseline:
          - {team: A, band: S, posts: 1, ni_category: under_21}
          - {team: B, band: R, posts: 1, ni_category: apprentice_under_25, ni_relief_until: 2025-03}
          - {team: C, band: S, posts: 1, ni_relief_until: 2025-03}
          - {team: D, band: S, posts: 1, ni_category: under_21, ni_relief_until: 2025-05}
          - {team: E, band: S, posts: 1, ni_category: over_65}
    """
    write_file("rates.yaml", RATES)
    path = write_file("scenario.yaml", scenario)
    code, stdout, stderr = run(path)
    assert (code, stdout) == (2, "")
    assert "Traceback" not in stderr
    lines = stderr.splitlines()
    expected_at = [
        (f"{path}:{at(scenario, 'ni_category: over_65', 13)}:", "over_65"),
        (f"{path}:{at(scenario, 'ni_category: under_21}', 13)}:", "needs ni_relief_until"),
        (f"{path}:{at(scenario, 'ni_category: apprentice', 13)}:", "annual_cost"),
        (f"{path}:{at(scenario, 'C, band: S, posts: 1, ni_relief_until', 39)}:", "only a relieved"),
    ]
    for prefix, words in expected_at:
        assert any(line.startswith(prefix) and words in line for line in lines), (prefix, lines)
    rates_file = path.parent / "rates.yaml"
    assert any(
        line.startswith(f"{rates_file}:{at(RATES, '{rate: 0.1, threshold: 1200}')}:")
        and "upper_secondary_threshold" in line
        and "2025/26" in line
        for line in lines
    ), lines


def test_relief_columns_in_an_extract(write_file: WriteFile) -> None:
    write_file("rates.yaml", RATES)
    write_file(
        "establishment.csv",
        "team,band,posts,ni_category,ni_relief_until\n"
        "Apprentices,S,2,apprentice_under_25,2025-03\n"
        "Staff,S,1,,\n",
    )
    path = write_file(
        "scenario.yaml",
        """
        name: extract
        rates: rates.yaml
        first_year: 2024/25
        years: 1
        baseline_csv: establishment.csv
        """,
    )
    code, stdout, stderr = run(path, "--format", "json")
    assert code == 0, stderr
    (year,) = json.loads(stdout)["years"]
    # 2 relieved posts: no NI; 1 standard: 0.1 x (1,000 - 100) x 12 = 1,080
    assert year["in_year_components"]["employer_ni"] == "1080.00"
    # relieved: 2 x 90 x 12 = 2,160
    assert year["ni_relieved"] == "2160.00"


def test_a_bad_category_in_an_extract_is_located_at_its_cell(write_file: WriteFile) -> None:
    write_file("rates.yaml", RATES)
    text = "team,band,posts,ni_category\nStaff,S,1,apprentice\n"
    extract = write_file("establishment.csv", text)
    path = write_file(
        "scenario.yaml",
        """
        name: extract
        rates: rates.yaml
        first_year: 2024/25
        years: 1
        baseline_csv: establishment.csv
        """,
    )
    code, _, stderr = run(path)
    assert code == 2
    assert stderr.startswith(f"{extract}:2:11:"), stderr
    assert "apprentice_under_25" in stderr
