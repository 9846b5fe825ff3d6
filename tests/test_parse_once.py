"""`check` and `rates` parse each file they are given once (they used to parse it twice)."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pi_growth.cli import app
from pi_growth.load import yaml_source
from pi_growth.load.yaml_source import YamlDocument

DATA = Path(__file__).resolve().parent / "data" / "diff"


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """How many times each file (by the name it is shown as) is parsed as YAML."""
    counts: Counter[str] = Counter()
    parse = yaml_source.parse_yaml

    def counting(text: str, display: str) -> YamlDocument:
        counts[Path(display).name] += 1
        return parse(text, display)

    monkeypatch.setattr(yaml_source, "parse_yaml", counting)
    return counts


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    """base.yaml of the diff tests with its rate table beside it."""
    shutil.copyfile(DATA / "rates.yaml", tmp_path / "rates.yaml")
    shutil.copyfile(DATA / "base.yaml", tmp_path / "base.yaml")
    return tmp_path / "base.yaml"


def test_check_parses_the_scenario_once(plan: Path, parsed: Counter[str]) -> None:
    """check reports findings at positions in the file it loaded, without reading it again."""
    result = CliRunner().invoke(app, ["check", str(plan)])
    assert result.exit_code == 0, result.stderr
    assert parsed == {"base.yaml": 1, "rates.yaml": 1}


@pytest.mark.parametrize("name", ["base.yaml", "rates.yaml"])
def test_rates_parses_its_file_once(plan: Path, parsed: Counter[str], name: str) -> None:
    """rates reads a scenario (and its table) or a table on its own once each."""
    result = CliRunner().invoke(app, ["rates", str(plan.parent / name), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    assert parsed == ({"base.yaml": 1} if name == "base.yaml" else {}) | {"rates.yaml": 1}
