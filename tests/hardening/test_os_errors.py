"""Item 5 of issue 18: file system errors (read-only folder, disk full, not a folder) in
``check``, ``import``, ``secrets unlock --vault`` and the store the TUI saves through: one line
with the reason, exit 2, never a traceback; ``import`` says what it created before it stopped.

The process runs as root here, where permission bits do not stop a write, so the errors are
raised where the store writes (``atomic_write_bytes``) or made real (a file where a folder must
be).
"""

from __future__ import annotations

import errno
import json
from pathlib import Path
from typing import Any

import pytest

from tests.checklist.conftest import demo_scenario, profiles_dir  # noqa: F401
from tests.checklist.test_cli_check import env  # noqa: F401
from tests.hardening.cli_inproc import run_main
from tui.profiles import store as store_module
from tui.profiles.batch import WriteBatch
from tui.profiles.model import Profile
from tui.profiles.store import ProfileStore, StoreError


def read_only(path: Path, *args: Any, **kwargs: Any) -> Any:
    raise OSError(errno.EROFS, "Read-only file system", str(path))


def test_check_on_a_read_only_profiles_folder_says_so_and_exits_2(
    profiles_dir: Path,  # noqa: F811
    env: dict[str, str],  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(store_module, "atomic_write_bytes", read_only)
    ran = run_main(
        ["--lang", "en", "--profiles", str(profiles_dir), "check", "--all", "--json"],
        monkeypatch,
        capsys,
        env,
    )
    assert ran.code == 2, ran.err
    assert "Traceback" not in ran.err
    document = json.loads(ran.out)
    assert document["profiles"], "the results are still reported"
    lines = [line for line in ran.err.splitlines() if line.strip()]
    assert lines and all("Read-only file system" in line for line in lines), lines
    assert len(lines) == len(document["profiles"])


def test_import_stops_at_a_full_disk_and_says_what_it_created(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    csv_file = tmp_path / "in.csv"
    csv_file.write_text(
        "name,werkgever_id,username\nEen B.V.,1001,u1\nTwee B.V.,1002,u2\nDrie B.V.,1003,u3\n",
        encoding="utf-8",
    )
    real = WriteBatch.write  # an import writes in batches
    calls = {"n": 0}

    def fills_up(self: WriteBatch, path: Path, *args: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] > 2:
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        return real(self, path, *args, **kwargs)

    monkeypatch.setattr(WriteBatch, "write", fills_up)
    profiles = tmp_path / "profiles"
    ran = run_main(
        ["--lang", "en", "--profiles", str(profiles), "import", str(csv_file)], monkeypatch, capsys
    )
    assert ran.code == 2, ran.err
    assert "Traceback" not in ran.err
    assert "2 created" in ran.out
    assert "row 4" in ran.err and "No space left on device" in ran.err
    assert sorted(p.name for p in profiles.glob("*.toml")) == ["een-bv.toml", "twee-bv.toml"]


def test_secrets_unlock_vault_where_no_folder_can_be_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file")
    ran = run_main(
        ["--lang", "en", "secrets", "unlock", "--vault"],
        monkeypatch,
        capsys,
        {
            "KOPPELAAR_CONFIG": str(tmp_path / "config.toml"),
            "KOPPELAAR_SECRETS": "vault",
            "KOPPELAAR_VAULT_PATH": str(blocker / "vault.bin"),
            "KOPPELAAR_VAULT_PASSPHRASE": "a long enough passphrase",
        },
    )
    assert ran.code == 2, (ran.out, ran.err)
    assert "Traceback" not in ran.err
    assert len(ran.err.strip().splitlines()) == 1, ran.err
    assert str(blocker) in ran.err


def test_the_store_the_tui_saves_through_turns_oserror_into_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = ProfileStore(tmp_path / "profiles")
    monkeypatch.setattr(store_module, "atomic_write_bytes", read_only)
    profile = Profile(slug="nieuw", name="Nieuw B.V.", werkgever_id="1", username="u")
    with pytest.raises(StoreError) as caught:
        store.save(profile, create=True)
    assert "Read-only file system" in str(caught.value)
    assert "\n" not in str(caught.value)
