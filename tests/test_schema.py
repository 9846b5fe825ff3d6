"""`pi-growth schema`: a valid JSON Schema that accepts real scenarios and rejects typos."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from typer.testing import CliRunner

from pi_growth.cli import app
from pi_growth.commands.schema import scenario_schema
from pi_growth.load.yaml_source import load_yaml
from tests.conftest import BUNDLED_SCENARIO

DIFF_DATA = Path(__file__).resolve().parent / "data" / "diff"


def as_json_data(value: Any) -> Any:
    """YAML data as JSON would carry it: the loader's exact decimals become JSON numbers."""
    if isinstance(value, dict):
        return {key: as_json_data(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_json_data(item) for item in value]
    if isinstance(value, Decimal):
        return float(value)
    return value


def scenario_data(path: Path) -> Any:
    """A scenario file as JSON-able data, read by the project's own safe YAML loader."""
    return as_json_data(load_yaml(path, str(path)).data)


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    """A validator for the schema `pi-growth schema` prints."""
    code = CliRunner().invoke(app, ["schema"])
    assert code.exit_code == 0
    return jsonschema.Draft202012Validator(json.loads(code.stdout))


def test_schema_is_valid_against_the_meta_schema() -> None:
    """The schema itself is valid JSON Schema (draft 2020-12), and says which draft it is."""
    schema = scenario_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


def test_schema_output_is_stable(tmp_path: Path) -> None:
    """`schema` prints the same bytes each time, and -o writes them to a file."""
    first = CliRunner().invoke(app, ["schema"]).stdout
    assert CliRunner().invoke(app, ["schema"]).stdout == first
    out = tmp_path / "scenario.schema.json"
    result = CliRunner().invoke(app, ["schema", "-o", str(out)])
    assert (result.exit_code, result.stdout) == (0, "")
    assert out.read_text(encoding="utf-8") == first


def test_bundled_plan_is_valid(validator: jsonschema.Draft202012Validator) -> None:
    """The bundled P&I plan, `expect:` block included, validates against the schema."""
    data = scenario_data(BUNDLED_SCENARIO)
    assert "expect" in data
    assert list(validator.iter_errors(data)) == []


@pytest.mark.parametrize("path", sorted(DIFF_DATA.glob("[!r]*.yaml")), ids=lambda p: p.name)
def test_test_scenarios_are_valid(validator: jsonschema.Draft202012Validator, path: Path) -> None:
    """Every scenario the diff tests use validates too."""
    assert list(validator.iter_errors(scenario_data(path))) == []


@pytest.mark.parametrize(
    ("edit", "path"),
    [
        (lambda data: data.update(budgest=data.pop("budgets")), []),
        (lambda data: data["growth"][0].update(tem="Leadership"), ["growth", 0]),
        (lambda data: data["assumptions"].update(vacancy_facter=0), ["assumptions"]),
        (lambda data: data["expect"].update(postz={"2024/25": 56}), ["expect"]),
        (lambda data: data["budgets"][0].update(mesure="in_year"), ["budgets", 0]),
        # A year key must look like a financial year.
        (lambda data: data["expect"]["posts"].update({"2024": 56}), ["expect", "posts"]),
        (
            lambda data: data["assumptions"]["pay_awards"].update({"FY24": "3%"}),
            ["assumptions", "pay_awards"],
        ),
        # An envelope's price base is a financial year (SPEC §8).
        (lambda data: data["budgets"][0].update(price_base="2022"), ["budgets", 0, "price_base"]),
        # `later` is the one word a pay-award key may be; a misspelling of it is not.
        (
            lambda data: data["assumptions"]["pay_awards"].update({"latter": "3%"}),
            ["assumptions", "pay_awards"],
        ),
        # A limit needs at least one of at_least and at_most.
        (
            lambda data: data["expect"].update(full_year_effect={"2026/27": {}}),
            ["expect", "full_year_effect", "2026/27"],
        ),
    ],
)
def test_typos_are_rejected(
    validator: jsonschema.Draft202012Validator, edit: Any, path: list[str | int]
) -> None:
    """A typo'd key (or an empty limit) fails validation, at the mapping that holds it."""
    data = scenario_data(BUNDLED_SCENARIO)
    edit(data)
    errors = list(validator.iter_errors(data))
    assert errors, "the schema accepted a typo"
    # The most relevant error (inside an `anyOf`, such as `expect`'s "or null", that is
    # the branch's own error) is at the mapping that holds the typo.
    assert list(jsonschema.exceptions.best_match(errors).absolute_path) == path


def test_pay_awards_take_years_and_later(validator: jsonschema.Draft202012Validator) -> None:
    """`later` and financial years (any accepted spelling) are pay-award keys (SPEC §8)."""
    data = scenario_data(BUNDLED_SCENARIO)
    data["assumptions"]["pay_awards"] = {"2026/27": "3%", "27/28": 0.02, "later": "2.5%"}
    data["budgets"][0]["price_base"] = "23/24"
    data["baseline_sheet"] = "Posts"
    assert list(validator.iter_errors(data)) == []


def test_expect_block_is_in_the_schema() -> None:
    """The schema describes every expectation the loader accepts."""
    expectations = scenario_schema()["$defs"]["Expectations"]
    assert set(expectations["properties"]) == {
        "posts",
        "posts_added",
        "in_year_cost",
        "full_year_effect",
        "growth_in_year_cost",
        "growth_full_year_effect",
        "budgets_within",
    }
    assert expectations["additionalProperties"] is False
