"""Small rate tables and scenarios built as models in Python, for hand-worked engine tests."""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any

from pi_growth.cost.engine import CostResult, cost_scenario
from pi_growth.load.validation import cross_check
from pi_growth.models import RateTable, Scenario

Data = dict[str, Any]

# A £12,000 salary is £1,000 a month, so most hand-worked figures are round numbers. On-costs
# are zero unless a test turns one on, so each test shows the one rule it is about.
BANDS: Data = {
    "S": {"salary": 12000},
    "P": {"points": [12000, 24000, 36000]},
    "R": {"annual_cost": 24000},
}


def on_costs(**changes: Any) -> Data:
    """Zero on-costs (NI entry from 2020/21, so any horizon here has one), with `changes`."""
    data: Data = {
        "pension_rate": 0,
        "employer_ni": {"2020/21": {"rate": 0, "threshold": 0}},
    }
    data.update(changes)
    return data


def rates(**changes: Any) -> RateTable:
    """A rate table priced at 2024/25 with bands S, P and R and zero on-costs, with `changes`."""
    data: Data = {
        "name": "Hand-worked rates",
        "price_base": "2024/25",
        "bands": copy.deepcopy(BANDS),
        "on_costs": on_costs(),
    }
    data.update(changes)
    return RateTable.model_validate(data)


def base(band: str = "S", posts: int = 1, **fields: Any) -> Data:
    """A baseline line in team Core."""
    return {"team": "Core", "band": band, "posts": posts, **fields}


def grow(band: str = "S", year: str = "2024/25", posts: int = 1, **fields: Any) -> Data:
    """A growth line in team New."""
    return {"team": "New", "band": band, "posts": posts, "year": year, **fields}


def scenario(
    *,
    baseline: list[Data] | None = None,
    growth: list[Data] | None = None,
    budgets: list[Data] | None = None,
    years: int = 1,
    first_year: str = "2024/25",
    **assumptions: Any,
) -> Scenario:
    """A scenario from 2024/25 (one year unless told), with `assumptions` as keyword arguments."""
    return Scenario.model_validate(
        {
            "name": "Hand-worked",
            "rates": "inline",
            "first_year": first_year,
            "years": years,
            "assumptions": assumptions,
            "baseline": baseline or [],
            "growth": growth or [],
            "budgets": budgets or [],
        }
    )


def cost(plan: Scenario, table: RateTable, *, monthly: bool = False) -> CostResult:
    """Cost a scenario the cross-checks accept (the engine's precondition)."""
    findings = cross_check(plan, table)
    assert findings == [], findings
    return cost_scenario(plan, table, monthly=monthly)


def in_year(result: CostResult) -> list[Decimal]:
    """Each year's in-year cost, unrounded."""
    return [year.in_year.total for year in result.years]


def full_year(result: CostResult) -> list[Decimal]:
    """Each year's full-year effect, unrounded."""
    return [year.full_year_effect.total for year in result.years]
