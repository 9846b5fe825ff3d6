"""What one post costs in one month, in a given state (SPEC §4, §11): exact, no rounding.

A month is a twelfth of a year, and a twelfth has no finite decimal form, so prices are worked
as *annual rates* -- twelve times a month's cost -- which, for finite-decimal inputs, are
finite decimals themselves: multiplication and addition only, in a context wide enough to be
exact (it traps anything inexact). A month's cost is then that rate / 12, held exactly.
"""

from __future__ import annotations

import bisect
import decimal
from decimal import Decimal
from typing import TypeVar

from pi_growth.cost.costs import ZERO, Costs
from pi_growth.cost.exact import ExactMoney
from pi_growth.models import Band, PensionTier, RateTable

T = TypeVar("T")

# band, point, year, uplift index, fte, and whether the month is NI-relieved (SPEC §11)
State = tuple[str, int, int, int, Decimal, bool]
# A state's annual rates (12 x a month's cost), component by component.
Rates = Costs

# Products and sums of finite decimals are finite: with room for every digit, none rounds.
EXACT = decimal.Context(
    prec=decimal.MAX_PREC,
    Emax=decimal.MAX_EMAX,
    Emin=decimal.MIN_EMIN,
    traps=[decimal.Inexact, decimal.InvalidOperation, decimal.Overflow, decimal.DivisionByZero],
)


def latest_entry(keyed: dict[int, T], year: int) -> T:
    """The entry of the latest financial year <= `year` (validation guarantees there is one)."""
    return keyed[max(key for key in keyed if key <= year)]


def tier_rate(tiers: list[PensionTier], annual_pensionable_pay: Decimal) -> Decimal:
    """The rate of the first tier whose `up_to` is at least the pay; the last tier otherwise."""
    for tier in tiers:
        if tier.up_to is not None and annual_pensionable_pay <= tier.up_to:
            return tier.rate
    return tiers[-1].rate


