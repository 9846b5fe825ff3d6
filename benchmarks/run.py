"""Benchmarks: the engine and the whole CLI at force scale, and start-up against a yardstick.

One command, from the repository root (a few minutes; `--quick` for fewer repeats):

    .venv/bin/python benchmarks/run.py [--quick] [--monthly-only] [--output report.md]

It generates seeded synthetic scenarios (benchmarks/generate.py: 1k, 10k and 20k lines over
10 years, establishment and growth in CSV), then prints Markdown tables of medians:

- the engine alone (`cost_scenario`, in a child process: wall and CPU time, and the peak of
  memory it allocates, by tracemalloc), with loading (YAML, CSV, validation) timed apart;
- the whole CLI as a user runs it (`pi-growth cost --format json`, and `--format csv --table
  monthly`): wall and CPU time and peak resident memory of the process (os.wait4);
- the start-up ratios of issue 2, from interleaved runs in this one session: `pi-growth
  --version` and `pi-growth cost --format json` (the bundled plan) against
  benchmarks/baseline_app.py, a minimal typer + pydantic + yaml + rich command;

and checks each figure against its target (issues 2 and 5, and the monthly CSV's aim).
`--monthly-only` measures just the monthly CSV rows and their targets; `--yaml-only` just the
same 10,000 lines from an inline YAML scenario against CSV extracts, interleaved (issue 14);
`--engine-ab` just this engine against an earlier one (benchmarks/engine_ab.py), alternating
in one process, as a ratio (issue 14 item 2: 10k lines x 10 years in half the time).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BIN = Path(sys.executable).parent
PI_GROWTH = str(BIN / "pi-growth")
SIZES = (1_000, 10_000, 20_000)
YEARS = 10
MONTHLY_ARGS = ["--format", "csv", "--table", "monthly"]
# The monthly CSV at force scale is a few seconds a run: fewer repeats than the rest.
MONTHLY_REPEATS = 3


@dataclass(frozen=True)
class Measurement:
    """Medians of some runs of one thing."""

    wall: float  # seconds
    cpu: float  # seconds, user + system
    peak_mb: float  # MiB: resident (a process) or allocated (tracemalloc)
    runs: int


def median_of(samples: list[tuple[float, float, float]]) -> Measurement:
    """Median wall, CPU and peak memory of (wall, cpu, peak) samples."""
    walls, cpus, peaks = zip(*samples, strict=True)
    return Measurement(
        statistics.median(walls), statistics.median(cpus), statistics.median(peaks), len(samples)
    )


def run_process(argv: list[str], cwd: Path) -> tuple[float, float, float]:
    """Run a command to the end: its wall time, CPU time and peak resident memory (MiB)."""
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        process = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            errors.seek(0)
            message = errors.read().decode("utf-8", "replace")[-2000:]
            raise SystemExit(f"{' '.join(argv)} failed ({process.returncode}):\n{message}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def measure_cli(argv: list[str], cwd: Path, repeats: int) -> Measurement:
    """Medians of `repeats` runs of a command."""
    return median_of([run_process(argv, cwd) for _ in range(repeats)])


def engine_child(scenario: Path, repeats: int) -> None:
    """In a child process: load once, cost `repeats` times, then once under tracemalloc."""
    import tracemalloc

    from pi_growth.cost.engine import cost_scenario
    from pi_growth.load.loader import load_scenario

    load_start = time.perf_counter()
    loaded = load_scenario(scenario)
    load_wall = time.perf_counter() - load_start
    samples = []
    for _ in range(repeats):
        wall, cpu = time.perf_counter(), time.process_time()
        result = cost_scenario(loaded.scenario, loaded.rates)
        samples.append((time.perf_counter() - wall, time.process_time() - cpu))
        del result
    # Groups are made when read (cost.ledger): counted once, outside the timed runs.
    groups = len(cost_scenario(loaded.scenario, loaded.rates).groups)
    tracemalloc.start()
    cost_scenario(loaded.scenario, loaded.rates)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        json.dumps(
            {
                "load": load_wall,
                "samples": samples,
                "peak_mb": peak / 2**20,
                "groups": groups,
                "lines": len(loaded.scenario.baseline) + len(loaded.scenario.growth),
            }
        )
    )


@dataclass(frozen=True)
class EngineResult:
    """The engine on one scenario."""

    lines: int
    groups: int
    load: float
    engine: Measurement


def measure_engine(scenario: Path, repeats: int) -> EngineResult:
    """Run `engine_child` in a fresh interpreter and read its figures."""
    completed = subprocess.run(
        [sys.executable, __file__, "--engine-child", str(scenario), "--repeats", str(repeats)],
        capture_output=True,
        text=True,
        check=True,
        cwd=scenario.parent,
    )
    found = json.loads(completed.stdout)
    samples = [(wall, cpu, found["peak_mb"]) for wall, cpu in found["samples"]]
    return EngineResult(found["lines"], found["groups"], found["load"], median_of(samples))


def interleaved(commands: dict[str, list[str]], rounds: int) -> dict[str, list[float]]:
    """Wall times of each command, run in turn round after round (rotating who goes first),
    so that a busy moment on the machine falls on all of them alike."""
    names = list(commands)
    times: dict[str, list[float]] = {name: [] for name in names}
    for round_number in range(rounds):
        shift = round_number % len(names)
        for name in names[shift:] + names[:shift]:
            times[name].append(run_process(commands[name], ROOT)[0])
    return times


def machine() -> list[str]:
    """What the figures were measured on."""
    model = platform.processor() or "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return [
        f"- CPU: {model}, {os.cpu_count()} logical CPUs (nproc)",
        f"- Python {platform.python_version()} ({platform.python_implementation()}), "
        f"{platform.system()} {platform.release()}",
        f"- load average at start: {_load()}",
    ]


def _load() -> str:
    try:
        return ", ".join(f"{value:.2f}" for value in os.getloadavg())
    except OSError:
        return "unknown"


def compile_package() -> None:
    """Byte-compile pi_growth first, as `pip install` does: without it (an editable install
    with PYTHONDONTWRITEBYTECODE set) every run would compile each module from source,
    which is start-up time no user pays."""
    import compileall

    import pi_growth

    compileall.compile_dir(Path(pi_growth.__file__).parent, quiet=1)


def supports_monthly_csv() -> bool:
    """True once `cost` has `--format csv` and `--table monthly`."""
    completed = subprocess.run(
        [PI_GROWTH, "cost", "--help"], capture_output=True, text=True, check=False
    )
    return "csv" in completed.stdout and "monthly" in completed.stdout


def verdict(ok: bool) -> str:
    """How a target fared."""
    return "met" if ok else "**MISSED**"


@dataclass(frozen=True)
class Results:
    """Everything measured in one session."""

    engine: dict[int, EngineResult]
    engine_longer: EngineResult
    cli_json: dict[int, Measurement]
    cli_json_longer: Measurement
    monthly: dict[int, Measurement]
    startup: dict[str, float]  # median wall time of each start-up command
    rounds: int
    repeats: int


def measure_everything(repeats: int, rounds: int) -> Results:
    """Generate the scenarios and run every benchmark."""
    sys.path.insert(0, str(HERE))
    from generate import write  # the generator beside this file

    with tempfile.TemporaryDirectory(prefix="pi-growth-bench-") as scratch:
        folder = Path(scratch)
        scenarios = {size: write(folder, size, years=YEARS, seed=1) for size in SIZES}
        longer = write(folder / "longer", 10_000, years=2 * YEARS, seed=1)
        print("engine ...", file=sys.stderr)
        engine = {size: measure_engine(path, repeats) for size, path in scenarios.items()}
        engine_longer = measure_engine(longer, repeats)
        print("CLI ...", file=sys.stderr)
        cli_json = {
            size: measure_cli([PI_GROWTH, "cost", path.name, "--format", "json"], folder, repeats)
            for size, path in scenarios.items()
        }
        cli_json_longer = measure_cli(
            [PI_GROWTH, "cost", longer.name, "--format", "json"], longer.parent, repeats
        )
        monthly = measure_monthly(scenarios, repeats) if supports_monthly_csv() else {}
    print("start-up ...", file=sys.stderr)
    baseline = [sys.executable, str(HERE / "baseline_app.py"), str(HERE / "baseline.yaml")]
    times = interleaved(
        {
            "baseline": baseline,
            "version": [PI_GROWTH, "--version"],
            "cost": [PI_GROWTH, "cost", "--format", "json"],
        },
        rounds,
    )
    return Results(
        engine=engine,
        engine_longer=engine_longer,
        cli_json=cli_json,
        cli_json_longer=cli_json_longer,
        monthly=monthly,
        startup={name: statistics.median(values) for name, values in times.items()},
        rounds=rounds,
        repeats=repeats,
    )


def measure_monthly(scenarios: dict[int, Path], repeats: int) -> dict[int, Measurement]:
    """`pi-growth cost SCENARIO --format csv --table monthly` at each size."""
    print("monthly CSV ...", file=sys.stderr)
    return {
        size: measure_cli(
            [PI_GROWTH, "cost", path.name, *MONTHLY_ARGS],
            path.parent,
            repeats if size == SIZES[0] else min(repeats, MONTHLY_REPEATS),
        )
        for size, path in scenarios.items()
    }


def monthly_only(repeats: int) -> list[str]:
    """Just the monthly CSV rows and their targets, for re-running them alone."""
    sys.path.insert(0, str(HERE))
    from generate import write  # the generator beside this file

    with tempfile.TemporaryDirectory(prefix="pi-growth-bench-") as scratch:
        scenarios = {size: write(Path(scratch), size, years=YEARS, seed=1) for size in SIZES}
        monthly = measure_monthly(scenarios, repeats)
    rows = [
        "## Monthly CSV (`pi-growth cost SCENARIO --format csv --table monthly`, output to "
        "/dev/null; medians)",
        "",
        "| lines | runs | wall | CPU | peak resident |",
        "|---:|---:|---:|---:|---:|",
    ]
    rows += [
        f"| {size:,} | {found.runs} | {found.wall:.2f} s | {found.cpu:.2f} s "
        f"| {found.peak_mb:.0f} MiB |"
        for size, found in monthly.items()
    ]
    return [*rows, "", "| target | measured | |", "|---|---|---|", *monthly_targets(monthly)]


def yaml_only(repeats: int) -> list[str]:
    """YAML against CSV at 10,000 lines, interleaved (benchmarks/yaml_vs_csv.py)."""
    sys.path.insert(0, str(HERE))
    from yaml_vs_csv import yaml_against_csv

    print("YAML against CSV ...", file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="pi-growth-bench-") as scratch:
        return yaml_against_csv(Path(scratch), PI_GROWTH, rounds=2 * repeats + 1)


def diff_only(repeats: int) -> list[str]:
    """diff against cost at 10,000 lines, interleaved (benchmarks/diff_scale.py)."""
    sys.path.insert(0, str(HERE))
    from diff_scale import diff_against_cost

    print("diff against cost ...", file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="pi-growth-bench-") as scratch:
        return diff_against_cost(Path(scratch), PI_GROWTH, rounds=repeats)


def engine_ab(repeats: int) -> list[str]:
    """This engine against the one before exact integer arithmetic, in one process."""
    sys.path.insert(0, str(HERE))
    from engine_ab import DEFAULT_AGAINST, compare, report
    from generate import write

    print("engine A/B ...", file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="pi-growth-bench-") as scratch:
        scenario = write(Path(scratch), 10_000, years=YEARS)
        times = compare(scenario, DEFAULT_AGAINST, rounds=2 * repeats + 1)
    ratio = statistics.median(times["after"]["engine"]) / statistics.median(
        times["before"]["engine"]
    )
    return [
        *report(times, DEFAULT_AGAINST, 10_000),
        "",
        f"- target: engine, 10k lines x 10 years, in half the time of {DEFAULT_AGAINST}'s "
        f"(issue 14 item 2): {ratio:.2f} x, {verdict(ratio <= 0.5)}",
    ]


def monthly_targets(monthly: dict[int, Measurement]) -> list[str]:
    """The monthly CSV's aim (set when it was streamed; no issue sets one): 10k lines in under
    5 s and 300 MB, and 20k lines in at most 2.2 x the 10k time."""
    if not monthly:
        return []
    small, large = monthly[10_000], monthly[20_000]
    scaling = large.wall / small.wall
    return [
        f"| monthly CSV, 10k lines x 10 years, < 5 s | {small.wall:.2f} s "
        f"| {verdict(small.wall < 5)} |",
        f"| ... and < 300 MB peak | {small.peak_mb:.0f} MiB "
        f"| {verdict(small.peak_mb * 2**20 < 300e6)} |",
        f"| monthly CSV, 20k lines <= 2.2 x 10k | {scaling:.2f} x | {verdict(scaling <= 2.2)} |",
    ]


def engine_rows(results: Results) -> list[str]:
    """The engine table."""
    rows = [
        f"## Engine alone ({YEARS} years; medians of {results.repeats} runs in one process)",
        "",
        "| lines | group-years | load (YAML + CSV + validation) | engine wall | engine CPU "
        "| engine peak allocated |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    named = [(f"{size:,}", results.engine[size]) for size in SIZES]
    named.append((f"10,000 over {2 * YEARS} years", results.engine_longer))
    for name, found in named:
        rows.append(
            f"| {name} | {found.groups:,} | {found.load:.2f} s | {found.engine.wall:.2f} s "
            f"| {found.engine.cpu:.2f} s | {found.engine.peak_mb:.0f} MiB |"
        )
    return rows


def cli_rows(results: Results) -> list[str]:
    """The whole-CLI table."""
    rows = [
        "## Whole CLI (`pi-growth cost SCENARIO ...`, output to /dev/null; medians)",
        "",
        "| lines | command | runs | wall | CPU | peak resident |",
        "|---:|---|---:|---:|---:|---:|",
    ]
    measured = [(size, "--format json", results.cli_json[size]) for size in SIZES]
    measured.append((10_000, f"--format json, {2 * YEARS} years", results.cli_json_longer))
    measured += [
        (size, "--format csv --table monthly", results.monthly[size]) for size in results.monthly
    ]
    for size, command, found in measured:
        rows.append(
            f"| {size:,} | `{command}` | {found.runs} | {found.wall:.2f} s | "
            f"{found.cpu:.2f} s | {found.peak_mb:.0f} MiB |"
        )
    if not results.monthly:
        rows.append("| | `--format csv --table monthly` | | not available yet | | |")
    return rows


def startup_rows(results: Results) -> list[str]:
    """The start-up table."""
    medians = results.startup
    return [
        f"## Start-up (interleaved, {results.rounds} rounds, median wall time)",
        "",
        "| command | median | ratio to the yardstick |",
        "|---|---:|---:|",
        f"| yardstick: `benchmarks/baseline_app.py` (typer + pydantic + yaml + rich, "
        f"10-row table) | {medians['baseline'] * 1000:.0f} ms | 1.00 |",
        f"| `pi-growth --version` | {medians['version'] * 1000:.0f} ms "
        f"| {medians['version'] / medians['baseline']:.2f} |",
        f"| `pi-growth cost --format json` (bundled plan) | {medians['cost'] * 1000:.0f} ms "
        f"| {medians['cost'] / medians['baseline']:.2f} |",
    ]


def target_rows(results: Results) -> list[str]:
    """Each target of issues 2 and 5, and how it fared."""
    engine_10k, engine_20k = results.engine[10_000].engine, results.engine[20_000].engine
    cli_10k, cli_20k = results.cli_json[10_000], results.cli_json[20_000]
    engine_scaling = engine_20k.wall / engine_10k.wall
    cli_scaling = cli_20k.wall / cli_10k.wall
    version_ratio = results.startup["version"] / results.startup["baseline"]
    cost_ratio = results.startup["cost"] / results.startup["baseline"]
    return [
        "## Targets",
        "",
        "| target | measured | |",
        "|---|---|---|",
        f"| engine, 10k lines x 10 years < 1 s (issue 2) | {engine_10k.wall:.2f} s "
        f"| {verdict(engine_10k.wall < 1)} |",
        f"| engine, 20k lines <= 2 x 10k (issue 2) | {engine_scaling:.2f} x "
        f"| {verdict(engine_scaling <= 2)} |",
        f"| CLI `cost --format json`, 10k-line CSV, < 2 s (issue 5) | {cli_10k.wall:.2f} s "
        f"| {verdict(cli_10k.wall < 2)} |",
        f"| ... and < 300 MB peak (issue 5) | {cli_10k.peak_mb:.0f} MiB "
        f"| {verdict(cli_10k.peak_mb * 2**20 < 300e6)} |",
        f"| CLI, 20k lines <= 2.2 x 10k (issue 5) | {cli_scaling:.2f} x "
        f"| {verdict(cli_scaling <= 2.2)} |",
        f"| `pi-growth --version` <= 0.5 x yardstick (issue 2) | {version_ratio:.2f} x "
        f"| {verdict(version_ratio <= 0.5)} |",
        f"| `pi-growth cost --format json` <= 1.3 x yardstick (issue 2) | {cost_ratio:.2f} x "
        f"| {verdict(cost_ratio <= 1.3)} |",
        *monthly_targets(results.monthly),
    ]


def main() -> None:
    """Run every benchmark and print (and optionally write) the report."""
    parser = argparse.ArgumentParser(description="pi-growth benchmarks")
    parser.add_argument("--quick", action="store_true", help="fewer repeats")
    parser.add_argument("--output", type=Path, help="also write the report to this file")
    parser.add_argument(
        "--monthly-only", action="store_true", help="only the monthly CSV rows and targets"
    )
    parser.add_argument(
        "--yaml-only", action="store_true", help="only YAML against CSV (issue 14 item 1)"
    )
    parser.add_argument(
        "--diff-only", action="store_true", help="only diff at force scale (issue 14 item 3)"
    )
    parser.add_argument(
        "--engine-ab", action="store_true", help="only this engine against an earlier one"
    )
    parser.add_argument("--engine-child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--repeats", type=int, default=5, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.engine_child:
        engine_child(options.engine_child, options.repeats)
        return
    started = machine()
    compile_package()
    repeats = 3 if options.quick else 5
    if options.monthly_only or options.yaml_only or options.diff_only or options.engine_ab:
        if options.monthly_only:
            measured = monthly_only(repeats)
        elif options.engine_ab:
            measured = engine_ab(repeats)
        else:
            measured = yaml_only(repeats) if options.yaml_only else diff_only(repeats)
        text = "\n".join(["## Machine", "", *started, f"- load average at end: {_load()}", ""])
        text += "\n" + "\n".join(measured) + "\n"
        print(text)
        if options.output:
            options.output.write_text(text, encoding="utf-8")
        return
    results = measure_everything(repeats=repeats, rounds=9 if options.quick else 21)
    report = [
        "## Machine",
        "",
        *started,
        f"- load average at end: {_load()}",
        "",
        *engine_rows(results),
        "",
        *cli_rows(results),
        "",
        *startup_rows(results),
        "",
        *target_rows(results),
        "",
        *yaml_only(repeats),
        "",
        *diff_only(repeats),
        "",
        *engine_ab(repeats),
    ]
    text = "\n".join(report) + "\n"
    print(text)
    if options.output:
        options.output.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
