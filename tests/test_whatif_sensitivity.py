"""`pi-growth sensitivity`: each driver's low and high cost, checked with the engine, and the
bars ordered by swing."""

from __future__ import annotations

import json
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pi_growth.cli import app
from pi_growth.cost.engine import cost_scenario
from pi_growth.load.loader import load_scenario
from pi_growth.models import RateTable, Scenario
from pi_growth.money import round_money
from pi_growth.pay_awards import effective_pay_awards
from pi_growth.periods import first_month_of
from pi_growth.whatif.lines import plan_lines
from pi_growth.whatif.sensitivity import Setting, sensitivity
from tests.conftest import BUNDLED_SCENARIO, ROOT

TRICKY = ROOT / "tests" / "data" / "whatif" / "tricky.yaml"


def _decimal(value: Fraction) -> Decimal:
    return Decimal(value.numerator) / Decimal(value.denominator)


def _applied(scenario: Scenario, rates: RateTable, setting: Setting) -> Scenario:
    """The scenario with a driver's setting applied through the models."""
    lines = {line.index: line for line in plan_lines(scenario, rates)}
    growth = list(scenario.growth)
    for index, delay in setting.delays.items():
        position = lines[index].growth_index
        assert position is not None
        line = growth[position]
        start = max(scenario.fill_month(line) + delay, first_month_of(line.year))
        growth[position] = line.model_copy(update={"start": start})
    awards: dict[int | str, Decimal] = dict(effective_pay_awards(scenario, rates).items())
    awards.update({year: _decimal(award) for year, award in setting.awards.items()})
    assumptions = scenario.assumptions.model_copy(update={"pay_awards": awards})
    if setting.vacancy is not None:
        assumptions = assumptions.model_copy(update={"vacancy_factor": _decimal(setting.vacancy)})
    return scenario.model_copy(update={"growth": growth, "assumptions": assumptions})


@pytest.mark.parametrize("path", [BUNDLED_SCENARIO, TRICKY])
def test_every_bar_is_the_engines_cost_at_low_and_high(path: Path) -> None:
    """Each bar's two costs are the engine's, to the penny, for the scenario so varied; the
    bars are ordered by swing, widest first."""
    loaded = load_scenario(path)
    scenario, rates = loaded.scenario, loaded.rates
    tornado = sensitivity(scenario, rates)
    own = cost_scenario(scenario, rates)
    for index, budget in enumerate(tornado.budgets):
        assert round_money(own.budgets[index].cost) == round_money(_decimal(budget.cost))
        swings = [bar.swing for bar in budget.bars]
        assert swings == sorted(swings, reverse=True)
        for bar in budget.bars:
            for setting, cost in (
                (bar.driver.low_setting, bar.cost_low),
                (bar.driver.high_setting, bar.cost_high),
            ):
                varied = cost_scenario(_applied(scenario, rates, setting), rates)
                assert round_money(varied.budgets[index].cost) == round_money(_decimal(cost))
        if budget.outturn is None:
            assert own.budgets[index].outturn_cost is None
            continue
        # Judged at a price base: the tornado at outturn beside it, the engine's outturn cost.
        for bar in budget.outturn.bars:
            varied = cost_scenario(_applied(scenario, rates, bar.driver.high_setting), rates)
            outturn = varied.budgets[index].outturn_cost
            assert outturn is not None
            assert round_money(outturn) == round_money(_decimal(bar.cost_high))


def test_standard_drivers_without_an_uncertainty_block(tmp_path: Path) -> None:
    """No ranges: awards -1/+1 pp, delay 0/+3, vacancy 0/5%; a vacancy factor moves only an
    in-year budget (the bundled plan's are full-year: a swing of £0, listed last)."""
    text = BUNDLED_SCENARIO.read_text("utf-8").split("\nuncertainty:")[0]
    # Judged at outturn (no price base), where pay awards move the envelopes' cost; at the
    # bundled 2022/23 price base, the table's own, no award reaches it (SPEC §8).
    text = text.replace("    price_base: 2022/23\n", "")
    path = tmp_path / "plain.yaml"
    path.write_text(text.replace("../rates/mps-police-staff.yaml", "mps-police-staff"), "utf-8")
    result = CliRunner().invoke(app, ["sensitivity", str(path), "--format", "json"])
    assert (result.exit_code, result.stderr) == (0, "")
    document = json.loads(result.stdout)
    assert document["drivers_from"] == "standard"
    second = {driver["driver"]: driver for driver in document["budgets"][1]["drivers"]}
    assert set(second) == {"pay_award_pp", "fill_delay_months", "vacancy_factor"}
    swings = [Fraction(driver["swing"]) for driver in document["budgets"][1]["drivers"]]
    assert swings == sorted(swings, reverse=True)
    awards = second["pay_award_pp"]
    assert (awards["low"], awards["high"]) == ("-1.00", "1.00")
    # Each figure is its exact value rounded on its own: the swing may differ by a penny
    # from the difference of the two rounded costs.
    shown = abs(Fraction(awards["cost_high"]) - Fraction(awards["cost_low"]))
    assert abs(Fraction(awards["swing"]) - shown) <= Fraction(1, 100)
    assert Fraction(awards["variance_low"]) == Fraction(
        document["budgets"][1]["amount"]
    ) - Fraction(awards["cost_low"])
    vacancy = second["vacancy_factor"]
    assert (vacancy["low"], vacancy["high"], vacancy["swing"]) == ("0", "0.05", "0.00")


@pytest.mark.parametrize("fmt", ["table", "markdown", "csv"])
def test_standard_drivers_in_every_format(fmt: str, tmp_path: Path) -> None:
    """The standard drivers read as people write them: -1.00 pp, +3 months, 5%."""
    text = BUNDLED_SCENARIO.read_text("utf-8").split("\nuncertainty:")[0]
    path = tmp_path / "plain.yaml"
    path.write_text(text.replace("../rates/mps-police-staff.yaml", "mps-police-staff"), "utf-8")
    result = CliRunner().invoke(app, ["sensitivity", str(path), "--format", fmt])
    assert (result.exit_code, result.stderr) == (0, "")
    if fmt == "csv":
        assert ",pay_award_pp," in result.stdout
    else:
        assert "-1.00 pp" in result.stdout
        assert "+3 months" in result.stdout
        assert "5%" in result.stdout


@pytest.mark.parametrize("fmt", ["table", "markdown", "csv"])
def test_human_formats(fmt: str) -> None:
    """Every format lists each driver of each budget."""
    result = CliRunner().invoke(app, ["sensitivity", "--format", fmt])
    assert result.exit_code == 0
    assert "2026/27" in result.stdout


def test_tornado_chart(tmp_path: Path) -> None:
    """-o FILE.png draws the tornado; the same input gives the same bytes."""
    first, second = tmp_path / "a.png", tmp_path / "b.png"
    for out in (first, second):
        assert CliRunner().invoke(app, ["sensitivity", "-o", str(out)]).exit_code == 0
    assert first.read_bytes().startswith(b"\x89PNG")
    assert first.read_bytes() == second.read_bytes()
