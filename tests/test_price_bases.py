"""Envelope price bases (SPEC §8): budget amounts, costs at a price base, price effects."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from pi_growth.cli import app
from pi_growth.cost.engine import BudgetResult
from pi_growth.load.validation import cross_check
from pi_growth.models import RateTable, Scenario
from tests.conftest import BUNDLED_SCENARIO
from tests.engine_cases import cost, grow, on_costs, rates, scenario


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


# --- the engine: costs at a price base, worked by hand ------------------------------------

D = Decimal
# NI that changes between the years (10% then 20%, no threshold), so on-cost effects show.
RISING_NI = on_costs(
    employer_ni={
        "2024/25": {"rate": "0.10", "threshold": 0},
        "2025/26": {"rate": "0.20", "threshold": 0},
    }
)
TWO_AWARDS = {"2024/25": "10%", "2025/26": "5%"}  # each from April (the default month)


def one_budget(price_base: str, *, measure: str = "full_year_effect") -> list[dict[str, Any]]:
    return [
        {
            "name": "Y2",
            "years": ["2025/26"],
            "amount": 20000,
            "measure": measure,
            "price_base": price_base,
        }
    ]


def costed_budget(plan: Scenario, table: RateTable) -> BudgetResult:
    (budget,) = cost(plan, table).budgets
    return budget


def figures(budget: BudgetResult) -> tuple[Decimal, ...]:
    """At price base, pay-award effect, on-cost effect, outturn."""
    effects = budget.price_effects
    assert effects is not None
    assert budget.outturn_cost is not None
    return (budget.cost, effects["pay_awards"], effects["on_costs"], budget.outturn_cost)


def test_at_the_table_price_base_no_award_and_that_years_on_costs() -> None:
    """Price base = the table's: its amounts as they are, with its first year's on-costs."""
    # Band S £12,000 = £1,000 a month; one post added in 2025/26; FYE at March 2026.
    # Outturn: U = 1.10 x 1.05 = 1.155; pay 1,155 + NI 20% 231 = 1,386 a month -> 16,632.
    # At 2024/25 prices: U_q = 1 (no award before 2024/25); NI of 2024/25, 10%:
    #   1,000 + 100 = 1,100 a month -> 13,200.
    # Outturn pay, 2024/25 on-costs: 1,155 + 115.50 = 1,270.50 -> 15,246.
    # Pay awards = 15,246 - 13,200 = 2,046; on-costs = 16,632 - 15,246 = 1,386;
    # together 3,432 = 16,632 - 13,200.
    table = rates(on_costs=RISING_NI, pay_awards=TWO_AWARDS)
    plan = scenario(years=2, growth=[grow("S", "2025/26")], budgets=one_budget("2024/25"))
    budget = costed_budget(plan, table)
    assert figures(budget) == (D(13200), D(2046), D(1386), D(16632))
    # Judged at the price base: 20,000 - 13,200 = 6,800 headroom; outturn 3,368.
    assert (budget.variance, budget.status) == (D(6800), "within")
    assert (budget.outturn_variance, budget.outturn_status) == (D(3368), "within")


def test_a_later_price_base_carries_the_awards_before_it() -> None:
    """Price base 2025/26: U_q is the 2024/25 award; 2025/26's own award is the pay effect."""
    # At 2025/26 prices: U_q = 1.10; NI of 2025/26, 20%: 1,100 + 220 = 1,320 -> 15,840.
    # Outturn (as above) 16,632; its on-costs are 2025/26's already, so the mixed step is
    # the outturn: pay awards = 16,632 - 15,840 = 792 (= 15,840 x 5%); on-costs = 0.
    table = rates(on_costs=RISING_NI, pay_awards=TWO_AWARDS)
    plan = scenario(years=2, growth=[grow("S", "2025/26")], budgets=one_budget("2025/26"))
    assert figures(costed_budget(plan, table)) == (D(15840), D(792), D(0), D(16632))


def test_in_year_at_a_price_base_is_constant_through_the_year() -> None:
    """An in-year budget: U_q in every month, where the outturn steps up at the award."""
    # Band R £24,000 loaded (2,000 a month) + other £1,200 (100 a month, never uplifted).
    # Awards each October: by April 2025 U = 1.10; from October 2025 U = 1.155.
    # Outturn in-year 2025/26: 6 x (2,000 x 1.10 + 100) + 6 x (2,000 x 1.155 + 100)
    #   = 6 x 2,300 + 6 x 2,410 = 13,800 + 14,460 = 28,260.
    # At 2025/26 prices: U_q = 1.10 all year: 12 x 2,300 = 27,600.
    # A loaded cost has no on-costs: pay awards = 660, on-costs = 0.
    table = rates(on_costs=RISING_NI, pay_awards=TWO_AWARDS, pay_award_month=10)
    table = table.model_copy(
        update={
            "bands": {**table.bands, "R": table.bands["R"].model_copy(update={"other": D(1200)})}
        }
    )
    plan = scenario(
        years=2,
        growth=[grow("R", "2025/26")],
        budgets=one_budget("2025/26", measure="in_year"),
    )
    assert figures(costed_budget(plan, table)) == (D(27600), D(660), D(0), D(28260))


