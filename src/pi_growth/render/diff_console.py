"""`diff --format table`: the comparison on one screen, at the terminal's width (tables fitted
to it as render.fit does: short headings, then a second table; money never cut)."""

from __future__ import annotations

from decimal import Decimal

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from pi_growth.compare.diff import DRIVERS, Driver, ScenarioDiff
from pi_growth.compare.gates import Gate
from pi_growth.periods import format_financial_year
from pi_growth.render import RenderOptions
from pi_growth.render.diff_common import (
    GATE_MEASURE_WORDS,
    breach_cells,
    bridge_label,
    driver_label,
    field_text,
    gate_sentence,
    headline,
    line_text,
    price_basis_text,
    rounded_steps,
    status_text,
    to_pounds,
    value_text,
)
from pi_growth.render.fit import FitColumn, fit_tables, needed_width
from pi_growth.render.money import pounds, signed_pounds
from pi_growth.render.terminal import render_to_text, titled_table
from pi_growth.render.words import MEASURE_WORDS, years_text


def render_diff(diff: ScenarioDiff, options: RenderOptions) -> str:
    """The comparison as text for a terminal (with colour when `options.color`)."""
    return render_to_text(diff_report(diff, options.width), options)


def _titled(title: str) -> Table:
    return titled_table(title)


def diff_report(diff: ScenarioDiff, width: int = 100) -> RenderableType:
    """Every part of the comparison, top to bottom, its tables fitted to `width`."""
    parts: list[RenderableType] = [
        Text(f"Cost change: {diff.head.scenario.name}", style="bold"),
        Text(f"{diff.base.file} → {diff.head.file}", style="dim"),
        Text(),
    ]
    if not diff.cost_changed:
        parts.append(Text("No cost change: posts, costs and envelopes are the same."))
        if diff.gate is not None:
            parts += [Text(), *_gate(diff.gate)]
        if not diff.inputs.empty:
            parts += [Text(), _inputs(diff)]
        return Group(*parts)
    parts += [Text(headline(diff), style="bold"), Text()]
    if diff.gate is not None:
        parts += [*_gate(diff.gate), Text()]
    if diff.budgets:
        parts += [*_envelopes(diff, width), Text()]
    parts += [*_years(diff, width), Text(), *_bridge(diff, width), Text()]
    if not diff.inputs.empty:
        parts += [_inputs(diff), Text()]
    parts.append(
        Text(
            "Bridge by sequential substitution: from the base, each driver is swapped in from "
            "the head in turn (volume, mix, timing, NI reliefs, pay and rates, other "
            "assumptions, other) and the plan re-costed, so the steps add up to the total. "
            "Rounded to the pound.",
            style="dim",
        )
    )
    return Group(*parts)


def _gate(gate: Gate) -> list[RenderableType]:
    """The gate's verdict, and each figure that broke the limit with both sides."""
    verdict = Text(gate_sentence(gate), style="bold red" if gate.failed else "green")
    if not gate.failed:
        return [verdict]
    table = _titled("Over the limit")
    table.add_column("Figure", overflow="fold", ratio=1)
    for title in ("Base", "Head", "Change", "Change %"):
        table.add_column(title, justify="right", no_wrap=True)
    for breach in gate.breaches:
        table.add_row(*breach_cells(breach))
    return [verdict, Text(), table]


def _gate_mark(failed: bool) -> Text:
    return Text("FAILS", style="bold red") if failed else Text("–")


def _change(base: Decimal | None, head: Decimal | None) -> str:
    change = to_pounds(head or Decimal(0)) - to_pounds(base or Decimal(0))
    return signed_pounds(change) if change else "–"


def _envelopes(diff: ScenarioDiff, width: int) -> list[Table]:
    """Each envelope's amount, cost, change and headroom; too wide for `width`, the years join
    the name's second line rather than squeeze the name."""
    columns = [FitColumn("Envelope", key=True, wrap=True, min_width=20), FitColumn("Years")]
    columns += [FitColumn(title, justify="right") for title in ("Amount", "Cost", "Change")]
    columns += [FitColumn("Headroom", justify="right"), FitColumn("Result")]
    gate = diff.gate
    if gate is not None:
        columns.append(FitColumn("Gate"))
    table = _Rows()
    for effect in diff.budgets:
        marks = [_gate_mark(gate.budget_breached(effect.name))] if gate is not None else []
        base, head = effect.base, effect.head
        shown = head or base
        assert shown is not None
        name = Text.assemble(effect.name, "\n", (MEASURE_WORDS[shown.measure], "dim"))
        prices = price_basis_text(base, head)
        if prices is not None:
            name.append(f"\n{prices}", style="dim")
        if base is None or head is None:
            table.add_row(
                name,
                years_text(shown.years),
                pounds(shown.amount),
                pounds(shown.cost),
                "–",
                pounds(shown.variance),
                "removed" if head is None else f"new, {status_text(shown)}",
                *marks,
            )
            continue
        result = Text(status_text(head), style="bold red" if head.status == "over" else "green")
        if base.status != head.status:
            result = Text.assemble(f"{status_text(base)} → ", result)
        amount = pounds(head.amount)
        if base.amount != head.amount:
            amount = f"{pounds(base.amount)} → {amount}"
        table.add_row(
            name,
            years_text(head.years),
            amount,
            pounds(head.cost),
            _change(base.cost, head.cost),
            pounds(head.variance),
            result,
            *marks,
        )
    if needed_width(columns, table.rows, range(len(columns))) <= width:
        return fit_tables("Envelopes", columns, table.rows, width)
    narrow = [
        (_name_with_years(row[0], row[1]), *row[2:]) for row in table.rows
    ]  # the years moved under the name
    return fit_tables("Envelopes", [columns[0], *columns[2:]], narrow, width)


