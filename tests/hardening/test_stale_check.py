"""Item 1 of issue 18: a check in flight while the profile's inputs change must not save its
result against the new values.

The werkgever ID (or user, or client number) is changed in the profile file, as the edit form,
a CSV import or another process would, while the check's first Loket.nl request is on the wire.
The result was computed for the old values: it is discarded, the profile is marked unchecked,
and the run says to check it again.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from tests.checklist.conftest import profile, session_secrets, simulator_settings, world
from tui.checks.checker import Checker
from tui.loket.simulator.app import create_app
from tui.loket.simulator.scenario import Scenario
from tui.profiles.model import Profile
from tui.profiles.store import ProfileStore


class ChangeOnFirstApiCall(httpx.AsyncBaseTransport):
    """Forwards to ``inner``; before the first API (not OAuth) request runs ``change``."""

    def __init__(self, inner: httpx.AsyncBaseTransport, change: Callable[[], None]) -> None:
        self.inner = inner
        self.change = change
        self.changed = False

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if not self.changed and request.url.path.startswith("/v2/"):
            self.changed = True
            self.change()
        return await self.inner.handle_async_request(request)


def edit(field: str, value: str) -> Callable[[Profile], None]:
    def change(current: Profile) -> None:
        setattr(current, field, value)

    return change


@pytest.mark.parametrize(
    ("field", "value"),
    [("werkgever_id", "99999"), ("username", "u2"), ("client_number", "424242")],
)
async def test_a_result_is_not_saved_against_inputs_it_did_not_check(
    tmp_path: Path, field: str, value: str
) -> None:
    scenario = Scenario.from_dict(world(), "<stale>")
    store = ProfileStore(tmp_path / "profiles")
    store.save(profile(), create=True)
    slug = profile().slug
    transport = ChangeOnFirstApiCall(
        httpx.ASGITransport(app=create_app(scenario)),
        lambda: store.update(slug, edit(field, value)),
    )
    checker = Checker(
        simulator_settings(), session_secrets(scenario), transport=transport, store=store, lang="en"
    )
    async with checker:
        run = await checker.check_profiles([store.load(slug)])

    assert transport.changed
    on_disk = store.load(slug)
    assert getattr(on_disk, field) == value, "the edit made meanwhile is kept"
    assert on_disk.status == "unchecked", "marked for a new check, never 'ready'"
    [result] = run.results
    assert result.status == "unchecked"
    assert result.error is not None and "check this profile again" in result.error.lower()
    assert getattr(result.profile, field) == value
    assert all(
        rec.status != "pass" or rec.checked_at is None or rec.checked_at != run.checked_at
        for rec in on_disk.items.values()
    ), "no item of this run is recorded for the new values"


async def test_an_unchanged_profile_is_still_saved(tmp_path: Path) -> None:
    scenario = Scenario.from_dict(world(), "<stale>")
    store = ProfileStore(tmp_path / "profiles")
    store.save(profile(), create=True)
    transport = ChangeOnFirstApiCall(
        httpx.ASGITransport(app=create_app(scenario)),
        lambda: store.update(profile().slug, edit("notes", "bijgewerkt")),
    )
    checker = Checker(
        simulator_settings(), session_secrets(scenario), transport=transport, store=store
    )
    async with checker:
        run = await checker.check_profiles([store.load(profile().slug)])
    assert run.results[0].status == "ready"
    assert store.load(profile().slug).status == "ready"
