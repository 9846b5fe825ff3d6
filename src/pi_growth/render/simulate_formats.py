"""`pi-growth simulate` as JSON, CSV, Markdown and a terminal table (SPEC §9)."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from pi_growth.periods import format_financial_year
from pi_growth.render import RenderOptions
from pi_growth.render.csv_format import neutralise
from pi_growth.render.markdown_text import text as md
from pi_growth.render.terminal import render_to_text
from pi_growth.render.whatif_common import money_plain, money_pounds, percent_text
from pi_growth.whatif.simulate import Simulation, Spread

SPREAD_KEYS = ("p10", "p50", "p90", "mean")


def _spread(spread: Spread) -> dict[str, str]:
    return {key: money_plain(getattr(spread, key)) for key in SPREAD_KEYS}


def _runs_at(spread: Spread) -> dict[str, int]:
    return dict(zip(("p10", "p50", "p90"), spread.runs_at, strict=True))


def simulation_document(simulation: Simulation, scenario_file: str) -> dict[str, Any]:
    """The JSON document (SPEC §9 keys, and more) as plain data."""
    budgets = []
    for budget in simulation.budgets:
        entry: dict[str, Any] = {
            "name": budget.name,
            "amount": money_plain(budget.amount_exact),
            "cost": _spread(budget.cost),
            "probability_over": f"{budget.probability_over:f}",
            "runs_over": budget.runs_over,
            "runs_at": _runs_at(budget.cost),
        }
        if budget.price_base is not None and budget.outturn is not None:
            entry["price_base"] = format_financial_year(budget.price_base)
            entry["outturn_cost"] = _spread(budget.outturn)
            entry["outturn_probability_over"] = f"{budget.outturn_probability_over:f}"
            entry["outturn_runs_over"] = budget.outturn_runs_over
        budgets.append(entry)
    return {
        "scenario": {"name": simulation.scenario.name, "file": scenario_file},
        "runs": simulation.runs,
        "seed": simulation.seed,
        "years": [
            {
                "year": format_financial_year(year.year),
                "in_year_cost": _spread(year.in_year),
                "full_year_effect": _spread(year.full_year_effect),
                "runs_at": {
                    "in_year_cost": _runs_at(year.in_year),
                    "full_year_effect": _runs_at(year.full_year_effect),
                },
            }
            for year in simulation.years
        ],
        "budgets": budgets,
    }


def render_json(simulation: Simulation, scenario_file: str, options: RenderOptions) -> str:  # noqa: ARG001
    """JSON, keys in a stable order, ending with a newline."""
    document = simulation_document(simulation, scenario_file)
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


CSV_COLUMNS = (
    "kind", "name", "figure", "p10", "p50", "p90", "mean", "probability_over",
    "run_p10", "run_p50", "run_p90",
)  # fmt: skip


def _rows(simulation: Simulation) -> list[tuple[str, str, str, Spread, str]]:
    rows = []
    for year in simulation.years:
        name = format_financial_year(year.year)
        rows.append(("year", name, "in_year_cost", year.in_year, ""))
        rows.append(("year", name, "full_year_effect", year.full_year_effect, ""))
    for budget in simulation.budgets:
        share = f"{budget.probability_over:f}"
        rows.append(("budget", budget.name, "cost", budget.cost, share))
        if budget.outturn is not None:
            outturn_share = f"{budget.outturn_probability_over:f}"
            rows.append(("budget", budget.name, "outturn_cost", budget.outturn, outturn_share))
    return rows


def render_csv(simulation: Simulation, scenario_file: str, options: RenderOptions) -> str:  # noqa: ARG001
    """One row per figure: its percentiles, mean, share over (budgets) and runs found."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for kind, name, figure, spread, share in _rows(simulation):
        writer.writerow(
            [
                kind,
                neutralise(name),
                figure,
                *(money_plain(getattr(spread, key)) for key in SPREAD_KEYS),
                share,
                *spread.runs_at,
            ]
        )
    return buffer.getvalue()


def _heading(simulation: Simulation) -> str:
    return (
        f"{simulation.runs:,} runs, seed {simulation.seed}: each run's inputs drawn from the "
        "scenario's uncertainty ranges and costed exactly"
    )


