"""`pi-growth chart`: a valid, deterministic PNG or SVG; a clear message without matplotlib."""

from __future__ import annotations

import shutil
import sys
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path

import pytest

from pi_growth.cost.engine import cost_scenario
from pi_growth.load.loader import load_scenario
from pi_growth.render import MissingExtraError, Report
from tests.exports_support import export_report, invoke

pytest.importorskip("matplotlib")

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def test_png_is_valid_and_deterministic(monkeypatch: pytest.MonkeyPatch) -> None:
    """A PNG (by its signature), byte-identical when drawn twice."""
    from pi_growth.render.chart import render_chart

    report = export_report(monkeypatch, monthly=False)
    first = render_chart(report, "png")
    assert first.startswith(PNG_SIGNATURE)
    assert render_chart(report, "png") == first


def test_svg_parses_and_is_deterministic(monkeypatch: pytest.MonkeyPatch) -> None:
    """An SVG that parses as XML, carries no date, and is byte-identical when drawn twice."""
    from pi_growth.render.chart import render_chart

    report = export_report(monkeypatch, monthly=False)
    first = render_chart(report, "svg")
    root = ET.fromstring(first)  # noqa: S314 - our own output
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert b"<dc:date>" not in first
    assert render_chart(report, "svg") == first


def test_cli_writes_png_and_svg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The command writes the file its -o names, in the format its suffix names; hostile names
    (a budget called `=1+2`, a `$` would be mathematics to matplotlib) are drawn as text."""
    export_report(monkeypatch, monthly=False)  # changes into tests/data/exports
    for name in ("plan.png", "plan.SVG"):
        target = tmp_path / name
        code, stdout, stderr = invoke("chart", "hostile.yaml", "-o", str(target))
        assert (code, stdout, stderr) == (0, "", "")
        assert target.stat().st_size > 1000
    assert (tmp_path / "plan.png").read_bytes().startswith(PNG_SIGNATURE)
    assert b"<svg" in (tmp_path / "plan.SVG").read_bytes()


def test_dollar_signs_are_not_mathematics(tmp_path: Path) -> None:
    """A budget named with `$` signs draws as text (matplotlib would otherwise parse it)."""
    # The scenario may name only files in its own folder, so the rate table goes beside it.
    rates = tmp_path / "rates.yaml"
    shutil.copyfile(Path(__file__).parent / "data" / "exports" / "rates.yaml", rates)
    scenario = tmp_path / "dollars.yaml"
    scenario.write_text(
        "name: $x^{2}$ plan\nrates: rates.yaml\nfirst_year: 2024/25\nyears: 1\n"
        "baseline: [{team: $\\frac, band: S, posts: 1}]\n"
        "budgets: [{name: '$\\undefined{', years: [2024/25], amount: 1, scope: total}]\n",
        encoding="utf-8",
    )
    code, _, stderr = invoke("chart", str(scenario), "-o", str(tmp_path / "d.svg"))
    assert (code, stderr) == (0, "")


def test_suffix_must_name_a_format(tmp_path: Path) -> None:
    """An output that is neither .png nor .svg is refused before any work: exit 2."""
    code, stdout, stderr = invoke("chart", "-o", str(tmp_path / "plan.pdf"))
    assert (code, stdout) == (2, "")
    assert stderr == f"error: {tmp_path / 'plan.pdf'}: the chart file must end in .png or .svg\n"
    assert not (tmp_path / "plan.pdf").exists()


def test_output_is_required() -> None:
    """Without -o the command says so and exits 2."""
    code, _, stderr = invoke("chart")
    assert code == 2
    assert "--output" in stderr


def test_without_matplotlib_one_line_says_how_to_install(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """With matplotlib missing: one line naming the extra to install, exit 2, no file."""
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # makes `import matplotlib` fail
    code, stdout, stderr = invoke("chart", "-o", str(tmp_path / "plan.png"))
    assert (code, stdout) == (2, "")
    assert stderr == "error: charts need matplotlib: pip install 'pi-growth[charts]'\n"
    assert not (tmp_path / "plan.png").exists()


def test_renderer_raises_the_install_hint_without_matplotlib(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Called as a library, the renderer raises MissingExtraError with the same hint."""
    from pi_growth.render.chart import render_chart

    report = export_report(monkeypatch, monthly=False)
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    with pytest.raises(MissingExtraError, match=r"pip install 'pi-growth\[charts\]'"):
        render_chart(report, "png")


def test_money_is_in_units_that_fit_the_plan(monkeypatch: pytest.MonkeyPatch) -> None:
    """A plan under a million is labelled in £k, one of millions in £m (issue 11: a £300k plan
    read "£0.55m of £0.30m"). The test plan's largest figure is its 2025/26 full-year effect,
    £297,981; the bundled plan's is £7,177,050."""
    from pi_growth.render.chart import chart_units, envelope_label
    from pi_growth.render.grid import budgets_table, summary_table

    small = export_report(monkeypatch, monthly=False)
    assert chart_units(summary_table(small), budgets_table(small)) == "thousands"
    # Year 2 growth: cost £39,724 against £10,000, over by £29,724 (rounded to £0.1k).
    assert envelope_label(Decimal("39724.49"), Decimal(10_000), "thousands") == (
        "  £39.7k of £10.0k\n  OVER by £29.7k"
    )
    monkeypatch.chdir(Path(__file__).resolve().parent.parent)
    loaded = load_scenario("scenarios/pi-growth.yaml")
    bundled = Report(cost_scenario(loaded.scenario, loaded.rates), "", "")
    assert chart_units(summary_table(bundled), budgets_table(bundled)) == "millions"
    # Year 1: £1,871,257 of £1,900,000, headroom £28,743 -> £1.87m of £1.90m, £0.03m.
    assert envelope_label(Decimal("1871257.35"), Decimal(1_900_000), "millions") == (
        "  £1.87m of £1.90m\n  headroom £0.03m"
    )
