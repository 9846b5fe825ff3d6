"""The command line: a thin shell over the library. The only module that touches stdout,
stderr, output files and exit codes.

Heavy libraries (pydantic, yaml, rich) are imported inside the commands that need them, so
that `pi-growth --help` and `--version` start quickly.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pi_growth import __version__
from pi_growth.help_text import HelpCommand, examples
from pi_growth.render import CostFormat, CostTable, RatesFormat, Units
from pi_growth.render.diff_formats import DiffFormat
from pi_growth.render.org_formats import OrgFormat
from pi_growth.render.whatif_formats import WhatIfFormat

app = typer.Typer(
    name="pi-growth",
    help="Cost workforce growth plans: posts by pay band and team, month by month, "
    "against budget envelopes.",
    rich_markup_mode=None,
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)

OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        help="Write to this file (atomically) instead of stdout. Without --format, the "
        "file's extension says the format (.csv, .json, .md, .xlsx; otherwise table).",
    ),
]
PlainOutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        help="Write to this file (atomically) instead of stdout.",
    ),
]


# Off unless given: then PI_GROWTH_ALLOW_OUTSIDE_PATHS decides (see pi_growth.load.references).
AllowOutsideOption = Annotated[
    bool,
    typer.Option(
        "--allow-outside-paths",
        help="Read the rate table and extracts a scenario names even outside its repository "
        "(or folder). Off by default, so a scenario from a pull request cannot read other files.",
    ),
]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"pi-growth {__version__}")
        raise typer.Exit


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Cost workforce growth plans against budget envelopes."""


@app.command(
    cls=HelpCommand,
    short_help="Start a plan: write a commented starter scenario (and a rate table template).",
    epilog=examples("init"),
)
def init(
    folder: Annotated[
        Path | None,
        typer.Argument(
            metavar="DIR",
            help="The folder to write into (made if missing); the current folder when omitted.",
            show_default=False,
        ),
    ] = None,
    *,
    with_rates: Annotated[
        bool,
        typer.Option(
            "--rates",
            help="Also write rates.yaml, a commented rate table template to fill in.",
        ),
    ] = False,
) -> None:
    """Write scenario.yaml, a small commented plan on the bundled rate table (and, with
    --rates, rates.yaml, a rate table template), so that `check` and `cost` run at once.
    Existing files are never overwritten."""
    from pi_growth.commands.init import run_init

    raise typer.Exit(run_init(folder, with_rates=with_rates))


