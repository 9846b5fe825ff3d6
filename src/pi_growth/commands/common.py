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
        print(f"{output}: cannot write: {error.strerror or error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    return EXIT_OK


def terminal_width() -> int:
    """The report width: the terminal's when it is one (at least 80), otherwise 100."""
    if sys.stdout.isatty():
        return max(80, shutil.get_terminal_size((100, 24)).columns)
    return 100


def use_color(output: Path | None) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org)."""
    return output is None and sys.stdout.isatty() and not os.environ.get("NO_COLOR")
