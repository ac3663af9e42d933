"""Fair turns between accounts: bounded workers, a slow account never holds every worker."""

from __future__ import annotations

import asyncio

import pytest

from tui.checks.schedule import FairQueue, run_in_turns


def test_the_queue_takes_turns_between_keys() -> None:
    queue = FairQueue([("a", 0, "a0"), ("a", 1, "a1"), ("a", 2, "a2"), ("b", 3, "b0")], 9)
    taken = [queue.take() for _ in range(4)]
    assert [t[0] for t in taken if t] == ["a", "b", "a", "a"]
    assert queue.take() is None and queue.empty()


def test_a_key_at_its_limit_waits_while_others_go() -> None:
    queue = FairQueue([("slow", i, i) for i in range(5)] + [("fast", 9, 9)], per_key=1)
    first = queue.take()
    assert first is not None and first[0] == "slow"
    second = queue.take()
    assert second is not None and second[0] == "fast"
    assert queue.take() is None  # slow is at its limit, fast has nothing left
    queue.done("slow")
    third = queue.take()
    assert third is not None and third[0] == "slow"


def test_limit_of_lowers_one_keys_limit_while_the_run_goes_on() -> None:
    lowered: set[str] = set()
    queue = FairQueue(
        [("slow", i, i) for i in range(9)] + [("fast", 10 + i, i) for i in range(9)],
        per_key=4,
        limit_of=lambda key: 1 if key in lowered else None,
    )
    assert [t[0] for t in (queue.take(), queue.take(), queue.take(), queue.take()) if t] == [
        "slow", "fast", "slow", "fast"
    ]  # fmt: skip
    lowered.add("slow")  # e.g. the account went to the slow lane
    assert [t[0] for t in (queue.take(), queue.take()) if t] == ["fast", "fast"]
    assert queue.take() is None
    queue.done("slow")
    assert queue.take() is None  # one left under way: still at its lowered limit of 1
    queue.done("slow")
    taken = queue.take()
    assert taken is not None and taken[0] == "slow"
    lowered.clear()  # back to the normal lane: the usual share again
    taken = queue.take()
    assert taken is not None and taken[0] == "slow"


def test_a_slow_keys_queued_work_is_started_first_once_it_is_flagged() -> None:
    lowered: set[str] = set()
    keys = ["a", "b", "c", "slow", "d"]
    queue = FairQueue(
        [(key, n, f"{key}{n}") for n in range(6) for key in keys],
        per_key=4,
        limit_of=lambda key: 3 if key in lowered else None,
    )
    assert [t[0] for t in (queue.take() for _ in range(5)) if t] == keys  # one round
    lowered.add("slow")  # its requests turned out to be outliers: the slow lane
    queue.done("slow")  # its first item is done: from its next one on it goes first
    taken = [t[0] for t in (queue.take() for _ in range(5)) if t]
    assert taken == ["slow", "slow", "slow", "a", "b"]  # in turns it would be a, b, c, slow, d
    queue.done("slow")
    next_one = queue.take()
    assert next_one is not None and next_one[0] == "slow", "room again: slow first"
    lowered.clear()  # answered at normal speed again: back to its turn in the rotation
    queue.done("slow")
    assert [t[0] for t in (queue.take() for _ in range(5)) if t] == ["c", "slow", "d", "a", "b"]


def test_a_flagged_key_is_first_without_its_own_item_finishing() -> None:
    lowered: set[str] = set()
    queue = FairQueue(
        [(key, n, n) for n in range(4) for key in ("a", "b", "slow")],
        per_key=2,
        limit_of=lambda key: 2 if key in lowered else None,
    )
    assert [t[0] for t in (queue.take() for _ in range(2)) if t] == ["a", "b"]
    lowered.add("slow")
    # seen lowered on its turn, it keeps going first while it has room under its limit
    assert [t[0] for t in (queue.take() for _ in range(3)) if t] == ["slow", "slow", "a"]


async def test_bounded_and_fair_under_a_slow_account() -> None:
    running = {"now": 0, "peak": 0, "slow": 0, "slow_peak": 0}
    finished: list[str] = []

    async def work(index: int, key: str) -> None:
        running["now"] += 1
        running["peak"] = max(running["peak"], running["now"])
        if key == "slow":
            running["slow"] += 1
            running["slow_peak"] = max(running["slow_peak"], running["slow"])
            await asyncio.sleep(0.05)
            running["slow"] -= 1
        else:
            await asyncio.sleep(0.001)
        running["now"] -= 1
        finished.append(key)

    items = [("slow", i, "slow") for i in range(20)]
    items += [(f"fast{i % 5}", 100 + i, "fast") for i in range(100)]
    await run_in_turns(items, work, workers=8, per_key=4)
    assert len(finished) == 120
    assert running["peak"] <= 8 and running["slow_peak"] <= 4
    # the fast accounts did not wait for the slow one: they were all done before it was
    assert finished.index("slow") < len(finished) and finished[-1] == "slow"
    assert finished[:100].count("fast") > 90


async def test_the_first_failure_is_raised() -> None:
    async def work(index: int, item: int) -> None:
        if item == 3:
            raise ValueError("boom")
        await asyncio.sleep(0)

    with pytest.raises(ExceptionGroup) as failure:
        await run_in_turns([("k", i, i) for i in range(10)], work, workers=2, per_key=2)
    assert failure.group_contains(ValueError)
