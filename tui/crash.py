"""Unexpected errors: one short line on screen, the details (redacted) in a log file.

A traceback never reaches the terminal, and never carries local variables (Rich's and
Textual's tracebacks show them: a password in a local would be on screen). The log holds the
plain traceback with every known secret masked, in ``crash-*.log`` (0600) in the state
directory (``$XDG_STATE_HOME/koppelaar``, or a private folder in the temp directory when that
cannot be written).
"""

from __future__ import annotations

import os
import sys
import tempfile
import traceback
from datetime import UTC, datetime
from pathlib import Path

from tui.text.i18n import t

APP_NAME = "koppelaar"
EXIT_CRASH = 3


def state_dirs() -> list[Path]:
    """Where a crash log may go, best first."""
    import platformdirs

    uid = os.getuid() if hasattr(os, "getuid") else 0
    return [
        Path(platformdirs.user_state_dir(APP_NAME)),
        Path(tempfile.gettempdir()) / f"{APP_NAME}-{uid}",
    ]


def details(exc: BaseException) -> str:
    """The traceback without locals, every registered secret masked."""
    from tui.secrets.redact import redact

    text = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    header = f"Koppelaar {_version()} on Python {sys.version.split()[0]}, {datetime.now(UTC)}\n"
    return redact(header + text)


def _version() -> str:
    try:
        from importlib.metadata import version

        return version(APP_NAME)
    except Exception:  # a crash report must not fail on a missing version
        return "?"


def write_log(exc: BaseException) -> Path | None:
    """Write the details of ``exc`` to a new private log file; None when no folder takes it."""
    text = details(exc).encode("utf-8", "backslashreplace")
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    for folder in state_dirs():
        try:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            if folder.is_symlink() or (os.stat(folder).st_uid != os.getuid()):
                continue
            path = folder / f"crash-{stamp}-{os.getpid()}.log"
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
            fd = os.open(path, flags, 0o600)
            with os.fdopen(fd, "wb") as handle:
                handle.write(text)
            return path
        except OSError:
            continue
    return None


def report(exc: BaseException, lang: str | None = None) -> str:
    """Write the log; the one line to show (no message text of the error: it may hold a secret)."""
    path = write_log(exc)
    if path is None:
        return t("crash.no_log", lang, kind=type(exc).__name__)
    return t("crash.logged", lang, kind=type(exc).__name__, path=path)
