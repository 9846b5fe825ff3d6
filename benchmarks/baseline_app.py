"""The start-up yardstick of issue 2: a minimal typer + pydantic + yaml + rich command.

It loads a small YAML file, validates it with pydantic and prints a 10-row rich table --
the least any CLI on this stack does. `benchmarks/run.py` times `pi-growth` against it.

    .venv/bin/python benchmarks/baseline_app.py benchmarks/baseline.yaml
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Annotated

import typer
import yaml
from pydantic import BaseModel, ConfigDict
from rich.console import Console
from rich.table import Table


class Line(BaseModel):
    """One line of the small plan."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    team: str
    band: str
    posts: int
    salary: Decimal


class Plan(BaseModel):
    """The small plan: a name and its lines."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    lines: list[Line]


def main(path: Annotated[Path, typer.Argument(help="A small YAML plan.")]) -> None:
    """Load, validate and print the plan as a table."""
    plan = Plan.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    table = Table(title=plan.name)
    for column in ("Team", "Band", "Posts", "Cost"):
        table.add_column(column)
    for line in plan.lines[:10]:
        table.add_row(line.team, line.band, str(line.posts), f"£{line.posts * line.salary:,.0f}")
    Console(width=100).print(table)


if __name__ == "__main__":
    typer.run(main)
