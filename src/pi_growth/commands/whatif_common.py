"""What the what-if commands share: the format from -o, a progress bar, a clean Ctrl-C."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from pi_growth.commands import output_format
from pi_growth.render.whatif_formats import CHART_SUFFIXES, WhatIfFormat

EXIT_INTERRUPTED = 130  # 128 + SIGINT, what shells report for Ctrl-C


def chosen_format(fmt: WhatIfFormat | None, output: Path | None) -> WhatIfFormat | str | None:
    """The format asked for; else "chart" for -o FILE.png|.svg, else the one -o's extension
    names (output_format's rule, shared with every command), else the terminal table. None,
    after saying why on stderr, when --format contradicts the file's name (the caller exits 2)."""
    if output is not None and output.suffix.lower() in CHART_SUFFIXES:
        if fmt is None:
            return "chart"
        print(
            f"error: --format {fmt.value} does not match {output.suffix.lower()}, a chart: "
            "leave --format out for the chart, or write to a .json, .csv, .md or .txt file",
            file=sys.stderr,
        )
        return None
    return output_format.chosen_format(fmt, output, WhatIfFormat, WhatIfFormat.table)


@contextmanager
def progress_bar(description: str, total: int) -> Iterator[Callable[[int], None] | None]:
    """A rich progress bar on stderr (runs done, time left) when stderr is a terminal; no
    bar at all in piped or CI output, where it would only be noise."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("time left"),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as progress:
        task = progress.add_task(description, total=total)
        yield lambda done: progress.update(task, completed=done)


def interrupted() -> int:
    """Say that the user stopped the run (nothing was written); the exit code for it."""
    print("interrupted: nothing was written", file=sys.stderr)
    return EXIT_INTERRUPTED
