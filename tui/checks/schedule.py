"""Fair turns between Loket.nl accounts when many profiles are checked at once.

A provider checks thousands of profiles on many accounts. Creating a task per profile up front
holds thousands of suspended coroutines (and their results) at once, and a semaphore hands
out its slots in arrival order, so the profiles of one slow account queue up in front of the
others. Here a fixed number of workers take the profiles in turns between the accounts: each
worker takes the next account in rotation that has work left and fewer than ``per_account``
profiles under way, so a slow or rate-limited account holds at most that many workers while the
others keep going. The request limit itself (requests in flight) stays with the Loket client.
``limit_of`` can lower one key's limit while the run goes on: an account in the Loket client's
slow lane can only have the lane's few requests in flight, so more workers on it would only wait
there while the other accounts lack them.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Awaitable, Callable, Hashable, Iterable
from typing import TypeVar

T = TypeVar("T")


class FairQueue:
    """Items grouped by key, handed out in rotation between the keys."""

    def __init__(
        self,
        items: Iterable[tuple[Hashable, int, object]],
        per_key: int,
        limit_of: Callable[[Hashable], int | None] | None = None,
    ) -> None:
        self._queues: dict[Hashable, deque[tuple[int, object]]] = {}
        for key, index, item in items:
            self._queues.setdefault(key, deque()).append((index, item))
        self._turns: deque[Hashable] = deque(self._queues)
        self._busy: dict[Hashable, int] = dict.fromkeys(self._queues, 0)
        self.per_key = max(1, per_key)
        self._limit_of = limit_of

    def _limit(self, key: Hashable) -> int:
        if self._limit_of is not None and (limit := self._limit_of(key)) is not None:
            return max(1, min(limit, self.per_key))
        return self.per_key

    def take(self) -> tuple[Hashable, int, object] | None:
        """The next item of the next key whose turn it is and that has room; None when every
        key with work left is at its limit (or nothing is left)."""
        for _ in range(len(self._turns)):
            key = self._turns[0]
            self._turns.rotate(-1)
            queue = self._queues[key]
            if queue and self._busy[key] < self._limit(key):
                self._busy[key] += 1
                index, item = queue.popleft()
                return key, index, item
        return None

    def done(self, key: Hashable) -> None:
        self._busy[key] -= 1

    def empty(self) -> bool:
        return not any(self._queues.values())


async def run_in_turns(
    items: Iterable[tuple[Hashable, int, T]],
    work: Callable[[int, T], Awaitable[None]],
    *,
    workers: int,
    per_key: int,
    limit_of: Callable[[Hashable], int | None] | None = None,
) -> None:
    """``work(index, item)`` for every item, at most ``workers`` at once and at most
    ``per_key`` of one key (or ``limit_of(key)`` when lower and not None); the first failure
    cancels the rest and is raised."""
    queue = FairQueue(items, per_key, limit_of)
    changed = asyncio.Condition()

    async def worker() -> None:
        while True:
            async with changed:
                while (taken := queue.take()) is None:
                    if queue.empty():
                        return
                    await changed.wait()
            key, index, item = taken
            try:
                await work(index, item)  # type: ignore[arg-type]
            finally:
                async with changed:
                    queue.done(key)
                    changed.notify_all()

    async with asyncio.TaskGroup() as group:
        for _ in range(max(1, workers)):
            group.create_task(worker())