@app.command(
    cls=HelpCommand,
    short_help="Cost a scenario: posts, in-year cost and full-year effect by year, "
    "against its envelopes.",
    epilog=examples("cost"),
)
def cost(
    scenario: Annotated[
        Path | None,
        typer.Argument(
            metavar="SCENARIO",
            help="Scenario YAML file; the bundled P&I growth plan when omitted.",
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[
        CostFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="Output format: from --output's extension, else table (xlsx needs --output).",
            show_default=False,
        ),
    ] = None,
    output: OutputOption = None,
    table: Annotated[
        CostTable | None,
        typer.Option(
            "--table",
            help="csv: the table to export (default summary); markdown: only this table.",
            show_default=False,
        ),
    ] = None,
    units: Annotated[
        Units | None,
        typer.Option(
            "--units", help="table and markdown: money in pounds (default), thousands or millions."
        ),
    ] = None,
    *,
    allow_outside_paths: AllowOutsideOption = False,
) -> None:
    """Cost a scenario: each year's posts, in-year cost and full-year effect, and its budgets."""
    from pi_growth.commands.cost import run_cost
    from pi_growth.commands.output_format import chosen_format

    chosen = chosen_format(fmt, output, CostFormat, CostFormat.table)
    if chosen is None:
        raise typer.Exit(2)
    raise typer.Exit(
        run_cost(
            scenario,
            chosen,
            output,
            table=table,
            units=units,
            allow_outside_paths=allow_outside_paths or None,
        )
    )


@app.command(
    cls=HelpCommand,
    short_help="The ready reckoner: one FTE's annual cost per band, point and year.",
    epilog=examples("rates"),
)
def rates(
    source: Annotated[
        Path | None,
        typer.Argument(
            metavar="RATES_OR_SCENARIO",
            help="A rate table (a file, or a bundled table's name such as mps-police-staff), "
            "or a scenario (its table, with its pay awards, over its horizon). "
            "The bundled P&I growth scenario when omitted.",
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[
        RatesFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="Output format: from --output's extension, else table.",
            show_default=False,
        ),
    ] = None,
    output: OutputOption = None,
    allow_outside_paths: AllowOutsideOption = False,
) -> None:
    """The ready reckoner: the annual cost of one FTE in each band and point, split by component."""
    from pi_growth.commands.output_format import chosen_format
    from pi_growth.commands.rates import run_rates

    chosen = chosen_format(fmt, output, RatesFormat, RatesFormat.table)
    if chosen is None:
        raise typer.Exit(2)
    raise typer.Exit(
        run_rates(source, chosen, output, allow_outside_paths=allow_outside_paths or None)
    )


@app.command(
    cls=HelpCommand,
    short_help="Hold every budget and expectation of scenarios: exit 0 all well, 1 not, "
    "2 bad input.",
    epilog=examples("check"),
)
def check(
    scenarios: Annotated[
        list[Path],
        typer.Argument(
            metavar="SCENARIO", help="Scenario YAML files to check.", show_default=False
        ),
    ],
    *,
    allow_outside_paths: AllowOutsideOption = False,
) -> None:
    """Validate scenarios and hold every budget and expectation: exit 0 all well, 1 a budget
    over or an expectation failed, 2 bad input."""
    from pi_growth.commands.check import run_check

    raise typer.Exit(run_check(scenarios, allow_outside_paths=allow_outside_paths or None))


@app.command(
    cls=HelpCommand,
    short_help="Draw posts and cost by year and each envelope, as PNG or SVG for a paper.",
    epilog=examples("chart"),
)
def chart(
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="The picture to write: FILE.png or FILE.svg.",
            show_default=False,
        ),
    ],
    scenario: Annotated[
        Path | None,
        typer.Argument(
            metavar="SCENARIO",
            help="Scenario YAML file; the bundled P&I growth plan when omitted.",
            show_default=False,
        ),
    ] = None,
    *,
    allow_outside_paths: AllowOutsideOption = False,
) -> None:
    """Draw a scenario for a paper: posts by year, cost by year, each envelope against its cost.
    Needs the charts extra: pip install 'pi-growth[charts]'."""
    from pi_growth.commands.chart import run_chart

    raise typer.Exit(run_chart(scenario, output, allow_outside_paths=allow_outside_paths or None))


@app.command(
    cls=HelpCommand,
    short_help="What changed between two scenarios and what it does to costs and envelopes.",
    epilog=examples("diff"),
)
def diff(
    base: Annotated[
        str,
        typer.Argument(
            metavar="BASE", help="The scenario before: a file, or REV:path read from git."
        ),
    ],
    head: Annotated[
        str,
        typer.Argument(
            metavar="HEAD", help="The scenario after: a file, or REV:path read from git."
        ),
    ],
    fmt: Annotated[
        DiffFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="Output format: from --output's extension, else table.",
            show_default=False,
        ),
    ] = None,
    output: OutputOption = None,
    *,
    fail_above: Annotated[
        str | None,
        typer.Option(
            "--fail-above",
            metavar="AMOUNT|PCT",
            help="Exit 1 when a year's in-year cost or full-year effect, or an envelope's "
            "cost, rises by more than this: an amount (50000, £50k) or a percentage (5%).",
            show_default=False,
        ),
    ] = None,
    quiet_if_unchanged: Annotated[
        bool,
        typer.Option(
            "--quiet-if-unchanged",
            help="Print (or write) nothing, and exit 0, when no figure or status differs.",
        ),
    ] = False,
    allow_outside_paths: AllowOutsideOption = False,
) -> None:
    """What changed between two scenarios, what it does to costs and envelopes, and a bridge
    of the change by driver. Exit 0; 1 when --fail-above's limit is broken; 2 bad input."""
    from pi_growth.commands.diff import run_diff
    from pi_growth.commands.output_format import chosen_format

    chosen = chosen_format(fmt, output, DiffFormat, DiffFormat.table)
    if chosen is None:
        raise typer.Exit(2)
    raise typer.Exit(
        run_diff(
            base,
            head,
            chosen,
            output,
            allow_outside_paths=allow_outside_paths or None,
            fail_above=fail_above,
            quiet_if_unchanged=quiet_if_unchanged,
        )
    )


ScenarioArgument = Annotated[
    Path | None,
    typer.Argument(
        metavar="SCENARIO",
        help="Scenario YAML file; the bundled P&I growth plan when omitted.",
        show_default=False,
    ),
]
WhatIfFormatOption = Annotated[
    WhatIfFormat | None,
    typer.Option(
        "--format",
        "-f",
        help="Output format (default: from -o's suffix, a chart for .png/.svg; else table).",
        show_default=False,
    ),
]


