"""AdminClient: the applicatiebeheerder's calls (DESIGN section 9), over a ``LoketClient``.

Reads go through the LoketClient's GET (retries, envelopes, paging). Writes are sent once and
never retried: a write that failed on the way back may still have been applied, so the caller
reads the state again instead. ``writes`` counts the write requests put on the wire.

Loket keeps only the authorizations a PATCH sends with ``isEnabled: true`` and disables every
other one. ``set_rights`` therefore takes the user's current rights and the change, and always
sends the whole catalogue, each entry enabled or not: sending only the missing rights is not
expressible here.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import httpx

from tui.loket.client import LoketClient
from tui.loket.decode import decode as _decode
from tui.loket.decode import embedded as _embedded
from tui.loket.decode import total_pages as _total_pages
from tui.loket.errors import LoketError
from tui.loket.http import network_error
from tui.loket.records import JsonObject
from tui.loket.records import shape as _shape
from tui.loket.resources import PAGE_SIZE, Resource

VERSION = "2018-01-01"


def _resource(operation: str, path: str, kind: str = "detail", paged: bool = False) -> Resource:
    return Resource(operation, path, VERSION, "list" if kind == "list" else "detail", paged)


EMPLOYER_USERS = _resource(
    "GetEmployerUsersByEmployerId", "/providers/employers/{employerId}/users", "list", True
)
USER_RIGHTS = _resource(
    "GetEmployerUserAuthorizationsByEmployerIdAndUserId",
    "/providers/employers/{employerId}/users/{userId}/authorizations",
    "list",
    True,
)
PATCH_RIGHTS = _resource(
    "PatchEmployerUserAuthorizationsByEmployerIdAndUserId",
    "/providers/employers/{employerId}/users/{userId}/authorizations",
)
INVITE = _resource(
    "PostInviteEmployerUserByEmployerId", "/providers/employers/{employerId}/users/invite"
)
ACCESS = _resource(
    "PatchManageEmployerUserLoketAccessByUserId", "/providers/employers/users/{userId}/access"
)
PROVIDERS = _resource("GetProvidersByUser", "/providers", "list", True)
PROVIDER_USERS = _resource(
    "GetProviderUsersByProviderId", "/providers/{providerId}/users", "list", True
)
PROVIDER_USER_RIGHTS = _resource(
    "GetProviderUserAuthorizationsByUserId",
    "/providers/users/{userId}/authorizations",
    "list",
    True,
)
TEAMS = _resource(
    "GetAuthorizationGroupsByProviderId",
    "/providers/{providerId}/authorizationgroups",
    "list",
    True,
)
TEAM_USERS = _resource(
    "GetAuthorizationGroupUsersByAuthorizationGroupId",
    "/providers/authorizationgroups/{authorizationGroupId}/users",
    "list",
    True,
)
TEAM_EMPLOYERS = _resource(
    "GetAuthorizationGroupEmployersByAuthorizationGroupId",
    "/providers/authorizationgroups/{authorizationGroupId}/employers",
    "list",
    True,
)
USER = _resource("GetEmployerUserByUserId", "/providers/employers/users/{userId}")
PUT_USER = _resource("PutEmployerUserByUserId", "/providers/employers/users/{userId}")


@dataclass(frozen=True)
class Metadata:
    """One of Loket's ``{key, value}`` metadata objects."""

    key: int | None
    value: str | None


@dataclass(frozen=True)
class EmployerUser:
    id: str
    username: str | None
    email: str | None
    login_method: Metadata
    access_status: Metadata
    two_factor_required: bool
    has_mfa: bool
    has_integrations: bool
    has_connected_applications: bool


@dataclass(frozen=True)
class UserRight:
    id: str
    description: str
    enabled: bool
    available: bool


@dataclass(frozen=True)
class Invitation:
    initials: str
    prefix: str | None
    last_name: str
    email: str
    phone: str | None = None

    def body(self) -> JsonObject:
        body: JsonObject = {
            "personalDetails": {
                "initials": self.initials,
                "prefix": self.prefix,
                "lastName": self.last_name,
            },
            "contactInformation": {"emailAddress": self.email, "phoneNumber": self.phone},
            "twoFactorAuthenticationRequired": False,
        }
        mobile = dutch_mobile(self.phone)
        if mobile:  # Loket accepts only 0XXXXXXXXX or +31... here; anything else is left out
            body["destinationForSecret"] = mobile
        return body


