"""`pi-growth org`: the organisation now and at each year end, in a format."""

from __future__ import annotations

from pathlib import Path

from pi_growth.commands.common import (
    emit,
    report_problems,
    report_warnings,
    terminal_width,
    use_color,
)
from pi_growth.render import RenderOptions
from pi_growth.render.org_formats import OrgFormat, org_renderer


def run_org(
    scenario: Path | None,
    fmt: OrgFormat,
    output: Path | None,
    *,
    allow_outside_paths: bool | None = None,
) -> int:
    """Build the organisation of a scenario (the bundled plan when None) and write it in
    `fmt`; an exit code. `allow_outside_paths` as for `load_scenario`."""
    from pi_growth.cost.organisation import build_organisation
    from pi_growth.load.loader import load_scenario
    from pi_growth.problems import InputError

    try:
        loaded = load_scenario(scenario, allow_outside_paths=allow_outside_paths)
    except InputError as error:
        return report_problems(error.problems)
    report_warnings(loaded.warnings)
    organisation = build_organisation(loaded.scenario, loaded.rates.bands)
    options = RenderOptions(width=terminal_width(), color=use_color(output))
    return emit(org_renderer(fmt)(organisation, options), output)
