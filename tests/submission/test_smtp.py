"""Sending by SMTP to a real server on 127.0.0.1 (aiosmtpd), with STARTTLS, implicit TLS or none."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default as default_policy

import pytest

from tests.submission.conftest import (
    LOKET_PASSWORD,
    RECIPIENT,
    SMTP_PASSWORD,
    SMTP_USER,
    StartServer,
    Tls,
    free_port,
)
from tui.config import Settings, replace
from tui.profiles.store import ProfileStore
from tui.secrets.store import SecretKind, SecretStore
from tui.submission.batch import deliver
from tui.submission.compose import (
    SubmissionConfigError,
    SubmissionDraft,
    SubmissionError,
    compose_submission,
)
from tui.submission.smtp import SmtpSender

SLUG = "gouden-korst"


def received(envelope_content: bytes | str | None) -> EmailMessage:
    assert isinstance(envelope_content, bytes)
    message = message_from_bytes(envelope_content, policy=default_policy)
    assert isinstance(message, EmailMessage)
    return message


def draft_for(
    store: ProfileStore, settings: Settings, password: str | None = LOKET_PASSWORD
) -> SubmissionDraft:
    return compose_submission(store.load(SLUG), password, settings)


def test_starttls_with_auth_delivers_and_records(
    smtp_server: StartServer,
    tls: Tls,
    store: ProfileStore,
    secrets: SecretStore,
) -> None:
    server = smtp_server("starttls")
    settings = server.settings()
    draft = draft_for(store, settings)
    sender = SmtpSender(settings.smtp, secrets, cafile=tls.ca_file)

    result, profile = deliver(store, draft, sender)

    assert server.mailbox.logins == [SMTP_USER]
    [envelope] = server.mailbox.envelopes
    assert envelope.rcpt_tos == [RECIPIENT]
    assert envelope.mail_from == "jan@boekhoudhuis-test.nl"
    message = received(envelope.content)
    assert message["To"] == RECIPIENT
    assert message["Subject"] == (
        "Koppeling Loket.nl - XpertSuite: Bakkerij De Gouden Korst B.V. (werkgever ID 20720)"
    )
    assert message["Message-ID"] == draft.message_id
    body = message.get_content()
    assert "Gebruikersnaam:     xs-goudenkorst" in body
    assert f"Wachtwoord:         {LOKET_PASSWORD}" in body
    assert "Werkgever ID:       20720" in body
    assert "Bakkerij De Gouden Korst B.V." in body

    stored = store.load(SLUG).submission
    assert stored == profile.submission
    assert stored.status == "sent"
    assert stored.method == "smtp"
    assert stored.to == RECIPIENT
    assert stored.message_id == draft.message_id == result.message_id
    assert stored.sent_at is not None
    assert stored.without_password is False
    saved = store.path_for(SLUG).read_text()
    assert LOKET_PASSWORD not in saved and SMTP_PASSWORD not in saved


def test_implicit_tls(
    smtp_server: StartServer, tls: Tls, store: ProfileStore, secrets: SecretStore
) -> None:
    server = smtp_server("ssl")
    settings = server.settings()
    deliver(
        store, draft_for(store, settings), SmtpSender(settings.smtp, secrets, cafile=tls.ca_file)
    )
    [envelope] = server.mailbox.envelopes
    assert received(envelope.content)["To"] == RECIPIENT
    assert store.load(SLUG).submission.status == "sent"


def test_server_without_tls_is_refused_and_nothing_recorded(
    smtp_server: StartServer,
    tls: Tls,
    store: ProfileStore,
    secrets: SecretStore,
) -> None:
    server = smtp_server("plain")
    settings = server.settings()
    before = store.path_for(SLUG).read_bytes()
    with pytest.raises(SubmissionError) as caught:
        deliver(
            store,
            draft_for(store, settings),
            SmtpSender(settings.smtp, secrets, cafile=tls.ca_file),
        )
    assert "STARTTLS" in str(caught.value)
    assert "niet verzonden" in str(caught.value)
    assert server.mailbox.envelopes == []
    assert server.mailbox.logins == []
    assert store.path_for(SLUG).read_bytes() == before


def test_untrusted_certificate_is_refused(
    smtp_server: StartServer,
    store: ProfileStore,
    secrets: SecretStore,
) -> None:
    server = smtp_server("starttls")
    settings = server.settings()
    with pytest.raises(SubmissionError) as caught:
        deliver(store, draft_for(store, settings), SmtpSender(settings.smtp, secrets))
    assert "niet vertrouwd" in str(caught.value)
    assert server.mailbox.envelopes == []
    assert store.load(SLUG).submission.status == "draft"


def test_wrong_smtp_password_says_so_without_the_password(
    smtp_server: StartServer,
    tls: Tls,
    store: ProfileStore,
) -> None:
    server = smtp_server("starttls")
    settings = server.settings()
    wrong = SecretStore("session")
    wrong.set(SecretKind.SMTP_PASSWORD, SMTP_USER, "niet-het-goede-wachtwoord")
    with pytest.raises(SubmissionError) as caught:
        deliver(
            store, draft_for(store, settings), SmtpSender(settings.smtp, wrong, cafile=tls.ca_file)
        )
    assert "inloggen" in str(caught.value) and SMTP_USER in str(caught.value)
    assert "niet-het-goede-wachtwoord" not in str(caught.value)
    assert server.mailbox.envelopes == []
    assert store.load(SLUG).submission.status == "draft"


def test_missing_smtp_password_is_a_settings_error(
    store: ProfileStore, smtp_server: StartServer
) -> None:
    server = smtp_server("starttls")
    settings = server.settings()
    with pytest.raises(SubmissionConfigError, match="geen SMTP-wachtwoord"):
        SmtpSender(settings.smtp, SecretStore("session")).send(draft_for(store, settings))


def test_recipient_refused(
    smtp_server: StartServer, tls: Tls, store: ProfileStore, secrets: SecretStore
) -> None:
    server = smtp_server("starttls", refuse_recipients=True)
    settings = server.settings()
    with pytest.raises(SubmissionError) as caught:
        deliver(
            store,
            draft_for(store, settings),
            SmtpSender(settings.smtp, secrets, cafile=tls.ca_file),
        )
    assert RECIPIENT in str(caught.value) and "550" in str(caught.value)
    assert store.load(SLUG).submission.status == "draft"


def test_connection_refused(
    store: ProfileStore, secrets: SecretStore, smtp_server: StartServer
) -> None:
    settings = smtp_server("starttls").settings(port=free_port())
    with pytest.raises(SubmissionError, match="weigert de verbinding"):
        SmtpSender(settings.smtp, secrets).send(draft_for(store, settings))


@pytest.fixture
def silent_server() -> Iterator[int]:
    """Accepts TCP connections and never says a word: the SMTP greeting never comes."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except (TimeoutError, OSError):
                continue
            held.append(conn)

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield listener.getsockname()[1]
    stop.set()
    thread.join()
    for conn in held:
        conn.close()
    listener.close()


