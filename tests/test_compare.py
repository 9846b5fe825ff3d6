"""`compare`: input changes, line matching, and the bridge, worked by hand on one-driver pairs.

Every pair in tests/data/diff changes one driver of base.yaml (see the comment at the top of
each file). Band X costs £3,000 a post-month and Y £4,000 (annual_cost 36,000 and 48,000),
so each change below is worked by hand; the bridge must put all of it in the one driver.
"""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from pi_growth.compare.diff import (
    DRIVERS,
    Bridge,
    ScenarioDiff,
    Side,
    compare,
    match_lines,
    supplemented,
)
from pi_growth.cost.engine import cost_scenario
from pi_growth.load.loader import load_rate_table, load_scenario

DATA = Path(__file__).resolve().parent / "data" / "diff"

Key = tuple[str, int | str]  # (measure, year) or ("budget", name)


def side(name: str) -> Side:
    """A scenario of the test data as one side of a comparison."""
    loaded = load_scenario(DATA / name)
    return Side(loaded.scenario, loaded.rates, name, loaded.rates_file)


def against_base(name: str) -> ScenarioDiff:
    """base.yaml compared with `name`."""
    return compare(side("base.yaml"), side(name))


def moved(bridge: Bridge) -> dict[str, Decimal]:
    """The steps that changed the figure, by driver."""
    return {step.driver: step.change for step in bridge.steps if step.change}


def key(bridge: Bridge) -> Key:
    """What a bridge explains, as the cases below name it."""
    if bridge.budget is not None:
        return ("budget", bridge.budget)
    assert bridge.year is not None
    return (bridge.measure, bridge.year)


IN_YEAR_1, FYE_1 = ("in_year_cost", 2024), ("full_year_effect", 2024)
IN_YEAR_2, FYE_2 = ("in_year_cost", 2025), ("full_year_effect", 2025)
YEAR_1, YEAR_2 = ("budget", "Year 1"), ("budget", "Year 2")

