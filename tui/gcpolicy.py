"""Every decision about the cyclic garbage collector, in one place.

Start-up: the collector is off while the dashboard is built (``pause_for_startup``) and comes
back once the profiles are on screen (``end_startup``), freezing what start-up built: those
objects live as long as the app, and a full pass over them stalled a check's frames by 60 ms.
Modules warmed up in a thread after that (the checker, keyring) are frozen once each
(``freeze_once``); nothing else freezes, so repeating an action never grows the frozen set.

Checks:
A full pass over the objects of a dashboard that has just checked hundreds of profiles takes
25-35 ms on a 2-core machine: inside a check it would stall the event loop together with a
frame. While any check runs, full passes wait; the young generations are still collected, so
short-lived cycles are freed as usual. When the last check ends the usual threshold applies
again and the deferred full pass comes at the collector's next opportunity.
"""

from __future__ import annotations

import gc
import threading

# Full passes after this many young-generation passes: more than any check makes.
DEFERRED_THRESHOLD = 1_000_000

_lock = threading.Lock()
_holders = 0
_saved: int | None = None
_frozen: set[str] = set()


def pause_for_startup() -> None:
    """No cyclic collection while start-up builds long-lived objects."""
    gc.disable()


def end_startup() -> None:
    """Freeze what start-up built and collect again; idempotent."""
    freeze_once("startup")
    gc.enable()


def resume_collection() -> None:
    """The collector never stays off, even when start-up does not reach the profiles."""
    gc.enable()


def freeze_once(what: str) -> bool:
    """Move the objects alive now out of the collector's full passes, once per ``what``
    (start-up, a warmed-up module family). True when this call froze."""
    with _lock:
        if what in _frozen:
            return False
        _frozen.add(what)
    gc.freeze()
    return True


def defer_full_collections() -> None:
    global _holders, _saved
    with _lock:
        if _holders == 0:
            first, second, third = gc.get_threshold()
            _saved = third
            gc.set_threshold(first, second, DEFERRED_THRESHOLD)
        _holders += 1


def allow_full_collections() -> None:
    global _holders, _saved
    with _lock:
        if _holders == 0:
            return
        _holders -= 1
        if _holders == 0 and _saved is not None:
            first, second, _ = gc.get_threshold()
            gc.set_threshold(first, second, _saved)
            _saved = None


def full_collections_deferred() -> bool:
    return _holders > 0


class FullCollectionHold:
    """One owner's deferral (the dashboard's, for its checks): held at most once, and
    released by its owner when it goes away, so nothing keeps full passes off for good."""

    def __init__(self) -> None:
        self.held = False

    def hold(self) -> None:
        if not self.held:
            defer_full_collections()
            self.held = True

    def release(self) -> None:
        if self.held:
            self.held = False
            allow_full_collections()
