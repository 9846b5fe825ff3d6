"""NI relieved in every report (SPEC §11), the categories among the assumptions, and `diff`."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import openpyxl
from typer.testing import CliRunner

from pi_growth.cli import app

# S: 12,000 a year (1,000 a month). NI 10% above 1,200 a year (100 a month); UST 48,000.
# A standard S post pays 0.1 x (1,000 - 100) = 90 NI a month; a relieved one none.
RATES = """
    name: relief rates
    price_base: 2024/25
    bands:
      S: {salary: 12000}
    on_costs:
      pension_rate: 0
      employer_ni:
        2024/25: {rate: 0.1, threshold: 1200, upper_secondary_threshold: 48000}
"""

# Two apprentices relieved April-September 2024: 2 x 6 x 90 = 1,080 relieved in 2024/25.
SCENARIO = """
    name: reliefs
    rates: rates.yaml
    first_year: 2024/25
    years: 2
    baseline:
      - {team: Ops, band: S, posts: 1}
      - team: Apprentices
        band: S
        posts: 2
        ni_category: apprentice_under_25
        ni_relief_until: 2024-09
"""

RELIEF = """
        ni_category: apprentice_under_25
        ni_relief_until: 2024-09"""

WriteFile = Callable[[str, str], Path]


def _write(write_file: WriteFile, scenario: str = SCENARIO, name: str = "scenario.yaml") -> Path:
    write_file("rates.yaml", RATES)
    return write_file(name, scenario)


def _run(*args: str) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code in (0, 1), result.stderr
    return result.stdout.removeprefix("\ufeff")  # the CSV's byte-order mark, for Excel


def test_json_reports_ni_relieved_and_the_categories(write_file: WriteFile) -> None:
    document = json.loads(_run("cost", str(_write(write_file)), "--format", "json"))
    first, second = document["years"]
    assert first["ni_relieved"] == "1080.00"  # 2 posts x 6 months x 90
    assert second["ni_relieved"] == "0.00"  # the relief ended in September 2024
    assert document["assumptions"]["ni_reliefs"] == [
        {
            "team": "Apprentices",
            "band": "S",
            "posts": 2,
            "year_added": None,
            "ni_category": "apprentice_under_25",
            "relieved_until": "2024-09",
        }
    ]


def test_csv_summary_has_the_column_and_assumptions_the_category(write_file: WriteFile) -> None:
    path = str(_write(write_file))
    rows = list(csv.DictReader(io.StringIO(_run("cost", path, "--format", "csv"))))
    assert [row["ni_relieved"] for row in rows] == ["1080.00", "0.00"]
    table = _run("cost", path, "--format", "csv", "--table", "assumptions")
    (relief,) = [row for row in csv.DictReader(io.StringIO(table)) if row["item"] == "ni_relief"]
    assert "Apprentices, band S, 2 posts in the baseline" in relief["description"]
    assert relief["value"] == "apprentice under 25 (category H), relieved to 2024-09"


def test_markdown_and_terminal_show_it(write_file: WriteFile) -> None:
    path = str(_write(write_file))
    markdown = _run("cost", path, "--format", "markdown")
    assert "| NI relieved |" in markdown
    assert "£1,080" in markdown
    assert "apprentice under 25 (category H), relieved to 2024-09" in markdown
    terminal = " ".join(_run("cost", path).split())  # as read, whatever the wrapping
    assert "NI relieved (under-21s and apprentices): 2024/25 £1,080 · 2025/26 £0" in terminal
    assert "apprentice under 25 (category H), relieved to 2024-09" in terminal


def test_standard_plans_do_not_show_a_column_of_zeros(write_file: WriteFile) -> None:
    plain = SCENARIO.replace(RELIEF, "")
    path = str(_write(write_file, plain))
    assert "NI relieved" not in _run("cost", path, "--format", "markdown")
    assert "NI relieved" not in _run("cost", path)


def test_xlsx_summary_has_the_figure(write_file: WriteFile, tmp_path: Path) -> None:
    out = tmp_path / "report.xlsx"
    _run("cost", str(_write(write_file)), "--format", "xlsx", "-o", str(out))
    sheet = openpyxl.load_workbook(out)["Summary"]
    header = [cell.value for cell in sheet[1]]
    column = header.index("NI relieved")
    assert [row[column].value for row in sheet.iter_rows(min_row=2, max_row=3)] == [1080, 0]


def test_diff_shows_a_category_change_and_its_effect(write_file: WriteFile) -> None:
    base = _write(
        write_file,
        SCENARIO.replace(RELIEF, ""),
        "base.yaml",
    )
    head = _write(write_file)
    document = json.loads(_run("diff", str(base), str(head), "--format", "json"))
    (line,) = document["inputs"]["lines"]
    assert [change["field"] for change in line["fields"]] == ["ni_category", "ni_relief_until"]
    (first, _) = document["years"]
    # the relief is the only driver: -1,080 of in-year cost in 2024/25
    assert first["in_year_cost"]["change"] == "-1080.00"
    bridge = json.dumps(document)
    assert '"ni_relief"' in bridge
    terminal = _run("diff", str(base), str(head))
    assert "NI reliefs (categories)" in terminal
