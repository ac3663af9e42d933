"""The demo's stand-in for NN: an in-memory outbox, then ``POST /_sim/connect`` so the
simulator connects the employer as NN would."""

from __future__ import annotations

import dataclasses
from email.headerregistry import Address
from email.message import EmailMessage

import httpx

from tui.submission.compose import SendResult, SubmissionDraft, SubmissionError
from tui.submission.send import result_of
from tui.submission.text import msg

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
        return result_of(draft, self.method, msg("demo.sent"), delivered=True)


def simulator_root(api_url: str) -> str:
    """``http://127.0.0.1:PORT/v2`` -> ``http://127.0.0.1:PORT`` (the demo's settings)."""
    root = api_url.rstrip("/")
    return root[: -len("/v2")] if root.endswith("/v2") else root
