"""Markdown exports: golden files, units, escaping of user text, the rounding note."""

from __future__ import annotations

from pathlib import Path

import pytest

from pi_growth.render import RenderOptions
from pi_growth.render.markdown import render_cost
from pi_growth.render.markdown_text import code, text
from tests.exports_support import EXPORTS, check_golden, export_report, invoke


def _markdown(monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, str, str]:
    export_report(monkeypatch, monthly=False)  # changes into tests/data/exports
    return invoke("cost", "scenario.yaml", "--format", "markdown", *args)


@pytest.mark.parametrize("units", ["pounds", "thousands", "millions"])
def test_report_matches_its_golden_file(monkeypatch: pytest.MonkeyPatch, units: str) -> None:
    """The whole report of the fixed test scenario, in each unit, is exactly its golden file."""
    code, stdout, stderr = _markdown(monkeypatch, "--units", units)
    assert (code, stderr) == (0, "")
    check_golden(f"exports-report-{units}.md", stdout)


def test_one_table_matches_its_golden_file(monkeypatch: pytest.MonkeyPatch) -> None:
    """--table budgets gives that table alone, with its heading and the rounding note."""
    code, stdout, _ = _markdown(monkeypatch, "--table", "budgets")
    assert code == 0
    check_golden("exports-budgets.md", stdout)


def test_report_reads_as_a_paper(monkeypatch: pytest.MonkeyPatch) -> None:
    """A headline with the posts and each envelope's verdict, the tables, and the note."""
    text = _markdown(monkeypatch)[1]
    assert text.startswith("# Export test plan\n\n**3 → 7 posts**")
    assert "Year 1 growth: £120,318 against £150,000, within, headroom £29,682" in text
    assert (
        "Year 2 growth: £38,206 against £10,000, **OVER** by £28,206 at 2024/25 prices "
        "(at outturn £39,724, over by £29,724)"
    ) in text
    for heading in ("By financial year", "Budget envelopes", "By band", "By team"):
        assert f"\n## {heading}\n" in text
    assert "may differ from the sum of the rounded figures" in text
    assert text.endswith("_\n")


def test_units(monkeypatch: pytest.MonkeyPatch) -> None:
    """The same figure (FYE 2024/25 = 247,323.31) in pounds, thousands and millions."""
    assert "£247,323 |" in _markdown(monkeypatch, "--units", "pounds")[1]
    assert "£247.3k |" in _markdown(monkeypatch, "--units", "thousands")[1]
    assert "£0.25m |" in _markdown(monkeypatch, "--units", "millions")[1]


def test_tables_have_a_rule_and_align_numbers_right(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every pipe table has a header rule; money columns are right-aligned (`---:`)."""
    text = _markdown(monkeypatch, "--table", "summary")[1]
    header, rule = text.splitlines()[2:4]
    assert header.startswith("| Year")
    assert rule.startswith("| ---")
    assert rule.count("|") == header.count("|")
    assert rule.split("|")[6].strip().endswith(":")


def test_hostile_text_is_literal(monkeypatch: pytest.MonkeyPatch) -> None:
    """A pipe in a team name does not split the cell; markup characters are escaped."""
    report = export_report(monkeypatch, "hostile.yaml", monthly=False)
    text = render_cost(report, RenderOptions(table="teams"))
    row = next(line for line in text.splitlines() if "Pipe" in line)
    assert "Pipe \\| and \\*stars\\*" in row
    assert row.count(" | ") == text.splitlines()[2].count(" | ")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("a|b", "a\\|b"),
        ("*bold* _it_", "\\*bold\\* \\_it\\_"),
        ("<script>", "&lt;script&gt;"),
        ("line\nbreak", "line break"),
        ("[link](x)", "\\[link\\](x)"),
        ("plain", "plain"),
        ("@octocat and @org/team", "@\u200doctocat and @\u200dorg/team"),
        ("&amp; ~~gone~~ $x$ # h", "&amp;amp; \\~\\~gone\\~\\~ \\$x\\$ \\# h"),
        ("back\\slash `code`", "back\\\\slash \\`code\\`"),
        # An `&` stays itself unless it would start an entity (issue 11: `P&amp;I` was shown).
        ("P&I growth & more", "P&I growth & more"),
        ("&#38; &#x26; &lt;", "&amp;\\#38; &amp;\\#x26; &amp;lt;"),
    ],
)
def test_escape(value: str, expected: str) -> None:
    """User text cannot become markup, notify anyone or break a table row."""
    assert text(value) == expected


def test_code_span_text_cannot_end_the_span_or_the_line() -> None:
    """A path in a code span: a backtick would end the span, a line break the paragraph."""
    assert code("a`b\n\nc") == "a'b  c"


def test_no_mention_anywhere_in_the_cost_report(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """@names in the scenario name (the heading), teams, bands, envelopes and their status
    reach the report with a zero-width joiner after the @: GitHub notifies no one."""
    scenario = (EXPORTS / "scenario.yaml").read_text(encoding="utf-8")
    rates = (EXPORTS / "rates.yaml").read_text(encoding="utf-8")
    (tmp_path / "scenario.yaml").write_text(
        scenario.replace("Export test plan", "'@octocat plan'")
        .replace("Year 1 growth", "'@octocat envelope'")
        .replace("agreed", "'@octocat status'")
        .replace("Analysis", "'@octocat team'")
        .replace("band: P", "band: '@P'"),
        encoding="utf-8",
    )
    (tmp_path / "rates.yaml").write_text(rates.replace("  P:", "  '@P':"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    exit_code, stdout, stderr = invoke("cost", "scenario.yaml", "--format", "markdown")
    assert (exit_code, stderr) == (0, "")
    for mentioned in ("@octocat plan", "@octocat envelope", "@octocat status", "@octocat team"):
        assert mentioned.replace("@", "@\u200d") in stdout, mentioned
    assert "| @\u200dP " in stdout
    assert stdout.startswith("# @\u200doctocat plan\n")
    assert "@" not in stdout.replace("@\u200d", "")


def test_each_years_total_row_follows_that_years_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    """By band and by team: a year's Total row comes straight after that year's rows, not
    with the other years' totals at the bottom (issue 11)."""
    for name in ("bands", "teams"):
        body = [
            [cell.strip() for cell in line.strip("|").split("|")]
            for line in _markdown(monkeypatch, "--table", name)[1].splitlines()
            if line.startswith("| 20")
        ]
        years = [row[0] for row in body]
        totals = [index for index, row in enumerate(body) if row[1] == "**Total**"]
        assert [years[index] for index in totals] == ["2024/25", "2025/26"]
        # Every row before a year's Total (and after the previous one) is of that year.
        start = 0
        for index in totals:
            assert set(years[start : index + 1]) == {years[index]}
            start = index + 1
        assert start == len(body)


def test_an_ampersand_in_the_plan_name_reads_as_itself() -> None:
    """The bundled plan's heading is `# P&I growth ...`, not `# P&amp;I growth` (issue 11)."""
    code, stdout, _ = invoke("cost", "--format", "markdown")
    assert code == 0
    assert stdout.startswith("# P&I growth (MOPAC IAM, 8 January 2024)\n")
