"""Markdown for papers and pull-request comments: a headline, then the grid's tables."""

from __future__ import annotations

from collections.abc import Callable, Iterator
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
    return "".join(stream_cost(report, options))


def stream_cost(report: Report, options: RenderOptions) -> Iterator[str]:
    """render_cost's text in chunks, a table at a time: each table is built, laid out and
    let go before the next, and the report is never one string (a force's by-team table over
    50 years is 400,000 rows)."""
    units = options.units
    if options.table is not None:
        table = build_table(report, options.table)
        return _chunks(iter([f"## {table.title}", *table_block(table, units), _rounding(units)]))
    return _chunks(_report_parts(report, units))


def _report_parts(report: Report, units: str) -> Iterator[str | Iterator[str]]:
    yield f"# {text(report.result.scenario.name)}"
    yield headline(report, units)
    sentence = plan_approval_sentence(report, units)
    if sentence is not None:
        yield f"**{text(sentence)}**"
    yield (
        f"Scenario `{code(report.scenario_file)}` · rates: "
        f"{text(report.result.rates.name)} (`{code(report.rates_file)}`)"
    )
    for name in REPORT_TABLES:
        table = build_table(report, name)
        if not table.rows:
            continue
        yield f"## {table.title}"
        yield from _streamed_block(table, units)
        del table  # let the table go before the next is built
    yield _rounding(units)


def _streamed_block(table: Table, units: str) -> Iterator[str | Iterator[str]]:
    """table_block's parts, the pipe table as its chunks (made while they are written)."""
    yield _pipe_table_chunks(table, units)
    if table.notes:
        yield " ".join(table.notes)  # our own words: no user text to escape


def _chunks(parts: Iterator[str | Iterator[str]]) -> Iterator[str]:
    """The parts laid out: a blank line between parts, a newline at the end. A part may come
    as chunks of its text."""
    first = True
    for part in parts:
        if not first:
            yield "\n\n"
        first = False
        if isinstance(part, str):
            yield part
        else:
            yield from part
    yield "\n"


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
    return list(table_block_parts(table, units))


def table_block_parts(table: Table, units: str) -> Iterator[str]:
    """table_block's parts as they are made: the pipe table (itself in chunks, joined) and
    its notes."""
    yield "".join(_pipe_table_chunks(table, units))
    if table.notes:
        yield " ".join(table.notes)


def _body(table: Table, columns: list[Column], units: str) -> Iterator[list[str]]:
    """The table's rows as text, each totals row straight after the rows it sums (a year's
    Total under that year). Made afresh on each walk, so no table is held twice as text."""
    positions = [table.columns.index(column) for column in columns]
    label_at = next(i for i, column in enumerate(columns) if column.key != table.totals_by)

    def text_of(row: tuple[Cell, ...]) -> list[str]:
        return [
            cell_text(column, row[p], units) for column, p in zip(columns, positions, strict=True)
        ]

    done = 0
    for group in total_groups(table):
        for row in table.rows[done : group.stop]:
            yield text_of(row)
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
        yield cells
    for row in table.rows[done:]:
        yield text_of(row)


def _pipe_table_chunks(table: Table, units: str) -> Iterator[str]:
    """pipe_table's text in chunks, in two walks of the rows: widths first, then the lines."""
    columns = list(people_columns(table))
    headers = [column.title for column in columns]
    widths = [max(3, len(title)) for title in headers]
    for cells in _body(table, columns, units):
        widths = [
            max(w, min(len(cell), _MAX_PADDED)) for w, cell in zip(widths, cells, strict=True)
        ]
    line, rule = _layout(widths, columns)
    yield line([text(title) for title in headers])
    yield "\n" + rule
    batch: list[str] = []
    for cells in _body(table, columns, units):
        batch.append(line(cells))
        if len(batch) == 2000:
            yield "\n" + "\n".join(batch)
            batch = []
    if batch:
        yield "\n" + "\n".join(batch)


def pipe_table(headers: list[str], body: list[list[str]], columns: list[Column]) -> str:
    """A pipe table padded so that it also reads as plain text; numbers right-aligned."""
    widths = [
        max(3, len(title), *(min(len(row[index]), _MAX_PADDED) for row in body))
        for index, title in enumerate(headers)
    ]
    line, rule = _layout(widths, columns)
    return "\n".join([line([text(title) for title in headers]), rule, *map(line, body)])


def _layout(widths: list[int], columns: list[Column]) -> tuple[Callable[[list[str]], str], str]:
    """A function laying out one row of cells at these widths, and the rule under the header."""
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
    return line, rule


def cell_text(column: Column, cell: Cell, units: str) -> str:
    """One cell for people (`grid.people_text`), its text made inert."""
    return text(people_text(column, cell, units))


def _rounding(units: str) -> str:
    return f"_Money is rounded {_UNIT_WORDS[units]}. {ROUNDING_NOTE}_"