# For each pair: every bridge that moves, with its steps worked by hand. Bridges not listed
# must not move at all.
CASES: dict[str, dict[Key, dict[str, int]]] = {
    # New Y line 2 -> 3 posts, from July 2025: +1 x 9 x 4,000 in-year; +1 x 48,000 FYE.
    "volume.yaml": {
        IN_YEAR_2: {"volume": 36_000},
        FYE_2: {"volume": 48_000},
        YEAR_2: {"volume": 48_000},
    },
    # An X post added from January 2026: 3 x 3,000 in-year; 36,000 FYE.
    "volume-added.yaml": {
        IN_YEAR_2: {"volume": 9_000},
        FYE_2: {"volume": 36_000},
        YEAR_2: {"volume": 36_000},
    },
    # The 2024/25 X post (from October 2024) removed: -6 x 3,000 then -12 x 3,000 in-year.
    "volume-removed.yaml": {
        IN_YEAR_1: {"volume": -18_000},
        FYE_1: {"volume": -36_000},
        IN_YEAR_2: {"volume": -36_000},
        FYE_2: {"volume": -36_000},
        YEAR_1: {"volume": -36_000},
    },
    # New line Y -> X: 2 posts x (3,000 - 4,000) x 9 months; x 12 for the FYE.
    "mix.yaml": {
        IN_YEAR_2: {"mix": -18_000},
        FYE_2: {"mix": -24_000},
        YEAR_2: {"mix": -24_000},
    },
    # New line Y -> Z (6,400 a month, priced by the other table): 2 x (6,400 - 4,000) x 9;
    # x 12 for the FYE. The table change itself moves nothing: Z is priced the same in the
    # mix step (base table supplemented with Z) as in HEAD.
    "mix-new-band.yaml": {
        IN_YEAR_2: {"mix": 43_200},
        FYE_2: {"mix": 57_600},
        YEAR_2: {"mix": 57_600},
    },
    # New line from October, not July: 2 x 3 months x 4,000 fewer.
    "timing.yaml": {IN_YEAR_2: {"timing": -24_000}},
    # The 2024/25 X post moves to 2025/26 from October 2025: 6 months fewer in each year.
    "timing-year.yaml": {
        IN_YEAR_1: {"timing": -18_000},
        FYE_1: {"timing": -36_000},
        IN_YEAR_2: {"timing": -18_000},
        YEAR_1: {"timing": -36_000},
        YEAR_2: {"timing": 36_000},
    },
    # 10% from April 2025: 10% of 2025/26's 180,000 in-year and 204,000 FYE; of Year 2's 96,000.
    "pay.yaml": {
        IN_YEAR_2: {"pay_and_rates": 18_000},
        FYE_2: {"pay_and_rates": 20_400},
        YEAR_2: {"pay_and_rates": 9_600},
    },
    # X up 100 a month: 30 X post-months in 2024/25, 36 in 2025/26; 3 X posts at each end.
    "rate-table.yaml": {
        IN_YEAR_1: {"pay_and_rates": 3_000},
        FYE_1: {"pay_and_rates": 3_600},
        IN_YEAR_2: {"pay_and_rates": 3_600},
        FYE_2: {"pay_and_rates": 3_600},
        YEAR_1: {"pay_and_rates": 1_200},
    },
    # 10% vacancy: in-year only (90,000 and 180,000); the FYE counts every post filled.
    "vacancy.yaml": {
        IN_YEAR_1: {"other_assumptions": -9_000},
        IN_YEAR_2: {"other_assumptions": -18_000},
    },
    # Fill lag 3 -> 6 months: the New line fills in October, not July (as timing.yaml).
    "lag.yaml": {IN_YEAR_2: {"other_assumptions": -24_000}},
    "team.yaml": {},
    "budget-amount.yaml": {},
    # Year 2 held against in-year cost: 2 x 9 x 4,000 = 72,000, not the FYE of 96,000.
    "budget-measure.yaml": {YEAR_2: {"other": -24_000}},
    # 2025/26, step by step from base (in-year 180,000; FYE 204,000; Year 2 96,000):
    #   volume  Y x3 from July:  in-year +36,000 = 216,000; FYE +48,000 = 252,000; Year 2 144,000
    #   mix     X x3:  in-year -3 x 9 x 1,000 = -27,000 (189,000); FYE -36,000 (216,000);
    #                  Year 2 108,000 (-36,000)
    #   timing  from October: -3 x 3 x 3,000 = -27,000 (162,000); FYE unchanged
    #   pay     +10%: +16,200 (178,200); FYE +21,600 (237,600); Year 2 +10,800 (118,800)
    #   vacancy 10%: -17,820 (160,380); 2024/25 in-year -9,000
    "several.yaml": {
        IN_YEAR_1: {"other_assumptions": -9_000},
        IN_YEAR_2: {
            "volume": 36_000,
            "mix": -27_000,
            "timing": -27_000,
            "pay_and_rates": 16_200,
            "other_assumptions": -17_820,
        },
        FYE_2: {"volume": 48_000, "mix": -36_000, "pay_and_rates": 21_600},
        YEAR_2: {"volume": 48_000, "mix": -36_000, "pay_and_rates": 10_800},
    },
}


@pytest.mark.parametrize("pair", sorted(CASES))
def test_each_driver_isolated(pair: str) -> None:
    """The bridge puts each pair's change in its driver, exactly as worked by hand."""
    diff = against_base(pair)
    assert diff.attributed
    found = {key(bridge): moved(bridge) for bridge in diff.bridges if moved(bridge)}
    expected = {
        where: {driver: Decimal(amount) for driver, amount in steps.items()}
        for where, steps in CASES[pair].items()
    }
    assert found == expected


