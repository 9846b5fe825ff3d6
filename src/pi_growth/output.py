"""Write outputs whole or not at all, and never replace what is not a regular file.

A regular file (or a new path) is written to a temporary file beside it, then renamed over
it, so a reader sees the old file or the new one, never half. Renaming would *replace* a
character device (`/dev/null`), a FIFO or a symbolic link with a regular file, so those are
treated as what they are: a device or a FIFO with a reader is written straight into; a
symbolic link to a regular file has its target replaced (the link stays); anything else (a
directory, a socket, a FIFO nobody reads) is refused with a message saying why. The
temporary file is removed however the run ends: an error, Ctrl-C, SIGTERM or SIGHUP.
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import stat
import tempfile
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import FrameType

# What can be written: text (as UTF-8) or bytes, whole or as chunks made while it is written.
Content = str | bytes | Iterable[str] | Iterable[bytes]

# `-o -` is standard output, as for most command-line tools.
STDOUT_NAME = "-"
# Signals that end a run and must not leave a temporary file behind (SIGINT already raises
# KeyboardInterrupt, which the cleanup below handles).
_ENDING_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)
)


class OutputRefusedError(OSError):
    """An output path that is not written to; the message says why."""


def is_stdout(path: Path | str | None) -> bool:
    """True when an `--output` value means standard output (`-o -`)."""
    return path is not None and str(path) == STDOUT_NAME


def write_atomically(path: Path, content: Content) -> None:
    """Write `content` to `path`: atomically for a regular file or a new path, straight into
    a character device or a FIFO that has a reader; OutputRefusedError for anything else.
    Chunks go out as they come, so a long output is never held whole."""
    try:
        status = path.stat()  # follows symbolic links: what would actually be written
    except FileNotFoundError:
        status = None
    except OSError as error:
        raise OutputRefusedError(error.errno, error.strerror or str(error)) from None
    if status is not None and not stat.S_ISREG(status.st_mode):
        _write_in_place(path, status.st_mode, content)
        return
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    _replace_atomically(target, content)


def _write_in_place(path: Path, mode: int, content: Content) -> None:
    if stat.S_ISDIR(mode):
        raise OutputRefusedError(errno.EISDIR, "is a directory; give a file name")
    if not (stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)):
        raise OutputRefusedError(
            errno.EINVAL, "is not a regular file, a character device or a FIFO; not written"
        )
    # O_NONBLOCK so that opening a FIFO nobody reads fails at once (ENXIO) instead of hanging;
    # it is cleared again before writing, so a slow reader is waited for.
    flags = os.O_WRONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError as error:
        if error.errno == errno.ENXIO:
            raise OutputRefusedError(
                errno.ENXIO, "is a FIFO that nothing is reading; not written"
            ) from None
        raise
    os.set_blocking(descriptor, True)
    with os.fdopen(descriptor, "wb") as stream:
        for chunk in _chunks(content):
            stream.write(chunk)


def _replace_atomically(path: Path, content: Content) -> None:
    directory = path.parent if str(path.parent) else Path()
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        with _signals_raise():
            # mkstemp makes the file private (0600); give it the mode a plain open() would have.
            Path(temporary).chmod(_mode_for(path))
            with os.fdopen(handle, "wb") as stream:
                for chunk in _chunks(content):
                    stream.write(chunk)
                stream.flush()
                os.fsync(stream.fileno())
            Path(temporary).replace(path)
    except BaseException as ended:
        with contextlib.suppress(OSError):
            Path(temporary).unlink()
        if isinstance(ended, _EndedBySignalError):
            # End the process by the same signal, as it would have ended without us (its
            # default handler is back in force).
            signal.raise_signal(ended.number)
        raise


def _chunks(content: Content) -> Iterator[bytes]:
    for chunk in (content,) if isinstance(content, str | bytes) else content:
        yield chunk.encode("utf-8") if isinstance(chunk, str) else chunk


class _EndedBySignalError(BaseException):
    """SIGTERM or SIGHUP arrived while a temporary file existed."""

    def __init__(self, number: int) -> None:
        super().__init__(number)
        self.number = number


@contextlib.contextmanager
def _signals_raise() -> Iterator[None]:
    """Turn SIGTERM and SIGHUP into an exception while the block runs, so that the caller's
    cleanup runs; the handlers in force before are restored when it ends, however it ends."""
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may set handlers; it is the one the CLI runs in
        return

    def _raise(number: int, _frame: FrameType | None) -> None:
        raise _EndedBySignalError(number)

    # Only signals that would end the run anyway: one that is ignored, or handled by the
    # program embedding us, keeps its meaning.
    previous = {
        number: signal.signal(number, _raise)
        for number in _ENDING_SIGNALS
        if signal.getsignal(number) == signal.SIG_DFL
    }
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def _mode_for(path: Path) -> int:
    """An existing file keeps its permissions; a new one gets 0666 less the umask."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
