"""LoketClient: the Loket.nl API v2 calls Koppelaar makes.

One client serves many accounts: every method takes the bearer token first. Requests in flight
are bounded by a semaphore; GETs are retried with exponential backoff and full jitter on 429,
502, 503, 504 and connection failures, honouring Retry-After. The waits between attempts do not
hold a slot. Every response's envelope is checked before anything is read from it.

Retries are a small explicit loop rather than tenacity: the loop must release the semaphore
while it waits, read Retry-After from the failed response, use an injectable sleep, and turn
exhaustion into our own typed errors; expressed in tenacity that took more code than the loop.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import quote

import httpx

from tui.loket.errors import (
    BadRequest,
    Forbidden,
    LoketError,
    LoketMessage,
    MalformedResponse,
    NotFound,
    RateLimited,
    ServerError,
    Unauthorized,
    UnexpectedStatus,
)
from tui.loket.http import (
    RequestCounter,
    backoff_delay,
    network_error,
    parse_retry_after,
    validate_base_url,
)

JsonObject = dict[str, Any]
Sleep = Callable[[float], Awaitable[None]]

# Loket documents no maximum pageSize; 250 is its documented default. It is sent explicitly
# because Loket warns that the default may change.
PAGE_SIZE = 250
# A list longer than this is treated as a broken envelope rather than fetched.
MAX_PAGES = 400
RETRY_STATUSES = frozenset({429, 502, 503, 504})


@dataclass(frozen=True)
class Resource:
    """One GET operation of Loket's OpenAPI document."""

    operation: str
    path: str
    version: str
    kind: Literal["list", "detail"]
    paged: bool = False

    @property
    def accept(self) -> str:
        return f"application/json;version={self.version}"


# operationId -> resource. Versions are the newest each operation documents in Loket's
# OpenAPI document (excerpts in tests/data/openapi/); paged = it documents pageNumber/pageSize.
RESOURCES: dict[str, Resource] = {
    r.operation: r
    for r in (
        Resource("GetUserByToken", "/user", "2018-01-01", "detail"),
        Resource("GetEmployersByUserId", "/providers/employers", "2018-01-01", "list", True),
        Resource(
            "GetEmployerByEmployerId", "/providers/employers/{employerId}", "2018-01-01", "detail"
        ),
        Resource(
            "GetAuthorizationsByEmployerId",
            "/providers/employers/{employerId}/authorizations",
            "2019-02-11",
            "list",
        ),
        Resource(
            "GetAuthorizationModelByBearerToken", "/authorizationmodel", "2018-01-01", "list", True
        ),
        Resource("GetIntegrationsByBearerToken", "/users/integrations", "2018-01-01", "list"),
        Resource(
            "GetEmployeesByEmployerId",
            "/providers/employers/{employerId}/employees",
            "2021-03-29",
            "list",
            True,
        ),
        Resource(
            "GetEmploymentsByEmployerId",
            "/providers/employers/{employerId}/employees/employments",
            "2019-12-16",
            "list",
            True,
        ),
        Resource(
            "GetcitizenServiceNumbersByEmployerId",
            "/providers/employers/{employerId}/employees/citizenservicenumbers",
            "2018-01-01",
            "list",
            True,
        ),
        Resource(
            "GetWagesByEmploymentId",
            "/providers/employers/employees/employments/{employmentId}/wages",
            "2018-01-01",
            "list",
            True,
        ),
        Resource(
            "GetPayrollPeriodDataByEmploymentId",
            "/providers/employers/employees/employments/{employmentId}/payrollperioddata",
            "2018-01-01",
            "list",
            True,
        ),
        Resource(
            "GetPayrollAdministrationsByEmployerId",
            "/providers/employers/{employerId}/payrolladministrations",
            "2018-01-01",
            "list",
            True,
        ),
        Resource(
            "GetPayrollRunsByPayrollAdministrationId",
            "/providers/employers/payrolladministrations/{payrollAdministrationId}/payrollruns",
            "2018-01-01",
            "list",
            True,
        ),
        Resource(
            "GetApplicationAuthorizationsByApplicationId",
            "/applications/{applicationId}/authorizations",
            "2018-01-01",
            "list",
        ),
    )
}


@dataclass(frozen=True)
class User:
    first_name: str | None
    prefix: str | None
    last_name: str | None
    initials: str | None
    email: str | None
    role: str | None

    @property
    def display_name(self) -> str:
        parts = (self.first_name or self.initials, self.prefix, self.last_name)
        return " ".join(p for p in parts if p)


