"""`pi-growth sensitivity`: each budget's tornado (each driver low and high)."""

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


def run_sensitivity(
    scenario: Path | None,
    fmt: WhatIfFormat | None,
    output: Path | None,
    *,
    allow_outside_paths: bool | None = None,
) -> int:
    """Each budget's tornado in `fmt` (a chart for -o FILE.png|.svg); an exit code."""
    chosen = chosen_format(fmt, output)
    if chosen is None:
        return EXIT_BAD_INPUT
    from pi_growth.load.loader import load_scenario
    from pi_growth.problems import InputError
    from pi_growth.render import RenderError, RenderOptions, load_renderer
    from pi_growth.render.whatif_formats import SENSITIVITY_RENDERERS
    from pi_growth.whatif.sensitivity import sensitivity

    try:
        loaded = load_scenario(scenario, allow_outside_paths=allow_outside_paths)
    except InputError as error:
        return report_problems(error.problems)
    try:
        tornado = sensitivity(loaded.scenario, loaded.rates)
    except KeyboardInterrupt:
        return interrupted()
    if chosen == "chart":
        assert output is not None
        from pi_growth.render.whatif_chart import render_tornado

        try:
            return emit(render_tornado(tornado, output.suffix.lower()), output)
        except RenderError as error:
            print(f"error: {error}", file=sys.stderr)
            return EXIT_BAD_INPUT
    assert isinstance(chosen, WhatIfFormat)
    options = RenderOptions(width=terminal_width(), color=use_color(output))
    render = load_renderer(SENSITIVITY_RENDERERS[chosen])
    return emit(render(tornado, loaded.scenario_file, options), output)
