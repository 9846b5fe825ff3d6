"""`org --format table`: the organisation as a tree for the terminal, moment by moment."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text
from rich.tree import Tree

from pi_growth.cost.organisation import Organisation
from pi_growth.periods import format_financial_year
from pi_growth.render import RenderOptions
from pi_growth.render.org_words import band_text, moment, posts_text, team_note
from pi_growth.render.terminal import render_to_text


def render_org(organisation: Organisation, options: RenderOptions) -> str:
    """The tree as text for a terminal (with colour when `options.color`)."""
    return render_to_text(org_tree(organisation), options)


def org_tree(organisation: Organisation) -> RenderableType:
    """Every moment as a branch, its teams under it, their bands under them; added posts and
    restructures marked. User text is always plain Text: never rich markup."""
    tree = Tree(Text(f"{organisation.name}: organisation", style="bold"))
    for snapshot in organisation.snapshots:
        label = Text.assemble(
            (moment(snapshot, organisation), "bold"), f": {posts_text(snapshot.posts, 0)}"
        )
        if snapshot.added:
            label.append(f" (+{snapshot.added:,} added)", style="green")
        branch = tree.add(label)
        for team in snapshot.teams:
            team_label = Text.assemble((team.team, "bold"), f": {posts_text(team.posts, 0)}")
            if team.added:
                team_label.append(f" (+{team.added:,} added)", style="green")
            note = team_note(team, snapshot)
            if note:
                team_label.append(f" · {note}", style="yellow")
            leaf = branch.add(team_label)
            for band in team.bands:
                leaf.add(Text(band_text(band), style="green" if band.added else ""))
    parts: list[RenderableType] = [tree]
    if organisation.restructures:
        parts.append(Text())
        parts.append(Text("Restructures", style="bold"))
        for change in organisation.restructures:
            parts.append(
                Text(f"  {change.team} → {change.becomes} in {format_financial_year(change.year)}")
            )
    parts.append(Text())
    parts.append(
        Text(
            "Posts in the establishment at each moment, filled or not; (+N added): posts added "
            "in that year. A restructured team's posts are the new team's from the end of its "
            "year.",
            style="dim",
        )
    )
    return Group(*parts)
