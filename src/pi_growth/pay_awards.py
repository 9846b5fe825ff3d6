"""Which pay award each financial year gets (SPEC §8): the rate table's history, the
scenario's planning assumptions and overrides, `later`, and the years with none (gaps).

Pure: the engine, the reports and the loader's warnings all read the one schedule made here,
so a report cannot list an award the costing did not use.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from pi_growth.models import RateTable, Scenario
from pi_growth.periods import format_financial_year

Origin = Literal["rate table", "scenario", "later", "missing"]


@dataclass(frozen=True, slots=True)
class YearAward:
    """The pay award of one financial year and where it comes from (`missing`: costed as 0%)."""

    year: int
    rate: Decimal
    origin: Origin


def award_schedule(scenario: Scenario, rates: RateTable) -> tuple[YearAward, ...]:
    """Every FY from the rate table's price base to the horizon's last, with its award."""
    stated = scenario.assumptions.named_pay_awards
    named = {**rates.pay_awards, **stated}
    later = scenario.assumptions.later_pay_award
    # `later` covers the FYs after the last one named anywhere; with none named, it starts at
    # the price base (SPEC §8).
    last_named = max(named, default=rates.price_base - 1)
    schedule = []
    for year in range(rates.price_base, scenario.horizon[-1] + 1):
        if year in stated:
            schedule.append(YearAward(year, stated[year], "scenario"))
        elif year in rates.pay_awards:
            schedule.append(YearAward(year, rates.pay_awards[year], "rate table"))
        elif later is not None and year > last_named:
            schedule.append(YearAward(year, later, "later"))
        else:
            schedule.append(YearAward(year, Decimal(0), "missing"))
    return tuple(schedule)


def effective_pay_awards(scenario: Scenario, rates: RateTable) -> dict[int, Decimal]:
    """FY -> the award the engine applies: every award the schedule states (a gap is 0%)."""
    return {
        award.year: award.rate
        for award in award_schedule(scenario, rates)
        if award.origin != "missing"
    }


def missing_pay_awards(scenario: Scenario, rates: RateTable) -> list[int]:
    """The FYs from the price base to the horizon's end that no award covers."""
    return [award.year for award in award_schedule(scenario, rates) if award.origin == "missing"]


def gap_message(year: int, rates: RateTable) -> str:
    """The warning for a year with no award (SPEC §8's words)."""
    return (
        f"no pay award for {format_financial_year(year)} (rate table price base "
        f"{format_financial_year(rates.price_base)}); costed as 0% - state it in pay_awards"
    )


ORIGIN_WORDS: dict[Origin, str] = {
    "rate table": "rate table",
    "scenario": "scenario",
    "later": "scenario, later",
    "missing": "none stated: costed as 0%",
}
