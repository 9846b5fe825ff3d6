"""Cross-checks between a scenario and its rate table that no single field can make alone."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from pi_growth.load.findings import Finding, Location
from pi_growth.load.suggestions import did_you_mean
from pi_growth.models import GrowthLine, Line, RateTable, Scenario
from pi_growth.periods import first_month_of, format_financial_year, format_month
from pi_growth.problems import quote_token


def cross_check(scenario: Scenario, rates: RateTable) -> list[Finding]:
    """Every inconsistency between a scenario and its rate table, in file order."""
    findings: list[Finding] = []
    for index, line in enumerate(scenario.baseline):
        findings += check_band(("baseline", index), line, rates)
    for index, growth_line in enumerate(scenario.growth):
        findings += check_band(("growth", index), growth_line, rates)
        findings += _check_timing(("growth", index), growth_line, scenario)
    findings += _check_budgets(scenario)
    findings += _check_price_bases(scenario, rates)
    findings += _check_expectations(scenario)
    findings += _check_governance(scenario)
    findings += _check_teams(scenario)
    findings += _check_year_keyed_rates(scenario, rates)
    findings += _check_ni_reliefs(scenario, rates)
    # Imported here: whatif's checks build on this module's Finding.
    from pi_growth.whatif.checks import check_uncertainty  # noqa: PLC0415

    findings += check_uncertainty(scenario, rates)
    return findings


def _horizon_text(scenario: Scenario) -> str:
    first, last = scenario.horizon[0], scenario.horizon[-1]
    return f"{format_financial_year(first)} to {format_financial_year(last)}"


def check_band(where: Location, line: Line, rates: RateTable) -> list[Finding]:
    """The line's band is in the table, and its point (if any) is one the band has."""
    band = rates.bands.get(line.band)
    if band is None:
        known = ", ".join(rates.bands)
        return [
            Finding(
                "scenario",
                (*where, "band"),
                f"unknown band {quote_token(line.band)}"
                f"{did_you_mean(line.band, rates.bands)} (known: {known})",
            )
        ]
    if line.point is None:
        return []
    if band.points is None:
        kind = "a salary" if band.salary is not None else "an annual_cost"
        return [
            Finding(
                "scenario",
                (*where, "point"),
                f"only bands with points take a point; band {quote_token(line.band)} has {kind}",
            )
        ]
    if line.point > len(band.points):
        return [
            Finding(
                "scenario",
                (*where, "point"),
                f"{line.point} is beyond band {quote_token(line.band)}, "
                f"which has points 1 to {len(band.points)}",
            )
        ]
    return []


def _check_timing(where: Location, line: GrowthLine, scenario: Scenario) -> list[Finding]:
    findings = []
    if line.year not in scenario.horizon:
        findings.append(
            Finding(
                "scenario",
                (*where, "year"),
                f"{format_financial_year(line.year)} is outside the horizon "
                f"{_horizon_text(scenario)}",
            )
        )
    april = first_month_of(line.year)
    if line.start is not None and line.start < april:
        findings.append(
            Finding(
                "scenario",
                (*where, "start"),
                f"{format_month(line.start)} is before the first month of its year "
                f"{format_financial_year(line.year)} ({format_month(april)})",
            )
        )
    start = scenario.fill_month(line)
    if line.end is not None and line.end < start:
        findings.append(
            Finding(
                "scenario",
                (*where, "end"),
                f"{format_month(line.end)} is before the line's first filled month "
                f"{format_month(start)}",
            )
        )
    return findings


def _check_budgets(scenario: Scenario) -> list[Finding]:
    findings = []
    seen: set[str] = set()
    for index, budget in enumerate(scenario.budgets):
        if budget.name in seen:
            findings.append(
                Finding(
                    "scenario",
                    ("budgets", index, "name"),
                    f"duplicate budget name {quote_token(budget.name)}",
                )
            )
        seen.add(budget.name)
        years = budget.years
        outside = [year for year in years if year not in scenario.horizon]
        if outside:
            shown = ", ".join(format_financial_year(year) for year in outside)
            findings.append(
                Finding(
                    "scenario",
                    ("budgets", index, "years"),
                    f"{shown} outside the horizon {_horizon_text(scenario)}",
                )
            )
        elif years != list(range(years[0], years[0] + len(years))):
            shown = ", ".join(format_financial_year(year) for year in years)
            findings.append(
                Finding(
                    "scenario",
                    ("budgets", index, "years"),
                    f"must be consecutive financial years in order (found: {shown})",
                )
            )
    return findings


