"""The formats of `pi-growth diff` and their renderers; the enum is the dispatch table.

Kept light (no pydantic, rich or engine imports) so the command line can name the formats
without paying for them.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import TYPE_CHECKING

from pi_growth.render import RenderOptions, load_renderer

if TYPE_CHECKING:
    from pi_growth.compare.diff import ScenarioDiff


class DiffFormat(StrEnum):
    """Formats of `pi-growth diff`."""

    table = "table"
    json = "json"
    markdown = "markdown"


DiffRenderer = Callable[["ScenarioDiff", RenderOptions], str]

DIFF_RENDERERS: dict[DiffFormat, str] = {
    DiffFormat.table: "pi_growth.render.diff_console:render_diff",
    DiffFormat.json: "pi_growth.render.diff_json:render_diff",
    DiffFormat.markdown: "pi_growth.render.diff_markdown:render_diff",
}


def diff_renderer(fmt: DiffFormat) -> DiffRenderer:
    """The function that renders `fmt` for `diff`."""
    renderer: DiffRenderer = load_renderer(DIFF_RENDERERS[fmt])
    return renderer