@dataclass(frozen=True)
class Employer:
    id: str
    employer_number: int | None
    company_name: str
    chamber_of_commerce_number: str | None
    administration_number: str | None


@dataclass(frozen=True)
class AuthorizationModelEntry:
    """One activity and the rechten, modules and roles that grant it (any one of each)."""

    activity: str
    functional_description: str | None
    authorizations: tuple[str, ...]
    modules: tuple[str, ...]
    roles: tuple[str, ...]


@dataclass(frozen=True)
class Integration:
    application_id: str | None
    application_name: str | None
    created_on: str | None
    last_login: str | None
    is_blocked: bool
    application_blocked: bool


@dataclass(frozen=True)
class PayrollAdministration:
    id: str
    name: str | None
    client_number: int | None
    administration_number: str | None


@dataclass(frozen=True)
class ApplicationAuthorization:
    """An activity this API client (application) may perform, and what the user needs for it."""

    activity: str
    display_name: str | None
    required_user_authorizations: tuple[str, ...]
    required_employer_modules: tuple[str, ...]
    allowed_roles: tuple[str, ...]


class LoketClient:
    def __init__(
        self,
        api_url: str,
        http: httpx.AsyncClient,
        *,
        concurrency: int = 8,
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
        self._slots = asyncio.Semaphore(concurrency)
        self._max_retries = max_retries
        self._retry_after_cap = retry_after_cap
        self._backoff_base = backoff_base
        self._sleep = sleep
        self._rng = rng
        self._counter = RequestCounter.attach(http)

    @property
    def requests(self) -> int:
        """HTTP requests sent through the shared client so far (token requests included)."""
        return self._counter.count

    # -- the API ---------------------------------------------------------------------------

    async def user(self, token: str) -> User:
        content = await self._detail(token, "GetUserByToken")
        details = _object(content.get("personalDetails"))
        contact = _object(content.get("contactInformation"))
        role = _object(_object(content.get("user")).get("userSpecifiedRole"))
        return User(
            first_name=_str(details.get("firstName")),
            prefix=_str(details.get("prefix")),
            last_name=_str(details.get("lastName")),
            initials=_str(details.get("initials")),
            email=_str(contact.get("emailAddress")),
            role=_str(role.get("value")),
        )

    async def employers(self, token: str, *, filter: str | None = None) -> list[Employer]:
        items = await self._list(token, "GetEmployersByUserId", filter=filter)
        return [_employer(item) for item in items]

    async def employer(self, token: str, employer_id: str) -> Employer:
        content = await self._detail(token, "GetEmployerByEmployerId", employerId=employer_id)
        return _employer(content)

    async def employer_authorizations(self, token: str, employer_id: str) -> list[str]:
        """Activity names the user may perform for this employer.

        Version 2019-02-11 names the activity in ``description``; 2018-01-01 in ``name``.
        """
        items = await self._list(token, "GetAuthorizationsByEmployerId", employerId=employer_id)
        names = []
        for item in items:
            name = _str(item.get("description")) or _str(item.get("name"))
            if name is None:
                raise _shape("an authorization without description or name")
            names.append(name)
        return names

    async def authorization_model(self, token: str) -> list[AuthorizationModelEntry]:
        items = await self._list(token, "GetAuthorizationModelByBearerToken")
        entries = []
        for item in items:
            activity = _str(item.get("description"))
            if activity is None:
                raise _shape("an authorization model entry without an activity")
            entries.append(
                AuthorizationModelEntry(
                    activity=activity,
                    functional_description=_str(item.get("functionalDescription")),
                    authorizations=_descriptions(item.get("authorizations")),
                    modules=_descriptions(item.get("modules")),
                    roles=_descriptions(item.get("roles")),
                )
            )
        return entries

    async def integrations(self, token: str) -> list[Integration]:
        items = await self._list(token, "GetIntegrationsByBearerToken")
        result = []
        for item in items:
            application = _object(item.get("application"))
            result.append(
                Integration(
                    application_id=_str(application.get("id")),
                    application_name=_str(application.get("name")),
                    created_on=_str(item.get("createdOn")),
                    last_login=_str(item.get("lastLogin")),
                    is_blocked=item.get("isBlocked") is True,
                    application_blocked=application.get("isBlocked") is True,
                )
            )
        return result

    async def employees(self, token: str, employer_id: str) -> list[JsonObject]:
        return await self._list(token, "GetEmployeesByEmployerId", employerId=employer_id)

    async def employments(self, token: str, employer_id: str) -> list[JsonObject]:
        return await self._list(token, "GetEmploymentsByEmployerId", employerId=employer_id)

    async def citizen_service_numbers(self, token: str, employer_id: str) -> list[JsonObject]:
        return await self._list(
            token, "GetcitizenServiceNumbersByEmployerId", employerId=employer_id
        )

    async def wages(self, token: str, employment_id: str) -> list[JsonObject]:
        return await self._list(token, "GetWagesByEmploymentId", employmentId=employment_id)

    async def payroll_period_data(self, token: str, employment_id: str) -> list[JsonObject]:
        return await self._list(
            token, "GetPayrollPeriodDataByEmploymentId", employmentId=employment_id
        )

    async def payroll_administrations(
        self, token: str, employer_id: str
    ) -> list[PayrollAdministration]:
        items = await self._list(
            token, "GetPayrollAdministrationsByEmployerId", employerId=employer_id
        )
        result = []
        for item in items:
            admin_id = _str(item.get("id"))
            if admin_id is None:
                raise _shape("a payroll administration without an id")
            result.append(
                PayrollAdministration(
                    id=admin_id,
                    name=_str(item.get("name")),
                    client_number=_int(item.get("clientNumber")),
                    administration_number=_str(item.get("administrationNumber")),
                )
            )
        return result

    async def payroll_runs(self, token: str, payroll_administration_id: str) -> list[JsonObject]:
        return await self._list(
            token,
            "GetPayrollRunsByPayrollAdministrationId",
            payrollAdministrationId=payroll_administration_id,
        )

    async def application_authorizations(
        self, token: str, application_id: str
    ) -> list[ApplicationAuthorization]:
        items = await self._list(
            token, "GetApplicationAuthorizationsByApplicationId", applicationId=application_id
        )
        result = []
        for item in items:
            activity = _str(item.get("activity"))
            if activity is None:
                raise _shape("an application authorization without an activity")
            result.append(
                ApplicationAuthorization(
                    activity=activity,
                    display_name=_str(item.get("displayName")),
                    required_user_authorizations=_descriptions(
                        item.get("requiredUserAuthorizations")
                    ),
                    required_employer_modules=_descriptions(item.get("requiredEmployerModules")),
                    allowed_roles=_descriptions(item.get("allowedRoles")),
                )
            )
        return result

    # -- envelopes and paging ----------------------------------------------------------------

    async def _detail(self, token: str, operation: str, **ids: str) -> JsonObject:
        resource = RESOURCES[operation]
        envelope = await self._get(token, resource, self._url(resource, ids), None)
        content = envelope.get("content")
        if not isinstance(content, dict):
            raise _shape("'content' is not an object")
        return content

    async def _list(
        self, token: str, operation: str, *, filter: str | None = None, **ids: str
    ) -> list[JsonObject]:
        resource = RESOURCES[operation]
        url = self._url(resource, ids)
        params: dict[str, str | int] = {}
        if filter:
            params["filter"] = filter
        if not resource.paged:
            return _embedded(await self._get(token, resource, url, params or None))

        params["pageSize"] = PAGE_SIZE
        first = await self._get(token, resource, url, {**params, "pageNumber": 1})
        items = _embedded(first)
        total_pages = _total_pages(first)
        if total_pages <= 1:
            return items
        async with asyncio.TaskGroup() as group:
            pages = [
                group.create_task(self._get(token, resource, url, {**params, "pageNumber": n}))
                for n in range(2, total_pages + 1)
            ]
        for page in pages:
            items.extend(_embedded(page.result()))
        return items

    def _url(self, resource: Resource, ids: Mapping[str, str]) -> str:
        path = resource.path.format_map({k: quote(v, safe="") for k, v in ids.items()})
        return self.api_url + path

    # -- one GET with retries ----------------------------------------------------------------

    async def _get(
        self,
        token: str,
        resource: Resource,
        url: str,
        params: Mapping[str, str | int] | None,
    ) -> JsonObject:
        headers = {"Authorization": f"Bearer {token}", "Accept": resource.accept}
        attempt = 0
        while True:
            attempt += 1
            retry_after: float | None = None
            async with self._slots:
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
                        return _decode(response, resource)
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


# -- response decoding ---------------------------------------------------------------------


def _decode(response: httpx.Response, resource: Resource) -> JsonObject:
    status = response.status_code
    if 200 <= status < 300:
        envelope = _json_object(response)
        messages = envelope.get("messages", [])
        if not isinstance(messages, list):
            raise _shape("'messages' is not a list")
        return envelope
    if status == 401:
        raise Unauthorized()
    if status == 403:
        raise Forbidden(_error_message(response))
    if status == 404:
        raise NotFound(f"this {_resource_noun(resource)}")
    if status == 400:
        raise BadRequest(_messages(response))
    if status >= 500:
        raise ServerError(status)
    raise UnexpectedStatus(status)


def _looks_like_html(response: httpx.Response) -> bool:
    content_type = response.headers.get("Content-Type", "").lower()
    head = response.content[:512].lstrip().lower()
    return "html" in content_type or head.startswith((b"<!doctype", b"<html", b"<"))


def _is_json_type(response: httpx.Response) -> bool:
    media = response.headers.get("Content-Type", "").split(";", 1)[0].strip().lower()
    return media == "application/json" or media.endswith("+json")


def _json_object(response: httpx.Response) -> JsonObject:
    status = response.status_code
    if _looks_like_html(response):
        raise MalformedResponse("html", status=status)
    if not _is_json_type(response):
        media = response.headers.get("Content-Type", "none").split(";", 1)[0]
        raise MalformedResponse("content_type", status=status, detail=f"Content-Type {media}")
    try:
        body = response.json()
    except ValueError:
        raise MalformedResponse("not_json", status=status) from None
    if not isinstance(body, dict):
        raise MalformedResponse("shape", status=status, detail="the body is not an object")
    return body


def _error_message(response: httpx.Response) -> str | None:
    try:
        body = response.json()
    except ValueError:
        return None
    message = body.get("message") if isinstance(body, dict) else None
    return message if isinstance(message, str) else None


def _messages(response: httpx.Response) -> list[LoketMessage]:
    try:
        body = response.json()
    except ValueError:
        # Loket documents text/plain bodies for API-level 400s.
        text = response.text.strip()
        if not text or _looks_like_html(response):
            return []
        return [LoketMessage(code=None, id=None, type="Text", description=text)]
    raw = body.get("messages") if isinstance(body, dict) else None
    if not isinstance(raw, list):
        return []
    result = []
    for entry in raw:
        if not isinstance(entry, dict):
            continue
        properties = entry.get("properties")
        result.append(
            LoketMessage(
                code=_int(entry.get("code")),
                id=_str(entry.get("id")),
                type=_str(entry.get("type")) or "",
                description=_str(entry.get("description")) or "",
                properties=properties if isinstance(properties, list) else [],
            )
        )
    return result


_ID_NOUNS = {
    "employerId": "employer",
    "employmentId": "employment",
    "payrollAdministrationId": "payroll administration",
    "applicationId": "application",
}


def _resource_noun(resource: Resource) -> str:
    """What a 404 is about: the entity whose id is in the path, else the path itself."""
    if "{" in resource.path:
        last_id = resource.path.rsplit("{", 1)[1].split("}", 1)[0]
        return _ID_NOUNS.get(last_id, last_id)
    return f"resource {resource.path}"


def _shape(detail: str) -> MalformedResponse:
    return MalformedResponse("shape", status=200, detail=detail)


def _embedded(envelope: JsonObject) -> list[JsonObject]:
    items = envelope.get("_embedded")
    if not isinstance(items, list):
        raise _shape("'_embedded' is not a list")
    if not all(isinstance(item, dict) for item in items):
        raise _shape("'_embedded' holds something other than objects")
    return items


def _total_pages(envelope: JsonObject) -> int:
    total = envelope.get("totalPages", 1)
    if total is None:
        return 1
    if not isinstance(total, int) or isinstance(total, bool) or total < 0:
        raise _shape("'totalPages' is not a whole number")
    if total > MAX_PAGES:
        raise _shape(f"'totalPages' is {total}, more than {MAX_PAGES}")
    return total


def _object(value: Any) -> JsonObject:
    return value if isinstance(value, dict) else {}


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _descriptions(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list):
        return ()
    return tuple(
        d for d in (_str(_object(entry).get("description")) for entry in value) if d is not None
    )


def _employer(item: JsonObject) -> Employer:
    employer_id = _str(item.get("id"))
    if employer_id is None:
        raise _shape("an employer without an id")
    return Employer(
        id=employer_id,
        employer_number=_int(item.get("employerNumber")),
        company_name=_str(item.get("companyName")) or "",
        chamber_of_commerce_number=_str(item.get("chamberOfCommerceNumber")),
        administration_number=_str(
            _object(item.get("providerSettings")).get("administrationNumber")
        ),
    )
