"""`pi-growth schema`: the JSON Schema of scenario files, from the models themselves."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pi_growth.commands.common import emit

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def scenario_schema() -> dict[str, Any]:
    """The JSON Schema of a scenario file."""
    from pi_growth.models import Scenario

    schema = Scenario.model_json_schema(mode="validation")
    _close_year_keyed_maps(schema)
    return {
        "$schema": SCHEMA_DIALECT,
        "$id": "https://pi-growth.invalid/scenario.schema.json",
        **schema,
    }


def _close_year_keyed_maps(node: object) -> None:
    """Maps keyed by financial year admit only keys that look like one, so an editor flags
    `2024:` or `2024/205:` as the loader would; pydantic leaves other keys open."""
    if isinstance(node, dict):
        if "patternProperties" in node and "additionalProperties" not in node:
            node["additionalProperties"] = False
        for value in node.values():
            _close_year_keyed_maps(value)
    elif isinstance(node, list):
        for value in node:
            _close_year_keyed_maps(value)


def run_schema(output: Path | None) -> int:
    """Print (or write) the schema; an exit code."""
    return emit(json.dumps(scenario_schema(), indent=2, ensure_ascii=False) + "\n", output)
