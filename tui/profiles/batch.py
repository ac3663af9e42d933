"""Many durable writes at once (an import of 10,000 rows), as honest as one at a time.

One durable write is: temporary file, fsync, rename over the target, fsync the folder. Two
fsyncs per file make an import of 10,000 rows take 10-20 s, almost all of it waiting for the
disk. A batch writes every file to its temporary name first, makes them durable together
(their fsyncs overlap, so the file system commits them in a few journal transactions), then
renames them and fsyncs the folder once. A crash at any point leaves every profile either as
it was or as it is now, never empty or half written (the rename comes after its data is on
disk), and the import run again finishes the job. Each target's lock is held from the read
to the rename, so another writer never sees (or overwrites) a state in between. A new file
needs no lock: it is linked into place only where no file has its name yet, and a name another
writer took first is left to that writer (``WriteBatch.taken``).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from tui.profiles.fileio import (
    FILE_MODE,
    fsync_dir,
    put_in_place,
    refuse_special,
    temporary_beside,
)

# Files per commit: bounds the locks and files held open (two descriptors per file) and the
# work a crash can leave undone.
BATCH_FILES = 200
SYNC_THREADS = 16


@dataclass
class _Pending:
    tmp: str
    path: Path
    fd: int
    new: bool


@dataclass
class WriteBatch:
    """Writes collected until ``commit`` (the store flushes at ``BATCH_FILES``)."""

    pending: list[_Pending] = field(default_factory=list)
    releases: list[Callable[[], None]] = field(default_factory=list)
    targets: set[Path] = field(default_factory=set)
    # New files (``write(new=True)``) whose name another writer took first: not written.
    taken: list[Path] = field(default_factory=list)

    def write(
        self, path: Path, data: bytes, mode: int = FILE_MODE, *, new: bool = False
    ) -> os.stat_result:
        """Write ``data`` to a temporary name beside ``path``: durable and in place of
        ``path`` after ``commit`` (with ``new``, only if no file has that name by then; see
        ``taken``). Returns the stat the file will have there."""
        if not new:
            refuse_special(path)  # a link never replaces what is there
        fd, tmp = temporary_beside(path)
        try:
            os.fchmod(fd, mode)
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            written = os.fstat(fd)
        except BaseException:
            os.close(fd)
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
        self.pending.append(_Pending(tmp, path, fd, new))
        self.targets.add(path)
        return written

    def full(self) -> bool:
        return len(self.pending) >= BATCH_FILES

    def commit(self) -> None:
        """Make the written files durable, put them in place, fsync their folders, then
        release the locks; on a failure the files not yet renamed are removed."""
        pending, self.pending = self.pending, []
        try:
            if pending:
                with ThreadPoolExecutor(min(SYNC_THREADS, len(pending))) as pool:
                    list(pool.map(os.fsync, [p.fd for p in pending]))
                for p in pending:
                    os.close(p.fd)
                    p.fd = -1
                folders: dict[Path, None] = {}
                for p in pending:
                    try:
                        put_in_place(p.tmp, p.path, new=p.new)
                    except FileExistsError:
                        if not p.new:
                            raise
                        self.taken.append(p.path)
                        os.unlink(p.tmp)
                    p.tmp = ""
                    folders[p.path.parent] = None
                for folder in folders:
                    fsync_dir(folder)
        finally:
            for p in pending:
                if p.fd >= 0:
                    with contextlib.suppress(OSError):
                        os.close(p.fd)
                if p.tmp:
                    with contextlib.suppress(OSError):
                        os.unlink(p.tmp)
            self.release()

    def release(self) -> None:
        releases, self.releases = self.releases, []
        self.targets.clear()
        for release in reversed(releases):
            release()

    def discard(self) -> None:
        """Drop what was not committed (the targets keep their old content)."""
        for p in self.pending:
            with contextlib.suppress(OSError):
                os.close(p.fd)
            with contextlib.suppress(OSError):
                os.unlink(p.tmp)
        self.pending = []
        self.release()
