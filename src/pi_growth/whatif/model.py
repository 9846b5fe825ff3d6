"""A scenario made ready for what-if: its lines, its figures and their evaluator."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

from pi_growth.models import RateTable, Scenario
from pi_growth.whatif.evaluator import AwardRanges, Evaluator
from pi_growth.whatif.inputs import decimal_places, own_awards, pay_award_month, price_bases
from pi_growth.whatif.lines import (
    Figure,
    PlanLine,
    Walker,
    budget_figures,
    plan_lines,
    year_figures,
)

# Draws are rounded to 6 decimal places (SPEC §9); solve's steps need 4.
DRAW_PLACES = 6


@dataclass(frozen=True)
class WhatIf:
    """A scenario, its lines and figures, and the evaluator that prices variations of it."""

    scenario: Scenario
    rates: RateTable
    lines: list[PlanLine]
    figures: list[Figure]
    awards: dict[int, Fraction]  # the scenario's own, every FY from the price base
    vacancy: Fraction
    evaluator: Evaluator

    @property
    def year_count(self) -> int:
        """Years in the horizon (the first 2 x this figures are the years' own)."""
        return len(self.scenario.horizon)

    def budget_figure(self, budget: int, *, outturn: bool = False) -> int:
        """The index of a budget's judged figure (or, with a price base, its outturn)."""
        found = [index for index, figure in enumerate(self.figures) if figure.budget == budget]
        if outturn:
            return found[-1] if len(found) > 1 else -1
        return found[0]


def prepare(
    scenario: Scenario,
    rates: RateTable,
    delays: Mapping[int, range],
    award_ranges: AwardRanges | None = None,
    *,
    extra_awards: list[Fraction] | None = None,
    extra_vacancies: list[Fraction] | None = None,
) -> WhatIf:
    """Tabulate `scenario` for the given delay ranges (PlanLine index -> delays) and award
    ranges (FY -> lowest, highest award; default: the scenario's own)."""
    lines = plan_lines(scenario, rates)
    bases = price_bases(scenario)
    figures = [*year_figures(scenario), *budget_figures(scenario.budgets, bases)]
    # A budget at a price base is judged there; its outturn cost is reported beside it.
    figures += [
        Figure(f"{budget.name} (outturn)", budget.measure, tuple(budget.years), budget.scope, i)
        for i, (budget, base) in enumerate(zip(scenario.budgets, bases, strict=True))
        if base is not None
    ]
    awards = own_awards(scenario, rates)
    ranges = dict(award_ranges or {})
    for year, award in awards.items():
        low, high = ranges.get(year, (award, award))
        ranges[year] = (min(low, award), max(high, award))
    vacancy = Fraction(scenario.assumptions.vacancy_factor)
    walker = Walker(scenario, rates, pay_award_month(scenario, rates), figures)
    evaluator = Evaluator(
        walker,
        rates,
        lines=lines,
        delays=delays,
        award_ranges=ranges,
        award_places=max(DRAW_PLACES, decimal_places(*awards.values(), *(extra_awards or []))),
        vacancy_places=max(DRAW_PLACES, decimal_places(vacancy, *(extra_vacancies or []))),
    )
    return WhatIf(scenario, rates, lines, figures, awards, vacancy, evaluator)
