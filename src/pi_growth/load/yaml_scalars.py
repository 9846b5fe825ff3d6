"""What a YAML scalar means to us: one set of rules for the fast loader and the positioned one.

YAML 1.1 silently changes values that look innocent, so its readings are refused with a
message instead: octal (``032000`` is 13312) and base-60 (``12:30`` is 750) integers; floats
are read exactly, as Decimal from their text; ``yes``/``no``/``on``/``off`` stay the text
written (a team called "No" stays "No"); any tag but the plain data ones is refused, never run.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

import yaml
from yaml.resolver import Resolver

from pi_growth.problems import quote_token

try:  # libyaml is four times faster; PyYAML's wheels include it, a source build may not.
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

TAG = "tag:yaml.org,2002:"
MERGE_TAG = f"{TAG}merge"
STRING_TAG = f"{TAG}str"
SEQUENCE_TAG = f"{TAG}seq"
MAPPING_TAG = f"{TAG}map"
SCALAR_TAGS = frozenset(
    f"{TAG}{name}" for name in ("str", "int", "float", "bool", "null", "timestamp")
)
_OCTAL = re.compile(r"^[-+]?0[0-7_]+$")
_BASE_60 = "{} would be read by YAML 1.1 as a base-60 number; quote it"
_SHOWN_DIGITS = 20  # an octal number longer than this is not worth printing in decimal
_TRUE_FALSE = {"true", "false"}
# How many distinct plain scalars have their tag remembered per load (a bound on memory).
_RESOLVED_CACHE_SIZE = 100_000


class RefusedScalarError(Exception):
    """A scalar we do not read as YAML would; its message says why and what to write."""


class PlainLoader(_BaseLoader):
    """libyaml's safe loader, resolving plain scalars once per distinct text.

    PyYAML's resolver runs in Python for every scalar (regular expressions by first
    character); a scenario repeats the same few hundred values (bands, years, team names)
    thousands of times, so each distinct text is resolved once. Path resolvers are unused.
    """

    def __init__(self, stream: str | bytes) -> None:
        super().__init__(stream)
        self._resolved: dict[str, str] = {}

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        """No path-dependent resolvers are registered: nothing to track."""

    def ascend_resolver(self) -> None:
        """No path-dependent resolvers are registered: nothing to track."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        """The tag of a node; plain scalars' tags remembered by their text."""
        if kind is yaml.ScalarNode and implicit[0]:
            tag = self._resolved.get(value)
            if tag is None:
                tag = Resolver.resolve(self, kind, value, implicit)  # type: ignore[no-untyped-call]
                if len(self._resolved) < _RESOLVED_CACHE_SIZE:
                    self._resolved[value] = tag
            return tag
        return Resolver.resolve(self, kind, value, implicit)  # type: ignore[no-untyped-call]


def tag_text(tag: str) -> str:
    """A tag as a user writes it (``!!python/object``), quoted for a message."""
    return quote_token("!!" + tag.removeprefix(TAG) if tag.startswith(TAG) else tag)


def refused_tag(tag: str) -> str:
    """The message for a tag that is not plain data."""
    return f"the tag {tag_text(tag)} is not allowed: only plain YAML data is read"


def scalar_value(tag: str, text: str) -> Any:
    """The value of a scalar with this resolved tag and text; RefusedScalarError when it is
    one we do not read."""
    if tag not in SCALAR_TAGS:
        raise RefusedScalarError(refused_tag(tag))
    kind = tag[len(TAG) :]
    if kind in {"str", "timestamp"}:  # our own parsers read dates from their text
        return text
    if kind == "int":
        return _integer(text)
    if kind == "null":
        return None
    if kind == "bool":
        # YAML 1.1 also reads yes/no/on/off as booleans: keep them as the text written,
        # so a team called "No" stays "No", and a true/false field still reads them.
        lowered = text.lower()
        return lowered == "true" if lowered in _TRUE_FALSE else text
    return _float(text)


def key_value(tag: str, text: str) -> Any:
    """A mapping key: as a scalar, but `true:` is the text true and `1.5:` the text 1.5."""
    key = scalar_value(tag, text)
    if isinstance(key, bool) or not isinstance(key, str | int):
        return text
    return key


def _integer(text: str) -> Any:
    if ":" in text:
        raise RefusedScalarError(_BASE_60.format(quote_token(text)))
    if _OCTAL.match(text):
        digits = text.replace("_", "").lstrip("+-")
        value = f" {int(digits, 8)}" if len(digits) <= _SHOWN_DIGITS else ""
        raise RefusedScalarError(
            f"{quote_token(text)} would be read by YAML 1.1 as the octal number{value}; "
            "drop the leading zero (or quote it as text)"
        )
    try:
        return int(text.replace("_", ""), 0)
    except ValueError:
        raise RefusedScalarError(f"{quote_token(text)} is not a number") from None


def _float(text: str) -> Any:
    cleaned = text.replace("_", "")
    if ":" in cleaned:
        raise RefusedScalarError(_BASE_60.format(quote_token(text)))
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        number = Decimal("NaN")
    if not number.is_finite():
        raise RefusedScalarError(f"{quote_token(text)} is not a finite number")
    return number  # exact: built from the text, never through a binary float
