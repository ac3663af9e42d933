"""Prober: everything the checklist needs from Loket.nl, for one profile or many.

Profiles that share a Loket.nl account share one ``AccountProbe``: one token, one user, one
employer list, one authorization model and one integrations call, fetched once however many
profiles ask. Per profile it then costs one authorizations call for the resolved employer (and,
with ``deep``, one representative read per right). A failure is recorded in the facts, never
raised: one profile's or one account's trouble never stops the others.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from tui.checks.facts import (
    EmployerInfo,
    IntegrationInfo,
    LoginOutcome,
    ProfileFacts,
    Resolution,
    RightFinding,
)
from tui.checks.rights import all_rights, judge_rights
from tui.checks.werkgever_id import as_number, id_form, same_number
from tui.loket.auth import TokenCache, TokenSet
from tui.loket.client import Employer, Integration, LoketClient, PayrollAdministration
from tui.loket.errors import AuthError, Forbidden, InvalidGrant, LoketError
from tui.profiles.model import Profile, slugify

Grant = Literal["password", "authorization_code"]
# Without a name match, the payroll administrations of at most this many employers are searched
# for a client or administration number typed as the werkgever ID.
MAX_ADMINISTRATION_SCAN = 25
# Integrations by this name are Koppelaar's own sign-ins, not another application.
OWN_APPLICATION = "koppelaar"


@dataclass(frozen=True, repr=False)
class Credentials:
    password: str | None = None
    refresh_token: str | None = None

    def __repr__(self) -> str:
        return "Credentials(<redacted>)"


class CredentialsUnavailable(Exception):
    """The secret store could not be read; the message says what to do."""


# username -> the stored secrets; may raise CredentialsUnavailable.
CredentialLookup = Callable[[str], Awaitable[Credentials]]

_MISSING_TEXT = {
    "password": {
        "nl": "Geen wachtwoord opgeslagen voor Loket.nl-gebruiker {username}: voeg het toe in de "
        "app of met 'koppelaar secrets set loket-password {username}'.",
        "en": "No password stored for Loket.nl user {username}: add it in the app or with "
        "'koppelaar secrets set loket-password {username}'.",
    },
    "authorization_code": {
        "nl": "Nog geen toestemming van Loket.nl-gebruiker {username}: geef die in de app of met "
        "'koppelaar login {profile}'.",
        "en": "No consent from Loket.nl user {username} yet: give it in the app or with "
        "'koppelaar login {profile}'.",
    },
}


def _missing_text(grant: str, lang: str, username: str, profile: str) -> str:
    texts = _MISSING_TEXT["password" if grant == "password" else "authorization_code"]
    return texts.get(lang, texts["nl"]).format(username=username, profile=profile)


def _when(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None


def _integration(item: Integration) -> IntegrationInfo:
    name = item.application_name or "?"
    return IntegrationInfo(
        name=name,
        created_on=_when(item.created_on),
        blocked=item.is_blocked or item.application_blocked,
        own=OWN_APPLICATION in name.casefold(),
    )


def _employer_info(employer: Employer) -> EmployerInfo:
    return EmployerInfo(employer.id, employer.employer_number, employer.company_name)


class EmployerIndex:
    """The account's employers by werkgever ID, GUID, provider number and name, built once."""

    def __init__(self, employers: list[Employer]) -> None:
        self._by_number: dict[int, Employer] = {}
        self._by_guid: dict[str, Employer] = {}
        self._by_provider: dict[str, Employer] = {}
        self._by_name: dict[str, list[Employer]] = {}
        for employer in employers:
            if employer.employer_number is not None:
                self._by_number.setdefault(employer.employer_number, employer)
            self._by_guid.setdefault(employer.id.lower(), employer)
            if employer.administration_number:
                key = employer.administration_number.strip().casefold()
                self._by_provider.setdefault(key, employer)
            self._by_name.setdefault(slugify(employer.company_name), []).append(employer)

    def by_id(self, typed: str) -> tuple[Literal["employer_number", "guid"], Employer] | None:
        form = id_form(typed)
        if form == "number":
            number = as_number(typed)
            found = self._by_number.get(number) if number is not None else None
            return ("employer_number", found) if found is not None else None
        if form == "guid":
            found = self._by_guid.get(typed.strip().lower())
            return ("guid", found) if found is not None else None
        return None

    def by_provider_number(self, typed: str) -> Employer | None:
        return self._by_provider.get(typed.strip().casefold()) if typed.strip() else None

    def by_name(self, name: str) -> list[Employer]:
        return self._by_name.get(slugify(name), [])


