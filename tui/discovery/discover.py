"""Discovery: the employers a Loket.nl user reaches, matched to the profiles that exist.

``discover(username, checker, store)`` signs in as the user through the checker's prober (the
same credentials, token cache and HTTP client a check uses), reads every employer the user
reaches (all pages) and matches them to the profiles: by API id (``loket_id``), then by werkgever
ID (``employerNumber``); for the user's own profiles also by a payroll administration's client
or administration number typed by mistake, which earns a hint naming the right werkgever ID. A
profile of the user that matches nothing gets a hint naming the employer with the closest name.
``tui.discovery.create.create_profiles`` makes a profile for each chosen employer that has none yet.

Matching and hints are plain functions over plain data, shared by the CLI and the TUI.
"""

from __future__ import annotations

import asyncio
import difflib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal

from tui.checks.checker import Checker
from tui.checks.probe import AccountProbe
from tui.checks.resolve import MAX_ADMINISTRATION_SCAN, EmployerIndex
from tui.checks.werkgever_id import as_number, id_form, same_number
from tui.discovery.text import say
from tui.loket.client import Employer, LoketClient, PayrollAdministration
from tui.loket.errors import LoketError
from tui.profiles.model import Profile, slugify
from tui.profiles.store import ProfileStore
from tui.text.safe import plain

JSON_VERSION = 1
MatchKind = Literal["loket_id", "werkgever_id", "client_number", "administration_number"]
HintKind = Literal["client_number", "administration_number", "differs", "closest", "nothing_close"]
# Matches in order of strength: a stronger one wins an employer claimed by two profiles.
_STRENGTH: dict[str, int] = {
    "loket_id": 0,
    "werkgever_id": 1,
    "client_number": 2,
    "administration_number": 3,
}
# How many employers with similar names are searched for a client number typed as the ID.
NAME_CANDIDATES = 3
NAME_CUTOFF = 0.6
# Employer names in hints are cut to this many characters.
HINT_NAME_LIMIT = 80


