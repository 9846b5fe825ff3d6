"""XLSX exports, read back with openpyxl, and recalculated by LibreOffice when it is installed."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import textwrap
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from pi_growth.periods import format_financial_year, round_money
from pi_growth.render import RenderOptions, Report
from pi_growth.render.xlsx import render_cost
from tests.exports_support import export_report, invoke

openpyxl = pytest.importorskip("openpyxl")

SHEETS = ["Summary", "Budgets", "By band", "By team", "Monthly", "Assumptions", "Ready reckoner"]


def _workbook(report: Report, *, data_only: bool = False) -> Any:
    content = render_cost(report, RenderOptions())
    return openpyxl.load_workbook(io.BytesIO(content), data_only=data_only)


def _pence(value: float) -> Decimal:
    return round_money(Decimal(repr(value)))


def test_sheets_headers_and_frozen_panes(monkeypatch: pytest.MonkeyPatch) -> None:
    """The sheets a finance officer expects, each with a bold header row frozen above data."""
    book = _workbook(export_report(monkeypatch))
    assert book.sheetnames == SHEETS
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2", sheet.title
        assert all(cell.font.bold for cell in sheet[1] if cell.value is not None), sheet.title
        assert sheet.column_dimensions["A"].width > 5
    assert [cell.value for cell in book["Summary"][1]] == [
        "Year",
        "Posts",
        "Added",
        "Filled in March",
        "FTE",
        "In-year cost",
        "Full-year effect",
        "Growth in-year cost",
        "Growth full-year effect",
    ]


def test_money_cells_carry_exact_pence_in_pounds_format(monkeypatch: pytest.MonkeyPatch) -> None:
    """Money cells are numbers in £#,##0 holding the engine's figure to the penny."""
    report = export_report(monkeypatch)
    sheet = _workbook(report)["Summary"]
    for row, year in zip(sheet.iter_rows(min_row=2, max_row=3), report.result.years, strict=True):
        in_year, fye = row[5], row[6]
        assert in_year.number_format == "£#,##0"
        assert fye.number_format == "£#,##0"
        assert _pence(in_year.value) == round_money(year.in_year.total)
        assert _pence(fye.value) == round_money(year.full_year_effect.total)
        assert row[0].data_type == "s"
        assert row[1].data_type == "n"


def test_totals_and_variances_are_live_formulas(monkeypatch: pytest.MonkeyPatch) -> None:
    """Totals are SUMs and headroom is amount less cost, with cached values a reader sees
    before any recalculation: the engine's variance, and the sum of the cells shown."""
    report = export_report(monkeypatch)
    book, cached = _workbook(report), _workbook(report, data_only=True)
    budgets = book["Budgets"]
    assert budgets["H2"].value == "=F2-G2"
    assert budgets["I2"].value == '=IF(G2>F2,"over","within")'
    for index, budget in enumerate(report.result.budgets, start=2):
        assert _pence(cached["Budgets"][f"H{index}"].value) == round_money(budget.variance)
        assert cached["Budgets"][f"I{index}"].value == budget.status
    summary = book["Summary"]
    total_row = next(row for row in summary.iter_rows() if row[0].value == "Total")
    assert total_row[5].value == "=SUM(F2:F3)"
    cells = [_pence(cell.value) for cell in next(cached["Summary"].iter_cols(6, 6, 2, 3))]
    assert _pence(cached["Summary"][f"F{total_row[0].row}"].value) == sum(cells)
    by_band = book["By band"]
    formulas = [cell.value for cell in by_band["F"] if str(cell.value).startswith("=SUM")]
    assert formulas == ["=SUM(F2:F4)", "=SUM(F5:F7)"]
    posts_total = cached["By band"]["C9"].value  # posts at the end of 2024/25: 6
    assert (posts_total, type(posts_total)) == (6, int)


def test_text_is_stored_as_text_never_as_a_formula(monkeypatch: pytest.MonkeyPatch) -> None:
    """Hostile team and budget names are string cells; a negative headroom stays a number."""
    report = export_report(monkeypatch, "hostile.yaml")
    book = _workbook(report)
    teams = [row[1] for row in book["By team"].iter_rows(min_row=2, max_row=7)]
    assert [cell.value for cell in teams] == [
        '=HYPERLINK("http://x","y")',
        "+1",
        "-2",
        "@SUM(A1)",
        "Tabbed",
        "Pipe | and *stars*",
    ]
    assert all(cell.data_type == "s" for cell in teams)
    name = book["Budgets"]["A2"]
    assert (name.value, name.data_type) == ("=1+2", "s")
    headroom = _workbook(report, data_only=True)["Budgets"]["H2"].value
    assert isinstance(headroom, float)
    assert headroom < 0


def test_number_formats(monkeypatch: pytest.MonkeyPatch) -> None:
    """Counts, FTE, rates and months have formats of their own."""
    book = _workbook(export_report(monkeypatch))
    assert book["Summary"]["B2"].number_format == "#,##0"
    assert book["Summary"]["E2"].number_format == "#,##0.0#"
    monthly = book["Monthly"]
    assert monthly["A2"].number_format == "mmm yyyy"
    assert monthly["A2"].is_date
    award = next(row for row in book["Assumptions"].iter_rows() if row[0].value == "Pay award")
    assert (award[2].value, award[2].number_format) == (0.04, "0.00%")


