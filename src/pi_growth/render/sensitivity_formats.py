"""`pi-growth sensitivity` as JSON, CSV, Markdown and a terminal table (SPEC §9)."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from fractions import Fraction
from typing import Any

from pi_growth.periods import format_financial_year
from pi_growth.render import RenderOptions
from pi_growth.render.csv_format import neutralise
from pi_growth.render.markdown_text import text as md
from pi_growth.render.terminal import render_to_text
from pi_growth.render.whatif_common import money_plain, money_pounds, signed_pounds
from pi_growth.whatif.emit import decimal_text
from pi_growth.whatif.sensitivity import Bar, DriverRange, Tornado


def value_text(driver: DriverRange, value: Fraction) -> str:
    """A driver's low or high value in its unit: months, pp to 2 decimals, or a fraction."""
    if driver.driver == "fill_delay_months":
        return str(int(value))
    if driver.driver == "pay_award_pp":
        return f"{float(value):.2f}" if value.denominator == 1 else decimal_text(value)
    return decimal_text(value)


def _human(driver: DriverRange, value: Fraction) -> str:
    if driver.driver == "fill_delay_months":
        return f"{int(value):+d} months" if value else "0 months"
    if driver.driver == "pay_award_pp":
        return f"{Decimal(value.numerator) / value.denominator:+.2f} pp"
    return f"{decimal_text(value * 100)}%"


def _bar_entry(bar: Bar) -> dict[str, Any]:
    driver = bar.driver
    return {
        "driver": driver.driver,
        "label": driver.label,
        "low": value_text(driver, driver.low),
        "high": value_text(driver, driver.high),
        "cost_low": money_plain(bar.cost_low),
        "cost_high": money_plain(bar.cost_high),
        "variance_low": money_plain(bar.amount - bar.cost_low),
        "variance_high": money_plain(bar.amount - bar.cost_high),
        "swing": money_plain(bar.swing),
    }


def tornado_document(tornado: Tornado, scenario_file: str) -> dict[str, Any]:
    """The JSON document (SPEC §9 keys, and more) as plain data."""
    budgets = []
    for budget in tornado.budgets:
        entry: dict[str, Any] = {
            "name": budget.name,
            "amount": money_plain(Fraction(budget.amount)),
            "cost": money_plain(budget.cost),
        }
        if budget.price_base is not None:
            entry["price_base"] = format_financial_year(budget.price_base)
        entry["drivers"] = [_bar_entry(bar) for bar in budget.bars]
        if budget.outturn is not None:
            entry["outturn"] = {
                "cost": money_plain(budget.outturn.cost),
                "drivers": [_bar_entry(bar) for bar in budget.outturn.bars],
            }
        budgets.append(entry)
    return {
        "scenario": {"name": tornado.scenario.name, "file": scenario_file},
        "drivers_from": "uncertainty" if tornado.from_uncertainty else "standard",
        "budgets": budgets,
    }


def render_json(tornado: Tornado, scenario_file: str, options: RenderOptions) -> str:  # noqa: ARG001 - shared signature
    """JSON, keys in a stable order, ending with a newline."""
    document = tornado_document(tornado, scenario_file)
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def render_csv(tornado: Tornado, scenario_file: str, options: RenderOptions) -> str:  # noqa: ARG001 - shared signature
    """One row per budget and driver, widest swing first."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    columns = ["driver", "label", "low", "high", "cost_low", "cost_high"]
    columns += ["variance_low", "variance_high", "swing"]
    writer.writerow(["budget", "basis", *columns])
    for budget in tornado.budgets:
        for basis, shown in (("judged", budget), ("outturn", budget.outturn)):
            for bar in shown.bars if shown is not None else ():
                entry = _bar_entry(bar)
                cells = [neutralise(entry[key]) for key in columns]
                writer.writerow([neutralise(budget.name), basis, *cells])
    return buffer.getvalue()


def _intro(tornado: Tornado) -> str:
    if tornado.from_uncertainty:
        return "Each uncertain input at its min and max, everything else at the plan's values."
    return (
        "The scenario has no uncertainty: block, so the standard drivers: every pay award of "
        "the horizon -1 pp and +1 pp, fill delay 0 and +3 months, vacancy factor 0 and 5%."
    )


def _heading(budget: Any, *, outturn: bool = False) -> str:
    if outturn:
        basis = " at outturn"
    elif budget.price_base is not None:
        basis = f" at {format_financial_year(budget.price_base)} prices"
    else:
        basis = ""
    return (
        f"{budget.name}{basis}: {money_pounds(budget.cost)} against "
        f"{money_pounds(Fraction(budget.amount))}"
    )


def _shown(tornado: Tornado) -> list[tuple[Any, bool]]:
    """Each budget's tornado, then (judged at a price base) the same at outturn."""
    found: list[tuple[Any, bool]] = []
    for budget in tornado.budgets:
        found.append((budget, False))
        if budget.outturn is not None:
            found.append((budget.outturn, True))
    return found


def render_markdown(tornado: Tornado, scenario_file: str, options: RenderOptions) -> str:  # noqa: ARG001 - shared signature
    """A table per budget, widest swing first."""
    lines = [f"## {md(tornado.scenario.name)}: sensitivity", "", _intro(tornado), ""]
    for budget, outturn in _shown(tornado):
        lines += [
            f"### {md(_heading(budget, outturn=outturn))}",
            "",
            "| Driver | Low | High | Cost at low | Cost at high | Headroom at low "
            "| Headroom at high | Swing |",
            "|---|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for bar in budget.bars:
            driver = bar.driver
            lines.append(
                f"| {md(driver.label)} | {_human(driver, driver.low)} "
                f"| {_human(driver, driver.high)} | {money_pounds(bar.cost_low)} "
                f"| {money_pounds(bar.cost_high)} | {signed_pounds(bar.amount - bar.cost_low)} "
                f"| {signed_pounds(bar.amount - bar.cost_high)} | {money_pounds(bar.swing)} |"
            )
        lines.append("")
    return "\n".join(lines)


def render_table(tornado: Tornado, scenario_file: str, options: RenderOptions) -> str:
    """The report for a terminal."""
    from rich.console import Group
    from rich.text import Text

    parts: list[Any] = [
        Text(f"{tornado.scenario.name}: sensitivity", style="bold"),
        Text(scenario_file, style="dim"),
        Text(),
    ]
    from pi_growth.render.fit import FitColumn, fit_tables

    columns = [FitColumn("Driver", key=True, wrap=True, min_width=16)]
    columns += [FitColumn(title, justify="right") for title in ("Low", "High")]
    columns += [
        FitColumn("Cost at low", "At low", justify="right"),
        FitColumn("Cost at high", "At high", justify="right"),
        FitColumn("Swing", justify="right"),
    ]
    for budget, outturn in _shown(tornado):
        rows = [
            (
                bar.driver.label,
                _human(bar.driver, bar.driver.low),
                _human(bar.driver, bar.driver.high),
                money_pounds(bar.cost_low),
                money_pounds(bar.cost_high),
                money_pounds(bar.swing),
            )
            for bar in budget.bars
        ]
        parts += fit_tables(_heading(budget, outturn=outturn), columns, rows, options.width)
    parts.append(Text(_intro(tornado), style="dim"))
    return render_to_text(Group(*parts), options)
