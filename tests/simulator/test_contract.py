"""Every simulator response the client uses, validated against Loket's own OpenAPI schemas.

The schemas are excerpts of Loket's document, copied into tests/data/openapi/ (see its README).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import httpx
import pytest
from jsonschema import Draft202012Validator, FormatChecker

from tests.simulator.conftest import login

OPENAPI = Path(__file__).parents[1] / "data" / "openapi"


@cache
def excerpt(name: str) -> dict[str, Any]:
    # A few GUID patterns in Loket's document allow only upper case hex ([0-9A-F]) while its
    # shared `id` schema and every example use lower case; Loket's .NET validators ignore case.
    text = (OPENAPI / f"{name}.json").read_text(encoding="utf-8")
    return json.loads(text.replace("[0-9A-F]", "[0-9A-Fa-f]"))


def validate(schema: dict[str, Any], body: Any) -> None:
    Draft202012Validator(schema, format_checker=FormatChecker()).validate(body)


async def _ids(http: httpx.AsyncClient, headers: dict[str, str]) -> dict[str, str]:
    employers = (await http.get("/v2/providers/employers", headers=headers)).json()["_embedded"]
    employer = next(e["id"] for e in employers if e["employerNumber"] == 20720)
    employments = await http.get(
        f"/v2/providers/employers/{employer}/employees/employments", headers=headers
    )
    administrations = await http.get(
        f"/v2/providers/employers/{employer}/payrolladministrations", headers=headers
    )
    integrations = (await http.get("/v2/users/integrations", headers=headers)).json()["_embedded"]
    return {
        "employerId": employer,
        "employmentId": employments.json()["_embedded"][0]["id"],
        "payrollAdministrationId": administrations.json()["_embedded"][0]["id"],
        "applicationId": integrations[0]["application"]["id"] if integrations else "",
    }


OPERATIONS = [
    "GetUserByToken",
    "GetEmployersByUserId",
    "GetEmployerByEmployerId",
    "GetAuthorizationsByEmployerId",
    "GetAuthorizationModelByBearerToken",
    "GetIntegrationsByBearerToken",
    "GetEmployeesByEmployerId",
    "GetEmploymentsByEmployerId",
    "GetcitizenServiceNumbersByEmployerId",
    "GetWagesByEmploymentId",
    "GetPayrollPeriodDataByEmploymentId",
    "GetPayrollAdministrationsByEmployerId",
    "GetPayrollRunsByPayrollAdministrationId",
    "GetApplicationAuthorizationsByApplicationId",
]


@pytest.mark.parametrize("operation", OPERATIONS)
async def test_every_documented_version_matches_its_schema(
    client: httpx.AsyncClient, operation: str
) -> None:
    # ak-noord reaches De Gouden Korst through a team and has an integration (Koppelaar).
    headers = await login(client, "ak-noord")
    ids = await _ids(client, headers)
    doc = excerpt(operation)
    path = "/v2" + doc["path"].format(**ids)
    for version, schema in doc["versions"].items():
        response = await client.get(
            path, headers={**headers, "Accept": f"application/json;version={version}"}
        )
        assert response.status_code == 200, (path, response.text)
        assert response.headers["content-type"] == f"application/json;version={version}"
        body = response.json()
        validate(schema, body)
        assert body["version"] == {"obsoleteDate": None, "resourceVersion": version}
        assert body["messages"] == []
        payload = body.get("content", body.get("_embedded"))
        assert payload, f"{operation} {version} returned nothing to validate"


async def test_authorizations_versions_differ_as_documented(client: httpx.AsyncClient) -> None:
    headers = await login(client, "xs-goudenkorst")
    ids = await _ids(client, headers)
    path = f"/v2/providers/employers/{ids['employerId']}/authorizations"
    assert ids["applicationId"] == ""  # this user has no integrations
    new = await client.get(
        path, headers={**headers, "Accept": "application/json;version=2019-02-11"}
    )
    old = await client.get(
        path, headers={**headers, "Accept": "application/json;version=2018-06-01"}
    )
    assert old.json()["version"]["resourceVersion"] == "2018-01-01"
    assert [a["description"] for a in new.json()["_embedded"]] == [
        a["name"] for a in old.json()["_embedded"]
    ]
    assert set(new.json()["_embedded"][0]) == {"id", "description"}
    assert set(old.json()["_embedded"][0]) == {"name"}


async def test_no_version_in_accept_gives_the_newest(client: httpx.AsyncClient) -> None:
    headers = await login(client, "xs-goudenkorst")
    ids = await _ids(client, headers)
    response = await client.get(
        f"/v2/providers/employers/{ids['employerId']}/employees",
        headers={"Authorization": headers["Authorization"], "Accept": "application/json"},
    )
    assert response.json()["version"]["resourceVersion"] == "2021-03-29"


@pytest.mark.parametrize(
    "accept", ["application/json;version=2017-12-31", "application/json;version=gisteren"]
)
async def test_version_before_all_or_not_a_date_is_not_acceptable(
    client: httpx.AsyncClient, accept: str
) -> None:
    headers = await login(client, "xs-goudenkorst")
    response = await client.get("/v2/user", headers={**headers, "Accept": accept})
    assert response.status_code == 406


def _error_schema(name: str) -> dict[str, Any]:
    return excerpt("responses")[name]["response"]["content"]["application/json"]["schema"]


async def test_401_body_without_or_with_a_bad_token(client: httpx.AsyncClient) -> None:
    for headers in ({}, {"Authorization": "Bearer not-a-token"}, {"Authorization": "Basic eDp5"}):
        response = await client.get("/v2/providers/employers", headers=headers)
        assert response.status_code == 401
        assert response.json() == {"message": "Authorization has been denied for this request."}
        validate(_error_schema("unauthorized"), response.json())


FORBIDDEN = {
    "message": "Insufficient rights for this request, reason \"User doesn't have rechten to "
    'perform activity for the given Id."'
}


async def test_403_for_an_employer_the_user_does_not_reach(client: httpx.AsyncClient) -> None:
    provider = await login(client, "ak-noord")
    ids = await _ids(client, provider)
    outsider = await login(client, "xs-dezwaan")
    response = await client.get(f"/v2/providers/employers/{ids['employerId']}", headers=outsider)
    assert response.status_code == 403
    assert response.json() == FORBIDDEN
    validate(_error_schema("forbidden"), response.json())


async def test_403_for_an_activity_without_its_right(client: httpx.AsyncClient) -> None:
    headers = await login(client, "xs-vandermeer")  # lacks "Raadplegen beloningen"
    employers = (await client.get("/v2/providers/employers", headers=headers)).json()["_embedded"]
    employer = employers[0]["id"]
    employments = await client.get(
        f"/v2/providers/employers/{employer}/employees/employments", headers=headers
    )
    employment = employments.json()["_embedded"][0]["id"]
    wages = await client.get(
        f"/v2/providers/employers/employees/employments/{employment}/wages", headers=headers
    )
    assert wages.status_code == 403
    assert wages.json() == FORBIDDEN
    variable = await client.get(
        f"/v2/providers/employers/employees/employments/{employment}/payrollperioddata",
        headers=headers,
    )
    assert variable.status_code == 200


async def test_400_for_an_id_that_is_not_a_guid(client: httpx.AsyncClient) -> None:
    headers = await login(client, "xs-goudenkorst")
    collection = await client.get("/v2/providers/employers/20720/employees", headers=headers)
    assert collection.status_code == 400
    validate(_error_schema("badRequestCollection"), collection.json())
    message = collection.json()["messages"][0]
    assert set(message) == {"code", "id", "type", "description", "properties"}
    assert message["type"] == "BrokenBusinessRule"
    assert "20720" in message["description"]
    detail = await client.get("/v2/providers/employers/20720", headers=headers)
    assert detail.status_code == 400
    validate(_error_schema("badRequestDetail"), detail.json())


async def test_404_without_body_for_an_unknown_guid(client: httpx.AsyncClient) -> None:
    headers = await login(client, "xs-goudenkorst")
    for path in (
        "/v2/providers/employers/00000000-0000-4000-8000-000000000000",
        "/v2/providers/employers/employees/employments/00000000-0000-4000-8000-000000000000/wages",
    ):
        response = await client.get(path, headers=headers)
        assert response.status_code == 404
        assert response.content == b""
