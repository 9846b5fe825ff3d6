"""Outputs are byte-identical from run to run, whatever order Python's hashing gives sets and
dicts: each format is made in two processes with different PYTHONHASHSEED values."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ["scenarios/pi-growth.yaml", "scenarios/force-establishment.yaml"]
SEEDS = ("1", "4242")


def cost(scenario: str, seed: str, *options: str) -> bytes:
    """`pi-growth cost SCENARIO OPTIONS` in a new process with this hash seed: its stdout."""
    completed = subprocess.run(
        [sys.executable, "-m", "pi_growth", "cost", scenario, *options],
        cwd=ROOT,
        capture_output=True,
        env={**os.environ, "PYTHONHASHSEED": seed, "NO_COLOR": "1"},
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr.decode("utf-8", "replace")[-2000:]
    return completed.stdout


def test_the_seeds_order_sets_differently() -> None:
    """The premise: under the two seeds, the same strings hash (and so a set iterates)
    differently; otherwise the tests below could not fail."""
    code = "print(list({'band', 'team', 'year', 'posts', 'fte', 'start', 'end', 'point'}))"
    orders = {
        subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
            check=True,
        ).stdout
        for seed in SEEDS
    }
    assert len(orders) == 2


@pytest.mark.parametrize("scenario", SCENARIOS)
@pytest.mark.parametrize("fmt", ["json", "markdown"])
def test_text_formats_are_the_same_under_any_hash_seed(scenario: str, fmt: str) -> None:
    """JSON and Markdown on stdout: the same bytes under two hash seeds."""
    first, second = (cost(scenario, seed, "--format", fmt) for seed in SEEDS)
    assert first  # something was written
    assert first == second


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_xlsx_is_the_same_under_any_hash_seed(scenario: str, tmp_path: Path) -> None:
    """An xlsx workbook written with -o: the same bytes under two hash seeds (each written to
    a file of the same name, in its own folder)."""
    workbooks = []
    for seed in SEEDS:
        target = tmp_path / seed / "plan.xlsx"
        target.parent.mkdir()
        assert cost(scenario, seed, "--format", "xlsx", "-o", str(target)) == b""
        workbooks.append(target.read_bytes())
    assert workbooks[0].startswith(b"PK")  # a zip, as every xlsx is
    assert workbooks[0] == workbooks[1]
