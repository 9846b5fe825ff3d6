"""Scenarios as they were at a git revision (`REV:path`), with the files they refer to.

The scenario and every file it names that exists at that revision (its rate table, an
extract) are written into a temporary folder that mirrors the repository's layout, so a
relative `rates:` resolves exactly as it did in that revision, and the ordinary loader reads
them. Problems are reported against `REV:path`, never the temporary folder.

The repository is copied to the place under the temporary folder that mirrors its real place
on disk, so that when outside paths are allowed a reference leading out of the repository
(`../../shared/rates.yaml`) reaches, through a symbolic link, the file it names in the working
tree -- never another file near the temporary folder.
"""

from __future__ import annotations

import dataclasses
import os
import posixpath
import subprocess
from dataclasses import dataclass
from pathlib import Path

from pi_growth.load.references import display_path
from pi_growth.load.yaml_source import parse_yaml
from pi_growth.problems import InputError, Problem, quote_token

GIT_TIMEOUT_SECONDS = 30
MAX_REFERENCED_FILES = 20


def is_revision_reference(argument: str) -> bool:
    """True for `REV:path` (a colon, and no file of that name here)."""
    return ":" in argument and not Path(argument).exists()


@dataclass(frozen=True)
class Materialised:
    """A scenario at a revision written out under `scratch`, and how to name its files again."""

    revision: str
    scenario: Path  # the scenario's copy
    repository: Path  # the repository's copy: where the scenario's references may reach
    scratch: Path  # everything written is below this folder
    anchor: Path  # the root of the file system the repository is on

    def label(self, file: str) -> str:
        """A copied file as `REV:path`, or by its real path when it lies outside the
        repository (a file outside paths are allowed to reach); other files as they are."""
        # Lexically, not resolved: a linked-in file must keep its place under `scratch`.
        absolute = os.path.abspath(file)  # noqa: PTH100
        repository, scratch = f"{self.repository}{os.sep}", f"{self.scratch}{os.sep}"
        if absolute.startswith(repository):
            return f"{self.revision}:{absolute[len(repository) :]}"
        if absolute.startswith(scratch):
            return display_path(self.anchor / absolute[len(scratch) :])
        return file

    def relabel(self, problems: list[Problem]) -> list[Problem]:
        """Problems in the copied files, renamed as `label` names their files."""
        return [dataclasses.replace(problem, file=self.label(problem.file)) for problem in problems]


def materialise(reference: str, into: Path, *, allow_outside: bool = False) -> Materialised:
    """Write the scenario at `REV:path` (and the files it refers to) under `into`.

    With `allow_outside`, a file it names outside the repository is linked in from the working
    tree. Raises InputError when git is missing, the revision or path is unknown, or git fails.
    """
    revision, _, path = reference.partition(":")
    if revision.startswith("-") or not path:
        raise _problem(reference, "write a git revision and a path as REV:path")
    top = _git(reference, "rev-parse", "--show-toplevel").decode().strip()
    if path.startswith(("./", "../")):
        prefix = _git(reference, "rev-parse", "--show-prefix").decode().strip()
        path = prefix + path
    path = posixpath.normpath(path)
    if path.startswith("../") or path == ".." or posixpath.isabs(path):
        raise _problem(reference, f"the path is outside the repository at {top}")
    _git(reference, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}", what="revision")
    # `cat-file blob`, not `show`: a folder (a tree) is then "no file", not a listing.
    content = _git(reference, "cat-file", "blob", f"{revision}:{path}", what="path")
    real_top = Path(top)
    written = Materialised(
        revision=revision,
        scenario=_mirrored(into, real_top) / path,
        repository=_mirrored(into, real_top),
        scratch=into,
        anchor=Path(real_top.anchor),
    )
    written.scenario.parent.mkdir(parents=True, exist_ok=True)
    written.scenario.write_bytes(content)
    _materialise_referenced(reference, path, content, written, allow_outside=allow_outside)
    return written


def _mirrored(into: Path, real: Path) -> Path:
    """Where a real absolute path is mirrored under `into` (always below it)."""
    return into / real.relative_to(real.anchor)


def _materialise_referenced(
    reference: str, path: str, content: bytes, written: Materialised, *, allow_outside: bool
) -> None:
    """Bring along each file the scenario names (relative to it) that the revision has; with
    `allow_outside`, link in each one outside the repository that the working tree has."""
    try:
        document = parse_yaml(content.decode("utf-8-sig"), path)
    except (InputError, UnicodeDecodeError):
        return  # the loader reports what is wrong with the scenario itself
    revision = written.revision
    listed = _git(reference, "ls-tree", "-r", "--full-tree", "--name-only", "-z", revision)
    listed_names = listed.split(b"\0")
    files = {name.decode("utf-8", "replace") for name in listed_names if name}
    folder = posixpath.dirname(path)
    real_top = written.anchor / written.repository.relative_to(written.scratch)
    wanted: list[str] = []
    outside: list[Path] = []
    for value in _strings(document.data):
        candidate = posixpath.normpath(posixpath.join(folder, value.strip()))
        if allow_outside and (candidate == ".." or candidate.startswith("../")):
            real = Path(os.path.normpath(real_top / candidate))
            if real.is_relative_to(real_top):  # out and back in: `../repo/rates.yaml`
                candidate = real.relative_to(real_top).as_posix()
            elif real.is_file() and real not in outside:
                outside.append(real)
        if candidate in files and candidate != path and candidate not in wanted:
            wanted.append(candidate)
    for name in wanted[:MAX_REFERENCED_FILES]:
        target = written.repository / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(_git(reference, "cat-file", "blob", f"{revision}:{name}", what="path"))
    for real in outside[:MAX_REFERENCED_FILES]:
        link = _mirrored(written.scratch, real)
        link.parent.mkdir(parents=True, exist_ok=True)
        if not link.exists():
            try:
                link.symlink_to(real)
            except OSError:  # links not allowed here (Windows without the privilege)
                continue  # the loader then says it cannot find the file


def _strings(data: object) -> list[str]:
    if isinstance(data, str):
        return [data] if 0 < len(data) < 1024 and "\n" not in data else []
    if isinstance(data, dict):
        return [text for value in data.values() for text in _strings(value)]
    if isinstance(data, list):
        return [text for value in data for text in _strings(value)]
    return []


def _git(reference: str, *arguments: str, what: str = "") -> bytes:
    try:
        completed = subprocess.run(  # noqa: S603 - fixed git arguments, no shell
            ["git", *arguments],  # noqa: S607 - git from PATH, as a user runs it
            capture_output=True,
            timeout=GIT_TIMEOUT_SECONDS,
            check=False,
        )
    except FileNotFoundError:
        raise _problem(reference, "cannot read from git: git is not installed") from None
    except subprocess.TimeoutExpired:
        raise _problem(
            reference, f"git did not answer within {GIT_TIMEOUT_SECONDS} seconds"
        ) from None
    if completed.returncode != 0:
        revision, _, path = reference.partition(":")
        if what == "revision":
            raise _problem(reference, f"unknown git revision {quote_token(revision)}")
        if what == "path":
            raise _problem(
                reference, f"no file {quote_token(path)} at git revision {quote_token(revision)}"
            )
        detail = completed.stderr.decode("utf-8", "replace").strip().splitlines()
        reason = detail[0] if detail else f"exit {completed.returncode}"
        raise _problem(reference, f"cannot read from git: {quote_token(reason, 120)}")
    return completed.stdout


def _problem(reference: str, message: str) -> InputError:
    return InputError([Problem(reference, 1, 1, message)])
