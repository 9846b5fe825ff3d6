"""The Python API the command line is built on: load a scenario, cost it, read the result.

>>> from pi_growth.api import load_scenario, cost_scenario
>>> loaded = load_scenario("scenarios/pi-growth.yaml")
>>> result = cost_scenario(loaded.scenario, loaded.rates)
>>> [year.posts for year in result.years]
[56, 80, 102]
"""

from pi_growth.compare.diff import ScenarioDiff, Side, compare
from pi_growth.cost.costs import Costs
from pi_growth.cost.engine import (
    BudgetResult,
    CostResult,
    GroupYear,
    MonthlyRows,
    MonthRow,
    Pricer,
    YearSummary,
    cost_scenario,
)
from pi_growth.load.loader import LoadedScenario, load_rate_table, load_scenario
from pi_growth.models import RateTable, Scenario
from pi_growth.problems import InputError, Problem
from pi_growth.whatif.emit import run_scenario
from pi_growth.whatif.sensitivity import BudgetTornado, Tornado, sensitivity
from pi_growth.whatif.simulate import BudgetSpread, Simulation, Spread, YearSpread, simulate
from pi_growth.whatif.solve import BudgetSolution, Solution, Switch, solve

__all__ = [
    "BudgetResult",
    "BudgetSolution",
    "BudgetSpread",
    "BudgetTornado",
    "CostResult",
    "Costs",
    "GroupYear",
    "InputError",
    "LoadedScenario",
    "MonthRow",
    "MonthlyRows",
    "Pricer",
    "Problem",
    "RateTable",
    "Scenario",
    "ScenarioDiff",
    "Side",
    "Simulation",
    "Solution",
    "Spread",
    "Switch",
    "Tornado",
    "YearSpread",
    "YearSummary",
    "compare",
    "cost_scenario",
    "load_rate_table",
    "load_scenario",
    "run_scenario",
    "sensitivity",
    "simulate",
    "solve",
]
