"""Authorization-code consent for one Loket.nl account: the URL, copy (OSC 52), paste back.

The code is exchanged in an async worker; the refresh token goes to the secret store from a
thread. Neither is ever shown.
"""

from __future__ import annotations

import asyncio
import importlib
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Footer, Input, Label, Static

from tui.profiles.model import Profile
from tui.screens.base import AppModal
from tui.text.safe import plain
from tui.text.ui import ui
from tui.widgets.localized import localize_bindings

if TYPE_CHECKING:
    pass


class ConsentDone(Message):
    def __init__(self, error: str | None) -> None:
        super().__init__()
        self.error = error


class ConsentScreen(AppModal[bool]):
    ERROR_ID = "consent-error"
    BINDINGS = [
        Binding("escape", "close", "Sluit", id="close"),
        Binding("ctrl+y", "copy", "Kopieer", id="copy"),
    ]

    def __init__(self, profile: Profile) -> None:
        super().__init__()
        self.profile = profile
        self.url = ""
        self.state: str | None = None

    def oauth(self, http: object = None) -> object:
        from tui.loket.auth import OAuthClient

        loket = self.kapp.runtime.settings.loket
        return OAuthClient(
            loket.oauth_url,
            http,  # type: ignore[arg-type]
            loket.client_id,
            loket.client_secret,
            loket.redirect_uri or None,
        )

    def compose(self) -> ComposeResult:
        lang = self.kapp.language
        with Vertical(id="consent", classes="dialog"):
            yield Static(Text(ui("consent.steps", lang, user=self.profile.username)))
            yield Static(id="consent-url", classes="field-help")
            yield Label(ui("consent.paste", lang), classes="field-label")
            yield Input(id="redirect", compact=True)
            yield Static(id="consent-error", classes="field-error")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        from tui.loket.errors import LoketError

        lang = self.kapp.language
        localize_bindings(self, lang)
        box = self.query_one("#consent")
        box.border_title = Content(ui("consent.title", lang, user=plain(self.profile.username)))
        self.query_one("#consent-error").display = False
        try:
            self.url, self.state = self.oauth().authorize_url()  # type: ignore[attr-defined]
        except LoketError as exc:
            self.show_error(exc.message)
            return
        self.query_one("#consent-url", Static).update(Text(self.url))
        self.query_one(Input).focus()

    def action_copy(self) -> None:
        if self.url:
            self.app.copy_to_clipboard(self.url)
            self.notify(ui("consent.copied", self.kapp.language), timeout=2)

    def action_close(self) -> None:
        self.dismiss(False)

    @on(Input.Submitted, "#redirect")
    def pasted(self, event: Input.Submitted) -> None:
        if event.value.strip():
            self.exchange(event.value)

    @work(exclusive=True, group="consent", exit_on_error=False)
    async def exchange(self, pasted: str) -> None:
        # httpx and the client are loaded and built in a thread: the imports and the client's
        # TLS context (it reads the CA bundles, 50-90 ms) must not hold up the event loop.
        await asyncio.to_thread(importlib.import_module, "tui.loket.http")
        from tui.loket.auth import OAuthClient
        from tui.loket.errors import LoketError
        from tui.loket.http import make_http_client
        from tui.secrets.store import SecretKind, SecretStoreError

        lang = self.kapp.language
        try:
            code = OAuthClient.parse_redirect(pasted, self.state)
            http = await asyncio.to_thread(make_http_client)
            async with http:
                tokens = await self.oauth(http).exchange_code(code)  # type: ignore[attr-defined]
            if tokens.refresh_token is None:
                raise LoketError("Loket.nl returned no refresh token")
            secrets = await asyncio.to_thread(self.kapp.open_secrets)
            await asyncio.to_thread(
                secrets.set,
                SecretKind.LOKET_REFRESH_TOKEN,
                self.profile.username,
                tokens.refresh_token,
            )
        except LoketError as exc:
            self.post_message(ConsentDone(exc.message))
            return
        except SecretStoreError as exc:
            self.post_message(ConsentDone(exc.message("en" if lang == "en" else "nl")))
            return
        self.post_message(ConsentDone(None))

    def on_consent_done(self, message: ConsentDone) -> None:
        lang = self.kapp.language
        if message.error:
            self.show_error(ui("consent.failed", lang, error=message.error))
            return
        self.notify(ui("consent.ok", lang, user=self.profile.username), timeout=3)
        self.dismiss(True)
