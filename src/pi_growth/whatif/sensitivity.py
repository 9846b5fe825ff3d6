"""`sensitivity`: a tornado for each budget (SPEC §9) -- each driver at a low and a high
value, everything else at the scenario's own values, with the budget's exact cost at both,
ordered by swing (ties in the order the drivers are declared)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from pi_growth.models import RateTable, Scenario
from pi_growth.whatif.inputs import own_awards
from pi_growth.whatif.lines import PlanLine, plan_lines
from pi_growth.whatif.model import prepare
from pi_growth.whatif.sampling import delay_range_of, round_half_up

ONE_PP = Fraction(1, 100)
DEFAULT_DELAY = 3
DEFAULT_VACANCY = Fraction(5, 100)


@dataclass(frozen=True, slots=True)
class Setting:
    """A driver's low or high value as the run it makes: delays, awards, vacancy."""

    delays: dict[int, int]  # PlanLine index -> months
    awards: dict[int, Fraction]  # FY -> award, over the scenario's own
    vacancy: Fraction | None


@dataclass(frozen=True, slots=True)
class DriverRange:
    """One driver of the tornado, declared in this order."""

    driver: str  # fill_delay_months, pay_award, pay_award_pp, vacancy_factor
    label: str  # as people read it
    low: Fraction
    high: Fraction
    low_setting: Setting
    high_setting: Setting


@dataclass(frozen=True, slots=True)
class Bar:
    """A driver's bar on one budget's tornado."""

    driver: DriverRange
    cost_low: Fraction
    cost_high: Fraction
    amount: Fraction

    @property
    def swing(self) -> Fraction:
        """|cost(high) - cost(low)|."""
        return abs(self.cost_high - self.cost_low)


@dataclass(frozen=True, slots=True)
class BudgetTornado:
    """A budget's cost at the scenario's own values and each driver's bar, widest first."""

    name: str
    amount: Decimal
    price_base: int | None
    cost: Fraction
    bars: tuple[Bar, ...]
    # A budget judged at a price base (SPEC §8): the same tornado at outturn, beside it.
    outturn: BudgetTornado | None = None


@dataclass(frozen=True)
class Tornado:
    """What `sensitivity` reports."""

    scenario: Scenario
    from_uncertainty: bool  # False: the standard drivers, the scenario has no ranges
    budgets: tuple[BudgetTornado, ...]


def drivers(scenario: Scenario, rates: RateTable, lines: list[PlanLine]) -> list[DriverRange]:
    """The drivers: each uncertain input at its min and max; without ranges, every award of
    the horizon -1 pp and +1 pp at once, delay 0 and +3 months, vacancy 0 and 5%."""
    growth = [line for line in lines if line.year_added is not None]
    uncertainty = scenario.uncertainty
    none: dict[int, Fraction] = {}
    if uncertainty is None:
        awards = own_awards(scenario, rates)
        horizon = set(scenario.horizon)

        def shifted(shift: Fraction) -> dict[int, Fraction]:
            return {year: award + shift for year, award in awards.items() if year in horizon}

        return [
            DriverRange("pay_award_pp", "Pay awards, every year of the horizon (pp)", -ONE_PP * 100,
                        ONE_PP * 100, Setting({}, shifted(-ONE_PP), None),
                        Setting({}, shifted(ONE_PP), None)),
            DriverRange("fill_delay_months", "Fill delay, every growth line (months)", Fraction(0),
                        Fraction(DEFAULT_DELAY), Setting({}, none, None),
                        Setting({line.index: DEFAULT_DELAY for line in growth}, none, None)),
            DriverRange("vacancy_factor", "Vacancy factor", Fraction(0), DEFAULT_VACANCY,
                        Setting({}, none, Fraction(0)), Setting({}, none, DEFAULT_VACANCY)),
        ]  # fmt: skip
    found = []
    for entry in uncertainty.delay_ranges:
        covered = [line.index for line in growth if delay_range_of(scenario, line) is entry]
        low, high = round_half_up(Fraction(entry.min)), round_half_up(Fraction(entry.max))
        where = ", ".join(
            f"{name} {value}" for name, value in (("band", entry.band), ("team", entry.team))
            if value is not None
        ) or "every growth line"  # fmt: skip
        found.append(
            DriverRange("fill_delay_months", f"Fill delay, {where} (months)", Fraction(low),
                        Fraction(high), Setting(dict.fromkeys(covered, low), none, None),
                        Setting(dict.fromkeys(covered, high), none, None))
        )  # fmt: skip
    for year, award in sorted(uncertainty.pay_awards.items()):
        low_award, high_award = Fraction(award.min), Fraction(award.max)
        found.append(
            DriverRange(f"pay_award:{year}", f"Pay award {year}/{(year + 1) % 100:02d}",
                        low_award, high_award, Setting({}, {year: low_award}, None),
                        Setting({}, {year: high_award}, None))
        )  # fmt: skip
    if uncertainty.vacancy_factor is not None:
        low_v, high_v = (
            Fraction(uncertainty.vacancy_factor.min),
            Fraction(uncertainty.vacancy_factor.max),
        )
        found.append(
            DriverRange("vacancy_factor", "Vacancy factor", low_v, high_v,
                        Setting({}, none, low_v), Setting({}, none, high_v))
        )  # fmt: skip
    return found


