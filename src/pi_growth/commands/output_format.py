"""The output format when --format is not given: the one `-o`'s extension names.

`pi-growth cost plan.yaml -o plan.xlsx` writes a workbook, as its name says; a format that
contradicts the file's name (`--format xlsx -o plan.csv`) is refused before any work, since a
workbook called .csv opens as garbage and a terminal table called .xlsx does not open at all.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TypeVar

# What each extension holds. A .txt file is plain text: it takes the terminal table by
# default, and any other text format when one is asked for.
EXTENSION_FORMATS = {
    ".csv": "csv",
    ".json": "json",
    ".md": "markdown",
    ".markdown": "markdown",
    ".xlsx": "xlsx",
    ".txt": "table",
}
_ANY_TEXT = {".txt"}
_BINARY = {"xlsx"}

F = TypeVar("F", bound=StrEnum)


def format_problem(given: str | None, output: Path | None, offered: list[str]) -> str | None:
    """Why this --format cannot be written to `output` (or `output`'s extension names a
    format the command does not write); None when all is well."""
    extension = _extension(output)
    named = EXTENSION_FORMATS.get(extension)
    if named is None:
        return None
    shown = _quoted(output)
    if given is None:
        if named in offered:
            return None
        return (
            f"{shown} is a {extension} file, which this command does not write: give "
            f"--format {' | '.join(offered)} (or a file name ending in "
            f"{', '.join(_extensions_of(offered))})"
        )
    if given == named or (extension in _ANY_TEXT and given not in _BINARY):
        return None
    suggested = _extensions_of([given])
    rename = f"write it to a {suggested[0]} file, or " if suggested else ""
    return (
        f"--format {given} does not match {shown}, a {extension} file ({named}): "
        f"{rename}give --format {named} (or leave --format out)"
    )


def chosen_format(given: F | None, output: Path | None, formats: type[F], default: F) -> F | None:
    """The format to write: `given`, else the one `output`'s extension names, else `default`.
    None, after saying why on stderr, when the two disagree (the caller exits 2)."""
    offered = [member.value for member in formats]
    problem = format_problem(given.value if given is not None else None, output, offered)
    if problem is not None:
        print(f"error: {problem}", file=sys.stderr)
        return None
    if given is not None:
        return given
    named = EXTENSION_FORMATS.get(_extension(output))
    return formats(named) if named in offered else default


def _extension(output: Path | None) -> str:
    if output is None or str(output) == "-":
        return ""
    return output.suffix.lower()


def _extensions_of(formats: list[str]) -> list[str]:
    return [
        extension
        for extension, fmt in EXTENSION_FORMATS.items()
        if fmt in formats and extension != ".markdown"
    ]


def _quoted(output: Path | None) -> str:
    from pi_growth.problems import quote_token

    return quote_token(str(output)) if output is not None else ""
