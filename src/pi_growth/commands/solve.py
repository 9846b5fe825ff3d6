"""`pi-growth solve`: each budget's switching value for each driver."""

from __future__ import annotations

import sys
from pathlib import Path

from pi_growth.commands.common import (
    EXIT_BAD_INPUT,
    emit,
    report_problems,
    terminal_width,
    use_color,
)
from pi_growth.commands.whatif_common import chosen_format, interrupted
from pi_growth.render.whatif_formats import WhatIfFormat


def run_solve(
    scenario: Path | None,
    fmt: WhatIfFormat | None,
    output: Path | None,
    *,
    allow_outside_paths: bool | None = None,
) -> int:
    """Solve for every budget's switching values and write them in `fmt`; an exit code."""
    chosen = chosen_format(fmt, output)
    if chosen is None:
        return EXIT_BAD_INPUT
    if chosen == "chart":
        print("error: solve has no chart; use -o FILE.json, .csv, .md or .txt", file=sys.stderr)
        return EXIT_BAD_INPUT
    from pi_growth.load.loader import load_scenario
    from pi_growth.problems import InputError
    from pi_growth.render import RenderOptions, load_renderer
    from pi_growth.render.whatif_formats import SOLVE_RENDERERS
    from pi_growth.whatif.solve import solve

    try:
        loaded = load_scenario(scenario, allow_outside_paths=allow_outside_paths)
    except InputError as error:
        return report_problems(error.problems)
    try:
        solution = solve(loaded.scenario, loaded.rates)
    except KeyboardInterrupt:
        return interrupted()
    assert isinstance(chosen, WhatIfFormat)
    options = RenderOptions(width=terminal_width(), color=use_color(output))
    return emit(
        load_renderer(SOLVE_RENDERERS[chosen])(solution, loaded.scenario_file, options), output
    )
