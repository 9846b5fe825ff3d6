"""The engine of this checkout against the engine of a git revision, in one process (issue 14).

On a shared machine the time of one run moves by half with the load; a ratio of two engines
measured in the same process, alternating, over the same loaded scenario, does not. The
revision's package is extracted with `git archive` and imported as `pi_growth_before` (its
own imports renamed), so both engines cost the very same Scenario and RateTable objects.

    .venv/bin/python benchmarks/engine_ab.py [--against REV] [--lines 10000] [--rounds 7]

Two things are timed, each a median over the rounds (the order alternates every round):

- `cost_scenario` alone;
- `cost_scenario` and the breakdowns by band and by team that every report reads (the JSON,
  terminal, Markdown and XLSX reports all show them), so work moved from the engine into
  the breakdowns is counted too.
"""

from __future__ import annotations

import argparse
import gc
import io
import re
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
# The last engine before exact integer arithmetic (the engine as of the NI reliefs).
DEFAULT_AGAINST = "be01584"


def extract_before(revision: str, into: Path) -> None:
    """The revision's src/pi_growth as the package `pi_growth_before` under `into`."""
    archive = subprocess.run(
        ["git", "archive", revision, "src/pi_growth"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    package = into / "pi_growth_before"
    (into / "src" / "pi_growth").rename(package)
    for path in package.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        text = re.sub(r"\bpi_growth(?=[. ])", "pi_growth_before", text)
        path.write_text(text, encoding="utf-8")


def _engine(package: str) -> Callable[..., Any]:
    for module in (f"{package}.cost.engine", f"{package}.engine"):
        try:
            imported = __import__(module, fromlist=["cost_scenario"])
        except ModuleNotFoundError:
            continue
        return imported.cost_scenario  # type: ignore[no-any-return]
    raise SystemExit(f"no engine in {package}")


def compare(scenario: Path, revision: str, rounds: int) -> dict[str, dict[str, list[float]]]:
    """Seconds per round of each engine, alone and with the breakdowns reports read."""
    from pi_growth.load.loader import load_scenario

    with tempfile.TemporaryDirectory(prefix="pi-growth-ab-") as scratch:
        extract_before(revision, Path(scratch))
        sys.path.insert(0, scratch)
        engines = {"before": _engine("pi_growth_before"), "after": _engine("pi_growth")}
        loaded = load_scenario(scenario)
        times: dict[str, dict[str, list[float]]] = {
            name: {"engine": [], "with breakdowns": []} for name in engines
        }
        for round_index in range(rounds):
            order = list(engines) if round_index % 2 == 0 else list(reversed(engines))
            for name in order:
                gc.collect()
                start = time.perf_counter()
                result = engines[name](loaded.scenario, loaded.rates)
                costed = time.perf_counter()
                result.breakdown("band")
                result.breakdown("team")
                done = time.perf_counter()
                times[name]["engine"].append(costed - start)
                times[name]["with breakdowns"].append(done - start)
                del result
    return times


def report(times: dict[str, dict[str, list[float]]], revision: str, lines: int) -> list[str]:
    """Markdown rows: medians of each engine and their ratio."""
    rows = [
        f"## Engine against {revision} ({lines:,} lines x 10 years, alternating in one process)",
        "",
        "| measured | before (median) | after (median) | after / before |",
        "|---|---:|---:|---:|",
    ]
    for what in ("engine", "with breakdowns"):
        before = statistics.median(times["before"][what])
        after = statistics.median(times["after"][what])
        label = "`cost_scenario`" if what == "engine" else "... and breakdowns by band and team"
        rows.append(f"| {label} | {before:.3f} s | {after:.3f} s | {after / before:.2f} |")
    rows.append("")
    for name in ("before", "after"):
        shown = ", ".join(f"{value:.2f}" for value in times[name]["engine"])
        rows.append(f"- {name}, each round (s): {shown}")
    return rows


def main() -> None:
    """Generate a scenario, compare the engines, print the Markdown."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--against", default=DEFAULT_AGAINST, help="git revision to compare")
    parser.add_argument("--lines", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=7)
    options = parser.parse_args()
    sys.path.insert(0, str(HERE))
    from generate import write

    with tempfile.TemporaryDirectory(prefix="pi-growth-ab-scenario-") as folder:
        scenario = write(Path(folder), options.lines)
        times = compare(scenario, options.against, options.rounds)
    print("\n".join(report(times, options.against, options.lines)))


if __name__ == "__main__":
    main()
