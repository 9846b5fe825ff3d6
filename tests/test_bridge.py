"""The bridge on its own (compare/bridge.py): figures after each driver in, steps that sum to
the change out; and the rate table a mixed state is priced by. tests/test_compare.py works
whole comparisons by hand."""

from __future__ import annotations

from decimal import Decimal

from pi_growth.compare.bridge import DRIVERS, Figures, bridges, supplemented
from tests.engine_cases import rates


def _state(in_year: int, full_year: int, envelope: int) -> Figures:
    return Figures({2024: Decimal(in_year)}, {2024: Decimal(full_year)}, {"Y1": Decimal(envelope)})


def test_each_step_is_the_change_its_driver_made_and_they_sum_to_the_whole() -> None:
    # BASE 100; volume takes it to 130 (+30), mix to 125 (-5), nothing else moves; HEAD 125.
    values = [100, 130, 125] + [125] * (len(DRIVERS) - 2)
    states = [_state(value, 2 * value, value // 5) for value in values]
    in_year, full_year, envelope = bridges(states, [2024], ["Y1"])
    assert (in_year.measure, in_year.year) == ("in_year_cost", 2024)
    assert (in_year.base, in_year.head) == (Decimal(100), Decimal(125))
    changes = {step.driver: step.change for step in in_year.steps if step.change}
    assert changes == {"volume": 30, "mix": -5}
    assert in_year.total == 25 == sum(step.change for step in in_year.steps)
    assert full_year.total == 50  # 250 - 200
    assert envelope.budget == "Y1"
    assert envelope.total == 5  # 25 - 20


def test_an_envelope_on_one_side_only_bridges_from_or_to_nothing() -> None:
    base = Figures({}, {}, {})
    head = Figures({}, {}, {"New": Decimal(40)})
    [bridge] = bridges([base] * len(DRIVERS) + [head], [], ["New"])
    assert (bridge.base, bridge.head) == (Decimal(0), Decimal(40))
    assert bridge.steps[-1].driver == "other"
    assert bridge.steps[-1].change == 40


def test_a_mixed_state_is_priced_by_base_with_what_only_head_can_price() -> None:
    base = rates(bands={"S": {"salary": 12000}, "P": {"points": [12000, 24000]}})
    head = rates(bands={"S": {"salary": 99999}, "P": {"points": [1, 2, 36000]}, "N": {"salary": 1}})
    table = supplemented(base, head)
    assert table.bands["S"].salary == 12000  # base prices S itself: unchanged
    points = table.bands["P"].points
    assert points == [Decimal(12000), Decimal(24000), Decimal(36000)]  # base's, then head's third
    assert table.bands["N"].salary == 1  # a band only head has