def _check_price_bases(scenario: Scenario, rates: RateTable) -> list[Finding]:
    """A budget's price base lies from the rate table's price base to the horizon's end, and
    the table has the on-costs of that year (SPEC §8)."""
    findings = []
    for index, budget in enumerate(scenario.budgets):
        year = budget.price_base
        if year is None:
            continue
        where = ("budgets", index, "price_base")
        if year < rates.price_base:
            findings.append(
                Finding(
                    "scenario",
                    where,
                    f"{format_financial_year(year)} is before the rate table's price base "
                    f"{format_financial_year(rates.price_base)}: its amounts cannot be taken "
                    "back to prices older than their own",
                )
            )
        elif year > scenario.horizon[-1]:
            findings.append(
                Finding(
                    "scenario",
                    where,
                    f"{format_financial_year(year)} is after the horizon {_horizon_text(scenario)}",
                )
            )
        else:
            why = f"which budget {quote_token(budget.name)}'s price base needs"
            findings += check_rate_table_years(rates, [year], why)
    return findings


def _check_expectations(scenario: Scenario) -> list[Finding]:
    """Years in the `expect` block lie in the horizon; budget names are the scenario's own."""
    expect = scenario.expect
    if expect is None:
        return []
    findings = []
    for field, keyed in expect:  # every field keyed by financial year, in the model's order
        if not isinstance(keyed, dict):
            continue
        for year in keyed:
            if year not in scenario.horizon:
                findings.append(
                    Finding(
                        "scenario",
                        ("expect", field, format_financial_year(year)),
                        f"{format_financial_year(year)} is outside the horizon "
                        f"{_horizon_text(scenario)}",
                    )
                )
    if isinstance(expect.budgets_within, list):
        names = [budget.name for budget in scenario.budgets]
        known = ", ".join(repr(name) for name in names) or "none"
        for index, name in enumerate(expect.budgets_within):
            if name not in names:
                findings.append(
                    Finding(
                        "scenario",
                        ("expect", "budgets_within", index),
                        f"unknown budget {quote_token(name)} (known: {known})",
                    )
                )
    return findings


def _check_governance(scenario: Scenario) -> list[Finding]:
    """Two thresholds at one amount would leave unclear which body approves."""
    if scenario.governance is None:
        return []
    findings = []
    seen: dict[Decimal, str] = {}
    for index, threshold in enumerate(scenario.governance.approval_thresholds):
        earlier = seen.get(threshold.amount)
        if earlier is not None:
            findings.append(
                Finding(
                    "scenario",
                    ("governance", "approval_thresholds", index, "amount"),
                    f"another threshold is at this amount already ({quote_token(earlier)}): "
                    "give each body its own amount",
                )
            )
        seen.setdefault(threshold.amount, threshold.body)
    return findings


def _check_teams(scenario: Scenario) -> list[Finding]:
    """Each restructure names a team the lines have, a year in the horizon, and the team it
    finally becomes; no line adds posts to a team after it has become another."""
    if not scenario.teams:
        return []
    known = list(dict.fromkeys(line.team for line in [*scenario.baseline, *scenario.growth]))
    findings = []
    for name, change in scenario.teams.items():
        where: Location = ("teams", name)
        if name not in known:
            shown = ", ".join(repr(team) for team in known[:20]) or "none"
            findings.append(
                Finding(
                    "scenario", where, f"no line has the team {quote_token(name)} (known: {shown})"
                )
            )
        if change.in_year not in scenario.horizon:
            findings.append(
                Finding(
                    "scenario",
                    (*where, "in"),
                    f"{format_financial_year(change.in_year)} is outside the horizon "
                    f"{_horizon_text(scenario)}",
                )
            )
        if change.becomes == name:
            findings.append(Finding("scenario", (*where, "becomes"), "a team cannot become itself"))
        elif change.becomes in scenario.teams:
            findings.append(
                Finding(
                    "scenario",
                    (*where, "becomes"),
                    f"{quote_token(change.becomes)} is itself restructured: name the team "
                    f"{quote_token(name)} finally becomes",
                )
            )
    for index, line in enumerate(scenario.growth):
        moved = scenario.teams.get(line.team)
        if moved is not None and line.year > moved.in_year:
            findings.append(
                Finding(
                    "scenario",
                    ("growth", index, "team"),
                    f"team {quote_token(line.team)} became {quote_token(moved.becomes)} in "
                    f"{format_financial_year(moved.in_year)}: add posts from "
                    f"{format_financial_year(line.year)} to {quote_token(moved.becomes)}",
                )
            )
    return findings


def _latest_entry_year(keyed: dict[int, object], year: int) -> int | None:
    candidates = [key for key in keyed if key <= year]
    return max(candidates) if candidates else None


