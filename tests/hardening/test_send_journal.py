# ruff: noqa: F811  (the submission fixtures, imported)
"""Item 3 of issue 18 (never a second e-mail) and item 12 (SMTP total deadline), against a real
SMTP server on 127.0.0.1 (aiosmtpd with STARTTLS) and a raw loopback server that trickles.

- SMTP said 250, then saving the record failed (disk full): the user is told the message WAS
  sent, and the next attempt, with a new draft and so a new Message-ID, sends nothing and
  records the first one. The batch goes on with the next profile.
- QUIT fails after 250: the message was sent, and is recorded as such.
- The connection breaks after the message was handed over: it may have arrived; it is never
  sent again by itself.
- A greeting trickled one byte at a time: the whole conversation ends within its deadline.
"""

from __future__ import annotations

import errno
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP as SMTPServer
from aiosmtpd.smtp import Envelope, Session
from textual.widgets import Button, Checkbox, Input, RadioSet

from tests.submission.conftest import (  # noqa: F401
    LOKET_PASSWORD,
    Mailbox,
    SmtpServer,
    Tls,
    add_profile,
    free_port,
    ready_profile,
    secrets,
    store,
    tls,
)
from tests.tui.conftest import AppFactory, make_app  # noqa: F401
from tests.tui.test_submit import (
    BAKKERIJ,
    SIZE,
    error_text,
    open_submit,
    until,
    with_password,
)
from tui.config import Settings
from tui.profiles.store import ProfileStore
from tui.secrets.store import SecretStore
from tui.submission.batch import RecordFailedError, deliver, submit_all_ready
from tui.submission.compose import NotSendableError, SubmissionError, compose_submission
from tui.submission.journal import SendJournal
from tui.submission.send import DeliveryUnknownError
from tui.submission.smtp import SmtpSender

SLUG = "gouden-korst"


class QuitFails(Mailbox):
    async def handle_QUIT(self, server: SMTPServer, session: Session, envelope: Envelope) -> str:
        return "554 5.3.0 goodbye went wrong"


class DropsAfterData(Mailbox):
    async def handle_DATA(self, server: SMTPServer, session: Session, envelope: Envelope) -> str:
        self.envelopes.append(envelope)
        assert server.transport is not None
        server.transport.abort()
        return "250 never seen"


@pytest.fixture
def smtp(tls: Tls) -> Iterator[Any]:
    started: list[Controller] = []

    def start(mailbox: Mailbox | None = None) -> SmtpServer:
        box = mailbox or Mailbox()
        port = free_port()
        controller = Controller(
            box,
            hostname="127.0.0.1",
            port=port,
            authenticator=box.authenticate,
            auth_require_tls=True,
            tls_context=tls.server_context,
            require_starttls=True,
        )
        controller.start()
        started.append(controller)
        return SmtpServer(box, port, "starttls")

    yield start
    for controller in started:
        controller.stop()


def send_once(store: ProfileStore, settings: Settings, secrets: SecretStore, tls: Tls) -> Any:
    draft = compose_submission(store.load(SLUG), LOKET_PASSWORD, settings)
    return deliver(store, draft, SmtpSender(settings.smtp, secrets, cafile=tls.ca_file))


def disk_full(*args: object, **kwargs: object) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


