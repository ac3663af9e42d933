"""The admin endpoints of the simulator (DESIGN section 9) against Loket's OpenAPI schemas, and
the request bodies Koppelaar sends against the documented request schemas.

Excerpts in tests/data/openapi/ (see its README); ``method``/``status``/``request`` as written
by extract.py.
"""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from tests.simulator.conftest import employer_id, login
from tests.simulator.test_contract import excerpt, validate
from tui.loket.admin import Invitation, UserRight, intended_rights

V2018 = "application/json;version=2018-01-01"


def response_schema(operation: str) -> dict[str, Any]:
    versions = excerpt(operation)["versions"]
    # GetEmployerUsersByEmployerId's only media type is labelled "version=SSO_gebruiker" in
    # Loket's document; its schema is the 2018-01-01 user shape the other operations use.
    return next(iter(versions.values()))


def request_schema(operation: str) -> dict[str, Any]:
    return excerpt(operation)["request"]["2018-01-01"]


@pytest.fixture
async def admin(client: httpx.AsyncClient) -> dict[str, str]:
    headers = await login(client, "beheer-demo")
    return {**headers, "Accept": V2018}


async def _ids(client: httpx.AsyncClient, headers: dict[str, str]) -> tuple[str, str]:
    employer = await employer_id(client, headers, 31544)
    users = await client.get(f"/v2/providers/employers/{employer}/users", headers=headers)
    return employer, users.json()["_embedded"][0]["id"]


def _check(response: httpx.Response, operation: str) -> dict[str, Any]:
    doc = excerpt(operation)
    assert response.status_code == doc.get("status", 200), response.text
    assert str(response.status_code) in doc["statuses"]
    assert response.headers["content-type"] == V2018
    body = response.json()
    validate(response_schema(operation), body)
    assert body["version"] == {"obsoleteDate": None, "resourceVersion": "2018-01-01"}
    return body


def _check_items(response: httpx.Response, operation: str) -> dict[str, Any]:
    """For the two team lists Loket's document gives ``_embedded`` the schema of one item
    (an object) inside a paged envelope; every other list there is an array. The simulator
    answers an array, as paging implies, and each item is validated against that schema."""
    assert response.status_code == 200, response.text
    body = response.json()
    parts = response_schema(operation)["allOf"]
    validate({"allOf": parts[:3]}, body)
    for item in body["_embedded"]:
        validate(parts[3]["properties"]["_embedded"], item)
    return body


async def test_reads_match_their_schemas(client: httpx.AsyncClient, admin: dict[str, str]) -> None:
    employer, user = await _ids(client, admin)
    users = await client.get(f"/v2/providers/employers/{employer}/users", headers=admin)
    body = _check(users, "GetEmployerUsersByEmployerId")
    assert body["_embedded"][0]["userName"] == "xs-vandermeer"
    rights = await client.get(
        f"/v2/providers/employers/{employer}/users/{user}/authorizations", headers=admin
    )
    body = _check(rights, "GetEmployerUserAuthorizationsByEmployerIdAndUserId")
    assert {"Raadplegen HRM", "Raadplegen beloningen"} <= {
        a["description"] for a in body["_embedded"]
    }
    detail = await client.get(f"/v2/providers/employers/users/{user}", headers=admin)
    _check(detail, "GetEmployerUserByUserId")


async def test_writes_and_their_bodies_match_the_schemas(
    client: httpx.AsyncClient, admin: dict[str, str]
) -> None:
    employer, user = await _ids(client, admin)
    path = f"/v2/providers/employers/{employer}/users/{user}/authorizations"
    current = [
        UserRight(a["id"], a["description"], a["isEnabled"], True)
        for a in (await client.get(path, headers=admin)).json()["_embedded"]
    ]
    patch = {"authorizations": intended_rights(current, {current[0].id})}
    validate(request_schema("PatchEmployerUserAuthorizationsByEmployerIdAndUserId"), patch)
    _check(await client.patch(path, json=patch, headers=admin),
           "PatchEmployerUserAuthorizationsByEmployerIdAndUserId")  # fmt: skip

    invite = Invitation("P", "de", "Vries", "p.de.vries@example.nl", "0612345678").body()
    validate(request_schema("PostInviteEmployerUserByEmployerId"), invite)
    created = await client.post(
        f"/v2/providers/employers/{employer}/users/invite", json=invite, headers=admin
    )
    body = _check(created, "PostInviteEmployerUserByEmployerId")
    assert body["content"]["userName"] is None
    assert body["content"]["twoFactorAuthenticationRequired"] is False

    access = {"action": "ReinstateAccess"}
    validate(request_schema("PatchManageEmployerUserLoketAccessByUserId"), access)
    reinstated = await client.patch(
        f"/v2/providers/employers/users/{user}/access", json=access, headers=admin
    )
    _check(reinstated, "PatchManageEmployerUserLoketAccessByUserId")

    detail = (await client.get(f"/v2/providers/employers/users/{user}", headers=admin)).json()
    put = {**detail["content"], "twoFactorAuthenticationRequired": False}
    validate(request_schema("PutEmployerUserByUserId"), put)
    _check(await client.put(f"/v2/providers/employers/users/{user}", json=put, headers=admin),
           "PutEmployerUserByUserId")  # fmt: skip


