"""Cross-checks between a scenario and its rate table (load/validation.py), each located."""

from __future__ import annotations

from typing import Any

import pytest

from pi_growth.load.validation import cross_check
from tests.engine_cases import base, grow, rates, scenario


def _findings(**plan: Any) -> list[tuple[tuple[str | int, ...], str]]:
    return [
        (finding.location, finding.message) for finding in cross_check(scenario(**plan), rates())
    ]


def test_a_consistent_scenario_has_no_findings() -> None:
    assert _findings(baseline=[base("S"), base("P", point=3)], growth=[grow("R")]) == []


@pytest.mark.parametrize(
    ("line", "field", "words"),
    [
        (base("X"), "band", "unknown band 'X'"),
        (base("S", point=1), "point", "only bands with points take a point; band 'S' has a salary"),
        (base("R", point=1), "point", "band 'R' has an annual_cost"),
        (base("P", point=4), "point", "4 is beyond band 'P', which has points 1 to 3"),
    ],
)
def test_a_line_must_name_a_band_and_point_the_table_has(
    line: dict[str, Any], field: str, words: str
) -> None:
    [(location, message)] = _findings(baseline=[line])
    assert location == ("baseline", 0, field)
    assert words in message


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({"year": "2026/27"}, "year", "2026/27 is outside the horizon 2024/25 to 2024/25"),
        ({"start": "2024-03"}, "start", "2024-03 is before the first month of its year 2024/25"),
        ({"start": "2024-10", "end": "2024-09"}, "end", "before the line's first filled month"),
    ],
)
def test_a_growth_line_must_fall_within_its_year_and_horizon(
    fields: dict[str, Any], field: str, words: str
) -> None:
    line = {**grow("S"), **fields}
    [(location, message)] = _findings(growth=[line])
    assert location == ("growth", 0, field)
    assert words in message


def test_every_finding_is_reported_at_once_in_file_order() -> None:
    found = _findings(baseline=[base("X")], growth=[grow("Y"), {**grow("S"), "year": "2030/31"}])
    assert [location for location, _ in found] == [
        ("baseline", 0, "band"),
        ("growth", 0, "band"),
        ("growth", 1, "year"),
    ]
