"""YAML against CSV (issue 14 item 1): the same 10,000 lines costed from an inline YAML
scenario and from CSV extracts, end to end, interleaved in one session.

The machine may be shared and busy, so absolute times move from run to run; the two commands
are run in turn, round after round (rotating which goes first), and the ratio of their medians
is the figure to read: a busy moment falls on both alike.

    .venv/bin/python benchmarks/run.py --yaml-only
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

LINES = 10_000
TARGET = 1.2  # the YAML scenario within 1.2 x the same lines from CSV


def _wall_and_peak(argv: list[str], cwd: Path) -> tuple[float, float]:
    started = time.perf_counter()
    with subprocess.Popen(argv, cwd=cwd, stdout=subprocess.DEVNULL) as child:
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed with exit code {child.returncode}")
    return time.perf_counter() - started, usage.ru_maxrss / 1024


def yaml_against_csv(folder: Path, pi_growth: str, rounds: int) -> list[str]:
    """Markdown rows: both commands' median wall time and peak memory, and their ratio."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from generate import write  # the generator beside this file

    scenario = write(folder, LINES, seed=1)
    commands = {
        "CSV extracts": [pi_growth, "cost", scenario.name, "--format", "json"],
        "inline YAML": [pi_growth, "cost", f"{scenario.stem}-inline.yaml", "--format", "json"],
    }
    walls: dict[str, list[float]] = {name: [] for name in commands}
    peaks: dict[str, list[float]] = {name: [] for name in commands}
    names = list(commands)
    for round_number in range(rounds):
        shift = round_number % len(names)
        for name in names[shift:] + names[:shift]:
            wall, peak = _wall_and_peak(commands[name], folder)
            walls[name].append(wall)
            peaks[name].append(peak)
    median = {name: statistics.median(values) for name, values in walls.items()}
    ratio = median["inline YAML"] / median["CSV extracts"]
    rows = [
        f"## YAML against CSV ({LINES:,} lines x 10 years, `cost --format json`, "
        f"{rounds} interleaved rounds, medians)",
        "",
        "| source | wall | peak resident |",
        "|---|---:|---:|",
    ]
    rows += [
        f"| {name} | {median[name]:.2f} s | {statistics.median(peaks[name]):.0f} MiB |"
        for name in names
    ]
    verdict = "met" if ratio <= TARGET else "NOT met"
    rows += [
        "",
        f"| target | measured | |\n|---|---|---|\n| inline YAML <= {TARGET} x CSV "
        f"(issue 14) | {ratio:.2f} x | {verdict} |",
    ]
    return rows
