"""Terminal tables that fit: COLUMNS honoured whether or not stdout is a terminal, every
table readable at 80 columns, money never cut (issue 11 item 1)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pi_growth.cli import app
from pi_growth.commands.common import terminal_width
from pi_growth.render.fit import FitColumn, Layout, fit_tables, needed_width

ROOT = Path(__file__).resolve().parents[1]
DIFF = ROOT / "tests" / "data" / "diff"
MONEY = re.compile(r"-?£[\d,]+(?:\.\d+)?[km]?")


def invoke(width: int | None, *args: str) -> str:
    """The command's stdout at COLUMNS=width (no COLUMNS when None); it must succeed."""
    env = {"NO_COLOR": "1"} | ({"COLUMNS": str(width)} if width else {})
    result = CliRunner().invoke(app, list(args), env=env)
    assert result.exit_code == 0, result.stderr
    return result.stdout


COMMANDS = [
    ("cost",),
    ("cost", "--units", "thousands"),
    ("rates",),
    ("rates", str(ROOT / "tests" / "data" / "exports" / "scenario.yaml")),
    ("diff", str(DIFF / "base.yaml"), str(DIFF / "several.yaml")),
    ("cost", str(ROOT / "tests" / "data" / "exports" / "hostile.yaml")),
    ("simulate", "--runs", "50"),
    ("solve",),
    ("sensitivity",),
]


@pytest.mark.parametrize("width", [80, 60])
@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_every_line_fits_and_no_figure_is_cut(width: int, args: tuple[str, ...]) -> None:
    """No line is wider than COLUMNS (output piped, not a terminal) and nothing is cut with
    an ellipsis; every money figure of the 100-column report is still there, whole."""
    narrow = invoke(width, *args)
    assert max(len(line) for line in narrow.splitlines()) <= width
    assert "…" not in narrow
    wide = invoke(200, *args)
    assert set(MONEY.findall(narrow)) == set(MONEY.findall(wide))


def test_columns_is_honoured_and_100_is_the_default_when_piped(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """COLUMNS decides when set (a CI log, a pipe); 100 without it; never under 40."""
    monkeypatch.delenv("COLUMNS", raising=False)
    assert terminal_width() == 100
    for value, width in (("80", 80), ("132", 132), ("20", 40), ("wide", 100), ("", 100)):
        monkeypatch.setenv("COLUMNS", value)
        assert terminal_width() == width, value


def test_at_80_the_yearly_table_keeps_every_column() -> None:
    """The bundled plan's yearly table at 80 columns: Posts and Added are still there (issue
    11: they were dropped), Full-year effect headed FYE; all in one table."""
    text = invoke(80, "cost")
    header, _, first, *_ = _table_after(text, "By financial year")
    words = ["Year", "Posts", "Added", "In-year", "FYE", "Growth", "in-year", "Growth", "FYE"]
    assert header.split() == words
    cells = first.split()
    assert cells[:3] == ["2024/25", "56", "+29"]
    assert len(cells) == 7
    assert all(MONEY.fullmatch(cell) for cell in cells[3:])
    assert "(continued)" not in text.split("Budget envelopes")[0]


def test_at_80_envelope_names_wrap_over_a_few_lines_not_seven() -> None:
    """Each envelope (name, years and basis with its price base, approval) takes at most six
    lines at 80 columns; its money stays on its first line."""
    text = invoke(80, "cost")
    rows = _table_after(text, "Budget envelopes")[2:]
    starts = [index for index, line in enumerate(rows) if "£" in line]
    assert len(starts) == 2
    lengths = [b - a for a, b in zip(starts, [*starts[1:], len(rows)], strict=True)]
    assert max(lengths) <= 6
    *figures, result = rows[0].split()[-4:]
    assert figures[0] == "£1,900,000"
    assert all(MONEY.fullmatch(figure) for figure in figures)
    assert result == "within"


def _table_after(text: str, title: str) -> list[str]:
    """The lines of the table under `title` (a blank line, then the table up to a blank)."""
    after = text.split(f"\n{title}\n\n", 1)[1]
    return after.split("\n\n", 1)[0].splitlines()


def test_at_80_the_reckoner_cuts_no_money() -> None:
    """`rates` at 80 columns showed `£128,6…`: now the Total column is whole."""
    text = invoke(80, "rates")
    assert "£128,642" in text
    assert "…" not in text


def test_a_table_too_wide_moves_columns_to_a_second_one() -> None:
    """The key column is repeated in each part; the second part is titled "(continued)"."""
    columns = [
        FitColumn("Year", key=True),
        *(FitColumn(f"Figure {n}", justify="right") for n in range(6)),
    ]
    rows = [("2024/25", *(f"£{n},000,000" for n in range(6)))]
    tables = fit_tables("Wide", columns, rows, 50)
    assert [table.title for table in tables][:2] == ["Wide", "Wide (continued)"]
    for table in tables:
        assert table.columns[0].header == "Year"
        chosen = [0, *(int(str(column.header)[-1]) + 1 for column in table.columns[1:])]
        assert needed_width(columns, rows, chosen, Layout(short=True, tight=True)) <= 50
    shown = [str(column.header) for table in tables for column in table.columns[1:]]
    assert shown == [f"Figure {n}" for n in range(6)]


def test_short_headings_before_splitting() -> None:
    """A table that fits with its short headings stays whole."""
    columns = [FitColumn("Year", key=True), FitColumn("Full-year effect", "FYE")]
    rows = [("2024/25", "£1")]
    (wide,) = fit_tables("T", columns, rows, 80)
    (narrow,) = fit_tables("T", columns, rows, 16)
    assert [str(column.header) for column in wide.columns] == ["Year", "Full-year effect"]
    assert [str(column.header) for column in narrow.columns] == ["Year", "FYE"]
