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

from tui.checks.deep import deep_reads
from tui.checks.facts import (
    EmployerInfo,
    IntegrationInfo,
    LoginOutcome,
    PasswordCheck,
    ProfileFacts,
    Resolution,
    RightFinding,
)
from tui.checks.resolve import EmployerIndex, resolve
from tui.checks.rights import AuthModel, ModelActivity, build_model, judge_rights
from tui.loket.auth import TokenCache, TokenSet
from tui.loket.client import Employer, Integration, LoketClient, PayrollAdministration
from tui.loket.errors import (
    AuthError,
    InvalidGrant,
    LoketError,
    UnauthorizedClient,
    UnsupportedGrantType,
)
from tui.profiles.model import Profile
from tui.text.catalogue import text

Grant = Literal["password", "authorization_code"]
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
# username -> (found, the two-factor state the consent's code exchange answered)
RecordedTwoFactor = Callable[[str], Awaitable[tuple[bool, str | None]]]
# Right findings that rest on refused activities: the client's own links may explain them.
REFUSED = ("missing", "module_missing", "module_or_right")


def _missing_text(grant: str, lang: str, username: str, profile: str) -> str:
    kind = "password" if grant == "password" else "authorization_code"
    return text(f"probe.missing.{kind}", lang, username=username, profile=profile)


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
    model: AuthModel | None = None
    model_error: str | None = None
    integrations: list[Integration] | None = None
    integrations_error: str | None = None
    own_application_id: str | None = None
    password_check: PasswordCheck | None = None
    password_error: str | None = None
    password_two_factor: str | None = None  # what the password exchange said, when it ran
    recorded_two_factor: tuple[bool, str | None] = (False, None)
    _administrations: dict[str, asyncio.Task[list[PayrollAdministration]]] = field(
        default_factory=dict, repr=False
    )
    _client_activities: asyncio.Task[frozenset[str] | None] | None = field(default=None, repr=False)

    _renewal: Callable[[], Awaitable[TokenSet]] | None = field(default=None, repr=False)
    _renew_lock: asyncio.Lock = field(default_factory=asyncio.Lock, repr=False)

    @property
    def bearer(self) -> str:
        assert self.token is not None
        return self.token.access_token

    async def renew(self, stale: str) -> str:
        """After a 401: a new access token, fetched once however many requests saw it."""
        async with self._renew_lock:
            if self.token is not None and self.token.access_token != stale:
                return self.token.access_token
            if self._renewal is None:
                return stale
            self.token = await self._renewal()
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
        recorded_two_factor: RecordedTwoFactor | None = None,
    ) -> None:
        self._recorded_two_factor = recorded_two_factor
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
        await self._password_check(account, credentials)
        if self._recorded_two_factor is not None and self._grant != "password":
            account.recorded_two_factor = await self._recorded_two_factor(username)
        token = account
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
            account.model = build_model(
                ModelActivity(e.activity, e.authorizations, e.modules, e.functional_description)
                for e in model
            )
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
        account._renewal = lambda: self._renewed(account, credentials)
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

    async def _renewed(self, account: AccountProbe, credentials: Credentials) -> TokenSet:
        self._tokens.invalidate(account.username)
        return await self._tokens.get(
            account.username,
            password=credentials.password if self._grant == "password" else None,
            refresh_token=credentials.refresh_token,
        )

    async def _password_check(self, account: AccountProbe, credentials: Credentials) -> None:
        """The password NN will receive, tried in a password sign-in where the client may."""
        if self._grant == "password":
            account.password_check = "ok"  # the sign-in that just worked used it
            return
        if not credentials.password:
            account.password_check = "no_password"
            return
        try:
            tokens = await self._tokens.oauth.password_grant(account.username, credentials.password)
        except InvalidGrant:
            account.password_check = "invalid_grant"
        except (UnauthorizedClient, UnsupportedGrantType):
            account.password_check = "not_allowed"
        except (AuthError, LoketError) as exc:
            account.password_check = "error"
            account.password_error = exc.message
        else:
            account.password_check = "ok"
            account.password_two_factor = tokens.exchange_two_factor_state

    def _two_factor(self, account: AccountProbe, facts: ProfileFacts) -> None:
        """Only a password or code exchange tells the second factor; a refresh says "None"."""
        exchanged = account.token.exchange_two_factor_state if account.token else None
        exchanged = exchanged if exchanged is not None else account.password_two_factor
        if exchanged is not None:
            facts.two_factor_state, facts.two_factor_source = exchanged, "exchange"
            return
        found, recorded = account.recorded_two_factor
        if found and recorded is not None:
            facts.two_factor_state, facts.two_factor_source = recorded, "recorded"

    async def _administrations(
        self, account: AccountProbe, employer_id: str
    ) -> list[PayrollAdministration]:
        task = account._administrations.get(employer_id)
        if task is None:
            task = asyncio.ensure_future(self._client.payroll_administrations(account, employer_id))
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
                account, account.own_application_id
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
        self._two_factor(account, facts)
        facts.password_check = account.password_check
        facts.password_error = account.password_error
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
        return await resolve(
            account.employers,
            account.index,
            profile.werkgever_id,
            profile.name,
            lambda employer_id: self._administrations(account, employer_id),
        )

    async def _rights(
        self, account: AccountProbe, employer: EmployerInfo, facts: ProfileFacts, deep: bool
    ) -> None:
        try:
            allowed = await self._client.employer_authorizations(account, employer.id)
        except LoketError as exc:
            facts.rights_error = exc.message
            return
        findings = judge_rights(allowed, account.model)
        if any(f.status in REFUSED for f in findings.values()):
            client_activities = await self._client_activities(account)
            if client_activities is not None:
                findings = judge_rights(allowed, account.model, client_activities)
        if deep:
            findings = await self._deep(account, employer.id, findings)
        facts.rights = findings

    async def _deep(
        self, account: AccountProbe, employer_id: str, findings: dict[str, RightFinding]
    ) -> dict[str, RightFinding]:
        async def administrations() -> list[str]:
            return [a.id for a in await self._administrations(account, employer_id)]

        return await deep_reads(self._client, account, employer_id, findings, administrations)