class DiscoveryError(Exception):
    """Discovery could not run (sign-in, secrets or Loket.nl); the message says what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class CreateProfilesError(Exception):
    """A profile could not be written; ``created`` holds the slugs written before it."""

    def __init__(self, message: str, created: list[str]) -> None:
        super().__init__(message)
        self.message = message
        self.created = created


@dataclass(frozen=True)
class Entry:
    """One employer the user reaches, and the profile that already stands for it, if any."""

    loket_id: str
    employer_number: int | None
    company_name: str
    chamber_of_commerce_number: str | None
    profile: str | None = None
    match: MatchKind | None = None

    @property
    def werkgever_id(self) -> str:
        """What a profile stores: the employerNumber, or the API id when Loket sends none."""
        return str(self.employer_number) if self.employer_number is not None else self.loket_id

    @property
    def has_profile(self) -> bool:
        return self.profile is not None

    def to_json(self) -> dict[str, Any]:
        return {
            "companyName": self.company_name,
            "werkgever_id": self.werkgever_id,
            "loket_id": self.loket_id,
            "chamberOfCommerceNumber": self.chamber_of_commerce_number,
            "profile": self.profile,
            "match": self.match,
        }


@dataclass(frozen=True)
class Hint:
    """Advice on one existing profile of the user: its werkgever ID is not the right one."""

    profile: str
    username: str
    typed: str
    kind: HintKind
    werkgever_id: str | None = None  # the right (or, for "closest", the suggested) werkgever ID
    employer: str | None = None  # that employer's companyName

    def text(self, lang: str) -> str:
        return say(
            f"hint.{self.kind}",
            lang,
            profile=plain(self.profile),
            username=plain(self.username),
            typed=plain(self.typed, 40),
            employer=plain(self.employer or "", HINT_NAME_LIMIT),
            werkgever_id=plain(self.werkgever_id or ""),
        )

    def to_json(self, lang: str) -> dict[str, Any]:
        return {
            "profile": self.profile,
            "kind": self.kind,
            "typed": self.typed,
            "werkgever_id": self.werkgever_id,
            "employer": self.employer,
            "message": self.text(lang),
        }


@dataclass
class DiscoveryResult:
    username: str
    entries: list[Entry]
    hints: list[Hint]
    requests: int = 0

    @property
    def new(self) -> list[Entry]:
        return [entry for entry in self.entries if not entry.has_profile]

    @property
    def known(self) -> list[Entry]:
        return [entry for entry in self.entries if entry.has_profile]

    def mark_created(self, created: Mapping[str, str]) -> None:
        """Record profiles just made (loket_id -> slug); they now match by API id."""
        self.entries = [
            replace(entry, profile=created[entry.loket_id], match="loket_id")
            if entry.loket_id in created and not entry.has_profile
            else entry
            for entry in self.entries
        ]

    def to_json(self, lang: str, created: Sequence[str] = ()) -> dict[str, Any]:
        return {
            "version": JSON_VERSION,
            "username": self.username,
            "requests": self.requests,
            "employers": [entry.to_json() for entry in self.entries],
            "hints": [hint.to_json(lang) for hint in self.hints],
            "created": list(created),
        }


# -- matching (plain functions) ------------------------------------------------------------------


def _name_key(name: str) -> str:
    return slugify(name).replace("-", " ")


def closest_by_name(name: str, employers: Sequence[Employer], n: int = 1,
                    cutoff: float = NAME_CUTOFF) -> list[Employer]:  # fmt: skip
    """The employers whose names are most like ``name`` (difflib), best first."""
    by_key: dict[str, Employer] = {}
    for employer in employers:
        by_key.setdefault(_name_key(employer.company_name), employer)
    keys = difflib.get_close_matches(_name_key(name), list(by_key), n=n, cutoff=cutoff)
    return [by_key[key] for key in keys]


def _direct_match(profile: Profile, index: EmployerIndex) -> tuple[Employer, MatchKind] | None:
    if profile.loket_id:
        found = index.by_id(profile.loket_id)
        if found is not None and found[0] == "guid":
            return found[1], "loket_id"
    found = index.by_id(profile.werkgever_id)
    if found is not None:
        return found[1], "werkgever_id"
    return None


def _typed_right(profile: Profile, employer: Employer) -> bool:
    """Whether the profile's werkgever ID is this employer's employerNumber or API id."""
    typed = profile.werkgever_id
    if id_form(typed) == "guid":
        return typed.strip().lower() == employer.id.lower()
    number = as_number(typed)
    return number is not None and number == employer.employer_number


def administration_candidates(employers: Sequence[Employer], profiles: Iterable[Profile],
                              username: str) -> list[str]:  # fmt: skip
    """Ids of the employers whose payroll administrations matching needs: those a profile of
    ``username`` may have typed a client or administration number of."""
    index = EmployerIndex(list(employers))
    wanted: dict[str, None] = {}
    for profile in profiles:
        if profile.username != username:
            continue
        direct = _direct_match(profile, index)
        if direct is not None:
            if not _typed_right(profile, direct[0]):
                wanted[direct[0].id] = None
            continue
        if index.by_provider_number(profile.werkgever_id) is not None:
            continue
        if len(employers) <= MAX_ADMINISTRATION_SCAN:
            return [employer.id for employer in employers]
        for employer in index.by_name(profile.name):
            wanted[employer.id] = None
        for employer in closest_by_name(profile.name, employers, n=NAME_CANDIDATES):
            wanted[employer.id] = None
    return list(wanted)


def _number_match(typed: str, employers: Sequence[Employer],
                  administrations: Mapping[str, Sequence[PayrollAdministration]],
                  index: EmployerIndex) -> tuple[Employer, MatchKind] | None:  # fmt: skip
    by_id = {employer.id: employer for employer in employers}
    for employer_id, found in administrations.items():
        for administration in found:
            if same_number(typed, administration.client_number):
                return by_id[employer_id], "client_number"
    for employer_id, found in administrations.items():
        for administration in found:
            if same_number(typed, administration.administration_number):
                return by_id[employer_id], "administration_number"
    provider = index.by_provider_number(typed)
    if provider is not None:
        return provider, "administration_number"
    return None


def _right_id(employer: Employer) -> str:
    return str(employer.employer_number) if employer.employer_number is not None else employer.id


def match_profiles(employers: Sequence[Employer], profiles: Sequence[Profile], username: str,
                   administrations: Mapping[str, Sequence[PayrollAdministration]] | None = None,
                   ) -> tuple[list[Entry], list[Hint]]:  # fmt: skip
    """Entries for ``employers`` (in their order) with the profile standing for each, and hints
    for the profiles of ``username`` whose werkgever ID is not right.

    Any profile matches by API id or werkgever ID; only the user's own profiles also match by a
    client or administration number (those numbers come from this user's view of Loket.nl).
    ``administrations`` holds the payroll administrations fetched, by employer id.
    """
    administrations = administrations or {}
    index = EmployerIndex(list(employers))
    claims: list[tuple[int, int, str, str, MatchKind]] = []
    hints: list[Hint] = []
    for profile in profiles:
        own = profile.username == username
        direct = _direct_match(profile, index)
        matched: tuple[Employer, MatchKind] | None = direct
        if direct is None and own:
            matched = _number_match(profile.werkgever_id, employers, administrations, index)
        if matched is not None:
            employer, kind = matched
            claims.append((_STRENGTH[kind], 0 if own else 1, profile.slug, employer.id, kind))
        if not own:
            continue
        hint = _hint(profile, username, matched, employers, administrations, index)
        if hint is not None:
            hints.append(hint)
    chosen: dict[str, tuple[str, MatchKind]] = {}
    for _strength, _own, slug, employer_id, kind in sorted(claims):
        chosen.setdefault(employer_id, (slug, kind))
    entries = []
    for employer in employers:
        claim = chosen.get(employer.id)
        entries.append(
            Entry(
                loket_id=employer.id,
                employer_number=employer.employer_number,
                company_name=employer.company_name,
                chamber_of_commerce_number=employer.chamber_of_commerce_number,
                profile=claim[0] if claim else None,
                match=claim[1] if claim else None,
            )
        )
    return entries, hints


def _hint(profile: Profile, username: str, matched: tuple[Employer, MatchKind] | None,
          employers: Sequence[Employer],
          administrations: Mapping[str, Sequence[PayrollAdministration]],
          index: EmployerIndex) -> Hint | None:  # fmt: skip
    typed = profile.werkgever_id
    base = Hint(profile=profile.slug, username=username, typed=typed, kind="closest")
    if matched is not None:
        employer, kind = matched
        if _typed_right(profile, employer):
            return None
        if kind == "client_number" or kind == "administration_number":
            hint_kind: HintKind = kind
        else:  # matched by API id while the werkgever ID typed is something else
            own = {employer.id: administrations.get(employer.id, ())}
            number = _number_match(typed, [employer], own, EmployerIndex([employer]))
            hint_kind = "differs"
            if number is not None and number[1] != "loket_id" and number[1] != "werkgever_id":
                hint_kind = number[1]
        return replace(
            base, kind=hint_kind, werkgever_id=_right_id(employer), employer=employer.company_name
        )
    closest = closest_by_name(profile.name, employers, n=1, cutoff=0.0) if employers else []
    if not closest:
        return replace(base, kind="nothing_close")
    employer = closest[0]
    return replace(base, werkgever_id=_right_id(employer), employer=employer.company_name)


# -- Loket.nl --------------------------------------------------------------------------------


def account_error(account: AccountProbe, grant: str, lang: str) -> str | None:
    """Why the account gave no employer list, as a message that says what to do; or None."""
    username = account.username
    if account.missing_credentials:
        key = "error.no_password" if grant == "password" else "error.no_consent"
        return say(key, lang, username=username)
    if account.login == "invalid_grant":
        return say("error.invalid_grant", lang, username=username)
    if account.login == "refresh_refused":
        return say("error.refresh_refused", lang, username=username)
    if account.fatal or account.employers is None:
        why = account.fatal or account.employers_error or "?"
        return say("error.loket", lang, username=username, why=why)
    return None


async def _fetch_administrations(client: LoketClient, token: str, employer_ids: Sequence[str]
                                 ) -> dict[str, list[PayrollAdministration]]:  # fmt: skip
    async def one(employer_id: str) -> list[PayrollAdministration]:
        try:
            return await client.payroll_administrations(token, employer_id)
        except LoketError:
            return []  # an unreadable list only means no number match for that employer

    found = await asyncio.gather(*(one(employer_id) for employer_id in employer_ids))
    return dict(zip(employer_ids, found, strict=True))


async def discover(username: str, checker: Checker, store: ProfileStore | None = None, *,
                   profiles: Sequence[Profile] | None = None) -> DiscoveryResult:  # fmt: skip
    """The employers ``username`` reaches, matched to ``profiles`` (default: the store's).

    Raises DiscoveryError when the user cannot sign in or Loket.nl gives no employer list.
    """
    username = username.strip()
    start = checker.requests
    prober, client = await checker.prober(), checker.client
    account = await prober.account(username)
    problem = account_error(account, checker.settings.loket.grant, checker.lang)
    if problem is not None:
        raise DiscoveryError(problem)
    assert account.employers is not None
    employers = account.employers
    if profiles is None:
        profiles = (await asyncio.to_thread(store.load_all)).profiles if store else []
    candidates = administration_candidates(employers, profiles, username)
    administrations = await _fetch_administrations(client, account.bearer, candidates)
    entries, hints = match_profiles(employers, profiles, username, administrations)
    return DiscoveryResult(username, entries, hints, requests=checker.requests - start)
