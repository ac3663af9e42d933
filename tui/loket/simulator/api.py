"""The ``/v2`` routes: Loket's paths, envelopes, versioning, paging and authorization.

Order of checks for every request: bearer token (401), Accept version (406), path id shape (400),
id known (404), the five authorization checks (403), query parameters (400).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from tui.loket.simulator import payloads
from tui.loket.simulator.query import (
    NotAcceptable,
    QueryError,
    order_items,
    page_params,
    parse_filter,
)
from tui.loket.simulator.query import pick_version as _pick_version
from tui.loket.simulator.scenario import Employer
from tui.loket.simulator.world import Grant, World

UNAUTHORIZED = {"message": "Authorization has been denied for this request."}
FORBIDDEN = {
    "message": "Insufficient rights for this request, reason \"User doesn't have rechten to "
    'perform activity for the given Id."'
}
GUID = re.compile(r"^[{(]?[0-9a-fA-F]{8}-?([0-9a-fA-F]{4}-?){3}[0-9a-fA-F]{12}[)}]?$")
# Loket documents no code list for this message; 1005 stands for "invalid identifier" here.
INVALID_ID_CODE = 1005
INVALID_QUERY_CODE = 1006
PAYROLL_YEAR = 2026


def dump(body: Any) -> bytes:
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def json_response(body: Any, status: int = 200, version: str | None = None) -> Response:
    media = "application/json; charset=utf-8"
    if version is not None:
        media = f"application/json;version={version}"
    return Response(dump(body), status_code=status, media_type=media)


@dataclass(frozen=True)
class Context:
    world: World
    grant: Grant
    version: str
    employer: Employer | None
    target: Any


Build = Callable[[Context], Any]


@dataclass(frozen=True)
class Endpoint:
    path: str
    activity: str
    versions: tuple[str, ...]
    build: Build
    kind: str | None = None  # what the path id names: employer, employment, payrolladministration
    paged: bool = True  # list with paging fields; False: a list without them, or a detail
    detail: bool = False


def _version_envelope(version: str, obsolete: str | None = None) -> dict[str, Any]:
    return {"obsoleteDate": obsolete, "resourceVersion": version}


def bad_request(message: str, version: str, detail: bool, code: int) -> Response:
    body: dict[str, Any] = {} if detail else {
        "totalSize": 0, "pageSize": 0, "totalPages": 0, "currentPage": 0,
    }  # fmt: skip
    body["version"] = _version_envelope(version)
    body["messages"] = [
        {"code": code, "id": None, "type": "BrokenBusinessRule", "description": message,
         "properties": []}
    ]  # fmt: skip
    if detail:
        body["content"] = {}
    else:
        body["_embedded"] = []
    return json_response(body, 400, version)


def _lookup(world: World, kind: str, guid: str) -> tuple[Employer, Any] | None:
    if kind == "employer":
        employer = world.employers.get(guid)
        return None if employer is None else (employer, employer)
    if kind == "employment":
        found = world.employments.get(guid)
        return None if found is None else (found[0], found)
    if kind == "payrolladministration":
        administration = world.payroll_administrations.get(guid)
        return administration
    raise AssertionError(kind)


def make_handler(world: World, endpoint: Endpoint) -> Callable[[Request], Any]:
    activity = world.activities.get(endpoint.activity.casefold())
    param = re.search(r"\{(\w+)\}", endpoint.path)

    async def handler(request: Request) -> Response:
        grant = world.grant_for(request.headers.get("authorization"))
        if grant is None:
            return json_response(UNAUTHORIZED, 401)
        try:
            version = _pick_version(request.headers.get("accept"), endpoint.versions)
        except NotAcceptable as exc:
            return json_response({"message": str(exc)}, 406)
        employer: Employer | None = None
        target: Any = None
        if endpoint.kind is not None and param is not None:
            raw = request.path_params[param.group(1)]
            if not GUID.match(raw):
                message = f"The value '{raw}' is not valid for {param.group(1)}."
                return bad_request(message, version, endpoint.detail, INVALID_ID_CODE)
            guid = str(_canonical(raw))
            found = _lookup(world, endpoint.kind, guid)
            if found is None:
                return Response(status_code=404)
            employer, target = found
            allowed = world.allowed_activities(grant.username, grant.client_id, employer.id)
            if endpoint.activity.casefold() not in allowed:
                return json_response(FORBIDDEN, 403)
        elif activity is None or not world.client_may(grant.client_id, endpoint.activity):
            return json_response(FORBIDDEN, 403)
        context = Context(world, grant, version, employer, target)
        try:
            if endpoint.detail:
                obsolete = world.scenario.obsolete_date(endpoint.activity)
                body = {"version": _version_envelope(version, obsolete), "messages": [],
                        "content": endpoint.build(context)}  # fmt: skip
            else:
                body = _list_body(endpoint, context, dict(request.query_params))
        except QueryError as exc:
            return bad_request(str(exc), version, endpoint.detail, INVALID_QUERY_CODE)
        return json_response(body, 200, version)

    return handler


def _canonical(raw: str) -> str:
    digits = re.sub(r"[^0-9a-fA-F]", "", raw).lower()
    return f"{digits[:8]}-{digits[8:12]}-{digits[12:16]}-{digits[16:20]}-{digits[20:]}"


def _list_body(endpoint: Endpoint, context: Context, query: dict[str, str]) -> dict[str, Any]:
    items: Sequence[Any] = endpoint.build(context)
    scenario = context.world.scenario
    version = _version_envelope(context.version, scenario.obsolete_date(endpoint.activity))
    if "filter" in query:
        predicate = parse_filter(query["filter"])
        items = [item for item in items if predicate(item)]
    order_by = query.get("orderBy") or query.get("orderby")
    if order_by:
        items = order_items(list(items), order_by)
    if not endpoint.paged:
        return {"version": version, "messages": [], "_embedded": list(items)}
    number, size = page_params(query, scenario.api.page_size)
    start = (number - 1) * size
    return {
        "totalSize": len(items),
        "pageSize": size,
        "totalPages": math.ceil(len(items) / size),
        "currentPage": number,
        "version": version,
        "messages": [],
        "_embedded": list(items[start : start + size]),
    }


class _LazyEmployers(Sequence[dict[str, Any]]):
    """The user's employers as JSON, built only for the page asked for (big provider worlds)."""

    def __init__(self, employers: list[Employer], cache: dict[str, dict[str, Any]]) -> None:
        self.employers = employers
        self.cache = cache

    def __len__(self) -> int:
        return len(self.employers)

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return [self._one(e) for e in self.employers[index]]
        return self._one(self.employers[index])

    def _one(self, employer: Employer) -> dict[str, Any]:
        body = self.cache.get(employer.id)
        if body is None:
            body = self.cache[employer.id] = payloads.employer(employer)
        return body