def test_repeated_exports_are_byte_identical(monkeypatch: pytest.MonkeyPatch) -> None:
    """The same input gives the same bytes (a fixed creation time, fixed zip timestamps)."""
    report = export_report(monkeypatch)
    assert render_cost(report, RenderOptions()) == render_cost(report, RenderOptions())


def test_cli_writes_the_workbook_and_refuses_stdout(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """--format xlsx writes the file given by -o; without -o it exits 2 with a clear message."""
    export_report(monkeypatch, monthly=False)
    code, stdout, stderr = invoke("cost", "scenario.yaml", "-f", "xlsx")
    assert (code, stdout) == (2, "")
    assert stderr == "error: --format xlsx writes a binary file: give --output FILE.xlsx\n"
    target = tmp_path / "plan.xlsx"
    code, stdout, stderr = invoke("cost", "scenario.yaml", "-f", "xlsx", "-o", str(target))
    assert (code, stdout, stderr) == (0, "", "")
    assert target.read_bytes()[:2] == b"PK"


# --- LibreOffice: a real spreadsheet recalculates the formulas ----------------------------

_RECALCULATE_ON_LOAD = """\
    <?xml version="1.0" encoding="UTF-8"?>
    <oor:items xmlns:oor="http://openoffice.org/2001/registry"
               xmlns:xs="http://www.w3.org/2001/XMLSchema"
               xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
      <item oor:path="/org.openoffice.Office.Calc/Formula/Load">
        <prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop>
      </item>
    </oor:items>
    """
# CSV export of every sheet (-1), UTF-8 (76), raw values rather than as shown.
_CSV_FILTER = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"


def _recalculate(workbook: Path, work: Path) -> dict[str, list[list[str]]]:
    """Open in headless LibreOffice with recalculation on load forced; each sheet's values."""
    profile = work / "profile"
    (profile / "user").mkdir(parents=True)
    (profile / "user" / "registrymodifications.xcu").write_text(
        textwrap.dedent(_RECALCULATE_ON_LOAD), encoding="utf-8"
    )
    out = work / "out"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            _CSV_FILTER,
            "--outdir",
            str(out),
            str(workbook),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    sheets = {}
    for path in out.glob("*.csv"):
        sheet = path.stem.removeprefix(f"{workbook.stem}-")
        sheets[sheet] = list(csv.reader(path.read_text(encoding="utf-8").splitlines()))
    return sheets


def _blocks(rows: list[list[str]]) -> tuple[list[list[str]], list[list[str]]]:
    """A sheet's data rows and its totals rows (each block ends at an empty row)."""
    blank = [index for index, row in enumerate(rows) if not any(row)] + [len(rows)] * 2
    return rows[1 : blank[0]], rows[blank[0] + 1 : blank[1]]


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_libreoffice_recalculates_to_the_engine_figures(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Recalculated by LibreOffice, every total equals its cached value; each year's total of
    bands, teams and months is the engine's in-year cost (within half a penny per summed row,
    as each row is rounded on its own); headroom and result are the engine's."""
    report = export_report(monkeypatch)
    workbook = tmp_path / "plan.xlsx"
    workbook.write_bytes(render_cost(report, RenderOptions()))
    sheets = _recalculate(workbook, tmp_path)
    cached = _workbook(report, data_only=True)
    years = {format_financial_year(year.year): year for year in report.result.years}
    # (sheet, column of the year, column of the in-year cost), 0-based
    for name, year_at, cost_at in (("By band", 0, 5), ("By team", 0, 5), ("Monthly", 1, 13)):
        data, totals = _blocks(sheets[name])
        assert [row[year_at] for row in totals] == list(years), name
        cached_totals = [
            row[cost_at].value
            for row in cached[name].iter_rows(
                min_row=len(data) + 3, max_row=len(data) + 2 + len(totals)
            )
        ]
        for row, cached_total in zip(totals, cached_totals, strict=True):
            recalculated = round_money(Decimal(row[cost_at]))
            assert recalculated == _pence(cached_total), name
            members = sum(1 for member in data if member[year_at] == row[year_at])
            engine = round_money(years[row[year_at]].in_year.total)
            assert abs(recalculated - engine) <= Decimal("0.005") * members, name
    data, totals = _blocks(sheets["Summary"])
    (total,) = totals
    assert round_money(Decimal(total[5])) == sum(round_money(Decimal(row[5])) for row in data)
    data, _ = _blocks(sheets["Budgets"])
    for row, budget in zip(data, report.result.budgets, strict=True):
        assert round_money(Decimal(row[7])) == round_money(budget.variance)
        assert row[8] == budget.status


def test_a_table_too_long_for_a_worksheet_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rather than a workbook silently cut short (XlsxWriter drops rows past the sheet limit),
    exit 2 with a message that points to the CSV export."""
    import pi_growth.render.xlsx as xlsx_module

    export_report(monkeypatch, monthly=False)
    monkeypatch.setattr(xlsx_module, "_MAX_ROWS", 40)  # the monthly table has 73 rows
    code, stdout, stderr = invoke("cost", "scenario.yaml", "-f", "xlsx", "-o", "never.xlsx")
    assert (code, stdout) == (2, "")
    assert stderr == (
        "error: the monthly table has 73 rows, more than a worksheet holds: "
        "export it with --format csv --table monthly\n"
    )
    assert not Path("never.xlsx").exists()
