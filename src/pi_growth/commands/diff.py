"""`pi-growth diff BASE HEAD`: load both sides (files or `REV:path`), compare, render, write."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from pi_growth.commands.common import (
    EXIT_BAD_INPUT,
    EXIT_FINDINGS,
    EXIT_OK,
    emit,
    report_problems,
    report_warnings,
    terminal_width,
    use_color,
)
from pi_growth.render import RenderOptions
from pi_growth.render.diff_formats import DiffFormat, diff_renderer

if TYPE_CHECKING:
    from pi_growth.compare.diff import Side


def run_diff(
    base: str,
    head: str,
    fmt: DiffFormat,
    output: Path | None,
    *,
    allow_outside_paths: bool | None = None,
    fail_above: str | None = None,
    quiet_if_unchanged: bool = False,
) -> int:
    """Compare BASE with HEAD and write the comparison in `fmt`; an exit code: 0, 1 when a
    figure rose by more than `fail_above` (the output is still written), 2 on bad input.
    With `quiet_if_unchanged`, nothing is printed or written when no figure moved.
    `allow_outside_paths` as for `load_scenario` (None: the environment variable decides)."""
    import dataclasses

    from pi_growth.compare.diff import compare
    from pi_growth.compare.gates import apply_gate, figures_unchanged, parse_limit
    from pi_growth.cost.engine import paused_gc
    from pi_growth.problems import InputError, Problem

    limit = None
    if fail_above is not None:
        try:
            limit = parse_limit(fail_above)
        except ValueError as error:  # said before any work, as for other misused options
            print(f"error: --fail-above: {error}", file=sys.stderr)
            return EXIT_BAD_INPUT

    with paused_gc():  # loading, comparing and rendering build many acyclic objects
        problems: list[Problem] = []
        sides: list[Side] = []
        with tempfile.TemporaryDirectory(prefix="pi-growth-diff-") as temporary:
            for name, argument in (("base", base), ("head", head)):
                try:
                    scratch = Path(temporary).resolve() / name
                    sides.append(
                        load_side(argument, scratch, allow_outside_paths=allow_outside_paths)
                    )
                except InputError as error:
                    problems += error.problems
        if problems:
            return report_problems(problems)
        difference = compare(sides[0], sides[1])
        if quiet_if_unchanged and figures_unchanged(difference):
            return EXIT_OK
        if limit is not None:
            difference = dataclasses.replace(difference, gate=apply_gate(difference, limit))
        options = RenderOptions(width=terminal_width(), color=use_color(output))
        written = emit(diff_renderer(fmt)(difference, options), output)
    if written == EXIT_OK and difference.gate is not None and difference.gate.failed:
        return EXIT_FINDINGS
    return written


def load_side(argument: str, scratch: Path, *, allow_outside_paths: bool | None = None) -> Side:
    """One side: a scenario file, or `REV:path` read from git into `scratch`."""
    from pi_growth.compare.diff import Side
    from pi_growth.load.loader import load_scenario
    from pi_growth.load.references import outside_paths_allowed
    from pi_growth.load.revisions import is_revision_reference, materialise
    from pi_growth.problems import InputError

    if not is_revision_reference(argument):
        loaded = load_scenario(Path(argument), allow_outside_paths=allow_outside_paths)
        report_warnings(loaded.warnings)
        return Side(loaded.scenario, loaded.rates, loaded.scenario_file, loaded.rates_file)
    written = materialise(
        argument, scratch, allow_outside=outside_paths_allowed(allow_outside_paths)
    )
    try:
        # The copy of the repository stands for it at that revision: references may reach
        # anywhere in it (`../rates/...`), as they could in a checkout.
        loaded = load_scenario(
            written.scenario, root=written.repository, allow_outside_paths=allow_outside_paths
        )
    except InputError as error:
        raise InputError(written.relabel(error.problems)) from None
    report_warnings(written.relabel(list(loaded.warnings)))
    return Side(loaded.scenario, loaded.rates, argument, written.label(loaded.rates_file))
