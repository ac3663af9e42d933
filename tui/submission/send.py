"""What every way out of Koppelaar shares: a sender is a small class with ``send(draft)``.

- ``tui.submission.smtp.SmtpSender``: the mail server (STARTTLS or implicit TLS, verified);
- ``tui.submission.handover``: an ``.eml`` file or the clipboard, handed over, not sent;
- ``tui.submission.demo.DemoOutbox``: the demo's stand-in for NN.

Senders are blocking; async callers run them with ``asyncio.to_thread``. What they say (notes,
errors) are phrases the UI or the CLI renders in its language.
"""

from __future__ import annotations

from typing import Protocol

from tui.profiles.store import now as store_now
from tui.secrets import redact
from tui.secrets.store import SecretKind, SecretStore, SecretStoreError
from tui.submission.compose import (
    SendResult,
    SubmissionConfigError,
    SubmissionDraft,
    SubmissionError,
)
from tui.submission.text import msg
from tui.text.phrase import Phrase


class DeliveryUnknownError(SubmissionError):
    """The connection broke after the message was handed over: it may have arrived."""


class Sender(Protocol):
    method: str

    def send(self, draft: SubmissionDraft) -> SendResult: ...


def read_secret(secrets: SecretStore, kind: SecretKind, name: str) -> str | None:
    """The secret, or None when missing; an unusable store is a settings problem."""
    try:
        value = secrets.get(kind, name)
    except SecretStoreError as exc:
        raise SubmissionConfigError(msg("cli.secrets", reason=exc.with_traceback(None))) from None
    redact.register(value)
    return value or None


def result_of(
    draft: SubmissionDraft,
    method: str,
    note: Phrase | None = None,
    with_id: bool = True,
    delivered: bool = False,
) -> SendResult:
    """What sending ``draft`` by ``method`` did, at this moment."""
    return SendResult(
        method=method,
        to=draft.to.addr_spec,
        message_id=draft.message_id if with_id else None,
        sent_at=store_now(),
        without_password=draft.without_password,
        note=note,
        delivered=delivered,
    )
