"""The applicatiebeheerder's endpoints (DESIGN section 9), with Loket's paths and envelopes.

Order of checks: bearer token (401), Accept version (406), path id shape (400), employer or
user known (404), the signed-in user administers that employer (403, Loket's body), body (400).
PATCH of a user's authorizations keeps exactly the ones sent with ``isEnabled: true`` and
disables every other one, as Loket's document says.
"""

from __future__ import annotations

import json
import math
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tui.loket.simulator.admin_state import AdminState, Invitation, authorization_id
from tui.loket.simulator.api import (
    FORBIDDEN,
    GUID,
    INVALID_ID_CODE,
    INVALID_QUERY_CODE,
    UNAUTHORIZED,
    _canonical,
    _version_envelope,
    bad_request,
    json_response,
)
from tui.loket.simulator.query import (
    NotAcceptable,
    QueryError,
    order_items,
    page_params,
    parse_filter,
    pick_version,
)
from tui.loket.simulator.scenario import stable_id
from tui.loket.simulator.world import Grant, World

VERSIONS = ("2018-01-01",)
INVALID_BODY_CODE = 1007
ACTIONS = {"ReinstateAccess": False, "RevokeAccess": True}
USERS = "/providers/employers/{employerId}/users"
USER_AUTHORIZATIONS = "/providers/employers/{employerId}/users/{userId}/authorizations"
INVITE = "/providers/employers/{employerId}/users/invite"
USER = "/providers/employers/users/{userId}"
ACCESS = "/providers/employers/users/{userId}/access"
ADMIN_TEMPLATES = (USERS, USER_AUTHORIZATIONS, INVITE, USER, ACCESS)


class _Refusal(Exception):
    def __init__(self, response: Response) -> None:
        self.response = response


class _Call:
    """One request's checked context: the grant, the version, the ids in the path."""

    def __init__(self, state: AdminState, request: Request, detail: bool) -> None:
        self.state = state
        self.request = request
        self.detail = detail
        grant = state.world.grant_for(request.headers.get("authorization"))
        if grant is None:
            raise _Refusal(json_response(UNAUTHORIZED, 401))
        self.grant: Grant = grant
        try:
            self.version = pick_version(request.headers.get("accept"), VERSIONS)
        except NotAcceptable as exc:
            raise _Refusal(json_response({"message": str(exc)}, 406)) from None

    def guid(self, name: str) -> str:
        raw = self.request.path_params[name]
        if not GUID.match(raw):
            message = f"The value '{raw}' is not valid for {name}."
            raise _Refusal(bad_request(message, self.version, self.detail, INVALID_ID_CODE))
        return _canonical(raw)

    def employer(self) -> str:
        employer_id = self.guid("employerId")
        if employer_id not in self.state.world.employers:
            raise _Refusal(Response(status_code=404))
        if not self.state.is_admin(self.grant.username, employer_id):
            raise _Refusal(json_response(FORBIDDEN, 403))
        return employer_id

    def user(self, employer_id: str | None) -> tuple[str, str]:
        """The user id in the path and the employer it is checked against."""
        user_id = self.guid("userId")
        employers = self.state.employer_of(user_id)
        if employer_id is not None:
            if employer_id not in employers:
                raise _Refusal(Response(status_code=404))
            return user_id, employer_id
        if not employers:
            raise _Refusal(Response(status_code=404))
        managed = [e for e in employers if self.state.is_admin(self.grant.username, e)]
        if not managed:
            raise _Refusal(json_response(FORBIDDEN, 403))
        return user_id, managed[0]

    def invalid(self, message: str) -> _Refusal:
        return _Refusal(bad_request(message, self.version, True, INVALID_BODY_CODE))

    async def body(self) -> dict[str, Any]:
        try:
            body = json.loads(await self.request.body() or b"null")
        except ValueError:
            raise self.invalid("The body is not valid JSON.") from None
        if not isinstance(body, dict):
            raise self.invalid("The body must be a JSON object.")
        return body

    def detail_response(self, content: Any, status: int = 200) -> Response:
        body = {"version": _version_envelope(self.version), "messages": [], "content": content}
        return json_response(body, status, self.version)

    def list_response(self, items: list[dict[str, Any]]) -> Response:
        query = dict(self.request.query_params)
        try:
            if "filter" in query:
                predicate = parse_filter(query["filter"])
                items = [item for item in items if predicate(item)]
            order_by = query.get("orderBy") or query.get("orderby")
            if order_by:
                items = order_items(items, order_by)
            number, size = page_params(query)
        except QueryError as exc:
            return bad_request(str(exc), self.version, False, INVALID_QUERY_CODE)
        start = (number - 1) * size
        body = {
            "totalSize": len(items),
            "pageSize": size,
            "totalPages": math.ceil(len(items) / size),
            "currentPage": number,
            "version": _version_envelope(self.version),
            "messages": [],
            "_embedded": items[start : start + size],
        }
        return json_response(body, 200, self.version)


Handler = Callable[[_Call], Awaitable[Response]]


def _route(state: AdminState, path: str, method: str, handler: Handler, detail: bool) -> Route:
    async def endpoint(request: Request) -> Response:
        try:
            return await handler(_Call(state, request, detail))
        except _Refusal as refusal:
            return refusal.response

    return Route(path, endpoint, methods=[method])


async def _users(call: _Call) -> Response:
    return call.list_response(call.state.users_of(call.employer()))


async def _authorizations(call: _Call) -> Response:
    user_id, employer_id = call.user(call.employer())
    return call.list_response(call.state.authorizations_json(user_id, employer_id))


