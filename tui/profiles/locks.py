"""A profile's lock, between Koppelaar processes and threads: an exclusive ``flock`` on its
file in ``.locks/``. It is the lock ``filelock`` takes on that file (older Koppelaars took it
with ``filelock``, and each excludes the other), without that library's bookkeeping (fork
tracking, a path resolved and the file truncated on every acquire): a third of an import's
time, and of each save a check makes."""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Callable
from pathlib import Path

POLL_S = 0.05


def take(path: Path, timeout: float) -> Callable[[], None] | None:
    """Lock ``path`` (made if missing), waiting at most ``timeout`` seconds: the function that
    lets it go, or None when another holder kept it that long."""
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags, 0o644)
    deadline = time.monotonic() + timeout
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if time.monotonic() >= deadline:
                os.close(fd)
                return None
            time.sleep(POLL_S)
        except BaseException:
            os.close(fd)
            raise
        else:
            break

    def release() -> None:
        try:
            fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)

    return release
