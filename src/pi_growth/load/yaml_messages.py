"""YAML syntax errors in a finance user's words, at the line where the mistake is.

libyaml says "found character that cannot start any token" for a tab, and reports a missing
colon on the line *after* it (the key's text runs on until the next `:`). Each case below
is recognised from the parser's error and the file's text; anything else keeps the parser's
own words.
"""

from __future__ import annotations

import yaml

from pi_growth.problems import Problem, quote_token

_TAB = "tab: indent with spaces (YAML does not allow tabs)"


def syntax_problem(error: yaml.MarkedYAMLError, display: str, text: str) -> Problem:
    """The problem to report for a YAML syntax error in `text` (the file `display`)."""
    lines = text.splitlines()
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = error.problem or ""
    tab_here = "cannot start any token" in problem and _character(lines, line, column) == "\t"
    if tab_here or "tab character" in problem:
        if 1 <= line <= len(lines) and "\t" in lines[line - 1]:
            column = lines[line - 1].index("\t") + 1
        return Problem(display, line, column, _TAB)
    if "could not find expected ':'" in problem and error.context_mark is not None:
        start = error.context_mark
        return _missing_colon(display, lines, start.line + 1, start.column + 1)
    if "mapping values are not allowed" in problem:
        before = _line_without_colon_above(lines, line)
        if before is not None:
            return _missing_colon(display, lines, before, _key_indent(lines[before - 1]) + 1)
    what = " ".join(part for part in (error.context, problem) if part) or "invalid YAML"
    return Problem(display, line, column, f"YAML syntax error: {what}")


def _character(lines: list[str], line: int, column: int) -> str:
    if 1 <= line <= len(lines) and 1 <= column <= len(lines[line - 1]):
        return lines[line - 1][column - 1]
    return ""


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip(" "))


def _key_indent(text: str) -> int:
    """Where a line's key starts: after its indent, and after `- ` for a list's first key."""
    indent = _indent(text)
    return indent + 2 if text[indent:].startswith("- ") else indent


def _missing_colon(display: str, lines: list[str], line: int, column: int) -> Problem:
    """`missing ':' after 'first_year'` at the line whose key has no colon."""
    text = lines[line - 1][column - 1 :] if line <= len(lines) else ""
    words = text.removeprefix("- ").split()
    if not words:
        return Problem(display, line, column, "missing ':' after a key (write key: value)")
    key = words[0]
    value = " ".join(words[1:])
    example = f"{key}: {value}" if value else f"{key}:"
    return Problem(
        display,
        line,
        column,
        f"missing ':' after {quote_token(key)} (write {quote_token(example)})",
    )


def _line_without_colon_above(lines: list[str], line: int) -> int | None:
    """For "mapping values are not allowed" at `line`: the line above it, at the same indent,
    that holds no colon -- a key whose colon was left out, so its text ran on into `line`."""
    if not 1 < line <= len(lines):
        return None
    indent = _indent(lines[line - 1])
    for number in range(line - 1, 0, -1):
        above = lines[number - 1]
        stripped = above.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if _key_indent(above) == indent and ":" not in stripped:
            return number
        return None
    return None
