"""A problem found in a validated scenario or rate table, by its path, before it has a line
number: what cross-checks (load.validation, whatif.checks) return and the loader locates."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Location = tuple[str | int, ...]


@dataclass(frozen=True)
class Finding:
    """A problem at a path inside the scenario or its rate table, before it has a line number."""

    source: Literal["scenario", "rates"]
    location: Location
    message: str
