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

A key whose limit ``limit_of`` lowers also goes first: while it has work left and room under
that limit, the next free worker takes its next item before the rotation goes on. In turns it
would get one item per round, as many as a fast account, so its longest items would be started
as late as the fast accounts' last ones and finish after them; first, its lane stays full from
the moment it is known slow, and its work overlaps with the rest.
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
        # keys seen with a lowered limit, in the order seen: their work goes first
        self._first: dict[Hashable, None] = {}

    def _lowered(self, key: Hashable) -> int | None:
        if self._limit_of is not None and (limit := self._limit_of(key)) is not None:
            return max(1, min(limit, self.per_key))
        return None

    def _limit(self, key: Hashable) -> int:
        lowered = self._lowered(key)
        if lowered is None:
            return self.per_key
        self._first[key] = None
        return lowered

    def _hand_out(self, key: Hashable) -> tuple[Hashable, int, object]:
        self._busy[key] += 1
        index, item = self._queues[key].popleft()
        return key, index, item

    def take(self) -> tuple[Hashable, int, object] | None:
        """The next item of a key with a lowered limit and room under it, else of the next key
        whose turn it is and that has room; None when every key with work left is at its
        limit (or nothing is left)."""
        for key in list(self._first):
            limit = self._lowered(key)
            if limit is None or not self._queues[key]:
                del self._first[key]  # back to the usual share, or done
            elif self._busy[key] < limit:
                return self._hand_out(key)
        for _ in range(len(self._turns)):
            key = self._turns[0]
            self._turns.rotate(-1)
            if self._queues[key] and self._busy[key] < self._limit(key):
                return self._hand_out(key)
        return None

    def done(self, key: Hashable) -> None:
        self._busy[key] -= 1
        if self._queues[key]:
            self._limit(key)  # a key lowered meanwhile goes first from its next item on

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
