"""Step 3 of NN's manual: compose the email to NN, gate it on readiness, record what was sent.

- ``compose_submission`` builds a ``SubmissionDraft``: a Dutch email with the user account, the
  password (or a note that it follows separately), the werkgever ID, the employer's name, the
  sender's contact and a short summary of the last check. ``render(masked=True)`` is the
  preview; ``to_email_message()`` the ``EmailMessage`` that SMTP sends or ``.eml`` stores.
- ``ensure_sendable`` is the submission gate: the readiness rule of
  ``tui.submission.readiness`` (only ``ready`` profiles not yet sent, unless overridden), its
  refusal said as a phrase the UI or CLI renders in its language.
- ``record_sent`` / ``mark_connected`` write the outcome into the profile
  (``tui.profiles.model.is_overdue`` flags a profile sent long ago and still not connected).

The senders live in ``tui.submission.send`` (what they share), ``smtp``, ``handover`` (``.eml``,
clipboard) and ``demo``; the batch in ``tui.submission.batch``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, getaddresses, make_msgid, parseaddr
from functools import cache
from importlib.resources import files
from string import Template

from tui.checks.items import all_items
from tui.checks.werkgever_id import submitted_werkgever_id
from tui.config import Settings
from tui.profiles.model import Profile
from tui.profiles.store import ProfileStore
from tui.profiles.store import now as store_now
from tui.submission.readiness import Refusal, refusal
from tui.submission.text import RefusalPhrase, msg
from tui.text.catalogue import text
from tui.text.phrase import Phrase, PhraseError, Renders
from tui.text.safe import plain

PASSWORD_MASK = "********"
_MSGID_FALLBACK_DOMAIN = "koppelaar.invalid"
_MSGID_MAX = 64  # with "Message-ID: " within the 78 characters of one header line
_ERROR_VALUE_LIMIT = 300  # of a setting quoted in an error message (never in the e-mail)
# The e-mail to NN is Dutch: its text is the template ``email_nl.txt`` (subject line, blank
# line, body); these fill a field that has no value.
_EMAIL_TEMPLATE = "email_nl.txt"
_PASSWORD_SEPARATELY = "volgt telefonisch of in een apart bericht"
_LOKET_ID_UNKNOWN = "nog niet bekend"
_NO_CONTACT = "(geen contactgegevens opgegeven)"
_WHEN_UNKNOWN = "onbekend"


@cache
def email_template() -> tuple[Template, Template]:
    """The subject and the body of the e-mail to NN, read from the package."""
    source = files("tui.submission").joinpath(_EMAIL_TEMPLATE).read_text(encoding="utf-8")
    head, body = source.split("\n\n", 1)
    return Template(head.removeprefix("Onderwerp: ")), Template(body)


class SubmissionError(PhraseError):
    """A submission step failed; ``reason`` says why in one line with no secret in it, rendered
    by the UI or the CLI in its language (``render(lang)``). ``str()`` is the Dutch line."""


class SubmissionConfigError(SubmissionError):
    """Settings are missing or wrong (exit code 2 in the CLI)."""


class NotSendableError(SubmissionError):
    """The readiness gate refused the profile; ``refusal`` says why (None: a journal's
    record of an earlier send that was not recorded in the profile)."""

    def __init__(self, reason: Renders, refusal: Refusal | None = None) -> None:
        super().__init__(reason)
        self.refusal = refusal


@dataclass(frozen=True)
class Contact:
    """Who NN can call or mail back about this connection."""

    name: str = ""
    email: str = ""
    phone: str = ""

    @classmethod
    def from_settings(cls, settings: Settings, profile: Profile | None = None) -> Contact:
        name, addr = parseaddr(settings.submission.sender)
        if not addr and profile is not None and profile.contact_email:
            addr = profile.contact_email
        return cls(name=name, email=addr)

    def lines(self) -> list[str]:
        return [plain(v) for v in (self.name, self.email, self.phone) if v]


def _one_line(text: str, limit: int | None = None) -> str:
    """Safe in a header or a body line: control characters shown as escapes, spaces collapsed."""
    return re.sub(r"\s+", " ", plain(text, limit)).strip()


def parse_address(value: str, key: str) -> Address:
    """One mailbox ("Name <a@b.nl>" or "a@b.nl"); anything that could add a header is refused."""
    if not value or any(ch in value for ch in "\r\n\x00"):
        raise SubmissionConfigError(msg(key, value=_one_line(value, _ERROR_VALUE_LIMIT)))
    mailboxes = getaddresses([value])
    if len(mailboxes) != 1:
        raise SubmissionConfigError(msg(key, value=_one_line(value, _ERROR_VALUE_LIMIT)))
    name, addr = mailboxes[0]
    if not addr or addr.count("@") != 1:
        raise SubmissionConfigError(msg(key, value=_one_line(value, _ERROR_VALUE_LIMIT)))
    try:
        return Address(display_name=_one_line(name), addr_spec=addr)
    except (ValueError, IndexError):
        raise SubmissionConfigError(msg(key, value=_one_line(value, _ERROR_VALUE_LIMIT))) from None


def _when(moment: datetime | None) -> str:
    if moment is None:
        return _WHEN_UNKNOWN
    return moment.astimezone().strftime("%d-%m-%Y %H:%M")


@dataclass(frozen=True)
class SubmissionDraft:
    """One composed email to NN. The password is kept out of ``repr`` and masked in previews."""

    slug: str
    employer: str
    werkgever_id: str
    loket_id: str | None
    username: str
    to: Address
    sender: Address | None
    contact: Contact
    checked_at: str  # the last check, in words
    check_status: str  # its outcome, in words
    findings: tuple[str, ...]  # one line per item of the last check
    message_id: str
    created_at: datetime
    password: str | None = field(default=None, repr=False)

    @property
    def without_password(self) -> bool:
        return self.password is None

    def _fields(self, password: str) -> dict[str, str]:
        contact = self.contact.lines()
        return {
            "employer": _one_line(self.employer),
            "werkgever_id": _one_line(self.werkgever_id),
            "username": _one_line(self.username),
            "password": password,
            "loket_id": _one_line(self.loket_id or _LOKET_ID_UNKNOWN),
            "checked_at": self.checked_at,
            "check_status": self.check_status,
            "findings": "".join(f"\n{line}" for line in self.findings),
            "contact": "\n".join(f"  {line}" for line in contact or [_NO_CONTACT]),
            "signature": contact[0] if contact else "",
        }

    @property
    def subject(self) -> str:
        return email_template()[0].substitute(self._fields(PASSWORD_MASK))

    def body(self, masked: bool = True) -> str:
        """The e-mail's text (``email_nl.txt``), whole: nothing in it is cut."""
        if self.password is None:
            password = _PASSWORD_SEPARATELY
        else:
            password = PASSWORD_MASK if masked else self.password
        text = email_template()[1].substitute(self._fields(password))
        return text.rstrip("\n") + "\n"

    def text(self, masked: bool = True) -> str:
        """Recipient, subject and body: what the clipboard carries."""
        return f"Aan: {self.to.addr_spec}\nOnderwerp: {self.subject}\n\n{self.body(masked)}"

    def render(self, masked: bool = True) -> str:
        """The preview: headers and body, the password masked unless ``masked=False``."""
        sender = str(self.sender) if self.sender else "(geen afzender ingesteld)"
        return (
            f"Van: {sender}\nAan: {self.to}\nOnderwerp: {self.subject}\n"
            f"Message-ID: {self.message_id}\n\n{self.body(masked)}"
        )

    def to_email_message(self) -> EmailMessage:
        if self.sender is None:
            raise SubmissionConfigError(msg("no_from"))
        message = EmailMessage()
        message["From"] = self.sender
        message["To"] = self.to
        message["Subject"] = self.subject
        message["Date"] = format_datetime(self.created_at)
        message["Message-ID"] = self.message_id
        message["X-Koppelaar-Profile"] = self.slug
        message.set_content(self.body(masked=False), charset="utf-8")
        return message


