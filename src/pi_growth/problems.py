"""Input problems as values: where they are and what is wrong, printed FILE:LINE:COLUMN
(or FILE:SHEET!CELL in a workbook)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from pi_growth.text_safety import confusable_note, inert_line, shown_file_name

_PLAIN_SHEET_NAME = re.compile(r"^[A-Za-z0-9_]+$")


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with an input file, at a 1-based line and column; in a workbook, at
    row `line` and column `column` of worksheet `sheet`."""

    file: str
    line: int
    column: int
    message: str
    sheet: str = ""  # a workbook's worksheet; empty for a text file

    def __str__(self) -> str:
        # Printed to terminals and CI logs: nothing in it may act as a runner's command.
        message = inert_line(self.message)
        if self.sheet:
            where = f"{sheet_reference(self.sheet)}!{cell_name(self.line, self.column)}"
            return f"{shown_file_name(self.file)}:{where}: {message}"
        return f"{shown_file_name(self.file)}:{self.line}:{self.column}: {message}"


def cell_name(row: int, column: int) -> str:
    """A spreadsheet cell's name: row 7, column 3 is C7."""
    letters = ""
    while column > 0:
        column, remainder = divmod(column - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return f"{letters}{row}"


def sheet_reference(name: str) -> str:
    """A worksheet's name as a formula writes it: `Sheet1`, or `'Staff list'` quoted; any
    control character shown as `?` (a name is the file's text, and reaches terminals)."""
    shown = "".join("?" if unicodedata.category(c)[0] == "C" else c for c in name)
    if _PLAIN_SHEET_NAME.match(shown):
        return shown
    return "'" + shown.replace("'", "''") + "'"


class InputError(Exception):
    """Raised by the loaders with every problem found in the inputs, never just the first."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(problem) for problem in problems))
        self.problems = problems


def quote_token(value: object, limit: int = 40) -> str:
    """Quote a user's token for a message, truncated so a message never echoes a whole file."""
    text = str(value)
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    # repr escapes controls and bidi marks; a letter that passes for a Latin one (Cyrillic
    # С for C) is named by its code point, or "unknown band 'С'" would puzzle anyone.
    return inert_line(repr(text)) + confusable_note(text)
