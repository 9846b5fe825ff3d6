"""User text made inert in GitHub-flavoured Markdown: one escaper for every Markdown report."""

from __future__ import annotations

import re

# Every character GitHub would read as markup in running text or a table cell: tables (|),
# emphasis (* _ ~), code (`), links and images ([ ]), headings (#), maths ($) and the escape
# itself are backslash-escaped (CommonMark lets any ASCII punctuation be); raw HTML (< >)
# becomes entities, so no `<tag` is left in the text at all. `@` gets a zero-width joiner:
# GitHub finds mentions in the rendered text, after escapes are gone, and `@\u200dteam`
# notifies no one.
_SPECIAL = str.maketrans(
    {
        **{mark: "\\" + mark for mark in "\\|*_~`[]#$"},
        "<": "&lt;",
        ">": "&gt;",
        "@": "@\u200d",
    }
)
# An `&` is literal unless it starts an entity reference (`&amp;`, `&#38;`, `&#x26;`): only
# then is it written `&amp;`, so `P&I growth` reads `P&I growth` as text and rendered alike.
_ENTITY_START = re.compile(r"&(?=#?[0-9A-Za-z]+;)")


# GitHub links bare URLs (`https://...`, `www.`) in running text, escaped or not: a zero-width
# joiner after the scheme's colon, or inside `www.`, leaves the text as written and unlinked.
_BARE_URL = re.compile(r"(?i)\b(?:[a-z][a-z0-9+.-]*:(?=//)|www(?=\.))")


def text(value: str) -> str:
    """User text as literal Markdown: no markup, no mention, no link, no broken table, one
    line."""
    plain = _ENTITY_START.sub("&amp;", " ".join(value.split())).translate(_SPECIAL)
    return _BARE_URL.sub(_unlink, plain)


def _unlink(match: re.Match[str]) -> str:
    return match.group() + "\u200d"


_CODE = str.maketrans({"`": "'", "\n": " ", "\r": " "})


def code(value: str) -> str:
    """Text for inside a `code span` (a file path): no backtick to end it, one line."""
    return value.translate(_CODE)
