"""One readiness rule: the submission gate (``koppelaar submit``, ``ensure_sendable``) and the
UI's gate (``gate_reason``) give the same verdict, from the same reason code, for ready, not
ready, sent, exported, connected and read-only profiles."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.submission.conftest import RECIPIENT, SENDER, ready_profile
from tui.cli.main import app
from tui.profiles.model import SCHEMA_VERSION, ItemRecord, Profile, Submission
from tui.profiles.store import ProfileStore
from tui.screens.submit_common import gate_reason
from tui.submission.compose import NotSendableError, ensure_sendable
from tui.submission.readiness import refusal

SLUG = "gouden-korst"
AT = dt.datetime(2026, 11, 26, 9, 30, tzinfo=dt.UTC)


def not_ready(p: Profile) -> None:
    p.status = "problems"
    p.items["account.active"] = ItemRecord("fail", "gebruiker is geblokkeerd")


def sent(p: Profile) -> None:
    p.submission = Submission(status="sent", sent_at=AT, method="smtp")


def exported(p: Profile) -> None:
    p.submission = Submission(status="exported", exported_at=AT, method="eml")


def connected(p: Profile) -> None:
    p.submission = Submission(status="connected", sent_at=AT, method="smtp", connected_at=AT)


def nothing(p: Profile) -> None:
    pass


# state -> (change, the rule's code, a phrase of the UI's gate in English, of the CLI's in Dutch)
STATES: dict[str, tuple[Callable[[Profile], None], str | None, str, str]] = {
    "ready": (nothing, None, "", ""),
    "not_ready": (not_ready, "not_ready", "is not ready", "niet gereed (status: problemen)"),
    "sent": (sent, "already_sent", "was already sent on 26-11-2026", "al verzonden op 26-11-2026"),
    "exported": (exported, "already_exported", "was exported on", "klaargezet op 26-11-2026"),
    "connected": (connected, "already_connected", "already connected", "al gekoppeld"),
    "read_only": (nothing, "read_only", "newer Koppelaar", "nieuwere Koppelaar (schema 99"),
}


def saved(tmp_path: Path, state: str) -> ProfileStore:
    store = ProfileStore(tmp_path / "profiles")
    profile = ready_profile(SLUG, "Bakkerij De Gouden Korst B.V.", "20720", "xs-goudenkorst")
    STATES[state][0](profile)
    store.save(profile, create=True)
    if state == "read_only":  # as a newer Koppelaar would have written it
        path = store.path_for(SLUG)
        text = path.read_text(encoding="utf-8")
        assert f"schema = {SCHEMA_VERSION}\n" in text
        path.write_text(text.replace(f"schema = {SCHEMA_VERSION}\n", "schema = 99\n"))
    return store


@pytest.mark.parametrize("state", list(STATES))
def test_the_submission_gate_and_the_uis_gate_give_one_verdict(tmp_path: Path, state: str) -> None:
    _, code, ui_words, cli_words = STATES[state]
    store = saved(tmp_path, state)
    profile = store.load_all().profiles[0]
    assert profile.read_only is (state == "read_only")

    verdict = refusal(profile)
    assert (verdict.code if verdict else None) == code

    # the UI's gate, in both languages
    shown = gate_reason(profile, "en")
    assert (shown is None) is (code is None)
    if shown is not None:
        assert ui_words in shown
        assert gate_reason(profile, "nl") != shown

    # the submission gate, in the domain and through the CLI
    if code is None:
        ensure_sendable(profile)
    else:
        with pytest.raises(NotSendableError) as caught:
            ensure_sendable(profile)
        assert caught.value.refusal == verdict
    config = tmp_path / "c.toml"
    config.write_text(f'[submission]\nto = "{RECIPIENT}"\nfrom = "{SENDER}"\n')
    target = tmp_path / "nn.eml"
    result = CliRunner().invoke(
        app,
        ["--profiles", str(store.directory), "--config", str(config), "submit", SLUG,
         "--eml", str(target), "--no-password", "--yes"],
    )  # fmt: skip
    assert (result.exit_code == 0) is (code is None), result.output
    assert target.exists() is (code is None)
    assert cli_words in result.output


@pytest.mark.parametrize("state", [s for s in STATES if s not in ("ready", "read_only")])
def test_override_lifts_every_refusal_but_read_only(tmp_path: Path, state: str) -> None:
    profile = saved(tmp_path, state).load_all().profiles[0]
    assert refusal(profile, override=True) is None
    ensure_sendable(profile, override=True)


def test_read_only_is_refused_even_with_override(tmp_path: Path) -> None:
    profile = saved(tmp_path, "read_only").load_all().profiles[0]
    verdict = refusal(profile, override=True)
    assert verdict is not None and not verdict.overridable
    with pytest.raises(NotSendableError):
        ensure_sendable(profile, override=True)


def test_the_uis_open_items_follow_the_uis_language(tmp_path: Path) -> None:
    """The UI's gate named the open items in the command's language, not the UI's."""
    profile = saved(tmp_path, "not_ready").load_all().profiles[0]
    assert "User active, not blocked: fail" in (gate_reason(profile, "en") or "")
    assert "Gebruiker actief, niet geblokkeerd: fout" in (gate_reason(profile, "nl") or "")
