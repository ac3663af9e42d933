"""Request limits per lane: accounts answered at normal speed, and a slow lane for outliers.

``[loket].concurrency`` bounds the requests in flight of the accounts Loket answers at normal
speed; it protects Loket.nl from load. One account whose answers take far longer than the
others' (Loket is slow for that one account, or its requests are heavy) would otherwise hold
those slots while it waits: at 8 slots, one account at 2 s per request among 99 at 50 ms adds
about 40% to a provider's check, whatever the order of the requests. So an account whose recent
requests are outliers moves to a slow lane with a limit of its own, and moves back once it is
answered at normal speed again. When every account is slow (Loket itself is overloaded) none is
an outlier, nothing moves and the load stays at ``concurrency``. The most requests ever in
flight is ``concurrency + slow_limit``.

Only the time a request holds its slot counts (the wait for a slot does not, nor a Retry-After
wait, which holds no slot).
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import AsyncIterator, Callable, Hashable
from contextlib import asynccontextmanager
from statistics import median

# An account is an outlier when its recent latency is over OUTLIER_RATIO x the median of the
# other accounts' recent latencies. 4x keeps ordinary spread between accounts (a provider with
# larger employers has larger pages, 1.5-2x) in the normal lane.
OUTLIER_RATIO = 4.0
# ... and over OUTLIER_FLOOR_S. Below it an outlier costs the others little: an account left in
# the normal lane at latency L with n requests costs the others n x (L - median) / concurrency
# seconds; for the bench's 104 requests against a 50 ms median at 8 slots that is 2.6 s of a
# 72 s check (under 4%) at 0.25 s, against 5.9 s (8%) at 0.5 s.
OUTLIER_FLOOR_S = 0.25
# Back to the normal lane once the account is no longer an outlier by half these thresholds
# (hysteresis: an account near the line does not go back and forth with every request).
RECOVER_FACTOR = 0.5
# An account's recent latency: the median of its last few requests, so that one or two slow
# answers do not move it (a garbage-collection pause of the client lengthens all requests then
# in flight) and one or two fast ones do not bring it back.
WINDOW = 5


def slow_lane_limit(concurrency: int) -> int:
    """The slow lane's limit for a given ``concurrency``."""
    return max(1, concurrency // 2)


class Lanes:
    """The normal lane (``concurrency`` requests in flight) and the slow lane, per account."""

    def __init__(
        self,
        concurrency: int,
        slow_limit: int | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        ratio: float = OUTLIER_RATIO,
        floor: float = OUTLIER_FLOOR_S,
    ) -> None:
        if concurrency < 1:
            raise ValueError("concurrency must be at least 1")
        self.concurrency = concurrency
        self.slow_limit = slow_lane_limit(concurrency) if slow_limit is None else max(1, slow_limit)
        self.normal = asyncio.Semaphore(concurrency)
        self.slow = asyncio.Semaphore(self.slow_limit)
        self._clock = clock
        self._ratio = ratio
        self._floor = floor
        self._samples: dict[Hashable, deque[float]] = {}
        self._recent: dict[Hashable, float] = {}
        self._slow: set[Hashable] = set()
        # moves into the slow lane so far, and each account's latest one (its number)
        self.moves = 0
        self._last_move: dict[Hashable, int] = {}

    def is_slow(self, account: Hashable) -> bool:
        return account in self._slow

    def moved_since(self, mark: int) -> int:
        """Accounts moved into the slow lane after ``mark`` (an earlier ``moves``)."""
        return sum(1 for number in self._last_move.values() if number > mark)

    @asynccontextmanager
    async def slot(self, account: Hashable | None) -> AsyncIterator[None]:
        """Hold a slot of ``account``'s lane; the time held is one latency sample. A request
        of no account (None) always takes the normal lane and is not sampled."""
        lane = self.slow if account is not None and account in self._slow else self.normal
        async with lane:
            start = self._clock()
            try:
                yield
            except Exception:
                # a failure (timeout, dropped connection) took its time like an answer did
                if account is not None:
                    self.record(account, self._clock() - start)
                raise
            if account is not None:
                self.record(account, self._clock() - start)

    def record(self, account: Hashable, seconds: float) -> None:
        """One request of ``account`` took ``seconds``; move the account if that decides it."""
        samples = self._samples.get(account)
        if samples is None:
            samples = self._samples[account] = deque(maxlen=WINDOW)
        samples.append(seconds)
        recent = self._recent[account] = median(samples)
        peers = [value for key, value in self._recent.items() if key != account]
        if not peers:
            return  # one account alone is never an outlier: all there is, is slow
        typical = median(peers)
        if account in self._slow:
            factor = RECOVER_FACTOR
            if not (recent > self._ratio * factor * typical and recent > self._floor * factor):
                self._slow.discard(account)
        elif recent > self._ratio * typical and recent > self._floor:
            self._slow.add(account)
            self.moves += 1
            self._last_move[account] = self.moves
