"""CSV exports: golden files, read back against the JSON figures, and formula injection."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pi_growth.cli import app
from pi_growth.render import CostTable, RenderOptions
from pi_growth.render.csv_format import neutralise, render_cost
from pi_growth.render.grid import TABLE_BUILDERS
from tests.exports_support import check_golden, csv_rows, export_report, invoke


def _rows(text: str) -> list[dict[str, str]]:
    return csv_rows(text)


@pytest.mark.parametrize("table", list(CostTable))
def test_each_table_matches_its_golden_file(monkeypatch: pytest.MonkeyPatch, table: str) -> None:
    """Each table of the fixed test scenario, through the CLI, is exactly its golden file."""
    code, stdout, stderr = _cost_in_exports(monkeypatch, "--table", table)
    assert (code, stderr) == (0, "")
    check_golden(f"exports-{table}.csv", stdout)


def _cost_in_exports(monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, str, str]:
    export_report(monkeypatch, monthly=False)  # changes into tests/data/exports
    return invoke("cost", "scenario.yaml", "--format", "csv", *args)


def test_default_table_is_the_summary(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without --table, CSV is the yearly summary."""
    _, default, _ = _cost_in_exports(monkeypatch)
    _, summary, _ = _cost_in_exports(monkeypatch, "--table", "summary")
    assert default == summary
    assert default.splitlines()[0].startswith("\ufeffyear,posts,posts_added,")


def test_every_grid_table_is_a_table_choice() -> None:
    """--table offers exactly the grid's tables, so none is unreachable or missing."""
    assert [table.value for table in CostTable] == list(TABLE_BUILDERS)


def test_summary_and_budgets_agree_with_the_json_figures(monkeypatch: pytest.MonkeyPatch) -> None:
    """Read back with the csv module, every shared figure equals the JSON one, as text."""
    _, document_text, _ = invoke_json(monkeypatch)
    document = json.loads(document_text)
    _, summary, _ = _cost_in_exports(monkeypatch, "--table", "summary")
    _, budgets, _ = _cost_in_exports(monkeypatch, "--table", "budgets")
    for row, year in zip(_rows(summary), document["years"], strict=True):
        for key in ("year", "in_year_cost", "full_year_effect", "growth_in_year_cost"):
            assert row[key] == str(year[key])
        assert row["growth_full_year_effect"] == year["growth_full_year_effect"]
        assert (int(row["posts"]), int(row["posts_added"])) == (year["posts"], year["posts_added"])
        assert Decimal(row["fte"]) == Decimal(year["fte"])
    for row, budget in zip(_rows(budgets), document["budgets"], strict=True):
        for key in ("name", "measure", "scope", "amount", "cost", "variance", "status"):
            assert row[key] == budget[key]
        assert [row["first_year"], row["last_year"]] == [budget["years"][0], budget["years"][-1]]


def invoke_json(monkeypatch: pytest.MonkeyPatch) -> tuple[int, str, str]:
    export_report(monkeypatch, monthly=False)
    return invoke("cost", "scenario.yaml", "--format", "json")


