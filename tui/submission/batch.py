"""Send one submission, or every ready profile in one action (one email per employer).

``deliver`` sends a composed draft and records it; nothing is recorded when sending fails.
``submit_all_ready`` reports, per profile, what was sent, skipped or failed, and why.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from tui.config import Settings
from tui.profiles.model import Profile
from tui.profiles.store import ProfileStore, StoreError
from tui.secrets.store import SecretKind, SecretStore
from tui.submission.compose import (
    Contact,
    NotSendableError,
    SendResult,
    SubmissionConfigError,
    SubmissionDraft,
    SubmissionError,
    compose_submission,
    ensure_sendable,
    record_sent,
)
from tui.submission.send import Sender, read_secret
from tui.submission.text import msg

OUTCOMES = ("sent", "exported", "skipped", "failed")


class RecordFailedError(SubmissionError):
    """The message left Koppelaar but the profile could not be updated."""

    def __init__(self, message: str, result: SendResult) -> None:
        super().__init__(message)
        self.result = result


@dataclass(frozen=True)
class BatchOutcome:
    slug: str
    outcome: str  # one of OUTCOMES
    reason: str
    result: SendResult | None = None


ProgressCallback = Callable[[int, int, BatchOutcome], None]


def _outcome_of(result: SendResult) -> str:
    """``sent`` only when a mail server accepted it; an .eml file is ``exported``."""
    return "sent" if result.delivered else "exported"


def loket_password(secrets: SecretStore, profile: Profile) -> str | None:
    return read_secret(secrets, SecretKind.LOKET_PASSWORD, profile.username)


def deliver(
    store: ProfileStore, draft: SubmissionDraft, sender: Sender
) -> tuple[SendResult, Profile]:
    """Send ``draft`` and record it in its profile; a failed send records nothing."""
    result = sender.send(draft)
    try:
        profile = record_sent(store, draft.slug, result)
    except StoreError as exc:
        raise RecordFailedError(
            msg("record_failed", profile=draft.slug, reason=exc), result
        ) from None
    return result, profile


def prepare(
    profile: Profile,
    settings: Settings,
    secrets: SecretStore,
    *,
    without_password: bool = False,
    override: bool = False,
    contact: Contact | None = None,
    titles: Mapping[str, str] | None = None,
) -> SubmissionDraft:
    """Gate and compose: the draft for ``profile``, or a ``SubmissionError`` saying why not."""
    ensure_sendable(profile, override)
    password = None
    if not without_password:
        password = loket_password(secrets, profile)
        if password is None:
            raise SubmissionError(msg("no_password", profile=profile.slug, user=profile.username))
    return compose_submission(profile, password, settings, contact, titles=titles)


def submit_all_ready(
    profiles: Iterable[Profile],
    *,
    store: ProfileStore,
    sender: Sender,
    settings: Settings,
    secrets: SecretStore,
    without_password: bool = False,
    contact: Contact | None = None,
    titles: Mapping[str, str] | None = None,
    on_progress: ProgressCallback | None = None,
) -> list[BatchOutcome]:
    """One email per ready profile that was not sent before; the rest skipped with the reason.

    A settings problem (no SMTP server, no sender) fails every remaining profile with the same
    reason without trying again.
    """
    todo = list(profiles)
    outcomes: list[BatchOutcome] = []
    config_error: str | None = None
    for index, profile in enumerate(todo, start=1):
        try:
            ensure_sendable(profile)
        except NotSendableError as exc:
            outcome = BatchOutcome(profile.slug, "skipped", exc.message)
        else:
            if config_error is not None:
                outcome = BatchOutcome(profile.slug, "failed", config_error)
            else:
                try:
                    draft = prepare(
                        profile,
                        settings,
                        secrets,
                        without_password=without_password,
                        contact=contact,
                        titles=titles,
                    )
                    result, _ = deliver(store, draft, sender)
                    outcome = BatchOutcome(profile.slug, _outcome_of(result), result.note, result)
                except RecordFailedError as exc:
                    outcome = BatchOutcome(profile.slug, "failed", exc.message, exc.result)
                except SubmissionConfigError as exc:
                    config_error = exc.message
                    outcome = BatchOutcome(profile.slug, "failed", exc.message)
                except SubmissionError as exc:
                    outcome = BatchOutcome(profile.slug, "failed", exc.message)
        outcomes.append(outcome)
        if on_progress is not None:
            on_progress(index, len(todo), outcome)
    return outcomes
