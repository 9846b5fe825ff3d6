"""JSON for machines (SPEC §6): money as strings with exactly two decimals."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

from pi_growth.cost.costs import COMPONENTS, Costs
from pi_growth.cost.engine import BudgetResult, CostResult, GroupYear
from pi_growth.cost.establishment import posts_filled_in_march
from pi_growth.cost.expectations import evaluate_expectations
from pi_growth.cost.governance import approvals
from pi_growth.cost.ni_relief import relief_lines
from pi_growth.models import ApprovalThreshold
from pi_growth.pay_awards import award_schedule, gap_message
from pi_growth.periods import format_financial_year, format_month
from pi_growth.render import RenderOptions, Report
from pi_growth.render.expectations import expectation_records
from pi_growth.render.money import plain

FORMAT_VERSION = 1


def render_cost(report: Report, options: RenderOptions) -> str:
    """The costed scenario as JSON, keys in a stable order, ending with a newline."""
    return "".join(stream_cost(report, options))


def stream_cost(report: Report, options: RenderOptions) -> Iterator[str]:  # noqa: ARG001
    """`render_cost` in chunks made as they are written: the by-band and by-team lists are
    made one entry at a time, so 10,000 teams x 50 years never stand in memory as one
    document or one string (the same bytes as json.dumps with indent=2)."""
    encoder = json.JSONEncoder(indent=2, ensure_ascii=False)
    yield from encoder.iterencode(cost_document(report, lazy=True))
    yield "\n"


class _LazyList(list[Any]):
    """A list json's encoder writes by iterating it: its items made only then, one by one.
    (The encoder asks only whether it is empty, then iterates; nothing else is used.)"""

    def __init__(self, size: int, make: Callable[[], Iterator[Any]]) -> None:
        super().__init__()
        self._size = size
        self._make = make

    def __len__(self) -> int:
        return self._size

    def __iter__(self) -> Iterator[Any]:
        return self._make()


def cost_document(report: Report, *, lazy: bool = False) -> dict[str, Any]:
    """The JSON document as plain data (also the basis of `diff`); with `lazy`, its long
    breakdown lists made only as they are iterated."""
    result = report.result
    scenario, rates = result.scenario, result.rates
    assumptions = scenario.assumptions
    governance = approvals(result)
    filled = posts_filled_in_march(scenario)
    schedule = award_schedule(scenario, rates)
    return {
        "format_version": FORMAT_VERSION,
        "warnings": [
            gap_message(award.year, rates) for award in schedule if award.origin == "missing"
        ],
        "scenario": {
            "name": scenario.name,
            "file": report.scenario_file,
            "description": scenario.description,
            "first_year": format_financial_year(scenario.first_year),
            "years": scenario.years,
        },
        "rates": {
            "name": rates.name,
            "file": report.rates_file,
            "price_base": format_financial_year(rates.price_base),
            "source": rates.source,
        },
        "assumptions": {
            # The award the costing used in each FY from the price base (a gap is 0%), and
            # where each came from: the rate table, the scenario, `later`, or missing.
            "pay_awards": {
                format_financial_year(award.year): f"{award.rate:f}" for award in schedule
            },
            "pay_award_origins": {
                format_financial_year(award.year): award.origin for award in schedule
            },
            "pay_award_month": result.pay_award_month,
            "vacancy_factor": f"{assumptions.vacancy_factor:f}",
            "fill_lag_months": assumptions.fill_lag_months,
            "ni_reliefs": [
                {
                    "team": line.team,
                    "band": line.band,
                    "posts": line.posts,
                    "year_added": (
                        None if line.year_added is None else format_financial_year(line.year_added)
                    ),
                    "ni_category": line.category,
                    "relieved_until": format_month(line.until),
                }
                for line in relief_lines(scenario)
            ],
        },
        "team_restructures": [
            {"team": team, "becomes": change.becomes, "year": format_financial_year(change.in_year)}
            for team, change in sorted(scenario.teams.items(), key=lambda item: item[1].in_year)
        ],
        "years": [
            {
                "year": format_financial_year(year.year),
                "posts": year.posts,
                "posts_added": year.posts_added,
                "posts_filled": filled[year.year],
                "fte": f"{year.fte:f}",
                "in_year_cost": plain(year.in_year.total),
                "full_year_effect": plain(year.full_year_effect.total),
                "growth_in_year_cost": plain(year.growth_in_year.total),
                "growth_full_year_effect": plain(year.growth_full_year_effect.total),
                "ni_relieved": plain(year.ni_relieved),
                "in_year_components": _components(year.in_year),
                "full_year_effect_components": _components(year.full_year_effect),
            }
            for year in result.years
        ],
        "budgets": [
            {**budget_record(budget), "approval": _approval(approval.threshold)}
            for budget, approval in zip(result.budgets, governance.budgets, strict=True)
        ],
        "governance": {
            "approval_thresholds": [
                {"amount": plain(threshold.amount), "body": threshold.body}
                for threshold in (
                    scenario.governance.approval_thresholds if scenario.governance else []
                )
            ],
            "plan": {
                "measure": "growth_in_year_cost",
                "years": [format_financial_year(year.year) for year in result.years],
                "amount": plain(governance.plan.figure),
                "approval": _approval(governance.plan.threshold),
            },
        },
        "expectations": expectation_records(evaluate_expectations(result)),
        "by_band": _breakdown(result, "band", lazy=lazy),
        "by_team": _breakdown(result, "team", lazy=lazy),
    }


def _approval(threshold: ApprovalThreshold | None) -> dict[str, str] | None:
    """The highest threshold reached, or None."""
    if threshold is None:
        return None
    return {"body": threshold.body, "threshold": plain(threshold.amount)}


def budget_record(budget: BudgetResult) -> dict[str, Any]:
    """A budget as JSON (SPEC §6), with SPEC §8's keys when it has a price base: `cost`,
    `variance` and `status` are then at the price base, the outturn beside them."""
    record: dict[str, Any] = {
        "name": budget.name,
        "years": [format_financial_year(year) for year in budget.years],
        "measure": budget.measure,
        "scope": budget.scope,
        "amount": plain(budget.amount),
        "cost": plain(budget.cost),
        "variance": plain(budget.variance),
        "status": budget.status,
        "note": budget.note,
    }
    effects = budget.price_effects
    if budget.price_base is not None and effects is not None:
        assert budget.outturn_cost is not None
        assert budget.outturn_variance is not None
        record.update(
            {
                "price_base": format_financial_year(budget.price_base),
                "outturn_cost": plain(budget.outturn_cost),
                "outturn_variance": plain(budget.outturn_variance),
                "outturn_status": budget.outturn_status,
                "price_effects": {name: plain(value) for name, value in effects.items()},
            }
        )
    return record


def _components(costs: Costs) -> dict[str, str]:
    return {name: plain(getattr(costs, name)) for name in COMPONENTS}


def _breakdown(result: CostResult, by: str, *, lazy: bool = False) -> list[dict[str, Any]]:
    assert by in ("band", "team")
    breakdown = result.breakdown(by)  # type: ignore[arg-type]

    def entries() -> Iterator[dict[str, Any]]:
        for name, years in breakdown.items():
            yield {by: name, "years": [_group_year(group) for group in years.values()]}

    return _LazyList(len(breakdown), entries) if lazy else list(entries())


def _group_year(group: GroupYear) -> dict[str, Any]:
    return {
        "year": format_financial_year(group.year),
        "posts": group.posts,
        "posts_added": group.posts_added,
        "in_year_cost": plain(group.in_year.total),
        "full_year_effect": plain(group.full_year_effect.total),
    }
