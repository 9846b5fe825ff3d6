"""`pi-growth solve` as JSON, CSV, Markdown and a terminal table (SPEC §9)."""

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
from pi_growth.render.whatif_common import money_plain, money_pounds
from pi_growth.whatif.solve import Solution, Switch

DRIVER_WORDS = {
    "pay_award_pp": "Pay awards (every year of the horizon)",
    "fill_delay_months": "Fill delay (every growth line)",
    "posts": "Posts of band",
    "vacancy_factor": "Vacancy factor",
}
NONE_WITHIN = "none within range"


def value_text(switch: Switch) -> str | None:
    """The switching value in its driver's unit: pp to 2 decimals, months and posts whole,
    the vacancy factor to 4 decimals."""
    if switch.value is None:
        return None
    if switch.driver == "pay_award_pp":
        return f"{Decimal(switch.value.numerator) / switch.value.denominator:.2f}"
    if switch.driver == "vacancy_factor":
        return f"{Decimal(switch.value.numerator) / switch.value.denominator:.4f}"
    return str(int(switch.value))


def _human_value(switch: Switch) -> str:
    text = value_text(switch)
    if text is None:
        return NONE_WITHIN
    if switch.driver == "pay_award_pp":
        return f"{'+' if switch.value and switch.value > 0 else ''}{text} pp"
    if switch.driver == "fill_delay_months":
        return f"{'+' if switch.value and switch.value > 0 else ''}{text} months"
    if switch.driver == "posts":
        return f"{'+' if switch.value and switch.value > 0 else ''}{text} posts"
    percent = Fraction(switch.value or 0) * 100
    return f"{text} ({Decimal(percent.numerator) / percent.denominator:.2f}%)"


def _driver_text(switch: Switch) -> str:
    words = DRIVER_WORDS[switch.driver]
    return f"{words} {switch.band}" if switch.band is not None else words


def solution_document(solution: Solution, scenario_file: str) -> dict[str, Any]:
    """The JSON document (SPEC §9 keys, and more) as plain data."""
    budgets = []
    for budget in solution.budgets:
        entry: dict[str, Any] = {
            "name": budget.name,
            "amount": money_plain(Fraction(budget.amount)),
            "cost": money_plain(budget.cost),
            "status": budget.status,
        }
        if budget.price_base is not None:
            entry["price_base"] = format_financial_year(budget.price_base)
        entry["switching"] = [
            {
                "driver": switch.driver,
                "band": switch.band,
                "value": value_text(switch),
                "status_at_value": switch.status_at_value,
                "cost_at_value": (
                    money_plain(switch.cost_at_value) if switch.cost_at_value is not None else None
                ),
            }
            for switch in budget.switching
        ]
        budgets.append(entry)
    return {
        "scenario": {"name": solution.scenario.name, "file": scenario_file},
        "budgets": budgets,
    }


def render_json(solution: Solution, scenario_file: str, options: RenderOptions) -> str:  # noqa: ARG001 - shared signature
    """JSON, keys in a stable order, ending with a newline."""
    return (
        json.dumps(solution_document(solution, scenario_file), indent=2, ensure_ascii=False) + "\n"
    )


def render_csv(solution: Solution, scenario_file: str, options: RenderOptions) -> str:  # noqa: ARG001 - shared signature
    """One row per budget and driver."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(
        ["budget", "status", "cost", "driver", "band", "value", "status_at_value", "cost_at_value"]
    )
    for budget in solution.budgets:
        for switch in budget.switching:
            writer.writerow(
                [
                    neutralise(budget.name),
                    budget.status,
                    money_plain(budget.cost),
                    switch.driver,
                    neutralise(switch.band or ""),
                    value_text(switch) or "",
                    switch.status_at_value or "",
                    money_plain(switch.cost_at_value) if switch.cost_at_value is not None else "",
                ]
            )
    return buffer.getvalue()


def _intro() -> str:
    return (
        "Switching values: the smallest change to one driver, everything else held, at which "
        "a budget's status flips (costing at the value gives the other status; one step "
        "nearer keeps the present one)."
    )


def render_markdown(solution: Solution, scenario_file: str, options: RenderOptions) -> str:  # noqa: ARG001 - shared signature
    """A table per budget."""
    lines = [f"## {md(solution.scenario.name)}: switching values", "", _intro(), ""]
    for budget in solution.budgets:
        lines += [
            f"### {md(budget.name)}: {money_pounds(budget.cost)} against "
            f"{money_pounds(Fraction(budget.amount))}, {budget.status}",
            "",
            "| Driver | Switching value | Then | Cost then |",
            "|---|---:|---|---:|",
        ]
        for switch in budget.switching:
            cost = money_pounds(switch.cost_at_value) if switch.cost_at_value is not None else ""
            lines.append(
                f"| {md(_driver_text(switch))} | {_human_value(switch)} "
                f"| {switch.status_at_value or ''} | {cost} |"
            )
        lines.append("")
    return "\n".join(lines)


def _solve_columns() -> list[Any]:
    from pi_growth.render.fit import FitColumn

    return [
        FitColumn("Driver", key=True, wrap=True, min_width=16),
        FitColumn("Switching value", "Switch at", justify="right"),
        FitColumn("Then"),
        FitColumn("Cost then", justify="right"),
    ]


def render_table(solution: Solution, scenario_file: str, options: RenderOptions) -> str:
    """The report for a terminal."""
    from rich.console import Group
    from rich.text import Text

    from pi_growth.render.fit import fit_tables

    parts: list[Any] = [
        Text(f"{solution.scenario.name}: switching values", style="bold"),
        Text(scenario_file, style="dim"),
        Text(),
    ]
    for budget in solution.budgets:
        title = (
            f"{budget.name}: {money_pounds(budget.cost)} against "
            f"{money_pounds(Fraction(budget.amount))}, {budget.status}"
        )
        rows = [
            (
                _driver_text(switch),
                _human_value(switch),
                switch.status_at_value or "",
                money_pounds(switch.cost_at_value) if switch.cost_at_value is not None else "",
            )
            for switch in budget.switching
        ]
        parts += fit_tables(title, _solve_columns(), rows, options.width)
    parts.append(Text(_intro(), style="dim"))
    return render_to_text(Group(*parts), options)
