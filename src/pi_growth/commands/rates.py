"""`pi-growth rates`: the ready reckoner for a rate table or a scenario."""

from __future__ import annotations

from pathlib import Path

from pi_growth.commands.common import (
    emit,
    report_problems,
    report_warnings,
    terminal_width,
    use_color,
)
from pi_growth.render import RatesFormat, RatesReport, RenderOptions, rates_renderer


def run_rates(
    source: Path | None,
    fmt: RatesFormat,
    output: Path | None,
    *,
    allow_outside_paths: bool | None = None,
) -> int:
    """Build the reckoner for `source` (a rate table or a scenario; the bundled scenario when
    None) and write it in `fmt`; an exit code."""
    from pi_growth.cost.reckoner import build_reckoner
    from pi_growth.load.loader import (
        LoadedScenario,
        load_rate_table_or_scenario,
        load_scenario,
        named_file,
    )
    from pi_growth.problems import InputError

    try:
        loaded = (
            load_rate_table_or_scenario(source, allow_outside_paths=allow_outside_paths)
            if source is not None
            else load_scenario(None, allow_outside_paths=allow_outside_paths)
        )
    except InputError as error:
        return report_problems(error.problems)
    if isinstance(loaded, LoadedScenario):
        report_warnings(loaded.warnings)
        report = RatesReport(build_reckoner(loaded.rates, loaded.scenario), loaded.rates_file)
    else:
        assert source is not None
        report = RatesReport(build_reckoner(loaded), named_file(source, ("rates",))[1])
    options = RenderOptions(width=terminal_width(), color=use_color(output))
    return emit(rates_renderer(fmt)(report, options), output)
