"""`org --format mermaid`: the organisation as a Mermaid flowchart (GitHub comments and many
paper tools render it): a box per moment, a node per team, arrows from each team to what it
is at the next year end, restructures labelled.

Every piece of user text (team, band and scenario names) is written through `label`, which
keeps letters, digits and a few harmless marks and writes anything else as a Mermaid entity
code (`#35;`): no quote can end a label, no `<` start HTML, no backtick end a fenced block,
no `%%` reach the diagram's own syntax. Node ids are ours (s1t2), never user text.
"""

from __future__ import annotations

from pi_growth.cost.organisation import Organisation
from pi_growth.render import RenderOptions
from pi_growth.render.org_words import band_text, moment, posts_text, team_note

# Characters that are plain text inside a quoted Mermaid label; everything else is encoded.
_SAFE = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,:-()/+'")


def label(value: str) -> str:
    """User text as the inside of a quoted Mermaid label: inert, one line."""
    return "".join(
        character if character in _SAFE else f"#{ord(character)};"
        for character in " ".join(value.split())
    )


def render_org(organisation: Organisation, options: RenderOptions) -> str:  # noqa: ARG001
    """The flowchart's source, ending with a newline."""
    lines = ["flowchart LR"]
    ids: list[dict[str, str]] = []
    added: list[str] = []
    for index, snapshot in enumerate(organisation.snapshots):
        title = label(
            f"{moment(snapshot, organisation)}: {posts_text(snapshot.posts, snapshot.added)}"
        )
        lines.append(f'  subgraph s{index}["{title}"]')
        lines.append("    direction TB")
        named: dict[str, str] = {}
        for position, team in enumerate(snapshot.teams):
            node = f"s{index}t{position}"
            named[team.team] = node
            rows = [f"<b>{label(team.team)}</b>", label(posts_text(team.posts, team.added))]
            note = team_note(team, snapshot)
            if note:
                rows.append(f"<i>{label(note)}</i>")
            rows += [label(band_text(band)) for band in team.bands]
            lines.append(f'    {node}["{"<br/>".join(rows)}"]')
            if team.added:
                added.append(node)
        lines.append("  end")
        ids.append(named)
    for index in range(1, len(organisation.snapshots)):
        before, now = ids[index - 1], ids[index]
        for team in organisation.snapshots[index].teams:
            if team.team in before:
                lines.append(f"  {before[team.team]} --> {now[team.team]}")
            for old in team.formerly:
                if old in before:
                    lines.append(f'  {before[old]} -- "restructured" --> {now[team.team]}')
    lines.append("  classDef added stroke:#2e7d32,stroke-width:2px")
    if added:
        lines.append(f"  class {','.join(added)} added")
    return "\n".join(lines) + "\n"
