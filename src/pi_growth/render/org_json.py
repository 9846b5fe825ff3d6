"""`org --format json`: the organisation as data, moment by moment (docs/org.md)."""

from __future__ import annotations

import json
from typing import Any

from pi_growth.cost.organisation import Organisation, Snapshot
from pi_growth.periods import format_financial_year
from pi_growth.render import RenderOptions

FORMAT_VERSION = 1


def render_org(organisation: Organisation, options: RenderOptions) -> str:  # noqa: ARG001
    """The organisation as JSON, keys in a stable order, ending with a newline."""
    return json.dumps(org_document(organisation), indent=2, ensure_ascii=False) + "\n"


def org_document(organisation: Organisation) -> dict[str, Any]:
    """The JSON document as plain data."""
    return {
        "format_version": FORMAT_VERSION,
        "scenario": organisation.name,
        "restructures": [
            {
                "team": change.team,
                "becomes": change.becomes,
                "year": format_financial_year(change.year),
            }
            for change in organisation.restructures
        ],
        "snapshots": [_snapshot(snapshot) for snapshot in organisation.snapshots],
    }


def _snapshot(snapshot: Snapshot) -> dict[str, Any]:
    return {
        "at": "now" if snapshot.year is None else "year_end",
        "year": format_financial_year(snapshot.year) if snapshot.year is not None else None,
        "posts": snapshot.posts,
        "posts_added": snapshot.added,
        "teams": [
            {
                "team": team.team,
                "posts": team.posts,
                "posts_added": team.added,
                "new": team.new,
                "formerly": list(team.formerly),
                "bands": [
                    {"band": band.band, "posts": band.posts, "posts_added": band.added}
                    for band in team.bands
                ],
            }
            for team in snapshot.teams
        ],
    }
