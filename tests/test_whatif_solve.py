"""`pi-growth solve`: switching values, each proven by costing the scenario with the engine
at the value (the other status) and one step nearer (the present status)."""

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
from pi_growth.models import Budget, Line, RateTable, Scenario
from pi_growth.money import round_money
from pi_growth.pay_awards import effective_pay_awards
from pi_growth.periods import first_month_of
from pi_growth.whatif.solve import Switch, _outward, _posts_change, solve
from tests.conftest import BUNDLED_SCENARIO, ROOT

TRICKY = ROOT / "tests" / "data" / "whatif" / "tricky.yaml"
STEPS = {
    "pay_award_pp": Fraction(1, 100),
    "fill_delay_months": Fraction(1),
    "posts": Fraction(1),
    "vacancy_factor": Fraction(1, 10_000),
}


def _varied(
    scenario: Scenario, rates: RateTable, switch: Switch, value: Fraction, budget: Budget
) -> Scenario:
    """The scenario with one driver moved to `value` (in the driver's unit), via the models."""
    assumptions = scenario.assumptions
    if switch.driver == "pay_award_pp":
        awards: dict[int | str, Decimal] = dict(effective_pay_awards(scenario, rates).items())
        for year in scenario.horizon:
            shift = Decimal(value.numerator) / value.denominator / 100
            awards[year] = awards.get(year, Decimal(0)) + shift
        changed = assumptions.model_copy(update={"pay_awards": awards})
        return scenario.model_copy(update={"assumptions": changed})
    if switch.driver == "vacancy_factor":
        factor = Decimal(value.numerator) / value.denominator
        changed = assumptions.model_copy(update={"vacancy_factor": factor})
        return scenario.model_copy(update={"assumptions": changed})
    if switch.driver == "fill_delay_months":
        growth = [
            line.model_copy(
                update={
                    "start": max(scenario.fill_month(line) + int(value), first_month_of(line.year))
                }
            )
            for line in scenario.growth
        ]
        return scenario.model_copy(update={"growth": growth})
    return _with_posts(scenario, budget, switch.band or "", int(value))


def _with_posts(scenario: Scenario, budget: Budget, band: str, step: int) -> Scenario:
    """Posts of `band` in the budget's scope added to its last line in file order, or taken
    from its last lines first (a line at 0 posts dropped)."""
    baseline, growth = list(scenario.baseline), list(scenario.growth)
    lines: list[tuple[str, int]] = []
    if budget.scope == "total":
        lines += [("baseline", i) for i, line in enumerate(baseline) if line.band == band]
    for i, line in enumerate(growth):
        added = (
            line.year in budget.years if budget.scope == "added" else line.year <= budget.years[-1]
        )
        if line.band == band and added:
            lines.append(("growth", i))
    sections: dict[str, list[Line]] = {"baseline": list(baseline), "growth": list(growth)}
    if step >= 0:
        kind, index = lines[-1]
        moved = sections[kind][index]
        sections[kind][index] = moved.model_copy(update={"posts": moved.posts + step})
    else:
        left = -step
        for kind, index in reversed(lines):
            moved = sections[kind][index]
            taken = min(moved.posts, left)
            sections[kind][index] = moved.model_copy(update={"posts": moved.posts - taken})
            left -= taken
            if not left:
                break
    kept = {kind: [line for line in lines_ if line.posts > 0] for kind, lines_ in sections.items()}
    return scenario.model_copy(update={"baseline": kept["baseline"], "growth": kept["growth"]})


def _status(scenario: Scenario, rates: RateTable, budget: int) -> str:
    result = cost_scenario(scenario, rates)
    return result.budgets[budget].status


