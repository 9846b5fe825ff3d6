"""`simulate --emit-run K`: run K written as a plain scenario that `cost` reproduces to the
penny (SPEC §9), so any figure of a simulation can be audited by hand."""

from __future__ import annotations

import copy
import decimal
from decimal import Decimal
from fractions import Fraction
from typing import Any

from pi_growth.pay_awards import effective_pay_awards
from pi_growth.periods import format_financial_year, format_month, last_month_of
from pi_growth.whatif.model import WhatIf
from pi_growth.whatif.sampling import Draw

# Sections that do not belong in a plain run: its ranges, its extracts (their lines are
# written out, each with its start), and assertions made about the plan rather than the run.
DROPPED = ("uncertainty", "baseline_csv", "growth_csv", "expect")


class CannotEmitError(ValueError):
    """The run cannot be stated as a plain scenario."""


def decimal_text(value: Fraction) -> str:
    """An exact decimal (a fraction over a power of ten) as plain text: 0.034567."""
    with decimal.localcontext() as context:
        context.prec = 200
        exact = Decimal(value.numerator) / Decimal(value.denominator)
    text = format(exact.normalize(), "f")
    return "0" if text in ("-0", "") else text


def run_scenario(
    data: dict[str, Any], whatif: WhatIf, draw: Draw, run: int, rates_reference: str
) -> dict[str, Any]:
    """The scenario's plain data (as read, extracts merged in) changed to be run `run`."""
    plain = {key: copy.deepcopy(value) for key, value in data.items() if key not in DROPPED}
    plain["rates"] = rates_reference
    assumptions = dict(plain.get("assumptions") or {})
    # The awards the run is costed with: those the scenario and its table state (a gap stays
    # a gap, and warns as it did), with the run's draws over them.
    stated = effective_pay_awards(whatif.scenario, whatif.rates)
    awards = {**{year: Fraction(rate) for year, rate in stated.items()}, **draw.awards}
    assumptions["pay_awards"] = {
        format_financial_year(year): decimal_text(award) for year, award in sorted(awards.items())
    }
    vacancy = whatif.vacancy if draw.vacancy is None else draw.vacancy
    assumptions["vacancy_factor"] = decimal_text(vacancy)
    plain["assumptions"] = assumptions
    horizon_end = last_month_of(whatif.scenario.horizon[-1])
    growth = [dict(item) for item in plain.get("growth") or []]
    for line in whatif.lines:
        if line.growth_index is None:
            continue
        start = max(line.fill + draw.delays.get(line.index, 0), line.earliest)
        end = whatif.scenario.growth[line.growth_index].end
        if end is not None and start > end:
            if end <= horizon_end:
                raise CannotEmitError(
                    f"run {run} delays growth line {line.growth_index + 1} past its end "
                    f"({format_month(end)}), which a plain scenario cannot state"
                )
            start = end  # unfilled in the horizon either way, and still at its entry point
        growth[line.growth_index]["start"] = format_month(start)
    plain["growth"] = growth
    if "baseline" in data:
        plain["baseline"] = copy.deepcopy(data["baseline"])
    cleaned: dict[str, Any] = _plain(plain)
    return cleaned


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, Decimal | Fraction):
        return str(value)
    return value
