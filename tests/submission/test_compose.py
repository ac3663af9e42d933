"""Composing the email to NN: content, masking, readiness gate, header injection."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from email import message_from_bytes
from email.policy import default as default_policy

import pytest

from tests.submission.conftest import LOKET_PASSWORD, RECIPIENT, SENDER, ready_profile
from tui.config import Settings, SubmissionSettings
from tui.profiles.model import ItemRecord, Profile, Submission, is_overdue
from tui.submission.compose import (
    PASSWORD_MASK,
    Contact,
    NotSendableError,
    SubmissionConfigError,
    compose_submission,
    ensure_sendable,
)

SETTINGS = Settings(submission=SubmissionSettings(to=RECIPIENT, sender=SENDER))


def profile() -> Profile:
    return ready_profile("gouden-korst", "Bakkerij De Gouden Korst B.V.", "20720", "xs-goudenkorst")


def test_body_holds_the_three_data_and_the_context() -> None:
    contact = Contact("Jan Jansen", "jan@boekhoudhuis-test.nl", "020-1234567")
    p = profile()
    p.items["submission.sent"] = ItemRecord("manual")
    draft = compose_submission(p, LOKET_PASSWORD, SETTINGS, contact)
    body = draft.body(masked=False)
    assert "Gebruikersnaam:     xs-goudenkorst" in body
    assert f"Wachtwoord:         {LOKET_PASSWORD}" in body
    assert "Werkgever ID:       20720" in body
    assert "Loket API-id:       b14acd0d-75d7-4fc8-8b22-4a3924585cab" in body
    assert "Werkgever:          Bakkerij De Gouden Korst B.V." in body
    assert "020-1234567" in body and "jan@boekhoudhuis-test.nl" in body
    assert "Controle met Koppelaar op 29-11-2026" in body and ": gereed" in body
    assert "[in orde] account.rights - alle zes rechten" in body  # unknown id: shown as is
    assert "[in orde] Gebruiker actief, niet geblokkeerd - gebruiker is" in body
    assert "submission.sent" not in body and "Gegevens naar NN verzonden" not in body
    assert draft.subject == (
        "Koppeling Loket.nl - XpertSuite: Bakkerij De Gouden Korst B.V. (werkgever ID 20720)"
    )


def test_preview_masks_the_password_and_repr_never_shows_it() -> None:
    draft = compose_submission(profile(), LOKET_PASSWORD, SETTINGS)
    preview = draft.render()
    assert LOKET_PASSWORD not in preview
    assert f"Wachtwoord:         {PASSWORD_MASK}" in preview
    assert f"Aan: {RECIPIENT}" in preview and f"Message-ID: {draft.message_id}" in preview
    assert LOKET_PASSWORD in draft.render(masked=False)
    assert LOKET_PASSWORD not in repr(draft)


def test_without_password_says_it_follows() -> None:
    draft = compose_submission(profile(), None, SETTINGS)
    assert draft.without_password
    assert "Wachtwoord:         volgt telefonisch of in een apart bericht" in draft.body(False)


def test_email_message_headers() -> None:
    when = dt.datetime(2026, 11, 30, 9, 15, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    draft = compose_submission(profile(), LOKET_PASSWORD, SETTINGS, when=when)
    parsed = message_from_bytes(bytes(draft.to_email_message()), policy=default_policy)
    assert parsed["From"] == SENDER
    assert parsed["To"] == RECIPIENT
    assert parsed["Message-ID"] == draft.message_id
    assert parsed["Message-ID"].endswith("@boekhoudhuis-test.nl>")
    assert parsed["Date"].datetime == when
    assert parsed.get_content_charset() == "utf-8"


def test_sender_falls_back_to_the_profile_contact() -> None:
    draft = compose_submission(profile(), None, Settings())
    assert draft.to.addr_spec == "spa.inkomen@nn.nl"
    assert draft.sender is not None and draft.sender.addr_spec == "salaris@boekhoudhuis-test.nl"


def test_hostile_names_cannot_add_headers() -> None:
    hostile = replace(
        profile(),
        name="Evil B.V.\r\nBcc: attacker@evil.example\r\n\r\nnieuwe body",
        werkgever_id="20720\nX-Injected: ja",
        username="xs-evil\r\nCc: cc@evil.example",
    )
    contact = Contact("Jan\r\nBcc: x@evil.example", "jan@boekhoudhuis-test.nl")
    draft = compose_submission(hostile, LOKET_PASSWORD, SETTINGS, contact)
    raw = bytes(draft.to_email_message())
    parsed = message_from_bytes(raw, policy=default_policy)
    assert parsed["Bcc"] is None and parsed["Cc"] is None and parsed["X-Injected"] is None
    assert sorted(parsed.keys()) == sorted(
        [
            "From",
            "To",
            "Subject",
            "Date",
            "Message-ID",
            "X-Koppelaar-Profile",
            "Content-Type",
            "Content-Transfer-Encoding",
            "MIME-Version",
        ]
    )
    assert "\n" not in parsed["Subject"] and "\\x0d" in parsed["Subject"]
    body_lines = parsed.get_content().splitlines()
    assert not any(line.startswith(("Bcc:", "Cc:", "X-Injected:")) for line in body_lines)


@pytest.mark.parametrize(
    "to",
    [
        "spa.inkomen@nn.nl\r\nBcc: attacker@evil.example",
        "a@nn.nl, attacker@evil.example",
        "",
        "geen-adres",
    ],
)
def test_bad_recipient_setting_is_refused(to: str) -> None:
    with pytest.raises(SubmissionConfigError, match=r"\[submission\] to"):
        compose_submission(profile(), None, Settings(submission=SubmissionSettings(to=to)))


def test_bad_sender_setting_is_refused() -> None:
    settings = Settings(submission=SubmissionSettings(sender="jan@x.nl\nBcc: y@evil.example"))
    with pytest.raises(SubmissionConfigError, match=r"\[submission\] from"):
        compose_submission(profile(), None, settings)


def test_gate_refuses_a_profile_with_problems_and_says_why() -> None:
    bad = profile()
    bad.status = "problems"
    bad.items["account.rights"] = ItemRecord("fail", "mist Raadplegen beloningen")
    with pytest.raises(NotSendableError) as caught:
        ensure_sendable(bad)
    assert "problemen" in str(caught.value)
    assert "account.rights: fout" in str(caught.value)
    assert "--override" in str(caught.value)
    ensure_sendable(bad, override=True)


def test_gate_refuses_a_second_send_without_override() -> None:
    sent = profile()
    sent.submission = Submission(
        status="sent", sent_at=dt.datetime(2026, 11, 26, 9, 30, tzinfo=dt.UTC), method="smtp"
    )
    with pytest.raises(NotSendableError, match="al verzonden op 26-11-2026"):
        ensure_sendable(sent)
    ensure_sendable(sent, override=True)
    sent.submission.status = "connected"
    with pytest.raises(NotSendableError, match="al gekoppeld"):
        ensure_sendable(sent)


def test_gate_refuses_read_only_profiles_even_with_override() -> None:
    newer = replace(profile(), schema=99)
    with pytest.raises(NotSendableError, match="schema 99"):
        ensure_sendable(newer, override=True)


def test_overdue_after_fourteen_days_unless_connected() -> None:
    sent_at = dt.datetime(2026, 11, 1, 12, 0, tzinfo=dt.UTC)
    p = profile()
    p.submission = Submission(status="sent", sent_at=sent_at)
    assert not is_overdue(p, sent_at + dt.timedelta(days=14))
    assert is_overdue(p, sent_at + dt.timedelta(days=14, minutes=1))
    p.submission.status = "connected"
    assert not is_overdue(p, sent_at + dt.timedelta(days=30))
    assert not is_overdue(profile(), sent_at + dt.timedelta(days=30))
