"""Safe YAML: plain data out, and a way back from a data path to FILE:LINE:COLUMN.

libyaml's safe loader composes the file and one tight walk builds plain data (yaml_fast),
with YAML 1.1's surprises refused (yaml_scalars): octal and base-60 numbers, ``no``/``on``
read as booleans where a name is meant, floats that lose digits, tags that would run code,
duplicate keys, and aliases that expand without bound. Positions are needed only when a
problem must be located, so the positioned node tree (yaml_nodes) is built only then: at once
when reading finds a problem or an alias to measure, else on the first `locate`.
"""

from __future__ import annotations

import contextlib
import gc
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from pi_growth.load.input_files import read_text
from pi_growth.load.yaml_fast import NeedsPositionsError, plain_data
from pi_growth.load.yaml_messages import syntax_problem
from pi_growth.load.yaml_nodes import Entries, PositionedBuilder
from pi_growth.load.yaml_scalars import PlainLoader
from pi_growth.problems import InputError, Problem

# Parse events counted before anything is built, so that memory stays bounded: a value is one
# event, a list or mapping two, so no more values than this are composed. A 10,000-line
# scenario has about 110,000; a million take about 500 MB to compose and validate (the most
# any accepted file may take stays under 1 GB; docs/limits.md). Aliases are measured apart.
MAX_EVENTS = 1_000_000
# What YAML cannot hold (it allows tab, line breaks and printable Unicode): located here with
# a plain message rather than left to the reader's error.
_UNREADABLE = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_MOST_UNREADABLE_REPORTED = 10

Location = tuple[str | int, ...]


@dataclass
class _Positions:
    """The node tree and each mapping's entry nodes: built on first use from the text."""

    text: str
    display: str
    root: yaml.Node | None = None
    entries: Entries = field(default_factory=dict)
    flagged: set[int] = field(default_factory=set)

    def tree(self) -> tuple[yaml.Node, Entries]:
        if self.root is None:
            builder, root = _positioned(self.text, self.display)
            self.root, self.entries, self.flagged = root, builder.entries, builder.flagged
        return self.root, self.entries


@dataclass
class YamlDocument:
    """A parsed YAML file: its data, and a way to turn a data path into a position."""

    file: str
    data: Any
    _positions: _Positions = field(repr=False)
    # Values already refused while reading (an octal number, a forbidden tag), kept as text so
    # that validation can go on and report everything else in the file too.
    problems: list[Problem] = field(default_factory=list)

    def is_flagged(self, location: Location) -> bool:
        """True when the value at `location` was already reported while reading the file."""
        if not self.problems:
            return False  # nothing was refused: no need to build positions to say so
        return id(self._walk(location, key=False)[0]) in self._positions.flagged

    def locate(self, location: Location, *, key: bool = False) -> tuple[int, int, Location]:
        """The 1-based line and column of the deepest node on `location`, and the path matched.

        Parts of `location` that are not in the data (a validator's union tags, ``[key]``) are
        passed over, so a pydantic error's `loc` lands on the nearest node that exists.
        With `key`, a mapping entry is located at its key rather than its value.
        """
        _, mark, matched = self._walk(location, key=key)
        return mark.line + 1, mark.column + 1, matched

    def _walk(self, location: Location, *, key: bool) -> tuple[yaml.Node, yaml.Mark, Location]:
        node, entries = self._positions.tree()
        mark = node.start_mark
        matched: list[str | int] = []
        for part in location:
            if isinstance(node, yaml.MappingNode):
                entry = entries.get(id(node), {}).get(part)
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
    _refuse_unreadable(text, display)
    _refuse_too_many_values(text, display)
    positions = _Positions(text, display)
    try:
        with _collector_paused():
            data = plain_data(_compose(text, display))
    except NeedsPositionsError:
        builder, root = _positioned(text, display)
        positions.root, positions.entries = root, builder.entries
        positions.flagged = builder.flagged
        return YamlDocument(display, builder.data, positions, sorted(builder.problems))
    return YamlDocument(display, data, positions)


def load_yaml(path: Path, display: str) -> YamlDocument:
    """Read and parse a YAML file (see `parse_yaml`)."""
    return parse_yaml(read_text(path, display), display)


def _positioned(text: str, display: str) -> tuple[PositionedBuilder, yaml.Node]:
    """The positioned reading: InputError when the tree itself is refused (an alias bomb)."""
    with _collector_paused():
        root = _compose(text, display)
        builder = PositionedBuilder(display)
        builder.measure(root)
        if builder.problems:
            raise InputError(builder.problems)
        builder.data = builder.build(root)
    return builder, root


def _compose(text: str, display: str) -> yaml.Node:
    loader = PlainLoader(text)
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        raise InputError([syntax_problem(error, display, text)]) from None
    except (yaml.YAMLError, RecursionError) as error:
        raise InputError([Problem(display, 1, 1, f"YAML error: {type(error).__name__}")]) from None
    finally:
        loader.dispose()
    if root is None:
        raise InputError([Problem(display, 1, 1, "the file is empty: expected a mapping of keys")])
    return root


def _refuse_unreadable(text: str, display: str) -> None:
    """Characters YAML cannot hold (a NUL byte, most control characters), each at its line
    and column, instead of the reader's error at the start of the file."""
    problems = []
    for match in _UNREADABLE.finditer(text):
        start = match.start()
        line = text.count("\n", 0, start) + 1
        column = start - (text.rfind("\n", 0, start) + 1) + 1
        character = match.group()
        name = "a NUL byte" if character == "\0" else "the control character"
        problems.append(
            Problem(
                display,
                line,
                column,
                f"{name} U+{ord(character):04X} is not allowed in a YAML file; remove it",
            )
        )
        if len(problems) == _MOST_UNREADABLE_REPORTED:
            break
    if problems:
        raise InputError(problems)


def _refuse_too_many_values(text: str, display: str) -> None:
    """Count libyaml's parse events without building anything, so that a file of millions of
    short values is refused before it takes gigabytes to compose."""
    parser_class = getattr(getattr(yaml, "_yaml", None), "CParser", None)
    if parser_class is None:  # pragma: no cover - PyYAML built without libyaml
        return
    try:
        events = parser_class(text).raw_parse()
    except yaml.MarkedYAMLError as error:
        raise InputError([syntax_problem(error, display, text)]) from None
    except yaml.YAMLError:
        return  # composing reports it, in its own words
    if events > MAX_EVENTS:
        raise InputError(
            [
                Problem(
                    display,
                    1,
                    1,
                    f"the file holds more than {MAX_EVENTS:,} YAML values, the most this tool "
                    "reads (docs/limits.md); put large establishments in CSV extracts",
                )
            ]
        )


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a tree is composed and built.

    Composing makes hundreds of thousands of objects that all stay alive, and the collector
    scans them again and again as they accumulate: with it paused, composing a 10,000-line
    scenario takes a fifth of the time. Nothing built here forms a cycle that needs it.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
