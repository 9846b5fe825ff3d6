"""What every terminal format shares: a report table's look, and rich rendered to text."""

from __future__ import annotations

import io

from rich import box
from rich.console import Console, RenderableType
from rich.table import Table

from pi_growth.render import RenderOptions


def render_to_text(renderable: RenderableType, options: RenderOptions) -> str:
    """Render with rich into a string, at the given width, with or without colour."""
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=options.width,
        force_terminal=options.color,
        no_color=not options.color,
        color_system="standard" if options.color else None,
        highlight=False,
        markup=False,  # user text such as a team called "[/]" is text, never rich markup
        emoji=False,
        legacy_windows=False,
    )
    console.print(renderable)
    # rich pads every line to the table's width; trailing blanks only make diffs noisy.
    return "".join(line.rstrip() + "\n" for line in buffer.getvalue().splitlines())


def titled_table(title: str, *, show_header: bool = True) -> Table:
    """A report table: its title on the left, never wrapped inside a narrower table."""
    return Table(
        title=title,
        title_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        show_header=show_header,
        min_width=len(title),
    )
