"""Write outputs whole or not at all: to a temporary file beside the target, then rename."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

# What can be written: text (as UTF-8) or bytes, whole or as chunks made while it is written.
Content = str | bytes | Iterable[str] | Iterable[bytes]


def write_atomically(path: Path, content: Content) -> None:
    """Write `content` to `path` so that a reader sees the old file or the new one, never half.
    Chunks go to the temporary file as they come, so a long output is never held whole."""
    chunks = (content,) if isinstance(content, str | bytes) else content
    directory = path.parent if str(path.parent) else Path()
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        # mkstemp makes the file private (0600); give it the mode a plain open() would have.
        Path(temporary).chmod(_mode_for(path))
        with os.fdopen(handle, "wb") as stream:
            for chunk in chunks:
                stream.write(chunk.encode("utf-8") if isinstance(chunk, str) else chunk)
            stream.flush()
            os.fsync(stream.fileno())
        Path(temporary).replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            Path(temporary).unlink()
        raise


def _mode_for(path: Path) -> int:
    """An existing file keeps its permissions; a new one gets 0666 less the umask."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
