"""Shared by the export tests: the fixed test scenario, the CLI in-process, golden files."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pi_growth.cli import app
from pi_growth.cost.engine import cost_scenario
from pi_growth.load.loader import load_scenario
from pi_growth.render import Report

TESTS = Path(__file__).resolve().parent
EXPORTS = TESTS / "data" / "exports"
GOLDEN = TESTS / "golden"
# Set to 1 to rewrite the golden files from the current output (then review the git diff).
UPDATE_GOLDEN = os.environ.get("PI_GROWTH_UPDATE_GOLDEN") == "1"


def invoke(*args: str) -> tuple[int, str, str]:
    """Run the CLI in-process: exit code, stdout, stderr."""
    result = CliRunner().invoke(app, list(args), env={"NO_COLOR": "1"})
    return result.exit_code, result.stdout, result.stderr


def csv_rows(text: str) -> list[dict[str, str]]:
    """A CSV export read back as a spreadsheet would: it starts with a UTF-8 byte-order mark
    (so Excel reads it as UTF-8), which is not part of the first column's name."""
    assert text.startswith("\ufeff"), "a CSV export starts with a byte-order mark"
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


def export_report(
    monkeypatch: pytest.MonkeyPatch, name: str = "scenario.yaml", *, monthly: bool = True
) -> Report:
    """Cost a scenario of tests/data/exports from inside that folder (so its paths are short)."""
    monkeypatch.chdir(EXPORTS)
    loaded = load_scenario(name)
    result = cost_scenario(loaded.scenario, loaded.rates, monthly=monthly)
    return Report(result, loaded.scenario_file, loaded.rates_file)


def check_golden(name: str, actual: str) -> None:
    """Compare with tests/golden/NAME, or rewrite it when PI_GROWTH_UPDATE_GOLDEN=1."""
    path = GOLDEN / name
    if UPDATE_GOLDEN:
        path.write_text(actual, encoding="utf-8", newline="")
        return
    assert path.is_file(), f"no golden file {path}: run with PI_GROWTH_UPDATE_GOLDEN=1"
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, f"{name} differs from its golden file (update flag: see above)"
