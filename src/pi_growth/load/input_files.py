"""Reading an input file: a regular file only, bounded in size and lines, never blocking.

Scenarios, rate tables and extracts may come from a pull request. A path that is a FIFO
would block the run forever; one that is a symbolic link to `/dev/zero` or `/dev/urandom`
would be read until memory runs out. So the file is opened without blocking, and what was
opened (the descriptor, not the path, which could change in between) must be a regular
file; it is read up to a bounded size, and its text checked for a bounded number of lines.
docs/limits.md lists every limit.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from pi_growth.problems import InputError, Problem

# A 10,000-line scenario is about 1 MB of YAML and a 100,000-row extract about 4 MB; these
# limits are far above any plan and keep a run well under 1 GB of memory (docs/limits.md).
MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_FILE_LINES = 1_000_000
_MEBIBYTE = 1024 * 1024

_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def _refuse(display: str, message: str, line: int = 1, column: int = 1) -> InputError:
    return InputError([Problem(display, line, column, message)])


def read_bytes(path: Path, display: str, *, limit: int | None = None) -> bytes:
    """The bytes of a regular file of at most `limit` bytes (default MAX_FILE_BYTES), or an
    InputError saying why not."""
    limit = MAX_FILE_BYTES if limit is None else limit
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise _refuse(display, f"cannot read the file: {reason}") from None
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            kind = next((name for test, name in _KINDS if test(status.st_mode)), "")
            raise _refuse(
                display,
                f"is {kind or 'not a regular file'}, not a file; only regular files are read",
            )
        size = status.st_size
        # One byte more than allowed tells a file that grows while it is read.
        raw = b"" if size > limit else _read_up_to(descriptor, limit + 1)
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise _refuse(display, f"cannot read the file: {reason}") from None
    finally:
        os.close(descriptor)
    if size > limit or len(raw) > limit:
        raise _refuse(
            display,
            f"the file is {max(size, len(raw)):,} bytes; files over {limit // _MEBIBYTE} MB "
            "are refused (docs/limits.md)",
        )
    return raw


def _read_up_to(descriptor: int, most: int) -> bytes:
    chunks: list[bytes] = []
    left = most
    while left > 0:
        chunk = os.read(descriptor, min(left, _MEBIBYTE))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def read_text(path: Path, display: str) -> str:
    """A file's text, or an InputError saying why it cannot be had (missing, not a regular
    file, too big, too many lines, not UTF-8)."""
    raw = read_bytes(path, display)
    lines = raw.count(b"\n") + 1
    if lines > MAX_FILE_LINES:
        raise _refuse(
            display,
            f"the file has {lines:,} lines; files of more than {MAX_FILE_LINES:,} lines are "
            "refused (docs/limits.md)",
            MAX_FILE_LINES + 1,
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        column = error.start - (before.rfind(b"\n") + 1) + 1
        raise _refuse(
            display, f"the file is not UTF-8 text (byte 0x{raw[error.start]:02x})", line, column
        ) from None