class Pricer:
    """The monthly cost of one post in a given state: the rate table and pay awards applied."""

    def __init__(
        self,
        rates: RateTable,
        pay_awards: dict[int, Decimal],
        pay_award_month: int,
    ) -> None:
        from pi_growth.periods import award_month_of  # noqa: PLC0415 - keeps imports light

        self.rates = rates
        awards = sorted(
            (award_month_of(year, pay_award_month), rate)
            for year, rate in pay_awards.items()
            if year >= rates.price_base  # the table's amounts already include earlier awards
        )
        self.award_months = [month for month, _ in awards]
        factors = [Decimal(1)]
        for _, rate in awards:
            factors.append(EXACT.multiply(factors[-1], EXACT.add(1, rate)))
        self.uplifts = factors
        self._annual: dict[State, Rates] = {}
        self._monthly: dict[State, Costs] = {}

    def uplift_index(self, month: int) -> int:
        """How many pay awards have taken effect by `month` (an index into `uplifts`)."""
        return bisect.bisect_right(self.award_months, month)

    def awards_within(self, first: int, last: int) -> list[int]:
        """The months in [first, last] in which a pay award takes effect."""
        low = bisect.bisect_left(self.award_months, first)
        high = bisect.bisect_right(self.award_months, last)
        return self.award_months[low:high]

    def monthly(
        self,
        band_name: str,
        point: int,
        year: int,
        uplift_index: int,
        fte: Decimal,
        *,
        relieved: bool = False,
    ) -> Costs:
        """One post's cost for one month (SPEC §4), exactly. `point` is 1-based; ignored
        without points. `relieved`: a month of an NI relief (SPEC §11: 0% up to the UST)."""
        return self.cost_of((band_name, point, year, uplift_index, fte, relieved))

    def cost_of(self, state: State) -> Costs:
        """One post's cost for one month in `state` (see `monthly`): each component its annual
        rate / 12, held exactly (an ExactMoney)."""
        costs = self._monthly.get(state)
        if costs is None:
            costs = Costs(*(ExactMoney.of(rate) / 12 for rate in self.annual_rates(state)))
            self._monthly[state] = costs
        return costs

    def ni_relieved(
        self, band_name: str, point: int, year: int, uplift_index: int, fte: Decimal
    ) -> Decimal:
        """The employer NI one post does not pay in a relieved month (SPEC §11): its NI at the
        standard threshold less its NI at the Upper Secondary Threshold."""
        relief = self.annual_relief((band_name, point, year, uplift_index, fte, True))
        monthly: Decimal = ExactMoney.of(relief) / 12
        return monthly

    def annual_relief(self, state: State) -> Decimal:
        """12 x the NI one post does not pay in a month in `state` (zero unless relieved)."""
        if not state[5]:
            return ZERO
        standard = self.annual_rates((*state[:5], False)).employer_ni
        return EXACT.subtract(standard, self.annual_rates(state).employer_ni)

    def annual_rates(self, state: State) -> Rates:
        """12 x one post's cost for a month in `state`, component by component, exactly."""
        rates = self._annual.get(state)
        if rates is None:
            band_name, point, year, uplift_index, fte, relieved = state
            with decimal.localcontext(EXACT):
                rates = self._price(
                    self.rates.bands[band_name],
                    point,
                    year,
                    self.uplifts[uplift_index],
                    fte,
                    relieved=relieved,
                )
            self._annual[state] = rates
        return rates

    def _price(
        self,
        band: Band,
        point: int,
        year: int,
        uplift: Decimal,
        fte: Decimal,
        *,
        relieved: bool,
    ) -> Rates:
        # Annual rates: SPEC §4's monthly formulas times 12, so no step divides.
        other = band.other * fte
        loaded = band.loaded_cost(point)  # an annual_cost, or a reckoner's loaded point
        if loaded is not None:
            return Costs(other=other, loaded_cost=loaded * uplift * fte)
        on_costs = self.rates.on_costs
        assert on_costs is not None  # the model requires on-costs for pay bands
        base = band.salary if band.salary is not None else band.points[point - 1]  # type: ignore[index]
        salary = base * uplift * fte
        allowances = ZERO
        pensionable_allowances = ZERO
        for allowance in self.rates.allowances:
            amount = allowance.amount * uplift if allowance.uplifted else allowance.amount
            allowances += amount
            if allowance.pensionable:
                pensionable_allowances += amount
        allowances *= fte
        pay = salary + allowances
        pensionable_pay = salary + pensionable_allowances * fte  # 12 x Q: the annual rate
        # Salary sacrifice lowers the pay NI and the levy see; the post still costs `pay`.
        ni_able_pay = pay - on_costs.salary_sacrifice_rate * pensionable_pay
        ni = latest_entry(on_costs.employer_ni, year)
        threshold = _annual_threshold(ni.monthly_threshold, ni.threshold)
        # Validation makes sure a relieved line's years have an upper threshold; only a diff's
        # intermediate scenarios (one side's lines on the other side's rates) can lack one,
        # and there the line is costed as standard.
        upper_given = ni.upper_secondary_threshold, ni.monthly_upper_secondary_threshold
        if relieved and upper_given != (None, None):  # (no division here: the context is exact)
            threshold = _annual_threshold(
                ni.monthly_upper_secondary_threshold, ni.upper_secondary_threshold or ZERO
            )
        employer_ni = ni.rate * max(ZERO, ni_able_pay - threshold)
        pension_rate = tier_rate(latest_entry(on_costs.pension_rate, year), pensionable_pay)
        return Costs(
            salary=salary,
            allowances=allowances,
            employer_ni=employer_ni,
            pension=pension_rate * pensionable_pay,
            apprenticeship_levy=on_costs.apprenticeship_levy_rate * ni_able_pay,
            other=other,
        )


def _annual_threshold(monthly: Decimal | None, annual: Decimal) -> Decimal:
    """12 x a monthly threshold: the one published, or the annual one (/ 12 x 12)."""
    return monthly * 12 if monthly is not None else annual
