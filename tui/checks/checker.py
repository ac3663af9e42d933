"""Checker: checks many profiles against Loket.nl at once and saves the results into them.

The TUI and ``koppelaar check`` both use it. Requests in flight are bounded by
``[loket].concurrency``; profiles on one Loket.nl account share a token, an employer list and an
authorization model (see ``tui.checks.probe``). Each result is saved into its profile as soon as
it is known, in a worker thread under the profile's lock, and reported through ``on_result``;
cancelling the run keeps what was already saved.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
from collections import deque
from collections.abc import Awaitable, Callable, Hashable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, NamedTuple, Protocol

import httpx

from tui.checks.accounts import AccountRecords
from tui.checks.engine import Evaluation, ItemResult, evaluate
from tui.checks.facts import ProfileFacts
from tui.checks.probe import Credentials, CredentialsUnavailable, Prober
from tui.checks.schedule import run_in_turns
from tui.config import Settings
from tui.loket.auth import OAuthClient, TokenCache
from tui.loket.client import LoketClient, RetiringVersion
from tui.loket.http import CONNECT_TIMEOUT, make_http_client
from tui.loket.lanes import slow_lane_limit
from tui.profiles.model import ItemRecord, Profile
from tui.profiles.store import ProfileStore, StoreError, now
from tui.secrets.store import SecretKind, SecretStoreError
from tui.text.i18n import t

JSON_VERSION = 1


class CheckConfigError(Exception):
    """The settings do not allow a check at all (e.g. no client id); the message says what to do."""


class SecretSource(Protocol):
    """What the checker needs of ``tui.secrets.store.SecretStore`` (blocking calls)."""

    def get(self, kind: SecretKind, name: str) -> str | None: ...

    def set(self, kind: SecretKind, name: str, value: str) -> None: ...


SAVE_THREADS = 3
# Profiles under way per request slot: enough that saves and waits for an account's shared
# answers (token, employer list) never leave a slot idle; one account gets at most half.
WORKERS_PER_SLOT = 4


@dataclass(slots=True)
class ProfileResult:
    profile: Profile
    evaluation: Evaluation
    checked_at: datetime
    save_error: str | None = None

    @property
    def slug(self) -> str:
        return self.profile.slug

    @property
    def status(self) -> str:
        return self.evaluation.status

    @property
    def error(self) -> str | None:
        return self.evaluation.error

    def items(self, lang: str) -> list[ItemResult]:
        return self.evaluation.items(lang)

    def to_json(self, lang: str) -> dict[str, Any]:
        return {
            "profile": self.profile.slug,
            "employer": self.profile.name,
            "werkgever_id": self.profile.werkgever_id,
            "loket_employer_id": self.evaluation.loket_id,
            "status": self.status,
            "error": self.error,
            "items": [
                {"id": item.id, "status": item.status, "basis": item.basis, "detail": item.detail}
                for item in self.items(lang)
            ],
        }


@dataclass
class CheckRun:
    checked_at: datetime
    results: list[ProfileResult] = field(default_factory=list)
    requests: int = 0
    # resource versions Loket answered with an obsoleteDate (it will stop serving them)
    retiring: list[RetiringVersion] = field(default_factory=list)
    # accounts whose requests were so much slower than the others' that they were given the
    # slow lane (tui.loket.lanes) during the run
    slow_lane_accounts: int = 0

    def to_json(self, lang: str) -> dict[str, Any]:
        return {
            "version": JSON_VERSION,
            "checked_at": self.checked_at.isoformat(),
            "requests": self.requests,
            "slow_lane_accounts": self.slow_lane_accounts,
            "retiring_versions": [
                {
                    "operation": r.operation,
                    "resource_version": r.resource_version,
                    "obsolete_date": r.obsolete_date,
                }
                for r in self.retiring
            ],
            "profiles": [result.to_json(lang) for result in self.results],
        }


OnResult = Callable[[ProfileResult], Awaitable[None] | None]


class Pending(NamedTuple):
    """A profile to check that is read when its turn comes (``check_profiles`` with
    ``read``); its account decides its place in the turns."""

    username: str
    slug: str


# A last word on an evaluation, e.g. the rights read by name through an admin session
# (tui.repair.judge); set as ``Checker.refine``.
Refine = Callable[[Profile, ProfileFacts, Evaluation], Evaluation]


def record_results(profile: Profile, evaluation: Evaluation, facts: ProfileFacts, lang: str,
                   checked_at: datetime) -> None:  # fmt: skip
    """Write one evaluation into ``profile``: status, time, items (confirmations kept),
    the resolved Loket id, and the connection once XpertSuite shows up in Loket.nl."""
    profile.status = evaluation.status
    profile.checked_at = checked_at
    if evaluation.loket_id:
        profile.loket_id = evaluation.loket_id
    items: dict[str, ItemRecord] = {}
    for outcome, result in zip(evaluation.outcomes, evaluation.items(lang), strict=True):
        old = profile.items.get(result.id)
        items[result.id] = ItemRecord(
            status=result.status,
            detail=result.detail,
            checked_at=checked_at,
            confirmed_at=old.confirmed_at if old is not None else None,
            reason=outcome.reason,
            # the basis rides with the finding's values, so a profile file keeps it
            params=outcome.params | {"basis": outcome.basis} if outcome.basis else outcome.params,
        )
    profile.items = items
    xpertsuite = facts.xpertsuite
    if xpertsuite is not None and profile.submission.status != "connected":
        profile.submission.status = "connected"
        profile.submission.connected_at = xpertsuite.created_on or checked_at
        profile.submission.connected_source = "loket"


def checked_inputs(profile: Profile) -> tuple[str | None, ...]:
    """What a check's result is computed from; a result belongs to exactly these values."""
    return (
        profile.werkgever_id.strip(),
        profile.username,
        profile.client_number,
        profile.administration_number,
    )


