"""The formats of `pi-growth org` and their renderers; the enum is the dispatch table.

Kept light (no pydantic or rich imports), as `diff_formats` is, so the command line can name
the formats without paying for them.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import TYPE_CHECKING

from pi_growth.render import RenderOptions, load_renderer

if TYPE_CHECKING:
    from pi_growth.cost.organisation import Organisation


class OrgFormat(StrEnum):
    """Formats of `pi-growth org`."""

    table = "table"  # a tree for the terminal
    markdown = "markdown"
    json = "json"
    mermaid = "mermaid"


OrgRenderer = Callable[["Organisation", RenderOptions], str]

ORG_RENDERERS: dict[OrgFormat, str] = {
    OrgFormat.table: "pi_growth.render.org_console:render_org",
    OrgFormat.markdown: "pi_growth.render.org_markdown:render_org",
    OrgFormat.json: "pi_growth.render.org_json:render_org",
    OrgFormat.mermaid: "pi_growth.render.org_mermaid:render_org",
}


def org_renderer(fmt: OrgFormat) -> OrgRenderer:
    """The function that renders `fmt` for `org`."""
    renderer: OrgRenderer = load_renderer(ORG_RENDERERS[fmt])
    return renderer
