"""Issue 14: a failed admin sign-in is a phrase the screen or the CLI renders in its language,
whatever language the session was opened with."""

from __future__ import annotations

import asyncio

import pytest

from tui.config import LoketSettings, Settings
from tui.repair.session import AdminSignInError, RepairSession
from tui.secrets.store import SecretStore

# No network is needed: the admin has no secrets stored, so nothing is asked of Loket.nl.
SETTINGS = Settings(
    loket=LoketSettings(
        client_id="koppelaar-test",
        api_url="http://127.0.0.1:9/v2",
        oauth_url="http://127.0.0.1:9/oauth",
    )
)


async def sign_in(session_lang: str) -> AdminSignInError:
    async with RepairSession(
        SETTINGS, SecretStore("session"), "xs-beheer", lang=session_lang
    ) as session:
        with pytest.raises(AdminSignInError) as caught:
            await session.sign_in()
    return caught.value


@pytest.mark.parametrize("session_lang", ["nl", "en"])
def test_missing_admin_secrets_are_said_in_the_language_of_the_edge(session_lang: str) -> None:
    error = asyncio.run(sign_in(session_lang))
    english, dutch = error.render("en"), error.render("nl")
    assert "xs-beheer" in english and "xs-beheer" in dutch
    assert english != dutch
    assert str(error) == dutch
