"""Files a scenario names (its rate table, CSV extracts), kept inside its repository.

A scenario can come from a pull request, and CI logs of public repositories are public: a
scenario that names `/proc/self/environ`, a key file or a `.env` must not get the tool to read
it and echo pieces of it in error messages. So a reference is refused when it resolves
(symbolic links followed) outside the repository the scenario is in -- the nearest folder
above it holding `.git`. CI always runs in a repository. Outside one (an analyst's folder on
a laptop), the limit is the scenario's project folder: the folder above the scenario's, so
the README's layout (`scenarios/plan.yaml` naming `../rates/my-force.yaml`) works -- but
never a home directory, a folder holding one, or a folder just below the top of the file
system (`/tmp`), which hold far more than a plan. The bundled data stays reachable. A flag
or an environment variable lifts the rule.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from pi_growth.problems import quote_token
from pi_growth.text_safety import shown_file_name

ALLOW_ENVIRONMENT_VARIABLE = "PI_GROWTH_ALLOW_OUTSIDE_PATHS"
# Longer names in a reference are refused: file systems allow 255 bytes, and a bundled
# table's name gets ".yaml" added before it is looked for.
MAX_NAME_LENGTH = 200
_TRUE_WORDS = {"1", "true", "yes", "on"}


class ReferenceRefusedError(Exception):
    """A reference that may not be followed; the message says why and what to do."""


def outside_paths_allowed(flag: bool | None = None) -> bool:
    """The flag when given, else the environment variable (1, true, yes or on)."""
    if flag is not None:
        return flag
    return os.environ.get(ALLOW_ENVIRONMENT_VARIABLE, "").strip().lower() in _TRUE_WORDS


def repository_root(scenario_path: Path) -> tuple[Path, bool]:
    """The repository a scenario is in (the nearest folder above it with `.git`), and True;
    or its project folder (`project_folder`), and False, when it is in none."""
    folder = _resolved(scenario_path).parent
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists():
            return candidate, True
    return project_folder(folder), False


def project_folder(folder: Path) -> Path:
    """Outside a repository, the folder a scenario in `folder` may name files in: the one
    above it (`scenarios/` beside `rates/`), unless that is or holds a home directory or sits
    just below the top of the file system; then `folder` itself."""
    parent = folder.parent
    home = _home()
    too_wide = len(parent.parts) <= 2 or (home is not None and home.is_relative_to(parent))
    return folder if too_wide else parent


def _home() -> Path | None:
    try:
        return _resolved(Path.home())
    except (KeyError, RuntimeError):  # no home directory known
        return None


@dataclass(frozen=True)
class References:
    """How the references in one scenario file are resolved and confined."""

    scenario_path: Path
    root: Path  # resolved
    in_repository: bool
    also_allowed: tuple[Path, ...]  # resolved: the bundled data
    allow_outside: bool

    @classmethod
    def for_scenario(
        cls,
        scenario_path: Path,
        *,
        allow_outside: bool | None = None,
        root: Path | None = None,
        bundled: Path | None = None,
    ) -> References:
        """The rules for `scenario_path`: confined to `root` when given (a checkout of another
        revision, say), else to its repository or folder; `bundled` is always allowed."""
        if root is not None:
            found, in_repository = _resolved(root), True
        else:
            found, in_repository = repository_root(scenario_path)
        return cls(
            scenario_path=scenario_path,
            root=found,
            in_repository=in_repository,
            also_allowed=(_resolved(bundled),) if bundled is not None else (),
            allow_outside=outside_paths_allowed(allow_outside),
        )

    def resolve(self, reference: str) -> Path:
        """The file `reference` names, relative to the scenario; ReferenceRefusedError when it
        leads outside the allowed folders (whether or not such a file exists, so the answer
        says nothing about what is there)."""
        if any(len(part) > MAX_NAME_LENGTH for part in Path(reference).parts):
            raise ReferenceRefusedError(
                f"{quote_token(reference)} is not a usable path: a name in it is longer than "
                f"{MAX_NAME_LENGTH} characters"
            )
        try:
            candidate = self.scenario_path.parent / reference
            resolved = _resolved(candidate)
        except (OSError, RuntimeError, ValueError):  # a NUL byte, a symbolic link loop
            raise ReferenceRefusedError(f"{quote_token(reference)} is not a usable path") from None
        if self.allow_outside or any(
            resolved.is_relative_to(folder) for folder in (self.root, *self.also_allowed)
        ):
            _check_usable(candidate, reference)
            return Path(os.path.normpath(candidate))
        if self.in_repository:
            where = "the scenario's repository"
        elif self.root == _resolved(self.scenario_path).parent:
            where = "the scenario's folder"
        else:
            where = "the scenario's project folder (the one above the scenario's own)"
        raise ReferenceRefusedError(
            f"{quote_token(reference)} leads outside {where}, so it is not read (a scenario "
            f"may name only files beside it); to allow it, pass --allow-outside-paths or set "
            f"{ALLOW_ENVIRONMENT_VARIABLE}=1"
        )

    def refusal(self, reference: str) -> str | None:
        """Why `reference` may not be followed, or None when it may."""
        try:
            self.resolve(reference)
        except ReferenceRefusedError as refused:
            return str(refused)
        return None


def display_path(path: Path) -> str:
    """A path as it is best shown: relative to here when it is below here, else absolute;
    a newline or a bidi control in it escaped (see text_safety.shown_file_name)."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # pragma: no cover - another drive on Windows
        return shown_file_name(str(path))
    return shown_file_name(str(_resolved(path)) if relative.startswith("..") else relative)


def _check_usable(path: Path, reference: str) -> None:
    """Refuse a path that cannot even be looked at (permission denied on a folder, say), so
    that callers may ask `is_file()` of it without an exception."""
    try:
        path.stat()
    except (FileNotFoundError, NotADirectoryError):
        return  # no such file: the caller says so in its own words
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise ReferenceRefusedError(f"{quote_token(reference)} cannot be used: {reason}") from None


def _resolved(path: Path) -> Path:
    return Path(path).resolve(strict=False)
