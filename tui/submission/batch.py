"""Send one submission, or every ready profile in one action (one email per employer).

``deliver`` sends a composed draft and records it; nothing is recorded when sending fails.
``submit_all_ready`` reports, per profile, what was sent, skipped or failed, and why.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from tui.config import Settings
from tui.profiles.model import Profile
from tui.profiles.store import ProfileStore, StoreError
from tui.profiles.store import now as store_now
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
from tui.submission.journal import JournalEntry, SendJournal
from tui.submission.send import DeliveryUnknownError, Sender, read_secret
from tui.submission.text import msg
from tui.text.phrase import Renders

OUTCOMES = ("sent", "exported", "skipped", "failed")


class RecordFailedError(SubmissionError):
    """The message left Koppelaar but the profile could not be updated."""

    def __init__(self, reason: Renders, result: SendResult) -> None:
        super().__init__(reason)
        self.result = result


@dataclass(frozen=True)
class BatchOutcome:
    slug: str
    outcome: str  # one of OUTCOMES
    reason: Renders | None  # why (or the sender's note), rendered by the UI or the CLI
    result: SendResult | None = None
    recorded: bool = True  # False: sent, but the profile does not say so yet (the journal does)


ProgressCallback = Callable[[int, int, BatchOutcome], None]


def _outcome_of(result: SendResult) -> str:
    """``sent`` only when a mail server accepted it; an .eml file is ``exported``."""
    return "sent" if result.delivered else "exported"


def loket_password(secrets: SecretStore, profile: Profile) -> str | None:
    return read_secret(secrets, SecretKind.LOKET_PASSWORD, profile.username)


def deliver(
    store: ProfileStore, draft: SubmissionDraft, sender: Sender, *, override: bool = False
) -> tuple[SendResult, Profile]:
    """Send ``draft`` and record it in its profile; a failed send records nothing.

    The send journal (``tui.submission.journal``) is written before the message leaves and
    after the server accepted it, so a crash or a failed save never leads to a second e-mail.
    """
    if not getattr(sender, "delivers", True):
        # An .eml or the clipboard: handed over, not sent; doing it twice sends nothing.
        result = sender.send(draft)
        try:
            return result, record_sent(store, draft.slug, result)
        except (StoreError, OSError) as exc:
            raise RecordFailedError(
                msg("record_failed_export", profile=draft.slug, reason=_why(exc)), result
            ) from None
    journal = SendJournal.beside(store.directory)
    _settle_earlier(store, journal, draft, override)
    started = JournalEntry(
        draft.slug, "sending", draft.message_id, sender.method, draft.to.addr_spec,
        store_now(), draft.without_password,
    )  # fmt: skip
    try:
        journal.write(started)
    except OSError as exc:
        reason = msg("journal.not_written", profile=draft.slug, reason=_why(exc))
        raise SubmissionError(reason) from None
    try:
        result = sender.send(draft)
    except DeliveryUnknownError:
        raise  # the "sending" entry stays: it may have arrived
    except BaseException:
        with contextlib.suppress(OSError):
            journal.clear(draft.slug)
        raise
    # Sent. If this entry cannot be written, the "sending" one still stops a second e-mail.
    with contextlib.suppress(OSError):
        journal.write(_sent_entry(draft.slug, result))
    try:
        profile = record_sent(store, draft.slug, result)
    except (StoreError, OSError) as exc:
        raise RecordFailedError(
            msg("record_failed", profile=draft.slug, reason=_why(exc)), result
        ) from None
    with contextlib.suppress(OSError):
        journal.clear(draft.slug)
    return result, profile


def _why(exc: BaseException) -> str:
    if isinstance(exc, OSError):
        return exc.strerror or type(exc).__name__
    return str(exc)


def _sent_entry(slug: str, result: SendResult) -> JournalEntry:
    return JournalEntry(
        slug, "sent", result.message_id, result.method, result.to, result.sent_at,
        result.without_password,
    )  # fmt: skip


def _settle_earlier(
    store: ProfileStore, journal: SendJournal, draft: SubmissionDraft, override: bool
) -> None:
    """Deal with an earlier send of this profile that did not get recorded."""
    earlier = journal.entry(draft.slug)
    if earlier is None:
        return
    when = earlier.at.astimezone().strftime("%d-%m-%Y %H:%M")
    message_id = earlier.message_id or "?"
    if earlier.state == "sent":
        result = SendResult(
            earlier.method, earlier.to, earlier.message_id, earlier.at, earlier.without_password,
            delivered=True,  # only senders that deliver keep a journal
        )  # fmt: skip
        try:
            record_sent(store, draft.slug, result)
        except (StoreError, OSError) as exc:
            raise RecordFailedError(
                msg("record_failed", profile=draft.slug, reason=_why(exc)), result
            ) from None
        with contextlib.suppress(OSError):
            journal.clear(draft.slug)
        if not override:
            raise NotSendableError(
                msg("journal.was_sent", profile=draft.slug, when=when, message_id=message_id)
            )
        return
    if not override:
        raise NotSendableError(
            msg("journal.unknown", profile=draft.slug, when=when, message_id=message_id)
        )
    journal.clear(draft.slug)


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
    config_error: Renders | None = None
    for index, profile in enumerate(todo, start=1):
        try:
            ensure_sendable(profile)
        except NotSendableError as exc:
            outcome = BatchOutcome(profile.slug, "skipped", exc.reason)
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
                    outcome = BatchOutcome(
                        profile.slug, "sent", exc.reason, exc.result, recorded=False
                    )
                except NotSendableError as exc:
                    outcome = BatchOutcome(profile.slug, "skipped", exc.reason)
                except SubmissionConfigError as exc:
                    config_error = exc.reason
                    outcome = BatchOutcome(profile.slug, "failed", exc.reason)
                except SubmissionError as exc:
                    outcome = BatchOutcome(profile.slug, "failed", exc.reason)
        outcomes.append(outcome)
        if on_progress is not None:
            on_progress(index, len(todo), outcome)
    return outcomes
