"""LoketClient: the Loket.nl API v2 calls Koppelaar makes.

One client serves many accounts: every method takes the bearer first, a token or a
``BearerSource`` that can renew it (a 401 then renews once and retries; a second 401 fails with
Loket's message). Requests in flight are bounded by a semaphore; GETs are retried with
exponential backoff and full jitter on 429, 502, 503, 504 and connection failures, honouring
Retry-After. The waits between attempts do not hold a slot. An account whose requests take far
longer than the other accounts' moves to a slow lane with a limit of its own
(``tui.loket.lanes``), so its waiting does not take the slots of the accounts Loket answers at
normal speed. Every response's envelope is checked before anything is read from it; a resource
version Loket will retire is remembered (``retiring``) so the CLI and the TUI can say so.

Retries are a small explicit loop rather than tenacity: the loop must release the semaphore
while it waits, read Retry-After from the failed response, use an injectable sleep, and turn
exhaustion into our own typed errors; expressed in tenacity that took more code than the loop.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable, Hashable, Mapping
from typing import Protocol
from urllib.parse import quote

import httpx

from tui.loket.decode import RetiringVersion, decode, embedded, retiring_version, total_pages
from tui.loket.errors import LoketError, RateLimited, ServerError, Unauthorized
from tui.loket.http import (
    RequestCounter,
    backoff_delay,
    network_error,
    parse_retry_after,
    validate_base_url,
)
from tui.loket.lanes import Lanes
from tui.loket.records import (
    ApplicationAuthorization,
    AuthorizationModelEntry,
    Employer,
    Integration,
    JsonObject,
    PayrollAdministration,
    User,
    as_int,
    as_object,
    as_str,
    descriptions,
    parse_employer,
    shape,
)
from tui.loket.resources import PAGE_SIZE, RESOURCES, Resource

__all__ = [
    "PAGE_SIZE",
    "RESOURCES",
    "ApplicationAuthorization",
    "AuthorizationModelEntry",
    "Bearer",
    "BearerSource",
    "Employer",
    "Integration",
    "LoketClient",
    "PayrollAdministration",
    "RetiringVersion",
    "User",
]

Sleep = Callable[[float], Awaitable[None]]
RETRY_STATUSES = frozenset({429, 502, 503, 504})


class BearerSource(Protocol):
    """An account's access token that can be renewed after a 401."""

    @property
    def bearer(self) -> str: ...

    async def renew(self, stale: str) -> str:
        """A new access token (or the one another request renewed meanwhile)."""
        ...


Bearer = str | BearerSource


def _account_of(token: Bearer) -> Hashable | None:
    """The lane key of a bearer: its account (a source's ``username``), None for a bare token."""
    if isinstance(token, str):
        return None
    return getattr(token, "username", None) or id(token)


