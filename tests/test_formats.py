"""The format enum is the dispatch table: every format renders, options are checked up front."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from pi_growth.render import (
    BINARY_FORMATS,
    COST_RENDERERS,
    TABLE_FORMATS,
    UNITS_FORMATS,
    CostFormat,
    RenderOptions,
    cost_renderer,
    needs_monthly,
)
from tests.exports_support import export_report, invoke


def test_every_format_has_a_renderer() -> None:
    """Each advertised format names a renderer, and the named function imports."""
    assert set(COST_RENDERERS) == set(CostFormat)
    for fmt in CostFormat:
        assert callable(cost_renderer(fmt)), fmt


@pytest.mark.parametrize("fmt", list(CostFormat))
def test_every_renderer_renders_the_test_scenario(
    monkeypatch: pytest.MonkeyPatch, fmt: CostFormat
) -> None:
    """Each renderer gives bytes when its format is binary and text otherwise, never empty."""
    report = export_report(monkeypatch, monthly=needs_monthly(fmt, None))
    content = cost_renderer(fmt)(report, RenderOptions())
    assert isinstance(content, bytes) == (fmt in BINARY_FORMATS)
    assert len(content) > 100


def test_monthly_detail_is_costed_only_when_needed() -> None:
    """The engine's monthly rows cost extra: only the workbook and the monthly table need them."""
    assert needs_monthly(CostFormat.xlsx, None)
    assert needs_monthly(CostFormat.csv, "monthly")
    assert not needs_monthly(CostFormat.csv, None)
    assert not needs_monthly(CostFormat.markdown, "summary")
    assert not needs_monthly(CostFormat.json, None)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-f", "json", "--table", "budgets"], "--table applies to --format csv and markdown"),
        (["-f", "table", "--table", "bands"], "--table applies to --format csv and markdown"),
        (
            ["-f", "csv", "--units", "millions"],
            "--units applies to --format markdown and table, not csv",
        ),
        (["-f", "xlsx"], "--format xlsx writes a binary file: give --output FILE.xlsx"),
    ],
)
def test_misused_options_exit_2_before_any_work(args: list[str], message: str) -> None:
    """An option that does not apply to the format is an error on stderr, exit 2, no output."""
    code, stdout, stderr = invoke("cost", "no-such-file.yaml", *args)
    assert (code, stdout) == (2, "")
    assert stderr.startswith(f"error: {message}")


def test_option_sets_name_real_formats() -> None:
    """The formats that take --table and --units exist and are text formats for people."""
    assert set(CostFormat) >= TABLE_FORMATS | UNITS_FORMATS
    assert {CostFormat.markdown, CostFormat.table} == UNITS_FORMATS  # never a machine format
    assert not ((TABLE_FORMATS | UNITS_FORMATS) & BINARY_FORMATS)


def test_an_unknown_table_is_refused_with_the_choices() -> None:
    """--table takes only the grid's tables; click lists them on a bad choice."""
    code, _, stderr = invoke("cost", "--format", "csv", "--table", "everything")
    assert code == 2
    assert "summary" in stderr
    assert "monthly" in stderr


_HEAVY = (
    "xlsxwriter",
    "matplotlib",
    "openpyxl",
    "pi_growth.render.grid",
    "pi_growth.render.xlsx",
    "pi_growth.render.chart",
)


@pytest.mark.parametrize(
    "argv", [["--version"], ["--help"], ["cost", "--help"], ["chart", "--help"]]
)
def test_start_up_imports_no_export_libraries(argv: list[str]) -> None:
    """--help and --version load no spreadsheet or chart library, nor the grid."""
    probe = (
        f"import sys; sys.argv = ['pi-growth', *{argv!r}]\n"
        "from pi_growth.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        f"print('LOADED', sorted(m for m in {_HEAVY!r} if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src")},
    )
    assert result.stdout.splitlines()[-1] == "LOADED []"
