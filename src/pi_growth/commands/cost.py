"""`pi-growth cost`: load, cost, render, write."""

from __future__ import annotations

from pathlib import Path

from pi_growth.commands.common import emit, report_problems, terminal_width, use_color
from pi_growth.render import CostFormat, RenderOptions, Report, cost_renderer


def run_cost(scenario: Path | None, fmt: CostFormat, output: Path | None) -> int:
    """Cost a scenario (the bundled plan when None) and write it in `fmt`; an exit code."""
    from pi_growth.engine import cost_scenario
    from pi_growth.loader import load_scenario
    from pi_growth.problems import InputError

    try:
        loaded = load_scenario(scenario)
    except InputError as error:
        return report_problems(error.problems)
    result = cost_scenario(loaded.scenario, loaded.rates)
    report = Report(result, loaded.scenario_file, loaded.rates_file)
    options = RenderOptions(width=terminal_width(), color=use_color(output))
    return emit(cost_renderer(fmt)(report, options), output)
