"""Sending by SMTP: STARTTLS or implicit TLS with a verifying ``ssl.create_default_context()``
(never unverified, never plaintext), AUTH with the SMTP password from the secret store, a
timeout and a deadline on the whole conversation. Every failure becomes a ``SubmissionError``
with one clear phrase and no secret; a connection lost during DATA is ``DeliveryUnknownError``.
"""

from __future__ import annotations

import contextlib
import smtplib
import socket
import ssl
import threading
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from tui.config import SmtpSettings
from tui.secrets import redact
from tui.secrets.store import SecretKind, SecretStore
from tui.submission.compose import (
    SendResult,
    SubmissionConfigError,
    SubmissionDraft,
    SubmissionError,
)
from tui.submission.send import DeliveryUnknownError, read_secret, result_of
from tui.submission.text import msg
from tui.text.phrase import Phrase


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
                    note += msg("smtp.quit_failed")
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
        return result_of(draft, self.method, note, delivered=True)

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

    def _explain(self, exc: Exception, draft: SubmissionDraft) -> Phrase:
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
            reason: object = exc.verify_message or exc.reason or Phrase("item.unknown")
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
