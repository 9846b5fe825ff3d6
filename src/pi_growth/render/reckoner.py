"""`pi-growth rates`: the grid's reckoner table for a terminal, as JSON, CSV and Markdown."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from pi_growth.periods import format_financial_year
from pi_growth.render import RatesReport, RenderOptions
from pi_growth.render.grid import (
    Cell,
    Column,
    people_columns,
    people_text,
    reckoner_table_of,
)
from pi_growth.render.money import plain

# At 80 columns the terminal table takes short headings, then moves components to a second
# table that repeats these key columns.
_KEYS = {"band", "point", "year"}
_SHORT_TITLES = {"allowances": "Allow.", "employer_ni": "NI", "loaded_cost": "Loaded"}
ROUNDING = (
    "Money is rounded to the pound, each figure on its own, so a row's components may not add "
    "up to its total exactly."
)


def render_table(report: RatesReport, options: RenderOptions) -> str:
    """For a terminal: the table's name and basis, then one row per band, point and year."""
    from rich.console import Group, RenderableType
    from rich.text import Text

    from pi_growth.render.fit import FitColumn, fit_tables
    from pi_growth.render.terminal import render_to_text

    table = reckoner_table_of(report.reckoner)
    columns = people_columns(table)
    positions = [table.index(column.key) for column in columns]
    fitted = [
        FitColumn(
            column.title,
            _SHORT_TITLES.get(column.key),
            justify="left" if column.kind == "text" else "right",
            key=column.key in _KEYS,
            style="bold" if column.key == "total" else None,
        )
        for column in columns
    ]
    rows = [
        [people_text(column, row[at]) for column, at in zip(columns, positions, strict=True)]
        for row in table.rows
    ]
    parts: list[RenderableType] = [
        Text(f"Ready reckoner: {report.reckoner.rates.name} ({report.rates_file})", style="bold"),
        Text(" ".join(table.notes), style="dim"),
        *fit_tables("", fitted, rows, options.width),
    ]
    if report.reckoner.rates.source:
        parts.append(Text(f"Source: {report.reckoner.rates.source}", style="dim"))
    parts.append(Text(ROUNDING, style="dim"))
    return render_to_text(Group(*parts), options)


def render_json(report: RatesReport, options: RenderOptions) -> str:  # noqa: ARG001
    """The rate table, the basis, the years and a row per band, point and year (money as
    strings with two decimals), each row keyed by the grid's column names."""
    reckoner = report.reckoner
    table = reckoner_table_of(reckoner)
    document: dict[str, Any] = {
        "rates": {
            "name": reckoner.rates.name,
            "file": report.rates_file,
            "price_base": format_financial_year(reckoner.rates.price_base),
            "source": reckoner.rates.source,
        },
        "basis": " ".join(table.notes),
        "years": [format_financial_year(year) for year in reckoner.years],
        "rows": [
            {
                column.key: _json_cell(column, cell)
                for column, cell in zip(table.columns, row, strict=True)
            }
            for row in table.rows
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _json_cell(column: Column, cell: Cell) -> Cell:
    return plain(cell) if column.kind == "money" and isinstance(cell, Decimal) else cell


def render_csv(report: RatesReport, options: RenderOptions) -> str:  # noqa: ARG001
    """The reckoner table as CSV, exactly as `cost --format csv --table reckoner` writes it."""
    from pi_growth.render.csv_format import table_csv

    return table_csv(reckoner_table_of(report.reckoner))


def render_markdown(report: RatesReport, options: RenderOptions) -> str:  # noqa: ARG001
    """The reckoner table as a GitHub-flavoured pipe table, headed by the rate table's name."""
    from pi_growth.render.markdown import table_block
    from pi_growth.render.markdown_text import code, text

    reckoner = report.reckoner
    table = reckoner_table_of(reckoner)
    parts = [
        f"## Ready reckoner: {text(reckoner.rates.name)}",
        f"Rate table `{code(report.rates_file)}`.",
        *table_block(table, "pounds"),
    ]
    if reckoner.rates.source:
        parts.append(f"Source: {text(reckoner.rates.source)}")
    parts.append(f"_{ROUNDING}_")
    return "\n\n".join(parts) + "\n"
