"""Terminal tables that fit the width they are given: money is never cut.

A table that is too wide first takes two spaces between columns instead of three, then its
columns' short headings (`FYE` for "Full-year effect"); if it is still too wide, the
columns that do not fit move to a second table (and a third...), each repeating the key
columns (the year, the band) and titled "(continued)".
Names that may wrap (an envelope's, a team's) keep a readable width rather than being
squeezed to a word a line.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal, NamedTuple

from rich import box
from rich.cells import cell_len
from rich.table import Table
from rich.text import Text

Cell = str | Text
# A table's frame: one blank edge each side, and three cells between columns (a blank
# separator and a padding cell each side), as rich draws box.SIMPLE_HEAD without pad_edge;
# two when the padding is collapsed (a tight table).
_EDGES = 2
_BETWEEN = {False: 3, True: 2}


@dataclass(frozen=True)
class FitColumn:
    """One column: its heading (and a shorter one), alignment, and how it may give way."""

    title: str
    short: str | None = None  # a shorter heading, used when the table is too wide
    justify: Literal["left", "right"] = "left"
    key: bool = False  # repeated in every part when the table is split (the year, the name)
    wrap: bool = False  # text that may wrap onto more lines; other columns never wrap
    min_width: int = 12  # a wrapping column is never made narrower than this
    style: str | None = None


class Layout(NamedTuple):
    """How a table is drawn: short headings or not, two spaces between columns or three,
    wrapping columns squeezed to their minimum or as wide as their longest line."""

    short: bool = False
    tight: bool = False
    squeeze: bool = True


# The layouts tried in turn for a table shown whole: nothing given up, then the spacing, then
# the headings, and only then names made to wrap.
_WHOLE = (
    Layout(squeeze=False),
    Layout(tight=True, squeeze=False),
    Layout(short=True, tight=True, squeeze=False),
    Layout(),
    Layout(tight=True),
    Layout(short=True, tight=True),
)
_SPLIT = Layout(short=True, tight=True)
_SQUEEZED = Layout()


def fit_tables(
    title: str,
    columns: Sequence[FitColumn],
    rows: Sequence[Sequence[Cell]],
    width: int,
    *,
    show_header: bool = True,
) -> list[Table]:
    """The rows as one table within `width` if they can be, else as several (see above)."""
    every = list(range(len(columns)))
    for layout in _WHOLE:
        if needed_width(columns, rows, every, layout) <= width:
            return [
                _table(title, columns, rows, every, layout, width=width, show_header=show_header)
            ]
    keys = [index for index in every if columns[index].key]
    parts: list[list[int]] = []
    for index in every:
        if index in keys:
            continue
        if parts and needed_width(columns, rows, [*parts[-1], index], _SPLIT) <= width:
            parts[-1].append(index)
        else:
            parts.append([*keys, index])
    if not parts:
        parts = [keys]
    return [
        _table(
            title if number == 0 else (f"{title} (continued)" if title else "Continued"),
            columns,
            rows,
            part,
            _SPLIT,
            width=width,
            show_header=show_header,
        )
        for number, part in enumerate(parts)
    ]


def needed_width(
    columns: Sequence[FitColumn],
    rows: Sequence[Sequence[Cell]],
    chosen: Iterable[int],
    layout: Layout = _SQUEEZED,
) -> int:
    """The width the chosen columns take in `layout`, frame included: each as wide as its
    widest line (a wrapping column, when squeezed, as narrow as it may get)."""
    widths = [_planned_width(columns[index], rows, index, layout) for index in chosen]
    return sum(widths) + _BETWEEN[layout.tight] * (len(widths) - 1) + _EDGES


def _planned_width(
    column: FitColumn, rows: Sequence[Sequence[Cell]], index: int, layout: Layout
) -> int:
    heading = column.short if layout.short and column.short else column.title
    widest = max([cell_len(heading), *(_widest_line(row[index]) for row in rows)])
    if not column.wrap:
        return widest
    if layout.squeeze:
        return min(widest, max(column.min_width, cell_len(heading)))
    # Unsqueezed, a wrapping cell's first line (the name) stays whole; the lines under it
    # (what an envelope is held against) may wrap.
    first = max([cell_len(heading), *(_first_line(row[index]) for row in rows)])
    return max(first, min(widest, column.min_width))


def _first_line(cell: Cell) -> int:
    text = cell.plain if isinstance(cell, Text) else cell
    return cell_len(text.split("\n", 1)[0])


def _widest_line(cell: Cell) -> int:
    text = cell.plain if isinstance(cell, Text) else cell
    return max((cell_len(line) for line in text.splitlines()), default=0)


def _table(
    title: str,
    columns: Sequence[FitColumn],
    rows: Sequence[Sequence[Cell]],
    chosen: Sequence[int],
    layout: Layout,
    *,
    width: int,
    show_header: bool,
) -> Table:
    table = Table(
        title=title or None,
        title_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        show_header=show_header,
        min_width=min(cell_len(title), width),  # the title on one line when it can be
        collapse_padding=layout.tight,
    )
    for index in chosen:
        column = columns[index]
        table.add_column(
            column.short if layout.short and column.short else column.title,
            justify=column.justify,
            no_wrap=not column.wrap,
            overflow="fold",
            min_width=_planned_width(column, rows, index, layout) if column.wrap else None,
            style=column.style,
        )
    for row in rows:
        table.add_row(*(row[index] for index in chosen))
    return table
