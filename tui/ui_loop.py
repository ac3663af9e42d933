"""The UI thread's event loop, which gives the UI thread the first claim on the interpreter lock.

Only one thread runs Python at a time. A thread that wants the lock waits one switch interval
(5 ms by default) and then makes the holder give it up. During a check of 10,000 profiles the
runner (HTTP) and the save thread hold the lock two thirds of the time and want it back after
every system call they make. Measured (docs/performance.md, "Tenth session"): the UI thread,
woken for a timer, waited more than 5 ms for the lock 260-300 times in a check, up to 21 ms;
and a callback running on it was cut into by the others once or twice a second.

``UIFirstSelector`` sets the switch interval around each wait for events: short while the loop
waits (``UI_WAITING_INTERVAL``), so that the UI thread, once woken, makes the holder give the
lock up after 1 ms instead of 5; long while the loop runs its callbacks
(``UI_RUNNING_INTERVAL``), so that the others wait for the frame to end instead of cutting into
it. The long one also bounds how long the UI thread waits when it gave the lock up inside a
callback (a system call) and another thread took it. Closing the selector puts the interval
back as it was.
"""

from __future__ import annotations

import asyncio
import selectors
import sys
from collections.abc import Coroutine
from typing import Any, TypeVar

T = TypeVar("T")

# While the loop waits for events: how soon a woken UI thread claims the lock. The other
# threads switch between themselves this often meanwhile; a check was not slower for it.
UI_WAITING_INTERVAL = 0.001
# While the loop runs callbacks: longer than the UI's usual frame with a check running (6-16 ms
# of CPU), short enough that no other thread waits long behind a long callback.
UI_RUNNING_INTERVAL = 0.02


class UIFirstSelector(selectors.DefaultSelector):
    """The platform's selector, setting the switch interval to ``waiting`` while the loop's
    thread waits for events and to ``running`` while it runs Python. Closing it puts back the
    interval found when it was made."""

    def __init__(
        self, waiting: float = UI_WAITING_INTERVAL, running: float = UI_RUNNING_INTERVAL
    ) -> None:
        super().__init__()
        self.before = sys.getswitchinterval()
        self.waiting = waiting
        self.running = running

    def select(self, timeout: float | None = None) -> list[tuple[selectors.SelectorKey, int]]:
        sys.setswitchinterval(self.waiting)
        try:
            return super().select(timeout)
        finally:
            sys.setswitchinterval(self.running)

    def close(self) -> None:
        sys.setswitchinterval(self.before)
        super().close()


def ui_event_loop() -> asyncio.AbstractEventLoop:
    """A new event loop for the UI thread (``UIFirstSelector``); where asyncio's default loop
    is not a selector loop (Windows), that default."""
    if sys.platform == "win32":
        return asyncio.new_event_loop()
    return asyncio.SelectorEventLoop(UIFirstSelector())


def run_on_ui_loop(main: Coroutine[Any, Any, T]) -> T:
    """Run ``main`` to its end on a new UI loop, then close it as ``asyncio.run`` does."""
    with asyncio.Runner(loop_factory=ui_event_loop) as runner:
        return runner.run(main)
