"""User text that cannot mislead a reader or drive a CI runner.

Scenarios come from pull requests and their text reaches terminals, CI logs, PR comments and
spreadsheets. GitHub's runner acts on a stdout or stderr line that starts (after blanks) with
`::` (`::error ...::`, `::add-mask::`) and on `##[` anywhere in a line (the older syntax);
a newline in user text would start such a line. Unicode bidi controls reorder what a reader
sees ("Trojan Source", CVE-2021-42574); a Cyrillic `С` looks like a Latin `C`. So: names
refuse all of these, free text refuses controls and command-like lines, file names are shown
with their controls escaped (and, under GitHub Actions, commands neutralised), and a token
quoted in a message names any confusable character by its code point.
"""

from __future__ import annotations

import os
import re
import unicodedata

# Bidi embedding, override and isolate controls, and the marks (U+200E, U+200F, U+061C).
_BIDI = "\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c"
BIDI_CONTROLS = frozenset(
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
)
# Line breaks that are not control characters (category Cc) but still end a line somewhere.
_LINE_BREAKS = frozenset("\u2028\u2029")
_CONTROL = re.compile(f"[\x00-\x1f\x7f-\x9f\u2028\u2029{_BIDI}]")
_COMMAND_LINE = re.compile(r"^[ \t]*::", re.MULTILINE)
# Anything that may need a closer look; most text has none of it and is passed at C speed.
_SUSPECT = re.compile(f"{_CONTROL.pattern}|::|##\\[")
_LEGACY_COMMAND = "##["
# Scripts whose letters pass for Latin ones (С/C, Ο/O, Ꭺ/A) in a name.
_CONFUSABLE_SCRIPTS = ("CYRILLIC", "GREEK", "ARMENIAN", "CHEROKEE", "COPTIC", "LISU")
_MOST_CODE_POINTS_SHOWN = 3


def code_point(character: str) -> str:
    """``U+0421 CYRILLIC CAPITAL LETTER ES``."""
    name = unicodedata.name(character, "")
    return f"U+{ord(character):04X}" + (f" {name}" if name else "")


def name_problem(text: str) -> str | None:
    """Why `text` cannot be a name (one line, shown in tables and logs), or None."""
    if not _SUSPECT.search(text):
        return None
    for character in text:
        if character in BIDI_CONTROLS:
            return (
                f"the bidirectional control {code_point(character)} is not allowed: it "
                "reorders what readers see"
            )
        if unicodedata.category(character) == "Cc" or character in _LINE_BREAKS:
            return "control characters (such as tabs, newlines or escapes) are not allowed"
    return _command_problem(text)


def prose_problem(text: str) -> str | None:
    """Why `text` cannot be free text (descriptions, statuses: newlines and tabs allowed)."""
    if not _SUSPECT.search(text):
        return None
    for character in text:
        if character in BIDI_CONTROLS:
            return (
                f"the bidirectional control {code_point(character)} is not allowed: it "
                "reorders what readers see"
            )
        if (unicodedata.category(character) == "Cc" and character not in "\n\t") or (
            character in _LINE_BREAKS
        ):
            return "control characters (such as escapes) are not allowed"
    return _command_problem(text)


def _command_problem(text: str) -> str | None:
    if _COMMAND_LINE.search(text) or _LEGACY_COMMAND in text:
        return (
            "a line starting with '::', or '##' followed by '[', is not allowed: a CI runner "
            "(GitHub Actions) would read it as a command"
        )
    return None


def under_github_actions() -> bool:
    """True in a GitHub Actions job, where stdout and stderr lines are read for commands."""
    return os.environ.get("GITHUB_ACTIONS") == "true"


def shown_file_name(name: str) -> str:
    """A file name as it may be printed: control characters, line breaks and bidi controls
    escaped (git allows a newline in a name); under GitHub Actions, `::` at its start and
    `##[` in it neutralised too, so that no printed line becomes a runner command."""
    shown = _CONTROL.sub(_escape, name) if _CONTROL.search(name) else name
    if under_github_actions():
        shown = shown.replace(_LEGACY_COMMAND, "##\\x5b")
        if shown.lstrip(" \t").startswith("::"):
            shown = shown.replace(":", "\\x3a", 2)
    return shown


def inert_line(text: str) -> str:
    """A line we print (a message): controls escaped and `##[` made inert for CI runners.
    Our messages start with a file name, so only `##[` could act in the middle of one."""
    if _CONTROL.search(text):
        text = _CONTROL.sub(_escape, text)
    return text.replace(_LEGACY_COMMAND, "##\\x5b")


def confusable_note(text: str) -> str:
    """`` (U+0421 CYRILLIC CAPITAL LETTER ES)`` for a token holding letters that pass for
    Latin ones, or spaces and digits that are not ASCII; else nothing."""
    found: list[str] = []
    for character in text:
        if character.isascii() or character in found:
            continue
        name = unicodedata.name(character, "")
        looks_ascii = unicodedata.normalize("NFKC", character).isascii()
        if looks_ascii or name.startswith(_CONFUSABLE_SCRIPTS) or character.isspace():
            found.append(character)
    if not found:
        return ""
    shown = ", ".join(code_point(character) for character in found[:_MOST_CODE_POINTS_SHOWN])
    more = ", ..." if len(found) > _MOST_CODE_POINTS_SHOWN else ""
    return f" ({shown}{more})"


def _escape(match: re.Match[str]) -> str:
    value = ord(match.group())
    return f"\\x{value:02x}" if value < 0x100 else f"\\u{value:04x}"