def dutch_mobile(phone: str | None) -> str | None:
    """``phone`` as Loket's ``destinationForSecret`` takes it, or None: "06-1234 5678" and
    "+31 6 12345678" are written without spaces and dashes."""
    if not phone:
        return None
    compact = re.sub(r"[\s\-().]", "", phone)
    return compact if re.fullmatch(r"0\d{9}|\+31\d{9}", compact) else None


def intended_rights(
    current: Collection[UserRight], enable: Collection[str], disable: Collection[str] = ()
) -> list[JsonObject]:
    """The PATCH body's list: every right of ``current``, enabled when it is enabled now or in
    ``enable`` (ids), and not in ``disable``."""
    return [
        {"id": r.id, "isEnabled": (r.enabled or r.id in enable) and r.id not in disable}
        for r in current
    ]


class AdminClient:
    def __init__(self, client: LoketClient) -> None:
        self._client = client
        self.writes = 0

    @property
    def requests(self) -> int:
        return self._client.requests

    # -- reads -----------------------------------------------------------------------------

    async def employer_users(self, token: str, employer_id: str) -> list[EmployerUser]:
        items = await self._list(token, EMPLOYER_USERS, employerId=employer_id)
        return [_employer_user(item) for item in items]

    async def user_rights(self, token: str, employer_id: str, user_id: str) -> list[UserRight]:
        items = await self._list(token, USER_RIGHTS, employerId=employer_id, userId=user_id)
        return _rights(items)

    # -- the provider's users and teams (read only) ----------------------------------------

    async def providers(self, token: str) -> list[tuple[str, str]]:
        """(id, name) of the providers the signed-in user belongs to."""
        items = await self._list(token, PROVIDERS)
        return [
            (str(i["id"]), str(i.get("name") or "")) for i in items if isinstance(i.get("id"), str)
        ]

    async def provider_users(self, token: str, provider_id: str) -> list[EmployerUser]:
        items = await self._list(token, PROVIDER_USERS, providerId=provider_id)
        return [_employer_user(item) for item in items]

    async def provider_user_rights(self, token: str, user_id: str) -> list[UserRight]:
        return _rights(await self._list(token, PROVIDER_USER_RIGHTS, userId=user_id))

    async def teams(self, token: str, provider_id: str) -> list[tuple[str, str]]:
        """(id, name) of the provider's authorization groups (teams)."""
        items = await self._list(token, TEAMS, providerId=provider_id)
        return [
            (str(i["id"]), str(i.get("description") or ""))
            for i in items
            if isinstance(i.get("id"), str)
        ]

    async def team_links(self, token: str, team_id: str) -> tuple[set[str], set[str]]:
        """The ids of the users and of the employers linked to a team."""
        ids = {"authorizationGroupId": team_id}
        users = await self._list(token, TEAM_USERS, **ids)
        employers = await self._list(token, TEAM_EMPLOYERS, **ids)
        return _linked(users), _linked(employers)

    async def user(self, token: str, user_id: str) -> JsonObject:
        url = self._url(USER, {"userId": user_id})
        envelope = await self._client._get(token, USER, url, None)
        return _content(envelope)

    # -- writes ----------------------------------------------------------------------------

    async def set_rights(
        self,
        token: str,
        employer_id: str,
        user_id: str,
        current: Collection[UserRight],
        enable: Collection[str],
        disable: Collection[str] = (),
    ) -> JsonObject:
        body = {"authorizations": intended_rights(current, enable, disable)}
        ids = {"employerId": employer_id, "userId": user_id}
        return await self._write(token, "PATCH", PATCH_RIGHTS, ids, body)

    async def invite(self, token: str, employer_id: str, invitation: Invitation) -> EmployerUser:
        envelope = await self._write(
            token, "POST", INVITE, {"employerId": employer_id}, invitation.body()
        )
        return _employer_user(_content(envelope))

    async def reinstate_access(self, token: str, user_id: str) -> EmployerUser:
        envelope = await self._write(
            token, "PATCH", ACCESS, {"userId": user_id}, {"action": "ReinstateAccess"}
        )
        return _employer_user(_content(envelope))

    async def drop_two_factor_requirement(self, token: str, user_id: str) -> EmployerUser:
        """PUT the user as Loket has it, with ``twoFactorAuthenticationRequired: false``."""
        current = await self.user(token, user_id)
        body = {**current, "twoFactorAuthenticationRequired": False}
        envelope = await self._write(token, "PUT", PUT_USER, {"userId": user_id}, body)
        return _employer_user(_content(envelope))

    # -- plumbing --------------------------------------------------------------------------

    def _url(self, resource: Resource, ids: Mapping[str, str]) -> str:
        path = resource.path.format_map({k: quote(v, safe="") for k, v in ids.items()})
        return self._client.api_url + path

    async def _list(self, token: str, resource: Resource, **ids: str) -> list[JsonObject]:
        url = self._url(resource, ids)
        items: list[JsonObject] = []
        page, pages = 1, 1
        while page <= pages:
            envelope = await self._client._get(
                token, resource, url, {"pageSize": PAGE_SIZE, "pageNumber": page}
            )
            items.extend(_embedded(envelope))
            pages = _total_pages(envelope)
            page += 1
        return items

    async def _write(
        self, token: str, method: str, resource: Resource, ids: Mapping[str, str], body: Any
    ) -> JsonObject:
        headers = {
            "Authorization": f"Bearer {token}",
            "Accept": resource.accept,
            "Content-Type": resource.accept,
        }
        self.writes += 1
        try:
            async with self._client._slots:  # writes count against [loket].concurrency too
                response = await self._client._http.request(
                    method, self._url(resource, ids), json=body, headers=headers
                )
        except httpx.TransportError as exc:
            raise network_error(exc, attempts=1) from None
        return _decode(response, resource)


