"""Pair the lines of two scenarios, closest likeness first: which were kept, removed or added.

Lines are matched within the same kind (baseline or growth) and team, in passes that each
pair lines in file order, closest likeness first: identical lines; then lines that differ only
in posts; then the same band, point, FTE and year (timing changed too); the same band and
year; the same band (moved to another year); the same year (band changed). A line left over
that is identical to another but for its team is a team move. Anything still unpaired was
added or removed.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Callable, Sequence
from typing import Literal

from pi_growth.models import GrowthLine, Line, Scenario

LineKind = Literal["baseline", "growth"]
LINE_KINDS: tuple[LineKind, ...] = ("baseline", "growth")
LinePair = tuple[LineKind, int, int]  # kind, base index, head index
LineRef = tuple[LineKind, int]


def lines_of(scenario: Scenario, kind: LineKind) -> Sequence[Line]:
    """The scenario's baseline or growth lines."""
    return scenario.baseline if kind == "baseline" else scenario.growth


def _year_of(line: Line) -> int | None:
    return line.year if isinstance(line, GrowthLine) else None


def _timing(line: Line) -> tuple[int | None, int | None]:
    return (line.start, line.end) if isinstance(line, GrowthLine) else (None, None)


def _identical(line: Line) -> object:
    return line


def _only_posts_differ(line: Line) -> object:
    return (line.team, line.band, _year_of(line), line.point, line.fte, *_timing(line))


def _same_post(line: Line) -> object:
    # The same kind of post (band, point, FTE) added in the same year: posts or timing moved.
    return (line.team, line.band, _year_of(line), line.point, line.fte)


def _band_and_year(line: Line) -> object:
    return (line.team, line.band, _year_of(line))


def _band(line: Line) -> object:
    return (line.team, line.band)


def _year(line: Line) -> object:
    return (line.team, _year_of(line))


def _all_but_team(line: Line) -> object:
    return line.model_copy(update={"team": ""})


# Each pass pairs lines with equal keys, in file order, from the closest likeness to the
# loosest, so that an edited line is paired with itself rather than with a similar neighbour
# (extracts hold many similar rows). Every key but the last includes the team, so only the
# last pass (team moves) pairs lines across teams.
_PASSES: tuple[Callable[[Line], object], ...] = (
    _identical,
    _only_posts_differ,
    _same_post,
    _band_and_year,
    _band,
    _year,
    _all_but_team,
)


def match_lines(
    base: Scenario, head: Scenario
) -> tuple[list[LinePair], list[LineRef], list[LineRef]]:
    """Pair BASE's lines with HEAD's (see the module docstring); the rest are removed or added.

    Returns the pairs, BASE's unpaired lines (removed) and HEAD's (added), in file order.
    Each pass buckets HEAD's unpaired lines by key, so matching is linear in the lines.
    """
    pairs: list[LinePair] = []
    removed: list[LineRef] = []
    added: list[LineRef] = []
    for kind in LINE_KINDS:
        old, new = lines_of(base, kind), lines_of(head, kind)
        paired_old: dict[int, int] = {}
        paired_new: set[int] = set()
        for key in _PASSES:
            waiting: dict[object, deque[int]] = defaultdict(deque)
            for j, candidate in enumerate(new):
                if j not in paired_new:
                    waiting[key(candidate)].append(j)
            for i, line in enumerate(old):
                if i in paired_old:
                    continue
                queue = waiting.get(key(line))
                if queue:
                    j = queue.popleft()
                    paired_old[i] = j
                    paired_new.add(j)
        pairs += [(kind, i, j) for i, j in sorted(paired_old.items())]
        removed += [(kind, i) for i in range(len(old)) if i not in paired_old]
        added += [(kind, j) for j in range(len(new)) if j not in paired_new]
    return pairs, removed, added