def _message_id(domain: str) -> str:
    """A Message-ID short enough that the header never folds (a folded ID comes back with a
    leading space from some parsers, and then no longer matches what was recorded)."""
    message_id = make_msgid(domain=domain)
    if len(message_id) > _MSGID_MAX:
        message_id = make_msgid(domain=_MSGID_FALLBACK_DOMAIN)
    return message_id


def checklist_titles() -> dict[str, str]:
    """The Dutch item titles of the checklist (the email to NN is always Dutch)."""
    return {item.id: item.title_in("nl") for item in all_items()}


def check_findings(profile: Profile, titles: Mapping[str, str] | None = None) -> tuple[str, ...]:
    """The last check in Dutch, one line per item (its status, title and finding)."""
    if titles is None:
        titles = checklist_titles()
    lines = []
    for item_id, record in profile.items.items():
        if item_id.startswith("submission."):
            continue  # step 3 itself: this email and NN's answer
        label = _one_line(titles.get(item_id, item_id))
        status = text("item." + record.status, "nl")
        detail = f" - {_one_line(record.detail)}" if record.detail else ""
        lines.append(f"  [{status}] {label}{detail}")
    return tuple(lines)


def compose_submission(
    profile: Profile,
    password: str | None,
    settings: Settings,
    sender_contact: Contact | None = None,
    *,
    titles: Mapping[str, str] | None = None,
    when: datetime | None = None,
) -> SubmissionDraft:
    """The email to NN for ``profile``; ``password=None`` says it follows separately."""
    to = parse_address(settings.submission.to, "bad_to")
    sender = (
        parse_address(settings.submission.sender, "bad_from")
        if settings.submission.sender
        else None
    )
    if sender is None and profile.contact_email:
        sender = parse_address(profile.contact_email, "bad_from")
    contact = sender_contact or Contact.from_settings(settings, profile)
    domain = sender.domain if sender and sender.domain else _MSGID_FALLBACK_DOMAIN
    return SubmissionDraft(
        slug=profile.slug,
        employer=profile.name,
        werkgever_id=submitted_werkgever_id(profile.werkgever_id, _resolved_number(profile)),
        loket_id=profile.loket_id,
        username=profile.username,
        to=to,
        sender=sender,
        contact=contact,
        checked_at=_when(profile.checked_at),
        check_status=text("status." + profile.status, "nl"),
        findings=check_findings(profile, titles),
        message_id=_message_id(domain),
        created_at=when or store_now(),
        password=password or None,
    )


