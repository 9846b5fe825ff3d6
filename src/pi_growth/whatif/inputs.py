"""Where what-if reads the scenario's own values: the seam to the pay-award schedule and the
budgets' price bases (SPEC §8), so both are read the way `cost` reads them."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from pi_growth.models import RateTable, Scenario
from pi_growth.pay_awards import effective_pay_awards


def own_awards(scenario: Scenario, rates: RateTable) -> dict[int, Fraction]:
    """FY -> the award `cost` applies, for every FY from the price base to the horizon's end
    (0 where none is stated: costed as 0%, exactly as §4 and §8 cost it)."""
    stated = effective_pay_awards(scenario, rates)
    return {
        year: Fraction(stated.get(year, Decimal(0)))
        for year in range(rates.price_base, scenario.horizon[-1] + 1)
    }


def pay_award_month(scenario: Scenario, rates: RateTable) -> int:
    """The calendar month each FY's award takes effect."""
    return scenario.assumptions.pay_award_month or rates.pay_award_month


def price_bases(scenario: Scenario) -> list[int | None]:
    """Each budget's price base: it is judged at those prices (like for like), else at outturn."""
    return [getattr(budget, "price_base", None) for budget in scenario.budgets]


def decimal_places(*values: Fraction) -> int:
    """The decimal places the most precise of these exact decimals needs."""
    places = 0
    for value in values:
        while (value * 10**places).denominator != 1:
            places += 1
    return places
