"""The ways a composed submission leaves Koppelaar; each is a small class with ``send(draft)``.

- ``SmtpSender``: STARTTLS or implicit TLS with a verifying ``ssl.create_default_context()``
  (never unverified, never plaintext), AUTH with the SMTP password from the secret store, a
  timeout; every failure becomes a ``SubmissionError`` with one clear line and no secret.
- ``EmlExporter``: an ``.eml`` file, written atomically with mode 0600 (by default into the
  private outbox in the data directory); handed over, not sent.
- ``ClipboardCopier``: the text emitted as OSC 52 (works over SSH); handed over, not sent.
- ``DemoOutbox``: the demo's stand-in for NN: an in-memory outbox, then ``POST /_sim/connect``.

Senders are blocking; async callers run them with ``asyncio.to_thread``.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import smtplib
import socket
import ssl
import threading
from collections.abc import Callable
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP as SMTP_POLICY
from pathlib import Path
from typing import Any, Protocol

import httpx

from tui.config import SmtpSettings
from tui.profiles.fileio import atomic_write_bytes, ensure_private_dir
from tui.profiles.store import now as store_now
from tui.secrets import redact
from tui.secrets.store import SecretKind, SecretStore, SecretStoreError
from tui.submission.clipboard import ClipboardError, copy_to_clipboard
from tui.submission.compose import (
    SendResult,
    SubmissionConfigError,
    SubmissionDraft,
    SubmissionError,
)
from tui.submission.text import msg
from tui.text.i18n import language


class DeliveryUnknownError(SubmissionError):
    """The connection broke after the message was handed over: it may have arrived."""


class _Tracked(smtplib.SMTP):
    """Knows whether the DATA phase began and whether the server accepted the message."""

    in_data = False
    accepted = False

    def connect(
        self, host: str = "localhost", port: int = 0, source_address: Any = None
    ) -> tuple[int, bytes]:
        self._host = host  # what STARTTLS verifies the certificate against
        return super().connect(host, port, source_address)

    def data(self, msg: Any) -> tuple[int, bytes]:
        self.in_data = True
        code, reply = super().data(msg)
        self.accepted = code == 250
        return code, reply


class _TrackedSSL(_Tracked, smtplib.SMTP_SSL):
    pass


class _Deadline:
    """Ends a blocked SMTP conversation after ``seconds`` by shutting its socket down."""

    def __init__(self, client: smtplib.SMTP, seconds: float) -> None:
        self.client = client
        self.hit = False
        self._timer = threading.Timer(seconds, self._fire)
        self._timer.daemon = True

    def _fire(self) -> None:
        self.hit = True
        sock = getattr(self.client, "sock", None)
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def __enter__(self) -> _Deadline:
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()


class Sender(Protocol):
    method: str

    def send(self, draft: SubmissionDraft) -> SendResult: ...


def read_secret(secrets: SecretStore, kind: SecretKind, name: str) -> str | None:
    """The secret, or None when missing; an unusable store is a settings problem."""
    try:
        value = secrets.get(kind, name)
    except SecretStoreError as exc:
        raise SubmissionConfigError(
            msg("cli.secrets", reason=exc.message("en" if language() == "en" else "nl"))
        ) from None
    redact.register(value)
    return value or None


def _result(
    draft: SubmissionDraft,
    method: str,
    note: str = "",
    with_id: bool = True,
    delivered: bool = False,
) -> SendResult:
    return SendResult(
        method=method,
        to=draft.to.addr_spec,
        message_id=draft.message_id if with_id else None,
        sent_at=store_now(),
        without_password=draft.without_password,
        note=note,
        delivered=delivered,
    )


class SmtpSender:
    method = "smtp"
    delivers = True

    def __init__(
        self,
        smtp: SmtpSettings,
        secrets: SecretStore,
        *,
        cafile: str | Path | None = None,
        timeout: float | None = None,
    ) -> None:
        self.smtp = smtp
        self.secrets = secrets
        self.cafile = str(cafile) if cafile else None
        self.timeout = timeout if timeout is not None else smtp.timeout
        self._password_read: str | None = None

    def __repr__(self) -> str:
        return f"SmtpSender({self.server!r}, security={self.smtp.security!r})"

    @property
    def server(self) -> str:
        return f"{self.smtp.host}:{self.smtp.port}"

    def tls_context(self) -> ssl.SSLContext:
        # Verification stays on: a test trusts its own CA through cafile, never by switching off.
        return ssl.create_default_context(cafile=self.cafile)

    def _password(self) -> str | None:
        if not self.smtp.username:
            return None
        if self._password_read is None:
            # Read once per sender: a batch of fifty asks the keyring once.
            password = read_secret(self.secrets, SecretKind.SMTP_PASSWORD, self.smtp.username)
            if not password:
                raise SubmissionConfigError(msg("smtp.no_secret", user=self.smtp.username))
            self._password_read = password
        return self._password_read

    @property
    def deadline(self) -> float:
        """The whole conversation (connect, TLS, sign-in, message, goodbye) ends within this."""
        return 2 * self.timeout

    def send(self, draft: SubmissionDraft) -> SendResult:
        if not self.smtp.host:
            raise SubmissionConfigError(msg("smtp.no_host"))
        message = draft.to_email_message()
        password = self._password()
        client: _Tracked = (
            _TrackedSSL(timeout=self.timeout, context=self.tls_context())
            if self.smtp.security == "ssl"
            else _Tracked(timeout=self.timeout)
        )
        note = msg("smtp.sent", to=draft.to.addr_spec, message_id=draft.message_id)
        with _Deadline(client, self.deadline) as deadline:
            try:
                self._deliver(client, message, password)
            except BaseException as exc:
                if client.accepted:  # 250 came: sent, whatever the goodbye did
                    note += " " + msg("smtp.quit_failed")
                elif client.in_data and not isinstance(exc, smtplib.SMTPResponseException):
                    raise DeliveryUnknownError(
                        msg("smtp.unknown_outcome", profile=draft.slug, server=self.server)
                    ) from None
                elif isinstance(exc, SubmissionError):
                    raise
                elif deadline.hit and isinstance(exc, OSError | smtplib.SMTPException):
                    raise SubmissionError(
                        msg("smtp.deadline", server=self.server, seconds=self.deadline)
                    ) from None
                elif isinstance(exc, Exception):
                    raise SubmissionError(self._explain(exc, draft)) from None
                else:
                    raise
            finally:
                with contextlib.suppress(OSError):
                    client.close()
        return _result(draft, self.method, note, delivered=True)

    def _deliver(self, client: _Tracked, message: EmailMessage, password: str | None) -> None:
        context = self.tls_context()
        client.connect(self.smtp.host, self.smtp.port)
        client.ehlo()
        if self.smtp.security != "ssl":
            if not client.has_extn("starttls"):
                raise SubmissionError(msg("smtp.no_starttls", server=self.server))
            client.starttls(context=context)
            client.ehlo()
        if password is not None:
            if not client.has_extn("auth"):
                raise SubmissionError(msg("smtp.no_auth", server=self.server))
            client.login(self.smtp.username, password)
        refused = client.send_message(message)
        if refused:
            to, (code, _) = next(iter(refused.items()))
            raise SubmissionError(msg("smtp.recipient", server=self.server, to=to, code=code))
        reply, _ = client.docmd("QUIT")
        if reply != 221:
            raise smtplib.SMTPResponseException(reply, b"QUIT")

    def _explain(self, exc: Exception, draft: SubmissionDraft) -> str:
        server = self.server
        if isinstance(exc, smtplib.SMTPAuthenticationError):
            return msg("smtp.auth_failed", server=server, user=self.smtp.username)
        if isinstance(exc, smtplib.SMTPRecipientsRefused):
            to, (code, _) = next(iter(exc.recipients.items()), (draft.to.addr_spec, (0, b"")))
            return msg("smtp.recipient", server=server, to=to, code=code)
        if isinstance(exc, smtplib.SMTPSenderRefused):
            return msg("smtp.sender", server=server, sender=exc.sender, code=exc.smtp_code)
        if isinstance(exc, smtplib.SMTPNotSupportedError):
            return msg("smtp.no_auth", server=server)
        if isinstance(exc, smtplib.SMTPServerDisconnected):
            # smtplib turns a read timeout into "Connection unexpectedly closed".
            if isinstance(exc.__context__, TimeoutError):
                return msg("smtp.timeout", server=server, timeout=self.timeout)
            return msg("smtp.disconnected", server=server)
        if isinstance(exc, smtplib.SMTPResponseException):
            return msg("smtp.other", server=server, reason=f"code {exc.smtp_code}")
        if isinstance(exc, ssl.SSLCertVerificationError):
            reason = exc.verify_message or exc.reason or "onbekend"
            return msg("smtp.cert", server=server, reason=reason)
        if isinstance(exc, ssl.SSLError):
            return msg("smtp.tls", server=server, reason=exc.reason or type(exc).__name__)
        if isinstance(exc, TimeoutError):
            return msg("smtp.timeout", server=server, timeout=self.timeout)
        if isinstance(exc, ConnectionRefusedError):
            return msg("smtp.refused", server=server)
        if isinstance(exc, socket.gaierror):
            return msg("smtp.unknown_host", server=server)
        if isinstance(exc, ConnectionError):
            return msg("smtp.disconnected", server=server)
        reason = redact.redact(str(exc) or type(exc).__name__)
        return msg("smtp.other", server=server, reason=reason)


OUTBOX_DIR = "outbox"


def private_outbox(data_dir: Path) -> Path:
    """The default place for ``.eml`` files: ``<data dir>/outbox``, made 0700."""
    outbox = data_dir / OUTBOX_DIR
    ensure_private_dir(outbox)
    # Koppelaar's own folder of password files (not a shared one it was pointed at): it is
    # tightened again if someone opened it.
    with contextlib.suppress(OSError):
        if outbox.stat().st_mode & 0o077:
            outbox.chmod(0o700)
    return outbox


def git_work_tree(path: Path) -> Path | None:
    """The git work tree ``path`` lies in (a password file there is one commit from leaking)."""
    for folder in (path.expanduser().absolute(), *path.expanduser().absolute().parents):
        if (folder / ".git").exists():
            return folder
    return None


def eml_note(path: Path, draft: SubmissionDraft) -> str:
    """What the person needs to know about a written ``.eml``: where, and what it holds."""
    note = msg("eml.written", path=path)
    if not draft.without_password:
        note += " " + msg("eml.warning", path=path, user=draft.username)
        tree = git_work_tree(path.parent)
        if tree is not None:
            note += " " + msg("eml.in_git", tree=tree)
    return note


class EmlExporter:
    """Writes the message to ``target`` (a file), or into ``target/<slug>.eml`` for a folder.

    ``private`` (the default outbox) keeps the folder 0700; every file is 0600.
    """

    method = "eml"
    delivers = False  # hands the message to the person: exported, not sent

    def __init__(
        self, target: str | Path, *, into_directory: bool = False, private: bool = False
    ) -> None:
        self.target = Path(target)
        self.into_directory = into_directory
        self.private = private
        self.written: list[Path] = []

    def path_for(self, draft: SubmissionDraft) -> Path:
        path = self.target / f"{draft.slug}.eml" if self.into_directory else self.target
        return path.expanduser().absolute()

    def send(self, draft: SubmissionDraft) -> SendResult:
        message = draft.to_email_message()
        path = self.path_for(draft)
        try:
            atomic_write_bytes(path, message.as_bytes(policy=SMTP_POLICY), private_dir=self.private)
        except OSError as exc:
            reason = exc.strerror or type(exc).__name__
            raise SubmissionError(msg("eml.failed", path=path, reason=reason)) from None
        self.written.append(path)
        return dataclasses.replace(
            _result(draft, self.method, eml_note(path, draft)), file=str(path)
        )


class ClipboardCopier:
    """Emits recipient, subject and body (with the password) as OSC 52.

    Whether the text reached a clipboard is up to the terminal (and tmux, screen, SSH in
    between): the note says what was emitted and how to verify, never that it arrived.
    """

    method = "clipboard"
    delivers = False

    def __init__(self, copy: Callable[[str], object] = copy_to_clipboard) -> None:
        self._copy = copy

    def send(self, draft: SubmissionDraft) -> SendResult:
        try:
            self._copy(draft.text(masked=False))
        except ClipboardError as exc:
            raise SubmissionError(msg("clipboard.failed", reason=exc)) from None
        note = msg("clipboard.done", to=draft.to.addr_spec)
        if os.environ.get("TMUX"):
            note += " " + msg("clipboard.tmux")
        return _result(draft, self.method, note, with_id=False)


DEMO_SENDER = Address("Koppelaar demo", "demo", "koppelaar.invalid")


class DemoOutbox:
    """The demo's SMTP: keeps the message in memory and lets the simulator play NN.

    ``simulator_url`` is the simulator's root (``http://127.0.0.1:PORT``), without ``/v2``.
    """

    method = "smtp"
    delivers = True

    def __init__(
        self, simulator_url: str, *, client: httpx.Client | None = None, timeout: float = 5.0
    ) -> None:
        self.simulator_url = simulator_url.rstrip("/")
        self._client = client
        self.timeout = timeout
        self.outbox: list[EmailMessage] = []

    def send(self, draft: SubmissionDraft) -> SendResult:
        if draft.sender is None:
            draft = dataclasses.replace(draft, sender=DEMO_SENDER)
        message = draft.to_email_message()
        url = f"{self.simulator_url}/_sim/connect"
        try:
            if self._client is not None:
                response = self._client.post(url, json={"username": draft.username})
            else:
                with httpx.Client(timeout=self.timeout) as client:
                    response = client.post(url, json={"username": draft.username})
            response.raise_for_status()
        except httpx.HTTPStatusError as exc:
            reason = f"HTTP {exc.response.status_code}"
            raise SubmissionError(
                msg("demo.failed", url=self.simulator_url, reason=reason)
            ) from None
        except httpx.HTTPError as exc:
            reason = type(exc).__name__
            raise SubmissionError(
                msg("demo.failed", url=self.simulator_url, reason=reason)
            ) from None
        self.outbox.append(message)
        return _result(draft, self.method, msg("demo.sent"), delivered=True)


def simulator_root(api_url: str) -> str:
    """``http://127.0.0.1:PORT/v2`` -> ``http://127.0.0.1:PORT`` (the demo's settings)."""
    root = api_url.rstrip("/")
    return root[: -len("/v2")] if root.endswith("/v2") else root
