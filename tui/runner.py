"""The app's one background runner: one long-lived asyncio loop in one thread.

Everything that talks to Loket.nl or an SMTP server from the TUI (checks, discovery, consent)
runs here, not on Textual's loop: measured, a check on the UI's loop stalled frames 49-68 ms,
on a loop of its own 15-22 ms. The runner is plain Python; callers hand it a coroutine and get
a :class:`Handle` back to cancel it or to be told when it ended. Results cross back to the UI
as messages the coroutine posts (``post_message`` is thread-safe); an exception that the
coroutine did not turn into a message reaches the ``on_error`` callback, so no screen is left
busy for ever.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Callable, Coroutine
from concurrent.futures import CancelledError, Future
from typing import Any, Generic, TypeVar

T = TypeVar("T")

ErrorCallback = Callable[[str, BaseException], None]


class RunnerClosed(RuntimeError):
    """The runner was stopped; nothing more can be submitted."""


class Handle(Generic[T]):
    """One submitted coroutine: cancel it from any thread, ask how it ended.

    ``cancelled()`` is true only when the coroutine really ended cancelled: one that catches the
    cancellation and returns counts as done, so its owner is told exactly once.
    """

    __slots__ = ("_future", "_loop", "_task", "name")

    def __init__(self, name: str, loop: asyncio.AbstractEventLoop) -> None:
        self.name = name
        self._loop = loop
        self._future: Future[T] = Future()
        self._task: asyncio.Task[T] | None = None

    def _start(self, coro: Coroutine[Any, Any, T]) -> None:
        task = self._loop.create_task(coro, name=self.name)
        self._task = task
        task.add_done_callback(self._settle)

    def _settle(self, task: asyncio.Task[T]) -> None:
        if task.cancelled():
            self._future.cancel()
        elif (error := task.exception()) is not None:
            self._future.set_exception(error)
        else:
            self._future.set_result(task.result())

    def cancel(self) -> None:
        """Cancel the task on the runner's loop (the coroutine sees ``CancelledError``)."""
        if not self._loop.is_closed():
            self._loop.call_soon_threadsafe(self._cancel_task)

    def _cancel_task(self) -> None:
        if self._task is not None:  # always set: _start was queued before this
            self._task.cancel()

    def done(self) -> bool:
        return self._future.done()

    def cancelled(self) -> bool:
        return self._future.cancelled()

    def result(self, timeout: float | None = None) -> T:
        return self._future.result(timeout)

    def add_done_callback(self, callback: Callable[[Handle[T]], None]) -> None:
        self._future.add_done_callback(lambda _future: callback(self))


class BackgroundRunner:
    """One event loop in one daemon thread, started on first use and stopped once."""

    def __init__(self, on_error: ErrorCallback | None = None, name: str = "koppelaar-runner"):
        self._name = name
        self._on_error = on_error
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._closed = False
        self._handles: set[Handle[Any]] = set()

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def _ensure_started(self) -> asyncio.AbstractEventLoop:
        with self._lock:
            if self._closed:
                raise RunnerClosed("the background runner has been stopped")
            if self._loop is None:
                loop = asyncio.new_event_loop()
                ready = threading.Event()

                def run() -> None:
                    asyncio.set_event_loop(loop)
                    loop.call_soon(ready.set)
                    loop.run_forever()

                thread = threading.Thread(target=run, name=self._name, daemon=True)
                thread.start()
                ready.wait()
                self._loop, self._thread = loop, thread
            return self._loop

    def submit(self, coro: Coroutine[Any, Any, T], name: str = "task") -> Handle[T]:
        """Run ``coro`` on the runner's loop; safe to call from any thread."""
        try:
            loop = self._ensure_started()
        except RunnerClosed:
            coro.close()
            raise
        handle: Handle[T] = Handle(name, loop)
        self._handles.add(handle)
        loop.call_soon_threadsafe(handle._start, coro)
        handle.add_done_callback(self._finished)
        return handle

    def _finished(self, handle: Handle[Any]) -> None:
        self._handles.discard(handle)
        try:
            handle.result()
        except CancelledError:
            return
        except BaseException as exc:
            if self._on_error is not None:
                self._on_error(handle.name, exc)

    def active(self) -> list[str]:
        """Names of the coroutines still running."""
        return [handle.name for handle in list(self._handles) if not handle.done()]

    def stop(self, timeout: float = 5.0) -> None:
        """Cancel what still runs, stop the loop and wait for its thread."""
        with self._lock:
            self._closed = True
            loop, thread = self._loop, self._thread
        if loop is None or thread is None:
            return

        async def shutdown() -> None:
            tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            await loop.shutdown_asyncgens()
            await loop.shutdown_default_executor()

        if thread.is_alive():
            # A task that will not end is left: the thread is a daemon.
            with contextlib.suppress(Exception):
                asyncio.run_coroutine_threadsafe(shutdown(), loop).result(timeout)
            loop.call_soon_threadsafe(loop.stop)
            thread.join(timeout)
        if not thread.is_alive():
            loop.close()
