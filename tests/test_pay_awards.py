"""Pay-award history in the rate table, scenario overrides, `later`, and gaps (SPEC §8)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import ValidationError
from typer.testing import CliRunner

from pi_growth.cli import app
from pi_growth.pay_awards import award_schedule, missing_pay_awards
from tests.conftest import BUNDLED_RATES
from tests.engine_cases import cost, full_year, grow, rates, scenario

D = Decimal


def schedule(table_awards: dict[str, Any], years: int, **awards: Any) -> list[tuple[int, str, str]]:
    """The award schedule as (year, rate, origin) for a table priced at 2024/25."""
    plan = scenario(years=years, pay_awards=awards)
    return [
        (award.year, f"{award.rate:f}", award.origin)
        for award in award_schedule(plan, rates(pay_awards=table_awards))
    ]


@pytest.mark.parametrize(
    ("table_awards", "years", "awards", "expected"),
    [
        # The table's history alone covers the horizon.
        (
            {"2024/25": "2%", "2025/26": "3%"},
            2,
            {},
            [(2024, "0.02", "rate table"), (2025, "0.03", "rate table")],
        ),
        # The scenario overrides the table for a year it names, and adds a year it lacks.
        (
            {"2024/25": "2%"},
            2,
            {"2024/25": "5%", "2025/26": "1%"},
            [(2024, "0.05", "scenario"), (2025, "0.01", "scenario")],
        ),
        # `later` covers every FY after the last one named in the table OR the scenario: the
        # table names 2025/26, so later starts at 2026/27.
        (
            {"2024/25": "2%", "2025/26": "3%"},
            4,
            {"later": "1.5%"},
            [
                (2024, "0.02", "rate table"),
                (2025, "0.03", "rate table"),
                (2026, "0.015", "later"),
                (2027, "0.015", "later"),
            ],
        ),
        # With nothing named anywhere, `later` starts at the price base; `later: 0` is an
        # answer (constant pay), not a gap.
        ({}, 2, {"later": 0}, [(2024, "0", "later"), (2025, "0", "later")]),
        # A year nobody names, before the last named one, is a gap (costed as 0%).
        (
            {"2024/25": "2%"},
            3,
            {"2026/27": "3%"},
            [(2024, "0.02", "rate table"), (2025, "0", "missing"), (2026, "0.03", "scenario")],
        ),
    ],
)
def test_the_schedule_combines_table_scenario_and_later(
    table_awards: dict[str, Any], years: int, awards: dict[str, Any], expected: list[Any]
) -> None:
    """Each FY from the price base to the horizon's end, with its award and where it is from."""
    assert schedule(table_awards, years, **awards) == expected


def test_the_engine_applies_the_table_history_and_later() -> None:
    """A table award and a `later` award are both priced, compounding like any other."""
    # Band S: £12,000 a year at the 2024/25 price base; awards from April (the default).
    # Table: 2024/25 10%. Scenario: later 5% (from 2025/26, the year after the last named).
    #   FYE 2024/25 = 12,000 x 1.10 = 13,200
    #   FYE 2025/26 = 12,000 x 1.10 x 1.05 = 13,860
    table = rates(pay_awards={"2024/25": "10%"})
    plan = scenario(years=2, growth=[grow("S")], pay_awards={"later": "5%"})
    assert full_year(cost(plan, table)) == [D("13200"), D("13860")]


def test_a_gap_is_costed_at_zero() -> None:
    """A year with no award is 0%: it is warned about, never guessed."""
    # Table: 2024/25 10%; 2025/26 named nowhere. FYE 2025/26 = 12,000 x 1.10 = 13,200.
    table = rates(pay_awards={"2024/25": "10%"})
    plan = scenario(years=2, growth=[grow("S")])
    assert missing_pay_awards(plan, table) == [2025]
    assert full_year(cost(plan, table)) == [D("13200"), D("13200")]


def test_later_is_for_scenarios_only() -> None:
    """A rate table records awards made; `later` is a planning assumption."""
    with pytest.raises(ValidationError):
        rates(pay_awards={"later": "2%"})


# --- the commands -------------------------------------------------------------------------

# The new user: a plan from 2025/26 on the bundled table (price base 2022/23) stating
# only the 2025/26 and 2026/27 awards, as the README example does.
NEW_USER = """\
name: New user
rates: RATES
first_year: 2025/26
years: 2
assumptions:
  pay_awards: {2025/26: 4.2%, 2026/27: 3%}
growth:
  - {team: Insight, band: C, posts: 4, year: 2025/26}
  - {team: Insight, band: D, posts: 6, year: 2026/27}
"""
GAP = (
    "no pay award for {year} (rate table price base 2022/23); costed as 0% - state it in pay_awards"
)


def invoke(*args: str) -> tuple[int, str, str]:
    """Run the CLI in-process; exit code, stdout and stderr."""
    result = CliRunner().invoke(app, list(args), env={"GITHUB_ACTIONS": ""})
    return result.exit_code, result.stdout, result.stderr


