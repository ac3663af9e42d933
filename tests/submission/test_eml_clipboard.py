"""The .eml export (0600, parses, holds the three data) and the OSC 52 clipboard."""

from __future__ import annotations

import base64
import stat
from email.parser import BytesParser
from email.policy import default as default_policy
from pathlib import Path

import pytest

from tests.submission.conftest import LOKET_PASSWORD, RECIPIENT, SENDER
from tui.config import Settings, SubmissionSettings
from tui.profiles.store import ProfileStore
from tui.submission.batch import deliver
from tui.submission.clipboard import ClipboardError, copy_to_clipboard, osc52_sequence
from tui.submission.compose import SubmissionError, compose_submission
from tui.submission.handover import ClipboardCopier, EmlExporter

SETTINGS = Settings(submission=SubmissionSettings(to=RECIPIENT, sender=SENDER))
SLUG = "gouden-korst"


def test_eml_parses_holds_the_three_data_and_is_private(
    store: ProfileStore, tmp_path: Path
) -> None:
    target = tmp_path / "export" / "gouden-korst.eml"
    target.parent.mkdir(mode=0o755)
    draft = compose_submission(store.load(SLUG), LOKET_PASSWORD, SETTINGS)
    result, profile = deliver(store, draft, EmlExporter(target))

    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert stat.S_IMODE(target.parent.stat().st_mode) == 0o755  # the user's folder is left alone
    with target.open("rb") as handle:
        message = BytesParser(policy=default_policy).parse(handle)
    assert message["To"] == RECIPIENT
    assert message["Message-ID"] == draft.message_id
    body = message.get_content()
    assert "xs-goudenkorst" in body and LOKET_PASSWORD in body and "20720" in body
    assert "bevat het wachtwoord" in str(result.note)
    assert LOKET_PASSWORD not in str(result.note)
    assert profile.submission.method == "eml"
    assert profile.submission.message_id == draft.message_id


def test_eml_without_password(store: ProfileStore, tmp_path: Path) -> None:
    target = tmp_path / "zonder.eml"
    draft = compose_submission(store.load(SLUG), None, SETTINGS)
    result, profile = deliver(store, draft, EmlExporter(target))
    assert LOKET_PASSWORD.encode() not in target.read_bytes()
    assert "bevat het wachtwoord" not in str(result.note)
    assert profile.submission.without_password is True


def test_eml_into_a_missing_folder_fails_and_records_nothing(
    store: ProfileStore, tmp_path: Path
) -> None:
    draft = compose_submission(store.load(SLUG), LOKET_PASSWORD, SETTINGS)
    with pytest.raises(SubmissionError, match="kan niet worden geschreven"):
        deliver(store, draft, EmlExporter(tmp_path / "bestaat-niet" / "x.eml"))
    assert store.load(SLUG).submission.status == "draft"


def test_osc52_plain_tmux_and_screen() -> None:
    text = "Aan: spa.inkomen@nn.nl\nWachtwoord: é"
    payload = base64.b64encode(text.encode()).decode()
    assert osc52_sequence(text, env={}) == f"\x1b]52;c;{payload}\x07"
    tmux = osc52_sequence(text, env={"TMUX": "/tmp/tmux-1000/default,1,0"})
    assert tmux == f"\x1bPtmux;\x1b\x1b]52;c;{payload}\x07\x1b\\"
    screen = osc52_sequence("x" * 300, env={"STY": "1234.pts-0"})
    chunks = screen.split("\x1b\\")[:-1]
    assert len(chunks) > 1 and all(c.startswith("\x1bP") and len(c) <= 78 for c in chunks)
    inner = "".join(c[2:] for c in chunks)
    assert inner == osc52_sequence("x" * 300, env={})


def test_copy_writes_the_sequence_to_the_terminal(tmp_path: Path) -> None:
    tty = tmp_path / "tty"
    tty.touch()
    assert copy_to_clipboard("hallo", env={}, tty_path=str(tty)) == str(tty)
    assert tty.read_bytes() == osc52_sequence("hallo", env={}).encode()


def test_copy_without_a_terminal_fails_clearly(tmp_path: Path) -> None:
    with pytest.raises(ClipboardError, match="not a TTY"):
        copy_to_clipboard("hallo", env={}, tty_path=str(tmp_path / "geen-tty"))


def test_clipboard_sender_copies_the_full_text_and_records(store: ProfileStore) -> None:
    copied: list[str] = []
    draft = compose_submission(store.load(SLUG), LOKET_PASSWORD, SETTINGS)
    result, profile = deliver(store, draft, ClipboardCopier(copied.append))
    [text] = copied
    assert text.startswith(f"Aan: {RECIPIENT}\nOnderwerp: Koppeling Loket.nl - XpertSuite")
    assert LOKET_PASSWORD in text
    assert profile.submission.method == "clipboard"
    assert "klembord" in str(result.note)


def test_clipboard_failure_records_nothing(store: ProfileStore, tmp_path: Path) -> None:
    def no_terminal(text: str) -> str:
        return copy_to_clipboard(text, env={}, tty_path=str(tmp_path / "geen-tty"))

    draft = compose_submission(store.load(SLUG), LOKET_PASSWORD, SETTINGS)
    with pytest.raises(SubmissionError) as caught:
        deliver(store, draft, ClipboardCopier(no_terminal))
    # the reason is said in the language of the line around it
    assert caught.value.render("nl") == (
        "kopiëren naar het klembord mislukt: geen terminal om de klembordreeks naar te sturen "
        "(geen TTY)"
    )
    assert caught.value.render("en") == (
        "copying to the clipboard failed: no terminal to send the clipboard sequence to (not a TTY)"
    )
    assert store.load(SLUG).submission.status == "draft"