def test_timeout(
    silent_server: int, store: ProfileStore, secrets: SecretStore, smtp_server: StartServer
) -> None:
    settings = smtp_server("starttls").settings(port=silent_server, timeout=0.3)
    with pytest.raises(SubmissionError, match=r"antwoordt niet binnen 0\.3 s"):
        SmtpSender(settings.smtp, secrets).send(draft_for(store, settings))
    assert store.load(SLUG).submission.status == "draft"


def test_without_password_leaves_it_out(
    smtp_server: StartServer,
    tls: Tls,
    store: ProfileStore,
    secrets: SecretStore,
) -> None:
    server = smtp_server("starttls")
    settings = server.settings()
    draft = draft_for(store, settings, password=None)
    deliver(store, draft, SmtpSender(settings.smtp, secrets, cafile=tls.ca_file))
    body = received(server.mailbox.envelopes[0].content).get_content()
    assert LOKET_PASSWORD not in body
    assert "volgt telefonisch of in een apart bericht" in body
    assert store.load(SLUG).submission.without_password is True


def test_no_host_is_a_settings_error(
    store: ProfileStore, secrets: SecretStore, smtp_server: StartServer
) -> None:
    settings = smtp_server("starttls").settings(host="")
    with pytest.raises(SubmissionConfigError, match=r"\[smtp\] host"):
        SmtpSender(replace(settings.smtp), secrets).send(draft_for(store, settings))


def test_sender_repr_and_errors_hold_no_secret(
    smtp_server: StartServer, store: ProfileStore, secrets: SecretStore
) -> None:
    settings = smtp_server("starttls").settings()
    sender = SmtpSender(settings.smtp, secrets)
    assert SMTP_PASSWORD not in repr(sender)
    with pytest.raises(SubmissionError) as caught:
        sender.send(draft_for(store, settings))
    assert SMTP_PASSWORD not in str(caught.value) and LOKET_PASSWORD not in str(caught.value)
    for lang in ("nl", "en"):  # what the screens and the CLI show, in either language
        said = caught.value.render(lang)
        assert SMTP_PASSWORD not in said and LOKET_PASSWORD not in said
    assert SMTP_PASSWORD not in repr(caught.value.reason)
