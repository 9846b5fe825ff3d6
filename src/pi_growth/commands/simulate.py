"""`pi-growth simulate`: sample the scenario's uncertainty, cost each run exactly, report."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from pi_growth.commands.common import (
    EXIT_BAD_INPUT,
    emit,
    report_problems,
    terminal_width,
    use_color,
)
from pi_growth.commands.whatif_common import chosen_format, interrupted, progress_bar
from pi_growth.render.whatif_formats import WhatIfFormat

# Every run keeps its exact figures (for the percentiles): a million runs of the bundled plan
# hold about half a gigabyte, so that is the most one simulation takes.
MAX_RUNS = 1_000_000


def run_simulate(
    scenario: Path | None,
    runs: int,
    seed: int,
    fmt: WhatIfFormat | None,
    output: Path | None,
    *,
    emit_run: int | None = None,
    allow_outside_paths: bool | None = None,
) -> int:
    """Simulate (or, with `emit_run`, write one run as a scenario); an exit code."""
    misuse = _misuse(runs, emit_run, output)
    if misuse:
        print(f"error: {misuse}", file=sys.stderr)
        return EXIT_BAD_INPUT
    from pi_growth.load.loader import load_scenario_and_document
    from pi_growth.problems import InputError
    from pi_growth.whatif.simulate import NothingUncertainError

    chosen = chosen_format(fmt, output) if emit_run is None else None
    if emit_run is None and chosen is None:
        return EXIT_BAD_INPUT
    try:
        loaded, document = load_scenario_and_document(
            scenario, allow_outside_paths=allow_outside_paths
        )
    except InputError as error:
        return report_problems(error.problems)
    try:
        if emit_run is not None:
            assert output is not None
            return _emit_run(loaded, document.data, emit_run, seed, output)
        assert chosen is not None
        return _simulate(loaded, runs, seed, chosen, output)
    except NothingUncertainError as error:
        print(
            f"{loaded.scenario_file}: error: {error}; add one (see docs/what-if.md), or use "
            "`pi-growth sensitivity`, which needs none",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return interrupted()


def _misuse(runs: int, emit_run: int | None, output: Path | None) -> str | None:
    if not 1 <= runs <= MAX_RUNS:
        return f"--runs must be from 1 to {MAX_RUNS:,}"
    if emit_run is not None:
        if output is None:
            return "--emit-run K writes a scenario file: give -o FILE.yaml"
        if emit_run < 1:
            return "--emit-run counts runs from 1"
    return None


def _simulate(
    loaded: object, runs: int, seed: int, fmt: WhatIfFormat | str, output: Path | None
) -> int:
    from pi_growth.load.loader import LoadedScenario
    from pi_growth.render import RenderOptions, load_renderer
    from pi_growth.render.whatif_formats import SIMULATE_RENDERERS
    from pi_growth.whatif.simulate import simulate

    assert isinstance(loaded, LoadedScenario)
    if fmt == "chart" and output is None:
        print("error: a chart needs -o FILE.png or FILE.svg", file=sys.stderr)
        return EXIT_BAD_INPUT
    with progress_bar("simulating", runs) as progress:
        simulation = simulate(loaded.scenario, loaded.rates, runs, seed, progress)
    if fmt == "chart":
        assert output is not None
        from pi_growth.render import RenderError
        from pi_growth.render.whatif_chart import render_fan_chart

        try:
            picture = render_fan_chart(simulation, output.suffix.lower())
        except RenderError as error:
            print(f"error: {error}", file=sys.stderr)
            return EXIT_BAD_INPUT
        return emit(picture, output)
    assert isinstance(fmt, WhatIfFormat)
    options = RenderOptions(width=terminal_width(), color=use_color(output))
    text = load_renderer(SIMULATE_RENDERERS[fmt])(simulation, loaded.scenario_file, options)
    return emit(text, output)


def _emit_run(loaded: object, data: object, run: int, seed: int, output: Path) -> int:
    from pi_growth.load.loader import LoadedScenario
    from pi_growth.whatif.emit import CannotEmitError, run_scenario
    from pi_growth.whatif.sampling import Sampler
    from pi_growth.whatif.simulate import prepare_simulation

    assert isinstance(loaded, LoadedScenario)
    assert isinstance(data, dict)
    whatif = prepare_simulation(loaded.scenario, loaded.rates)
    draw = Sampler(loaded.scenario, whatif.lines, seed).draw(run)
    try:
        plain = run_scenario(data, whatif, draw, run, _rates_reference(loaded.rates_file, output))
    except CannotEmitError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    heading = (
        f"Run {run} (seed {seed}) of `pi-growth simulate` on {loaded.scenario_file}: the\n"
        "scenario with this run's fill months, pay awards and vacancy factor, and no ranges.\n"
        "`pi-growth cost` of this file gives the run's figures to the penny."
    )
    return emit(run_yaml(plain, heading), output)


def run_yaml(plain: dict[str, Any], heading: str) -> str:
    """YAML text of a run, with a heading comment."""
    import yaml

    comment = "".join(f"# {line}\n" for line in heading.splitlines())
    return comment + yaml.safe_dump(plain, sort_keys=False, allow_unicode=True, width=100)


def _rates_reference(rates_file: str, output: Path) -> str:
    """The rate table as the emitted file should name it: a bundled table by its name, any
    other by a path from the emitted file's folder."""
    import os

    from pi_growth.load.loader import BUNDLED, bundled_rate_tables, data_directory

    if rates_file.endswith(BUNDLED):  # shown by name: `mps-police-staff (bundled)`
        return rates_file.removesuffix(BUNDLED)
    path = Path(rates_file).resolve()
    bundled = data_directory() / "rates"
    if path.parent == bundled.resolve() and path.stem in bundled_rate_tables():
        return path.stem
    folder = output.resolve().parent
    try:
        return Path(os.path.relpath(path, folder)).as_posix()
    except ValueError:  # another drive: only an absolute path reaches it
        return path.as_posix()
