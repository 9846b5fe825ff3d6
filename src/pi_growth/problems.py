"""Input problems as values: where they are and what is wrong, printed FILE:LINE:COLUMN."""

from __future__ import annotations

from dataclasses import dataclass

from pi_growth.text_safety import confusable_note, inert_line, shown_file_name


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with an input file, at a 1-based line and column."""

    file: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        # Printed to terminals and CI logs: nothing in it may act as a runner's command.
        message = inert_line(self.message)
        return f"{shown_file_name(self.file)}:{self.line}:{self.column}: {message}"


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
