"""Drawing a run's inputs from the scenario's triangular ranges (SPEC §9). Run k depends
only on (seed, k): each run has its own generator, seeded from both."""

from __future__ import annotations

import bisect
import math
import random
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from pi_growth.models import DelayRange, Scenario, Triangle
from pi_growth.whatif.lines import PlanLine

SIX_PLACES = Decimal("0.000001")


@dataclass(frozen=True, slots=True)
class Draw:
    """One run's inputs: a delay for each line with a delay range (PlanLine index -> months),
    each uncertain FY's award, and the vacancy factor (None: the scenario's own)."""

    delays: dict[int, int]
    awards: dict[int, Fraction]
    vacancy: Fraction | None


def delay_range_of(scenario: Scenario, line: PlanLine) -> DelayRange | None:
    """The first delay range that covers a growth line (by band, team, or all), if any."""
    if scenario.uncertainty is None or line.year_added is None:
        return None
    for entry in scenario.uncertainty.delay_ranges:
        if entry.band not in (None, line.band) or entry.team not in (None, line.team):
            continue
        return entry
    return None


def delay_bounds(entry: DelayRange) -> range:
    """Every whole-month delay a draw from the range can round to."""
    return range(round_half_up(Fraction(entry.min)), round_half_up(Fraction(entry.max)) + 1)


def round_half_up(value: Fraction) -> int:
    """To a whole number, halves up."""
    return math.floor(value + Fraction(1, 2))


class Sampler:
    """Draws runs of one scenario."""

    def __init__(self, scenario: Scenario, lines: list[PlanLine], seed: int) -> None:
        self.seed = seed
        self.delay_lines = [
            (line.index, *_delay_thresholds(entry))
            for line in lines
            if (entry := delay_range_of(scenario, line)) is not None
        ]
        uncertainty = scenario.uncertainty
        self.awards = sorted(uncertainty.pay_awards.items()) if uncertainty else []
        self.vacancy = uncertainty.vacancy_factor if uncertainty else None

    def draw(self, run: int) -> Draw:
        """Run `run` (1-based): delays in file order, then awards by FY, then vacancy."""
        # Reproducible draws, not secrets: a seeded Mersenne Twister is what is wanted.
        generator = random.Random(f"pi-growth:{self.seed}:{run}")  # noqa: S311
        uniform = generator.random
        delays = {
            index: first + bisect.bisect_right(thresholds, uniform())
            for index, first, thresholds in self.delay_lines
        }
        awards = {year: _six_places(_triangular(entry, uniform())) for year, entry in self.awards}
        vacancy = None
        if self.vacancy is not None:
            vacancy = _six_places(_triangular(self.vacancy, uniform()))
        return Draw(delays, awards, vacancy)


def _delay_thresholds(entry: DelayRange) -> tuple[int, list[float]]:
    """The least delay, and the uniform draws at which the delay steps up by a month.

    A delay is the draw's quantile rounded half up: d exactly when the quantile lies in
    [d - 1/2, d + 1/2), that is when the uniform draw lies in [F(d - 1/2), F(d + 1/2)) for
    the distribution function F. So the delay is found by bisecting these steps, which are
    computed exactly and then as the nearest float.
    """
    bounds = delay_bounds(entry)
    low, mode, high = Fraction(entry.min), Fraction(entry.likely), Fraction(entry.max)
    steps = []
    for delay in bounds[:-1]:
        point = delay + Fraction(1, 2)
        if high == low:
            share = Fraction(1) if point >= low else Fraction(0)
        elif point <= low:
            share = Fraction(0)
        elif point >= high:
            share = Fraction(1)
        elif point <= mode:
            share = (point - low) ** 2 / ((high - low) * (mode - low))
        else:
            share = 1 - (high - point) ** 2 / ((high - low) * (high - mode))
        steps.append(float(share))
    return bounds.start, steps


def _triangular(entry: Triangle, uniform: float) -> float:
    """The triangular distribution's quantile at `uniform` (inverse of its CDF)."""
    low, mode, high = float(entry.min), float(entry.likely), float(entry.max)
    if high == low:
        return low
    split = (mode - low) / (high - low)
    if uniform < split:
        return low + math.sqrt(uniform * (high - low) * (mode - low))
    return high - math.sqrt((1 - uniform) * (high - low) * (high - mode))


def _six_places(value: float) -> Fraction:
    return Fraction(Decimal(value).quantize(SIX_PLACES, rounding=ROUND_HALF_UP))
