"""Full passes of the cyclic collector wait while any check runs, and come back after."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from tui.gcpolicy import (
    DEFERRED_THRESHOLD,
    FullCollectionHold,
    allow_full_collections,
    defer_full_collections,
    full_collections_deferred,
)


@pytest.fixture(autouse=True)
def known_threshold() -> Iterator[None]:
    saved = gc.get_threshold()
    gc.set_threshold(700, 10, 10)
    yield
    while full_collections_deferred():
        allow_full_collections()
    gc.set_threshold(*saved)


def test_deferred_until_the_last_holder_allows() -> None:
    defer_full_collections()
    defer_full_collections()  # two checks at once
    assert gc.get_threshold() == (700, 10, DEFERRED_THRESHOLD)
    allow_full_collections()
    assert full_collections_deferred()
    assert gc.get_threshold()[2] == DEFERRED_THRESHOLD
    allow_full_collections()
    assert not full_collections_deferred()
    assert gc.get_threshold() == (700, 10, 10)


def test_young_generations_keep_their_thresholds() -> None:
    gc.set_threshold(500, 7, 12)
    defer_full_collections()
    assert gc.get_threshold()[:2] == (500, 7)
    allow_full_collections()
    assert gc.get_threshold() == (500, 7, 12)


def test_allow_without_defer_changes_nothing() -> None:
    allow_full_collections()
    assert gc.get_threshold() == (700, 10, 10)
    assert not full_collections_deferred()


def test_a_hold_defers_once_and_releases_once() -> None:
    hold, other = FullCollectionHold(), FullCollectionHold()
    hold.hold()
    hold.hold()  # a second check of the same owner
    other.hold()
    hold.release()
    assert full_collections_deferred(), "the other owner still holds"
    hold.release()
    other.release()
    assert not full_collections_deferred()
    assert gc.get_threshold() == (700, 10, 10)
