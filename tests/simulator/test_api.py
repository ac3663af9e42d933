"""Paging, filter/orderBy, the authorizations list, /_sim extras and big worlds."""

from __future__ import annotations

import time
from datetime import datetime

import httpx
import pytest

from tests.simulator.conftest import ACCEPT, BASE_URL, employer_id, login, token_form
from tui.loket.simulator import Scenario, create_app


def client_for(scenario: Scenario) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=create_app(scenario))
    return httpx.AsyncClient(transport=transport, base_url=BASE_URL)


async def test_paging_over_three_pages(demo_scenario: Scenario) -> None:
    scenario = demo_scenario.with_bulk_employers("ak-noord", 5)  # 4 + 5 = 9 employers
    async with client_for(scenario) as http:
        headers = await login(http, "ak-noord")
        pages = []
        for number in (1, 2, 3, 4):
            response = await http.get(
                "/v2/providers/employers",
                params={"pageNumber": number, "pageSize": 4},
                headers=headers,
            )
            pages.append(response.json())
    assert [p["currentPage"] for p in pages] == [1, 2, 3, 4]
    assert {(p["totalSize"], p["pageSize"], p["totalPages"]) for p in pages} == {(9, 4, 3)}
    assert [len(p["_embedded"]) for p in pages] == [4, 4, 1, 0]
    ids = [e["id"] for p in pages for e in p["_embedded"]]
    assert len(set(ids)) == 9
    assert len(ids) == 9


@pytest.mark.parametrize("params", [{"pageSize": "0"}, {"pageNumber": "x"}, {"pageNumber": "-1"}])
async def test_bad_paging_parameters_are_400(
    client: httpx.AsyncClient, params: dict[str, str]
) -> None:
    headers = await login(client, "ak-noord")
    response = await client.get("/v2/providers/employers", params=params, headers=headers)
    assert response.status_code == 400
    assert response.json()["messages"][0]["type"] == "BrokenBusinessRule"


async def test_default_page_size_is_250(demo_scenario: Scenario) -> None:
    async with client_for(demo_scenario.with_bulk_employers("ak-noord", 300)) as http:
        headers = await login(http, "ak-noord")
        first = (await http.get("/v2/providers/employers", headers=headers)).json()
    assert (first["pageSize"], first["totalSize"], first["totalPages"]) == (250, 304, 2)
    assert len(first["_embedded"]) == 250


async def test_filter_and_order_by(client: httpx.AsyncClient) -> None:
    headers = await login(client, "ak-noord")
    found = await client.get(
        "/v2/providers/employers", params={"filter": "employerNumber eq 31544"}, headers=headers
    )
    assert [e["companyName"] for e in found.json()["_embedded"]] == [
        "Installatiebedrijf Van der Meer B.V."
    ]
    like = await client.get(
        "/v2/providers/employers",
        params={"filter": "companyName lk 'bakkerij' or employerNumber ge 70000"},
        headers=headers,
    )
    assert sorted(e["employerNumber"] for e in like.json()["_embedded"]) == [20720, 73905]
    ordered = await client.get(
        "/v2/providers/employers", params={"orderBy": "-employerNumber"}, headers=headers
    )
    numbers = [e["employerNumber"] for e in ordered.json()["_embedded"]]
    assert numbers == sorted(numbers, reverse=True)
    broken = await client.get(
        "/v2/providers/employers", params={"filter": "employerNumber zz 1"}, headers=headers
    )
    assert broken.status_code == 400


async def test_authorizations_list_exactly_what_passes(client: httpx.AsyncClient) -> None:
    ready = await login(client, "xs-goudenkorst")
    ready_id = await employer_id(client, ready, 20720)
    lacking = await login(client, "xs-vandermeer")
    lacking_id = await employer_id(client, lacking, 31544)

    async def activities(headers: dict[str, str], eid: str) -> set[str]:
        response = await client.get(
            f"/v2/providers/employers/{eid}/authorizations", headers=headers
        )
        return {a["description"] for a in response.json()["_embedded"]}

    full, partial = await activities(ready, ready_id), await activities(lacking, lacking_id)
    assert {"GetWagesByEmploymentId", "GetActualWagesByEmployerId"} <= full
    assert full - partial == {
        "GetWagesByEmploymentId",
        "GetActualWagesByEmployerId",
        "GetWageByWageId",
    }
    # the list spells activities as Loket's operationIds, even where the model's case differs
    assert "GetcitizenServiceNumbersByEmployerId" in full
    assert "PutEmployerByEmployerId" not in full  # no "Beheren werkgever"
    model = await client.get("/v2/authorizationmodel", headers=ready)
    wages = next(
        a for a in model.json()["_embedded"] if a["description"] == "GetWagesByEmploymentId"
    )
    assert "Raadplegen beloningen" in {r["description"] for r in wages["authorizations"]}


