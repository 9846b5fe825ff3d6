"""`org --format markdown`: the organisation for a paper or a pull request, moment by moment."""

from __future__ import annotations

from pi_growth.cost.organisation import Organisation
from pi_growth.periods import format_financial_year
from pi_growth.render import RenderOptions
from pi_growth.render.markdown_text import text
from pi_growth.render.org_words import moment, posts_text, team_note


def render_org(organisation: Organisation, options: RenderOptions) -> str:  # noqa: ARG001
    """A heading per moment and a table of its teams and bands; user text made inert."""
    parts = [f"# {text(organisation.name)}: organisation"]
    if organisation.restructures:
        rows = [
            f"| {text(change.team)} | {text(change.becomes)} | "
            f"{format_financial_year(change.year)} |"
            for change in organisation.restructures
        ]
        parts.append(
            "\n".join(["## Restructures", "", "| Team | Becomes | In |", "|---|---|---|", *rows])
        )
    for snapshot in organisation.snapshots:
        lines = [
            f"## {moment(snapshot, organisation)}: {posts_text(snapshot.posts, snapshot.added)}",
            "",
            "| Team | Band | Posts | Added |",
            "|---|---|--:|--:|",
        ]
        for team in snapshot.teams:
            note = team_note(team, snapshot)
            name = f"**{text(team.team)}**" + (f" ({text(note)})" if note else "")
            lines.append(f"| {name} | | **{team.posts:,}** | {_added(team.added)} |")
            lines += [
                f"| | {text(band.band)} | {band.posts:,} | {_added(band.added)} |"
                for band in team.bands
            ]
        parts.append("\n".join(lines))
    parts.append(
        "_Posts in the establishment at each moment, filled or not; added: posts added in that "
        "year. A restructured team's posts are the new team's from the end of its year._"
    )
    return "\n\n".join(parts) + "\n"


def _added(count: int) -> str:
    return f"+{count:,}" if count else "–"
