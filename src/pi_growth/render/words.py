"""The words every report uses for the engine's codes: one place, so no two formats differ."""

from __future__ import annotations

from pi_growth.periods import format_financial_year

# A budget's measure and scope (SPEC §3) as people read them.
MEASURE_WORDS = {"full_year_effect": "full-year effect", "in_year": "in-year cost"}
SCOPE_WORDS = {
    "added": "posts added in its years",
    "growth": "all growth to its last year",
    "total": "whole establishment",
}

# What an approval is judged on (pi_growth.cost.governance): the plan's spend, an envelope's amount.
JUDGED_ON_WORDS = {
    "growth_in_year_cost": "total growth in-year cost over the horizon",
    "amount": "envelope amount",
}


def years_text(years: tuple[int, ...]) -> str:
    """A run of financial years: ``2025/26`` or ``2025/26–2026/27``."""
    if len(years) == 1:
        return format_financial_year(years[0])
    return f"{format_financial_year(years[0])}–{format_financial_year(years[-1])}"
