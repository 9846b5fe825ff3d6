"""Markdown for papers and pull-request comments: a headline, then the grid's tables."""

from __future__ import annotations

from decimal import Decimal

from pi_growth.periods import format_financial_year
from pi_growth.render import RenderOptions, Report
from pi_growth.render.approvals import plan_approval_sentence
from pi_growth.render.grid import (
    ROUNDING_NOTE,
    Cell,
    Column,
    Table,
    build_table,
    exact_total,
    people_columns,
    people_text,
    total_groups,
)
from pi_growth.render.markdown_text import code, text
from pi_growth.render.money import pounds

# The tables of the full report, in order (the monthly detail and the reckoner are long: they
# are there for `--table monthly` and `--table reckoner`).
REPORT_TABLES = ("summary", "budgets", "approvals", "bands", "teams", "assumptions")
_UNIT_WORDS = {
    "pounds": "to the pound",
    "thousands": "to £0.1k (thousands of pounds)",
    "millions": "to £0.01m (millions of pounds)",
}
# Cells are padded to line up as plain text, but a long text cell overhangs its column.
_MAX_PADDED = 40


def render_cost(report: Report, options: RenderOptions) -> str:
    """The whole report, or only `options.table`, as GitHub-flavoured Markdown."""
    units = options.units
    if options.table is not None:
        table = build_table(report, options.table)
        return _join([f"## {table.title}", *table_block(table, units), _rounding(units)])
    parts = [f"# {text(report.result.scenario.name)}", headline(report, units)]
    sentence = plan_approval_sentence(report, units)
    if sentence is not None:
        parts.append(f"**{text(sentence)}**")
    parts.append(
        f"Scenario `{code(report.scenario_file)}` · rates: "
        f"{text(report.result.rates.name)} (`{code(report.rates_file)}`)"
    )
    for name in REPORT_TABLES:
        table = build_table(report, name)
        if not table.rows:
            continue
        parts += [f"## {table.title}", *table_block(table, units)]
    parts.append(_rounding(units))
    return _join(parts)


def headline(report: Report, units: str) -> str:
    """One sentence a reader takes away: posts, the final full-year effect, each envelope."""
    result = report.result
    first, last = result.years[0], result.years[-1]
    start = sum(line.posts for line in result.scenario.baseline)
    sentence = (
        f"**{start} → {last.posts} posts** from {first_label(first.year)} to the end of "
        f"{_fy(last.year)}; full-year effect {pounds(last.full_year_effect.total, units)}, "
        f"in-year cost {pounds(sum((y.in_year.total for y in result.years), Decimal(0)), units)} "
        f"over {len(result.years)} year{'s' if len(result.years) != 1 else ''}."
    )
    verdicts = []
    for budget in result.budgets:
        if budget.status == "over":
            verdict = f"**OVER** by {pounds(-budget.variance, units)}"
        else:
            verdict = f"within, headroom {pounds(budget.variance, units)}"
        if budget.price_base is not None and budget.outturn_cost is not None:
            # Judged like for like (SPEC §8); the outturn beside it, in the same sentence.
            outturn = budget.amount - budget.outturn_cost
            verdict += (
                f" at {_fy(budget.price_base)} prices (at outturn "
                f"{pounds(budget.outturn_cost, units)}, "
                + (
                    f"over by {pounds(-outturn, units)})"
                    if budget.outturn_status == "over"
                    else f"headroom {pounds(outturn, units)})"
                )
            )
        verdicts.append(
            f"{text(budget.name)}: {pounds(budget.cost, units)} against "
            f"{pounds(budget.amount, units)}, {verdict}"
        )
    if verdicts:
        sentence += " " + "; ".join(verdicts) + "."
    return sentence


def first_label(year: int) -> str:
    """The moment before the first year: the baseline."""
    return f"the start of {_fy(year)}"


def _fy(year: int) -> str:
    return format_financial_year(year)


def table_block(table: Table, units: str) -> list[str]:
    """A pipe table with its totals rows, then its notes as a paragraph."""
    columns = list(people_columns(table))
    positions = [table.columns.index(column) for column in columns]
    rows = [
        [cell_text(column, row[p], units) for column, p in zip(columns, positions, strict=True)]
        for row in table.rows
    ]
    label_at = next(i for i, column in enumerate(columns) if column.key != table.totals_by)
    # Each totals row straight after the rows it sums (a year's Total under that year).
    body: list[list[str]] = []
    done = 0
    for group in total_groups(table):
        body += rows[done : group.stop]
        done = group.stop
        cells = []
        for column in columns:
            if column.summed:
                cells.append(cell_text(column, exact_total(table, column.key, group), units))
            elif column.key == table.totals_by:
                cells.append(group.value or "")
            else:
                cells.append("")
        cells[label_at] = "**Total**"
        body.append(cells)
    body += rows[done:]
    blocks = [pipe_table([column.title for column in columns], body, columns)]
    if table.notes:
        blocks.append(" ".join(table.notes))  # our own words: no user text to escape
    return blocks


def pipe_table(headers: list[str], body: list[list[str]], columns: list[Column]) -> str:
    """A pipe table padded so that it also reads as plain text; numbers right-aligned."""
    widths = [
        max(3, len(title), *(min(len(row[index]), _MAX_PADDED) for row in body))
        for index, title in enumerate(headers)
    ]
    right = [column.kind not in ("text", "month", "value") for column in columns]

    def line(cells: list[str]) -> str:
        padded = [
            cell.rjust(width) if is_right else cell.ljust(width)
            for cell, width, is_right in zip(cells, widths, right, strict=True)
        ]
        return "| " + " | ".join(padded) + " |"

    rule = (
        "| "
        + " | ".join(
            "-" * (width - 1) + ":" if is_right else "-" * width
            for width, is_right in zip(widths, right, strict=True)
        )
        + " |"
    )
    return "\n".join([line([text(title) for title in headers]), rule, *map(line, body)])


def cell_text(column: Column, cell: Cell, units: str) -> str:
    """One cell for people (`grid.people_text`), its text made inert."""
    return text(people_text(column, cell, units))


def _rounding(units: str) -> str:
    return f"_Money is rounded {_UNIT_WORDS[units]}. {ROUNDING_NOTE}_"


def _join(parts: list[str]) -> str:
    return "\n\n".join(parts) + "\n"
