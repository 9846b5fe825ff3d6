"""How `--help` reads: argument names without Python type names, and an example per command.

typer prints an argument as `scenario <path>` and a list as `scenarios... <list[Path]>`; a
finance user reads `SCENARIO` and `SCENARIO...` better. Choices (`<table|json|csv>`) stay:
they say what may be given.
"""

from __future__ import annotations

from typing import Any

import typer.core

# typer carries its own copy of click (typer._click), so contexts and parameters are typed Any.

# Each command's examples, shown under its --help (click keeps a paragraph after "\b" as is).
EXAMPLES = {
    "init": (
        "pi-growth init my-plan             # my-plan/scenario.yaml",
        "pi-growth init my-plan --rates     # and a rate table to fill in",
        "cd my-plan && pi-growth check scenario.yaml && pi-growth cost scenario.yaml",
    ),
    "cost": (
        "pi-growth cost                         # the bundled P&I growth plan",
        "pi-growth cost plan.yaml --units thousands",
        "pi-growth cost plan.yaml -o plan.xlsx  # the format from the name",
        "pi-growth cost plan.yaml --format csv --table monthly -o monthly.csv",
    ),
    "rates": (
        "pi-growth rates mps-police-staff    # a bundled table, by name",
        "pi-growth rates plan.yaml           # over the plan's years and awards",
        "pi-growth rates ../rates/my-force.yaml -o reckoner.csv",
    ),
    "check": (
        "pi-growth check scenarios/*.yaml",
        "pi-growth check plan.yaml || echo 'over, or an expectation failed'",
    ),
    "chart": (
        "pi-growth chart plan.yaml -o plan.png",
        "pi-growth chart -o plan.svg            # the bundled plan",
    ),
    "diff": (
        "pi-growth diff before.yaml after.yaml",
        "pi-growth diff origin/main:plan.yaml plan.yaml --format markdown -o diff.md",
    ),
    "simulate": (
        "pi-growth simulate plan.yaml --runs 10000 --seed 0",
        "pi-growth simulate plan.yaml -o runs.json",
        "pi-growth simulate plan.yaml --emit-run 42 -o run-42.yaml",
    ),
    "solve": (
        "pi-growth solve plan.yaml",
        "pi-growth solve plan.yaml --format markdown -o switching.md",
    ),
    "sensitivity": (
        "pi-growth sensitivity plan.yaml",
        "pi-growth sensitivity plan.yaml -o tornado.png",
    ),
    "org": (
        "pi-growth org plan.yaml",
        "pi-growth org plan.yaml --format mermaid -o org.mmd",
    ),
    "schema": ("pi-growth schema -o scenario.schema.json",),
}


def examples(command: str) -> str:
    """The epilog of `command`'s help: its examples, one per line, never rewrapped."""
    lines = "\n".join(f"  {line}" for line in EXAMPLES[command])
    return f"Examples:\n\n\b\n{lines}"


def _argument_name(param: Any) -> str:
    name = param.metavar or (param.name or "").upper()
    if param.nargs != 1:
        name += "..."
    return name


class HelpCommand(typer.core.TyperCommand):
    """A command whose help names its arguments as people write them, without their types."""

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        """`[OPTIONS] [SCENARIO]`, `[OPTIONS] SCENARIO...`: optional arguments in brackets."""
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if param.param_type_name == "argument":
                name = _argument_name(param)
                pieces.append(name if param.required else f"[{name}]")
        return pieces

    def format_options(self, ctx: Any, formatter: Any) -> None:
        """Arguments by name only (their help says what they are), then the options."""
        arguments: list[tuple[str, str]] = []
        options: list[tuple[str, str]] = []
        for param in self.get_params(ctx):
            record = param.get_help_record(ctx)
            if record is None:
                continue
            if param.param_type_name == "argument":
                arguments.append((_argument_name(param), record[1]))
            else:
                options.append(record)
        for title, records in (("Arguments", arguments), ("Options", options)):
            if records:
                with formatter.section(title):
                    formatter.write_dl(records)
