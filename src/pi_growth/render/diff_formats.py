"""The formats of `pi-growth diff` and their renderers; the enum is the dispatch table.

Kept light (no pydantic, rich or engine imports) so the command line can name the formats
without paying for them.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pi_growth.compare import ScenarioDiff


class DiffFormat(StrEnum):
    """Formats of `pi-growth diff`."""

    table = "table"
    json = "json"
    markdown = "markdown"


@dataclass(frozen=True)
class DiffRenderOptions:
    """Choices that shape a rendering but never change a figure."""

    width: int = 100
    color: bool = False


DiffRenderer = Callable[["ScenarioDiff", DiffRenderOptions], str]

DIFF_RENDERERS: dict[DiffFormat, str] = {
    DiffFormat.table: "pi_growth.render.diff_console:render_diff",
    DiffFormat.json: "pi_growth.render.diff_json:render_diff",
    DiffFormat.markdown: "pi_growth.render.diff_markdown:render_diff",
}


def diff_renderer(fmt: DiffFormat) -> DiffRenderer:
    """The function that renders `fmt`, imported on first use."""
    module_name, _, function = DIFF_RENDERERS[fmt].partition(":")
    renderer: DiffRenderer = getattr(importlib.import_module(module_name), function)
    return renderer
