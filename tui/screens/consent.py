"""Authorization-code consent for one Loket.nl account: the URL, copy (OSC 52), paste back.

The code is exchanged on the app's background runner, then Loket.nl is asked who signed in
(``/user``): the screen shows that name and e-mail address and stores nothing until the person
confirms that this is the profile's user (``j``/``y``); Escape stores nothing. Then the refresh
token goes to the secret store and the exchange's two-factor state to the account records, from
a thread. Neither token is ever shown.
"""

from __future__ import annotations

import asyncio
import importlib
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, Label, Static

from tui.profiles.model import Profile
from tui.screens.base import AppModal
from tui.text.safe import plain
from tui.text.ui import ui
from tui.widgets.key_footer import KeyFooter
from tui.widgets.localized import localize_bindings

if TYPE_CHECKING:
    pass


class ConsentDone(Message):
    def __init__(self, error: str | None) -> None:
        super().__init__()
        self.error = error


class ConsentIdentity(Message):
    """The code was exchanged; Loket.nl says this person signed in. Not stored yet."""

    def __init__(self, tokens: object, user: object) -> None:
        super().__init__()
        self.tokens = tokens
        self.user = user


class ConsentScreen(AppModal[bool]):
    ERROR_ID = "consent-error"
    BINDINGS = [
        Binding("escape", "close", "Sluit", id="close"),
        Binding("ctrl+y", "copy", "Kopieer", id="copy"),
        Binding("j,y", "confirm_identity", "Bevestig", id="confirm_identity", show=False),
    ]

    def __init__(self, profile: Profile) -> None:
        super().__init__()
        self.profile = profile
        self.url = ""
        self.state: str | None = None
        # the exchanged tokens and /user, waiting for the person's yes
        self.pending: tuple[object, object] | None = None

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
            yield Static(id="consent-who")
            yield Static(id="consent-error", classes="field-error")
        yield KeyFooter()

    def on_mount(self) -> None:
        from tui.loket.errors import LoketError

        lang = self.kapp.language
        localize_bindings(self, lang)
        box = self.query_one("#consent")
        box.border_title = Content(ui("consent.title", lang, user=plain(self.profile.username)))
        self.query_one("#consent-error").display = False
        self.query_one("#consent-who").display = False
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
        if self.pending is not None:
            self.notify(
                ui("consent.not_confirmed", self.kapp.language, user=plain(self.profile.username)),
                severity="warning",
                timeout=6,
            )
        self.pending = None
        self.dismiss(False)

    def action_confirm_identity(self) -> None:
        if self.pending is not None:
            tokens, user = self.pending
            self.pending = None
            self.store(tokens, user)

    @on(Input.Submitted, "#redirect")
    def pasted(self, event: Input.Submitted) -> None:
        if event.value.strip():
            self.exchange(event.value)

    def exchange(self, pasted: str) -> None:
        """The code exchange and the question "who signed in" go to Loket.nl on the app's
        background runner; the answer comes back as a message."""
        self.kapp.run_in_background(self._exchange(pasted), "consent", self)

    async def _exchange(self, pasted: str) -> None:
        # httpx and the client are loaded and built in a thread: the imports and the client's
        # TLS context (it reads the CA bundles, 50-90 ms) must not hold up a running check.
        await asyncio.to_thread(importlib.import_module, "tui.loket.http")
        from tui.loket.auth import OAuthClient
        from tui.loket.client import LoketClient
        from tui.loket.errors import LoketError
        from tui.loket.http import make_http_client

        lang = self.kapp.language
        try:
            code = OAuthClient.parse_redirect(pasted, self.state)
            http = await asyncio.to_thread(make_http_client)
            async with http:
                tokens = await self.oauth(http).exchange_code(code)  # type: ignore[attr-defined]
                if tokens.refresh_token is None:
                    raise LoketError("Loket.nl returned no refresh token")
                api_url = self.kapp.runtime.settings.loket.api_url
                try:
                    user = await LoketClient(api_url, http).user(tokens.access_token)
                except LoketError as exc:
                    message = ui("consent.no_user", lang, error=exc.message)
                    self.post_message(ConsentDone(message))
                    return
        except LoketError as exc:
            self.post_message(ConsentDone(exc.message))
            return
        self.post_message(ConsentIdentity(tokens, user))

    def on_consent_identity(self, message: ConsentIdentity) -> None:
        from tui.checks.identity import who

        lang = self.kapp.language
        self.pending = (message.tokens, message.user)
        name, email = who(message.user)  # type: ignore[arg-type]
        box = self.query_one("#consent-who", Static)
        box.update(
            Text(
                ui(
                    "consent.who",
                    lang,
                    name=plain(name, 120),
                    email=plain(email, 120),
                    user=plain(self.profile.username),
                )
            )
        )
        box.display = True
        self.query_one("#consent-error").display = False
        self.query_one(Input).disabled = True
        self.focus_next()  # off the disabled input, so j/y reach the screen
        self.set_focus(None)

    def store(self, tokens: object, user: object) -> None:
        self.kapp.run_in_background(self._store(tokens, user), "consent-store", self)

    async def _store(self, tokens: object, user: object) -> None:
        from tui.checks.identity import record_consent
        from tui.secrets.store import SecretKind, SecretStoreError

        lang = self.kapp.language
        username = self.profile.username
        try:
            secrets = await asyncio.to_thread(self.kapp.open_secrets)
            await asyncio.to_thread(
                secrets.set,
                SecretKind.LOKET_REFRESH_TOKEN,
                username,
                tokens.refresh_token,  # type: ignore[attr-defined]
            )
            directory = self.kapp.runtime.paths.profiles_dir
            await asyncio.to_thread(record_consent, directory, username, tokens, user)  # type: ignore[arg-type]
        except SecretStoreError as exc:
            self.post_message(ConsentDone(exc.message("en" if lang == "en" else "nl")))
            return
        except OSError as exc:
            self.post_message(ConsentDone(exc.strerror or str(exc)))
            return
        self.post_message(ConsentDone(None))

    def on_consent_done(self, message: ConsentDone) -> None:
        lang = self.kapp.language
        if message.error:
            self.query_one(Input).disabled = False
            self.show_error(ui("consent.failed", lang, error=message.error))
            return
        self.notify(ui("consent.ok", lang, user=self.profile.username), timeout=3)
        self.dismiss(True)
