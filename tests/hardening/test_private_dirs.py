"""Item 8 of issue 18: ``ensure_private_dir`` made every folder it was given 0700, also folders
Koppelaar did not create (a 1777 ``/tmp``-like folder lost its sticky bit, a 2775 team folder
became 0700). Now it sets the mode only of folders it creates, and warns about open ones.
"""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

import pytest

from tui.profiles.fileio import atomic_write_bytes, ensure_private_dir
from tui.profiles.model import Profile
from tui.profiles.store import ProfileStore


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.mark.parametrize("existing", [0o1777, 0o2775, 0o755])
def test_an_existing_folder_keeps_its_mode_with_a_warning(
    tmp_path: Path, existing: int, caplog: pytest.LogCaptureFixture
) -> None:
    shared = tmp_path / f"shared-{existing:o}"
    shared.mkdir()
    os.chmod(shared, existing)
    with caplog.at_level(logging.WARNING, logger="koppelaar.files"):
        ensure_private_dir(shared)
        ensure_private_dir(shared)
    assert mode(shared) == existing
    warnings = [r for r in caplog.records if str(shared) in r.getMessage()]
    assert len(warnings) == 1, "warned once"
    assert "chmod 700" in warnings[0].getMessage()


def test_folders_it_creates_are_0700_parents_too(tmp_path: Path) -> None:
    os.chmod(tmp_path, 0o755)
    target = tmp_path / "a" / "b" / "profiles"
    old = os.umask(0o022)
    try:
        ensure_private_dir(target)
    finally:
        os.umask(old)
    for folder in (tmp_path / "a", tmp_path / "a" / "b", target):
        assert mode(folder) == 0o700, folder
    assert mode(tmp_path) == 0o755


def test_the_store_leaves_a_team_folder_as_it_is(tmp_path: Path) -> None:
    team = tmp_path / "team"
    team.mkdir()
    os.chmod(team, 0o2775)
    store = ProfileStore(team)
    store.save(Profile(slug="een", name="Een B.V.", werkgever_id="1", username="u"), create=True)
    store.update("een", lambda p: setattr(p, "notes", "changed"))  # under its lock
    assert mode(team) == 0o2775
    assert mode(team / "een.toml") == 0o600
    assert mode(team / ".locks") == 0o700


def test_an_export_into_a_sticky_folder_keeps_the_sticky_bit(tmp_path: Path) -> None:
    sticky = tmp_path / "tmp-like"
    sticky.mkdir()
    os.chmod(sticky, 0o1777)
    atomic_write_bytes(sticky / "file.csv", b"a,b\r\n")
    assert mode(sticky) == 0o1777
