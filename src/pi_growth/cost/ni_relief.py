"""Employer NI reliefs (SPEC §11) as reports state them: which lines are relieved, until when."""

from __future__ import annotations

from dataclasses import dataclass

from pi_growth.models import NI_CATEGORY_WORDS, Scenario
from pi_growth.periods import format_financial_year, format_month


@dataclass(frozen=True)
class ReliefLine:
    """A line in a relieved NI category, as the assumptions list it."""

    team: str
    band: str
    posts: int
    year_added: int | None  # None for a baseline line
    category: str  # under_21 | apprentice_under_25
    until: int  # the last month relieved

    @property
    def label(self) -> str:
        """Which line: ``Insight, band F, 2 posts added 2025/26``."""
        posts = f"{self.posts} post{'s' if self.posts != 1 else ''}"
        added = (
            "in the baseline"
            if self.year_added is None
            else f"added {format_financial_year(self.year_added)}"
        )
        return f"{self.team}, band {self.band}, {posts} {added}"

    @property
    def relief(self) -> str:
        """What the relief is: ``apprentice under 25 (category H), relieved to 2026-08``."""
        return f"{NI_CATEGORY_WORDS[self.category]}, relieved to {format_month(self.until)}"


def relief_lines(scenario: Scenario) -> list[ReliefLine]:
    """The scenario's relieved lines, baseline then growth, in file order."""
    found = []
    for line in [*scenario.baseline, *scenario.growth]:
        until = line.relief_until
        if until is None:
            continue
        found.append(
            ReliefLine(
                line.team,
                line.band,
                line.posts,
                getattr(line, "year", None),
                line.ni_category,
                until,
            )
        )
    return found
