"""The positioned reading of a YAML file: its node tree, every problem at its node's position.

Used when a problem must be located: a value refused while reading (an octal number, a tag,
a duplicate key), an alias whose expansion must be measured, or a validation error to be
turned into FILE:LINE:COLUMN. Builds the same plain data as the fast path (yaml_fast), and
for each mapping the nodes of its entries, so that a data path leads back to a node.
"""

from __future__ import annotations

from typing import Any

import yaml

from pi_growth.load.yaml_scalars import (
    MAPPING_TAG,
    MERGE_TAG,
    SEQUENCE_TAG,
    RefusedScalarError,
    key_value,
    refused_tag,
    scalar_value,
)
from pi_growth.problems import Problem, quote_token

# Limits on the tree (docs/limits.md): values after aliases are expanded, and nesting depth.
MAX_EXPANDED_NODES = 2_000_000
MAX_DEPTH = 64

Entries = dict[int, dict[object, tuple[yaml.Node, yaml.Node]]]


class PositionedBuilder:
    """Turns composed nodes into plain data, collecting every problem on the way."""

    def __init__(self, display: str) -> None:
        self.display = display
        self.problems: list[Problem] = []
        self.flagged: set[int] = set()
        self.entries: Entries = {}
        self._built: dict[int, Any] = {}
        self.data: Any = None  # the whole document's data, once built

    def _report(self, node: yaml.Node, message: str) -> None:
        mark = node.start_mark
        self.flagged.add(id(node))
        self.problems.append(Problem(self.display, mark.line + 1, mark.column + 1, message))

    def measure(self, root: yaml.Node) -> None:
        """Refuse alias bombs, recursive aliases and deep nesting before anything expands."""
        sizes: dict[int, int] = {}
        active: set[int] = set()
        aliased = False

        def size_of(node: yaml.Node, depth: int) -> int:
            nonlocal aliased
            if id(node) in sizes:
                aliased = True
                return sizes[id(node)]
            if depth > MAX_DEPTH:
                raise _RefusedError(node, f"nested more than {MAX_DEPTH} levels deep; refused")
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
                what = "aliases expand this document" if aliased else "this document holds"
                raise _RefusedError(
                    node,
                    f"{what} beyond {MAX_EXPANDED_NODES:,} values, the most this tool reads "
                    "(docs/limits.md); refused",
                )
            sizes[id(node)] = total
            return total

        try:
            size_of(root, 0)
        except _RefusedError as refusal:
            self._report(refusal.node, refusal.message)

    def build(self, node: yaml.Node) -> Any:
        """The plain data of `node` (an alias shares its value, as safe_load does)."""
        if id(node) in self._built:
            return self._built[id(node)]
        value: Any
        if isinstance(node, yaml.ScalarNode):
            value = self._scalar(node)
        elif isinstance(node, yaml.SequenceNode):
            self._check_tag(node, SEQUENCE_TAG)
            value = [self.build(child) for child in node.value]
        elif isinstance(node, yaml.MappingNode):
            self._check_tag(node, MAPPING_TAG)
            value = self._mapping(node)
        else:  # pragma: no cover - the composer makes only these three kinds
            value = None
        self._built[id(node)] = value
        return value

    def _check_tag(self, node: yaml.Node, expected: str) -> None:
        if node.tag != expected:
            self._report(node, refused_tag(node.tag))

    def _mapping(self, node: yaml.MappingNode) -> dict[object, Any]:
        result: dict[object, Any] = {}
        entries: dict[object, tuple[yaml.Node, yaml.Node]] = {}
        merged: list[tuple[yaml.Node, yaml.Node]] = []
        for key_node, value_node in node.value:
            if key_node.tag == MERGE_TAG:
                merged += self._merge_sources(value_node, {id(node)})
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self._report(key_node, "a key must be a plain value, not a list or mapping")
                continue
            key = self._key(key_node)
            if key in entries:
                self._report(
                    key_node,
                    f"duplicate key {quote_token(key)}: the earlier value would be silently lost",
                )
                continue
            entries[key] = (key_node, value_node)
            result[key] = self.build(value_node)
        for key_node, value_node in merged:  # `<<: *defaults` fills only keys not given
            key = self._key(key_node) if isinstance(key_node, yaml.ScalarNode) else None
            if isinstance(key, str | int) and key not in entries:
                entries[key] = (key_node, value_node)
                result[key] = self.build(value_node)
        self.entries[id(node)] = entries
        return result

    def _merge_sources(self, node: yaml.Node, seen: set[int]) -> list[tuple[yaml.Node, yaml.Node]]:
        """The entries `<<` merges, first-given first: a source's own keys, then the keys it
        merges itself (YAML's merge key: a source may use `<<` too)."""
        sources = node.value if isinstance(node, yaml.SequenceNode) else [node]
        pairs: list[tuple[yaml.Node, yaml.Node]] = []
        for source in sources:
            if not isinstance(source, yaml.MappingNode):
                self._report(source, "`<<` merges only mappings")
                continue
            if id(source) in seen:
                continue  # a recursive merge is reported by `measure`
            own = [pair for pair in source.value if pair[0].tag != MERGE_TAG]
            inner = [pair[1] for pair in source.value if pair[0].tag == MERGE_TAG]
            pairs += own
            for value in inner:
                pairs += self._merge_sources(value, seen | {id(source)})
        return pairs

    def _key(self, node: yaml.ScalarNode) -> Any:
        try:
            return key_value(node.tag, str(node.value))
        except RefusedScalarError as refusal:
            self._report(node, str(refusal))
            return str(node.value)

    def _scalar(self, node: yaml.Node) -> Any:
        try:
            return scalar_value(node.tag, str(node.value))
        except RefusedScalarError as refusal:
            self._report(node, str(refusal))
            return str(node.value)  # kept as text, so validation can report everything else


class _RefusedError(Exception):
    def __init__(self, node: yaml.Node, message: str) -> None:
        super().__init__(message)
        self.node = node
        self.message = message