async def test_a_non_admin_gets_403_with_lokets_body(client: httpx.AsyncClient) -> None:
    clerk = {**await login(client, "ak-noord"), "Accept": V2018}  # reaches, does not administer
    employer = await employer_id(client, clerk, 31544)
    response = await client.get(f"/v2/providers/employers/{employer}/users", headers=clerk)
    assert response.status_code == 403
    forbidden = json.loads(
        json.dumps(excerpt("responses")["forbidden"]["response"]["content"]["application/json"])
    )["schema"]
    validate(forbidden, response.json())
    assert "Insufficient rights" in response.json()["message"]
    admin = {**await login(client, "beheer-demo"), "Accept": V2018}
    de_wit = await employer_id(client, admin, 41877)  # beheer-demo reaches it, may not manage
    refused = await client.get(f"/v2/providers/employers/{de_wit}/users", headers=admin)
    assert refused.status_code == 403


async def test_patch_keeps_only_what_is_sent_enabled(
    client: httpx.AsyncClient, admin: dict[str, str]
) -> None:
    employer, user = await _ids(client, admin)
    path = f"/v2/providers/employers/{employer}/users/{user}/authorizations"
    rights = (await client.get(path, headers=admin)).json()["_embedded"]
    assert sum(a["isEnabled"] for a in rights) == 5
    one = next(a for a in rights if a["description"] == "Raadplegen beloningen")
    sent = {"authorizations": [{"id": one["id"], "isEnabled": True}]}
    assert (await client.patch(path, json=sent, headers=admin)).status_code == 200
    after = (await client.get(path, headers=admin)).json()["_embedded"]
    assert [a["description"] for a in after if a["isEnabled"]] == ["Raadplegen beloningen"]


async def test_an_invited_user_signs_in_only_after_setting_a_password(
    client: httpx.AsyncClient, admin: dict[str, str]
) -> None:
    employer, _ = await _ids(client, admin)
    invite = Invitation("J", None, "Smit", "j.smit@example.nl").body()
    created = await client.post(
        f"/v2/providers/employers/{employer}/users/invite", json=invite, headers=admin
    )
    user_id = created.json()["content"]["id"]
    form = {"grant_type": "password", "username": "xs-nieuw", "password": "Nieuw-2026!",
            "client_id": "koppelaar-demo", "client_secret": "koppelaar-demo-secret"}  # fmt: skip
    assert (await client.post("/oauth/token", data=form)).status_code == 400
    accepted = await client.post(
        "/_sim/set-password",
        json={"userId": user_id, "username": "xs-nieuw", "password": "Nieuw-2026!"},
    )
    assert accepted.status_code == 201
    assert (await client.post("/oauth/token", data=form)).status_code == 200
    users = (await client.get(f"/v2/providers/employers/{employer}/users", headers=admin)).json()
    mine = next(u for u in users["_embedded"] if u["id"] == user_id)
    assert mine["userName"] == "xs-nieuw"
    assert mine["accessStatus"]["value"] == "Has access to Client"


async def test_unknown_ids_and_bodies(client: httpx.AsyncClient, admin: dict[str, str]) -> None:
    employer, user = await _ids(client, admin)
    base = f"/v2/providers/employers/{employer}/users"
    unknown = "00000000-0000-0000-0000-000000000000"
    assert (await client.get(f"{base}/{unknown}/authorizations", headers=admin)).status_code == 404
    assert (await client.get(f"{base}/not-a-guid/authorizations", headers=admin)).status_code == 400
    bad = await client.patch(
        f"{base}/{user}/authorizations",
        json={"authorizations": [{"id": unknown, "isEnabled": True}]},
        headers=admin,
    )
    assert bad.status_code == 400
    validate(excerpt("responses")["badRequestDetail"]["response"]["content"]["application/json"]
             ["schema"], bad.json())  # fmt: skip
    assert (await client.get(base, headers={"Accept": V2018})).status_code == 401


async def test_provider_reads_match_their_schemas(
    client: httpx.AsyncClient, admin: dict[str, str]
) -> None:
    providers = await client.get("/v2/providers", headers=admin)
    provider = _check(providers, "GetProvidersByUser")["_embedded"][0]["id"]
    users = await client.get(f"/v2/providers/{provider}/users", headers=admin)
    clerk = next(
        u for u in _check(users, "GetProviderUsersByProviderId")["_embedded"]
        if u["userName"] == "ak-noord"
    )  # fmt: skip
    rights = await client.get(f"/v2/providers/users/{clerk['id']}/authorizations", headers=admin)
    enabled = {
        a["description"]
        for a in _check(rights, "GetProviderUserAuthorizationsByUserId")["_embedded"]
        if a["isEnabled"]
    }
    assert "Beheren werkgever" in enabled
    teams = await client.get(f"/v2/providers/{provider}/authorizationgroups", headers=admin)
    noord = next(
        t for t in _check(teams, "GetAuthorizationGroupsByProviderId")["_embedded"]
        if t["description"] == "Team Noord"
    )  # fmt: skip
    base = f"/v2/providers/authorizationgroups/{noord['id']}"
    members = _check_items(await client.get(f"{base}/users", headers=admin),
                           "GetAuthorizationGroupUsersByAuthorizationGroupId")  # fmt: skip
    assert [u["userName"] for u in members["_embedded"] if u["isLinked"]] == ["ak-noord"]
    employers = _check_items(await client.get(f"{base}/employers", headers=admin),
                             "GetAuthorizationGroupEmployersByAuthorizationGroupId")  # fmt: skip
    assert sum(e["isLinked"] for e in employers["_embedded"]) == 4
    clerk_headers = {**await login(client, "ak-noord"), "Accept": V2018}
    refused = await client.get(f"/v2/providers/{provider}/users", headers=clerk_headers)
    assert refused.status_code == 403
