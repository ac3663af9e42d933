"""What one run of Koppelaar works with: paths, settings, the profile store, the language.

The CLI builds one ``Runtime`` from its global options; ``koppelaar demo`` builds one over a
temporary copy of the demo profiles. The TUI and the headless commands share it.
"""

from __future__ import annotations

import shutil
import tempfile
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from tui.config import Paths, Settings, load_settings
from tui.profiles.forked_rows import load_rows_forked
from tui.profiles.store import ProfileStore, RowsResult

if TYPE_CHECKING:
    from tui.secrets.store import SecretStore

DEMO_PROFILES_IN_PACKAGE = Path(__file__).parent / "_demo_profiles"
DEMO_PROFILES_IN_CHECKOUT = Path(__file__).parent.parent / "profiles"


def demo_profiles_source() -> Path:
    """The demo set: the copy shipped inside the wheel, or ``profiles/`` of a checkout."""
    for candidate in (DEMO_PROFILES_IN_PACKAGE, DEMO_PROFILES_IN_CHECKOUT):
        if candidate.is_dir() and any(candidate.glob("*.toml")):
            return candidate
    raise FileNotFoundError("the demo profiles are missing from this installation")


@dataclass
class Runtime:
    paths: Paths
    settings: Settings
    language: str = "nl"
    demo: bool = False
    cleanup: list[Path] = field(default_factory=list)
    secrets: SecretStore | None = field(default=None, repr=False)
    _loading: Future[RowsResult] | None = field(default=None, init=False, repr=False)
    _store: ProfileStore | None = field(default=None, init=False, repr=False)

    @property
    def store(self) -> ProfileStore:
        """One store per run: it remembers what it wrote until the index holds it."""
        if self._store is None or self._store.directory != self.paths.profiles_dir:
            self._store = ProfileStore(self.paths.profiles_dir)
        return self._store

    def start_loading_profiles(self) -> None:
        """Read the profiles' rows from now on, while the UI is still being imported and built,
        so the dashboard's first frame can show them: in a child process where that can be
        done (``tui.profiles.forked_rows``), else in a thread."""
        if self._loading is None:
            self._loading = load_rows_forked(self.store)
        if self._loading is None:
            executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="koppelaar-load")
            self._loading = executor.submit(self.store.load_rows, index_later=True)
            executor.submit(self.store.write_pending_index)  # after the profiles are handed over
            executor.shutdown(wait=False)

    def take_loading_profiles(self) -> Future[RowsResult] | None:
        """The read started by ``start_loading_profiles``, once; None when none was started."""
        loading, self._loading = self._loading, None
        return loading

    def secret_store(self) -> SecretStore:
        """The secret store the settings ask for, opened on first use (it may probe a keyring)."""
        if self.secrets is None:
            from tui.secrets.nodump import disable_core_dumps
            from tui.secrets.store import open_store

            disable_core_dumps()  # from here on secrets may be in memory
            self.secrets = open_store(self.settings.secrets.mode, self.settings.secrets.vault_path)
        return self.secrets

    @classmethod
    def from_options(
        cls,
        profiles: str | None = None,
        config: str | None = None,
        lang: str | None = None,
    ) -> Runtime:
        paths = Paths.resolve(profiles, config)
        settings = load_settings(paths.config_file)
        language = lang or settings.language
        return cls(paths=paths, settings=settings, language=language)

    def for_demo(self) -> Runtime:
        """A runtime over a private temporary copy of the demo profiles."""
        workdir = Path(tempfile.mkdtemp(prefix="koppelaar-demo-"))
        profiles = workdir / "profiles"
        shutil.copytree(demo_profiles_source(), profiles)
        profiles.chmod(0o700)
        for path in profiles.glob("*.toml"):
            path.chmod(0o600)
        paths = replace(
            self.paths,
            profiles_dir=profiles,
            config_file=workdir / "config.toml",
            data_dir=workdir / "data",
        )
        return replace(self, paths=paths, demo=True, cleanup=[workdir])

    def close(self) -> None:
        for path in self.cleanup:
            shutil.rmtree(path, ignore_errors=True)
        self.cleanup.clear()
