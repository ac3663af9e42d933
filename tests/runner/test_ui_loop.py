"""The UI loop gives its thread the first claim on the interpreter lock: a long switch interval
while it runs Python, a short one while it waits for events, the one it found once closed."""

from __future__ import annotations

import asyncio
import sys
import threading
import time
from collections.abc import Callable, Coroutine, Iterator
from typing import Any, TypeVar

import pytest

from tui.ui_loop import (
    UI_RUNNING_INTERVAL,
    UI_WAITING_INTERVAL,
    UIFirstSelector,
    run_on_ui_loop,
)

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="a selector loop only")

T = TypeVar("T")


@pytest.fixture(autouse=True)
def usual_interval() -> Iterator[float]:
    base = sys.getswitchinterval()
    yield base
    sys.setswitchinterval(base)


def test_python_on_the_loop_runs_with_the_long_interval_and_a_wait_with_the_short(
    usual_interval: float,
) -> None:
    seen: dict[str, float] = {}

    async def main() -> None:
        seen["callback"] = sys.getswitchinterval()
        loop = asyncio.get_running_loop()
        woken = loop.create_future()

        def while_the_loop_waits() -> None:
            seen["waiting"] = sys.getswitchinterval()
            loop.call_soon_threadsafe(woken.set_result, None)

        threading.Timer(0.05, while_the_loop_waits).start()
        await woken  # nothing else to run: the loop waits in its selector
        seen["woken"] = sys.getswitchinterval()

    run_on_ui_loop(main())
    assert seen == {
        "callback": UI_RUNNING_INTERVAL,
        "waiting": UI_WAITING_INTERVAL,
        "woken": UI_RUNNING_INTERVAL,
    }
    assert sys.getswitchinterval() == usual_interval


def test_the_usual_interval_comes_back_when_the_app_fails(usual_interval: float) -> None:
    async def failing() -> None:
        await asyncio.sleep(0)
        raise RuntimeError("the app failed")

    with pytest.raises(RuntimeError, match="the app failed"):
        run_on_ui_loop(failing())
    assert sys.getswitchinterval() == usual_interval


NewLoop = Callable[[], asyncio.AbstractEventLoop]


def _beside(background: Callable[[threading.Event], None], new_loop: NewLoop,
            main: Callable[[], Coroutine[Any, Any, T]]) -> T:  # fmt: skip
    """``main()`` run on a new loop while ``background`` runs in a thread until told to stop."""
    stop = threading.Event()
    thread = threading.Thread(target=background, args=(stop,), daemon=True)
    thread.start()
    loop = new_loop()
    try:
        return loop.run_until_complete(main())
    finally:
        stop.set()
        thread.join()
        loop.close()


def _interruptions(new_loop: NewLoop) -> int:
    """How often a thread that wakes every half millisecond (as the save thread returns from
    its system calls) ran during one callback of 60 ms of Python on the loop."""
    runs = 0

    def waking(stop: threading.Event) -> None:
        nonlocal runs
        while not stop.is_set():
            time.sleep(0.0005)
            runs += 1

    async def busy_callback() -> int:
        await asyncio.sleep(0.05)  # the thread is waking meanwhile
        before = runs
        until = time.perf_counter() + 0.06
        while time.perf_counter() < until:
            pass
        return runs - before

    return _beside(waking, new_loop, busy_callback)


def test_a_thread_waking_meanwhile_does_not_cut_into_a_callback_on_the_ui_loop() -> None:
    # With the usual interval the waking thread takes the lock every 5 ms (9-11 times here);
    # on the UI loop it waits for the callback to end (0 times). One of its wake-ups may fall
    # in the microseconds between the loop's thread taking the lock and setting the long
    # interval.
    assert _interruptions(asyncio.new_event_loop) >= 2
    assert _interruptions(lambda: asyncio.SelectorEventLoop(UIFirstSelector(running=5.0))) <= 1


def test_a_woken_ui_thread_claims_the_lock_sooner_than_the_usual_interval() -> None:
    """A thread holding the lock in Python gives it up to the woken UI thread after the
    short interval: a timer of 1 ms on the UI loop is late by about that, not 5 ms."""

    def spinning(stop: threading.Event) -> None:
        while not stop.is_set():
            pass

    async def timers() -> float:
        loop = asyncio.get_running_loop()
        late = []
        for _ in range(20):
            due = loop.time() + 0.001
            await asyncio.sleep(0.001)
            late.append(loop.time() - due)
        return sorted(late)[len(late) // 2]

    def lateness(new_loop: NewLoop) -> float:
        return _beside(spinning, new_loop, timers)

    usual = lateness(asyncio.new_event_loop)
    on_ui_loop = lateness(lambda: asyncio.SelectorEventLoop(UIFirstSelector()))
    assert usual >= 0.004  # the default interval: 5 ms
    assert on_ui_loop < usual / 2
