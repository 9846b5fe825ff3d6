"""`diff --format markdown`: a pull-request comment a reviewer can judge the change from."""

from __future__ import annotations

from decimal import Decimal

from pi_growth.compare.diff import DRIVERS, BudgetEffect, Driver, ScenarioDiff, YearEffect
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
from pi_growth.render.markdown_text import code, text
from pi_growth.render.money import pounds, signed_pounds
from pi_growth.render.words import MEASURE_WORDS, years_text

# Lets a workflow find and update its own comment rather than add one per push.
MARKER = "<!-- pi-growth diff -->"
# GitHub refuses comments over 65,536 characters: list this many input changes at most.
MAX_INPUT_ITEMS = 60


def render_diff(diff: ScenarioDiff, options: RenderOptions) -> str:  # noqa: ARG001
    """The comparison as GitHub-flavoured Markdown, ending with a newline."""
    title = f"### Cost change: {text(diff.head.scenario.name)}"
    files = f"`{code(diff.base.file)}` → `{code(diff.head.file)}`"
    if not diff.cost_changed:
        parts = [
            MARKER,
            title,
            f"**No cost change.** Posts, costs and envelopes are the same in "
            f"`{code(diff.base.file)}` and `{code(diff.head.file)}`.",
        ]
        if diff.gate is not None:
            parts += _gate(diff.gate)
        if not diff.inputs.empty:
            parts.append("Inputs changed without moving a figure:\n\n" + _inputs(diff))
        return "\n\n".join(parts) + "\n"
    parts = [
        MARKER,
        title,
        f"**{text(headline(diff))}**",
        files,
    ]
    if diff.gate is not None:
        parts += _gate(diff.gate)
    if diff.budgets:
        parts += ["#### Envelopes", _envelopes(diff.budgets, diff.gate)]
    parts += ["#### By financial year", _years(diff.years, diff.gate)]
    parts += ["#### What drove the change", _bridge(diff)]
    if not diff.inputs.empty:
        parts += ["#### What changed in the inputs", _inputs(diff)]
    parts.append(
        "<sub>Bridge by sequential substitution: starting from the base, each driver is swapped "
        "in from the head in turn (volume → mix → timing → NI reliefs → pay and rates → other "
        "assumptions → other) and the plan re-costed, so the steps add up to the total. "
        "Figures are rounded to the pound.</sub>"
    )
    return "\n\n".join(parts) + "\n"


def _gate(gate: Gate) -> list[str]:
    """The gate's verdict, and each figure that broke the limit with both sides."""
    parts = [f"**{text(gate_sentence(gate))}**"]
    if gate.failed:
        rows = [[text(cell) for cell in breach_cells(breach)] for breach in gate.breaches]
        parts.append(
            _table(
                ["Over the limit", "Base", "Head", "Change", "Change %"],
                ["---", "--:", "--:", "--:", "--:"],
                rows,
            )
        )
    return parts


def _gate_cell(failed: bool) -> str:
    return "**fails**" if failed else "–"