def _rights(items: list[JsonObject]) -> list[UserRight]:
    rights = []
    for item in items:
        right_id, description = item.get("id"), item.get("description")
        if not isinstance(right_id, str) or not isinstance(description, str):
            raise _shape("an authorization without id or description")
        rights.append(
            UserRight(
                right_id,
                description,
                item.get("isEnabled") is True,
                item.get("availableForEmployerUser") is not False,
            )
        )
    return rights


def _linked(items: list[JsonObject]) -> set[str]:
    return {
        str(i["id"]).lower() for i in items if isinstance(i.get("id"), str) and i.get("isLinked")
    }


def _content(envelope: JsonObject) -> JsonObject:
    content = envelope.get("content")
    if not isinstance(content, dict):
        raise _shape("'content' is not an object")
    return content


def _metadata(value: Any) -> Metadata:
    if not isinstance(value, dict):
        return Metadata(None, None)
    key, text = value.get("key"), value.get("value")
    return Metadata(
        key if isinstance(key, int) and not isinstance(key, bool) else None,
        text if isinstance(text, str) else None,
    )


def _employer_user(item: JsonObject) -> EmployerUser:
    user_id = item.get("id")
    if not isinstance(user_id, str):
        raise _shape("a user without an id")
    username = item.get("userName")
    contact = item.get("contactInformation")
    email = contact.get("emailAddress") if isinstance(contact, dict) else None
    return EmployerUser(
        id=user_id,
        username=username if isinstance(username, str) else None,
        email=email if isinstance(email, str) else None,
        login_method=_metadata(item.get("loginMethod")),
        access_status=_metadata(item.get("accessStatus")),
        two_factor_required=item.get("twoFactorAuthenticationRequired") is True,
        has_mfa=item.get("hasMultiFactorAuthentication") is True,
        has_integrations=item.get("hasIntegrations") is True,
        has_connected_applications=item.get("hasConnectedApplications") is True,
    )


__all__ = [
    "AdminClient",
    "EmployerUser",
    "Invitation",
    "LoketError",
    "Metadata",
    "UserRight",
    "intended_rights",
]
