"""Add or edit an employer: inline validation, werkgever ID guidance, masked password.

The password never touches the profile: it goes to the secret store from a thread worker.
On any failure the form stays open with everything typed still in it.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Literal

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import Button, Input, Label, Static

from tui.profiles.fields import Problem
from tui.profiles.model import Profile, slugify
from tui.profiles.store import ReadOnlyError, StoreError, unique_slug
from tui.screens.base import AppModal
from tui.screens.dashboard_view import field_problems
from tui.text.ui import ui
from tui.widgets.localized import localize_bindings

if TYPE_CHECKING:
    pass

FIELDS = ("name", "werkgever_id", "username", "password", "email", "notes")
LABELS = {
    "name": "form.name",
    "werkgever_id": "form.werkgever_id",
    "username": "form.username",
    "password": "form.password",
    "email": "form.email",
    "notes": "form.notes",
}


class FormSaved(Message):
    def __init__(self, profile: Profile, note: str) -> None:
        super().__init__()
        self.profile = profile
        self.note = note


class FormFailed(Message):
    def __init__(self, error: str, field: str | None = None) -> None:
        super().__init__()
        self.error = error
        self.field = field


class ProfileFormScreen(AppModal[Profile | None]):
    BINDINGS = [
        Binding("escape", "cancel", "Sluit", id="close"),
        Binding("ctrl+s", "save", "Bewaar", id="save"),
        Binding("ctrl+r", "reveal", "Toon", id="reveal"),
    ]

    def __init__(self, profile: Profile | None) -> None:
        super().__init__()
        self.profile = profile
        self.touched: set[str] = set()
        self.saving = False
        self.initial: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        lang = self.kapp.language
        p = self.profile
        initial = {
            "name": p.name if p else "",
            "werkgever_id": p.werkgever_id if p else "",
            "username": p.username if p else "",
            "password": "",
            "email": (p.contact_email or "") if p else "",
            "notes": (p.notes or "") if p else "",
        }
        with VerticalScroll(id="form", classes="dialog"):
            for name in FIELDS:
                yield Label(ui(LABELS[name], lang), classes="field-label")
                if name == "password":
                    with Horizontal(classes="password-row"):
                        yield Input(
                            id="password",
                            password=True,
                            compact=True,
                            placeholder=ui("form.password_keep", lang) if p else "",
                        )
                        yield Button(ui("form.reveal", lang), id="reveal", compact=True)
                else:
                    yield Input(initial[name], id=name, compact=True)
                yield Static(id=f"{name}-error", classes="field-error")
                if name == "werkgever_id":
                    yield Static(Text(ui("form.id_help", lang)), classes="field-help")
            yield Static(id="form-error", classes="field-error")
            with Horizontal(classes="buttons"):
                yield Button(ui("form.save", lang), id="save", variant="primary")
                yield Button(ui("form.cancel", lang), id="cancel")

    def on_mount(self) -> None:
        lang = self.kapp.language
        localize_bindings(self, lang)
        key = "form.edit_title" if self.profile else "form.add_title"
        self.query_one("#form").border_title = ui(key, lang)
        self.query_one("#form").border_subtitle = "Ctrl+S / Esc"
        for name in FIELDS:
            self.query_one(f"#{name}-error", Static).display = False
        self.query_one("#form-error", Static).display = False
        self.query_one("#name", Input).focus()
        self.initial = self.values()

    def values(self) -> dict[str, str]:
        return {name: self.query_one(f"#{name}", Input).value for name in FIELDS}

    def show_problems(self, only_touched: bool) -> dict[str, Problem]:
        lang = self.kapp.language
        problems = field_problems(self.values())
        for name in FIELDS:
            widget = self.query_one(f"#{name}-error", Static)
            problem = problems.get(name)
            show = problem is not None and (not only_touched or name in self.touched)
            widget.display = show
            text = ui(problem.code, lang).format(**problem.params) if show and problem else ""
            widget.update(Text(text))
            self.query_one(f"#{name}", Input).set_class(show, "invalid")
        return problems

    @on(Input.Changed)
    def changed(self, event: Input.Changed) -> None:
        if event.input.id:
            self.touched.add(event.input.id)
        self.show_problems(only_touched=True)

    @on(Input.Submitted)
    def submitted(self) -> None:
        self.focus_next()

    @on(Button.Pressed, "#save")
    def save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def cancel_pressed(self) -> None:
        self.action_cancel()

    @on(Button.Pressed, "#reveal")
    def reveal_pressed(self) -> None:
        self.action_reveal()

    def action_reveal(self) -> None:
        field = self.query_one("#password", Input)
        field.password = not field.password
        key = "form.reveal" if field.password else "form.hide"
        self.query_one("#reveal", Button).label = ui(key, self.kapp.language)

    def action_cancel(self) -> None:
        """Esc: close; with edits typed, ask first (nothing typed is lost without asking)."""
        if self.saving:
            return
        if self.values() == self.initial:
            self.dismiss(None)
            return
        from tui.screens.confirm import ConfirmScreen

        lang = self.kapp.language

        def answered(yes: bool | None) -> None:
            if yes:
                self.dismiss(None)

        self.app.push_screen(
            ConfirmScreen(ui("form.discard_title", lang), ui("form.discard_body", lang)), answered
        )

    def action_save(self) -> None:
        if self.saving:
            return
        problems = self.show_problems(only_touched=False)
        error = self.query_one("#form-error", Static)
        if problems:
            error.display = True
            error.update(Text(ui("form.errors", self.kapp.language)))
            first = next(name for name in FIELDS if name in problems)
            self.query_one(f"#{first}", Input).focus()
            return
        error.display = False
        self.saving = True
        self.save_profile(self.values())

    @work(thread=True, exclusive=True, group="form", exit_on_error=False)
    def save_profile(self, values: dict[str, str]) -> None:
        lang = self.kapp.language
        store = self.kapp.runtime.store
        if self.profile is None:
            base = slugify(values["name"]) or "werkgever"
            profile = Profile(slug=unique_slug(store, base), name="", werkgever_id="", username="")
        else:
            profile = copy.deepcopy(self.profile)
            forget_old_check(profile, values["werkgever_id"].strip(), values["username"].strip())
        profile.name = values["name"].strip()
        profile.werkgever_id = values["werkgever_id"].strip()
        profile.username = values["username"].strip()
        profile.contact_email = values["email"].strip() or None
        profile.notes = values["notes"].strip() or None
        try:
            saved = store.save(profile, create=self.profile is None)
        except StoreError as exc:
            why = exc.message(lang) if isinstance(exc, ReadOnlyError) else str(exc)
            self.post_message(FormFailed(ui("save_failed", lang, error=why)))
            return
        note = ui("saved", lang, name=saved.name)
        if values["password"]:
            try:
                from tui.secrets.store import SecretKind, SecretStoreError

                secrets = self.kapp.open_secrets()
                secrets.set(SecretKind.LOKET_PASSWORD, saved.username, values["password"])
            except SecretStoreError as exc:
                # The profile itself is saved: the dashboard shows it now, not after a restart.
                self.announce(saved)
                self.post_message(
                    FormFailed(
                        ui("secrets.problem", lang, message=exc.message(_lang(lang))), "password"
                    )
                )
                self.profile = saved
                return
            note += " " + ui("saved_password", lang, where=ui(f"secrets.{secrets.mode}", lang))
        self.post_message(FormSaved(saved, note))

    def announce(self, saved: Profile) -> None:
        from tui.screens.dashboard import DashboardScreen
        from tui.screens.messages import ProfileSaved

        for screen in self.app.screen_stack:
            if isinstance(screen, DashboardScreen):
                screen.post_message(ProfileSaved(saved))

    def on_form_saved(self, message: FormSaved) -> None:
        self.saving = False
        self.notify(message.note, timeout=3)
        self.dismiss(message.profile)

    def on_form_failed(self, message: FormFailed) -> None:
        self.saving = False
        if self.profile is not None and message.field == "password":
            values = self.values()
            self.initial = values | {"password": ""}  # the rest is saved
        error = self.query_one("#form-error", Static)
        error.display = True
        error.update(Text(message.error))
        if message.field:
            self.query_one(f"#{message.field}", Input).focus()


def forget_old_check(profile: Profile, werkgever_id: str, username: str) -> None:
    """A check's result belongs to the werkgever ID and user it was made for: when either
    changes, the findings go (a person's confirmations stay) and the profile is unchecked."""
    if werkgever_id == profile.werkgever_id and username == profile.username:
        return
    if werkgever_id != profile.werkgever_id:
        profile.loket_id = None
    profile.items = {k: r for k, r in profile.items.items() if r.confirmed_at is not None}
    profile.status = "unchecked"
    profile.checked_at = None


def _lang(lang: str) -> Literal["nl", "en"]:
    return "en" if lang == "en" else "nl"
