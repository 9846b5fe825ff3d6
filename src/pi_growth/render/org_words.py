"""What every `org` format says the same way: the moment's name, a team's note, band counts."""

from __future__ import annotations

from pi_growth.cost.organisation import BandPosts, Organisation, Snapshot, TeamPosts
from pi_growth.periods import format_financial_year


def moment(snapshot: Snapshot, organisation: Organisation) -> str:
    """``Now (before 2024/25)`` or ``End of 2024/25``."""
    if snapshot.year is None:
        first = organisation.snapshots[1].year if len(organisation.snapshots) > 1 else None
        return f"Now (before {format_financial_year(first)})" if first is not None else "Now"
    return f"End of {format_financial_year(snapshot.year)}"


def posts_text(posts: int, added: int) -> str:
    """``56 posts (+29 added)``, ``1 post``."""
    text = f"{posts:,} post{'' if posts == 1 else 's'}"
    return f"{text} (+{added:,} added)" if added else text


def team_note(team: TeamPosts, snapshot: Snapshot) -> str:
    """Where a team came from this year: ``restructured from A, B in 2024/25`` or ``new team``;
    empty when it stood as it was."""
    if team.formerly:
        assert snapshot.year is not None
        return (
            f"restructured from {', '.join(team.formerly)} in "
            f"{format_financial_year(snapshot.year)}"
        )
    return "new team" if team.new else ""


def band_text(band: BandPosts) -> str:
    """``C: 4 (+2 added)``."""
    return f"{band.band}: {band.posts:,}" + (f" (+{band.added:,} added)" if band.added else "")