async def test_client_not_linked_to_an_activity_is_refused_it(demo_scenario: Scenario) -> None:
    scenario = Scenario.from_dict(
        {
            "clients": [
                {"client_id": "c", "client_secret": "s", "password_grant": True,
                 "unlinked_activities": ["GetWagesByEmploymentId"]}
            ],
            "users": [{"username": "u", "password": "p"}],
            "employers": [
                {"employer_number": 1, "company_name": "Een B.V.",
                 "payroll_administrations": [{"client_number": 9, "name": "Een"}],
                 "employees": [{"employee_number": 1, "last_name": "Jansen"}]}
            ],
            "access": [{"user": "u", "employer": 1, "rights": ["Raadplegen beloningen"]}],
        }
    )  # fmt: skip
    async with client_for(scenario) as http:
        token = await http.post(
            "/oauth/token",
            data={"grant_type": "password", "username": "u", "password": "p",
                  "client_id": "c", "client_secret": "s"},
        )  # fmt: skip
        headers = {"Authorization": f"Bearer {token.json()['access_token']}", "Accept": ACCEPT}
        eid = await employer_id(http, headers, 1)
        listed = await http.get(f"/v2/providers/employers/{eid}/authorizations", headers=headers)
        names = {a["description"] for a in listed.json()["_embedded"]}
        assert "GetActualWagesByEmployerId" in names
        assert "GetWagesByEmploymentId" not in names
        app_id = scenario.clients["c"].application_id
        linked = await http.get(f"/v2/applications/{app_id}/authorizations", headers=headers)
        assert "GetWagesByEmploymentId" not in {a["activity"] for a in linked.json()["_embedded"]}


async def test_stats_count_by_template_and_status(client: httpx.AsyncClient) -> None:
    headers = await login(client, "xs-goudenkorst")
    eid = await employer_id(client, headers, 20720)
    await client.get(f"/v2/providers/employers/{eid}", headers=headers)
    await client.get(
        "/v2/providers/employers/00000000-0000-4000-8000-000000000000", headers=headers
    )
    await client.get("/v2/user")
    stats = (await client.get("/_sim/stats")).json()
    assert stats["total"] == 5
    assert stats["by_path"] == {
        "/oauth/token": 1,
        "/v2/providers/employers": 1,
        "/v2/providers/employers/{employerId}": 2,
        "/v2/user": 1,
    }
    assert stats["by_status"] == {"200": 3, "401": 1, "404": 1}
    assert (await client.post("/_sim/reset-stats")).json()["total"] == 0
    assert (await client.get("/_sim/stats")).json() == {"total": 0, "by_path": {}, "by_status": {}}


async def test_connect_adds_an_xpertsuite_integration(client: httpx.AsyncClient) -> None:
    headers = await login(client, "xs-helder")
    before = await client.get("/v2/users/integrations", headers=headers)
    assert before.json()["_embedded"] == []
    started = time.time()
    added = await client.post("/_sim/connect", json={"username": "xs-helder"})
    assert added.status_code == 201
    after = (await client.get("/v2/users/integrations", headers=headers)).json()["_embedded"]
    assert [i["application"]["name"] for i in after] == ["XpertSuite"]
    assert abs(datetime.fromisoformat(after[0]["createdOn"]).timestamp() - started) < 5
    other = await client.post("/_sim/connect", json={"username": "xs-helder", "application": "X"})
    assert other.json()["application"]["name"] == "X"
    unknown = await client.post("/_sim/connect", json={"username": "nobody"})
    assert unknown.status_code == 404


async def test_demo_integrations(client: httpx.AsyncClient) -> None:
    connected = await login(client, "xs-speeltuin")
    names = [
        i["application"]["name"]
        for i in (await client.get("/v2/users/integrations", headers=connected)).json()["_embedded"]
    ]
    assert any("XpertSuite" in n for n in names)
    shared = await login(client, "xs-dezwaan")
    names = [
        i["application"]["name"]
        for i in (await client.get("/v2/users/integrations", headers=shared)).json()["_embedded"]
    ]
    assert names and not any("XpertSuite" in n for n in names)


async def test_wrong_id_situation(client: httpx.AsyncClient) -> None:
    headers = await login(client, "xs-dewit")
    employers = (await client.get("/v2/providers/employers", headers=headers)).json()["_embedded"]
    assert [e["employerNumber"] for e in employers] == [41877]
    administrations = await client.get(
        f"/v2/providers/employers/{employers[0]['id']}/payrolladministrations", headers=headers
    )
    assert [a["clientNumber"] for a in administrations.json()["_embedded"]] == [100482]


async def test_big_provider_world_is_cheap(demo_scenario: Scenario) -> None:
    scenario = demo_scenario.with_bulk_employers("ak-noord", 500)
    async with client_for(scenario) as http:
        token = await http.post("/oauth/token", data=token_form("ak-noord"))
        headers = {"Authorization": f"Bearer {token.json()['access_token']}", "Accept": ACCEPT}
        started = time.perf_counter()
        pages = [
            (await http.get("/v2/providers/employers", params={"pageNumber": n}, headers=headers))
            for n in (1, 2, 3)
        ]
        ids = [e["id"] for p in pages for e in p.json()["_embedded"]]
        for eid in ids[:200]:
            response = await http.get(
                f"/v2/providers/employers/{eid}/authorizations", headers=headers
            )
            assert response.status_code == 200
        elapsed = time.perf_counter() - started
    assert len(ids) == 504
    assert elapsed < 3.0
