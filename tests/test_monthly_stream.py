"""The monthly detail made a year at a time and written as it is made: same rows, same bytes."""

from __future__ import annotations

import csv
import io
import tracemalloc
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from pi_growth.commands.common import emit
from pi_growth.cost.costs import Costs
from pi_growth.cost.engine import MonthRow, cost_scenario
from pi_growth.output import write_atomically
from pi_growth.periods import financial_year_of, month_index
from pi_growth.render import RenderOptions, Report, csv_format
from pi_growth.render.csv_format import csv_cell, render_cost, stream_cost
from pi_growth.render.grid import (
    MONTHLY_COLUMNS,
    MONTHLY_WIDTHS,
    TABLE_BUILDERS,
    Table,
    build_table,
    monthly_parts,
)
from tests.engine_cases import base, cost, grow, rates, scenario
from tests.exports_support import csv_rows, export_report, invoke

D = Decimal
# Two posts in Core all along; one in New filled from October 2025 (2025/26).
BASELINE = [base(posts=2)]
GROWTH = [grow(year="2025/26", start="2025-10")]


def test_monthly_rows_come_a_year_at_a_time() -> None:
    """Each year's rows come together, in month order; read whole they are the same rows."""
    result = cost(scenario(years=3, baseline=BASELINE, growth=GROWTH), rates(), monthly=True)
    assert result.monthly is not None
    years = list(result.monthly.by_year())
    # 2024/25: Core x 12 months; 2025/26: Core x 12 + New October-March x 6; 2026/27: 12 + 12
    assert [len(rows) for rows in years] == [12, 18, 24]
    for year, entries in zip((2024, 2025, 2026), years, strict=True):
        months = [month for month, _, _ in entries]
        assert {financial_year_of(month) for month in months} == {year}
        assert months == sorted(months)
    assert len(result.monthly) == 54
    october = month_index(2025, 10)
    assert [(month, team_band) for month, team_band, _ in years[1] if month == october] == [
        (october, ("Core", "S")),
        (october, ("New", "S")),
    ]
    rows = list(result.monthly)
    assert rows == [
        MonthRow(month, team, band, posts, fte, costs)
        for year in years
        for month, (team, band), (posts, fte, costs) in year
    ]
    assert rows == list(result.monthly)  # read again, made again, the same


def test_core_row_is_worked_by_hand() -> None:
    """A Core month: 2 posts x £12,000 / 12 = £2,000 salary; New: 1 x £1,000 from October."""
    result = cost(scenario(years=2, baseline=BASELINE, growth=GROWTH), rates(), monthly=True)
    assert result.monthly is not None
    rows = {(row.month, row.team): row for row in result.monthly}
    core = rows[(month_index(2024, 4), "Core")]
    assert (core.posts_filled, core.fte_filled, core.costs) == (2, D(2), Costs(salary=D(2000)))
    new = rows[(month_index(2025, 10), "New")]
    assert (new.posts_filled, new.costs) == (1, Costs(salary=D(1000)))
    assert (month_index(2025, 9), "New") not in rows


def test_rows_alike_share_their_figures_and_team() -> None:
    """Teams with the same posts in the same states share one figures object in a month, and a
    team and band keeps one (team, band) object: what lets a renderer format each once."""
    lines = [base(posts=2), base(posts=2, team="Other")]
    result = cost(scenario(years=1, baseline=lines), rates(), monthly=True)
    assert result.monthly is not None
    (rows,) = result.monthly.by_year()
    april = [figures for month, _, figures in rows if month == month_index(2024, 4)]
    assert len(april) == 2
    assert april[0] is april[1]
    assert april[0] == (2, D(2), Costs(salary=D(2000)))
    core = {id(team_band) for _, team_band, _ in rows if team_band == ("Core", "S")}
    assert len(core) == 1


def test_monthly_parts_join_to_the_monthly_table(monkeypatch: pytest.MonkeyPatch) -> None:
    """The streamed parts, joined, are the monthly table's rows, cell for cell."""
    report = export_report(monkeypatch)
    assert sum(MONTHLY_WIDTHS) == len(MONTHLY_COLUMNS)
    joined = []
    for batch in monthly_parts(report):
        for parts in batch:
            assert tuple(len(part) for part in parts) == MONTHLY_WIDTHS
            joined.append(tuple(cell for part in parts for cell in part))
    table = build_table(report, "monthly")
    assert joined == list(table.rows)
    assert len(joined) > 12


def reference_csv(table: Table) -> str:
    """CSV as it was written before streaming: every cell of every row through csv.writer,
    after the byte-order mark that every CSV export starts with."""
    buffer = io.StringIO("\ufeff")
    buffer.seek(0, io.SEEK_END)
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([column.key for column in table.columns])
    for row in table.rows:
        writer.writerow(
            [csv_cell(column, cell) for column, cell in zip(table.columns, row, strict=True)]
        )
    return buffer.getvalue()