class LoketClient:
    def __init__(
        self,
        api_url: str,
        http: httpx.AsyncClient,
        *,
        concurrency: int = 8,
        slow_lane: int | None = None,
        max_retries: int = 4,
        retry_after_cap: float = 30.0,
        backoff_base: float = 0.25,
        sleep: Sleep = asyncio.sleep,
        rng: Callable[[], float] = random.random,
    ) -> None:
        if concurrency < 1:
            raise ValueError("concurrency must be at least 1")
        self.api_url = validate_base_url(api_url)
        self._http = http
        self.lanes = Lanes(concurrency, slow_lane)
        self._slots = self.lanes.normal  # requests of no account (and the admin's writes)
        self._max_retries = max_retries
        self._retry_after_cap = retry_after_cap
        self._backoff_base = backoff_base
        self._sleep = sleep
        self._rng = rng
        self._counter = RequestCounter.attach(http)
        # operationId -> the version Loket said it will retire (version.obsoleteDate)
        self.retiring: dict[str, RetiringVersion] = {}

    @property
    def requests(self) -> int:
        """HTTP requests sent through the shared client so far (token requests included)."""
        return self._counter.count

    # -- the API ---------------------------------------------------------------------------

    async def user(self, token: Bearer) -> User:
        content = await self._detail(token, "GetUserByToken")
        details = as_object(content.get("personalDetails"))
        contact = as_object(content.get("contactInformation"))
        role = as_object(as_object(content.get("user")).get("userSpecifiedRole"))
        return User(
            first_name=as_str(details.get("firstName")),
            prefix=as_str(details.get("prefix")),
            last_name=as_str(details.get("lastName")),
            initials=as_str(details.get("initials")),
            email=as_str(contact.get("emailAddress")),
            role=as_str(role.get("value")),
        )

    async def employers(self, token: Bearer, *, filter: str | None = None) -> list[Employer]:
        items = await self._list(token, "GetEmployersByUserId", filter=filter)
        return [parse_employer(item) for item in items]

    async def employer(self, token: Bearer, employer_id: str) -> Employer:
        content = await self._detail(token, "GetEmployerByEmployerId", employerId=employer_id)
        return parse_employer(content)

    async def employer_authorizations(self, token: Bearer, employer_id: str) -> list[str]:
        """Activity names the user may perform for this employer.

        Version 2019-02-11 names the activity in ``description``; 2018-01-01 in ``name``.
        """
        items = await self._list(token, "GetAuthorizationsByEmployerId", employerId=employer_id)
        names = []
        for item in items:
            name = as_str(item.get("description")) or as_str(item.get("name"))
            if name is None:
                raise shape("an authorization without description or name")
            names.append(name)
        return names

    async def authorization_model(self, token: Bearer) -> list[AuthorizationModelEntry]:
        items = await self._list(token, "GetAuthorizationModelByBearerToken")
        entries = []
        for item in items:
            activity = as_str(item.get("description"))
            if activity is None:
                raise shape("an authorization model entry without an activity")
            entries.append(
                AuthorizationModelEntry(
                    activity=activity,
                    functional_description=as_str(item.get("functionalDescription")),
                    authorizations=descriptions(item.get("authorizations")),
                    modules=descriptions(item.get("modules")),
                    roles=descriptions(item.get("roles")),
                )
            )
        return entries

    async def integrations(self, token: Bearer) -> list[Integration]:
        items = await self._list(token, "GetIntegrationsByBearerToken")
        result = []
        for item in items:
            application = as_object(item.get("application"))
            result.append(
                Integration(
                    application_id=as_str(application.get("id")),
                    application_name=as_str(application.get("name")),
                    created_on=as_str(item.get("createdOn")),
                    last_login=as_str(item.get("lastLogin")),
                    is_blocked=item.get("isBlocked") is True,
                    application_blocked=application.get("isBlocked") is True,
                )
            )
        return result

    async def employees(self, token: Bearer, employer_id: str) -> list[JsonObject]:
        return await self._list(token, "GetEmployeesByEmployerId", employerId=employer_id)

    async def employments(self, token: Bearer, employer_id: str) -> list[JsonObject]:
        return await self._list(token, "GetEmploymentsByEmployerId", employerId=employer_id)

    async def citizen_service_numbers(self, token: Bearer, employer_id: str) -> list[JsonObject]:
        return await self._list(
            token, "GetcitizenServiceNumbersByEmployerId", employerId=employer_id
        )

    async def wages(self, token: Bearer, employment_id: str) -> list[JsonObject]:
        return await self._list(token, "GetWagesByEmploymentId", employmentId=employment_id)

    async def payroll_period_data(self, token: Bearer, employment_id: str) -> list[JsonObject]:
        return await self._list(
            token, "GetPayrollPeriodDataByEmploymentId", employmentId=employment_id
        )

    async def payroll_administrations(
        self, token: Bearer, employer_id: str
    ) -> list[PayrollAdministration]:
        items = await self._list(
            token, "GetPayrollAdministrationsByEmployerId", employerId=employer_id
        )
        result = []
        for item in items:
            admin_id = as_str(item.get("id"))
            if admin_id is None:
                raise shape("a payroll administration without an id")
            result.append(
                PayrollAdministration(
                    id=admin_id,
                    name=as_str(item.get("name")),
                    client_number=as_int(item.get("clientNumber")),
                    administration_number=as_str(item.get("administrationNumber")),
                )
            )
        return result

    async def payroll_runs(self, token: Bearer, payroll_administration_id: str) -> list[JsonObject]:
        return await self._list(
            token,
            "GetPayrollRunsByPayrollAdministrationId",
            payrollAdministrationId=payroll_administration_id,
        )

    async def application_authorizations(
        self, token: Bearer, application_id: str
    ) -> list[ApplicationAuthorization]:
        items = await self._list(
            token, "GetApplicationAuthorizationsByApplicationId", applicationId=application_id
        )
        result = []
        for item in items:
            activity = as_str(item.get("activity"))
            if activity is None:
                raise shape("an application authorization without an activity")
            result.append(
                ApplicationAuthorization(
                    activity=activity,
                    display_name=as_str(item.get("displayName")),
                    required_user_authorizations=descriptions(
                        item.get("requiredUserAuthorizations")
                    ),
                    required_employer_modules=descriptions(item.get("requiredEmployerModules")),
                    allowed_roles=descriptions(item.get("allowedRoles")),
                )
            )
        return result

    # -- envelopes and paging ----------------------------------------------------------------

    async def _detail(self, token: Bearer, operation: str, **ids: str) -> JsonObject:
        resource = RESOURCES[operation]
        envelope = await self._get(token, resource, self._url(resource, ids), None)
        content = envelope.get("content")
        if not isinstance(content, dict):
            raise shape("'content' is not an object")
        return content

    async def _list(
        self, token: Bearer, operation: str, *, filter: str | None = None, **ids: str
    ) -> list[JsonObject]:
        resource = RESOURCES[operation]
        url = self._url(resource, ids)
        params: dict[str, str | int] = {}
        if filter:
            params["filter"] = filter
        if resource.paged:
            params["pageSize"] = PAGE_SIZE
            first = await self._get(token, resource, url, {**params, "pageNumber": 1})
        else:
            # The document names no paging parameters here, but the answer may still carry
            # paging fields (the activities list does): every page is read all the same.
            first = await self._get(token, resource, url, params or None)
        items = embedded(first)
        pages_total = total_pages(first)
        if pages_total <= 1:
            return items
        async with asyncio.TaskGroup() as group:
            pages = [
                group.create_task(self._get(token, resource, url, {**params, "pageNumber": n}))
                for n in range(2, pages_total + 1)
            ]
        for page in pages:
            items.extend(embedded(page.result()))
        return items

    def _url(self, resource: Resource, ids: Mapping[str, str]) -> str:
        path = resource.path.format_map({k: quote(v, safe="") for k, v in ids.items()})
        return self.api_url + path

    # -- one GET with retries ----------------------------------------------------------------

    async def _get(
        self,
        token: Bearer,
        resource: Resource,
        url: str,
        params: Mapping[str, str | int] | None,
    ) -> JsonObject:
        bearer = token if isinstance(token, str) else token.bearer
        renewed = False
        while True:
            try:
                envelope = await self._get_once(bearer, _account_of(token), resource, url, params)
            except Unauthorized:
                if isinstance(token, str) or renewed:
                    raise
                renewed = True
                bearer = await token.renew(bearer)
                continue
            retiring = retiring_version(envelope, resource)
            if retiring is not None:
                self.retiring[resource.operation] = retiring
            return envelope

    async def _get_once(
        self,
        bearer: str,
        account: Hashable | None,
        resource: Resource,
        url: str,
        params: Mapping[str, str | int] | None,
    ) -> JsonObject:
        headers = {"Authorization": f"Bearer {bearer}", "Accept": resource.accept}
        attempt = 0
        while True:
            attempt += 1
            retry_after: float | None = None
            async with self.lanes.slot(account):
                try:
                    response = await self._http.get(url, params=params, headers=headers)
                except httpx.TransportError as exc:
                    failure: LoketError = network_error(exc, attempts=attempt)
                    # A server that did not answer in time gets one more chance, not four:
                    # each try costs the whole read timeout.
                    retryable = failure.code != "network.tls" and not (
                        failure.code == "network.timeout" and attempt > 1
                    )
                else:
                    status = response.status_code
                    if status not in RETRY_STATUSES:
                        return decode(response, resource)
                    retry_after = parse_retry_after(response.headers.get("Retry-After"))
                    failure = (
                        RateLimited(retry_after, attempts=attempt)
                        if status == 429
                        else ServerError(status, attempts=attempt)
                    )
                    retryable = retry_after is None or retry_after <= self._retry_after_cap
            if not retryable or attempt > self._max_retries:
                raise failure
            if retry_after is not None:
                delay = retry_after
            else:
                delay = backoff_delay(
                    attempt, base=self._backoff_base, cap=self._retry_after_cap, rng=self._rng
                )
            await self._sleep(delay)