class _Rows:
    """Rows gathered as a rich Table would take them, to be laid out by render.fit."""

    def __init__(self) -> None:
        self.rows: list[tuple[str | Text, ...]] = []

    def add_row(self, *cells: str | Text) -> None:
        self.rows.append(cells)


def _name_with_years(name: str | Text, years: str | Text) -> Text:
    cell = name.copy() if isinstance(name, Text) else Text(name)
    first, _, rest = cell.plain.partition("\n")
    return Text.assemble(first, "\n", (f"{years} · {rest}" if rest else str(years), "dim"))


def _years(diff: ScenarioDiff, width: int) -> list[Table]:
    columns = [FitColumn("Year", key=True), FitColumn("Posts", justify="right")]
    columns += [
        FitColumn("In-year cost", "In-year", justify="right"),
        FitColumn("Change", justify="right"),
        FitColumn("Full-year effect", "FYE", justify="right"),
        FitColumn("Change", justify="right"),
    ]
    gate = diff.gate
    if gate is not None:
        columns.append(FitColumn("Gate", wrap=True))
    table = _Rows()
    for effect in diff.years:
        base, head = effect.base, effect.head
        marks: list[Text] = []
        if gate is not None:
            broke = gate.year_breaches(effect.year)
            words = ", ".join(GATE_MEASURE_WORDS[measure] for measure in broke)
            marks = [Text(f"FAILS: {words}", style="bold red") if broke else Text("–")]
        base_posts, head_posts = (base.posts if base else 0), (head.posts if head else 0)
        table.add_row(
            format_financial_year(effect.year),
            str(head_posts) if base_posts == head_posts else f"{base_posts} → {head_posts}",
            pounds(head.in_year.total) if head else "–",
            _change(base.in_year.total if base else None, head.in_year.total if head else None),
            pounds(head.full_year_effect.total) if head else "–",
            _change(
                base.full_year_effect.total if base else None,
                head.full_year_effect.total if head else None,
            ),
            *marks,
        )
    return fit_tables("By financial year", columns, table.rows, width)


def _bridge(diff: ScenarioDiff, width: int) -> list[RenderableType]:
    rows: list[tuple[str, dict[Driver, Decimal], Decimal]] = []
    for bridge in diff.bridges:
        steps = dict(rounded_steps(bridge, to_pounds))
        if any(steps.values()):
            rows.append((bridge_label(bridge), steps, sum(steps.values(), Decimal(0))))
    if not rows:
        return [Text("What drove the change: no figure moved by a pound or more.")]
    used = [driver for driver in DRIVERS if any(steps[driver] for _, steps, _ in rows)]
    columns = [FitColumn("", key=True, wrap=True, min_width=14)]
    columns += [
        FitColumn(driver_label(driver), _SHORT_DRIVERS.get(driver), justify="right")
        for driver in used
    ]
    columns.append(FitColumn("Total", justify="right", key=True, style="bold"))
    cells = [
        (
            label,
            *(signed_pounds(steps[driver]) if steps[driver] else "–" for driver in used),
            signed_pounds(total),
        )
        for label, steps, total in rows
    ]
    title = "What drove the change (rows that did not move are left out)"
    tables: list[RenderableType] = [*fit_tables(title, columns, cells, width)]
    if not diff.attributed:
        tables.append(
            Text(
                "The intermediate scenarios could not be costed, so the whole change is shown "
                "under other changes.",
                style="dim",
            ),
        )
    return tables


# Driver headings short enough for 80 columns.
_SHORT_DRIVERS: dict[Driver, str] = {
    "volume": "Volume",
    "mix": "Mix",
    "timing": "Timing",
    "ni_relief": "NI reliefs",
    "pay_and_rates": "Pay",
    "other_assumptions": "Assumptions",
    "other": "Other",
}


def _inputs(diff: ScenarioDiff) -> RenderableType:
    inputs = diff.inputs
    table = _titled("What changed in the inputs")
    table.add_column("What", no_wrap=True, style="bold")
    table.add_column("Change", overflow="fold", ratio=1)
    for change in inputs.scenario:
        table.add_row("Scenario", field_text(change))
    for line in inputs.lines:
        if line.change == "added":
            assert line.head is not None
            table.add_row(f"Added {line.kind}", line_text(line.head))
        elif line.change == "removed":
            assert line.base is not None
            table.add_row(f"Removed {line.kind}", line_text(line.base))
        else:
            assert line.head is not None
            fields = "; ".join(field_text(field) for field in line.fields)
            table.add_row(f"Changed {line.kind}", f"{line_text(line.head)}: {fields}")
    for change in inputs.assumptions:
        table.add_row("Assumption", field_text(change))
    for budget in inputs.budgets:
        detail = "; ".join(field_text(field) for field in budget.fields) or budget.change
        table.add_row("Envelope", f"{budget.name}: {detail}")
    for rate in inputs.rates:
        change = rate.change
        if change.field == "band":
            detail = (
                f"band {rate.band}: {value_text(change.kind, change.base)} → "
                f"{value_text(change.kind, change.head)}"
            )
        else:
            detail = (f"band {rate.band}, " if rate.band else "") + field_text(change)
        table.add_row("Rate table", detail)
    return table