def render_markdown(simulation: Simulation, scenario_file: str, options: RenderOptions) -> str:  # noqa: ARG001
    """Tables that paste into a paper or a pull-request comment."""
    lines = [f"## {md(simulation.scenario.name)}: simulated", "", _heading(simulation), ""]
    lines += [
        "| Year | In-year P10 | In-year P50 | In-year P90 | In-year mean "
        "| FYE P10 | FYE P50 | FYE P90 | FYE mean |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for year in simulation.years:
        cells = [money_pounds(getattr(year.in_year, key)) for key in SPREAD_KEYS]
        cells += [money_pounds(getattr(year.full_year_effect, key)) for key in SPREAD_KEYS]
        lines.append(f"| {format_financial_year(year.year)} | " + " | ".join(cells) + " |")
    if simulation.budgets:
        lines += [
            "",
            "| Budget | Amount | P10 | P50 | P90 | Mean | Chance over | Runs at P10/P50/P90 |",
            "|---|---:|---:|---:|---:|---:|---:|---|",
        ]
        for budget in simulation.budgets:
            cells = [money_pounds(budget.amount_exact)]
            cells += [money_pounds(getattr(budget.cost, key)) for key in SPREAD_KEYS]
            cells += [
                percent_text(budget.probability_over),
                "/".join(map(str, budget.cost.runs_at)),
            ]
            name = md(budget.name) + _basis(budget.price_base)
            lines.append(f"| {name} | " + " | ".join(cells) + " |")
            if budget.outturn is not None and budget.outturn_probability_over is not None:
                cells = [money_pounds(budget.amount_exact)]
                cells += [money_pounds(getattr(budget.outturn, key)) for key in SPREAD_KEYS]
                cells += [
                    percent_text(budget.outturn_probability_over),
                    "/".join(map(str, budget.outturn.runs_at)),
                ]
                lines.append(f"| {md(budget.name)} (at outturn) | " + " | ".join(cells) + " |")
    lines += ["", _footnote(), ""]
    return "\n".join(lines)


def _basis(price_base: int | None) -> str:
    return f" (at {format_financial_year(price_base)} prices)" if price_base is not None else ""


def _footnote() -> str:
    return (
        "P10, P50 and P90: the run at that rank of the runs sorted by the figure; a budget "
        "is over in a run when its cost to the penny exceeds its amount. `pi-growth simulate "
        "--emit-run K -o run.yaml` writes run K as a plain scenario that `cost` reproduces."
    )


def render_table(simulation: Simulation, scenario_file: str, options: RenderOptions) -> str:
    """The report for a terminal."""
    from rich.console import Group
    from rich.text import Text

    from pi_growth.render.fit import FitColumn, fit_tables

    # Fitted to the width (render.fit): at 80 columns the full-year effect moves to a second
    # table rather than any figure being cut.
    year_titles = ("P10", "P50", "P90", "Mean", "FYE P10", "FYE P50", "FYE P90")
    year_rows = [
        (
            format_financial_year(year.year),
            *(money_pounds(getattr(year.in_year, key)) for key in SPREAD_KEYS),
            *(money_pounds(getattr(year.full_year_effect, key)) for key in ("p10", "p50", "p90")),
        )
        for year in simulation.years
    ]
    parts: list[Any] = [
        Text(f"{simulation.scenario.name}: simulated", style="bold"),
        Text(f"{scenario_file} · {_heading(simulation)}", style="dim"),
        Text(),
        *fit_tables(
            "By financial year (in-year cost; full-year effect)",
            [FitColumn("Year", key=True), *(FitColumn(t, justify="right") for t in year_titles)],
            year_rows,
            options.width,
        ),
    ]
    if simulation.budgets:
        budget_titles = ("Amount", "P10", "P50", "P90", "Mean", "P(over)")
        budget_rows = []
        for budget in simulation.budgets:
            budget_rows.append(
                (
                    budget.name + _basis(budget.price_base),
                    money_pounds(budget.amount_exact),
                    *(money_pounds(getattr(budget.cost, key)) for key in SPREAD_KEYS),
                    percent_text(budget.probability_over),
                )
            )
            if budget.outturn is not None and budget.outturn_probability_over is not None:
                budget_rows.append(
                    (
                        f"{budget.name} (at outturn)",
                        money_pounds(budget.amount_exact),
                        *(money_pounds(getattr(budget.outturn, key)) for key in SPREAD_KEYS),
                        percent_text(budget.outturn_probability_over),
                    )
                )
        budget_columns = [
            FitColumn("Budget", key=True, wrap=True, min_width=20),
            *(FitColumn(title, justify="right") for title in budget_titles),
        ]
        parts += fit_tables("Budgets", budget_columns, budget_rows, options.width)
    parts.append(Text(_footnote(), style="dim"))
    return render_to_text(Group(*parts), options)
