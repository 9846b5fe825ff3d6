"""`pi-growth rates` renders the grid's reckoner table in every format it offers."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from pi_growth.render import RATES_RENDERERS, RatesFormat, rates_renderer
from pi_growth.render.grid import RECKONER_COLUMNS
from tests.exports_support import EXPORTS, csv_rows, invoke

ROW_KEYS = [column.key for column in RECKONER_COLUMNS]


def _rates(*args: str) -> str:
    code, stdout, stderr = invoke("rates", *args)
    assert (code, stderr) == (0, ""), stderr
    return stdout


@pytest.fixture
def in_exports(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from tests/data/exports: its test plan and rate table, under short names."""
    monkeypatch.chdir(EXPORTS)


def test_every_format_has_a_renderer() -> None:
    """The format enum is the dispatch table: each format names a function that imports."""
    assert set(RATES_RENDERERS) == set(RatesFormat)
    for fmt in RatesFormat:
        assert callable(rates_renderer(fmt)), fmt


@pytest.mark.usefixtures("in_exports")
def test_csv_is_the_cost_exports_reckoner_table() -> None:
    """One grid: for a scenario, `rates -f csv` is `cost -f csv --table reckoner`, byte for
    byte, with the grid's snake_case header."""
    stdout = _rates("scenario.yaml", "--format", "csv")
    code, cost_csv, _ = invoke("cost", "scenario.yaml", "--format", "csv", "--table", "reckoner")
    assert code == 0
    assert stdout == cost_csv
    assert stdout.splitlines()[0].split(",") == ["\ufeff" + ROW_KEYS[0], *ROW_KEYS[1:]]


@pytest.mark.usefixtures("in_exports")
def test_markdown_is_the_cost_exports_reckoner_table() -> None:
    """For a scenario, the pipe table of `rates -f markdown` is that of `cost -f markdown
    --table reckoner`; the heading names the rate table, its name escaped."""
    stdout = _rates("scenario.yaml", "--format", "markdown")
    code, cost_markdown, _ = invoke(
        "cost", "scenario.yaml", "--format", "markdown", "--table", "reckoner"
    )
    assert code == 0

    def pipe_table(text: str) -> list[str]:
        return [line for line in text.splitlines() if line.startswith("|")]

    assert pipe_table(stdout) == pipe_table(cost_markdown)
    assert len(pipe_table(stdout)) == 2 + 2 * 5  # header, rule, 5 band points × 2 years
    assert stdout.startswith("## Ready reckoner: Export test rates\n\nRate table `rates.yaml`.")
    assert "\nSource: Invented figures for tests\n" in stdout


@pytest.mark.usefixtures("in_exports")
def test_table_and_markdown_take_the_grids_titles_and_leave_out_empty_components(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Column titles are the grid's ("Loaded cost"); a component no band has is left out of
    people's formats and kept, as zeros, in the machines'."""
    # The test table has an annual_cost band (a loaded cost, and `other`) and no band with
    # points on a loaded cost: every component is used somewhere.
    monkeypatch.setenv("COLUMNS", "120")  # wide enough for every full heading
    table = _rates("rates.yaml")
    header = next(line for line in table.splitlines() if line.lstrip().startswith("Band"))
    assert header.split() == [
        "Band", "Point", "Year", "Salary", "Allowances", "Employer", "NI", "Pension", "Levy",
        "Other", "Loaded", "cost", "Total",
    ]  # fmt: skip
    # The bundled table has neither `other` nor a loaded cost: both columns go.
    bundled = Path(__file__).resolve().parent.parent / "rates" / "mps-police-staff.yaml"
    for fmt in ("table", "markdown"):
        shown = _rates(str(bundled), "--format", fmt)
        assert "Loaded cost" not in shown
        assert "Other" not in shown
        assert "Salary" in shown
    machine = csv_rows(_rates(str(bundled), "--format", "csv"))
    assert list(machine[0]) == ROW_KEYS
    assert {(row["other"], row["loaded_cost"]) for row in machine} == {("0.00", "0.00")}


@pytest.mark.usefixtures("in_exports")
def test_json_keeps_its_document_and_matches_the_csv() -> None:
    """The JSON document keeps its shape (rates, basis, years, rows keyed by the grid's
    columns, money as strings with two decimals) and carries the CSV's figures."""
    document = json.loads(_rates("scenario.yaml", "--format", "json"))
    assert list(document) == ["rates", "basis", "years", "rows"]
    assert list(document["rates"]) == ["name", "file", "price_base", "source"]
    assert document["rates"]["file"] == "rates.yaml"
    assert document["years"] == ["2024/25", "2025/26"]
    assert document["basis"].startswith("The annual cost of one FTE held all year")
    assert "pay awards: 2024/25 0%, 2025/26 4%, each from 1 October." in document["basis"]
    rows = csv_rows(_rates("scenario.yaml", "--format", "csv"))
    assert [list(row) for row in document["rows"]] == [ROW_KEYS] * len(rows)
    for row, line in zip(document["rows"], rows, strict=True):
        assert row["point"] == (int(line["point"]) if line["point"] else None)
        for key in ROW_KEYS[3:]:
            assert row[key] == line[key]
            assert Decimal(row[key]).as_tuple().exponent == -2
    # Band S (salary 36,000 at the 2024/25 price base; 4% from October 2025): 2024/25 is
    # 36,000; 2025/26 is 6 × 3,000 + 6 × 3,120 = 36,720.
    first, second = document["rows"][:2]
    assert (first["band"], first["year"], first["salary"]) == ("S", "2024/25", "36000.00")
    assert (second["band"], second["year"], second["salary"]) == ("S", "2025/26", "36720.00")


def test_mentions_in_the_rate_table_are_inert_in_markdown(tmp_path: Path) -> None:
    """The rate table's name and source are user text: escaped, and no @mention left."""
    rates = (EXPORTS / "rates.yaml").read_text(encoding="utf-8")
    target = tmp_path / "rates.yaml"
    target.write_text(
        rates.replace("Export test rates", "'@octocat *rates*'").replace(
            "Invented figures for tests", "'@octocat <b>'"
        ),
        encoding="utf-8",
    )
    stdout = _rates(str(target), "--format", "markdown")
    assert "## Ready reckoner: @\u200doctocat \\*rates\\*\n" in stdout
    assert "Source: @\u200doctocat &lt;b&gt;\n" in stdout
