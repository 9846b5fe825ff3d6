"""The budgets table's price-basis columns (SPEC §8): an envelope judged at its price base,
with its outturn and the price effects between them, in every grid format."""

from __future__ import annotations

from pi_growth.cost.engine import BudgetResult
from pi_growth.periods import format_financial_year
from pi_growth.render.table import Cell, Column

PRICE_BASIS_COLUMNS: tuple[Column, ...] = (
    # SPEC §8, for an envelope with a price base (blank without one; left out of people's
    # tables when no envelope has one). Cost, headroom and result above are then at the price
    # base; the outturn is beside them, and the price effects bridge the two as live formulas
    # over the step between them (outturn pay with the on-costs of the price base).
    Column("price_base", "Price base", "text", optional=True),
    # The one step between the two (outturn pay, on-costs of the price base): the workbook's
    # price-effect formulas recalculate from it.
    Column("cost_at_outturn_pay", "At outturn pay, base on-costs", "money", optional=True),
    Column(
        "price_effect_pay_awards",
        "Price effect: pay awards",
        "money",
        formula="{cost_at_outturn_pay}-{cost}",
        optional=True,
    ),
    Column(
        "price_effect_on_costs",
        "Price effect: on-costs",
        "money",
        formula="{outturn_cost}-{cost_at_outturn_pay}",
        optional=True,
    ),
    Column("outturn_cost", "Outturn cost", "money", optional=True),
    Column(
        "outturn_variance",
        "Outturn headroom",
        "money",
        formula="{amount}-{outturn_cost}",
        optional=True,
    ),
    Column(
        "outturn_status",
        "Outturn result",
        "text",
        formula='IF({outturn_cost}>{amount},"over","within")',
        optional=True,
        words={"over": "OVER", "within": "within"},
    ),
)


PRICE_BASIS_NOTE = (
    "An envelope with a price base is judged like for like: its cost, headroom and result are "
    "at the prices its amount was set at (the pay of that year before its award, with that "
    "year's on-costs). The outturn cost is at the pay and on-costs of its own years; the price "
    "effects take one to the other, pay awards first, then on-cost rates (NI, pension)."
)


def price_basis_cells(budget: BudgetResult) -> tuple[Cell, ...]:
    """The cells of the price-basis columns for one budget (all blank without a price base)."""
    effects = budget.price_effects
    if budget.price_base is None or effects is None:
        return (None,) * 7
    return (
        format_financial_year(budget.price_base),
        budget.cost_at_outturn_pay,
        effects["pay_awards"],
        effects["on_costs"],
        budget.outturn_cost,
        budget.outturn_variance,
        budget.outturn_status,
    )
