"""The picture an ExCo paper carries: posts and cost by year, each envelope against its cost."""

from __future__ import annotations

import contextlib
import io
import textwrap
from collections.abc import Iterator
from decimal import Decimal
from typing import Any, Literal

from pi_growth.render import MissingExtraError, Report
from pi_growth.render.grid import Table, budgets_table, summary_table
from pi_growth.render.money import pounds
from pi_growth.render.words import MEASURE_WORDS

ChartFormat = Literal["png", "svg"]
INSTALL_HINT = "charts need matplotlib: pip install 'pi-growth[charts]'"

# Colours that survive a black-and-white print: dark and light of one hue, and a warning red.
_DARK, _LIGHT, _GREY, _RED = "#1f4e79", "#9dc3e6", "#a6a6a6", "#c00000"
_MILLION = Decimal(1_000_000)
# The units of the money panels: millions for a plan of a million or more, else thousands
# (a £300k plan in £m reads "£0.55m of £0.30m").
_UNIT_SIZES = {"millions": (_MILLION, "£m"), "thousands": (Decimal(1_000), "£k")}
# Every setting the picture depends on, fixed, so a user's matplotlibrc cannot change it and
# SVG ids do not vary from run to run.
_STYLE = {
    "svg.hashsalt": "pi-growth",
    "svg.fonttype": "path",
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "text.parse_math": False,  # a `$` in a budget name is a dollar sign, not mathematics
    "axes.spines.top": False,
    "axes.spines.right": False,
    "path.simplify": True,
}


@contextlib.contextmanager
def styled_figure(size: tuple[float, float]) -> Iterator[Any]:
    """A matplotlib Figure in the house style, with every setting fixed (the one check that
    the charts extra is installed: every chart is drawn in one of these)."""
    try:
        import matplotlib
        import matplotlib.style
        from matplotlib.figure import Figure
    except ImportError:
        raise MissingExtraError(INSTALL_HINT) from None
    with matplotlib.rc_context():
        matplotlib.style.use("default")
        matplotlib.rcParams.update(_STYLE)  # type: ignore[arg-type]
        yield Figure(figsize=size, dpi=100, layout="constrained")


def picture_bytes(figure: Any, fmt: ChartFormat) -> bytes:
    """A figure as PNG or SVG bytes, without dates or versions: the same figure, same bytes."""
    buffer = io.BytesIO()
    if fmt == "png":
        figure.savefig(buffer, format="png", dpi=150, metadata={"Software": None})
    else:
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": "pi-growth"})
    return buffer.getvalue()


def render_chart(report: Report, fmt: ChartFormat) -> bytes:
    """The three panels as PNG or SVG bytes; the same input gives the same bytes."""
    summary, budgets = summary_table(report), budgets_table(report)
    units = chart_units(summary, budgets)
    with styled_figure((13, 4.6)) as figure:
        posts, costs, envelopes = figure.subplots(1, 3, width_ratios=[1, 1.2, 1.3])
        _posts_panel(posts, summary)
        _cost_panel(costs, summary, units)
        _envelope_panel(envelopes, budgets, units)
        figure.suptitle(report.result.scenario.name, fontweight="bold", fontsize=11)
        return picture_bytes(figure, fmt)


def _years(table: Table) -> list[str]:
    return [str(year) for year in table.column("year")]


def _grouped_bars(
    axes: Any, labels: list[str], series: list[tuple[str, list[float], str]]
) -> list[Any]:
    width = 0.8 / len(series)
    bars = []
    for index, (name, values, colour) in enumerate(series):
        offsets = [
            position + (index - (len(series) - 1) / 2) * width for position in range(len(labels))
        ]
        bars.append(axes.bar(offsets, values, width, label=name, color=colour))
    axes.set_xticks(range(len(labels)), labels)
    axes.set_xlim(-0.75, len(labels) - 0.25)  # one year alone still gets slim bars
    axes.legend(loc="upper left", frameon=False)
    return bars


def _posts_panel(axes: Any, summary: Table) -> None:
    established = [float(value) for value in summary.column("posts")]  # type: ignore[arg-type]
    filled = [float(value) for value in summary.column("posts_filled")]  # type: ignore[arg-type]
    bars = _grouped_bars(
        axes,
        _years(summary),
        [("Established", established, _DARK), ("Filled in March", filled, _LIGHT)],
    )
    for group in bars:
        axes.bar_label(group, fmt="%d", padding=2, fontsize=8)
    axes.set_title("Posts at each year end", loc="left")
    axes.set_ylim(0, max([*established, 1]) * 1.2)


def _decimals(table: Table, key: str) -> list[Decimal]:
    values = [value for value in table.column(key) if isinstance(value, Decimal)]
    assert len(values) == len(table.rows)
    return values


def chart_units(summary: Table, budgets: Table) -> str:
    """`millions` when the largest figure drawn is a million pounds or more, else
    `thousands`: the units every money label of the chart is in."""
    drawn = [
        *_decimals(summary, "in_year_cost"),
        *_decimals(summary, "full_year_effect"),
        *(_decimals(budgets, "amount") if budgets.rows else []),
        *(_decimals(budgets, "cost") if budgets.rows else []),
        *(value for value in budgets.column("outturn_cost") if isinstance(value, Decimal)),
    ]
    return (
        "millions" if max((abs(value) for value in drawn), default=0) >= _MILLION else "thousands"
    )


