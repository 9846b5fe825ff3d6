"""Hints that turn a refusal into the fix: "did you mean 'budgets'?", "3% is written 3%".

Kept apart from the loader and the YAML reader, whose internals change for speed and
strictness, so a message is improved here without touching how files are read.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from pi_growth.problems import quote_token


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The choice `word` most likely means: the same but for case (`c` for `C`), else the
    nearest spelling (`budget` for `budgets`); None when none is near."""
    options = [str(choice) for choice in choices]
    for option in options:
        if option.casefold() == word.casefold():
            return option
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    if not close:
        by_case = {option.casefold(): option for option in options}
        close = [
            by_case[match]
            for match in difflib.get_close_matches(word.casefold(), list(by_case), n=1, cutoff=0.6)
        ]
    return close[0] if close else None


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """`: did you mean 'budgets'?` to follow a refusal of `word`, or nothing."""
    match = closest(word, choices)
    return f": did you mean {quote_token(match)}?" if match is not None else ""


def percent_hint(found: object) -> str:
    """For a rate given as a whole percentage (`vacancy_factor: 3`): how to write it, as
    `; 3% is written 3% (or 0.03)`; nothing for other values."""
    try:
        number = Decimal(str(found).strip())
    except (InvalidOperation, ValueError):
        return ""
    if not 1 <= number <= 100:
        return ""
    shown = f"{number.normalize():f}"
    fraction = f"{(number / 100).normalize():f}"
    return f"; {shown}% is written {shown}% (or {fraction})"
