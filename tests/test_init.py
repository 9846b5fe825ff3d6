"""`pi-growth init [DIR]`: init, check, cost in an empty folder, in three commands."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from pi_growth.cli import app
from pi_growth.commands.init import RATES, starter_scenario


def invoke(*args: str) -> tuple[int, str, str]:
    """Run the CLI in-process: exit code, stdout, stderr."""
    result = CliRunner().invoke(app, list(args), env={"NO_COLOR": "1", "COLUMNS": "80"})
    return result.exit_code, result.stdout, result.stderr


def test_init_check_cost_in_an_empty_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Three commands in an empty folder that is no repository: the plan is written, holds
    its envelope and expectations, and costs."""
    monkeypatch.chdir(tmp_path)
    code, stdout, stderr = invoke("init")
    assert (code, stderr) == (0, "")
    assert stdout == (
        "Wrote scenario.yaml. Next:\n"
        "  pi-growth check scenario.yaml && pi-growth cost scenario.yaml\n"
    )
    assert [path.name for path in tmp_path.iterdir()] == ["scenario.yaml"]
    assert invoke("check", "scenario.yaml") == (
        0,
        "scenario.yaml: ok (1 budget, 2 expectations checked)\n",
        "",
    )
    code, report, stderr = invoke("cost", "scenario.yaml")
    assert (code, stderr) == (0, "")
    assert report.startswith("My team's growth plan\nscenario.yaml · rates: MPS police staff")
    # 4 posts at the start, 2 added in 2027/28: 6 at its end, as the plan expects.
    assert " 2027/28      6     +2 " in report


def test_the_starter_is_a_small_commented_plan_on_the_bundled_table() -> None:
    """A small team, one growth year, one envelope, the bundled rate table by name; and a
    comment on what to change."""
    text = starter_scenario(with_rates=False)
    plan = yaml.safe_load(text)
    assert plan["rates"] == "mps-police-staff"
    assert sum(line["posts"] for line in plan["baseline"]) == 4
    assert {line["year"] for line in plan["growth"]} == {"2027/28"}
    assert len(plan["budgets"]) == 1
    assert sum(line.lstrip().startswith("#") for line in text.splitlines()) >= 15


def test_init_a_folder_with_a_rate_table_template(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`init DIR --rates` makes DIR and writes the scenario and rates.yaml, a template valid
    as written: its reckoner prints, and the plan checks against it once it names it."""
    monkeypatch.chdir(tmp_path)
    code, stdout, _ = invoke("init", "my-plan", "--rates")
    assert code == 0
    assert stdout.splitlines() == [
        "Wrote my-plan/scenario.yaml and my-plan/rates.yaml. Next:",
        "  cd my-plan && pi-growth check scenario.yaml && pi-growth cost scenario.yaml",
    ]
    folder = tmp_path / "my-plan"
    assert (folder / "rates.yaml").read_text(encoding="utf-8") == RATES
    monkeypatch.chdir(folder)
    code, reckoner, _ = invoke("rates", "rates.yaml")
    assert code == 0
    assert reckoner.startswith("Ready reckoner: My organisation's staff pay bands")
    scenario = folder / "scenario.yaml"
    text = scenario.read_text(encoding="utf-8")
    assert "# or: rates.yaml" in text
    scenario.write_text(text.replace("rates: mps-police-staff", "rates: rates.yaml"), "utf-8")
    assert invoke("check", "scenario.yaml")[0] == 0


def test_init_never_overwrites(tmp_path: Path) -> None:
    """An existing scenario.yaml is kept, untouched: exit 2 and a message on stderr."""
    (tmp_path / "scenario.yaml").write_text("mine\n", encoding="utf-8")
    code, stdout, stderr = invoke("init", str(tmp_path), "--rates")
    assert (code, stdout) == (2, "")
    assert stderr == f"{tmp_path / 'scenario.yaml'}: already exists; not overwritten\n"
    assert (tmp_path / "scenario.yaml").read_text(encoding="utf-8") == "mine\n"
    assert not (tmp_path / "rates.yaml").exists()
