"""One side of a comparison (`pi-growth diff`): a scenario, its rate table, where they are."""

from __future__ import annotations

from dataclasses import dataclass

from pi_growth.models import RateTable, Scenario


@dataclass(frozen=True)
class Side:
    """One side of a comparison: a validated scenario, its rate table, and where they are."""

    scenario: Scenario
    rates: RateTable
    file: str
    rates_file: str
