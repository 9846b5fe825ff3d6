"""`diff` at force scale (issue 14 item 3): two 10,000-line plans compared end to end, against
one `cost --format json` of the larger side, interleaved in one session.

Two pairs, both written by benchmarks/generate.py from the same seeded plan:

- a pull request (`--pull-request`): about 5% of the lines edited, added or removed and one pay
  award moved, so every driver of the bridge but "other" moves;
- two unrelated extracts (seeds 1 and 2): nearly every line differs, the worst case for line
  matching, the bridge and the size of the JSON report (about 8 MB).

The machine may be shared and busy, so absolute times move from run to run; the commands run
in turn, round after round (rotating which goes first), and the ratio of medians is the
figure to read: a busy moment falls on all of them alike.

    .venv/bin/python benchmarks/run.py --diff-only
"""

from __future__ import annotations

import statistics
import sys
from pathlib import Path

LINES = 10_000
TARGET = 2.0  # a diff within 2 x one `cost --format json` of the larger side


def diff_against_cost(folder: Path, pi_growth: str, rounds: int) -> list[str]:
    """Markdown rows: each command's median wall time and peak memory, and the ratios."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from generate import write, write_pull_request  # the generator beside this file
    from yaml_vs_csv import _wall_and_peak

    base, head = write_pull_request(folder / "pull-request", LINES, seed=1)
    other = write(folder / "seed-2", LINES, seed=2)
    commands = {
        "cost": [pi_growth, "cost", str(base), "--format", "json"],
        "diff, pull request": [pi_growth, "diff", str(base), str(head), "--format", "json"],
        "diff, unrelated extracts": [pi_growth, "diff", str(base), str(other), "--format", "json"],
    }
    # The generated plans name a bundled table and sit outside any repository: allowed.
    walls: dict[str, list[float]] = {name: [] for name in commands}
    peaks: dict[str, list[float]] = {name: [] for name in commands}
    names = list(commands)
    for round_number in range(rounds):
        shift = round_number % len(names)
        for name in names[shift:] + names[:shift]:
            wall, peak = _wall_and_peak([*commands[name], "--allow-outside-paths"], folder)
            walls[name].append(wall)
            peaks[name].append(peak)
    median = {name: statistics.median(values) for name, values in walls.items()}
    rows = [
        f"## diff at force scale ({LINES:,} lines x 10 years each side, `--format json`, "
        f"{rounds} interleaved rounds, medians)",
        "",
        "| command | wall | peak resident | ratio to `cost` |",
        "|---|---:|---:|---:|",
    ]
    for name in names:
        rows.append(
            f"| {name} | {median[name]:.2f} s | {statistics.median(peaks[name]):.0f} MiB "
            f"| {median[name] / median['cost']:.2f} |"
        )
    rows += ["", "| target | measured | |", "|---|---|---|"]
    for name in names[1:]:
        ratio = median[name] / median["cost"]
        verdict = "met" if ratio <= TARGET else "**MISSED**"
        rows.append(
            f"| {name} within {TARGET:g} x `cost --format json` (issue 14) | {ratio:.2f} x "
            f"| {verdict} |"
        )
    return rows
