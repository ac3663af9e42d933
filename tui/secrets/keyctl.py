"""A vault passphrase kept for a while in the Linux kernel's user keyring, the way ``sudo``
keeps its timestamp or ``ssh-agent`` a key: ``koppelaar secrets unlock --vault`` puts it there
with a timeout (15 minutes unless ``--keep`` says otherwise), later runs of the same user read
it instead of asking, ``koppelaar secrets lock`` (or the timeout, or a reboot) removes it.

The kernel holds the key in memory only, never on disk; processes of the same user can read
it (as they could talk to an ssh-agent). Through the ``add_key``/``keyctl`` system calls, so no
``keyutils`` package is needed; elsewhere (not Linux, or a kernel without keys) nothing is kept
and every run asks once.
"""

from __future__ import annotations

import ctypes
import hashlib
import os
import platform
import sys
from pathlib import Path

DEFAULT_KEEP_MINUTES = 15
MAX_KEEP_MINUTES = 8 * 60
_MAX_SECRET = 4096

# System call numbers per architecture (add_key, keyctl).
_SYSCALLS = {"x86_64": (248, 250), "aarch64": (217, 219), "i686": (286, 288)}
_KEY_SPEC_USER_KEYRING = -4
_KEYCTL_REVOKE = 3
_KEYCTL_SEARCH = 10
_KEYCTL_READ = 11
_KEYCTL_SET_TIMEOUT = 15


def _calls() -> tuple[ctypes.CDLL, int, int] | None:
    if not sys.platform.startswith("linux"):
        return None
    numbers = _SYSCALLS.get(platform.machine())
    if numbers is None:
        return None
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None
    return libc, numbers[0], numbers[1]


def key_name(vault_path: Path) -> str:
    digest = hashlib.sha256(os.fsencode(vault_path.expanduser().resolve())).hexdigest()[:24]
    return f"koppelaar:vault:{digest}"


def _search(libc: ctypes.CDLL, keyctl: int, name: str) -> int:
    found: int = libc.syscall(
        keyctl, _KEYCTL_SEARCH, _KEY_SPEC_USER_KEYRING, b"user", name.encode(), 0
    )
    return found


def remember(vault_path: Path, passphrase: str, minutes: int) -> bool:
    """Keep ``passphrase`` for ``minutes``; False when this system cannot."""
    calls = _calls()
    if calls is None or minutes <= 0:
        return False
    libc, add_key, keyctl = calls
    data = passphrase.encode("utf-8")
    key = libc.syscall(
        add_key, b"user", key_name(vault_path).encode(), data, len(data), _KEY_SPEC_USER_KEYRING
    )
    if key < 0:
        return False
    seconds = min(minutes, MAX_KEEP_MINUTES) * 60
    if libc.syscall(keyctl, _KEYCTL_SET_TIMEOUT, key, seconds) < 0:
        libc.syscall(keyctl, _KEYCTL_REVOKE, key)
        return False
    return True


def recall(vault_path: Path) -> str | None:
    """The passphrase kept for this vault, or None."""
    calls = _calls()
    if calls is None:
        return None
    libc, _, keyctl = calls
    key = _search(libc, keyctl, key_name(vault_path))
    if key < 0:
        return None
    buffer = ctypes.create_string_buffer(_MAX_SECRET)
    size = libc.syscall(keyctl, _KEYCTL_READ, key, buffer, _MAX_SECRET)
    if size < 0 or size > _MAX_SECRET:
        return None
    try:
        return buffer.raw[:size].decode("utf-8")
    finally:
        ctypes.memset(buffer, 0, _MAX_SECRET)


def forget(vault_path: Path) -> bool:
    """Remove the kept passphrase; True when there was one."""
    calls = _calls()
    if calls is None:
        return False
    libc, _, keyctl = calls
    key = _search(libc, keyctl, key_name(vault_path))
    if key < 0:
        return False
    return bool(libc.syscall(keyctl, _KEYCTL_REVOKE, key) == 0)
