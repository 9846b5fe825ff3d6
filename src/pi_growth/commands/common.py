"""What every command does the same way: report problems, write output, pick a width."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterable
from pathlib import Path

from pi_growth.problems import Problem

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_BAD_INPUT = 2


def report_problems(problems: Iterable[Problem]) -> int:
    """Print each problem on stderr as FILE:LINE:COLUMN: message; the bad-input exit code."""
    for problem in problems:
        print(problem, file=sys.stderr)
    return EXIT_BAD_INPUT


def report_warnings(warnings: Iterable[Problem]) -> None:
    """Print each warning on stderr as FILE:LINE:COLUMN: warning: ... (the exit code stands)."""
    for warning in warnings:
        print(warning, file=sys.stderr)


def emit(content: str | bytes | Iterable[str], output: Path | None) -> int:
    """Write to `output` atomically, or to stdout (no `output`, or `-o -`); a write failure is
    reported, not raised. Text may come in chunks, written as they are made (a long table is
    never held whole). Binary content goes to stdout only when asked for with `-o -`."""
    from pi_growth.output import is_stdout

    if output is None or is_stdout(output):
        if isinstance(content, bytes):
            if output is None:
                print("error: this format is binary; give --output FILE", file=sys.stderr)
                return EXIT_BAD_INPUT
            sys.stdout.buffer.write(content)
        else:
            for chunk in (content,) if isinstance(content, str) else content:
                sys.stdout.write(chunk)
        sys.stdout.flush()
        return EXIT_OK
    from pi_growth.output import write_atomically

    try:
        write_atomically(output, content)
    except OSError as error:
        from pi_growth.text_safety import shown_file_name

        shown = shown_file_name(str(output))
        print(f"{shown}: cannot write: {error.strerror or error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    return EXIT_OK


# Narrower than this, no table can be read, whatever is moved or shortened.
MIN_WIDTH = 40
PIPED_WIDTH = 100


def terminal_width() -> int:
    """The report width: COLUMNS when it is set, whether or not stdout is a terminal (a CI
    log, `| less`); else the terminal's own; else 100. Never under 40."""
    columns = os.environ.get("COLUMNS", "").strip()
    if columns.isdigit() and int(columns) > 0:
        return max(MIN_WIDTH, int(columns))
    if sys.stdout.isatty():
        return max(MIN_WIDTH, shutil.get_terminal_size((PIPED_WIDTH, 24)).columns)
    return PIPED_WIDTH


def use_color(output: Path | None) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org)."""
    return output is None and sys.stdout.isatty() and not os.environ.get("NO_COLOR")