def stale_evaluation(lang: str) -> Evaluation:
    return Evaluation("unchecked", t("check.stale", lang), [], None)


class Checker:
    def __init__(
        self,
        settings: Settings,
        secrets: SecretSource | None,
        *,
        http: httpx.AsyncClient | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        store: ProfileStore | None = None,
        lang: str | None = None,
        application_id: str | None = None,
        save_threads: int = SAVE_THREADS,
    ) -> None:
        loket = settings.loket
        if not loket.client_id:
            raise CheckConfigError(
                "er is geen Loket.nl client id ingesteld: zet client_id onder [loket] in het "
                "instellingenbestand (F2 in de app), of KOPPELAAR_LOKET_CLIENT_ID"
                if (lang or settings.language) == "nl"
                else "no Loket.nl client id is configured: set client_id under [loket] in the "
                "settings file (F2 in the app), or KOPPELAAR_LOKET_CLIENT_ID"
            )
        self.settings = settings
        self.lang = lang or settings.language
        self._secrets = secrets
        self._store = store
        self._own_http = http is None
        self._http = http or make_http_client(
            transport=transport,
            # the slow lane's requests are in flight beside ``concurrency`` (tui.loket.lanes)
            max_connections=loket.concurrency + slow_lane_limit(loket.concurrency) + 2,
            timeout=httpx.Timeout(loket.timeout, connect=min(CONNECT_TIMEOUT, loket.timeout)),
            max_body=loket.max_response_mb * 1024 * 1024,
        )
        self._client = LoketClient(
            loket.api_url, self._http, concurrency=loket.concurrency, max_retries=loket.retries
        )
        self._application_id = application_id or loket.application_id or None
        # Saves run beside the requests. A durable save is mostly waiting for the disk (two
        # fsyncs, ~6 ms here), so a few writers overlap those waits; more would only contend
        # with the event loop for the interpreter. The TUI asks for fewer: each writer holding
        # the interpreter lock is one more thread its UI thread waits behind.
        self._saver = ThreadPoolExecutor(
            max_workers=max(1, save_threads), thread_name_prefix="koppelaar-save"
        )
        self._oauth: OAuthClient | None = None
        self._tokens: TokenCache | None = None
        self.refine: Refine | None = None

    def _evaluate(self, profile: Profile, facts: ProfileFacts) -> Evaluation:
        evaluation = evaluate(profile, facts)
        return evaluation if self.refine is None else self.refine(profile, facts, evaluation)

    async def __aenter__(self) -> Checker:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await asyncio.to_thread(self._saver.shutdown, wait=True)
        if self._own_http:
            await self._http.aclose()

    @property
    def requests(self) -> int:
        return self._client.requests

    @property
    def client(self) -> LoketClient:
        return self._client

    async def prober(self) -> Prober:
        """A prober over this checker's client, token cache and credentials (discovery uses
        it too, so a check after a discovery reuses the token)."""
        return Prober(
            self._client,
            await self._token_cache(),
            self._credentials,
            grant=self.settings.loket.grant,
            lang=self.lang,
            application_id=self._application_id,
            recorded_two_factor=self._recorded_two_factor,
        )

    # -- secrets (blocking calls, run in threads) ----------------------------------------------

    async def _secret(self, kind: SecretKind, name: str) -> str | None:
        if self._secrets is None:
            return None
        try:
            return await asyncio.to_thread(self._secrets.get, kind, name)
        except SecretStoreError as exc:
            raise CredentialsUnavailable(exc.message("en" if self.lang == "en" else "nl")) from None

    async def _credentials(self, username: str) -> Credentials:
        if self.settings.loket.grant == "password":
            return Credentials(password=await self._secret(SecretKind.LOKET_PASSWORD, username))
        try:
            # only to test the password NN will receive; without it that item stays unknown
            password = await self._secret(SecretKind.LOKET_PASSWORD, username)
        except CredentialsUnavailable:
            password = None
        return Credentials(
            password=password,
            refresh_token=await self._secret(SecretKind.LOKET_REFRESH_TOKEN, username),
        )

    async def _stored_refresh_token(self, username: str) -> str | None:
        try:
            return await self._secret(SecretKind.LOKET_REFRESH_TOKEN, username)
        except CredentialsUnavailable:
            return None

    async def _recorded_two_factor(self, username: str) -> tuple[bool, str | None]:
        """The two-factor state recorded when consent was given (``login``)."""
        if self._store is None:
            return False, None
        records = AccountRecords(self._store.directory)
        record = await asyncio.to_thread(records.get, username)
        return (True, record.two_factor_state) if record is not None else (False, None)

    async def _keep_refresh_token(self, username: str, refresh_token: str) -> None:
        if self._secrets is None or self.settings.loket.grant == "password":
            return
        # When it cannot be stored, the old one stays; a later check then asks for consent.
        with contextlib.suppress(SecretStoreError):
            await asyncio.to_thread(
                self._secrets.set, SecretKind.LOKET_REFRESH_TOKEN, username, refresh_token
            )

    async def _token_cache(self) -> TokenCache:
        if self._tokens is None:
            loket = self.settings.loket
            secret = loket.client_secret
            if secret is None:
                try:
                    secret = await self._secret(SecretKind.LOKET_CLIENT_SECRET, loket.client_id)
                except CredentialsUnavailable:
                    secret = None
            self._oauth = OAuthClient(
                loket.oauth_url, self._http, loket.client_id, secret, loket.redirect_uri or None
            )
            self._tokens = TokenCache(
                self._oauth,
                on_refresh_token=self._keep_refresh_token,
                stored_refresh_token=self._stored_refresh_token,
            )
        return self._tokens

    # -- the run -------------------------------------------------------------------------------

    async def check_profiles(
        self,
        profiles: Iterable[Profile | Pending],
        *,
        deep: bool = False,
        on_result: OnResult | None = None,
        keep_results: bool = True,
        read: Callable[[str], Profile | None] | None = None,
        on_skip: Callable[[str], None] | None = None,
    ) -> CheckRun:
        """Check ``profiles``; results come back in the order given, and stream through
        ``on_result`` as each profile finishes. With ``keep_results=False`` the run keeps none
        (a caller that streams them keeps memory flat at any number of profiles).

        A ``Pending`` profile is read with ``read`` when its turn comes; one that is gone,
        unreadable or read-only by then is not checked but named to ``on_skip``."""
        # Each profile is let go once it is done: the queue holds the only reference.
        queue = deque((profile.username, index, profile) for index, profile in enumerate(profiles))
        del profiles
        run = CheckRun(checked_at=now())
        start = self._client.requests
        moves = self._client.lanes.moves
        prober = await self.prober()
        slots: list[ProfileResult | None] = [None] * len(queue) if keep_results else []

        async def one(index: int, item: Profile | Pending) -> None:
            if isinstance(item, Pending):
                profile = read(item.slug) if read is not None else None
                if profile is None or profile.read_only:
                    if on_skip is not None:
                        on_skip(item.slug)
                    return
            else:
                profile = item
            facts = await prober.probe(profile, deep=deep)
            result = await self._save(profile, facts, run.checked_at)
            if keep_results:
                slots[index] = result
            if on_result is not None:
                outcome = on_result(result)
                if inspect.isawaitable(outcome):
                    await outcome

        concurrency = self.settings.loket.concurrency
        try:
            await run_in_turns(
                (queue.popleft() for _ in range(len(queue))),
                one,
                workers=concurrency * WORKERS_PER_SLOT,
                per_key=max(1, concurrency * WORKERS_PER_SLOT // 2),
                limit_of=self._slow_lane_workers,
            )
        finally:
            run.results = [r for r in slots if r is not None]
            run.requests = self._client.requests - start
            run.slow_lane_accounts = self._client.lanes.moved_since(moves)
            run.retiring = sorted(self._client.retiring.values(), key=lambda r: r.operation)
        return run

    def _slow_lane_workers(self, username: Hashable) -> int | None:
        """Workers for an account in the slow lane: one more than the lane's requests, so
        the lane stays full while one of them saves; None (the usual share) otherwise."""
        lanes = self._client.lanes
        return lanes.slow_limit + 1 if lanes.is_slow(username) else None

    async def _save(
        self, profile: Profile, facts: ProfileFacts, checked_at: datetime
    ) -> ProfileResult:
        if self._store is None:
            evaluation = self._evaluate(profile, facts)
            record_results(profile, evaluation, facts, self.lang, checked_at)
            return ProfileResult(profile, evaluation, checked_at)
        store = self._store
        evaluations: list[Evaluation] = []

        def change(current: Profile) -> None:
            if checked_inputs(current) != checked_inputs(profile):
                # The facts answer other inputs than these: the result is not theirs.
                current.status = "unchecked"
                evaluations.append(stale_evaluation(self.lang))
                return
            # Evaluated against the file as it is now, so confirmations given meanwhile count.
            evaluation = self._evaluate(current, facts)
            evaluations.append(evaluation)
            record_results(current, evaluation, facts, self.lang, checked_at)

        loop = asyncio.get_running_loop()
        try:
            saved = await loop.run_in_executor(self._saver, store.update, profile.slug, change)
        except StoreError as exc:
            evaluation = self._evaluate(profile, facts)
            return ProfileResult(profile, evaluation, checked_at, save_error=str(exc))
        return ProfileResult(saved, evaluations[-1], checked_at)
