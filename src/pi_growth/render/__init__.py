"""One renderer per output format, all over the same result; the format enum is the dispatch.

Renderer modules are imported only when their format is asked for, so the command line does
not pay for rich, XlsxWriter or matplotlib unless it uses them. `diff` has its formats in
`render.diff_formats`, loaded the same way and given the same options.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pi_growth.cost.engine import CostResult
    from pi_growth.cost.reckoner import Reckoner


class CostFormat(StrEnum):
    """Formats of `pi-growth cost`."""

    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"
    xlsx = "xlsx"


class CostTable(StrEnum):
    """The tables of the result grid (`render.grid`): the choices of `--table`."""

    summary = "summary"
    budgets = "budgets"
    approvals = "approvals"
    bands = "bands"
    teams = "teams"
    monthly = "monthly"
    assumptions = "assumptions"
    reckoner = "reckoner"


class RatesFormat(StrEnum):
    """Formats of `pi-growth rates`: the grid's reckoner table, for people and machines."""

    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


class Units(StrEnum):
    """How people's formats show money: £1,234,567, £1,234.6k or £1.23m."""

    pounds = "pounds"
    thousands = "thousands"
    millions = "millions"


@dataclass(frozen=True)
class Report:
    """A costed scenario with where its inputs came from: what every cost renderer takes."""

    result: CostResult
    scenario_file: str
    rates_file: str


@dataclass(frozen=True)
class RenderOptions:
    """Choices that shape a rendering but never change a figure (for `cost`, `diff` and
    `rates`; a format uses those that apply to it)."""

    width: int = 100  # terminal tables
    color: bool = False  # terminal tables
    table: str | None = None  # one table of the grid; None: the format's whole report
    units: str = "pounds"  # people's money in Markdown


@dataclass(frozen=True)
class RatesReport:
    """A ready reckoner with the rate table it was priced from: what rates renderers take."""

    reckoner: Reckoner
    rates_file: str


Renderer = Callable[[Report, RenderOptions], "str | bytes"]
RatesRenderer = Callable[[RatesReport, RenderOptions], str]

# The dispatch table: every advertised format names the function that renders it.
COST_RENDERERS: dict[CostFormat, str] = {
    CostFormat.table: "pi_growth.render.console:render_cost",
    CostFormat.json: "pi_growth.render.json_format:render_cost",
    CostFormat.csv: "pi_growth.render.csv_format:render_cost",
    CostFormat.markdown: "pi_growth.render.markdown:render_cost",
    CostFormat.xlsx: "pi_growth.render.xlsx:render_cost",
}

RATES_RENDERERS: dict[RatesFormat, str] = {
    RatesFormat.table: "pi_growth.render.reckoner:render_table",
    RatesFormat.json: "pi_growth.render.reckoner:render_json",
    RatesFormat.csv: "pi_growth.render.reckoner:render_csv",
    RatesFormat.markdown: "pi_growth.render.reckoner:render_markdown",
}

# Formats whose output is bytes: they need --output, never a terminal.
BINARY_FORMATS: frozenset[str] = frozenset({CostFormat.xlsx})
# Formats that render one chosen table (--table), and those that show money in --units.
TABLE_FORMATS: frozenset[str] = frozenset({CostFormat.csv, CostFormat.markdown})
UNITS_FORMATS: frozenset[str] = frozenset({CostFormat.markdown, CostFormat.table})


class RenderError(RuntimeError):
    """A result that a format cannot hold; the message says what to do instead."""


class MissingExtraError(RenderError):
    """A format needs a package that is not installed; the message says how to install it."""


def needs_monthly(fmt: CostFormat, table: str | None) -> bool:
    """Whether rendering needs the engine's monthly detail (it costs extra, so only then)."""
    return fmt == CostFormat.xlsx or table == CostTable.monthly


def load_renderer(spec: str) -> Callable[..., Any]:
    """The function a dispatch table names as "module:function", imported on first use."""
    module_name, _, function = spec.partition(":")
    renderer: Callable[..., Any] = getattr(importlib.import_module(module_name), function)
    return renderer


def cost_renderer(fmt: CostFormat) -> Renderer:
    """The function that renders `fmt` for `cost`."""
    renderer: Renderer = load_renderer(COST_RENDERERS[fmt])
    return renderer


def rates_renderer(fmt: RatesFormat) -> RatesRenderer:
    """The function that renders `fmt` for `rates`."""
    renderer: RatesRenderer = load_renderer(RATES_RENDERERS[fmt])
    return renderer
