"""Scenarios as they were at a git revision (`REV:path`), with the files they refer to.

The scenario and every file it names that exists at that revision (its rate table, an
extract) are written into a temporary folder that mirrors the repository's layout, so a
relative `rates:` resolves exactly as it did in that revision, and the ordinary loader reads
them. Problems are reported against `REV:path`, never the temporary folder.
"""

from __future__ import annotations

import dataclasses
import posixpath
import subprocess
from pathlib import Path

from pi_growth.problems import InputError, Problem, quote_token
from pi_growth.yaml_source import parse_yaml

GIT_TIMEOUT_SECONDS = 30
MAX_REFERENCED_FILES = 20


def is_revision_reference(argument: str) -> bool:
    """True for `REV:path` (a colon, and no file of that name here)."""
    return ":" in argument and not Path(argument).exists()


def materialise(reference: str, into: Path) -> Path:
    """Write the scenario at `REV:path` (and the files it refers to) under `into`; its path.

    Raises InputError when git is missing, the revision or path is unknown, or git fails.
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
    target = into / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(content)
    _materialise_referenced(reference, revision, path, content, into)
    return target


def _materialise_referenced(
    reference: str, revision: str, path: str, content: bytes, into: Path
) -> None:
    """Bring along each file the scenario names (relative to it) that the revision has."""
    try:
        document = parse_yaml(content.decode("utf-8-sig"), path)
    except (InputError, UnicodeDecodeError):
        return  # the loader reports what is wrong with the scenario itself
    listed = _git(reference, "ls-tree", "-r", "--full-tree", "--name-only", "-z", revision)
    listed_names = listed.split(b"\0")
    files = {name.decode("utf-8", "replace") for name in listed_names if name}
    folder = posixpath.dirname(path)
    wanted = []
    for value in _strings(document.data):
        candidate = posixpath.normpath(posixpath.join(folder, value.strip()))
        if candidate in files and candidate != path and candidate not in wanted:
            wanted.append(candidate)
    for name in wanted[:MAX_REFERENCED_FILES]:
        target = into / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(_git(reference, "cat-file", "blob", f"{revision}:{name}", what="path"))


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


def relabel(problems: list[Problem], into: Path, revision: str) -> list[Problem]:
    """Problems in the temporary folder's files, renamed to `REV:path`."""
    return [
        dataclasses.replace(problem, file=relabel_file(problem.file, into, revision))
        for problem in problems
    ]


def relabel_file(file: str, into: Path, revision: str) -> str:
    """A temporary folder's file shown as `REV:path` (other files are left as they are)."""
    root = str(into)
    if file.startswith(root + "/"):
        return f"{revision}:{file[len(root) + 1 :]}"
    return file