@dataclass
class AccountProbe:
    """What one Loket.nl account gave; shared by every profile on that account."""

    username: str
    login: LoginOutcome = "unchecked"
    missing_credentials: bool = False
    fatal: str | None = None
    token: TokenSet | None = None
    employers: list[Employer] | None = None
    employers_error: str | None = None
    index: EmployerIndex | None = None
    model: dict[str, tuple[str, ...]] | None = None
    model_error: str | None = None
    integrations: list[Integration] | None = None
    integrations_error: str | None = None
    own_application_id: str | None = None
    _administrations: dict[str, asyncio.Task[list[PayrollAdministration]]] = field(
        default_factory=dict, repr=False
    )
    _client_activities: asyncio.Task[frozenset[str] | None] | None = field(default=None, repr=False)

    @property
    def access_token(self) -> str:
        assert self.token is not None
        return self.token.access_token


class Prober:
    def __init__(
        self,
        client: LoketClient,
        tokens: TokenCache,
        credentials: CredentialLookup,
        *,
        grant: str = "password",
        lang: str = "nl",
        application_id: str | None = None,
    ) -> None:
        self._client = client
        self._tokens = tokens
        self._credentials = credentials
        self._grant = grant
        self._lang = lang
        self._application_id = application_id
        self._accounts: dict[str, asyncio.Task[AccountProbe]] = {}

    # -- per account ---------------------------------------------------------------------------

    def account(self, username: str) -> asyncio.Task[AccountProbe]:
        """The account's probe, started once and shared by every profile on it."""
        task = self._accounts.get(username)
        if task is None:
            task = asyncio.ensure_future(self._probe_account(username))
            self._accounts[username] = task
        return task

    async def _probe_account(self, username: str) -> AccountProbe:
        account = AccountProbe(username)
        try:
            credentials = await self._credentials(username)
        except CredentialsUnavailable as exc:
            account.fatal = str(exc)
            return account
        if not await self._sign_in(account, credentials):
            return account
        token = account.access_token
        employers, model, integrations = await asyncio.gather(
            self._client.employers(token),
            self._client.authorization_model(token),
            self._client.integrations(token),
            return_exceptions=True,
        )
        if isinstance(employers, LoketError):
            account.employers_error = employers.message
            # Nothing about the employer can be checked: the check did not really run.
            account.fatal = employers.message
        elif isinstance(employers, BaseException):
            raise employers
        else:
            account.employers = employers
            # 5 ms per 500 employers, 50 ms for a provider's 5,000: not on the event loop
            account.index = await asyncio.to_thread(EmployerIndex, employers)
        if isinstance(model, LoketError):
            account.model_error = model.message
        elif isinstance(model, BaseException):
            raise model
        else:
            account.model = {entry.activity: entry.authorizations for entry in model}
        if isinstance(integrations, LoketError):
            account.integrations_error = integrations.message
        elif isinstance(integrations, BaseException):
            raise integrations
        else:
            account.integrations = integrations
            own = next((i for i in integrations if _integration(i).own), None)
            account.own_application_id = self._application_id or (
                own.application_id if own else None
            )
        return account

    async def _sign_in(self, account: AccountProbe, credentials: Credentials) -> bool:
        username = account.username
        if self._grant == "password":
            if not credentials.password:
                account.missing_credentials = True
                return False
            get = self._tokens.get(username, password=credentials.password)
        else:
            if not credentials.refresh_token and self._tokens.cached(username) is None:
                account.missing_credentials = True
                return False
            get = self._tokens.get(username, refresh_token=credentials.refresh_token)
        try:
            account.token = await get
        except InvalidGrant:
            account.login = "invalid_grant" if self._grant == "password" else "refresh_refused"
            return False
        except (AuthError, LoketError) as exc:
            account.fatal = exc.message
            return False
        account.login = "ok"
        return True

    async def _administrations(
        self, account: AccountProbe, employer_id: str
    ) -> list[PayrollAdministration]:
        task = account._administrations.get(employer_id)
        if task is None:
            task = asyncio.ensure_future(
                self._client.payroll_administrations(account.access_token, employer_id)
            )
            account._administrations[employer_id] = task
        try:
            return await asyncio.shield(task)
        except LoketError:
            return []

    async def _client_activities(self, account: AccountProbe) -> frozenset[str] | None:
        """The activities Koppelaar's own API client is linked to, when it can be found out."""
        if account.own_application_id is None:
            return None
        if account._client_activities is None:
            account._client_activities = asyncio.ensure_future(
                self._fetch_client_activities(account)
            )
        return await asyncio.shield(account._client_activities)

    async def _fetch_client_activities(self, account: AccountProbe) -> frozenset[str] | None:
        assert account.own_application_id is not None
        try:
            linked = await self._client.application_authorizations(
                account.access_token, account.own_application_id
            )
        except LoketError:
            return None
        return frozenset(entry.activity for entry in linked)

    # -- per profile ---------------------------------------------------------------------------

    async def probe(self, profile: Profile, *, deep: bool = False) -> ProfileFacts:
        account = await asyncio.shield(self.account(profile.username))
        facts = ProfileFacts(login=account.login)
        if account.missing_credentials:
            facts.fatal = _missing_text(self._grant, self._lang, profile.username, profile.slug)
            return facts
        if account.token is not None:
            facts.two_factor_state = account.token.two_factor_state
        if account.integrations is not None:
            facts.integrations = [_integration(i) for i in account.integrations]
        facts.integrations_error = account.integrations_error
        facts.employers_error = account.employers_error
        facts.fatal = account.fatal
        if account.employers is None:
            return facts
        facts.resolution = await self._resolve(account, profile)
        employer = facts.resolution.reached
        if employer is not None:
            await self._rights(account, employer, facts, deep)
        return facts

    async def _resolve(self, account: AccountProbe, profile: Profile) -> Resolution:
        assert account.employers is not None and account.index is not None
        employers, index = account.employers, account.index
        count = len(employers)
        if not employers:
            return Resolution("none", count=0)
        typed = profile.werkgever_id
        found = index.by_id(typed)
        if found is not None:
            return Resolution(found[0], _employer_info(found[1]), count=count)
        mistaken = index.by_provider_number(typed)
        if mistaken is not None:
            return Resolution("provider_number", _employer_info(mistaken), count=count)
        named = index.by_name(profile.name)
        if named:
            candidates = named
        elif count <= MAX_ADMINISTRATION_SCAN:
            candidates = list(employers)
        else:
            candidates = []
        lists = await asyncio.gather(*(self._administrations(account, e.id) for e in candidates))
        for employer, administrations in zip(candidates, lists, strict=True):
            for administration in administrations:
                label = administration.name or administration.administration_number or "?"
                info = _employer_info(employer)
                if same_number(typed, administration.client_number):
                    return Resolution("client_number", info, label, count)
                if same_number(typed, administration.administration_number):
                    return Resolution("administration_number", info, label, count)
        if named:
            return Resolution("name_only", _employer_info(named[0]), count=count)
        return Resolution("not_found", count=count)

    async def _rights(
        self, account: AccountProbe, employer: EmployerInfo, facts: ProfileFacts, deep: bool
    ) -> None:
        try:
            allowed = await self._client.employer_authorizations(account.access_token, employer.id)
        except LoketError as exc:
            facts.rights_error = exc.message
            return
        findings = judge_rights(allowed, account.model)
        if any(f.status == "missing" for f in findings.values()):
            client_activities = await self._client_activities(account)
            if client_activities is not None:
                findings = judge_rights(allowed, account.model, client_activities)
        if deep:
            findings = await self._deep(account, employer.id, findings)
        facts.rights = findings

    async def _deep(
        self, account: AccountProbe, employer_id: str, findings: dict[str, RightFinding]
    ) -> dict[str, RightFinding]:
        """One real read per right: 200 confirms it, 403 shows it missing."""
        token = account.access_token
        client = self._client
        employments: list[str] = []
        administrations: list[str] = []

        async def employment_ids() -> int | None:
            try:
                rows = await client.employments(token, employer_id)
            except Forbidden:
                return 403
            except LoketError:
                return None
            employments.extend(str(r["id"]) for r in rows if isinstance(r.get("id"), str))
            return 200

        async def administration_ids() -> None:
            found = await self._administrations(account, employer_id)
            administrations.extend(a.id for a in found)

        async def call(read: Callable[[], Awaitable[object]]) -> int | None:
            try:
                await read()
            except Forbidden:
                return 403
            except LoketError:
                return None
            return 200

        dienstverbanden, _ = await asyncio.gather(employment_ids(), administration_ids())
        reads: dict[str, Callable[[], Awaitable[object]]] = {
            "bsn": lambda: client.citizen_service_numbers(token, employer_id),
            "hrm": lambda: client.employees(token, employer_id),
        }
        if employments:
            first = employments[0]
            reads["beloningen"] = lambda: client.wages(token, first)
            reads["variabele_gegevens"] = lambda: client.payroll_period_data(token, first)
        if administrations:
            reads["loonoutput"] = lambda: client.payroll_runs(token, administrations[0])
        keys = list(reads)
        statuses = dict(
            zip(keys, await asyncio.gather(*(call(reads[k]) for k in keys)), strict=True)
        )
        statuses["dienstverbanden"] = dienstverbanden
        deep_by_key = {r.key: r.deep for r in all_rights()}
        result = dict(findings)
        for key, status in statuses.items():
            if status is not None and key in result:
                old = result[key]
                result[key] = RightFinding(old.status, old.activities, deep_by_key[key], status)
        return result
