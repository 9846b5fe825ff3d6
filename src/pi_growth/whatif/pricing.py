"""One post's monthly cost in a state as an exact function of the pay uplift (SPEC §4).

With everything but the uplift U fixed (band, point, the year whose on-costs apply, FTE), a
month's cost is piecewise linear in U: pay and the levy are linear, employer NI is linear
above its threshold and zero below, and a banded pension rate steps where annual pensionable
pay crosses a tier's `up_to`. So the cost is a + b·U on each piece, and the pieces' ends are
known exactly. What-if tabulates a and b once per state and combines them per run with
integers, instead of pricing every state again in every run.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import TypeVar

from pi_growth.models import PensionTier, RateTable

ZERO = Fraction(0)
T = TypeVar("T")

# A state without its uplift: band, spinal point (1-based), the FY whose on-costs apply, FTE,
# and whether the month is NI-relieved (SPEC §11).
BaseState = tuple[str, int, int, Fraction, bool]


@dataclass(frozen=True, slots=True)
class Piece:
    """cost = intercept + slope × U, for U in (low, high] (None: unbounded on that side)."""

    low: Fraction | None
    high: Fraction | None
    intercept: Fraction
    slope: Fraction

    def holds(self, low: Fraction, high: Fraction) -> bool:
        """True when [low, high] lies inside this piece (both ends priced by it)."""
        return (self.low is None or low > self.low) and (self.high is None or high <= self.high)


@dataclass(frozen=True, slots=True)
class StatePrice:
    """The pieces of one state's monthly cost, in rising order of U."""

    pieces: tuple[Piece, ...]

    def piece_at(self, uplift: Fraction) -> Piece:
        """The piece that prices `uplift`."""
        for piece in self.pieces:
            if piece.high is None or uplift <= piece.high:
                return piece
        return self.pieces[-1]

    def at(self, uplift: Fraction) -> Fraction:
        """The exact monthly cost at `uplift`."""
        piece = self.piece_at(uplift)
        return piece.intercept + piece.slope * uplift

    def linear_over(self, low: Fraction, high: Fraction) -> Piece | None:
        """The one piece pricing every U in [low, high], or None when a piece ends inside."""
        for piece in self.pieces:
            if piece.holds(low, high):
                return piece
        return None


def latest_entry(keyed: dict[int, T], year: int) -> T:
    """The entry of the latest financial year <= `year` (validation guarantees there is one)."""
    return keyed[max(key for key in keyed if key <= year)]


def price_state(rates: RateTable, state: BaseState) -> StatePrice:
    """The exact piecewise-linear monthly cost of one post in `state` (SPEC §4)."""
    band_name, point, year, fte, relieved = state
    band = rates.bands[band_name]
    twelfth = fte / 12
    other = Fraction(band.other) * twelfth
    loaded = band.loaded_cost(point)  # an annual_cost, or a reckoner's loaded point
    if loaded is not None:
        return StatePrice((Piece(None, None, other, Fraction(loaded) * twelfth),))
    on_costs = rates.on_costs
    assert on_costs is not None  # the model requires on-costs for pay bands
    base = Fraction(band.salary if band.salary is not None else band.points[point - 1])  # type: ignore[index]
    uplifted = sum((Fraction(a.amount) for a in rates.allowances if a.uplifted), ZERO)
    flat = sum((Fraction(a.amount) for a in rates.allowances if not a.uplifted), ZERO)
    pensionable_uplifted = sum(
        (Fraction(a.amount) for a in rates.allowances if a.uplifted and a.pensionable), ZERO
    )
    pensionable_flat = sum(
        (Fraction(a.amount) for a in rates.allowances if not a.uplifted and a.pensionable), ZERO
    )
    # Pay P, pensionable pay Q and NI-able pay N, each = constant + slope × U (per month).
    pay = ((base + uplifted) * twelfth, flat * twelfth)
    pensionable = ((base + pensionable_uplifted) * twelfth, pensionable_flat * twelfth)
    sacrifice = Fraction(on_costs.salary_sacrifice_rate)
    ni_able = (pay[0] - sacrifice * pensionable[0], pay[1] - sacrifice * pensionable[1])
    ni = latest_entry(on_costs.employer_ni, year)
    ni_rate = Fraction(ni.rate)
    threshold = Fraction(ni.threshold_per_month)
    upper = ni.upper_threshold_per_month
    if relieved and upper is not None:  # as the engine: 0% up to the UST (SPEC §11)
        threshold = Fraction(upper)
    tiers = latest_entry(on_costs.pension_rate, year)
    levy = Fraction(on_costs.apprenticeship_levy_rate)
    # Where a piece ends: NI starts where N = threshold; a tier ends where 12 Q = up_to.
    cuts: set[Fraction] = set()
    if ni_able[0] > 0:
        cuts.add((threshold - ni_able[1]) / ni_able[0])
    if pensionable[0] > 0:
        for tier in tiers[:-1]:
            cuts.add((Fraction(tier.up_to or 0) / 12 - pensionable[1]) / pensionable[0])
    ends = sorted(cut for cut in cuts if cut > 0)  # an uplift is always positive
    pieces = []
    low: Fraction | None = None
    for high in [*ends, None]:
        probe = _inside(low, high)
        pieces.append(
            _piece(
                (low, high, probe),
                pay=pay,
                pensionable=pensionable,
                ni_able=ni_able,
                ni_rate=ni_rate,
                threshold=threshold,
                tiers=tiers,
                levy=levy,
            )
        )
        pieces[-1] = Piece(low, high, pieces[-1].intercept + other, pieces[-1].slope)
        low = high
    return StatePrice(tuple(pieces))


def _inside(low: Fraction | None, high: Fraction | None) -> Fraction:
    """A U strictly inside (low, high] that decides which formulas apply there."""
    if high is None:
        return (low if low is not None else ZERO) + 1
    return high if low is None else (low + high) / 2


Linear = tuple[Fraction, Fraction]  # (slope, constant)


def _piece(
    where: tuple[Fraction | None, Fraction | None, Fraction],
    *,
    pay: Linear,
    pensionable: Linear,
    ni_able: Linear,
    ni_rate: Fraction,
    threshold: Fraction,
    tiers: list[PensionTier],
    levy: Fraction,
) -> Piece:
    low, high, probe = where
    slope = pay[0] + levy * ni_able[0]
    intercept = pay[1] + levy * ni_able[1]
    # NI: rate × (N − threshold) where that is positive at the probe, else nothing. At the
    # point where it is zero both formulas agree, so either end of the piece is priced right.
    if ni_able[0] * probe + ni_able[1] > threshold:
        slope += ni_rate * ni_able[0]
        intercept += ni_rate * (ni_able[1] - threshold)
    annual_pensionable = 12 * (pensionable[0] * probe + pensionable[1])
    rate = _tier_rate(tiers, annual_pensionable)
    slope += rate * pensionable[0]
    intercept += rate * pensionable[1]
    return Piece(low, high, intercept, slope)


def _tier_rate(tiers: list[PensionTier], annual: Fraction) -> Fraction:
    for tier in tiers:
        if tier.up_to is not None and annual <= Fraction(tier.up_to):
            return Fraction(tier.rate)
    return Fraction(tiers[-1].rate)
