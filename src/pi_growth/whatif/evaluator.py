"""Exact figures for many variations of one scenario, fast (SPEC §9).

A variation moves fill months (a delay per line), pay awards and the vacancy factor. Each
line's post-months per state are tabulated once per delay it can take (`lines.Walker`); each
state's monthly cost is a + b·U on the uplift U (`pricing`). A figure is then

    sum over lines of  A(line, delay) + sum over k of B_k(line, delay) × U_k

times (1 − vacancy) for in-year figures, where U_k is the uplift after k awards. With every
a and b over one common denominator, A and B_k are integers, and a line's integers for all
figures are packed side by side into one Python integer: a run's figures are one integer sum
over its lines, unpacked, and a few products. Nothing is rounded: every figure is an exact
integer over one denominator shared by all figures and runs, rounded only when reported.

A state whose cost is not one straight line across the uplifts a caller may ask for (a
pension tier or the NI threshold crossed) is kept apart and priced exactly in each run.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from pi_growth.models import RateTable
from pi_growth.whatif.lines import PlanLine, Walker, Weights
from pi_growth.whatif.pricing import BaseState, StatePrice, price_state

# The uplift range each award year may take: (lowest award, highest award).
ZERO = Fraction(0)
AwardRanges = Mapping[int, tuple[Fraction, Fraction]]


@dataclass(frozen=True, slots=True)
class _Loose:
    """Weights of a state that is not linear over the asked range: priced in every run."""

    figure: int
    state: BaseState
    landed: int
    weight: int


class Evaluator:
    """Exact figures of the scenario under any delays, awards and vacancy factor asked of it.

    `delays[i]` is the range of delays line i (a PlanLine index) may take; every other line
    keeps delay 0. `award_ranges` bounds each award year's award (FY -> (low, high)).
    """

    def __init__(
        self,
        walker: Walker,
        rates: RateTable,
        *,
        lines: Sequence[PlanLine],
        delays: Mapping[int, range],
        award_ranges: AwardRanges,
        award_places: int,
        vacancy_places: int,
    ) -> None:
        self.walker = walker
        self.figures = walker.figures
        self.award_years = list(range(walker.price_base, walker.horizon[-1] + 1))
        self.award_scale: int = 10**award_places  # every 1 + award is an integer over this
        self.vacancy_scale: int = 10**vacancy_places
        self.lines = lines
        self.variable = sorted(delays)
        self.delay_ranges = dict(delays)
        tables = {
            line.index: [walker.weights(line, delay) for delay in delays.get(line.index, (0,))]
            for line in lines
        }
        self.prices: dict[BaseState, StatePrice] = {}
        for weights_by_delay in tables.values():
            for weights in weights_by_delay:
                for counts in weights.values():
                    for state, _ in counts:
                        if state not in self.prices:
                            self.prices[state] = price_state(rates, state)
        self._uplift_ranges = self._ranges(award_ranges)
        denominators = [
            value.denominator
            for price in self.prices.values()
            for piece in price.pieces
            for value in (piece.intercept, piece.slope)
        ]
        self.common = math.lcm(1, *denominators)
        count = self.walker.award_count
        self._linear: dict[tuple[BaseState, int], tuple[int, int] | None] = {}
        self._live: set[tuple[int, int]] = set()
        self._largest = 0
        self.width = 1 + (count + 1)  # per figure: the constant, then one B per awards-landed
        self.power: int = self.award_scale**count  # U_k is an integer over this
        vectors: dict[int, list[tuple[list[int], list[_Loose]]]] = {
            index: [self._vector(weights) for weights in by_delay]
            for index, by_delay in tables.items()
        }
        constant = [0] * (len(self.figures) * self.width)
        self.fixed_loose: list[_Loose] = []
        for index, by_delay in vectors.items():
            if index not in self.delay_ranges:
                vector, loose = by_delay[0]
                constant = [a + b for a, b in zip(constant, vector, strict=True)]
                self.fixed_loose += loose
        terms = 1 + len(self.variable)
        largest = max(self._largest, *(abs(v) for v in constant), 1)
        self.bias = 1 << largest.bit_length()
        bits = largest.bit_length() + 2 + terms.bit_length()
        self.slot_bytes = (bits + 7) // 8
        self.offset = terms * self.bias
        self.constant = self._pack(constant)
        # Each fixed line's own figures, for drivers that change one line (posts).
        self.own = {
            index: (self._pack(by_delay[0][0]), by_delay[0][1])
            for index, by_delay in vectors.items()
            if index not in self.delay_ranges
        }
        self.tables = [[self._pack(vec) for vec, _ in vectors[index]] for index in self.variable]
        self.loose_tables = [[loose for _, loose in vectors[index]] for index in self.variable]
        self.first_delay = [self.delay_ranges[index].start for index in self.variable]
        # Only the slots some line fills are read back: (figure, awards landed) pairs.
        self.live = [
            sorted(landed for figure_index, landed in self._live if figure_index == figure)
            for figure in range(len(self.figures))
        ]
        self.in_year = [figure.measure == "in_year" for figure in self.figures]

    @property
    def denominator(self) -> int:
        """Every figure is an integer over this (the same for every figure and run)."""
        return self.common * self.power * self.vacancy_scale

    def _ranges(self, award_ranges: AwardRanges) -> list[tuple[Fraction, Fraction]]:
        low = high = Fraction(1)
        found = [(low, high)]
        for year in self.award_years:
            least, most = award_ranges.get(year, (Fraction(0), Fraction(0)))
            low, high = low * (1 + least), high * (1 + most)
            found.append((low, high))
        return found

    def _coefficients(self, slot: tuple[BaseState, int]) -> tuple[int, int] | None:
        """A slot's cost as integers (a x common x power, b x common), when it is one
        straight line over the uplifts asked for; None when it must be priced per run."""
        if slot not in self._linear:
            state, landed = slot
            low, high = self._uplift_ranges[landed]
            piece = self.prices[state].linear_over(low, high)
            self._linear[slot] = (
                None
                if piece is None
                else (
                    int(piece.intercept * self.common) * self.power,
                    int(piece.slope * self.common),
                )
            )
        return self._linear[slot]

    def _vector(self, weights: Weights) -> tuple[list[int], list[_Loose]]:
        vector = [0] * (len(self.figures) * self.width)
        loose: list[_Loose] = []
        for figure, counts in weights.items():
            at = figure * self.width
            for slot, weight in counts.items():
                coefficients = self._coefficients(slot)
                if coefficients is None:
                    loose.append(_Loose(figure, slot[0], slot[1], weight))
                    continue
                landed = slot[1]
                vector[at] += weight * coefficients[0]
                if coefficients[1]:
                    vector[at + 1 + landed] += weight * coefficients[1]
                    self._live.add((figure, landed))
        self._largest = max(self._largest, *map(abs, vector))
        return vector, loose

    def _pack(self, vector: list[int]) -> int:
        size, bias = self.slot_bytes, self.bias
        packed: int = int.from_bytes(
            b"".join((value + bias).to_bytes(size, "little") for value in vector), "little"
        )
        return packed

    def uplifts(self, awards: Mapping[int, Fraction]) -> list[int]:
        """U_k over `power` for k = 0 .. award years, for the awards given (FY -> award)."""
        scale = self.award_scale
        numerators = [1]
        for year in self.award_years:
            award = awards.get(year, ZERO)
            if scale % award.denominator:
                raise ValueError(f"an award has more than {len(str(scale)) - 1} decimal places")
            numerators.append(
                numerators[-1] * (scale + award.numerator * (scale // award.denominator))
            )
        count = len(self.award_years)
        return [value * scale ** (count - k) for k, value in enumerate(numerators)]

    def evaluate(
        self, delays: Sequence[int], uplifts: Sequence[int], vacancy: Fraction
    ) -> list[int]:
        """Each figure over `denominator`, for the variable lines' delays (in `variable`
        order), the uplifts from `uplifts`, and the vacancy factor."""
        return self.read(self.combine(delays), uplifts, vacancy)

    def combine(self, delays: Sequence[int]) -> tuple[int, list[_Loose]]:
        """The lines summed at these delays: what `read` turns into figures (kept by a caller
        that reads the same delays under many awards or vacancy factors)."""
        total = self.constant
        loose: list[_Loose] = []
        for table, loose_table, first, delay in zip(
            self.tables, self.loose_tables, self.first_delay, delays, strict=True
        ):
            total += table[delay - first]
            if loose_table[delay - first]:
                loose += loose_table[delay - first]
        return total, [*self.fixed_loose, *loose]

    def read(
        self, combined: tuple[int, list[_Loose]], uplifts: Sequence[int], vacancy: Fraction
    ) -> list[int]:
        """Each figure over `denominator`, for lines combined by `combine`."""
        return self._read(combined[0], self.offset, combined[1], uplifts, vacancy)

    def line_values(self, index: int, uplifts: Sequence[int], vacancy: Fraction) -> list[int]:
        """One line's part of each figure (at its own start), over `denominator`."""
        if index in self.own:
            packed, loose = self.own[index]
        else:
            position = self.variable.index(index)
            at = -self.first_delay[position]
            packed, loose = self.tables[position][at], self.loose_tables[position][at]
        return self._read(packed, self.bias, loose, uplifts, vacancy)

    def _read(
        self,
        total: int,
        offset: int,
        loose: Sequence[_Loose],
        uplifts: Sequence[int],
        vacancy: Fraction,
    ) -> list[int]:
        size, width = self.slot_bytes, self.width
        packed = total.to_bytes(size * width * len(self.figures), "little")
        scale = self.vacancy_scale
        if scale % vacancy.denominator:
            raise ValueError("the vacancy factor has too many decimal places")
        keep = scale - vacancy.numerator * (scale // vacancy.denominator)
        from_bytes = int.from_bytes
        values = []
        for index, (live, in_year) in enumerate(zip(self.live, self.in_year, strict=True)):
            at = index * width * size
            raw = from_bytes(packed[at : at + size], "little") - offset
            for landed in live:
                start = at + (1 + landed) * size
                raw += (from_bytes(packed[start : start + size], "little") - offset) * uplifts[
                    landed
                ]
            values.append(raw * (keep if in_year else scale))
        for item in loose:
            self._add_loose(values, item, uplifts, keep)
        return values

    def _add_loose(
        self, values: list[int], item: _Loose, uplifts: Sequence[int], keep: int
    ) -> None:
        uplift = Fraction(uplifts[item.landed], self.power)
        piece = self.prices[item.state].piece_at(uplift)
        raw = item.weight * (
            int(piece.intercept * self.common) * self.power
            + int(piece.slope * self.common) * uplifts[item.landed]
        )
        figure = self.figures[item.figure]
        values[item.figure] += raw * (keep if figure.measure == "in_year" else self.vacancy_scale)
