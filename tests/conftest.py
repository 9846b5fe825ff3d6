"""Shared fixtures: paths to the bundled data and a way to write scenario files."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BUNDLED_SCENARIO = ROOT / "scenarios" / "pi-growth.yaml"
BUNDLED_RATES = ROOT / "rates" / "mps-police-staff.yaml"


@pytest.fixture
def write_file(tmp_path: Path) -> Callable[[str, str], Path]:
    """Write dedented text to a file under tmp_path and return its path."""

    def write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return write


@pytest.fixture(autouse=True)
def _width_from_the_test_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    """Terminal output honours COLUMNS; a width the test runner's shell exported must not
    change what a test sees (a test that wants a width gives it)."""
    monkeypatch.delenv("COLUMNS", raising=False)