def test_breakdowns_and_monthly_detail_add_up_to_the_json_years(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each year's band rows, team rows and monthly rows sum (exactly, before rounding) to the
    year's JSON figures to within half a penny per row, and posts add up exactly."""
    document = json.loads(invoke_json(monkeypatch)[1])
    for table, key in (("bands", "in_year_cost"), ("teams", "in_year_cost"), ("monthly", "total")):
        rows = _rows(_cost_in_exports(monkeypatch, "--table", table)[1])
        for year in document["years"]:
            mine = [row for row in rows if row["year"] == year["year"]]
            total = sum(Decimal(row[key]) for row in mine)
            assert abs(total - Decimal(year["in_year_cost"])) <= Decimal("0.005") * len(mine)
            if table != "monthly":
                assert sum(int(row["posts"]) for row in mine) == year["posts"]


def test_monthly_is_tidy(monkeypatch: pytest.MonkeyPatch) -> None:
    """One row per month, team and band; components sum to the total; two decimals."""
    rows = _rows(_cost_in_exports(monkeypatch, "--table", "monthly")[1])
    keys = [(row["month"], row["team"], row["band"]) for row in rows]
    assert len(keys) == len(set(keys))
    # The Insight S post is established in 2024/25 but fills in June 2025.
    assert ("2025-05", "Insight", "S") not in keys
    assert ("2025-06", "Insight", "S") in keys
    components = ("salary", "allowances", "employer_ni", "pension", "apprenticeship_levy")
    for row in rows:
        parts = [Decimal(row[name]) for name in (*components, "other", "loaded_cost")]
        # Each part and the total are rounded on their own: half a penny each at most.
        assert abs(sum(parts) - Decimal(row["total"])) <= Decimal("0.04")
        assert all(len(row[name].split(".")[1]) == 2 for name in components)


def test_posts_filled_in_march_counts_only_filled_posts(monkeypatch: pytest.MonkeyPatch) -> None:
    """Worked by hand from tests/data/exports/scenario.yaml:
    2024/25: establishment 3 baseline + 2 Analysis P + 1 Insight S = 6; the Insight S post
    fills in June 2025, so 5 are filled in March 2025.
    2025/26: 6 + the half-time Insight R = 7 (the Insight P post ends in February 2026, so it
    is neither established nor filled at the year end); all 7 are filled in March 2026."""
    rows = _rows(_cost_in_exports(monkeypatch)[1])
    assert [(row["posts"], row["posts_filled"]) for row in rows] == [("6", "5"), ("7", "7")]


def test_money_is_plain_with_two_decimals_and_a_trailing_newline(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """No £, no thousands separators, exactly two decimals, and a newline at the end."""
    text = _cost_in_exports(monkeypatch, "--table", "budgets")[1]
    assert text.endswith("\n")
    assert "£" not in text
    for row in _rows(text):
        for key in ("amount", "cost", "variance"):
            assert "," not in row[key]
            assert len(row[key].split(".")[1]) == 2


def test_hostile_text_is_neutralised_and_numbers_stay_numbers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Team and budget names that a spreadsheet would run are prefixed with an apostrophe; the
    negative variance of an overspent budget stays a plain negative number."""
    report = export_report(monkeypatch, "hostile.yaml")
    teams = _rows(render_cost(report, RenderOptions(table="teams")))
    assert [row["team"] for row in teams] == [
        '\'=HYPERLINK("http://x","y")',
        "'+1",
        "'-2",
        "'@SUM(A1)",
        "Tabbed",  # the loader strips surrounding whitespace, tab included
        "Pipe | and *stars*",
    ]
    (budget,) = _rows(render_cost(report, RenderOptions(table="budgets")))
    assert (budget["name"], budget["note"]) == ("'=1+2", "'-over")
    assert budget["variance"].startswith("-")
    assert Decimal(budget["variance"]) < 0
    assumptions = _rows(render_cost(report, RenderOptions(table="assumptions")))
    assert assumptions[0]["value"] == '\'=HYPERLINK("http://x","y")'


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("=1+2", "'=1+2"),
        ("+1", "'+1"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tTabbed", "'\tTabbed"),
        ("\rreturn", "'\rreturn"),
        ("\nnewline", "'\nnewline"),
        ("Plain", "Plain"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_neutralise(text: str, expected: str) -> None:
    """Only text starting with a formula trigger is changed, and only by a leading apostrophe."""
    assert neutralise(text) == expected


def test_repeated_exports_are_byte_identical(monkeypatch: pytest.MonkeyPatch) -> None:
    """Two runs give the same bytes."""
    first = _cost_in_exports(monkeypatch, "--table", "monthly")[1]
    assert first == _cost_in_exports(monkeypatch, "--table", "monthly")[1]


def test_csv_starts_with_a_byte_order_mark_so_excel_reads_utf8(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Excel opens a double-clicked CSV as UTF-8 only after a byte-order mark (EF BB BF):
    without it `£` shows as `Â£` (issue 11). Written with -o, the file's first three bytes
    are the mark, and the rest is plain UTF-8 that `utf-8-sig` reads to the header."""
    target = tmp_path / "summary.csv"
    code, _, _ = _cost_in_exports(monkeypatch, "-o", str(target))
    assert code == 0
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfyear,")
    assert raw.count(b"\xef\xbb\xbf") == 1
    assert target.read_text(encoding="utf-8-sig").startswith("year,posts,")


def test_the_json_years_carry_every_field_of_the_csv_summary() -> None:
    """One summary, every machine format: each CSV column is a key of each JSON year, with
    the same value (posts_filled was once CSV's alone)."""
    runner = CliRunner()
    document = json.loads(runner.invoke(app, ["cost", "--format", "json"]).stdout)
    text = runner.invoke(app, ["cost", "--format", "csv"]).stdout.lstrip("\ufeff")
    for row, year in zip(csv.DictReader(io.StringIO(text)), document["years"], strict=True):
        for key, value in row.items():
            assert key in year, key
            assert str(year[key]) == value, key