def test_uplifted_allowances_scale_and_flat_ones_do_not() -> None:
    """Only what the awards raise is carried to the price base: a flat allowance is not."""
    # Salary 12,000; allowance A 1,200 (uplifted, pensionable); B 600 (flat); pension 20%.
    # At 2025/26 prices, U_q = 1.10: 13,200 + 1,320 + 600 = 15,120 pay; pension
    #   20% x (13,200 + 1,320) = 2,904; FYE 18,024.
    # No award in 2025/26 and flat on-costs: the outturn is the same and both effects 0.
    table = rates(
        on_costs=on_costs(pension_rate="0.2"),
        pay_awards={"2024/25": "10%", "2025/26": 0},
        allowances=[
            {"name": "A", "amount": 1200, "pensionable": True},
            {"name": "B", "amount": 600, "pensionable": False, "uplifted": False},
        ],
    )
    plan = scenario(years=2, growth=[grow("S", "2025/26")], budgets=one_budget("2025/26"))
    assert figures(costed_budget(plan, table)) == (D(18024), D(0), D(0), D(18024))


def test_banded_pension_is_the_price_base_years_bands_on_the_pay_costed() -> None:
    """Pinned on-costs keep their bands, judged on the pay of each step (so on-costs can
    fall while pay rises)."""
    # Pension: 2024/25 tiers 10% up to 15,000, 30% above; 2025/26 flat 20%. NI zero.
    # Awards: 2024/25 0%, 2025/26 50% (April). Salary 12,000. FYE 2025/26, price base 2024/25.
    # At 2024/25 prices: pay 12,000 (<= 15,000: 10%) -> 12,000 + 1,200 = 13,200.
    # Outturn pay, 2024/25 on-costs: 18,000 (> 15,000: 30%) -> 18,000 + 5,400 = 23,400.
    # Outturn: 18,000 + 20% 3,600 = 21,600.
    # Pay awards = 23,400 - 13,200 = 10,200; on-costs = 21,600 - 23,400 = -1,800.
    table = rates(
        on_costs=on_costs(
            pension_rate={
                "2024/25": [{"up_to": 15000, "rate": "0.1"}, {"rate": "0.3"}],
                "2025/26": "0.2",
            }
        ),
        pay_awards={"2024/25": 0, "2025/26": "50%"},
    )
    plan = scenario(years=2, growth=[grow("S", "2025/26")], budgets=one_budget("2024/25"))
    assert figures(costed_budget(plan, table)) == (D(13200), D(10200), D(-1800), D(21600))


def test_a_budget_without_a_price_base_is_at_outturn() -> None:
    """No price base: the cost is the plain §4 cost and there are no price effects."""
    table = rates(on_costs=RISING_NI, pay_awards=TWO_AWARDS)
    budgets = [{"name": "Y2", "years": ["2025/26"], "amount": 20000}]
    plan = scenario(years=2, growth=[grow("S", "2025/26")], budgets=budgets)
    budget = costed_budget(plan, table)
    assert (budget.cost, budget.price_base, budget.price_effects) == (D(16632), None, None)


@pytest.mark.parametrize(
    ("price_base", "message"),
    [
        ("2023/24", "2023/24 is before the rate table's price base 2024/25"),
        ("2026/27", "2026/27 is after the horizon 2024/25 to 2025/26"),
    ],
)
def test_a_price_base_outside_the_table_and_horizon_is_an_error(
    price_base: str, message: str
) -> None:
    """Before the table's price base, or after the horizon's end: an input error there."""
    table = rates(on_costs=RISING_NI, pay_awards=TWO_AWARDS)
    plan = scenario(years=2, growth=[grow("S", "2025/26")], budgets=one_budget(price_base))
    (finding,) = cross_check(plan, table)
    assert finding.location == ("budgets", 0, "price_base")
    assert finding.message.startswith(message)


# --- every format --------------------------------------------------------------------------


def test_the_bundled_plan_is_judged_like_for_like() -> None:
    """Both envelopes at 2022/23 prices: within there; Years 2-3 over at outturn; the price
    effects (pay awards the larger) take one to the other, to the penny as printed."""
    code, stdout, stderr = invoke("cost", str(BUNDLED_SCENARIO), "--format", "json")
    assert (code, stderr) == (0, "")
    for budget in json.loads(stdout)["budgets"]:
        assert budget["price_base"] == "2022/23"
        assert budget["status"] == "within"
        effects = {name: D(value) for name, value in budget["price_effects"].items()}
        assert effects["pay_awards"] > effects["on_costs"] > 0
        gap = D(budget["outturn_cost"]) - D(budget["cost"])
        assert abs(effects["pay_awards"] + effects["on_costs"] - gap) <= D("0.01")
    assert budget["outturn_status"] == "over"


