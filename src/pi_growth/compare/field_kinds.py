"""What kind of value each input field holds, model by model: how a diff compares and shows it.

Each model's fields (its `model_fields`) are either given a kind here, in the order a diff
lists them, or named in `COMPARED_APART` with where they are compared instead; the tests
hold that every field is one or the other (tests/test_field_kinds.py), so a field added to
a model cannot be left out of `diff` unnoticed.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

from pi_growth.models import (
    Allowance,
    Assumptions,
    Band,
    Budget,
    EmployerNi,
    GrowthLine,
    OnCosts,
    PensionTier,
    RateTable,
    Scenario,
)

ValueKind = Literal[
    "text", "count", "number", "money", "rate", "year", "years", "month", "calendar_month"
]

FIELD_KINDS: dict[type[BaseModel], dict[str, ValueKind]] = {
    Scenario: {
        "name": "text",
        "description": "text",
        "rates": "text",
        "first_year": "year",
        "years": "count",
        "baseline_csv": "text",
        "growth_csv": "text",
        "baseline_sheet": "text",
        "growth_sheet": "text",
    },
    Assumptions: {
        "pay_award_month": "calendar_month",
        "vacancy_factor": "rate",
        "fill_lag_months": "count",
    },
    # A baseline line has the first five; growth lines add when.
    GrowthLine: {
        "team": "text",
        "band": "text",
        "posts": "count",
        "fte": "number",
        "point": "count",
        "year": "year",
        "start": "month",
        "end": "month",
        "ni_category": "text",
        "ni_relief_until": "month",
    },
    Budget: {
        "years": "years",
        "amount": "money",
        "measure": "text",
        "scope": "text",
        "status": "text",
        "price_base": "year",
    },
    RateTable: {
        "name": "text",
        "price_base": "year",
        "pay_award_month": "calendar_month",
        "source": "text",
        "bands_file": "text",
        "sheet": "text",
    },
    Band: {"salary": "money", "annual_cost": "money", "other": "money", "loaded": "text"},
    Allowance: {"amount": "money", "pensionable": "text", "uplifted": "text"},
    OnCosts: {"apprenticeship_levy_rate": "rate", "salary_sacrifice_rate": "rate"},
    EmployerNi: {
        "rate": "rate",
        "threshold": "money",
        "monthly_threshold": "money",
        "upper_secondary_threshold": "money",
        "monthly_upper_secondary_threshold": "money",
    },
    PensionTier: {"up_to": "money", "rate": "rate"},
}

# Fields not compared one by one as plain values, each with where it is compared instead.
COMPARED_APART: dict[type[BaseModel], dict[str, str]] = {
    Scenario: {
        "assumptions": "Assumptions' fields",
        "baseline": "line by line (line_matching)",
        "growth": "line by line (line_matching)",
        "budgets": "envelope by envelope, matched by name",
        "expect": "assertion by assertion (input_changes._expectation_changes)",
        "governance": "approval threshold by threshold, by body",
        "teams": "team by team: what each becomes, and when",
        "uncertainty": "not compared: what-if ranges, which no cost depends on",
    },
    Assumptions: {"pay_awards": "year by year"},
    Budget: {"name": "the key envelopes are matched by"},
    RateTable: {
        "bands": "band by band (Band's fields)",
        "allowances": "allowance by allowance (Allowance's fields)",
        "on_costs": "leaf by leaf (OnCosts, EmployerNi and PensionTier's fields)",
        "pay_awards": "year by year, as the scenario's pay awards",
    },
    Band: {"points": "point by point, as money"},
    Allowance: {"name": "the key allowances are matched by"},
    OnCosts: {
        "pension_rate": "leaf by leaf (PensionTier's fields)",
        "employer_ni": "leaf by leaf (EmployerNi's fields)",
    },
}


def compared_fields(model: type[BaseModel]) -> tuple[tuple[str, ValueKind], ...]:
    """The model's fields compared as plain values, with their kinds, in the order above
    (the order a diff lists them in)."""
    return tuple(FIELD_KINDS[model].items())


LINE_FIELDS: tuple[str, ...] = tuple(FIELD_KINDS[GrowthLine])
LINE_FIELD_KINDS: dict[str, ValueKind] = FIELD_KINDS[GrowthLine]
# On-costs are compared leaf by leaf, by path (on_costs.employer_ni.2025/26.rate): a leaf's
# kind is its field's, whichever on-cost model holds it.
ON_COST_LEAF_KINDS: dict[str, ValueKind] = {
    **FIELD_KINDS[PensionTier],
    **FIELD_KINDS[EmployerNi],
    **FIELD_KINDS[OnCosts],
}