def test_sent_then_the_save_fails_then_a_rerun_sends_nothing(
    smtp: Any, tls: Tls, store: ProfileStore, secrets: SecretStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    server = smtp()
    settings = server.settings()
    with monkeypatch.context() as patched:
        patched.setattr(store, "update", disk_full)
        with pytest.raises(RecordFailedError) as caught:
            send_once(store, settings, secrets, tls)
    assert len(server.mailbox.envelopes) == 1
    assert "IS verzonden" in str(caught.value) and "niet nog eens" in str(caught.value)
    first_id = caught.value.result.message_id
    assert store.load(SLUG).submission.status == "draft"

    with pytest.raises(NotSendableError) as again:
        send_once(store, settings, secrets, tls)
    assert len(server.mailbox.envelopes) == 1, "the draft was sent a second time"
    assert first_id is not None and first_id in str(again.value)
    recorded = store.load(SLUG).submission
    assert recorded.status == "sent" and recorded.message_id == first_id
    assert SendJournal.beside(store.directory).slugs() == []


def test_a_batch_goes_on_after_a_failed_save_and_its_rerun_sends_nothing_twice(
    smtp: Any, tls: Tls, store: ProfileStore, secrets: SecretStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_profile(store, ready_profile("tweede", "Tweede B.V.", "20721", "xs-tweede"))
    server = smtp()
    settings = server.settings()
    sender = SmtpSender(settings.smtp, secrets, cafile=tls.ca_file)
    real_update = store.update

    def full_for_the_first(slug: str, change: Any) -> Any:
        if slug == SLUG:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_update(slug, change)

    monkeypatch.setattr(store, "update", full_for_the_first)
    first = submit_all_ready(
        store.load_all().profiles, store=store, sender=sender, settings=settings, secrets=secrets
    )
    outcomes = {o.slug: (o.outcome, o.recorded) for o in first}
    assert outcomes == {SLUG: ("sent", False), "tweede": ("sent", True)}
    assert len(server.mailbox.envelopes) == 2
    monkeypatch.undo()

    second = submit_all_ready(
        store.load_all().profiles, store=store, sender=sender, settings=settings, secrets=secrets
    )
    assert len(server.mailbox.envelopes) == 2, "a profile was e-mailed twice"
    assert {o.slug: o.outcome for o in second} == {SLUG: "skipped", "tweede": "skipped"}
    assert store.load(SLUG).submission.status == "sent"


def test_quit_failing_after_250_is_still_sent(
    smtp: Any, tls: Tls, store: ProfileStore, secrets: SecretStore
) -> None:
    server = smtp(QuitFails())
    result, profile = send_once(store, server.settings(), secrets, tls)
    assert len(server.mailbox.envelopes) == 1
    assert profile.submission.status == "sent"
    assert profile.submission.message_id == result.message_id
    assert "verzonden" in str(result.note)


def test_a_break_after_the_message_was_handed_over_is_never_sent_again_by_itself(
    smtp: Any, tls: Tls, store: ProfileStore, secrets: SecretStore
) -> None:
    server = smtp(DropsAfterData())
    settings = server.settings()
    with pytest.raises(DeliveryUnknownError) as caught:
        send_once(store, settings, secrets, tls)
    assert "kan zijn aangekomen" in str(caught.value)
    assert len(server.mailbox.envelopes) == 1
    with pytest.raises(NotSendableError) as again:
        send_once(store, settings, secrets, tls)
    assert "--override" in str(again.value)
    assert len(server.mailbox.envelopes) == 1


@pytest.fixture
def trickling_server() -> Iterator[int]:
    """Sends an SMTP greeting one byte every 0.25 s (at most 30 s), then waits (at most 30 s)."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(30)
    stop = threading.Event()

    def serve() -> None:
        try:
            conn, _ = listener.accept()
        except OSError:
            return
        with conn:
            for byte in b"220 " + b"x" * 116 + b"\r\n":
                if stop.wait(0.25):
                    return
                try:
                    conn.sendall(bytes([byte]))
                except OSError:
                    return
            stop.wait(30)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield listener.getsockname()[1]
    stop.set()
    listener.close()
    thread.join(5)


def test_a_trickled_greeting_ends_within_the_total_deadline(
    trickling_server: int, tls: Tls, store: ProfileStore, secrets: SecretStore
) -> None:
    server = SmtpServer(Mailbox(), trickling_server, "starttls")
    settings = server.settings(timeout=1.0)
    sender = SmtpSender(settings.smtp, secrets, cafile=tls.ca_file)
    start = time.monotonic()
    with pytest.raises(SubmissionError) as caught:
        send_once(store, settings, secrets, tls)
    took = time.monotonic() - start
    assert took < sender.deadline + 1.0, took
    assert "2 s" in str(caught.value)
    assert store.load(SLUG).submission.status == "draft"
    assert SendJournal.beside(store.directory).slugs() == [], "nothing left: nothing was sent"


async def test_the_tui_never_says_not_sent_when_it_was(
    make_app: AppFactory,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = make_app(checked=True)
    with_password(app)
    target = tmp_path / "bakkerij.eml"
    async with app.run_test(size=SIZE) as pilot:
        submit = await open_submit(pilot, BAKKERIJ)
        monkeypatch.setattr(app.runtime.store, "update", disk_full)
        submit.query_one(RadioSet).query_one("#method-eml").value = True
        submit.query_one("#eml-path", Input).value = str(target)
        submit.query_one("#confirm-to", Checkbox).value = True
        await pilot.press("ctrl+s")
        # an .eml is handed over, not sent: it says so, never "not sent" nor "sent"
        await until(pilot, lambda: "klaargezet" in error_text(submit))
        assert "Niet verstuurd" not in error_text(submit)
        assert "verzonden" not in error_text(submit).lower()
        assert submit.query_one("#send", Button).disabled
        assert target.exists()
