"""What every diff format shares: value text, line text, the headline, rounded bridge steps."""

from __future__ import annotations

import calendar
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from pi_growth.compare.diff import (
    DRIVER_LABELS,
    Bridge,
    BudgetEffect,
    Driver,
    FieldChange,
    ScenarioDiff,
    ValueKind,
)
from pi_growth.compare.gates import Breach, Gate, Limit
from pi_growth.cost.engine import BudgetResult
from pi_growth.models import GrowthLine, Line
from pi_growth.money import round_money
from pi_growth.periods import format_financial_year, format_month
from pi_growth.render.money import pounds, rate_text, signed_pounds
from pi_growth.render.words import MEASURE_WORDS, years_text

POUND = Decimal(1)


def value_text(kind: ValueKind, value: Any) -> str:
    """An input value as people read it: ``£40,000``, ``4.2%``, ``2025/26``, ``August``."""
    if value is None:
        return "none"
    if kind == "money":
        amount: Decimal = value
        return pounds(amount) if amount == amount.to_integral_value() else f"£{amount:,f}"
    if kind == "rate":
        return rate_text(value)
    if kind == "year":
        return format_financial_year(value)
    if kind == "years":
        return years_text(tuple(value))
    if kind == "month":
        return format_month(value)
    if kind == "calendar_month":
        return str(calendar.month_name[value])
    if kind == "number":
        return f"{value:f}"
    return str(value)


def value_data(kind: ValueKind, value: Any) -> Any:
    """An input value for machines: exact decimals as strings, years and months as text."""
    if value is None:
        return None
    if kind in ("money", "rate", "number"):
        return f"{value:f}"
    if kind == "year":
        return format_financial_year(value)
    if kind == "years":
        return [format_financial_year(year) for year in value]
    if kind == "month":
        return format_month(value)
    return value


def field_text(change: FieldChange) -> str:
    """``posts 2 → 3``, ``pay award 2025/26 none → 4.2%``."""
    return (
        f"{field_name(change.field)} {value_text(change.kind, change.base)} → "
        f"{value_text(change.kind, change.head)}"
    )


def field_name(field: str) -> str:
    """A field's path in words: ``on_costs.employer_ni.2025/26.rate`` as
    ``on-costs employer ni 2025/26 rate``; ``allowances.London.amount`` as
    ``allowance London: amount``."""
    head, _, rest = field.partition(".")
    if head == "teams" and rest:
        return f"team {rest} becomes"
    if field.startswith("governance.approval_thresholds."):
        return f"approval threshold for {field.split('.', 2)[2]}"
    if head == "allowances" and rest:
        name, _, detail = rest.partition(".")
        return f"allowance {name}: {detail}" if detail else f"allowance {name}"
    words = {"pay_awards": "pay award", "on_costs": "on-costs"}.get(head, head.replace("_", " "))
    if not rest:
        return words
    return f"{words} {rest.replace('.', ' ').replace('_', ' ')}"


def line_text(line: Line) -> str:
    """A line in a few words: ``Insight · D ×3 (0.8 FTE) · 2026/27 from 2026-09 to 2027-08``."""
    text = f"{line.team} · {line.band} ×{line.posts}"
    if line.fte != 1:
        text += f" ({line.fte:f} FTE)"
    if line.point is not None:
        text += f" at point {line.point}"
    if isinstance(line, GrowthLine):
        text += f" · {format_financial_year(line.year)}"
        if line.start is not None:
            text += f" from {format_month(line.start)}"
        if line.end is not None:
            text += f" to {format_month(line.end)}"
    return text


def compact_pounds(amount: Decimal) -> str:
    """An envelope's size as people say it: ``£2.6m``, ``£250k``, ``£1,234``."""
    magnitude = abs(amount)
    for divisor, suffix in ((Decimal(1_000_000), "m"), (Decimal(1_000), "k")):
        if magnitude >= divisor:
            scaled = (amount / divisor).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
            text = f"{scaled.normalize():f}"
            return f"-£{text[1:]}{suffix}" if text.startswith("-") else f"£{text}{suffix}"
    return pounds(amount)


