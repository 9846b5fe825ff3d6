"""The organisation view (`pi-growth org`): teams and their posts by band, now and at each
year end, with the posts added and the scenario's team restructures. Pure: a scenario in.

A post is in the establishment at a year end as `cost` counts it: every baseline post, and
every growth post added in that year or before whose `end` (if any) is not before March. A
restructured team's posts are the new team's from the end of the restructure's year on; the
lines themselves keep the team they name (so `cost` reports them under it).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from pi_growth.models import GrowthLine, Line, Scenario
from pi_growth.periods import last_month_of


@dataclass(frozen=True)
class Restructure:
    """A team that becomes another in a financial year."""

    team: str
    becomes: str
    year: int


@dataclass(frozen=True)
class BandPosts:
    """A team's posts in one band at a moment, and how many of them were added in its year."""

    band: str
    posts: int
    added: int


@dataclass(frozen=True)
class TeamPosts:
    """A team at a moment: its posts by band, those added in the year, the teams it took in."""

    team: str
    bands: tuple[BandPosts, ...]
    formerly: tuple[str, ...]  # teams restructured into this one in this snapshot's year
    new: bool  # not a team at the moment before

    @property
    def posts(self) -> int:
        """All the team's posts."""
        return sum(band.posts for band in self.bands)

    @property
    def added(self) -> int:
        """The team's posts added in the snapshot's year."""
        return sum(band.added for band in self.bands)


@dataclass(frozen=True)
class Snapshot:
    """The organisation now (`year` None: before the first year) or at a year end."""

    year: int | None
    teams: tuple[TeamPosts, ...]
    restructures: tuple[Restructure, ...]  # those of this snapshot's year

    @property
    def posts(self) -> int:
        """Every post in the establishment."""
        return sum(team.posts for team in self.teams)

    @property
    def added(self) -> int:
        """The posts added in the snapshot's year."""
        return sum(team.added for team in self.teams)


@dataclass(frozen=True)
class Organisation:
    """The scenario's organisation now and at each year end of its horizon."""

    name: str
    restructures: tuple[Restructure, ...]
    snapshots: tuple[Snapshot, ...]


def restructures_of(scenario: Scenario) -> tuple[Restructure, ...]:
    """The scenario's restructures, by year, then in the order the scenario lists them."""
    found = [
        Restructure(team, change.becomes, change.in_year) for team, change in scenario.teams.items()
    ]
    return tuple(sorted(found, key=lambda restructure: restructure.year))


def team_at(scenario: Scenario, team: str, year: int | None) -> str:
    """The team a line naming `team` belongs to at the end of `year` (None: now)."""
    change = scenario.teams.get(team)
    if change is not None and year is not None and year >= change.in_year:
        return change.becomes
    return team


def build_organisation(scenario: Scenario, band_order: Iterable[str] = ()) -> Organisation:
    """Each team's posts by band now and at each year end; bands in `band_order` (the rate
    table's), others after in the order met; teams in the order the lines first name them."""
    bands = {band: index for index, band in enumerate(band_order)}
    restructures = restructures_of(scenario)
    snapshots: list[Snapshot] = []
    for year in (None, *scenario.horizon):
        before = {team.team for team in snapshots[-1].teams} if snapshots else None
        snapshots.append(_snapshot(scenario, year, bands, restructures, before))
    return Organisation(scenario.name, restructures, tuple(snapshots))


def _in_establishment(line: Line, year: int | None) -> bool:
    if not isinstance(line, GrowthLine):
        return True
    if year is None or line.year > year:
        return False
    return line.end is None or line.end >= last_month_of(year)


def _snapshot(
    scenario: Scenario,
    year: int | None,
    band_rank: dict[str, int],
    restructures: tuple[Restructure, ...],
    before: set[str] | None,
) -> Snapshot:
    """The snapshot at the end of `year` (None: now); `before`: the teams of the one before."""
    # team -> band -> [posts, added]
    counts: dict[str, dict[str, list[int]]] = {}
    for line in [*scenario.baseline, *scenario.growth]:
        if not _in_establishment(line, year):
            continue
        team = team_at(scenario, line.team, year)
        tally = counts.setdefault(team, {}).setdefault(line.band, [0, 0])
        tally[0] += line.posts
        if isinstance(line, GrowthLine) and line.year == year:
            tally[1] += line.posts
    met = {
        band: index
        for index, band in enumerate(
            dict.fromkeys(line.band for line in [*scenario.baseline, *scenario.growth])
        )
    }

    def band_key(band: str) -> tuple[int, int]:
        return (band_rank.get(band, len(band_rank)), met[band])

    of_year = tuple(r for r in restructures if r.year == year)
    teams = tuple(
        TeamPosts(
            team,
            tuple(
                BandPosts(band, posts, added)
                for band, (posts, added) in sorted(
                    by_band.items(), key=lambda item: band_key(item[0])
                )
            ),
            tuple(r.team for r in of_year if r.becomes == team),
            new=before is not None and team not in before,
        )
        for team, by_band in counts.items()
    )
    return Snapshot(year, teams, of_year)