def _table(header: list[str], align: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(align) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def _change(base: Decimal | None, head: Decimal | None) -> str:
    change = to_pounds(head or Decimal(0)) - to_pounds(base or Decimal(0))
    return signed_pounds(change) if change else "–"


def _envelopes(effects: tuple[BudgetEffect, ...], gate: Gate | None) -> str:
    rows = []
    for effect in effects:
        base, head = effect.base, effect.head
        either = head or base
        assert either is not None
        basis = f"{MEASURE_WORDS[either.measure]}, {years_text(either.years)}"
        prices = price_basis_text(effect.base, effect.head)
        if prices is not None:
            basis += f"; {prices}"
        if base is None or head is None:
            gone = head is None
            shown = base if gone else head
            assert shown is not None
            rows.append(
                [
                    f"{text(effect.name)} ({'removed' if gone else 'new'})",
                    basis,
                    pounds(shown.amount),
                    pounds(shown.cost),
                    "–",
                    pounds(shown.variance),
                    "removed" if gone else _status(shown.status == "over"),
                ]
            )
            continue
        amount = pounds(head.amount)
        if base.amount != head.amount:
            amount += f" (was {pounds(base.amount)})"
        result = _status(head.status == "over")
        if base.status != head.status:
            result = f"{status_text(base)} → {result}"
        rows.append(
            [
                text(effect.name),
                basis,
                amount,
                pounds(head.cost),
                _change(base.cost, head.cost),
                pounds(head.variance),
                result,
            ]
        )
    header = ["Envelope", "Measure", "Amount", "Cost", "Change", "Headroom", "Result"]
    align = ["---", "---", "--:", "--:", "--:", "--:", "---"]
    if gate is not None:  # mark the envelopes whose cost broke --fail-above's limit
        header.append("Gate")
        align.append("---")
        for row, effect in zip(rows, effects, strict=True):
            row.append(_gate_cell(gate.budget_breached(effect.name)))
    return _table(header, align, rows)


def _status(over: bool) -> str:
    return "**OVER**" if over else "within"


def _years(effects: tuple[YearEffect, ...], gate: Gate | None) -> str:
    rows = []
    for effect in effects:
        base, head = effect.base, effect.head
        base_posts = base.posts if base else 0
        head_posts = head.posts if head else 0
        posts = str(head_posts) if base_posts == head_posts else f"{base_posts} → {head_posts}"
        base_in_year = base.in_year.total if base else None
        head_in_year = head.in_year.total if head else None
        base_fye = base.full_year_effect.total if base else None
        head_fye = head.full_year_effect.total if head else None
        rows.append(
            [
                format_financial_year(effect.year)
                + ("" if base and head else " (new)" if head else " (gone)"),
                posts,
                pounds(head_in_year) if head_in_year is not None else "–",
                _change(base_in_year, head_in_year),
                pounds(head_fye) if head_fye is not None else "–",
                _change(base_fye, head_fye),
            ]
        )
    header = ["Year", "Posts", "In-year cost", "Change", "Full-year effect", "Change"]
    align = ["---", "--:", "--:", "--:", "--:", "--:"]
    if gate is not None:  # mark the figures that broke --fail-above's limit
        header.append("Gate")
        align.append("---")
        for row, effect in zip(rows, effects, strict=True):
            broke = gate.year_breaches(effect.year)
            words = ", ".join(GATE_MEASURE_WORDS[measure] for measure in broke)
            row.append(f"**fails**: {words}" if broke else "–")
    return _table(header, align, rows)


def _bridge(diff: ScenarioDiff) -> str:
    rows: list[tuple[str, dict[Driver, Decimal], Decimal]] = []
    for bridge in diff.bridges:
        steps = dict(rounded_steps(bridge, to_pounds))
        total = sum(steps.values(), Decimal(0))
        if any(steps.values()):
            rows.append((bridge_label(bridge), steps, total))
    if not rows:
        return "No figure moved by a pound or more."
    used = [driver for driver in DRIVERS if any(steps[driver] for _, steps, _ in rows)]
    table = _table(
        ["", *(driver_label(driver) for driver in used), "Total"],
        ["---", *("--:" for _ in used), "--:"],
        [
            [
                text(label),
                *(signed_pounds(steps[driver]) if steps[driver] else "–" for driver in used),
                f"**{signed_pounds(total)}**",
            ]
            for label, steps, total in rows
        ],
    )
    notes = []
    if not diff.attributed:
        notes.append(
            "The intermediate scenarios could not be costed (the two sides' inputs do not "
            "combine), so the whole change is shown under other changes."
        )
    notes.append("Rows that did not move are left out.")
    return table + "\n\n" + " ".join(notes)


def _inputs(diff: ScenarioDiff) -> str:
    inputs = diff.inputs
    items = []
    for change in inputs.scenario:
        items.append(f"- Scenario: {text(field_text(change))}")
    for line in inputs.lines:
        if line.change == "added":
            assert line.head is not None
            items.append(f"- Added {line.kind} line: {text(line_text(line.head))}")
        elif line.change == "removed":
            assert line.base is not None
            items.append(f"- Removed {line.kind} line: {text(line_text(line.base))}")
        else:
            assert line.head is not None
            fields = "; ".join(field_text(field) for field in line.fields)
            items.append(f"- Changed {line.kind} line {text(line_text(line.head))}: {text(fields)}")
    for change in inputs.assumptions:
        items.append(f"- Assumption: {text(field_text(change))}")
    for budget in inputs.budgets:
        if budget.change == "changed":
            fields = "; ".join(field_text(field) for field in budget.fields)
            items.append(f"- Envelope {text(budget.name)}: {text(fields)}")
        else:
            items.append(f"- Envelope {text(budget.name)} {budget.change}")
    for rate in inputs.rates:
        where = f"band {rate.band}, " if rate.band is not None else ""
        change = rate.change
        if change.field == "band":
            before, after = (
                value_text(change.kind, change.base),
                value_text(change.kind, change.head),
            )
            what = f"band {rate.band}: {before} → {after}"
            items.append(f"- Rate table: {text(what)}")
        else:
            items.append(f"- Rate table: {text(where + field_text(change))}")
    if len(items) > MAX_INPUT_ITEMS:  # a comment has a size limit; the JSON lists them all
        hidden = len(items) - MAX_INPUT_ITEMS
        items = [
            *items[:MAX_INPUT_ITEMS],
            f"- … and {hidden} more (`pi-growth diff --format json` lists every change)",
        ]
    return "\n".join(items)
