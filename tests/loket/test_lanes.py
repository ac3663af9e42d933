"""The slow lane: which accounts move, and that no lane ever exceeds its limit."""

from __future__ import annotations

import asyncio
import contextvars

import pytest

from tui.loket.lanes import OUTLIER_FLOOR_S, WINDOW, Lanes, slow_lane_limit

# Each task's own clock: a request "takes" the latency its task adds, so samples are exact
# while the tasks really run side by side.
_now: contextvars.ContextVar[float] = contextvars.ContextVar("now", default=0.0)


def lanes_with(samples: dict[str, list[float]], concurrency: int = 8) -> Lanes:
    lanes = Lanes(concurrency, clock=_now.get)
    for account, values in samples.items():
        for value in values:
            lanes.record(account, value)
    return lanes


def test_an_outlier_account_moves_to_the_slow_lane() -> None:
    lanes = lanes_with({"a": [0.05], "b": [0.06], "c": [0.04]})
    lanes.record("d", 2.0)
    assert lanes.is_slow("d")
    assert not any(lanes.is_slow(k) for k in "abc")
    assert lanes.moves == 1 and lanes.moved_since(0) == 1


def test_when_every_account_is_slow_nothing_moves() -> None:
    lanes = lanes_with({k: [2.0, 2.1, 1.9] for k in "abcd"})
    assert not any(lanes.is_slow(k) for k in "abcd")
    assert lanes.moves == 0


def test_one_account_alone_never_moves() -> None:
    lanes = lanes_with({"a": [5.0, 5.0, 5.0]})
    assert not lanes.is_slow("a")


def test_a_small_difference_under_the_floor_does_not_move() -> None:
    lanes = lanes_with({"a": [0.01], "b": [0.01], "c": [0.01]})
    lanes.record("d", OUTLIER_FLOOR_S * 0.9)  # 22x the others, but a short wait all the same
    assert not lanes.is_slow("d")


def test_one_slow_answer_among_fast_ones_does_not_move() -> None:
    lanes = lanes_with({"a": [0.05], "b": [0.05], "d": [0.05, 0.05]})
    lanes.record("d", 3.0)  # the median of d's last answers is still 0.05
    assert not lanes.is_slow("d")


def test_an_account_answered_fast_again_moves_back() -> None:
    lanes = lanes_with({"a": [0.05], "b": [0.05], "d": [2.0]})
    assert lanes.is_slow("d")
    lanes.record("d", 0.05)
    assert lanes.is_slow("d")  # one fast answer is not yet a recovery (median of 2.0, 0.05)
    for _ in range(WINDOW):
        lanes.record("d", 0.05)
    assert not lanes.is_slow("d")


def test_recovery_has_hysteresis() -> None:
    lanes = lanes_with({"a": [0.05], "b": [0.05], "d": [2.0]})
    for _ in range(WINDOW):
        lanes.record("d", 0.3)  # 6x the others and over half the floor: still slow
    assert lanes.is_slow("d")


def test_the_others_slowing_down_brings_the_account_back() -> None:
    lanes = lanes_with({"a": [0.05], "b": [0.05], "d": [2.0]})
    assert lanes.is_slow("d")
    for _ in range(WINDOW):
        lanes.record("a", 2.0)
        lanes.record("b", 2.0)
    lanes.record("d", 2.0)  # Loket is slow for everyone now: no outlier
    assert not lanes.is_slow("d")


def test_moved_since_counts_accounts_moved_after_the_mark() -> None:
    lanes = lanes_with({"a": [0.05], "b": [0.05], "d": [2.0]})
    mark = lanes.moves
    assert lanes.moved_since(mark) == 0
    for _ in range(WINDOW):
        lanes.record("d", 0.05)
    for _ in range(WINDOW // 2 + 1):
        lanes.record("d", 2.0)
    assert lanes.is_slow("d") and lanes.moved_since(mark) == 1
    lanes.record("e", 2.0)
    assert lanes.moved_since(mark) == 2 and lanes.moved_since(0) == 2


@pytest.mark.parametrize("concurrency,expected", [(1, 1), (2, 1), (8, 4), (9, 4), (64, 32)])
def test_slow_lane_limit(concurrency: int, expected: int) -> None:
    assert slow_lane_limit(concurrency) == expected
    assert Lanes(concurrency).slow_limit == expected


# -- requests through the lanes ----------------------------------------------------------------


class InFlight:
    def __init__(self) -> None:
        self.total = 0
        self.of: dict[str, int] = {}
        self.max_total = 0
        self.max_healthy = 0

    def healthy(self, slow: str | None) -> int:
        return sum(n for k, n in self.of.items() if k != slow)


async def run_requests(
    lanes: Lanes, latency: dict[str, float], per_account: int, slow: str | None
) -> InFlight:
    seen = InFlight()

    async def request(account: str) -> None:
        async with lanes.slot(account):
            seen.total += 1
            seen.of[account] = seen.of.get(account, 0) + 1
            seen.max_total = max(seen.max_total, seen.total)
            seen.max_healthy = max(seen.max_healthy, seen.healthy(slow))
            for _ in range(3):
                await asyncio.sleep(0)
            _now.set(_now.get() + latency[account])
            seen.total -= 1
            seen.of[account] -= 1

    async def account_requests(account: str) -> None:
        for _ in range(per_account):
            await asyncio.gather(*(request(account) for _ in range(6)))

    await asyncio.gather(*(account_requests(a) for a in latency))
    return seen


async def test_in_flight_stays_within_concurrency_plus_the_slow_lane() -> None:
    lanes = Lanes(8, clock=_now.get)
    latency = {"a": 0.05, "b": 0.05, "c": 0.05, "d": 2.0}
    seen = await run_requests(lanes, latency, 20, "d")
    assert lanes.is_slow("d") and lanes.moves == 1
    assert seen.max_healthy <= 8
    assert seen.max_total <= 8 + 4
    assert seen.max_total > 8  # the slow lane was used beside the normal one


async def test_when_every_account_is_slow_the_load_stays_at_concurrency() -> None:
    lanes = Lanes(8, clock=_now.get)
    latency = dict.fromkeys("abcd", 2.0)
    seen = await run_requests(lanes, latency, 20, None)
    assert lanes.moves == 0
    assert seen.max_total == 8


async def test_a_request_of_no_account_is_not_sampled() -> None:
    lanes = lanes_with({"a": [0.05], "b": [0.05]})
    async with lanes.slot(None):
        _now.set(_now.get() + 9.0)  # as an account's, this would move it
    assert lanes.moves == 0


async def test_a_failed_request_counts_as_a_sample() -> None:
    lanes = lanes_with({"a": [0.05], "b": [0.05]})
    with pytest.raises(OSError):
        async with lanes.slot("d"):
            _now.set(_now.get() + 20.0)  # a timeout
            raise OSError("timed out")
    assert lanes.is_slow("d")
