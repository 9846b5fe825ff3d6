"""Figures of the establishment that need no prices: posts filled at each year end."""

from __future__ import annotations

from pi_growth.models import Scenario
from pi_growth.periods import last_month_of


def posts_filled_in_march(scenario: Scenario) -> dict[int, int]:
    """Posts filled in the March that ends each year: baseline posts, and growth posts whose
    fill month is no later and whose end (if any) no earlier."""
    baseline = sum(line.posts for line in scenario.baseline)
    filled: dict[int, int] = {}
    for year in scenario.horizon:
        march = last_month_of(year)
        filled[year] = baseline + sum(
            line.posts
            for line in scenario.growth
            if scenario.fill_month(line) <= march and (line.end is None or line.end >= march)
        )
    return filled