def costed_figures(name: str) -> dict[Key, Decimal]:
    """A scenario's exact figures by (measure, year) and ("budget", name), costed on its own."""
    loaded = load_scenario(DATA / name)
    result = cost_scenario(loaded.scenario, loaded.rates)
    figures: dict[Key, Decimal] = {}
    for year in result.years:
        figures["in_year_cost", year.year] = year.in_year.total
        figures["full_year_effect", year.year] = year.full_year_effect.total
    for budget in result.budgets:
        figures["budget", budget.name] = budget.cost
    return figures


@pytest.mark.parametrize("pair", sorted(CASES))
def test_bridges_run_between_the_figures_each_side_costs_to(pair: str) -> None:
    """Every year's two measures and every envelope on both sides has a bridge; it starts at
    BASE's exact figure and ends at HEAD's, as each costs on its own (a year on one side only
    counts as nought on the other), and its steps, one per driver, sum to that change."""
    base, head = costed_figures("base.yaml"), costed_figures(pair)
    budgets_on_both = {key for key in base.keys() & head.keys() if key[0] == "budget"}
    expected = {key for key in base.keys() | head.keys() if key[0] != "budget"} | budgets_on_both
    bridges = {key(bridge): bridge for bridge in against_base(pair).bridges}
    assert set(bridges) == expected
    for where, bridge in bridges.items():
        before, after = base.get(where, Decimal(0)), head.get(where, Decimal(0))
        assert (bridge.base, bridge.head) == (before, after), where
        assert [step.driver for step in bridge.steps] == list(DRIVERS)
        assert sum((step.change for step in bridge.steps), Decimal(0)) == after - before, where


def test_identical_files_have_no_changes() -> None:
    """A scenario compared with itself: no input change, no cost change, no step moves."""
    diff = against_base("base.yaml")
    assert diff.inputs.empty
    assert not diff.cost_changed
    assert all(not moved(bridge) for bridge in diff.bridges)


def test_figures_on_each_side_by_hand() -> None:
    """The year and envelope figures of base.yaml and volume.yaml, worked by hand."""
    diff = against_base("volume.yaml")
    base_2025, head_2025 = diff.years[1].base, diff.years[1].head
    assert base_2025 is not None
    assert head_2025 is not None
    assert (base_2025.posts, base_2025.in_year.total, base_2025.full_year_effect.total) == (
        5,
        Decimal(180_000),  # 72,000 + 36,000 + 2 x 9 x 4,000
        Decimal(204_000),  # 72,000 + 36,000 + 2 x 48,000
    )
    assert (head_2025.posts, head_2025.in_year.total) == (6, Decimal(216_000))
    year_2 = diff.budgets[1]
    assert year_2.base is not None
    assert year_2.head is not None
    # 96,000 within 100,000 becomes 144,000: OVER by 44,000.
    assert (year_2.base.status, year_2.head.status, year_2.head.variance) == (
        "within",
        "over",
        Decimal(-44_000),
    )


def test_line_changes_are_described() -> None:
    """Lines added, removed and changed are reported with the fields that differ."""
    added = against_base("volume-added.yaml").inputs.lines
    assert [(change.change, change.head_index) for change in added] == [("added", 2)]
    removed = against_base("volume-removed.yaml").inputs.lines
    assert [(change.change, change.base_index) for change in removed] == [("removed", 0)]
    moved_year = against_base("timing-year.yaml").inputs.lines
    assert [(change.change, [f.field for f in change.fields]) for change in moved_year] == [
        ("changed", ["year", "start"])
    ]
    several = against_base("several.yaml").inputs
    assert [f.field for f in several.lines[0].fields] == ["band", "posts", "start"]
    assert [(f.field, f.base, f.head) for f in several.assumptions] == [
        ("pay_awards.2025/26", None, Decimal("0.1")),
        ("vacancy_factor", Decimal(0), Decimal("0.1")),
    ]


def test_team_rename_costs_nothing() -> None:
    """A team renamed is a changed line (its team), and moves no figure."""
    diff = against_base("team.yaml")
    assert [
        (c.change, [(f.field, f.base, f.head) for f in c.fields]) for c in diff.inputs.lines
    ] == [("changed", [("team", "New", "Insight")])]
    assert not diff.cost_changed