def _employers(context: Context) -> Sequence[dict[str, Any]]:
    world = context.world
    employers = world.employers_of_user.get(context.grant.username, [])
    return _LazyEmployers(employers, world.employer_json)


def _authorizations(context: Context) -> list[dict[str, Any]]:
    assert context.employer is not None
    allowed = context.world.allowed_activities(
        context.grant.username, context.grant.client_id, context.employer.id
    )
    return [
        payloads.authorization(activity.listed_name, context.version)
        for key, activity in context.world.activities.items()
        if key in allowed
    ]


def _employments(context: Context) -> list[dict[str, Any]]:
    assert context.employer is not None
    administrations = {pa.id: pa for pa in context.employer.payroll_administrations}
    return [
        payloads.employment(e, m, administrations.get(m.payroll_administration_id or ""))
        for e in context.employer.employees
        for m in e.employments
    ]


def _citizen_service_numbers(context: Context) -> list[dict[str, Any]]:
    assert context.employer is not None
    return [
        payloads.citizen_service_number(m, e)
        for e in context.employer.employees
        for m in e.employments
    ]


def _periods_until_now() -> list[tuple[int, int]]:
    today = date.today()
    last = today.month if today.year == PAYROLL_YEAR else 12
    return [(PAYROLL_YEAR, month) for month in range(1, last + 1)]


def _payroll_runs(context: Context) -> list[dict[str, Any]]:
    administration = context.target
    periods = _periods_until_now()[-administration.payroll_runs :]
    return [payloads.payroll_run(administration, y, p) for y, p in reversed(periods)]


def _payroll_period_data(context: Context) -> list[dict[str, Any]]:
    _, _, employment = context.target
    return [payloads.payroll_period_data(employment, y, p) for y, p in _periods_until_now()[-3:]]


def _application_authorizations(context: Context) -> list[dict[str, Any]]:
    client = context.target
    return [
        payloads.application_authorization(a)
        for a in payloads.linked_activities(client, context.world.activities)
    ]


