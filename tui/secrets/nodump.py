"""No core dump while secrets are in memory: a crash would otherwise write the Loket.nl
password, the vault passphrase and tokens to disk (``core`` files, systemd-coredump, apport).

``RLIMIT_CORE`` goes to 0 and the process is marked non-dumpable (``PR_SET_DUMPABLE`` 0, which
also keeps other processes of the same user from attaching a debugger). Both stay so for the
rest of the process: secrets live in memory until it ends.
"""

from __future__ import annotations

import contextlib
import ctypes
import sys

_PR_SET_DUMPABLE = 4
_PR_GET_DUMPABLE = 3


def disable_core_dumps() -> None:
    with contextlib.suppress(ImportError, ValueError, OSError):
        import resource

        _, hard = resource.getrlimit(resource.RLIMIT_CORE)
        resource.setrlimit(resource.RLIMIT_CORE, (0, hard))
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_DUMPABLE, 0, 0, 0, 0)


def dumpable() -> bool | None:
    """Whether this process may dump core (Linux); None elsewhere."""
    if not sys.platform.startswith("linux"):
        return None
    result: int = ctypes.CDLL(None, use_errno=True).prctl(_PR_GET_DUMPABLE, 0, 0, 0, 0)
    return result != 0
