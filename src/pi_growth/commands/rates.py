"""`pi-growth rates`: the ready reckoner for a rate table or a scenario."""

from __future__ import annotations

from pathlib import Path

from pi_growth.commands.common import (
    EXIT_BAD_INPUT,
    emit,
    report_problems,
    terminal_width,
    use_color,
)
from pi_growth.render import RenderOptions

RATES_FORMATS = ("table", "json")


def run_rates(
    source: Path | None,
    fmt: str,
    output: Path | None,
    *,
    allow_outside_paths: bool | None = None,
) -> int:
    """Build the reckoner for `source` (a rate table or a scenario) and write it; an exit code."""
    import sys

    from pi_growth.loader import LoadedScenario, load_rate_table_or_scenario, load_scenario
    from pi_growth.problems import InputError
    from pi_growth.reckoner import build_reckoner

    if fmt not in RATES_FORMATS:
        print(f"error: --format must be one of: {', '.join(RATES_FORMATS)}", file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        loaded = (
            load_rate_table_or_scenario(source, allow_outside_paths=allow_outside_paths)
            if source is not None
            else load_scenario(None, allow_outside_paths=allow_outside_paths)
        )
        if isinstance(loaded, LoadedScenario):
            rates_file = loaded.rates_file
            reckoner = build_reckoner(loaded.rates, loaded.scenario)
        else:
            rates_file = str(source)
            reckoner = build_reckoner(loaded)
    except InputError as error:
        return report_problems(error.problems)
    options = RenderOptions(width=terminal_width(), color=use_color(output))
    if fmt == "json":
        from pi_growth.render.reckoner import render_reckoner_json

        return emit(render_reckoner_json(reckoner, rates_file), output)
    from pi_growth.render.reckoner import render_reckoner_table

    return emit(render_reckoner_table(reckoner, rates_file, options), output)
