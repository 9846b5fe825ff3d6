"""`pi-growth chart`: the scenario as a picture for a paper, PNG or SVG by the file's suffix."""

from __future__ import annotations

import sys
from pathlib import Path

from pi_growth.commands.common import EXIT_BAD_INPUT, emit, report_problems, report_warnings


def run_chart(
    scenario: Path | None, output: Path, *, allow_outside_paths: bool | None = None
) -> int:
    """Cost a scenario (the bundled plan when None) and draw it into `output`; an exit code.
    `allow_outside_paths` as for `load_scenario` (None: the environment variable decides)."""
    suffix = output.suffix.lower().removeprefix(".")
    if suffix not in ("png", "svg"):
        print(f"error: {output}: the chart file must end in .png or .svg", file=sys.stderr)
        return EXIT_BAD_INPUT
    from pi_growth.cost.engine import cost_scenario
    from pi_growth.load.loader import load_scenario
    from pi_growth.problems import InputError
    from pi_growth.render import MissingExtraError, Report
    from pi_growth.render.chart import render_chart

    try:
        loaded = load_scenario(scenario, allow_outside_paths=allow_outside_paths)
    except InputError as error:
        return report_problems(error.problems)
    report_warnings(loaded.warnings)
    result = cost_scenario(loaded.scenario, loaded.rates)
    report = Report(result, loaded.scenario_file, loaded.rates_file)
    try:
        content = render_chart(report, "png" if suffix == "png" else "svg")
    except MissingExtraError as error:  # the charts extra is not installed: how to install it
        print(f"error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    return emit(content, output)
