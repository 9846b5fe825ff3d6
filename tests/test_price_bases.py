"""Envelope price bases (SPEC §8): budget amounts, costs at a price base, price effects."""

from __future__ import annotations

from typing import Any

from typer.testing import CliRunner

from pi_growth.cli import app


def invoke(*args: str) -> tuple[int, str, str]:
    """Run the CLI in-process; exit code, stdout and stderr."""
    result = CliRunner().invoke(app, list(args), env={"GITHUB_ACTIONS": ""})
    return result.exit_code, result.stdout, result.stderr


def test_a_fraction_of_a_penny_in_an_amount_is_an_input_error(write_file: Any) -> None:
    """An envelope is whole pence: £1,000.005 is a typo, located at the amount."""
    write_file(
        "rates.yaml",
        "name: T\nprice_base: 2024/25\npay_awards: {2024/25: 0}\nbands:\n"
        "  X: {annual_cost: 12000}\n",
    )
    plan = write_file(
        "plan.yaml",
        "name: P\nrates: rates.yaml\nfirst_year: 2024/25\nyears: 1\n"
        "growth: [{team: A, band: X, posts: 1, year: 2024/25}]\n"
        "budgets:\n  - {name: B, years: 2024/25, amount: 1000.005}\n",
    )
    code, stdout, stderr = invoke("cost", str(plan))
    assert (code, stdout) == (2, "")
    assert stderr == (
        f"{plan}:7:39: budgets[0].amount: an amount is whole pence; "
        "1000.005 has a fraction of a penny\n"
    )