@pytest.mark.parametrize("name", list(TABLE_BUILDERS))
def test_streamed_csv_is_the_whole_table_written_at_once(
    monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    """Each table streamed (parts formatted once, rows in chunks) is byte for byte the table
    written whole, a cell at a time."""
    report = export_report(monkeypatch)
    streamed = "".join(stream_cost(report, RenderOptions(table=name)))
    assert streamed == reference_csv(build_table(report, name))
    assert streamed == render_cost(report, RenderOptions(table=name))


def test_chunks_are_whole_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    """Chunks end at a row's end and add up to the whole text."""
    report = export_report(monkeypatch)
    monkeypatch.setattr(csv_format, "ROWS_PER_CHUNK", 5)
    chunks = list(stream_cost(report, RenderOptions(table="monthly")))
    assert len(chunks) > 3
    assert all(chunk.endswith("\n") for chunk in chunks)
    assert chunks[1].count("\n") == 5
    assert "".join(chunks) == reference_csv(build_table(report, "monthly"))


def test_quoted_and_neutralised_teams_stream_as_written_whole() -> None:
    """Team names that need quotes, or that a spreadsheet would run, come out as before."""
    teams = ['Ops, "North"', "=SUM(A1)", "-East", "Plain"]
    lines = [base(posts=1, team=team) for team in teams]
    result = cost(scenario(years=2, baseline=lines), rates(), monthly=True)
    report = Report(result, "plan.yaml", "rates.yaml")
    streamed = "".join(stream_cost(report, RenderOptions(table="monthly")))
    assert streamed == reference_csv(build_table(report, "monthly"))
    read = {row["team"] for row in csv_rows(streamed)}
    assert read == {'Ops, "North"', "'=SUM(A1)", "'-East", "Plain"}


def test_monthly_csv_to_a_file_is_stdout(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """`-o` writes the same bytes as stdout, and leaves no temporary file."""
    export_report(monkeypatch, monthly=False)  # changes into tests/data/exports
    code, stdout, stderr = invoke("cost", "scenario.yaml", "-f", "csv", "--table", "monthly")
    assert (code, stderr) == (0, "")
    target = tmp_path / "monthly.csv"
    args = ("cost", "scenario.yaml", "-f", "csv", "--table", "monthly", "-o", str(target))
    assert invoke(*args) == (0, "", "")
    assert target.read_bytes() == stdout.encode("utf-8")
    assert [path.name for path in tmp_path.iterdir()] == ["monthly.csv"]


def test_write_atomically_writes_chunks(tmp_path: Path) -> None:
    """Chunks of text (as UTF-8) and bytes are written in order."""
    target = tmp_path / "out.csv"
    write_atomically(target, iter(["a,", "£\n"]))
    assert target.read_bytes() == "a,£\n".encode()
    write_atomically(target, iter([b"x", b"y"]))
    assert target.read_bytes() == b"xy"


def test_a_failing_stream_leaves_the_old_file(tmp_path: Path) -> None:
    """If making the chunks fails half way, the old file stands and no temporary remains."""
    target = tmp_path / "out.csv"
    target.write_text("old\n", encoding="utf-8")

    def chunks() -> Iterator[str]:
        yield "new\n"
        raise RuntimeError("broken half way")

    with pytest.raises(RuntimeError, match="half way"):
        write_atomically(target, chunks())
    assert target.read_text(encoding="utf-8") == "old\n"
    assert [path.name for path in tmp_path.iterdir()] == ["out.csv"]


def test_emit_writes_chunks_to_stdout_and_files(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """emit takes chunks as well as whole text, for stdout and for a file."""
    assert emit(iter(["a\n", "b\n"]), None) == 0
    assert capsys.readouterr().out == "a\nb\n"
    assert emit(iter(["c\n", "d\n"]), tmp_path / "out.txt") == 0
    assert (tmp_path / "out.txt").read_text(encoding="utf-8") == "c\nd\n"


def _streaming_peak(years: int) -> tuple[int, int]:
    """Peak memory allocated while the monthly CSV of `years` years is written (to nowhere),
    after costing; and the size of the text."""
    lines = [base(band="P", posts=1 + number % 3, team=f"Team {number}") for number in range(150)]
    plan = scenario(years=years, baseline=lines)
    table = rates()
    result = cost_scenario(plan, table, monthly=True)
    report = Report(result, "plan.yaml", "rates.yaml")
    size = 0
    tracemalloc.start()
    try:
        for chunk in stream_cost(report, RenderOptions(table="monthly")):
            size += len(chunk)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return peak, size


def test_memory_does_not_grow_with_the_months_written(monkeypatch: pytest.MonkeyPatch) -> None:
    """Four times the years (and rows) need about the same memory to write: a year's rows are
    made, written and let go before the next (issue 5: aggregate as you go)."""
    monkeypatch.setattr(csv_format, "ROWS_PER_CHUNK", 256)  # chunks far smaller than a year
    short_peak, short_size = _streaming_peak(3)
    long_peak, long_size = _streaming_peak(12)
    assert long_size > 3.9 * short_size
    assert long_peak < 1.5 * short_peak
    assert long_peak < long_size / 2  # never the whole text, nor every row
