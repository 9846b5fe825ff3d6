"""`pi-growth cost`: load, cost, render, write."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

from pi_growth.commands.common import (
    EXIT_BAD_INPUT,
    emit,
    report_problems,
    report_warnings,
    terminal_width,
    use_color,
)
from pi_growth.render import (
    BINARY_FORMATS,
    TABLE_FORMATS,
    UNITS_FORMATS,
    CostFormat,
    RenderError,
    RenderOptions,
    Report,
    cost_renderer,
    needs_monthly,
)


def run_cost(
    scenario: Path | None,
    fmt: CostFormat,
    output: Path | None,
    *,
    table: str | None = None,
    units: str | None = None,
    allow_outside_paths: bool | None = None,
) -> int:
    """Cost a scenario (the bundled plan when None) and write it in `fmt`; an exit code."""
    misuse = option_misuse(fmt, output, table, units)
    if misuse:
        print(f"error: {misuse}", file=sys.stderr)
        return EXIT_BAD_INPUT
    from pi_growth.cost.engine import cost_scenario, paused_gc
    from pi_growth.load.loader import load_scenario
    from pi_growth.problems import InputError

    with paused_gc():  # loading, costing and rendering build many acyclic objects
        try:
            loaded = load_scenario(scenario, allow_outside_paths=allow_outside_paths)
        except InputError as error:
            return report_problems(error.problems)
        report_warnings(loaded.warnings)
        result = cost_scenario(loaded.scenario, loaded.rates, monthly=needs_monthly(fmt, table))
        report = Report(result, loaded.scenario_file, loaded.rates_file)
        options = RenderOptions(
            width=terminal_width(), color=use_color(output), table=table, units=units or "pounds"
        )
        try:
            content = _render(fmt, report, options)
        except RenderError as error:
            print(f"error: {error}", file=sys.stderr)
            return EXIT_BAD_INPUT
        # Inside the paused collector: streamed text is made while it is written.
        return emit(content, output)


def _render(fmt: CostFormat, report: Report, options: RenderOptions) -> str | bytes | Iterator[str]:
    """The output in `fmt`. CSV comes as chunks made while they are written (the same text as
    its render_cost), so a force's monthly table, 670,000 rows and 70 MB, is never held whole."""
    if fmt == CostFormat.csv:
        from pi_growth.render.csv_format import stream_cost

        return stream_cost(report, options)
    if fmt == CostFormat.json:  # 10,000 teams x 50 years: never one document in memory
        from pi_growth.render.json_format import stream_cost as stream_json

        return stream_json(report, options)
    if fmt == CostFormat.markdown:  # a table at a time, never the whole report as one string
        from pi_growth.render.markdown import stream_cost as stream_markdown

        return stream_markdown(report, options)
    return cost_renderer(fmt)(report, options)


def option_misuse(
    fmt: CostFormat, output: Path | None, table: str | None, units: str | None
) -> str | None:
    """What is wrong with this combination of options, checked before any work; or None."""
    if fmt in BINARY_FORMATS and output is None:
        return f"--format {fmt} writes a binary file: give --output FILE.{fmt}"
    if table is not None and fmt not in TABLE_FORMATS:
        return f"--table applies to --format {' and '.join(sorted(TABLE_FORMATS))}, not {fmt}"
    if units is not None and fmt not in UNITS_FORMATS:
        return f"--units applies to --format {' and '.join(sorted(UNITS_FORMATS))}, not {fmt}"
    return None
