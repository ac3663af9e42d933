"""Settings: the Loket.nl environment and client, SMTP, the recipient, language and glyphs.

Secrets are not edited here: they go to the secret store (``koppelaar secrets set``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import Button, Input, Label, Select, Static

from tui.config import (
    ENVIRONMENTS,
    GLYPHS,
    GRANTS,
    LANGUAGES,
    SMTP_SECURITY,
    ConfigError,
    Settings,
    check_url,
    replace,
    save_settings,
)
from tui.screens.base import AppModal
from tui.text.ui import ui
from tui.widgets.localized import localize_bindings, localize_select_menus

if TYPE_CHECKING:
    pass

SELECTS: dict[str, tuple[str, ...]] = {
    "environment": ("production", "acceptance", "custom"),
    "grant": GRANTS,
    "smtp_security": SMTP_SECURITY,
    "language": LANGUAGES,
    "glyphs": GLYPHS,
}


class FieldError(ConfigError):
    """A value not allowed in one field; ``key`` names the field."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(message)
        self.key = key


def _checked_url(value: str, key: str, lang: str) -> str:
    try:
        return check_url(value, ui(f"settings.{key}", lang))
    except ConfigError as exc:
        raise FieldError(key, str(exc)) from None


class SettingsSaved(Message):
    def __init__(self, settings: Settings, error: str | None) -> None:
        super().__init__()
        self.settings = settings
        self.error = error


class SettingsScreen(AppModal[None]):
    ERROR_ID = "settings-error"
    BINDINGS = [
        Binding("escape", "close", "Sluit", id="close"),
        Binding("ctrl+s", "save", "Bewaar", id="save"),
    ]

    def current(self) -> dict[str, str]:
        s = self.kapp.runtime.settings
        return {
            "environment": s.loket.environment,
            "api_url": s.loket.api_url,
            "oauth_url": s.loket.oauth_url,
            "client_id": s.loket.client_id,
            "grant": s.loket.grant,
            "redirect_uri": s.loket.redirect_uri,
            "smtp_host": s.smtp.host,
            "smtp_port": str(s.smtp.port),
            "smtp_security": s.smtp.security,
            "smtp_username": s.smtp.username,
            "from": s.submission.sender,
            "to": s.submission.to,
            "language": self.kapp.language,
            "glyphs": s.glyphs,
        }

    def compose(self) -> ComposeResult:
        lang = self.kapp.language
        with VerticalScroll(id="settings", classes="dialog"):
            for key, value in self.current().items():
                yield Label(ui(f"settings.{key}", lang), classes="field-label")
                if key in SELECTS:
                    yield Select(
                        [(choice, choice) for choice in SELECTS[key]],
                        value=value,
                        allow_blank=False,
                        id=key,
                        compact=True,
                    )
                else:
                    yield Input(value, id=key, compact=True)
                    yield Static(id=f"{key}-error", classes="field-error")
            yield Static(id="settings-error", classes="field-error")
            with Horizontal(classes="buttons"):
                yield Button(ui("form.save", lang), id="save", variant="primary")
                yield Button(ui("form.cancel", lang), id="cancel")

    def on_mount(self) -> None:
        localize_bindings(self, self.kapp.language)
        localize_select_menus(self, self.kapp.language)
        self.query_one("#settings").border_title = ui("settings.title", self.kapp.language)
        self.query_one("#settings-error").display = False
        for error in self.query(".field-error"):
            error.display = False
        self.query_one("#environment", Select).focus()

    def value(self, key: str) -> str:
        if key in SELECTS:
            return str(self.query_one(f"#{key}", Select).value)
        return self.query_one(f"#{key}", Input).value.strip()

    def build(self) -> Settings:
        """The settings as typed; ConfigError (user-ready text) when a value is not allowed."""
        lang = self.kapp.language
        old = self.kapp.runtime.settings
        environment = self.value("environment")
        if environment == "custom":
            api_url = _checked_url(self.value("api_url"), "api_url", lang)
            oauth_url = _checked_url(self.value("oauth_url"), "oauth_url", lang)
        else:
            api_url, oauth_url = ENVIRONMENTS[environment]
        port_text = self.value("smtp_port")
        if not port_text.isdigit() or not 1 <= int(port_text) <= 65535:
            raise FieldError("smtp_port", ui("settings.port_invalid", lang))
        return replace(
            old,
            language=self.value("language"),
            glyphs=self.value("glyphs"),
            loket=replace(
                old.loket,
                environment=environment,
                api_url=api_url,
                oauth_url=oauth_url,
                client_id=self.value("client_id"),
                grant=self.value("grant"),
                redirect_uri=self.value("redirect_uri"),
            ),
            smtp=replace(
                old.smtp,
                host=self.value("smtp_host"),
                port=int(port_text),
                security=self.value("smtp_security"),
                username=self.value("smtp_username"),
            ),
            submission=replace(old.submission, to=self.value("to"), sender=self.value("from")),
        )

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        self.clear_field_errors()
        try:
            settings = self.build()
        except FieldError as exc:
            self.show_field_error(exc.key, str(exc))
            return
        except ConfigError as exc:
            self.show_error(str(exc))
            return
        self.write(settings)

    def clear_field_errors(self) -> None:
        self.show_error("")
        for field in self.query(Input):
            field.remove_class("invalid")
        for error in self.query(".field-error"):
            error.display = False

    def show_field_error(self, key: str, text: str) -> None:
        """The error under its field, the field marked and focused (not only at the bottom)."""
        field = self.query_one(f"#{key}", Input)
        field.add_class("invalid")
        error = self.query_one(f"#{key}-error", Static)
        error.update(Text(text))
        error.display = True
        field.focus()
        self.call_after_refresh(error.scroll_visible)

    @on(Button.Pressed, "#cancel")
    def action_close(self) -> None:
        self.dismiss(None)

    @work(thread=True, exclusive=True, group="settings-save", exit_on_error=False)
    def write(self, settings: Settings) -> None:
        try:
            save_settings(settings, self.kapp.runtime.paths.config_file)
        except (ConfigError, OSError) as exc:
            self.post_message(SettingsSaved(settings, str(exc)))
            return
        self.post_message(SettingsSaved(settings, None))

    def on_settings_saved(self, message: SettingsSaved) -> None:
        if message.error:
            self.show_error(message.error)
            return
        app = self.kapp
        app.runtime.settings = message.settings
        from tui.screens.dashboard_view import use_ascii_glyphs

        app.ascii_glyphs = use_ascii_glyphs(message.settings.glyphs)
        self.dismiss(None)
        lang = message.settings.language
        app.set_language(lang)  # relabels every screen, also for a new glyph set
        app.notify(ui("settings.saved", lang), timeout=2)