@app.command(
    cls=HelpCommand,
    short_help="Cost runs drawn from the scenario's uncertainty: P10, P50, P90 and the odds "
    "of each budget being over.",
    epilog=examples("simulate"),
)
def simulate(
    scenario: ScenarioArgument = None,
    *,
    runs: Annotated[int, typer.Option("--runs", "-n", help="How many runs.")] = 10_000,
    seed: Annotated[int, typer.Option("--seed", help="Seed: run k depends only on it and k.")] = 0,
    fmt: WhatIfFormatOption = None,
    output: OutputOption = None,
    emit_run: Annotated[
        int | None,
        typer.Option(
            "--emit-run",
            help="Write run K as a plain scenario to -o FILE.yaml (cost reproduces it).",
            metavar="K",
            show_default=False,
        ),
    ] = None,
    allow_outside_paths: AllowOutsideOption = False,
) -> None:
    """Cost N runs drawn from the scenario's uncertainty ranges: P10/P50/P90 and mean of each
    year and budget, and how likely each budget is to be over."""
    from pi_growth.commands.simulate import run_simulate

    raise typer.Exit(
        run_simulate(
            scenario,
            runs,
            seed,
            fmt,
            output,
            emit_run=emit_run,
            allow_outside_paths=allow_outside_paths or None,
        )
    )


@app.command(
    cls=HelpCommand,
    short_help="The organisation now and at each year end: teams and their posts by band.",
    epilog=examples("org"),
)
def org(
    scenario: Annotated[
        Path | None,
        typer.Argument(
            metavar="SCENARIO",
            help="Scenario YAML file; the bundled P&I growth plan when omitted.",
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[
        OrgFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="Output format: from --output's extension, else table.",
            show_default=False,
        ),
    ] = None,
    output: OutputOption = None,
    *,
    allow_outside_paths: AllowOutsideOption = False,
) -> None:
    """The organisation now and at each year end: teams, their posts by band, the posts added
    and the teams restructured (a tree; Markdown, JSON or a Mermaid flowchart)."""
    from pi_growth.commands.org import run_org
    from pi_growth.commands.output_format import chosen_format

    chosen = chosen_format(fmt, output, OrgFormat, OrgFormat.table)
    if chosen is None:
        raise typer.Exit(2)
    raise typer.Exit(
        run_org(scenario, chosen, output, allow_outside_paths=allow_outside_paths or None)
    )


@app.command(
    cls=HelpCommand,
    short_help="Switching values: how far each driver can move before a budget's status flips.",
    epilog=examples("solve"),
)
def solve(
    scenario: ScenarioArgument = None,
    *,
    fmt: WhatIfFormatOption = None,
    output: OutputOption = None,
    allow_outside_paths: AllowOutsideOption = False,
) -> None:
    """Switching values: for each budget, the smallest change to each driver (pay awards,
    fill delay, posts of each band, vacancy factor) at which its status flips."""
    from pi_growth.commands.solve import run_solve

    raise typer.Exit(
        run_solve(scenario, fmt, output, allow_outside_paths=allow_outside_paths or None)
    )


@app.command(
    cls=HelpCommand,
    short_help="A tornado per budget: each driver low and high, widest swing first.",
    epilog=examples("sensitivity"),
)
def sensitivity(
    scenario: ScenarioArgument = None,
    *,
    fmt: WhatIfFormatOption = None,
    output: OutputOption = None,
    allow_outside_paths: AllowOutsideOption = False,
) -> None:
    """A tornado for each budget: each driver at its low and high value (the uncertainty
    ranges, or standard ones), with the budget's cost at both, widest swing first."""
    from pi_growth.commands.sensitivity import run_sensitivity

    raise typer.Exit(
        run_sensitivity(scenario, fmt, output, allow_outside_paths=allow_outside_paths or None)
    )


@app.command(
    cls=HelpCommand,
    short_help="Print the JSON Schema of scenario files, for editors and CI.",
    epilog=examples("schema"),
)
def schema(output: PlainOutputOption = None) -> None:
    """Print the JSON Schema of scenario files (for editors and CI)."""
    from pi_growth.commands.schema import run_schema

    raise typer.Exit(run_schema(output))


def main() -> None:
    """Entry point of the `pi-growth` script."""
    app()
