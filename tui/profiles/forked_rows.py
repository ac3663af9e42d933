"""The start's row read (``load_rows``) in a child process, on a core of its own.

In a thread, the read shares the interpreter lock with the UI's imports and first frame:
at 10,000 profiles its 10,000 stats, the index's header and the loop over them add their
~65 ms of CPU to the start's. A child forked before any thread exists does the same read
beside the imports and hands the rows over a pipe (msgpack, ~5 ms to decode); the child then
writes the index when it changed and exits.

Only where fork is safe and cheap: Linux, a process with one thread (the CLI's start, before
Textual). Anything else, or a child that fails, and the read is made in this process as before.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
from concurrent.futures import Future
from pathlib import Path
from typing import TYPE_CHECKING

import msgspec

from tui.profiles.parse import BrokenProfile
from tui.profiles.rows import ProfileRow, RowsResult

if TYPE_CHECKING:
    from tui.profiles.store import ProfileStore


class _Wire(msgspec.Struct, array_like=True):
    rows: list[ProfileRow]
    broken: list[tuple[bytes, int | None, str]]  # file names as bytes: not every name is UTF-8
    exposed: list[bytes]


def _encode(result: RowsResult) -> bytes:
    broken = [(os.fsencode(b.path), b.line, b.reason) for b in result.broken]
    exposed = [os.fsencode(path) for path in result.exposed]
    return msgspec.msgpack.encode(_Wire(result.rows, broken, exposed))


def _decode(data: bytes) -> RowsResult:
    wire = msgspec.msgpack.decode(data, type=_Wire)
    broken = [BrokenProfile(Path(os.fsdecode(p)), line, why) for p, line, why in wire.broken]
    return RowsResult(wire.rows, broken, [Path(os.fsdecode(p)) for p in wire.exposed])


def can_fork() -> bool:
    return sys.platform == "linux" and threading.active_count() == 1


def load_rows_forked(store: ProfileStore) -> Future[RowsResult] | None:
    """The rows of ``store`` as a future, read by a child process; None where that is not
    done (see the module's docstring): the caller reads them itself."""
    if not can_fork():
        return None
    try:
        read_end, write_end = os.pipe()
        pid = os.fork()
    except OSError:
        return None
    if pid == 0:  # the child: never returns
        _child(store, read_end, write_end)
    os.close(write_end)
    future: Future[RowsResult] = Future()
    threading.Thread(
        target=_receive, args=(store, pid, read_end, future), name="koppelaar-rows", daemon=True
    ).start()
    return future


def _child(store: ProfileStore, read_end: int, write_end: int) -> None:
    code = 1
    try:
        os.close(read_end)
        data = memoryview(_encode(store.load_rows(index_later=True)))
        while data:
            data = data[os.write(write_end, data) :]
        os.close(write_end)
        store.write_pending_index()  # after the hand-over: the parent does not wait for it
        code = 0
    finally:
        os._exit(code)  # no atexit handlers, no buffers of the parent's flushed twice


def _receive(store: ProfileStore, pid: int, read_end: int, future: Future[RowsResult]) -> None:
    try:
        with os.fdopen(read_end, "rb") as pipe:
            data = pipe.read()
        result = _decode(data)
    except (OSError, msgspec.DecodeError, ValueError):
        result = None  # the child failed before it handed the rows over
    try:
        if result is None:
            result = store.load_rows(index_later=True)
            store.write_pending_index()
        future.set_result(result)
    except Exception as exc:  # the dashboard says what went wrong, as for a thread's read
        future.set_exception(exc)
    finally:
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, 0)
