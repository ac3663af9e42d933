"""Mask known secrets in any text that leaves the process: logs, error messages, exports.

One process-wide `Redactor` holds every secret the SecretStore has read or written. Text is
redacted for the secret itself and for its url-encoded and base64 forms, because secrets travel
inside form bodies, query strings and Basic auth headers.
"""

from __future__ import annotations

import base64
import html
import json
import logging
import re
import threading
from collections.abc import Iterable
from urllib.parse import quote, quote_plus

MASK = "••••••"
MIN_SECRET_LENGTH = 4


def encoded_forms(secret: str) -> set[str]:
    """The secret as it may appear in text: plain, url-encoded, base64 (standard and url-safe),
    html- and json-escaped."""
    raw = secret.encode("utf-8")
    escaped = html.escape(secret)
    forms = {secret, quote(secret, safe=""), quote_plus(secret, safe=""), quote(secret)}
    # As text exports and SVG screenshots write it.
    forms |= {escaped, escaped.replace(" ", "&#160;"), json.dumps(secret)[1:-1]}
    for encoded in (base64.b64encode(raw), base64.urlsafe_b64encode(raw)):
        text = encoded.decode("ascii")
        forms.add(text)
        forms.add(text.rstrip("="))
    return {form for form in forms if len(form) >= MIN_SECRET_LENGTH}


class Redactor:
    """A thread-safe registry of secrets and the replacement of each of them in text."""

    def __init__(self, mask: str = MASK) -> None:
        self._mask = mask
        self._lock = threading.Lock()
        self._secrets: set[str] = set()
        self._pattern: re.Pattern[str] | None = None

    def __repr__(self) -> str:
        return f"Redactor({len(self._secrets)} secrets)"

    def __len__(self) -> int:
        return len(self._secrets)

    def register(self, secret: str | None) -> None:
        """Remember a secret; values shorter than MIN_SECRET_LENGTH are ignored (too common)."""
        if not secret or len(secret) < MIN_SECRET_LENGTH:
            return
        with self._lock:
            if secret in self._secrets:
                return
            self._secrets.add(secret)
            self._pattern = self._compile(self._secrets)

    def register_all(self, secrets: Iterable[str | None]) -> None:
        for secret in secrets:
            self.register(secret)

    def forget_all(self) -> None:
        with self._lock:
            self._secrets.clear()
            self._pattern = None

    def redact(self, text: str) -> str:
        pattern = self._pattern
        if pattern is None or not text:
            return text
        return pattern.sub(self._mask, text)

    def redact_exception(self, exc: BaseException) -> str:
        """The exception as one line for users: its type when it has no message."""
        message = str(exc) or type(exc).__name__
        return self.redact(message)

    @staticmethod
    def _compile(secrets: Iterable[str]) -> re.Pattern[str]:
        forms: set[str] = set()
        for secret in secrets:
            forms |= encoded_forms(secret)
        # Longest first, so a secret that contains another is masked whole.
        ordered = sorted(forms, key=len, reverse=True)
        return re.compile("|".join(re.escape(form) for form in ordered))


redactor = Redactor()


def register(secret: str | None) -> None:
    redactor.register(secret)


def redact(text: str) -> str:
    return redactor.redact(text)


class RedactingFilter(logging.Filter):
    """A logging filter that renders each record's message and traceback, then masks secrets.

    Attach it to handlers (a filter on a logger does not see records from child loggers), or
    call `install_log_redaction()` to cover every record the process creates.
    """

    def __init__(self, which: Redactor | None = None) -> None:
        super().__init__()
        self._redactor = which or redactor

    def filter(self, record: logging.LogRecord) -> bool:
        redact_record(record, self._redactor)
        return True


def redact_record(record: logging.LogRecord, which: Redactor | None = None) -> None:
    """Render the record's message (and traceback) now and mask secrets in it, in place.

    Idempotent: the mask contains no secret.
    """
    active = which or redactor
    if len(active) == 0:
        return
    record.msg = active.redact(record.getMessage())
    record.args = None
    if record.exc_info and not record.exc_text:
        record.exc_text = logging.Formatter().formatException(record.exc_info)
    if record.exc_text:
        # A formatter formats exc_info itself only while exc_text is empty.
        record.exc_text = active.redact(record.exc_text)
    if record.stack_info:
        record.stack_info = active.redact(record.stack_info)


_factory_lock = threading.Lock()
_installed = False


def install_log_redaction() -> None:
    """Redact every log record this process creates, whichever handler writes it. Idempotent."""
    global _installed
    with _factory_lock:
        if _installed:
            return
        previous = logging.getLogRecordFactory()

        def factory(*args: object, **kwargs: object) -> logging.LogRecord:
            record = previous(*args, **kwargs)
            redact_record(record)
            return record

        logging.setLogRecordFactory(factory)
        _installed = True
