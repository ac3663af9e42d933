"""Durable file writes: temp file in the same directory, fsync, os.replace, fsync the directory."""

from __future__ import annotations

import contextlib
import errno
import itertools
import logging
import os
import stat
from pathlib import Path
from typing import BinaryIO

FILE_MODE = 0o600
DIR_MODE = 0o700


_warned: set[Path] = set()
log = logging.getLogger("koppelaar.files")


def ensure_private_dir(path: Path) -> None:
    """Create the directory (and any missing parent) 0700; a folder that already exists is
    left as it is (a shared or sticky folder keeps its mode), with a warning when others
    may read it."""
    missing: list[Path] = []
    current = path
    while not current.exists() and current != current.parent:
        missing.append(current)
        current = current.parent
    for folder in reversed(missing):
        try:
            os.mkdir(folder, DIR_MODE)
        except FileExistsError:
            continue
        os.chmod(folder, DIR_MODE)  # exactly 0700, whatever the umask
    if not missing:
        _warn_if_open(path)


def _warn_if_open(path: Path) -> None:
    try:
        mode = path.stat().st_mode
    except OSError:
        return
    if mode & 0o077 and path not in _warned:
        _warned.add(path)
        log.warning(
            "%s is open to others (mode %04o); Koppelaar leaves it so. "
            "Run 'chmod 700 %s' if only you should read it.",
            path,
            stat.S_IMODE(mode),
            path,
        )


_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISLNK, "a symbolic link"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
)


class NotRegularFileError(OSError):
    """A path Koppelaar reads or replaces is not a plain file (FIFO, folder, device, link)."""

    def __init__(self, path: Path, mode: int) -> None:
        kind = next((name for test, name in _KINDS if test(mode)), "not a plain file")
        reason = f"is {kind}, not a file; Koppelaar leaves it alone"
        super().__init__(errno.EINVAL, reason, str(path))


def read_regular(path: Path) -> bytes:
    """The bytes of ``path`` if it is a regular file: opened without following a symbolic link
    and without blocking (a FIFO would wait for a writer forever)."""
    with open_regular(path) as handle:
        return handle.read()


def open_regular(path: Path) -> BinaryIO:
    """``path`` opened for reading as ``read_regular`` opens it (regular files only)."""
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise NotRegularFileError(path, stat.S_IFLNK) from None
        raise
    handle = os.fdopen(fd, "rb")
    try:
        mode = os.fstat(handle.fileno()).st_mode
        if not stat.S_ISREG(mode):
            raise NotRegularFileError(path, mode)
    except BaseException:
        handle.close()
        raise
    return handle


def refuse_special(path: Path) -> None:
    """Raise NotRegularFileError when ``path`` exists and is not a regular file (writing would
    replace a device, a FIFO or a link with a file)."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return
    if not stat.S_ISREG(mode):
        raise NotRegularFileError(path, mode)


def fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


_names = itertools.count()


def temporary_beside(path: Path) -> tuple[int, str]:
    """A new file (0600) beside ``path``, hidden, opened for writing: its descriptor and
    name. ``tempfile.mkstemp`` without its bookkeeping (a random name each time, checks of
    its arguments), which an import of 10,000 rows pays 10,000 times."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    flags |= getattr(os, "O_CLOEXEC", 0)
    while True:
        tmp = f"{path.parent}/.{path.name}.{os.getpid()}-{next(_names)}.tmp"
        try:
            return os.open(tmp, flags, FILE_MODE), tmp
        except FileExistsError:
            continue  # left by a process of the same number that was stopped


def links_work(folder: Path) -> bool:
    """Whether ``folder``'s file system makes hard links (``put_in_place`` with ``new=True``
    needs them; FAT and some network shares have none)."""
    fd, tmp = temporary_beside(folder / "links")
    os.close(fd)
    try:
        os.link(tmp, tmp + ".2")
    except OSError as exc:
        if exc.errno in _NO_LINKS:
            return False
        raise
    finally:
        os.unlink(tmp)
    os.unlink(tmp + ".2")
    return True


_NO_LINKS = {errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.ENOSYS, errno.EMLINK}


def put_in_place(tmp: str, path: Path, *, new: bool = False) -> None:
    """Give the written temporary file ``tmp`` the name ``path``. With ``new``, only where no
    file has that name (a hard link, then the temporary name removed): two writers creating
    the same profile at once cannot overwrite each other, and no lock is needed to know it.
    Raises FileExistsError then (``tmp`` is left for the caller to remove)."""
    if new:
        os.link(tmp, path)
        os.unlink(tmp)
    else:
        os.replace(tmp, path)


def atomic_write_bytes(
    path: Path,
    data: bytes,
    mode: int = FILE_MODE,
    private_dir: bool = True,
    *,
    new: bool = False,
) -> os.stat_result:
    """Replace ``path`` with ``data`` so that readers see the old or the new file, never half.

    ``private_dir`` makes (and tightens) the parent 0700: right for Koppelaar's own folders,
    wrong for a folder the user chose for an export. ``new`` writes only where no file has
    that name yet (``put_in_place``), FileExistsError otherwise. Returns the written file's
    stat, taken before it took the place of ``path`` (a rename keeps inode, size and mtime).
    """
    if not new:
        refuse_special(path)  # a link never replaces what is there
    if private_dir:
        ensure_private_dir(path.parent)
    fd, tmp = temporary_beside(path)
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
            written = os.fstat(handle.fileno())
        put_in_place(tmp, path, new=new)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    fsync_dir(path.parent)
    return written
