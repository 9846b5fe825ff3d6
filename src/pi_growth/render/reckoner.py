"""The ready reckoner as a terminal table and as JSON."""

from __future__ import annotations

import json
from typing import Any

from pi_growth.engine import COMPONENTS
from pi_growth.periods import format_financial_year
from pi_growth.reckoner import Reckoner
from pi_growth.render import RenderOptions
from pi_growth.render.money import plain, pounds, rate_text

_COLUMNS = (
    ("salary", "Salary"),
    ("allowances", "Allowances"),
    ("employer_ni", "Employer NI"),
    ("pension", "Pension"),
    ("apprenticeship_levy", "Levy"),
    ("other", "Other"),
    ("loaded_cost", "Loaded"),
)


def _basis(reckoner: Reckoner) -> str:
    awards = ", ".join(
        f"{format_financial_year(year)} {rate_text(rate)}"
        for year, rate in sorted(reckoner.pay_awards.items())
    )
    return (
        f"One FTE held all year (April to March) at each point; price base "
        f"{format_financial_year(reckoner.rates.price_base)}; pay awards: {awards or 'none'}"
        f"{' from month ' + str(reckoner.pay_award_month) if awards else ''}."
    )


def render_reckoner_table(reckoner: Reckoner, rates_file: str, options: RenderOptions) -> str:
    """The reckoner for a terminal: one row per band, point and year."""
    from rich import box
    from rich.console import Group, RenderableType
    from rich.table import Table
    from rich.text import Text

    from pi_growth.render.console import render_to_text

    used = [
        (name, title)
        for name, title in _COLUMNS
        if any(getattr(row.annual, name) for row in reckoner.rows)
    ]
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, collapse_padding=True)
    table.add_column("Band", no_wrap=True)
    table.add_column("Point", justify="right", no_wrap=True)
    table.add_column("Year", no_wrap=True)
    for _, title in used:
        table.add_column(title, justify="right", no_wrap=True)
    table.add_column("Total", justify="right", no_wrap=True, style="bold")
    for row in reckoner.rows:
        table.add_row(
            row.band,
            str(row.point) if row.point else "",
            format_financial_year(row.year),
            *(pounds(getattr(row.annual, name)) for name, _ in used),
            pounds(row.annual.total),
        )
    parts: list[RenderableType] = [
        Text(f"Ready reckoner: {reckoner.rates.name} ({rates_file})", style="bold"),
        Text(_basis(reckoner), style="dim"),
        table,
    ]
    if reckoner.rates.source:
        parts.append(Text(f"Source: {reckoner.rates.source}", style="dim"))
    return render_to_text(Group(*parts), options)


def render_reckoner_json(reckoner: Reckoner, rates_file: str) -> str:
    """The reckoner as JSON: money as strings with two decimals."""
    document: dict[str, Any] = {
        "rates": {
            "name": reckoner.rates.name,
            "file": rates_file,
            "price_base": format_financial_year(reckoner.rates.price_base),
            "source": reckoner.rates.source,
        },
        "basis": _basis(reckoner),
        "years": [format_financial_year(year) for year in reckoner.years],
        "rows": [
            {
                "band": row.band,
                "point": row.point,
                "year": format_financial_year(row.year),
                **{name: plain(getattr(row.annual, name)) for name in COMPONENTS},
                "total": plain(row.annual.total),
            }
            for row in reckoner.rows
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