def table_without_history(tmp_path: Path) -> Path:
    """The bundled rate table as it was before it carried its award history."""
    data = yaml.safe_load(BUNDLED_RATES.read_text(encoding="utf-8"))
    del data["pay_awards"]
    path = tmp_path / "old-table.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def new_user_plan(tmp_path: Path, rates_reference: str) -> Path:
    path = tmp_path / "plan.yaml"
    path.write_text(NEW_USER.replace("RATES", rates_reference), encoding="utf-8")
    return path


def test_the_new_user_case_warns_from_cost(tmp_path: Path) -> None:
    """Three years of awards missing: three located warnings on stderr, exit 0."""
    table_without_history(tmp_path)
    plan = new_user_plan(tmp_path, "old-table.yaml")
    code, stdout, stderr = invoke("cost", str(plan))
    assert code == 0
    assert "New user" in stdout
    # Located at `pay_awards:` (line 6, column 3 of the plan).
    assert stderr.splitlines() == [
        f"{plan}:6:3: warning: {GAP.format(year=year)}"
        for year in ("2022/23", "2023/24", "2024/25")
    ]
    code, stdout, _ = invoke("cost", str(plan), "--format", "json")
    document = json.loads(stdout)
    assert document["warnings"] == [
        GAP.format(year="2022/23"),
        GAP.format(year="2023/24"),
        GAP.format(year="2024/25"),
    ]
    assert document["assumptions"]["pay_award_origins"]["2023/24"] == "missing"


def test_check_fails_on_a_gap_with_its_own_line(tmp_path: Path) -> None:
    """`check` counts each missing year as a failure: exit 1, a line each, and the summary."""
    table_without_history(tmp_path)
    plan = new_user_plan(tmp_path, "old-table.yaml")
    code, stdout, stderr = invoke("check", str(plan))
    assert code == 1
    lines = stdout.splitlines()
    assert f"{plan}:6:3: warning: {GAP.format(year='2023/24')}" in lines
    assert (
        lines[-1]
        == f"{plan}: FAILED: 3 years with no pay award (0 budgets, 0 expectations checked)"
    )
    assert GAP.format(year="2024/25") in stderr


def test_every_report_lists_the_gap(tmp_path: Path) -> None:
    """The assumptions section of each format says which year has no award."""
    table_without_history(tmp_path)
    plan = new_user_plan(tmp_path, "old-table.yaml")
    for options in (["table"], ["markdown"], ["csv", "--table", "assumptions"]):
        code, stdout, _ = invoke("cost", str(plan), "--format", *options)
        assert code == 0
        text = " ".join(stdout.replace("\\_", "_").split())  # wrapped or escaped, or not
        assert GAP.format(year="2023/24") in text, options


def test_the_bundled_table_carries_the_history(tmp_path: Path) -> None:
    """On the bundled table the same plan has no gap: the table's history fills 2022/23 to
    2025/26, and the plan costs more than with the awards missing."""
    plan = new_user_plan(tmp_path, "mps-police-staff")
    code, with_history, stderr = invoke("cost", str(plan), "--format", "json")
    assert (code, stderr) == (0, "")
    table_without_history(tmp_path)
    code, without, _ = invoke(
        "cost", str(new_user_plan(tmp_path, "old-table.yaml")), "--format", "json"
    )
    fye = [D(json.loads(text)["years"][-1]["full_year_effect"]) for text in (with_history, without)]
    # The three missing awards are 5%, 7% and 4.75%: x1.17686625 on pay.
    assert fye[0] > fye[1] * D("1.15")


def test_a_scenario_with_no_pay_awards_is_warned_at_rates(write_file: Any) -> None:
    """With no `pay_awards` to point at, the warning is at `rates:`."""
    write_file("rates.yaml", "name: T\nprice_base: 2024/25\nbands:\n  X: {annual_cost: 12000}\n")
    plan = write_file(
        "plan.yaml",
        "name: P\nrates: rates.yaml\nfirst_year: 2024/25\nyears: 1\n"
        "growth: [{team: A, band: X, posts: 1, year: 2024/25}]\n",
    )
    code, _, stderr = invoke("cost", str(plan))
    assert code == 0
    assert stderr == (
        f"{plan}:2:1: warning: no pay award for 2024/25 (rate table price base 2024/25); "
        "costed as 0% - state it in pay_awards\n"
    )


def test_the_bundled_scenario_states_only_its_planning_assumption() -> None:
    """The award history lives in the bundled table; the scenario states `later` alone."""
    from tests.conftest import BUNDLED_SCENARIO

    data = yaml.safe_load(BUNDLED_SCENARIO.read_text(encoding="utf-8"))
    assert list(data["assumptions"]["pay_awards"]) == ["later"]
    table = yaml.safe_load(BUNDLED_RATES.read_text(encoding="utf-8"))
    assert list(table["pay_awards"]) == ["2022/23", "2023/24", "2024/25", "2025/26"]
    _, _, stderr = invoke("check", str(BUNDLED_SCENARIO))
    assert "warning" not in stderr
