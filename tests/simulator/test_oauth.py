"""OAuth: password grant, authorization code flow with the HTML login and TOTP pages, refresh."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import httpx
import pyotp
import pytest

from tests.simulator.conftest import (
    ACCEPT,
    BASE_URL,
    CLIENT_ID,
    CLIENT_SECRET,
    password_of,
    token_form,
)
from tui.loket.simulator import Scenario, create_app

REDIRECT = "http://127.0.0.1:53682/callback"


class FormReader(HTMLParser):
    """The fields of the page's form, as a browser would submit them, and any alert text."""

    def __init__(self, page: str) -> None:
        super().__init__()
        self.fields: dict[str, str] = {}
        self.action = ""
        self.alert = ""
        self._in_alert = False
        self.feed(page)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "form":
            self.action = values.get("action") or ""
        if tag == "input" and values.get("name"):
            self.fields[str(values["name"])] = values.get("value") or ""
        self._in_alert = values.get("role") == "alert"

    def handle_data(self, data: str) -> None:
        if self._in_alert:
            self.alert += data

    def handle_endtag(self, tag: str) -> None:
        self._in_alert = False


def authorize_url(client_id: str = CLIENT_ID, redirect_uri: str = REDIRECT) -> str:
    query = httpx.QueryParams(
        client_id=client_id,
        redirect_uri=redirect_uri,
        response_type="code",
        scope="all",
        state="st-42",
    )
    return f"/oauth/authorize?{query}"


async def submit(http: httpx.AsyncClient, page: httpx.Response, **typed: str) -> httpx.Response:
    form = FormReader(page.text)
    assert form.action == "authorize"
    return await http.post("/oauth/authorize", data={**form.fields, **typed})


async def test_password_grant_returns_loket_token_response(client: httpx.AsyncClient) -> None:
    response = await client.post("/oauth/token", data=token_form("xs-goudenkorst"))
    assert response.status_code == 200
    body = response.json()
    assert list(body) == [
        "access_token", "token_type", "expires_in", "refresh_token", "two_factor_state",
    ]  # fmt: skip
    assert body["token_type"] == "bearer"
    assert body["expires_in"] == 3599
    assert body["two_factor_state"] == "None"
    assert response.headers["cache-control"] == "no-store"


async def test_password_grant_for_a_2fa_user_says_so(client: httpx.AsyncClient) -> None:
    response = await client.post("/oauth/token", data=token_form("xs-zonnehof"))
    assert response.status_code == 200
    assert response.json()["two_factor_state"] not in ("None", "", None)


@pytest.mark.parametrize(
    ("username", "password"),
    [
        ("xs-goudenkorst", "Demo-xs-goudenkorst-2025!"),  # wrong password
        ("xs-groenrijk", None),  # blocked
        ("ws-helder", None),  # webservice user
        ("nobody", "whatever"),
    ],
)
async def test_password_grant_refusals_are_invalid_grant(
    client: httpx.AsyncClient, username: str, password: str | None
) -> None:
    response = await client.post("/oauth/token", data=token_form(username, password))
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_grant"
    assert "error_description" in response.json()
    if password:
        assert password not in response.text


@pytest.mark.parametrize(
    "override",
    [{"client_secret": "wrong"}, {"client_id": "someone-else"}, {"client_secret": ""}],
)
async def test_bad_client_credentials_are_invalid_client(
    client: httpx.AsyncClient, override: dict[str, str]
) -> None:
    response = await client.post("/oauth/token", data={**token_form("xs-goudenkorst"), **override})
    assert response.status_code == 401
    assert response.json()["error"] == "invalid_client"


async def test_client_credentials_in_basic_header(client: httpx.AsyncClient) -> None:
    form = token_form("xs-goudenkorst")
    del form["client_id"], form["client_secret"]
    response = await client.post(
        "/oauth/token", data=form, auth=httpx.BasicAuth(CLIENT_ID, CLIENT_SECRET)
    )
    assert response.status_code == 200


async def test_unknown_or_missing_grant_type(client: httpx.AsyncClient) -> None:
    unknown = await client.post(
        "/oauth/token", data={**token_form("xs-goudenkorst"), "grant_type": "client_credentials"}
    )
    assert (unknown.status_code, unknown.json()["error"]) == (400, "unsupported_grant_type")
    missing = await client.post("/oauth/token", data={"client_id": CLIENT_ID})
    assert (missing.status_code, missing.json()["error"]) == (400, "invalid_request")


async def test_password_grant_only_where_the_client_allows_it(demo_scenario: Scenario) -> None:
    scenario = Scenario.from_dict(
        {
            "clients": [{"client_id": "code-only", "client_secret": "s", "redirect_uris": []}],
            "users": [{"username": "u", "password": "p"}],
        }
    )
    transport = httpx.ASGITransport(app=create_app(scenario))
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as http:
        response = await http.post(
            "/oauth/token",
            data={"grant_type": "password", "username": "u", "password": "p",
                  "client_id": "code-only", "client_secret": "s"},
        )  # fmt: skip
    assert (response.status_code, response.json()["error"]) == (400, "unauthorized_client")


