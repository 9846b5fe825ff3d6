"""The fast reading of a YAML file: libyaml's safe loader straight to plain data, no positions.

Most files are fine, and then nothing needs a position: the nodes libyaml composes are walked
once into plain data and dropped. Anything that would need a located message or a measure --
a refused scalar, a tag, a duplicate or non-scalar key, a merge key, an alias (which might
expand without bound), deep nesting -- stops this reading with NeedsPositions, and the caller
reads the file the positioned way (yaml_nodes), which reports each problem at its place.
"""

from __future__ import annotations

from typing import Any

import yaml

from pi_growth.load.yaml_nodes import MAX_DEPTH
from pi_growth.load.yaml_scalars import (
    MAPPING_TAG,
    SEQUENCE_TAG,
    STRING_TAG,
    RefusedScalarError,
    key_value,
    scalar_value,
)

# How many distinct scalars are remembered per file (a bound on memory).
_MOST_REMEMBERED = 100_000


class NeedsPositionsError(Exception):
    """This file must be read the positioned way (see the module's docstring)."""


def plain_data(root: yaml.Node) -> Any:
    """The plain data of a composed tree; NeedsPositionsError when it needs a positioned reading."""
    seen: set[int] = set()
    scalar_class = yaml.ScalarNode
    sequence_class = yaml.SequenceNode
    mapping_class = yaml.MappingNode
    # Scalars are immutable once read (text, int, Decimal, bool, None), and a scenario repeats
    # a few hundred of them thousands of times: each distinct (tag, text) is read once.
    values: dict[tuple[str, str], Any] = {}
    keys: dict[tuple[str, str], Any] = {}

    def scalar(node: yaml.Node, cache: dict[tuple[str, str], Any], read: Any) -> Any:
        if node.tag == STRING_TAG:
            return node.value
        token = (node.tag, node.value)
        try:
            return cache[token]
        except KeyError:
            pass
        try:
            value = read(node.tag, node.value)
        except RefusedScalarError:
            raise NeedsPositionsError from None  # a merge key's tag lands here too
        if len(cache) < _MOST_REMEMBERED:
            cache[token] = value
        return value

    def build(node: yaml.Node, depth: int) -> Any:
        kind = node.__class__
        if kind is scalar_class:
            return scalar(node, values, scalar_value)
        if depth >= MAX_DEPTH or id(node) in seen:
            raise NeedsPositionsError  # too deep, or an alias: to be measured
        seen.add(id(node))
        if kind is sequence_class:
            if node.tag != SEQUENCE_TAG:
                raise NeedsPositionsError
            return [build(child, depth + 1) for child in node.value]
        if kind is not mapping_class or node.tag != MAPPING_TAG:
            raise NeedsPositionsError
        result: dict[object, Any] = {}
        for key_node, value_node in node.value:
            if key_node.__class__ is not scalar_class:
                raise NeedsPositionsError
            key = scalar(key_node, keys, key_value)
            if key in result:
                raise NeedsPositionsError
            result[key] = build(value_node, depth + 1)
        return result

    return build(root, 0)