async def _patch_authorizations(call: _Call) -> Response:
    user_id, employer_id = call.user(call.employer())
    body = await call.body()
    sent = body.get("authorizations")
    if not isinstance(sent, list) or not all(isinstance(a, dict) for a in sent):
        raise call.invalid("authorizations must be a list of objects.")
    by_id = {authorization_id(name): name for name in call.state.catalogue}
    enabled: set[str] = set()
    for entry in sent:
        raw = entry.get("id")
        name = by_id.get(str(raw).lower()) if isinstance(raw, str) else None
        if name is None:
            raise call.invalid(f"The authorization '{raw}' does not exist.")
        if entry.get("isEnabled") is True:
            enabled.add(name)
    call.state.set_rights(user_id, employer_id, frozenset(enabled))
    return call.detail_response({})


async def _invite(call: _Call) -> Response:
    employer_id = call.employer()
    body = await call.body()
    details = body.get("personalDetails")
    contact = body.get("contactInformation")
    if not isinstance(details, dict) or not isinstance(contact, dict):
        raise call.invalid("personalDetails and contactInformation are required.")
    last_name, initials = details.get("lastName"), details.get("initials")
    email = contact.get("emailAddress")
    if not (isinstance(last_name, str) and last_name.isalpha() and len(last_name) <= 25):
        raise call.invalid("personalDetails.lastName must be 1-25 letters.")
    if not (isinstance(initials, str) and initials.isalpha() and len(initials) <= 6):
        raise call.invalid("personalDetails.initials must be 1-6 letters.")
    if not isinstance(email, str) or "@" not in email:
        raise call.invalid("contactInformation.emailAddress is required.")
    user_id = stable_id("invitation", employer_id, email.lower())
    if user_id in call.state.invitations or any(
        u.email.lower() == email.lower() for u in call.state.world.users.values()
    ):
        raise call.invalid(f"A user with e-mail address {email} exists already.")
    prefix = details.get("prefix")
    invitation = Invitation(
        id=user_id,
        employer_id=employer_id,
        initials=initials,
        prefix=prefix if isinstance(prefix, str) and prefix else None,
        last_name=last_name,
        email=email.lower(),
        phone=_text(body.get("destinationForSecret")) or _text(contact.get("phoneNumber")),
        two_factor_required=body.get("twoFactorAuthenticationRequired") is True,
    )
    call.state.invite(invitation)
    return call.detail_response(call.state.invitation_json(invitation), 201)


async def _user(call: _Call) -> Response:
    user_id, _ = call.user(None)
    return call.detail_response(_user_json(call.state, user_id))


async def _put_user(call: _Call) -> Response:
    user_id, _ = call.user(None)
    body = await call.body()
    required = body.get("twoFactorAuthenticationRequired")
    if not isinstance(required, bool):
        raise call.invalid("twoFactorAuthenticationRequired must be true or false.")
    if user_id in call.state.invitations:
        call.state.invitations[user_id].two_factor_required = required
    else:
        call.state.set_two_factor_required(user_id, required)
    return call.detail_response(_user_json(call.state, user_id))


async def _access(call: _Call) -> Response:
    user_id, _ = call.user(None)
    body = await call.body()
    action = body.get("action")
    if action not in ACTIONS:
        raise call.invalid(f"action must be one of {', '.join(ACTIONS)}.")
    if user_id in call.state.invitations:
        raise call.invalid("The user has not accepted the invitation yet.")
    call.state.set_blocked(user_id, ACTIONS[action])
    return call.detail_response(_user_json(call.state, user_id))


def _user_json(state: AdminState, user_id: str) -> dict[str, Any]:
    invitation = state.invitations.get(user_id)
    if invitation is not None:
        return state.invitation_json(invitation)
    return state.user_json(state.usernames[user_id])


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _set_password_route(state: AdminState) -> Route:
    """``POST /_sim/set-password {"userId", "username", "password"}``: the invited person
    follows Loket's e-mail, chooses a user name and sets a password; only then can they sign in."""

    async def set_password(request: Request) -> Response:
        try:
            body = json.loads(await request.body() or b"{}")
        except ValueError:
            return JSONResponse({"error": "The body must be JSON."}, status_code=400)
        if not isinstance(body, dict):
            return JSONResponse({"error": "The body must be a JSON object."}, status_code=400)
        invitation = state.invitations.get(str(body.get("userId", "")).lower())
        username, password = body.get("username"), body.get("password")
        if invitation is None:
            return JSONResponse({"error": "No open invitation with this userId."}, status_code=404)
        if not isinstance(username, str) or not username or username in state.world.users:
            return JSONResponse({"error": "username missing or taken."}, status_code=400)
        if not isinstance(password, str) or len(password) < 8:
            return JSONResponse({"error": "password: at least 8 characters."}, status_code=400)
        state.accept(invitation, username, password)
        return JSONResponse({"userId": invitation.id, "username": username}, status_code=201)

    return Route("/_sim/set-password", set_password, methods=["POST"])


def admin_routes(world: World, prefix: str = "/v2") -> list[Route]:
    from tui.loket.simulator.provider_api import provider_routes

    state = AdminState.of(world)
    return [
        *provider_routes(state, prefix),
        # Starlette tries routes in order: the literal /users/invite before /users/{userId}.
        _route(state, prefix + INVITE, "POST", _invite, True),
        _route(state, prefix + USERS, "GET", _users, False),
        _route(state, prefix + USER_AUTHORIZATIONS, "GET", _authorizations, False),
        _route(state, prefix + USER_AUTHORIZATIONS, "PATCH", _patch_authorizations, True),
        _route(state, prefix + ACCESS, "PATCH", _access, True),
        _route(state, prefix + USER, "GET", _user, True),
        _route(state, prefix + USER, "PUT", _put_user, True),
        _set_password_route(state),
    ]
