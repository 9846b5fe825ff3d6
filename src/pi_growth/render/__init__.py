"""One renderer per output format, all over the same result; the format enum is the dispatch.

Renderer modules are imported only when their format is asked for, so the command line does
not pay for rich, XlsxWriter or matplotlib unless it uses them.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pi_growth.engine import CostResult


class CostFormat(StrEnum):
    """Formats of `pi-growth cost`."""

    table = "table"
    json = "json"


@dataclass(frozen=True)
class Report:
    """A costed scenario with where its inputs came from: what every cost renderer takes."""

    result: CostResult
    scenario_file: str
    rates_file: str


@dataclass(frozen=True)
class RenderOptions:
    """Choices that shape a rendering but never change a figure."""

    width: int = 100
    color: bool = False
    table: str = "summary"
    units: str = "pounds"


Renderer = Callable[[Report, RenderOptions], "str | bytes"]

# The dispatch table: every advertised format names the function that renders it.
COST_RENDERERS: dict[CostFormat, str] = {
    CostFormat.table: "pi_growth.render.console:render_cost",
    CostFormat.json: "pi_growth.render.json_format:render_cost",
}

BINARY_FORMATS: frozenset[str] = frozenset()


def cost_renderer(fmt: CostFormat) -> Renderer:
    """The function that renders `fmt`, imported on first use."""
    module_name, _, function = COST_RENDERERS[fmt].partition(":")
    renderer: Renderer = getattr(importlib.import_module(module_name), function)
    return renderer