def percent_change(base: Decimal, head: Decimal) -> str:
    """``+3.2%``; ``new`` when there was nothing before."""
    if base == 0:
        return "new" if head else "0.0%"
    percent = ((head - base) / abs(base) * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"+{percent}%" if percent >= 0 else f"{percent}%"


def rounded_steps(
    bridge: Bridge, rounder: Callable[[Decimal], Decimal]
) -> list[tuple[Driver, Decimal]]:
    """Each step's change as the difference of rounded running totals, so the rounded steps
    sum to the rounded total change exactly (rounding each step alone would not)."""
    previous = rounder(bridge.base)
    steps = []
    for step in bridge.steps:
        current = rounder(step.value)
        steps.append((step.driver, current - previous))
        previous = current
    assert sum((change for _, change in steps), Decimal(0)) == rounder(bridge.head) - rounder(
        bridge.base
    )
    return steps


def to_pounds(amount: Decimal) -> Decimal:
    """Rounded half up to whole pounds (what people's formats show)."""
    return amount.quantize(POUND, rounding=ROUND_HALF_UP)


def to_pence(amount: Decimal) -> Decimal:
    """Rounded half up to pence (what machine formats carry)."""
    return round_money(amount)


def bridge_label(bridge: Bridge) -> str:
    """What a bridge explains: ``2026/27 full-year effect`` or ``Envelope: Year 1``."""
    if bridge.budget is not None:
        return f"Envelope: {bridge.budget}"
    assert bridge.year is not None
    words = "in-year cost" if bridge.measure == "in_year_cost" else "full-year effect"
    return f"{format_financial_year(bridge.year)} {words}"


def driver_label(driver: Driver) -> str:
    """The driver's name for people."""
    return DRIVER_LABELS[driver]


def outturn_of(budget: BudgetResult) -> Decimal:
    """The envelope's outturn cost: its cost when it has no price base (SPEC §8)."""
    return budget.outturn_cost if budget.outturn_cost is not None else budget.cost


def price_basis_text(base: BudgetResult | None, head: BudgetResult | None) -> str | None:
    """For an envelope judged at a price base on either side: at which prices its cost is,
    and its outturn cost with the change in it and the verdict there; else None."""
    shown = head or base
    if shown is None or (
        (base is None or base.price_base is None) and (head is None or head.price_base is None)
    ):
        return None
    if shown.price_base is None:
        at = "at outturn (no price base)"
    else:
        at = f"cost at {format_financial_year(shown.price_base)} prices"
    outturn = outturn_of(shown)
    words = f"{at}; outturn {pounds(outturn)}"
    if base is not None and head is not None and outturn_of(base) != outturn:
        words += f" ({signed_pounds(outturn - outturn_of(base))})"
    over = round_money(outturn) > round_money(shown.amount)
    return f"{words}, {'OVER' if over else 'within'}"


def status_text(budget: BudgetResult) -> str:
    """``within`` or ``OVER``."""
    return "OVER" if budget.status == "over" else "within"


def headline(diff: ScenarioDiff) -> str:
    """One line a reviewer reads first: the envelope that moved most, and where it now sits.

    ``Years 2–3 full-year effect +£84,000 (+3.2%); now OVER its £2.6m envelope by £12,000``
    """
    if not diff.cost_changed:
        return "No cost change"
    moved = [
        effect
        for effect in diff.budgets
        if effect.base is not None
        and effect.head is not None
        and (
            to_pounds(effect.base.cost) != to_pounds(effect.head.cost)
            or effect.base.amount != effect.head.amount
        )
    ]
    if moved:
        # An envelope whose status flipped comes first; then the largest change in cost.
        def weight(effect: BudgetEffect) -> tuple[bool, Decimal]:
            assert effect.base is not None
            assert effect.head is not None
            flipped = effect.base.status != effect.head.status
            return (flipped, abs(effect.head.cost - effect.base.cost))

        chosen = max(moved, key=weight)
        text = _envelope_headline(chosen)
        flips = [
            effect
            for effect in diff.budgets
            if effect is not chosen
            and effect.base is not None
            and effect.head is not None
            and effect.base.status != effect.head.status
        ]
        for effect in flips:
            assert effect.head is not None
            text += f"; {effect.name} now {status_text(effect.head)}"
        return text
    return _year_headline(diff)


def _envelope_headline(effect: BudgetEffect) -> str:
    base, head = effect.base, effect.head
    assert base is not None
    assert head is not None
    change = head.cost - base.cost
    text = (
        f"{effect.name} {MEASURE_WORDS[head.measure]} {signed_pounds(change)} "
        f"({percent_change(base.cost, head.cost)})"
    )
    if to_pounds(change) == 0:  # only the envelope's amount moved
        text = (
            f"{effect.name} envelope {compact_pounds(base.amount)} → "
            f"{compact_pounds(head.amount)}, {MEASURE_WORDS[head.measure]} unchanged"
        )
    envelope = f"its {compact_pounds(head.amount)} envelope"
    if head.status == "over":
        overspend = pounds(-head.variance)
        if base.status == "over":
            return f"{text}; still OVER {envelope}, by {overspend}"
        return f"{text}; now OVER {envelope} by {overspend}"
    headroom = pounds(head.variance)
    if base.status == "over":
        return f"{text}; now within {envelope}, {headroom} headroom"
    return f"{text}; within {envelope}, {headroom} headroom"


def _year_headline(diff: ScenarioDiff) -> str:
    """Without an envelope that moved: the last year's full-year effect and in-year cost."""
    for effect in reversed(diff.years):
        base = effect.base.full_year_effect.total if effect.base else Decimal(0)
        head = effect.head.full_year_effect.total if effect.head else Decimal(0)
        base_in_year = effect.base.in_year.total if effect.base else Decimal(0)
        head_in_year = effect.head.in_year.total if effect.head else Decimal(0)
        base_posts = effect.base.posts if effect.base else 0
        head_posts = effect.head.posts if effect.head else 0
        if (to_pounds(base), to_pounds(base_in_year), base_posts) == (
            to_pounds(head),
            to_pounds(head_in_year),
            head_posts,
        ):
            continue
        moves = []
        if to_pounds(base) != to_pounds(head):
            moves.append(
                f"full-year effect {signed_pounds(head - base)} ({percent_change(base, head)})"
            )
        if to_pounds(base_in_year) != to_pounds(head_in_year):
            moves.append(
                f"in-year cost {signed_pounds(head_in_year - base_in_year)} "
                f"({percent_change(base_in_year, head_in_year)})"
            )
        if base_posts != head_posts:
            moves.append(f"posts {base_posts} → {head_posts}")
        return f"{format_financial_year(effect.year)} {'; '.join(moves)}"
    return "No change in costs; envelope amounts changed"


# The measures a gate compares, for people.
GATE_MEASURE_WORDS = {
    "in_year_cost": "in-year cost",
    "full_year_effect": "full-year effect",
    "budget": "envelope cost",
}


def limit_text(limit: Limit) -> str:
    """``£50,000`` or ``5%``: the limit of `--fail-above` for people."""
    return pounds(limit.value) if limit.kind == "amount" else rate_text(limit.value)


def breach_label(breach: Breach) -> str:
    """``2025/26 full-year effect`` or ``Envelope Year 2: cost``."""
    if breach.budget is not None:
        return f"Envelope {breach.budget}: cost"
    assert breach.year is not None
    return f"{format_financial_year(breach.year)} {GATE_MEASURE_WORDS[breach.measure]}"


def gate_sentence(gate: Gate) -> str:
    """``Cost gate FAILED: 2 figures rose by more than 5% (--fail-above)`` or ``passed``."""
    limit = limit_text(gate.limit)
    if not gate.failed:
        return f"Cost gate passed: no figure rose by more than {limit} (--fail-above)."
    count = len(gate.breaches)
    figures = "figure" if count == 1 else "figures"
    return f"Cost gate FAILED: {count} {figures} rose by more than {limit} (--fail-above)."


def breach_cells(breach: Breach) -> list[str]:
    """A breach for people: what, base, head, change, change in per cent (``new`` from zero)."""
    base = breach.base if breach.base is not None else Decimal(0)
    return [
        breach_label(breach),
        pounds(breach.base) if breach.base is not None else "–",
        pounds(breach.head),
        signed_pounds(breach.change),
        percent_change(base, breach.head),
    ]
