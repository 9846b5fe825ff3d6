"""Expectation verdicts in words, shared by `check`, the console report and Markdown."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from pi_growth.cost.expectations import ExpectationResult
from pi_growth.money import round_money
from pi_growth.render.money import pounds

if TYPE_CHECKING:
    from rich.table import Table


def expected_text(result: ExpectationResult) -> str:
    """What the scenario asserts: ``56``, ``at most £7,000,000``, ``within``."""
    if result.kind == "budget_within":
        return "within"
    if result.expected_count is not None:
        return str(result.expected_count)
    parts = []
    if result.at_least is not None and result.at_least == result.at_most:
        return f"exactly {_money(result.at_least, result.actual_amount)}"
    if result.at_least is not None:
        parts.append(f"at least {_money(result.at_least, result.actual_amount)}")
    if result.at_most is not None:
        parts.append(f"at most {_money(result.at_most, result.actual_amount)}")
    return " and ".join(parts)


def actual_text(result: ExpectationResult) -> str:
    """What the costing found: ``55``, ``£7,177,050``, ``OVER by £461,434``."""
    if result.kind == "budget_within":
        variance = result.budget_variance if result.budget_variance is not None else Decimal(0)
        if result.actual_status == "over":
            return f"OVER by {pounds(-variance)}"
        return f"within ({pounds(variance)} headroom)"
    if result.actual_count is not None:
        return str(result.actual_count)
    assert result.actual_amount is not None
    limits = [limit for limit in (result.at_least, result.at_most) if limit is not None]
    return _money(result.actual_amount, *limits)


def verdict_sentence(result: ExpectationResult) -> str:
    """One line for a finding: ``posts at the end of 2024/25: expected 56, found 55``."""
    return f"{result.subject}: expected {expected_text(result)}, found {actual_text(result)}"


def _money(amount: Decimal, *others: Decimal | None) -> str:
    """Whole pounds, unless pounds would hide a difference from the figures it is held against."""
    shown = pounds(amount)
    for other in others:
        if other is None:
            continue
        if pounds(other) == shown and round_money(other) != round_money(amount):
            return _pence(amount)
    return shown


def _pence(amount: Decimal) -> str:
    exact = round_money(amount)
    text = f"£{abs(exact):,.2f}"
    return f"-{text}" if exact < 0 else text


def expectations_table(results: tuple[ExpectationResult, ...]) -> Table:
    """The console report's "Expectations" section: each assertion, what was found, met or not."""
    from rich.text import Text

    from pi_growth.render.terminal import titled_table

    table = titled_table("Expectations")
    table.add_column("Expectation", overflow="fold", ratio=1)
    table.add_column("Expected", overflow="fold")
    table.add_column("Found", overflow="fold")
    table.add_column("Result", no_wrap=True)
    for result in results:
        table.add_row(
            result.subject,
            expected_text(result),
            actual_text(result),
            Text("met", style="green") if result.met else Text("FAILED", style="bold red"),
        )
    return table


def expectation_records(results: tuple[ExpectationResult, ...]) -> list[dict[str, Any]]:
    """Verdicts as JSON-ready data (`cost --format json`'s `expectations`): money as strings
    with two decimals, counts as numbers."""
    from pi_growth.periods import format_financial_year
    from pi_growth.render.money import plain

    records = []
    for result in results:
        expected: object
        actual: object
        if result.kind == "budget_within":
            expected, actual = "within", result.actual_status
        elif result.expected_count is not None:
            expected, actual = result.expected_count, result.actual_count
        else:
            expected = {
                "at_least": plain(result.at_least) if result.at_least is not None else None,
                "at_most": plain(result.at_most) if result.at_most is not None else None,
            }
            actual = plain(result.actual_amount) if result.actual_amount is not None else None
        records.append(
            {
                "kind": result.kind,
                "subject": result.subject,
                "year": format_financial_year(result.year) if result.year is not None else None,
                "budget": result.budget,
                "expected": expected,
                "actual": actual,
                "status": "met" if result.met else "failed",
            }
        )
    return records