def test_envelope_amount_change_is_a_cost_change_without_a_bridge() -> None:
    """Cutting an envelope moves its headroom and status, not its cost: no bridge step moves."""
    diff = against_base("budget-amount.yaml")
    assert diff.cost_changed
    assert [
        (c.name, [(f.field, f.base, f.head) for f in c.fields]) for c in diff.inputs.budgets
    ] == [("Year 2", [("amount", Decimal(100_000), Decimal(90_000))])]
    assert all(not moved(bridge) for bridge in diff.bridges)


def test_rate_table_changes_by_band_and_field() -> None:
    """Rate-table changes are listed per band and field; a new band and new on-costs too."""
    changes = against_base("rate-table.yaml").inputs.rates
    assert [(c.band, c.change.field, c.change.base, c.change.head) for c in changes] == [
        ("X", "annual_cost", Decimal(36_000), Decimal(37_200))
    ]
    new_band = against_base("mix-new-band.yaml").inputs
    assert [(c.band, c.change.field, c.change.base) for c in new_band.rates][:1] == [
        ("Z", "band", None)
    ]
    assert {c.change.field for c in new_band.rates if c.band is None} == {
        "on_costs.pension_rate.always[0].rate",
        "on_costs.employer_ni.2024/25.rate",
        "on_costs.employer_ni.2024/25.threshold",
        "on_costs.apprenticeship_levy_rate",
        "on_costs.salary_sacrifice_rate",
    }
    assert [(c.field, c.base, c.head) for c in new_band.scenario] == [
        ("rates", "rates.yaml", "rates-with-z.yaml")
    ]


def test_matching_ignores_order_and_pairs_in_file_order() -> None:
    """Reordered lines match as unchanged; identical lines pair in file order."""
    base = side("base.yaml").scenario
    reordered = base.model_copy(update={"growth": list(reversed(base.growth))})
    pairs, removed, added = match_lines(base, reordered)
    assert (pairs, removed, added) == (
        [("baseline", 0, 0), ("growth", 0, 1), ("growth", 1, 0)],
        [],
        [],
    )
    doubled = base.model_copy(update={"growth": [base.growth[0], *base.growth]})
    pairs, removed, added = match_lines(base, doubled)
    assert (removed, added) == ([], [("growth", 1)])


def test_supplemented_table_prices_what_only_the_other_has() -> None:
    """A table supplemented with another gains its missing bands and on-costs, nothing more."""
    base = load_rate_table(DATA / "rates.yaml")
    with_z = load_rate_table(DATA / "rates-with-z.yaml")
    merged = supplemented(base, with_z)
    assert list(merged.bands) == ["X", "Y", "Z"]
    assert merged.bands["X"] == base.bands["X"]
    assert merged.on_costs == with_z.on_costs
    assert supplemented(with_z, base) == with_z


def test_compare_is_pure() -> None:
    """compare imports no YAML, terminal or command-line library."""
    code = (
        "import sys, pi_growth.compare.diff; "
        "print(sorted(m for m in ('yaml', 'rich', 'typer') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_an_edited_line_pairs_with_itself() -> None:
    """With two similar lines, removing one and editing the other is a removal and an edit,
    not a band-mate's point change (closest likeness is paired first)."""
    base = side("base.yaml").scenario
    first = base.baseline[0].model_copy(update={"fte": Decimal("0.5"), "posts": 1})
    second = base.baseline[0].model_copy(update={"posts": 2})
    old = base.model_copy(update={"baseline": [first, second]})
    new = base.model_copy(update={"baseline": [second.model_copy(update={"posts": 3})]})
    pairs, removed, added = match_lines(old, new)
    assert (pairs[0], removed, added) == (("baseline", 1, 0), [("baseline", 0)], [])
