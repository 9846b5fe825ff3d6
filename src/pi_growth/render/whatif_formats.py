"""The formats of the what-if commands and the functions that render them (dispatch tables)."""

from __future__ import annotations

from enum import StrEnum


class WhatIfFormat(StrEnum):
    """Output formats of `simulate`, `solve` and `sensitivity` (charts come from -o's suffix)."""

    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


CHART_SUFFIXES = (".png", ".svg")

SIMULATE_RENDERERS: dict[WhatIfFormat, str] = {
    WhatIfFormat.table: "pi_growth.render.simulate_formats:render_table",
    WhatIfFormat.json: "pi_growth.render.simulate_formats:render_json",
    WhatIfFormat.csv: "pi_growth.render.simulate_formats:render_csv",
    WhatIfFormat.markdown: "pi_growth.render.simulate_formats:render_markdown",
}
SOLVE_RENDERERS: dict[WhatIfFormat, str] = {
    WhatIfFormat.table: "pi_growth.render.solve_formats:render_table",
    WhatIfFormat.json: "pi_growth.render.solve_formats:render_json",
    WhatIfFormat.csv: "pi_growth.render.solve_formats:render_csv",
    WhatIfFormat.markdown: "pi_growth.render.solve_formats:render_markdown",
}
SENSITIVITY_RENDERERS: dict[WhatIfFormat, str] = {
    WhatIfFormat.table: "pi_growth.render.sensitivity_formats:render_table",
    WhatIfFormat.json: "pi_growth.render.sensitivity_formats:render_json",
    WhatIfFormat.csv: "pi_growth.render.sensitivity_formats:render_csv",
    WhatIfFormat.markdown: "pi_growth.render.sensitivity_formats:render_markdown",
}