def _resolved_number(profile: Profile) -> object:
    """The employerNumber the last check resolved the typed werkgever ID to (a GUID typed is
    sent as that number, with the GUID as "Loket API-id")."""
    found = profile.items.get("employer.id_found")
    return found.params.get("number") if found is not None and found.status == "pass" else None


def ensure_sendable(profile: Profile, override: bool = False) -> None:
    """The submission gate: the readiness rule (``tui.submission.readiness``); its refusal is
    rendered by the caller. A read-only profile is refused even with ``override``."""
    refused = refusal(profile, override)
    if refused is not None:
        raise NotSendableError(RefusalPhrase(refused), refused)


@dataclass(frozen=True)
class SendResult:
    """What a sender did: recorded into the profile after success."""

    method: str
    to: str
    message_id: str | None
    sent_at: datetime
    without_password: bool
    note: Phrase | None = None  # what the person should know, rendered by the UI or the CLI
    # True only when a mail server accepted the message; an .eml file or the clipboard hands
    # it over to the person, who still has to send it.
    delivered: bool = False
    file: str | None = None  # the .eml written, for the offer to delete it after sending


def record_sent(store: ProfileStore, slug: str, result: SendResult) -> Profile:
    """Record what a sender did: ``sent`` when delivered, else ``exported`` (handed over)."""

    def change(profile: Profile) -> None:
        sub = profile.submission
        sent = result.delivered
        sub.status = "sent" if sent else "exported"
        sub.sent_at = result.sent_at if sent else None
        sub.exported_at = None if sent else result.sent_at
        sub.exported_file = None if sent else result.file
        sub.sent_source = None
        sub.method = result.method
        sub.to = result.to
        sub.message_id = result.message_id
        sub.without_password = result.without_password
        sub.connected_at = None
        sub.connected_source = None

    return store.update(slug, change)


def mark_sent(store: ProfileStore, slug: str, when: datetime | None = None) -> Profile:
    """The person says they sent what was handed over (or sent it another way): ``sent``."""
    moment = when or store_now()

    def change(profile: Profile) -> None:
        sub = profile.submission
        sub.status = "sent"
        sub.sent_at = moment
        sub.sent_source = "person"
        if sub.method is None:
            sub.method = "person"

    return store.update(slug, change)


def mark_connected(
    store: ProfileStore, slug: str, when: datetime | None = None, source: str = "person"
) -> Profile:
    """Record that XpertSuite is connected: by a person, or by a check that saw the integration."""
    moment = when or store_now()

    def change(profile: Profile) -> None:
        profile.submission.status = "connected"
        profile.submission.connected_at = moment
        profile.submission.connected_source = source

    return store.update(slug, change)
