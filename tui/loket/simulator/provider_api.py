"""The provider's users and teams (authorization groups), read-only, for admin mode.

The simulated world has one provider (administratiekantoor). Its users are those that reach an
employer through a team (``[[access]]`` with ``via = "team"``); its teams are the ``team`` names
of those entries. Only an applicatiebeheerder (``[admin]``) may read them; anyone else gets 403
with Loket's body. A provider user's authorizations are the rights it holds through its teams.
"""

from __future__ import annotations

from typing import Any

from starlette.responses import Response
from starlette.routing import Route

from tui.loket.simulator.admin_api import _Call, _Refusal, _route
from tui.loket.simulator.admin_state import AdminState, authorization_id
from tui.loket.simulator.api import FORBIDDEN, json_response
from tui.loket.simulator.scenario import stable_id

PROVIDER_ID = stable_id("provider", "simulator")
PROVIDER_NAME = "Administratiekantoor Simulator B.V."
PROVIDERS = "/providers"
PROVIDER_USERS = "/providers/{providerId}/users"
PROVIDER_USER_AUTHORIZATIONS = "/providers/users/{userId}/authorizations"
GROUPS = "/providers/{providerId}/authorizationgroups"
GROUP_USERS = "/providers/authorizationgroups/{authorizationGroupId}/users"
GROUP_EMPLOYERS = "/providers/authorizationgroups/{authorizationGroupId}/employers"
PROVIDER_TEMPLATES = (
    PROVIDER_USERS, PROVIDER_USER_AUTHORIZATIONS, GROUPS, GROUP_USERS, GROUP_EMPLOYERS,
)  # fmt: skip


def _teams(state: AdminState) -> dict[str, tuple[str, set[str], set[str]]]:
    """Team id -> (name, usernames, employer ids)."""
    teams: dict[str, tuple[str, set[str], set[str]]] = {}
    for access in state.world.scenario.access:
        if access.via != "team" or not access.team:
            continue
        _, users, employers = teams.setdefault(
            stable_id("team", access.team), (access.team, set(), set())
        )
        users.add(access.username)
        employers.add(access.employer_id)
    return teams


def _provider_usernames(state: AdminState) -> list[str]:
    names = {u for members in state.provider_users.values() for u in members}
    return sorted(names)


def _admin(call: _Call) -> None:
    if not state_of(call).world.scenario.admin.admins.get(call.grant.username):
        raise _Refusal(json_response(FORBIDDEN, 403))


def state_of(call: _Call) -> AdminState:
    return call.state


def _provider(call: _Call) -> None:
    _admin(call)
    if call.guid("providerId") != PROVIDER_ID:
        raise _Refusal(Response(status_code=404))


async def _providers(call: _Call) -> Response:
    reaches = call.grant.username in _provider_usernames(call.state)
    rows = [{"id": PROVIDER_ID, "name": PROVIDER_NAME}] if reaches else []
    return call.list_response(rows)


async def _users(call: _Call) -> Response:
    _provider(call)
    rows = []
    for username in _provider_usernames(call.state):
        body = call.state.user_json(username)
        for key in ("isDepartmentManager", "isLinkedToMultipleEmployers",
                    "hasAccessToPayrollingTestData"):  # fmt: skip
            body.pop(key, None)
        body["hasAuthorisationsOnUserLevel"] = False
        body["authorisationSet"] = None
        rows.append(body)
    return call.list_response(rows)


async def _user_authorizations(call: _Call) -> Response:
    _admin(call)
    username = call.state.usernames.get(call.guid("userId"))
    if username is None or username not in _provider_usernames(call.state):
        raise _Refusal(Response(status_code=404))
    enabled: set[str] = set()
    for access in call.state.world.scenario.access:
        if access.username == username and access.via == "team":
            enabled |= call.state.world.rights.get((username, access.employer_id), frozenset())
    rows = [
        {"id": authorization_id(name), "description": name, "availableForEmployerUser": False,
         "isEnabled": name in enabled}
        for name in call.state.catalogue
    ]  # fmt: skip
    return call.list_response(rows)


async def _groups(call: _Call) -> Response:
    _provider(call)
    rows = [
        {"id": team_id, "description": name, "numberOfLinkedUsers": len(users),
         "numberOfLinkedEmployers": len(employers), "authorizationSet": None}
        for team_id, (name, users, employers) in sorted(_teams(call.state).items())
    ]  # fmt: skip
    return call.list_response(rows)


def _group(call: _Call) -> tuple[str, set[str], set[str]]:
    _admin(call)
    team = _teams(call.state).get(call.guid("authorizationGroupId"))
    if team is None:
        raise _Refusal(Response(status_code=404))
    return team


async def _group_users(call: _Call) -> Response:
    _, members, _ = _group(call)
    state = call.state
    rows: list[dict[str, Any]] = []
    for username in _provider_usernames(state):
        personal = state.user_json(username)["personalDetails"]
        rows.append({"id": state.user_ids[username], "personalDetails": personal,
                     "userName": username, "isLinked": username in members,
                     "hasAuthorizationsOnUserLevel": False, "hasMultipleTeams": False,
                     "hasIntegrations": bool(state.world.integrations.get(username))})  # fmt: skip
    return call.list_response(rows)


async def _group_employers(call: _Call) -> Response:
    _, _, linked = _group(call)
    rows = [
        {"id": e.id, "companyName": e.company_name, "administrationNumber": e.administration_number,
         "groupCode": None, "isLinked": e.id in linked}
        for e in sorted(call.state.world.employers.values(), key=lambda e: e.employer_number)
    ]  # fmt: skip
    return call.list_response(rows)


def provider_routes(state: AdminState, prefix: str) -> list[Route]:
    return [
        _route(state, prefix + PROVIDERS, "GET", _providers, False),
        _route(state, prefix + PROVIDER_USERS, "GET", _users, False),
        _route(state, prefix + PROVIDER_USER_AUTHORIZATIONS, "GET", _user_authorizations, False),
        _route(state, prefix + GROUPS, "GET", _groups, False),
        _route(state, prefix + GROUP_USERS, "GET", _group_users, False),
        _route(state, prefix + GROUP_EMPLOYERS, "GET", _group_employers, False),
    ]