def _check_year_keyed_rates(scenario: Scenario, rates: RateTable) -> list[Finding]:
    return check_rate_table_years(
        rates, scenario.horizon, f"which scenario {quote_token(scenario.name)} needs"
    )


def check_rate_table_years(rates: RateTable, years: Iterable[int], why: str) -> list[Finding]:
    """Employer NI and pension have an entry at or before each of `years`, whenever the table
    has a pay band: the ready reckoner prices every band, used by a scenario or not."""
    if rates.on_costs is None or not any(band.is_pay_band for band in rates.bands.values()):
        return []
    years = list(years)
    findings = []
    on_costs = rates.on_costs
    for field, keyed in (
        ("employer_ni", on_costs.employer_ni),
        ("pension_rate", on_costs.pension_rate),
    ):
        missing = [year for year in years if _latest_entry_year(dict(keyed), year) is None]
        if missing:
            shown = ", ".join(format_financial_year(year) for year in missing)
            findings.append(
                Finding(
                    "rates",
                    ("on_costs", field),
                    f"no entry for {shown} or any earlier year, {why}",
                )
            )
    return findings


# --- employer NI reliefs (SPEC §11) ------------------------------------------------------

RELIEVED_CATEGORIES = "under_21, apprentice_under_25"


def _check_ni_reliefs(scenario: Scenario, rates: RateTable) -> list[Finding]:
    """Relieved lines say until when, are on pay bands, and every FY whose months they are
    relieved in has an Upper Secondary Threshold in the rate table."""
    findings: list[Finding] = []
    needed: dict[int, None] = {}  # FYs in which some line is relieved, in order found
    lines: list[tuple[str, int, Line]] = [
        *(("baseline", index, line) for index, line in enumerate(scenario.baseline)),
        *(("growth", index, line) for index, line in enumerate(scenario.growth)),
    ]
    for section, index, line in lines:
        where = (section, index)
        if not line.relieved:
            if line.ni_relief_until is not None:
                findings.append(
                    Finding(
                        "scenario",
                        (*where, "ni_relief_until"),
                        "only a relieved line takes ni_relief_until; set ni_category "
                        f"({RELIEVED_CATEGORIES}) or remove it",
                    )
                )
            continue
        band = rates.bands.get(line.band)
        if band is not None and not band.is_pay_band:
            findings.append(
                Finding(
                    "scenario",
                    (*where, "ni_category"),
                    f"band {quote_token(line.band)} is a loaded cost (its annual_cost already "
                    "holds its NI), so it cannot take an NI relief; use a salary or points band",
                )
            )
            continue
        until = line.relief_until
        if until is None:
            findings.append(
                Finding(
                    "scenario",
                    (*where, "ni_category"),
                    f"a line with ni_category {line.ni_category} needs ni_relief_until: the last "
                    "month the relief applies (the month before the 21st or 25th birthday, or "
                    "the apprenticeship's last month)",
                )
            )
            continue
        for year in _relieved_years(line, until, scenario):
            needed.setdefault(year, None)
    findings += _check_upper_thresholds(list(needed), rates)
    return findings


def _relieved_years(line: Line, until: int, scenario: Scenario) -> list[int]:
    """The FYs of the horizon in which the line is costed (filled, or in the year-end
    establishment) in some month on or before `until`."""
    if isinstance(line, GrowthLine):
        first = scenario.fill_month(line)
        added = line.year
    else:
        first = first_month_of(scenario.horizon[0])
        added = scenario.horizon[0]
    years = []
    for year in scenario.horizon:
        if year < added:
            continue
        april = first_month_of(year)
        costed_from = max(first, april)  # the first month filled in the year
        if costed_from > until and april + 11 > until:
            continue  # neither a filled month nor the March of the FYE is relieved
        years.append(year)
    return years


def _check_upper_thresholds(years: list[int], rates: RateTable) -> list[Finding]:
    on_costs = rates.on_costs
    if on_costs is None or not years:
        return []
    findings = []
    missing: dict[int, list[int]] = {}  # entry FY -> relieved FYs it serves without a UST
    for year in sorted(years):
        entry_year = _latest_entry_year(dict(on_costs.employer_ni), year)
        if entry_year is None:
            continue  # reported by check_rate_table_years
        if on_costs.employer_ni[entry_year].upper_threshold_per_month is None:
            missing.setdefault(entry_year, []).append(year)
    for entry_year, served in missing.items():
        shown = ", ".join(format_financial_year(year) for year in served)
        findings.append(
            Finding(
                "rates",
                ("on_costs", "employer_ni", entry_year),
                f"the {format_financial_year(entry_year)} entry has no upper_secondary_threshold, "
                f"which the scenario's relieved lines (ni_category) need in {shown}",
            )
        )
    return findings
