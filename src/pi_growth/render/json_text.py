"""JSON text as `json.dumps(value, indent=2, ensure_ascii=False)` writes it, byte for byte,
in a fraction of the time: the standard library encodes an indented document in pure Python
(its C encoder does not indent), which was a visible share of a force-scale `diff`.

Containers whose items are all scalars (most of a report: a line, a figure's base, head and
change) are handed whole to the C encoder, with the line break and indent as its item
separator; only the containers above them are walked here. Values are what our documents
hold: dicts with text keys, lists, text, whole numbers, booleans and None.
"""

from __future__ import annotations

import json
import json.encoder
from collections.abc import Callable
from json.encoder import encode_basestring
from typing import Any

# CPython's C encoder (None elsewhere: the standard library's own path is then used).
c_make_encoder: Any = getattr(json.encoder, "c_make_encoder", None)


def _true_or_false(value: bool) -> str:
    return "true" if value else "false"


def _null(value: None) -> str:  # noqa: ARG001 - a scalar encoder
    return "null"


_SCALARS: dict[type, Callable[[Any], str]] = {
    str: encode_basestring,
    int: int.__repr__,
    bool: _true_or_false,
    type(None): _null,
}
_SCALAR_TYPES = frozenset(_SCALARS)
# indent -> the C encoder that writes a flat container's items one a line at that indent.
_FLAT_ENCODERS: dict[str, Callable[[Any, int], Any]] = {}


def dumps_indented(value: object) -> str:
    """`value` as JSON indented by two spaces, non-ASCII text kept, as `json.dumps` does."""
    if c_make_encoder is None:  # pragma: no cover
        return json.dumps(value, indent=2, ensure_ascii=False)
    out: list[str] = []
    _walk(value, "", out.append)
    return "".join(out)


def _flat(inner: str) -> Callable[[Any, int], Any]:
    encoder = _FLAT_ENCODERS.get(inner)
    if encoder is None:
        assert c_make_encoder is not None
        encoder = _FLAT_ENCODERS[inner] = c_make_encoder(
            None, None, encode_basestring, None, ": ", ",\n" + inner, False, False, True
        )
    return encoder


def _walk(value: object, indent: str, append: Callable[[str], None]) -> None:
    kind = type(value)
    if kind is dict or kind is list:
        items: Any = value
        if not items:
            append("{}" if kind is dict else "[]")
            return
        opening, closing = ("{", "}") if kind is dict else ("[", "]")
        inner = indent + "  "
        values = items.values() if kind is dict else items
        scalar = _SCALARS.get
        if _SCALAR_TYPES.issuperset(map(type, values)):
            text = "".join(_flat(inner)(items, 0))
            append(f"{opening}\n{inner}{text[1:-1]}\n{indent}{closing}")
            return
        append(opening)
        separator = "\n" + inner
        pairs = items.items() if kind is dict else ((None, item) for item in items)
        for key, item in pairs:
            append(separator if key is None else separator + encode_basestring(key) + ": ")
            separator = ",\n" + inner
            encode = scalar(type(item))
            if encode is not None:
                append(encode(item))
            else:
                _walk(item, inner, append)
        append(f"\n{indent}{closing}")
        return
    encode = _SCALARS.get(kind)
    if encode is None:
        raise TypeError(f"cannot write {kind.__name__} as JSON")
    append(encode(value))
