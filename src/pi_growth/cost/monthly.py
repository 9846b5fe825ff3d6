"""The monthly detail: posts filled and their cost per month, team and band, made a financial
year at a time whenever it is read (a force's 670,000 rows are never held whole)."""

from __future__ import annotations

from itertools import pairwise, repeat
from operator import add, mul

from pi_growth.cost.costs import COMPONENTS
from pi_growth.cost.ledger import Ledger
from pi_growth.cost.pricing import EXACT, State
from pi_growth.cost.results import MonthEntry, MonthFigures
from pi_growth.cost.walk import Pattern, Walk
from pi_growth.periods import first_month_of


class MonthlyDetail:
    """What the monthly rows are made from: each team and band's (pattern, posts), each
    pattern's walk, and the ledger's exact price of every state."""

    def __init__(self, ledger: Ledger, walks: dict[Pattern, Walk]) -> None:
        lines: dict[tuple[str, str], list[tuple[Pattern, int]]] = {}
        for (_, _, team, band), by_pattern in ledger.posts_by_group.items():
            lines.setdefault((team, band), []).extend(by_pattern.items())
        self.team_bands = sorted(lines.items())  # within a month, rows go by team and band
        self.walks = walks
        self.ledger = ledger
        self.horizon = ledger.horizon

    def year_rows(self, index: int) -> list[MonthEntry]:
        """The rows of the horizon's year at `index`, by month, then team and band."""
        april = first_month_of(self.horizon[index])
        by_month: list[list[MonthEntry]] = [[] for _ in range(12)]
        # Months with the same posts in the same states cost the same: most months repeat the
        # month before (nothing changes between a fill, an award and an increment), so each
        # distinct mix is costed once and its figures shared. A state belongs to one year, so
        # no mix recurs in another.
        figures: dict[tuple[tuple[State, int], ...], MonthFigures] = {}
        for team_band, lines in self.team_bands:
            counts: dict[State, list[int]] = {}  # posts filled in each month of the year
            cuts = {0, 12}  # where the mix of states can change: a stretch's ends
            for pattern, posts in lines:
                walk = self.walks[pattern][index]
                for state, begin, end in walk.stretches if walk else ():
                    months = counts.get(state)
                    if months is None:
                        months = counts[state] = [0] * 12
                    first, stop = begin - april, end - april
                    cuts.update((first, stop))
                    for month in range(first, stop):
                        months[month] += posts
            for first, stop in pairwise(sorted(cuts)):
                filled = tuple(
                    (state, months[first]) for state, months in counts.items() if months[first]
                )
                if not filled:
                    continue
                known = figures.get(filled)
                if known is None:
                    known = figures[filled] = self._figures(filled)
                for month in range(first, stop):
                    by_month[month].append((april + month, team_band, known))
        return [row for rows in by_month for row in rows]

    def _figures(self, filled: tuple[tuple[State, int], ...]) -> MonthFigures:
        # A month is an annual rate / 12: over the ledger's denominator (12 x 10^places x the
        # vacancy factor's), its numerator is the rate's times (1 - v)'s, times the posts.
        ints = self.ledger.ints
        total = [0] * len(COMPONENTS)
        for state, posts in filled:
            total[:] = map(add, total, map(mul, ints[state], repeat(posts)))
        keep = self.ledger.keep
        fte = sum((EXACT.multiply(state[4], posts) for state, posts in filled), EXACT.add(0, 0))
        return (
            sum(posts for _, posts in filled),
            fte,
            self.ledger.costs([value * keep for value in total]),
        )
