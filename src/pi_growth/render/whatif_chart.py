"""Charts of what-if for a paper: a fan chart of in-year cost with each envelope and the
spread of each envelope's cost (simulate), and a tornado per budget (sensitivity)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pi_growth.periods import format_financial_year
from pi_growth.render.chart import _DARK, _GREY, _LIGHT, _RED, picture_bytes, styled_figure
from pi_growth.whatif.sensitivity import Tornado
from pi_growth.whatif.simulate import Simulation

MILLION = 1_000_000


def _save(figure: Any, suffix: str) -> bytes:
    return picture_bytes(figure, "png" if suffix == ".png" else "svg")


def _millions(axes: Any) -> None:
    axes.yaxis.set_major_formatter(_formatter(lambda value: f"£{value / MILLION:,.1f}m"))


def _formatter(function: Callable[[float], str]) -> Any:
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(lambda value, _: function(value))


def _histogram(axes: Any, name: str, samples: tuple[float, ...], amount: float) -> None:
    from matplotlib.ticker import MaxNLocator

    if min(samples) == max(samples):  # one value in every run: a bar there, not a sliver
        axes.axvline(samples[0], color=_GREY, linewidth=6, label=f"{name}: every run")
    else:
        axes.hist(samples, bins=40, color=_GREY)
    axes.axvline(amount, color=_RED, linestyle="dashed", label="amount")
    axes.xaxis.set_major_locator(MaxNLocator(4))
    axes.xaxis.set_major_formatter(_formatter(lambda value: f"£{value / MILLION:,.3f}m"))
    axes.set_yticks([])


def render_fan_chart(simulation: Simulation, suffix: str) -> bytes:
    """In-year cost by year (P10-P90 band, P50 line) with each envelope, and a histogram of
    each envelope's cost over the runs against its amount; PNG or SVG bytes, deterministic."""
    budgets = simulation.budgets
    with styled_figure((6 + 4 * max(1, len(budgets)), 4.6)) as figure:
        panels = figure.subplots(1, 1 + len(budgets), squeeze=False)[0]
        fan = panels[0]
        labels = [format_financial_year(year.year) for year in simulation.years]
        positions = list(range(len(labels)))
        low = [float(year.in_year.p10) for year in simulation.years]
        middle = [float(year.in_year.p50) for year in simulation.years]
        high = [float(year.in_year.p90) for year in simulation.years]
        fan.fill_between(positions, low, high, color=_LIGHT, label="In-year cost, P10–P90")
        fan.plot(positions, middle, color=_DARK, marker="o", label="In-year cost, P50")
        for budget, spread in zip(simulation.scenario.budgets, budgets, strict=True):
            ends = [labels.index(format_financial_year(year)) for year in budget.years]
            fan.hlines(
                float(spread.amount),
                min(ends) - 0.3,
                max(ends) + 0.3,
                colors=_RED,
                linestyles="dashed",
                label=f"{spread.name}: £{float(spread.amount) / MILLION:,.2f}m",
            )
        fan.set_xticks(positions, labels)
        fan.set_xlim(-0.5, len(labels) - 0.5)
        fan.set_ylim(bottom=0)
        _millions(fan)
        fan.set_title("In-year cost by year, and each envelope", loc="left")
        fan.legend(loc="upper left", frameon=False, fontsize=8)
        for axes, spread, samples in zip(
            panels[1:], budgets, simulation.budget_samples, strict=True
        ):
            _histogram(axes, spread.name, samples, float(spread.amount))
            share = float(spread.probability_over) * 100
            axes.set_title(
                f"{spread.name}\ncost over {simulation.runs:,} runs: {share:.1f}% over", loc="left"
            )
        figure.suptitle(f"{simulation.scenario.name}: simulated", fontweight="bold", fontsize=11)
        return _save(figure, suffix)


def render_tornado(tornado: Tornado, suffix: str) -> bytes:
    """A tornado per budget: each driver's bar from its cost at low to its cost at high,
    widest at the top, around the cost at the plan's own values, with the amount."""
    count = max(1, len(tornado.budgets))
    rows = max((len(budget.bars) for budget in tornado.budgets), default=1)
    with styled_figure((7 * count, 1.2 + 0.5 * rows)) as figure:
        panels = figure.subplots(1, count, squeeze=False)[0]
        for axes, budget in zip(panels, tornado.budgets, strict=False):
            bars = list(reversed(budget.bars))  # widest at the top
            base = float(budget.cost)
            for position, bar in enumerate(bars):
                low, high = float(bar.cost_low), float(bar.cost_high)
                axes.barh(position, low - base, left=base, color=_LIGHT)
                axes.barh(position, high - base, left=base, color=_DARK)
            axes.set_yticks(range(len(bars)), [bar.driver.label for bar in bars])
            axes.axvline(base, color=_GREY, linewidth=1)
            axes.axvline(float(budget.amount), color=_RED, linestyle="dashed")
            axes.xaxis.set_major_formatter(_formatter(lambda value: f"£{value / MILLION:,.2f}m"))
            axes.set_title(
                f"{budget.name}\nlight: cost at low; dark: at high; dashed: amount", loc="left"
            )
        figure.suptitle(f"{tornado.scenario.name}: sensitivity", fontweight="bold", fontsize=11)
        return _save(figure, suffix)