@pytest.mark.parametrize("path", [BUNDLED_SCENARIO, TRICKY])
def test_every_switching_value_flips_and_one_step_nearer_does_not(path: object) -> None:
    """At the value the engine gives the other status; one step nearer, the present one."""
    loaded = load_scenario(path)  # type: ignore[arg-type]
    scenario, rates = loaded.scenario, loaded.rates
    solution = solve(scenario, rates)
    checked = 0
    for index, budget in enumerate(solution.budgets):
        assert _status(scenario, rates, index) == budget.status
        for switch in budget.switching:
            if switch.value is None:
                continue
            own = (
                Fraction(scenario.assumptions.vacancy_factor)
                if switch.driver == ("vacancy_factor")
                else Fraction(0)
            )
            step = STEPS[switch.driver] * (1 if switch.value > own else -1)
            plan = scenario.budgets[index]
            at = _varied(scenario, rates, switch, switch.value, plan)
            nearer = _varied(scenario, rates, switch, switch.value - step, plan)
            assert _status(at, rates, index) == switch.status_at_value != budget.status
            assert _status(nearer, rates, index) == budget.status
            result = cost_scenario(at, rates)
            assert switch.cost_at_value is not None
            assert round_money(result.budgets[index].cost) == round_money(
                Decimal(switch.cost_at_value.numerator) / switch.cost_at_value.denominator
            )
            checked += 1
    assert checked >= 4


def test_outward_order() -> None:
    """1, -1, 2, -2, ... and only inside the range."""
    assert list(_outward(-2, 3)) == [1, -1, 2, -2, 3]
    assert list(_outward(0, 2)) == [1, 2]


def test_posts_change_takes_from_the_last_lines_first() -> None:
    """Lines (posts, one post's cost): (2, 10), (1, 7), (3, 5). +2 posts -> 2 x 5 = 10;
    -4 posts -> 3 x 5 + 1 x 7 = 22 taken."""
    lines = [(2, 10), (1, 7), (3, 5)]
    assert _posts_change(lines, 2) == 10
    assert _posts_change(lines, -4) == -22
    assert _posts_change(lines, -6) == -(15 + 7 + 20)


def test_bundled_plan_at_outturn_flips_with_awards(tmp_path: Path) -> None:
    """JSON keys of SPEC §9; Year 1 flips over at +1.61 pp of pay awards (hand-checked above
    against the engine), and Years 2-3 come within at -5.55 pp: the bundled plan judged at
    outturn, as before its envelopes carried their 2022/23 price base (at which no award
    moves them, SPEC §8)."""
    text = BUNDLED_SCENARIO.read_text("utf-8").replace("    price_base: 2022/23\n", "")
    path = tmp_path / "outturn.yaml"
    path.write_text(text.replace("../rates/mps-police-staff.yaml", "mps-police-staff"), "utf-8")
    result = CliRunner().invoke(app, ["solve", str(path), "--format", "json"])
    assert (result.exit_code, result.stderr) == (0, "")
    first, second = json.loads(result.stdout)["budgets"]
    assert (first["status"], second["status"]) == ("within", "over")
    awards = {switch["driver"]: switch for switch in first["switching"]}["pay_award_pp"]
    assert awards["status_at_value"] == "over"
    assert Fraction(awards["value"]) > 0
    awards = {switch["driver"]: switch for switch in second["switching"]}["pay_award_pp"]
    assert awards["status_at_value"] == "within"
    assert Fraction(awards["value"]) < 0


def test_bundled_plan_json() -> None:
    """JSON keys of SPEC §9; statuses and costs are cost's own; a value and the status at it
    come together or not at all; Year 1's full-year effect no fill delay moves."""
    result = CliRunner().invoke(app, ["solve", "--format", "json"])
    assert (result.exit_code, result.stderr) == (0, "")
    document = json.loads(result.stdout)
    first, second = document["budgets"]
    costed = json.loads(CliRunner().invoke(app, ["cost", "--format", "json"]).stdout)
    assert [first["status"], second["status"]] == [b["status"] for b in costed["budgets"]]
    assert first["cost"] == costed["budgets"][0]["cost"]
    for budget in (first, second):
        for switch in budget["switching"]:
            assert list(switch) == ["driver", "band", "value", "status_at_value", "cost_at_value"]
            assert (switch["value"] is None) == (switch["status_at_value"] is None)
            if switch["value"] is not None:
                assert switch["status_at_value"] != budget["status"]
    delay = {switch["driver"]: switch for switch in first["switching"]}["fill_delay_months"]
    assert (delay["value"], delay["status_at_value"]) == (None, None)


