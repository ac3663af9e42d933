"""Fixtures for the Textual UI: an app over a private copy of profiles, a fixed clock."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from tui.app import KoppelaarApp, Services
from tui.cli.commands.demo import demo_world
from tui.config import Paths, Settings
from tui.runtime import DEMO_PROFILES_IN_CHECKOUT, Runtime
from tui.secrets.store import SecretStore

CHECKED = Path(__file__).parent / "data" / "checked"
FIXED_NOW = datetime(2026, 11, 29, 12, 0, tzinfo=timezone(timedelta(hours=1)))


def fixed_clock() -> datetime:
    return FIXED_NOW


def make_runtime(tmp_path: Path, source: Path, lang: str = "nl") -> Runtime:
    profiles = tmp_path / "profiles"
    shutil.copytree(source, profiles)
    paths = Paths(profiles, tmp_path / "config.toml", tmp_path)
    return Runtime(
        paths=paths,
        settings=Settings(language=lang),
        language=lang,
        secrets=SecretStore("session"),
    )


AppFactory = Callable[..., KoppelaarApp]


@pytest.fixture
def make_app(tmp_path: Path) -> AppFactory:
    """An app over a copy of the demo profiles (``checked=True``: with stored check results)."""

    def factory(
        checked: bool = False,
        lang: str = "nl",
        clock: Callable[[], datetime] = fixed_clock,
        ascii_glyphs: bool = False,
    ) -> KoppelaarApp:
        source = CHECKED if checked else DEMO_PROFILES_IN_CHECKOUT
        runtime = make_runtime(tmp_path, source, lang)
        return KoppelaarApp(runtime, clock=clock, ascii_glyphs=ascii_glyphs)

    return factory


@pytest.fixture
def demo_app(tmp_path: Path) -> Iterator[KoppelaarApp]:
    """An app wired like ``koppelaar demo``: the simulator on a loopback port."""
    runtime = make_runtime(tmp_path, DEMO_PROFILES_IN_CHECKOUT)
    with demo_world(runtime) as (demo, url):
        yield KoppelaarApp(demo, Services(simulator_url=url), ascii_glyphs=False)
