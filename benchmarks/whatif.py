"""What-if speed, as ratios against `pi-growth cost --format json` of the same scenario,
measured in one run with the commands interleaved (the machine is shared, so absolute times
move from run to run; ratios measured side by side hold much better). Issue 12's targets:

- `simulate` of the bundled plan at 10,000 runs within 20 x one `cost` run;
- a generated 1,000-line scenario (benchmarks/generate.py) at 1,000 runs within 40 x its cost;
- peak resident memory under 500 MB.

    .venv/bin/python benchmarks/whatif.py [--rounds 3] [--output report.md]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import write
from run import compile_package, machine, run_process

ROOT = Path(__file__).resolve().parents[1]
PI_GROWTH = str(Path(sys.executable).with_name("pi-growth"))
# Ranges for the generated scenario: every line's start may slip, later awards and the
# vacancy factor are uncertain (the bundled plan carries its own block).
GENERATED_UNCERTAINTY = """
uncertainty:
  fill_delay_months: {min: -1, likely: 2, max: 8}
  pay_awards:
    2026/27: {min: 1.5%, likely: 3%, max: 5%}
    2027/28: {min: 1.5%, likely: 2.5%, max: 4.5%}
    2030/31: {min: 1%, likely: 2%, max: 4%}
  vacancy_factor: {min: 1%, likely: 3%, max: 6%}
"""
TARGETS = {"bundled": (10_000, 20.0), "generated": (1_000, 40.0)}
MEMORY_LIMIT_MB = 500


def generated_scenario(folder: Path) -> Path:
    """The 1,000-line benchmark scenario with an uncertainty block."""
    scenario = write(folder, 1_000)
    text = scenario.read_text("utf-8")
    scenario.write_text(text.rstrip("\n") + "\n" + GENERATED_UNCERTAINTY, "utf-8")
    return scenario


def measure(scenario: Path | None, runs: int, rounds: int) -> dict[str, list[float]]:
    """Interleaved rounds of `cost` and `simulate`: wall, CPU and peak memory of each."""
    target = [str(scenario)] if scenario else []
    cost = [PI_GROWTH, "cost", *target, "--format", "json"]
    simulate = [PI_GROWTH, "simulate", *target, "--runs", str(runs), "--format", "json"]
    found: dict[str, list[float]] = {key: [] for key in ("cost", "sim", "cost_cpu", "sim_cpu")}
    found["sim_mb"] = []
    for _ in range(rounds):
        wall, cpu, _ = run_process(cost, ROOT)
        found["cost"].append(wall)
        found["cost_cpu"].append(cpu)
        wall, cpu, peak = run_process(simulate, ROOT)
        found["sim"].append(wall)
        found["sim_cpu"].append(cpu)
        found["sim_mb"].append(peak)
    return found


def report(rounds: int) -> list[str]:
    """Measure both cases; the report's Markdown lines."""
    compile_package()
    lines = ["## What-if speed (benchmarks/whatif.py)", "", *machine(), ""]
    lines += [
        "| scenario | runs | `cost` wall (CPU) | `simulate` wall (CPU) | ratio wall (CPU) "
        "| target | peak memory |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    with tempfile.TemporaryDirectory() as folder:
        cases = {"bundled": None, "generated": generated_scenario(Path(folder))}
        for name, scenario in cases.items():
            runs, limit = TARGETS[name]
            found = measure(scenario, runs, rounds)
            cost, sim = statistics.median(found["cost"]), statistics.median(found["sim"])
            cost_cpu, sim_cpu = (
                statistics.median(found["cost_cpu"]),
                statistics.median(found["sim_cpu"]),
            )
            ratio, ratio_cpu = sim / cost, sim_cpu / cost_cpu
            peak = max(found["sim_mb"])
            met = ratio <= limit and peak < MEMORY_LIMIT_MB
            lines.append(
                f"| {name} | {runs:,} | {cost:.2f} s ({cost_cpu:.2f} s) | {sim:.2f} s "
                f"({sim_cpu:.2f} s) | {ratio:.1f} x ({ratio_cpu:.1f} x) | <= {limit:.0f} x, "
                f"< {MEMORY_LIMIT_MB} MB: {'met' if met else 'MISSED'} | {peak:.0f} MiB |"
            )
    lines += ["", f"Medians of {rounds} interleaved rounds; load average at end: {os.getloadavg()}"]
    return lines


def main() -> None:
    """Run the what-if benchmark and print (or write) its report."""
    parser = argparse.ArgumentParser(description="pi-growth what-if benchmark")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--output", type=Path)
    arguments = parser.parse_args()
    text = "\n".join(report(arguments.rounds)) + "\n"
    if arguments.output:
        arguments.output.write_text(text, "utf-8")
    print(text, end="")


if __name__ == "__main__":
    main()
