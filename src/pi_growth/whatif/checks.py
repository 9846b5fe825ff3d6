"""Cross-checks of a scenario's `uncertainty:` block against its lines and rate table."""

from __future__ import annotations

from pi_growth.load.findings import Finding
from pi_growth.models import RateTable, Scenario
from pi_growth.periods import format_financial_year
from pi_growth.problems import quote_token


def check_uncertainty(scenario: Scenario, rates: RateTable) -> list[Finding]:
    """Delay ranges name bands and teams the plan has; award ranges lie in costed years."""
    uncertainty = scenario.uncertainty
    if uncertainty is None:
        return []
    findings: list[Finding] = []
    teams = {line.team for line in scenario.growth}
    for index, delay in enumerate(uncertainty.delay_ranges):
        where: tuple[str | int, ...] = ("uncertainty", "fill_delay_months")
        if isinstance(uncertainty.fill_delay_months, list):
            where = (*where, index)
        if delay.band is not None and delay.band not in rates.bands:
            known = ", ".join(rates.bands)
            findings.append(
                Finding(
                    "scenario",
                    (*where, "band"),
                    f"unknown band {quote_token(delay.band)} (known: {known})",
                )
            )
        if delay.team is not None and delay.team not in teams:
            findings.append(
                Finding(
                    "scenario",
                    (*where, "team"),
                    f"no growth line is in team {quote_token(delay.team)}",
                )
            )
    first, last = rates.price_base, scenario.horizon[-1]
    for year in uncertainty.pay_awards:
        if not first <= year <= last:
            findings.append(
                Finding(
                    "scenario",
                    ("uncertainty", "pay_awards", format_financial_year(year)),
                    f"{format_financial_year(year)} is outside the years whose award is costed "
                    f"({format_financial_year(first)}, the rate table's price base, to "
                    f"{format_financial_year(last)})",
                )
            )
    return findings
