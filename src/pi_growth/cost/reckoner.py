"""The ready reckoner: the annual cost of one FTE in each band and point, per financial year.

Pure, like the engine, and priced by the engine's own Pricer, so the reckoner a finance
officer checks figures against cannot drift from the costing it checks.
"""

from __future__ import annotations

import decimal
from dataclasses import dataclass
from decimal import Decimal

from pi_growth.cost.costs import Costs, sum_costs
from pi_growth.cost.engine import PRECISION, Pricer
from pi_growth.models import RateTable, Scenario
from pi_growth.pay_awards import effective_pay_awards
from pi_growth.periods import first_month_of

ONE_FTE = Decimal(1)


@dataclass(frozen=True, slots=True)
class ReckonerRow:
    """One FTE in one band (and point) held all year, April to March, in one financial year."""

    band: str
    point: int | None  # 1-based, for bands with points
    year: int
    annual: Costs


@dataclass(frozen=True)
class Reckoner:
    """The rows, with the table and the assumptions they were priced on."""

    rates: RateTable
    years: tuple[int, ...]
    pay_awards: dict[int, Decimal]
    pay_award_month: int
    rows: tuple[ReckonerRow, ...]


def build_reckoner(rates: RateTable, scenario: Scenario | None = None) -> Reckoner:
    """Price every band and point for each year of the scenario's horizon (with its pay awards),
    or for the table's price base alone when there is no scenario."""
    if scenario is None:
        years: tuple[int, ...] = (rates.price_base,)
        awards: dict[int, Decimal] = {}
        award_month = rates.pay_award_month
    else:
        years = tuple(scenario.horizon)
        awards = effective_pay_awards(scenario, rates)
        award_month = scenario.assumptions.pay_award_month or rates.pay_award_month
    with decimal.localcontext() as context:
        context.prec = PRECISION
        pricer = Pricer(rates, awards, award_month)
        rows = []
        for name, band in rates.bands.items():
            points: list[int | None] = (
                list(range(1, len(band.points) + 1)) if band.points else [None]
            )
            for point in points:
                for year in years:
                    april = first_month_of(year)
                    months = range(april, april + 12)
                    annual = sum_costs(
                        pricer.monthly(name, point or 1, year, pricer.uplift_index(month), ONE_FTE)
                        for month in months
                    )
                    rows.append(ReckonerRow(name, point, year, annual))
    return Reckoner(rates, years, awards, award_month, tuple(rows))