V2018 = ("2018-01-01",)
ENDPOINTS = (
    Endpoint("/user", "GetUserByToken", V2018,
             lambda c: payloads.user(c.world.users[c.grant.username]), paged=False, detail=True),
    Endpoint("/providers/employers", "GetEmployersByUserId", V2018, _employers),
    Endpoint("/providers/employers/{employerId}", "GetEmployerByEmployerId", V2018,
             lambda c: payloads.employer(c.target), "employer", paged=False, detail=True),
    Endpoint("/providers/employers/{employerId}/authorizations", "GetAuthorizationsByEmployerId",
             ("2018-01-01", "2019-02-11"), _authorizations, "employer"),
    Endpoint("/authorizationmodel", "GetAuthorizationModelByBearerToken", V2018,
             lambda c: [payloads.authorization_model(a) for a in c.world.activities.values()]),
    Endpoint("/users/integrations", "GetIntegrationsByBearerToken", V2018,
             lambda c: [payloads.integration(i)
                        for i in c.world.integrations.get(c.grant.username, [])],
             paged=False),
    Endpoint("/providers/employers/{employerId}/employees", "GetEmployeesByEmployerId",
             ("2018-12-31", "2021-03-29"),
             lambda c: [payloads.employee(e) for e in c.target.employees], "employer"),
    Endpoint("/providers/employers/{employerId}/employees/employments",
             "GetEmploymentsByEmployerId", ("2019-12-16",), _employments, "employer"),
    Endpoint("/providers/employers/{employerId}/employees/citizenservicenumbers",
             "GetcitizenServiceNumbersByEmployerId", V2018, _citizen_service_numbers, "employer"),
    Endpoint("/providers/employers/employees/employments/{employmentId}/wages",
             "GetWagesByEmploymentId", V2018, lambda c: [payloads.wage(c.target[2])],
             "employment"),
    Endpoint("/providers/employers/employees/employments/{employmentId}/payrollperioddata",
             "GetPayrollPeriodDataByEmploymentId", V2018, _payroll_period_data, "employment"),
    Endpoint("/providers/employers/{employerId}/payrolladministrations",
             "GetPayrollAdministrationsByEmployerId", V2018,
             lambda c: [payloads.payroll_administration(pa)
                        for pa in c.target.payroll_administrations], "employer"),
    Endpoint("/providers/employers/payrolladministrations/{payrollAdministrationId}/payrollruns",
             "GetPayrollRunsByPayrollAdministrationId", V2018, _payroll_runs,
             "payrolladministration"),
)  # fmt: skip


def make_application_handler(world: World) -> Callable[[Request], Any]:
    """``/applications/{applicationId}/authorizations``: not employer-scoped, so its own handler."""
    endpoint = Endpoint(
        "/applications/{applicationId}/authorizations",
        "GetApplicationAuthorizationsByApplicationId",
        V2018,
        _application_authorizations,
        paged=False,
    )

    async def handler(request: Request) -> Response:
        grant = world.grant_for(request.headers.get("authorization"))
        if grant is None:
            return json_response(UNAUTHORIZED, 401)
        try:
            version = _pick_version(request.headers.get("accept"), endpoint.versions)
        except NotAcceptable as exc:
            return json_response({"message": str(exc)}, 406)
        raw = request.path_params["applicationId"]
        if not GUID.match(raw):
            message = f"The value '{raw}' is not valid for applicationId."
            return bad_request(message, version, False, INVALID_ID_CODE)
        client = world.applications.get(_canonical(raw))
        if client is None:
            return Response(status_code=404)
        if not world.client_may(grant.client_id, endpoint.activity):
            return json_response(FORBIDDEN, 403)
        context = Context(world, grant, version, None, client)
        try:
            body = _list_body(endpoint, context, dict(request.query_params))
        except QueryError as exc:
            return bad_request(str(exc), version, False, INVALID_QUERY_CODE)
        return json_response(body, 200, version)

    return handler


def routes(world: World, prefix: str = "/v2") -> list[Route]:
    api = [Route(prefix + e.path, make_handler(world, e), methods=["GET"]) for e in ENDPOINTS]
    api.append(
        Route(
            prefix + "/applications/{applicationId}/authorizations",
            make_application_handler(world),
            methods=["GET"],
        )
    )
    return api