async def _code_flow(http: httpx.AsyncClient, username: str, totp_secret: str | None) -> str:
    page = await http.get(authorize_url())
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    response = await submit(http, page, username=username, password=password_of(username))
    if totp_secret is not None:
        assert response.status_code == 200
        assert "totp_code" in FormReader(response.text).fields
        response = await submit(http, response, totp_code=pyotp.TOTP(totp_secret).now())
    assert response.status_code == 302
    location = urlsplit(response.headers["location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == REDIRECT
    query = parse_qs(location.query)
    assert query["state"] == ["st-42"]
    return query["code"][0]


def _exchange(code: str, redirect_uri: str = REDIRECT) -> dict[str, str]:
    return {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": redirect_uri,
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
    }


def _refresh(token: str) -> dict[str, str]:
    return {
        "grant_type": "refresh_token",
        "refresh_token": token,
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
    }


async def test_code_flow_with_totp_then_refresh_with_rotation(
    client: httpx.AsyncClient, demo_scenario: Scenario
) -> None:
    secret = demo_scenario.users["xs-zonnehof"].totp_secret
    code = await _code_flow(client, "xs-zonnehof", secret)
    tokens = await client.post("/oauth/token", data=_exchange(code))
    assert tokens.status_code == 200
    assert tokens.json()["two_factor_state"] != "None"
    user = await client.get(
        "/v2/user",
        headers={"Authorization": f"Bearer {tokens.json()['access_token']}", "Accept": ACCEPT},
    )
    assert user.json()["content"]["personalDetails"]["lastName"] == "Zonnehof"

    again = await client.post("/oauth/token", data=_exchange(code))
    assert again.json()["error"] == "invalid_grant"  # codes are single use

    old_refresh = tokens.json()["refresh_token"]
    refreshed = await client.post("/oauth/token", data=_refresh(old_refresh))
    assert refreshed.status_code == 200
    assert refreshed.json()["refresh_token"] != old_refresh
    replay = await client.post("/oauth/token", data=_refresh(old_refresh))
    assert (replay.status_code, replay.json()["error"]) == (400, "invalid_grant")
    newest = await client.post("/oauth/token", data=_refresh(refreshed.json()["refresh_token"]))
    assert newest.status_code == 200


async def test_code_flow_without_2fa_redirects_straight_away(client: httpx.AsyncClient) -> None:
    code = await _code_flow(client, "xs-goudenkorst", None)
    tokens = await client.post("/oauth/token", data=_exchange(code))
    assert tokens.json()["two_factor_state"] == "None"


async def test_code_is_bound_to_its_redirect_uri(client: httpx.AsyncClient) -> None:
    code = await _code_flow(client, "xs-goudenkorst", None)
    other = "http://127.0.0.1:9999/callback"
    response = await client.post("/oauth/token", data=_exchange(code, other))
    assert response.json()["error"] == "invalid_grant"


async def test_wrong_totp_code_asks_again(
    client: httpx.AsyncClient, demo_scenario: Scenario
) -> None:
    page = await client.get(authorize_url())
    totp_page = await submit(
        client, page, username="xs-zonnehof", password=password_of("xs-zonnehof")
    )
    secret = demo_scenario.users["xs-zonnehof"].totp_secret
    assert secret is not None
    wrong = "000000" if pyotp.TOTP(secret).now() != "000000" else "111111"
    retry = await submit(client, totp_page, totp_code=wrong)
    assert retry.status_code == 200
    assert "onjuist" in FormReader(retry.text).alert
    done = await submit(client, retry, totp_code=pyotp.TOTP(secret).now())
    assert done.status_code == 302


@pytest.mark.parametrize(
    ("username", "password", "alert"),
    [
        ("xs-goudenkorst", "fout", "onjuist"),
        ("xs-groenrijk", "Demo-xs-groenrijk-2026!", "geblokkeerd"),
    ],
)
async def test_refused_login_shows_the_form_again(
    client: httpx.AsyncClient, username: str, password: str, alert: str
) -> None:
    page = await client.get(authorize_url())
    response = await submit(client, page, username=username, password=password)
    assert response.status_code == 200
    form = FormReader(response.text)
    assert alert in form.alert
    assert form.fields["username"] == username
    assert form.fields.get("password", "") == ""
    assert password not in response.text


@pytest.mark.parametrize(
    ("client_id", "redirect_uri"),
    [
        ("unknown-client", REDIRECT),
        (CLIENT_ID, "https://evil.example/callback"),
        (CLIENT_ID, "http://127.0.0.1:8080/other"),
    ],
)
async def test_bad_client_or_redirect_gives_an_error_page_never_a_redirect(
    client: httpx.AsyncClient, client_id: str, redirect_uri: str
) -> None:
    page = await client.get(authorize_url(client_id, redirect_uri))
    assert page.status_code == 400
    assert "location" not in page.headers
    posted = await client.post(
        "/oauth/authorize",
        data={"client_id": client_id, "redirect_uri": redirect_uri, "response_type": "code",
              "step": "password", "username": "xs-goudenkorst",
              "password": password_of("xs-goudenkorst")},
    )  # fmt: skip
    assert posted.status_code == 400
    assert "location" not in posted.headers


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


async def test_access_tokens_and_codes_expire(demo_scenario: Scenario) -> None:
    clock = Clock()
    transport = httpx.ASGITransport(app=create_app(demo_scenario, clock=clock))
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as http:
        tokens = (await http.post("/oauth/token", data=token_form("xs-goudenkorst"))).json()
        headers = {"Authorization": f"Bearer {tokens['access_token']}", "Accept": ACCEPT}
        clock.now += 3598
        assert (await http.get("/v2/user", headers=headers)).status_code == 200
        clock.now += 2
        expired = await http.get("/v2/user", headers=headers)
        assert expired.status_code == 401
        assert expired.json() == {"message": "Authorization has been denied for this request."}
        refreshed = await http.post("/oauth/token", data=_refresh(tokens["refresh_token"]))
        assert refreshed.status_code == 200

        code = await _code_flow(http, "xs-goudenkorst", None)
        clock.now += 121
        late = await http.post("/oauth/token", data=_exchange(code))
        assert late.json()["error"] == "invalid_grant"
