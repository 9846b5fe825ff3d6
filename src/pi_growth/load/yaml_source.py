"""Safe YAML with positions: plain data out, and a way back from a data path to FILE:LINE:COLUMN.

We compose the node tree (never construct arbitrary objects) and build the data ourselves, so
that YAML 1.1's surprises are refused with a clear message instead of silently changing values:
octal and base-60 numbers, ``no``/``on`` read as booleans where a name is meant, floats that
lose digits, tags that would run code, and aliases that expand without bound.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from pi_growth.load.input_files import read_text
from pi_growth.problems import InputError, Problem, quote_token

try:  # libyaml is four times faster; PyYAML's wheels include it, a source build may not.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_EXPANDED_NODES = 2_000_000
MAX_DEPTH = 64

_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {f"{_TAG}{name}" for name in ("str", "int", "float", "bool", "null", "timestamp")}


def _tag_text(tag: str) -> str:
    return quote_token("!!" + tag.removeprefix(_TAG) if tag.startswith(_TAG) else tag)


_OCTAL = re.compile(r"^[-+]?0[0-7_]+$")
_TRUE_FALSE = {"true", "false"}

Location = tuple[str | int, ...]


@dataclass
class YamlDocument:
    """A parsed YAML file: its data, and its nodes for turning a data path into a position."""

    file: str
    data: Any
    root: yaml.Node
    _entries: dict[int, dict[object, tuple[yaml.Node, yaml.Node]]] = field(repr=False)
    # Values already refused while reading (an octal number, a forbidden tag), kept as text so
    # that validation can go on and report everything else in the file too.
    problems: list[Problem] = field(default_factory=list)
    _flagged: set[int] = field(default_factory=set, repr=False)

    def is_flagged(self, location: Location) -> bool:
        """True when the value at `location` was already reported while reading the file."""
        return id(self._walk(location, key=False)[0]) in self._flagged

    def locate(self, location: Location, *, key: bool = False) -> tuple[int, int, Location]:
        """The 1-based line and column of the deepest node on `location`, and the path matched.

        Parts of `location` that are not in the data (a validator's union tags, ``[key]``) are
        passed over, so a pydantic error's `loc` lands on the nearest node that exists.
        With `key`, a mapping entry is located at its key rather than its value.
        """
        _, mark, matched = self._walk(location, key=key)
        return mark.line + 1, mark.column + 1, matched

    def _walk(self, location: Location, *, key: bool) -> tuple[yaml.Node, yaml.Mark, Location]:
        node = self.root
        mark = node.start_mark
        matched: list[str | int] = []
        for part in location:
            if isinstance(node, yaml.MappingNode):
                entry = self._entries.get(id(node), {}).get(part)
                if entry is None:
                    continue
                key_node, node = entry
                # A block list or mapping starts on the line after its key: point at the key.
                block = isinstance(node, yaml.CollectionNode) and not node.flow_style
                mark = key_node.start_mark if key or block else node.start_mark
            elif isinstance(node, yaml.SequenceNode):
                if not isinstance(part, int) or not 0 <= part < len(node.value):
                    continue
                node = node.value[part]
                mark = node.start_mark
            else:
                break
            matched.append(part)
        return node, mark, tuple(matched)

    def problem(self, location: Location, message: str, *, key: bool = False) -> Problem:
        """A problem at a data path, its message led by that path (``growth[3].band: ...``)."""
        line, column, matched = self.locate(location, key=key)
        path = format_location(matched)
        return Problem(self.file, line, column, f"{path}: {message}" if path else message)


def format_location(location: Location) -> str:
    """``('growth', 3, 'band')`` as ``growth[3].band``."""
    text = ""
    for part in location:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def parse_yaml(text: str, display: str) -> YamlDocument:
    """Parse YAML text safely into plain data.

    A file that cannot be read as data at all raises InputError; values refused on the way
    (octal numbers, tags) are in the document's `problems`, kept as text, so that the caller
    can validate the rest and report every problem at once.
    """
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = " ".join(part for part in (error.context, error.problem) if part) or "invalid YAML"
        raise InputError([Problem(display, line, column, f"YAML syntax error: {what}")]) from None
    except (yaml.YAMLError, RecursionError) as error:
        raise InputError([Problem(display, 1, 1, f"YAML error: {type(error).__name__}")]) from None
    if root is None:
        raise InputError([Problem(display, 1, 1, "the file is empty: expected a mapping of keys")])
    builder = _Builder(display)
    builder.measure(root)
    if builder.problems:
        raise InputError(builder.problems)
    data = builder.build(root)
    return YamlDocument(
        display, data, root, builder.entries, sorted(builder.problems), builder.flagged
    )


def load_yaml(path: Path, display: str) -> YamlDocument:
    """Read and parse a YAML file (see `parse_yaml`)."""
    return parse_yaml(read_text(path, display), display)


class _Builder:
    """Turns composed nodes into plain data, collecting every problem on the way."""

    def __init__(self, display: str) -> None:
        self.display = display
        self.problems: list[Problem] = []
        self.flagged: set[int] = set()
        self.entries: dict[int, dict[object, tuple[yaml.Node, yaml.Node]]] = {}
        self._built: dict[int, Any] = {}

    def _report(self, node: yaml.Node, message: str) -> None:
        mark = node.start_mark
        self.flagged.add(id(node))
        self.problems.append(Problem(self.display, mark.line + 1, mark.column + 1, message))

    def measure(self, root: yaml.Node) -> None:
        """Refuse alias bombs, recursive aliases and deep nesting before anything expands."""
        sizes: dict[int, int] = {}
        active: set[int] = set()

        def size_of(node: yaml.Node, depth: int) -> int:
            if id(node) in sizes:
                return sizes[id(node)]
            if depth > MAX_DEPTH:
                raise _RefusedError(node, f"nested more than {MAX_DEPTH} levels deep")
            if id(node) in active:
                raise _RefusedError(node, "an alias refers to itself (a recursive structure)")
            active.add(id(node))
            if isinstance(node, yaml.SequenceNode):
                total = 1 + sum(size_of(child, depth + 1) for child in node.value)
            elif isinstance(node, yaml.MappingNode):
                total = 1 + sum(
                    size_of(key, depth + 1) + size_of(value, depth + 1) for key, value in node.value
                )
            else:
                total = 1
            active.discard(id(node))
            if total > MAX_EXPANDED_NODES:
                raise _RefusedError(
                    node,
                    f"aliases expand this document beyond {MAX_EXPANDED_NODES:,} values; refused",
                )
            sizes[id(node)] = total
            return total

        try:
            size_of(root, 0)
        except _RefusedError as refusal:
            self._report(refusal.node, refusal.message)

    def build(self, node: yaml.Node) -> Any:
        if id(node) in self._built:  # an alias: share the value, as safe_load does
            return self._built[id(node)]
        value: Any
        if isinstance(node, yaml.ScalarNode):
            value = self._scalar(node)
        elif isinstance(node, yaml.SequenceNode):
            self._check_tag(node, f"{_TAG}seq")
            value = [self.build(child) for child in node.value]
        elif isinstance(node, yaml.MappingNode):
            self._check_tag(node, f"{_TAG}map")
            value = self._mapping(node)
        else:  # pragma: no cover - the composer makes only these three kinds
            value = None
        self._built[id(node)] = value
        return value

    def _check_tag(self, node: yaml.Node, expected: str) -> None:
        if node.tag != expected:
            self._report(
                node,
                f"the tag {_tag_text(node.tag)} is not allowed: only plain YAML data is read",
            )

    def _mapping(self, node: yaml.MappingNode) -> dict[object, Any]:
        result: dict[object, Any] = {}
        entries: dict[object, tuple[yaml.Node, yaml.Node]] = {}
        merged: list[tuple[yaml.Node, yaml.Node]] = []
        for key_node, value_node in node.value:
            if key_node.tag == f"{_TAG}merge":
                merged += self._merge_sources(value_node)
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self._report(key_node, "a key must be a plain value, not a list or mapping")
                continue
            key = self._scalar(key_node)
            if isinstance(key, bool) or not isinstance(key, str | int):
                key = key_node.value  # `true:` is the text true, not the number 1
            if key in entries:
                self._report(
                    key_node,
                    f"duplicate key {quote_token(key)}: the earlier value would be silently lost",
                )
                continue
            entries[key] = (key_node, value_node)
            result[key] = self.build(value_node)
        for key_node, value_node in merged:  # `<<: *defaults` fills only keys not given
            key = self._scalar(key_node) if isinstance(key_node, yaml.ScalarNode) else None
            if isinstance(key, str | int) and key not in entries:
                entries[key] = (key_node, value_node)
                result[key] = self.build(value_node)
        self.entries[id(node)] = entries
        return result

    def _merge_sources(self, node: yaml.Node) -> list[tuple[yaml.Node, yaml.Node]]:
        sources = node.value if isinstance(node, yaml.SequenceNode) else [node]
        pairs: list[tuple[yaml.Node, yaml.Node]] = []
        for source in sources:
            if not isinstance(source, yaml.MappingNode):
                self._report(source, "`<<` merges only mappings")
                continue
            pairs += list(source.value)
        return pairs

    def _scalar(self, node: yaml.Node) -> Any:
        text = str(node.value)
        tag = node.tag
        if tag not in _SCALAR_TAGS:
            self._report(
                node, f"the tag {_tag_text(tag)} is not allowed: only plain YAML data is read"
            )
            return text
        kind = tag.removeprefix(_TAG)
        if kind == "null":
            return None
        if kind == "bool":
            # YAML 1.1 also reads yes/no/on/off as booleans: keep them as the text written,
            # so a team called "No" stays "No", and a true/false field still reads them.
            return text.lower() == "true" if text.lower() in _TRUE_FALSE else text
        if kind == "int":
            return self._integer(node, text)
        if kind == "float":
            return self._float(node, text)
        return text  # str, and timestamps: our own parsers read dates from their text

    def _integer(self, node: yaml.Node, text: str) -> Any:
        if ":" in text:
            self._report(
                node,
                f"{quote_token(text)} would be read by YAML 1.1 as a base-60 number; quote it",
            )
            return text
        if _OCTAL.match(text):
            digits = text.replace("_", "")
            self._report(
                node,
                f"{quote_token(text)} would be read by YAML 1.1 as the octal number "
                f"{int(digits.lstrip('+-'), 8)}; drop the leading zero (or quote it as text)",
            )
            return text
        try:
            return int(text.replace("_", ""), 0)
        except ValueError:
            self._report(node, f"{quote_token(text)} is not a number")
            return text

    def _float(self, node: yaml.Node, text: str) -> Any:
        cleaned = text.replace("_", "")
        if ":" in cleaned:
            self._report(
                node, f"{quote_token(text)} would be read by YAML 1.1 as a base-60 number; quote it"
            )
            return text
        try:
            number = Decimal(cleaned)
        except InvalidOperation:
            number = Decimal("NaN")
        if not number.is_finite():
            self._report(node, f"{quote_token(text)} is not a finite number")
            return text
        return number  # exact: built from the text, never through a binary float


class _RefusedError(Exception):
    def __init__(self, node: yaml.Node, message: str) -> None:
        super().__init__(message)
        self.node = node
        self.message = message