def test_the_issue_figures_before_ni_reliefs(tmp_path: Path) -> None:
    """Issue 9 quoted, for the bundled plan like for like: Years 2-3 about £244,390 within,
    pay awards about £631k, on-costs about £74k. It was filed before the apprentices' and
    placements' NI reliefs (SPEC §11) were costed; with every line `standard` again, the
    figures are the issue's."""
    text = BUNDLED_SCENARIO.read_text(encoding="utf-8")
    text = re.sub(r", ni_category: \w+", "", text)
    text = re.sub(r", ni_relief_until: [0-9-]+", "", text)
    plan = tmp_path / "standard.yaml"
    plan.write_text(text.replace("../rates/mps-police-staff.yaml", "mps-police-staff"), "utf-8")
    code, stdout, stderr = invoke("cost", str(plan), "--format", "json")
    assert (code, stderr) == (0, "")
    years_2_3 = json.loads(stdout)["budgets"][1]
    assert (round(D(years_2_3["variance"])), years_2_3["status"]) == (244390, "within")
    effects = years_2_3["price_effects"]
    assert round(D(effects["pay_awards"]), -3) == 631000
    assert round(D(effects["on_costs"]), -3) == 74000


def test_check_reads_the_like_for_like_status(write_file: Any) -> None:
    """`check` judges an envelope at its price base: within there, though over at outturn."""
    write_file(
        "rates.yaml",
        "name: T\nprice_base: 2024/25\npay_awards: {2024/25: 50%, 2025/26: 0}\n"
        "bands:\n  X: {annual_cost: 12000}\n",
    )
    text = (
        "name: P\nrates: rates.yaml\nfirst_year: 2024/25\nyears: 2\n"
        "growth: [{team: A, band: X, posts: 1, year: 2025/26}]\n"
        "budgets:\n  - {name: B, years: 2025/26, amount: 15000, price_base: PB}\n"
    )
    # The 2024/25 award (50%, April) is in force all through 2025/26: outturn 18,000.
    # At 2024/25 prices: 12,000 (within 15,000); at 2025/26 prices: 12,000 x 1.5 = 18,000.
    code, stdout, _ = invoke("check", str(write_file("within.yaml", text.replace("PB", "2024/25"))))
    assert code == 0, stdout
    code, stdout, _ = invoke("check", str(write_file("over.yaml", text.replace("PB", "2025/26"))))
    assert code == 1
    assert (
        "budget 'B' is OVER: full-year effect £18,000 at 2025/26 prices against £15,000" in stdout
    )


def test_diff_compares_price_bases_and_outturns(tmp_path: Path) -> None:
    """Adding the price bases: the envelopes' costs move to 2022/23 prices, their outturns
    stay, the change is listed among the inputs, and the bridge puts it under `other`."""
    text = BUNDLED_SCENARIO.read_text(encoding="utf-8").replace(
        "../rates/mps-police-staff.yaml", "mps-police-staff"
    )
    head = tmp_path / "head.yaml"
    head.write_text(text, encoding="utf-8")
    base = tmp_path / "base.yaml"
    base.write_text(text.replace("    price_base: 2022/23\n", ""), encoding="utf-8")
    code, stdout, stderr = invoke("diff", str(base), str(head), "--format", "json")
    assert (code, stderr) == (0, "")
    document = json.loads(stdout)
    years_2_3 = document["budgets"][1]
    assert years_2_3["price_base"] == {"base": None, "head": "2022/23"}
    # The outturn is the same posts at the same pay: unchanged. The cost judged moves from
    # the outturn (BASE's cost) to 2022/23 prices (HEAD's).
    outturn = years_2_3["outturn_cost"]
    assert (outturn["base"], outturn["change"]) == (outturn["head"], "0.00")
    assert years_2_3["cost"]["base"] == outturn["head"]
    assert D(years_2_3["cost"]["head"]) < D(outturn["head"])
    assert years_2_3["price_effects"]["pay_awards"]["base"] is None
    assert years_2_3["status"] == {"base": "over", "head": "within"}
    changed = {change["name"]: change for change in document["inputs"]["budgets"]}
    assert [field["field"] for field in changed["Years 2–3 (subject to governance)"]["fields"]] == [
        "price_base"
    ]
    code, stdout, _ = invoke("diff", str(base), str(head))
    assert code == 0
    assert "cost at 2022/23 prices; outturn £3,037,704, OVER" in " ".join(stdout.split())