def sensitivity(scenario: Scenario, rates: RateTable) -> Tornado:
    """Each budget's tornado."""
    lines = plan_lines(scenario, rates)
    ranges = drivers(scenario, rates, lines)
    delays: dict[int, set[int]] = {}
    award_ranges: dict[int, tuple[Fraction, Fraction]] = {}
    for driver in ranges:
        for setting in (driver.low_setting, driver.high_setting):
            for index, delay in setting.delays.items():
                delays.setdefault(index, {0}).add(delay)
            for year, award in setting.awards.items():
                low, high = award_ranges.get(year, (award, award))
                award_ranges[year] = (min(low, award), max(high, award))
    spans = {index: range(min(found), max(found) + 1) for index, found in delays.items()}
    whatif = prepare(scenario, rates, spans, award_ranges)
    evaluator = whatif.evaluator
    denominator = evaluator.denominator

    def values(setting: Setting | None) -> list[int]:
        chosen = setting or Setting({}, {}, None)
        awards = {**whatif.awards, **chosen.awards}
        vacancy = whatif.vacancy if chosen.vacancy is None else chosen.vacancy
        run_delays = [chosen.delays.get(index, 0) for index in evaluator.variable]
        return evaluator.evaluate(run_delays, evaluator.uplifts(awards), vacancy)

    own = values(None)
    costed = [
        (driver, values(driver.low_setting), values(driver.high_setting)) for driver in ranges
    ]

    def tornado(index: int, figure: int, outturn: BudgetTornado | None) -> BudgetTornado:
        budget = scenario.budgets[index]
        bars = [
            Bar(driver, Fraction(low[figure], denominator), Fraction(high[figure], denominator),
                Fraction(budget.amount))
            for driver, low, high in costed
        ]  # fmt: skip
        bars.sort(key=lambda bar: -bar.swing)  # stable: ties keep the declared order
        return BudgetTornado(budget.name, budget.amount, whatif.figures[figure].price_base,
                             Fraction(own[figure], denominator), tuple(bars), outturn)  # fmt: skip

    budgets = []
    for index in range(len(scenario.budgets)):
        at_outturn = whatif.budget_figure(index, outturn=True)
        outturn = tornado(index, at_outturn, None) if at_outturn >= 0 else None
        budgets.append(tornado(index, whatif.budget_figure(index), outturn))
    return Tornado(scenario, scenario.uncertainty is not None, tuple(budgets))