def _scaled(values: list[Decimal], units: str) -> list[float]:
    size = _UNIT_SIZES[units][0]
    return [float(value / size) for value in values]


def _cost_panel(axes: Any, summary: Table, units: str) -> None:
    in_year_cost, fye_cost = (
        _decimals(summary, "in_year_cost"),
        _decimals(summary, "full_year_effect"),
    )
    in_year, fye = _scaled(in_year_cost, units), _scaled(fye_cost, units)
    bars = _grouped_bars(
        axes, _years(summary), [("In-year cost", in_year, _LIGHT), ("Full-year effect", fye, _DARK)]
    )
    for group, figures in zip(bars, (in_year_cost, fye_cost), strict=True):
        labels = [pounds(figure, units) for figure in figures]
        axes.bar_label(group, labels=labels, padding=2, fontsize=8)
    axes.set_title(f"Cost by year ({_UNIT_SIZES[units][1]})", loc="left")
    axes.set_ylim(0, max([*in_year, *fye, 0.001]) * 1.2)


def envelope_label(cost: Decimal, amount: Decimal, units: str) -> str:
    """The words beside an envelope's bars: its cost of its amount, and the verdict."""
    return f"  {pounds(cost, units)} of {pounds(amount, units)}\n  {_verdict(cost, amount, units)}"


def _verdict(cost: Decimal, amount: Decimal, units: str) -> str:
    return (
        f"OVER by {pounds(cost - amount, units)}"
        if cost > amount
        else f"headroom {pounds(amount - cost, units)}"
    )


def _envelope_panel(axes: Any, budgets: Table, units: str) -> None:
    from matplotlib.patches import Patch

    size, unit_label = _UNIT_SIZES[units]
    axes.set_title(f"Envelopes: cost against amount ({unit_label})", loc="left")
    if not budgets.rows:
        axes.text(
            0.5, 0.5, "No budget envelopes", ha="center", va="center", transform=axes.transAxes
        )
        axes.set_axis_off()
        return
    amounts, costs = _decimals(budgets, "amount"), _decimals(budgets, "cost")
    # An envelope with a price base (SPEC §8) gets both bars: its cost at that base, as it is
    # judged, and its outturn cost, hatched, with the verdict of each.
    outturns = budgets.column("outturn_cost")
    bases = budgets.column("price_base")
    positions = list(range(len(budgets.rows)))[::-1]  # the first envelope at the top
    largest = Decimal(0)
    for position, amount, cost, status, outturn, base in zip(
        positions, amounts, costs, budgets.column("status"), outturns, bases, strict=True
    ):
        over = status == "over"
        colour = _RED if over else _DARK
        if isinstance(outturn, Decimal):
            axes.barh(position + 0.27, float(amount / size), 0.25, color=_GREY)
            axes.barh(position, float(cost / size), 0.25, color=colour)
            axes.barh(
                position - 0.27,
                float(outturn / size),
                0.25,
                color="white",
                edgecolor=_RED if outturn > amount else _DARK,
                hatch="///",
            )
            label = (
                f"  at {base} prices: {pounds(cost, units)}, {_verdict(cost, amount, units)}\n"
                f"  at outturn: {pounds(outturn, units)}, {_verdict(outturn, amount, units)}"
            )
            right = max(amount, cost, outturn)
        else:
            axes.barh(position + 0.18, float(amount / size), 0.34, color=_GREY)
            axes.barh(position - 0.18, float(cost / size), 0.34, color=colour)
            label = envelope_label(cost, amount, units)
            right = max(amount, cost)
        largest = max(largest, right)
        axes.text(
            float(right / size),
            position,
            label,
            va="center",
            fontsize=8,
            color=_RED if over else "black",
            fontweight="bold" if over else "normal",
        )
    axes.set_yticks(positions, _envelope_labels(budgets), fontsize=8)
    both = any(isinstance(outturn, Decimal) for outturn in outturns)
    # Room on the right for the words: two longer lines when an envelope has both bars.
    axes.set_xlim(0, max(float(largest / size), 0.001) * (2.2 if both else 1.6))
    legend = [
        Patch(color=_GREY, label="Amount"),
        Patch(color=_DARK, label="Cost, within"),
        Patch(color=_RED, label="Cost, over"),
    ]
    if both:
        legend.append(Patch(facecolor="white", edgecolor=_DARK, hatch="///", label="Outturn cost"))
    # Below the bars, where no envelope's words can run into it.
    axes.legend(
        handles=legend,
        loc="upper center",
        bbox_to_anchor=(0.5, -0.06),
        ncol=len(legend),
        frameon=False,
        fontsize=8,
    )


def _envelope_labels(budgets: Table) -> list[str]:
    """Each envelope's name (wrapped), its years and what it is held against."""
    labels = []
    for row in budgets.rows:
        name, first, last, measure = (
            str(row[budgets.index(key)]) for key in ("name", "first_year", "last_year", "measure")
        )
        years = first if first == last else f"{first}–{last}"
        labels.append(f"{textwrap.fill(name, 26)}\n{years} · {MEASURE_WORDS[measure]}")
    return labels
