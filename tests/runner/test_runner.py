"""The app's one background runner: one loop in one thread, cancel, errors, stop."""

from __future__ import annotations

import asyncio
import threading
from concurrent.futures import CancelledError

import pytest

from tui.runner import BackgroundRunner, RunnerClosed


@pytest.fixture
def runner() -> BackgroundRunner:
    errors: list[tuple[str, BaseException]] = []
    made = BackgroundRunner(on_error=lambda name, exc: errors.append((name, exc)))
    made.errors = errors  # type: ignore[attr-defined]
    yield made
    made.stop()


def test_everything_runs_on_one_loop_in_one_other_thread(runner: BackgroundRunner) -> None:
    async def where() -> tuple[int, int]:
        return threading.get_ident(), id(asyncio.get_running_loop())

    first = runner.submit(where(), "a").result(5)
    second = runner.submit(where(), "b").result(5)
    assert first == second
    assert first[0] != threading.get_ident()


def test_cancel_reaches_the_coroutine(runner: BackgroundRunner) -> None:
    started = threading.Event()
    seen: list[str] = []

    async def long() -> None:
        started.set()
        try:
            await asyncio.sleep(30)
        except asyncio.CancelledError:
            seen.append("cancelled")
            raise

    handle = runner.submit(long(), "long")
    assert started.wait(5)
    handle.cancel()
    with pytest.raises(CancelledError):
        handle.result(5)
    assert handle.cancelled() and seen == ["cancelled"]


def test_cancel_before_the_coroutine_began_still_ends_it_cancelled(
    runner: BackgroundRunner,
) -> None:
    gate, blocking = threading.Event(), threading.Event()

    async def block_loop() -> None:
        blocking.set()
        gate.wait(5)  # holds the loop so the next task cannot start yet

    async def never() -> None:
        raise AssertionError("must not run")

    runner.submit(block_loop(), "block")
    assert blocking.wait(5)
    handle = runner.submit(never(), "never")
    handle.cancel()
    gate.set()
    with pytest.raises(CancelledError):
        handle.result(5)
    assert handle.cancelled()


def test_a_coroutine_that_catches_the_cancel_counts_as_done(runner: BackgroundRunner) -> None:
    started = threading.Event()

    async def polite() -> str:
        started.set()
        try:
            await asyncio.sleep(30)
        except asyncio.CancelledError:
            return "stopped cleanly"
        return "ran out"

    handle = runner.submit(polite(), "polite")
    assert started.wait(5)
    handle.cancel()
    assert handle.result(5) == "stopped cleanly"
    assert not handle.cancelled()


def test_an_escaping_exception_reaches_on_error(runner: BackgroundRunner) -> None:
    async def broken() -> None:
        raise ValueError("boom")

    handle = runner.submit(broken(), "broken")
    with pytest.raises(ValueError):
        handle.result(5)
    for _ in range(100):
        if runner.errors:  # type: ignore[attr-defined]
            break
        threading.Event().wait(0.01)
    [(name, error)] = runner.errors  # type: ignore[attr-defined]
    assert name == "broken" and isinstance(error, ValueError)


def test_stop_cancels_what_runs_and_refuses_more(runner: BackgroundRunner) -> None:
    started = threading.Event()

    async def long() -> None:
        started.set()
        await asyncio.sleep(30)

    handle = runner.submit(long(), "long")
    assert started.wait(5)
    runner.stop(timeout=5)
    assert handle.cancelled()
    assert not runner.running
    coro = asyncio.sleep(0)
    with pytest.raises(RunnerClosed):
        runner.submit(coro, "late")