@pytest.mark.parametrize("fmt", ["table", "markdown", "csv", "json"])
def test_every_format_of_every_driver(fmt: str) -> None:
    """The tricky scenario has a switching value of every kind, vacancy factor included."""
    result = CliRunner().invoke(app, ["solve", str(TRICKY), "--format", fmt])
    assert result.exit_code == 0
    assert "Tight in year" in result.stdout
    if fmt == "json":
        tight = json.loads(result.stdout)["budgets"][3]
        vacancy = {switch["driver"]: switch for switch in tight["switching"]}["vacancy_factor"]
        assert vacancy["status_at_value"] == "over"
        assert len(vacancy["value"]) == len("0.0000")


@pytest.mark.parametrize("fmt", ["table", "markdown", "csv"])
def test_human_formats(fmt: str) -> None:
    """Every format names each driver and says "none within range" (or leaves it blank)."""
    result = CliRunner().invoke(app, ["solve", "--format", fmt])
    assert result.exit_code == 0
    assert "pay_award_pp" in result.stdout or "Pay awards" in result.stdout
    if fmt != "csv":
        assert "none within range" in result.stdout


@pytest.mark.parametrize("command", ["solve", "sensitivity", "simulate"])
def test_bad_input_exits_2_located(command: str, tmp_path: Path) -> None:
    """A scenario with a problem: exit 2, FILE:LINE:COLUMN on stderr, nothing on stdout."""
    path = tmp_path / "bad.yaml"
    path.write_text(
        BUNDLED_SCENARIO.read_text("utf-8")
        .replace("../rates/mps-police-staff.yaml", "mps-police-staff")
        .replace(
            "fill_delay_months: {min: 0, likely: 2, max: 6}",
            "fill_delay_months: {min: 3, likely: 2, max: 6}",
        ),
        "utf-8",
    )
    result = CliRunner().invoke(app, [command, str(path)])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith(f"{path}:")
    assert "min <= likely <= max" in result.stderr


def test_solve_has_no_chart(tmp_path: Path) -> None:
    """-o FILE.png asks solve for a chart it does not draw: exit 2, nothing written."""
    out = tmp_path / "solve.png"
    result = CliRunner().invoke(app, ["solve", "-o", str(out)])
    assert result.exit_code == 2
    assert "solve has no chart" in result.stderr
    assert not out.exists()


def test_format_follows_the_output_suffix(tmp_path: Path) -> None:
    """-o FILE.json writes JSON without --format."""
    out = tmp_path / "solve.json"
    assert CliRunner().invoke(app, ["solve", "-o", str(out)]).exit_code == 0
    assert json.loads(out.read_text("utf-8"))["budgets"][0]["status"] == "within"


@pytest.mark.parametrize(
    ("command", "arguments", "named"),
    [
        ("solve", ["--format", "json", "-o", "out.csv"], ["--format json", "out.csv"]),
        ("sensitivity", ["--format", "csv", "-o", "out.md"], ["--format csv", "out.md"]),
        ("simulate", ["--format", "json", "-o", "out.png"], ["--format json", ".png"]),
    ],
)
def test_a_format_contradicting_the_file_name_is_refused(
    command: str,
    arguments: list[str],
    named: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The what-if commands follow the rule every command has (issue 11): --format against
    -o's extension is refused before any work, naming both, exit 2, and no file is written."""
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, [command, *arguments])
    assert result.exit_code == 2
    assert result.stdout == ""
    for name in named:
        assert name in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_the_markdown_extension_is_read_as_markdown(tmp_path: Path) -> None:
    """.markdown, like .md, names Markdown (the extension table every command shares)."""
    out = tmp_path / "solve.markdown"
    assert CliRunner().invoke(app, ["solve", "-o", str(out)]).exit_code == 0
    assert out.read_text("utf-8").startswith("#")
