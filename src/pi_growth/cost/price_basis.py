"""Envelope price bases (SPEC §8): a budget's cost at the prices its amount was set at, and
the price effects (pay awards, on-cost rates) that take it to the outturn cost. Pure.

Costing at price base q is a transformation of the inputs, costed by the unchanged engine:
every amount the pay awards uplift is scaled by the constant U_q and no award is applied
after it, and every FY-keyed on-cost is pinned to its entry for q. The price effects follow
by sequential substitution through one more costing, with the outturn awards and the
on-costs of q:

    pay_awards = C(outturn awards, on-costs of q) - C(awards of q, on-costs of q)
    on_costs   = C(outturn awards, outturn on-costs) - C(outturn awards, on-costs of q)

so that they sum to outturn - at price base exactly, by construction.
"""

from __future__ import annotations

import dataclasses
import decimal
from decimal import Decimal

from pi_growth.cost.engine import PRECISION, CostResult, cost_scenario, latest_entry
from pi_growth.models import ALWAYS, Allowance, Band, Budget, GrowthLine, RateTable, Scenario
from pi_growth.pay_awards import effective_pay_awards


def uplift_at(scenario: Scenario, rates: RateTable, price_base: int) -> Decimal:
    """U_q: the product of (1 + award) over the FYs from the rate table's price base up to,
    not including, `price_base` (1 when they are the same year)."""
    awards = effective_pay_awards(scenario, rates)
    uplift = Decimal(1)
    with decimal.localcontext() as context:
        context.prec = PRECISION
        for year in range(rates.price_base, price_base):
            uplift *= 1 + awards.get(year, Decimal(0))
    return uplift


def with_on_costs_of(rates: RateTable, year: int) -> RateTable:
    """The rate table with every FY-keyed on-cost (employer NI, pension) pinned to its entry
    for `year`; single values stay as they are."""
    on_costs = rates.on_costs
    if on_costs is None:
        return rates
    pinned = on_costs.model_copy(
        update={
            "employer_ni": {ALWAYS: latest_entry(on_costs.employer_ni, year)},
            "pension_rate": {ALWAYS: latest_entry(on_costs.pension_rate, year)},
        }
    )
    return rates.model_copy(update={"on_costs": pinned})


def at_price_base(
    scenario: Scenario, rates: RateTable, price_base: int
) -> tuple[Scenario, RateTable]:
    """The inputs whose plain costing (SPEC §4) is the cost at `price_base` (SPEC §8): amounts
    at U_q with no award after, and the on-costs of q."""
    uplift = uplift_at(scenario, rates, price_base)
    with decimal.localcontext() as context:
        context.prec = PRECISION
        bands = {name: _scaled_band(band, uplift) for name, band in rates.bands.items()}
        allowances = [_scaled_allowance(allowance, uplift) for allowance in rates.allowances]
    table = with_on_costs_of(rates, price_base).model_copy(
        update={"bands": bands, "allowances": allowances, "pay_awards": {}}
    )
    plan = scenario.model_copy(
        update={"assumptions": scenario.assumptions.model_copy(update={"pay_awards": {}})}
    )
    return plan, table


def _held(line: GrowthLine, budgets: list[Budget]) -> bool:
    """Whether any of `budgets` holds the growth line (its `scope`, SPEC §4)."""
    for budget in budgets:
        if budget.scope == "added" and line.year in budget.years:
            return True
        if budget.scope in ("growth", "total") and line.year <= budget.years[-1]:
            return True
    return False


def _scaled_band(band: Band, uplift: Decimal) -> Band:
    # `other` is never uplifted (SPEC §2), so it stays as it is.
    return band.model_copy(
        update={
            "salary": None if band.salary is None else band.salary * uplift,
            "points": None if band.points is None else [point * uplift for point in band.points],
            "annual_cost": None if band.annual_cost is None else band.annual_cost * uplift,
        }
    )


def _scaled_allowance(allowance: Allowance, uplift: Decimal) -> Allowance:
    if not allowance.uplifted:
        return allowance
    return allowance.model_copy(update={"amount": allowance.amount * uplift})


def with_price_bases(result: CostResult) -> CostResult:
    """The result with every budget that has a `price_base` judged at it, the outturn cost
    and the price effects beside (SPEC §8). Two more costings per distinct price base."""
    scenario, rates = result.scenario, result.rates
    budgets = list(result.budgets)
    index_of = {budget.name: index for index, budget in enumerate(budgets)}
    for price_base in sorted({b.price_base for b in scenario.budgets if b.price_base is not None}):
        # Only this price base's budgets, without their price base (so the engine costs them
        # plainly), and only the lines they hold: a budget's cost depends on nothing else, and
        # the two extra costings stay small (the bundled plan's `cost` pays for them).
        chosen = [
            budget.model_copy(update={"price_base": None})
            for budget in scenario.budgets
            if budget.price_base == price_base
        ]
        plan = scenario.model_copy(
            update={
                "budgets": chosen,
                "expect": None,
                "baseline": scenario.baseline
                if any(budget.scope == "total" for budget in chosen)
                else [],
                "growth": [line for line in scenario.growth if _held(line, chosen)],
            }
        )
        at_base = cost_scenario(*at_price_base(plan, rates, price_base))
        outturn_pay = cost_scenario(plan, with_on_costs_of(rates, price_base))
        for at, mixed in zip(at_base.budgets, outturn_pay.budgets, strict=True):
            index = index_of[at.name]
            outturn = budgets[index]
            budgets[index] = dataclasses.replace(
                outturn,
                cost=at.cost,
                price_base=price_base,
                outturn_cost=outturn.cost,
                cost_at_outturn_pay=mixed.cost,
            )
    return dataclasses.replace(result, budgets=tuple(budgets))
