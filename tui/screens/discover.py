"""Fetch the employers a Loket.nl user reaches, choose some, create their profiles.

First the user name (one from the existing profiles, or typed); then the employers in a list
with check boxes, filtered as you type, Ctrl+A for all shown. The fetch runs in an async
worker through the checker's session; creating profiles runs in a thread. The screen
dismisses with the new profiles, which the dashboard then checks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Input, Label, Select, SelectionList, Static
from textual.widgets.selection_list import Selection

from tui.discovery.discover import DiscoveryResult, Entry
from tui.profiles.fields import username_problem
from tui.profiles.model import Profile
from tui.screens.base import AppModal
from tui.text.safe import plain
from tui.text.ui import ui
from tui.widgets.key_footer import KeyFooter
from tui.widgets.localized import localize_bindings, localize_select_menus

if TYPE_CHECKING:
    pass

NAME_LIMIT = 60


class DiscoveryLoaded(Message):
    def __init__(self, result: DiscoveryResult | None, error: str | None) -> None:
        super().__init__()
        self.result = result
        self.error = error


class ProfilesCreated(Message):
    def __init__(self, profiles: list[Profile], error: str | None) -> None:
        super().__init__()
        self.profiles = profiles
        self.error = error


def entry_label(entry: Entry, lang: str) -> Text:
    """``werkgever ID  name`` and, for an employer with a profile, which one."""
    label = Text(f"{plain(entry.werkgever_id, 12):>8}  {plain(entry.company_name, NAME_LIMIT)}")
    if entry.profile:
        label.append(f"  ({ui('discover.has_profile', lang, profile=entry.profile)})", "dim")
    return label


def matches(entry: Entry, needle: str) -> bool:
    needle = needle.strip().casefold()
    if not needle:
        return True
    haystack = f"{entry.company_name} {entry.werkgever_id} {entry.loket_id}".casefold()
    return all(word in haystack for word in needle.split())


class DiscoverScreen(AppModal[list[Profile]]):
    ERROR_ID = "discover-error"

    BINDINGS = [
        Binding("escape", "close", "Sluit", id="close"),
        Binding("ctrl+a", "select_all", "Alles", id="select_all", priority=True),
        Binding("ctrl+s", "create", "Maak aan", id="create"),
    ]

    def __init__(self, usernames: list[str], result: DiscoveryResult | None = None) -> None:
        super().__init__()
        self.usernames = usernames
        self.result = result
        self.chosen: set[str] = set()
        self.busy = False

    def compose(self) -> ComposeResult:
        lang = self.lang
        first = (
            self.result.username if self.result else (self.usernames[0] if self.usernames else "")
        )
        with Vertical(id="discover-dialog", classes="dialog"):
            yield Label(ui("discover.username", lang), classes="field-label")
            with Horizontal(id="user-row"):
                yield Select(
                    [(name, name) for name in self.usernames],
                    prompt=ui("discover.known_users", lang),
                    id="known-users",
                    compact=True,
                )
                yield Input(first, placeholder=ui("discover.type_user", lang), id="username",
                            compact=True)  # fmt: skip
                yield Button(ui("discover.fetch", lang), id="fetch", compact=True)
            # The password can be typed here: the CLI cannot reach a running app's memory
            # (the demo's session store, for one).
            with Horizontal(id="password-row"):
                yield Label(ui("discover.password", lang))
                yield Input(
                    id="discover-password",
                    password=True,
                    placeholder=ui("discover.password_hint", lang),
                    compact=True,
                )
            yield Input(placeholder=ui("discover.filter", lang), id="discover-filter", compact=True)
            yield SelectionList[str](id="employer-list", compact=True)
            yield Static(id="discover-counts", classes="field-help")
            yield Static(id="discover-error", classes="field-error")
            with Horizontal(classes="buttons"):
                yield Button(ui("form.cancel", lang), id="cancel", compact=True)
                yield Button(ui("discover.create", lang), id="create", variant="primary",
                             compact=True)  # fmt: skip
        yield KeyFooter()

    def on_mount(self) -> None:
        lang = self.lang
        localize_bindings(self, lang)
        localize_select_menus(self, self.kapp.language)
        dialog = self.query_one("#discover-dialog")
        dialog.border_title = ui("discover.title", lang)
        dialog.border_subtitle = ui("discover.hint", lang)
        self.show_error("")
        if self.result is not None:
            self.show_result()
            self.query_one("#employer-list").focus()
        else:
            self.show_counts()
            self.query_one("#username").focus()

    # the user name and the fetch ---------------------------------------------------------

    @on(Select.Changed, "#known-users")
    def user_picked(self, event: Select.Changed) -> None:
        if isinstance(event.value, str):
            self.query_one("#username", Input).value = event.value
            self.fetch()

    @on(Input.Submitted, "#username")
    @on(Button.Pressed, "#fetch")
    def fetch_asked(self) -> None:
        self.fetch()

    def fetch(self) -> None:
        username = self.query_one("#username", Input).value.strip()
        if not username or self.busy:
            return
        if problem := username_problem(username):  # the rule of the form, CSV and CLI
            self.show_error(ui(problem.code, self.lang).format(**problem.params))
            return
        self.busy = True
        self.show_error("")
        counts = self.query_one("#discover-counts", Static)
        counts.update(Text(ui("discover.fetching", self.lang, username=plain(username, 60))))
        password_field = self.query_one("#discover-password", Input)
        password, password_field.value = password_field.value, ""
        self.load_employers(username, password)

    def load_employers(self, username: str, password: str = "") -> None:
        """On the app's background runner, like the dashboard's checks: building the client
        (TLS context) and a provider's thousands of employers stay off the UI."""
        self.kapp.run_in_background(self._load_employers(username, password), "discover", self)

    async def _load_employers(self, username: str, password: str = "") -> None:
        from tui.checks.checker import CheckConfigError, Checker
        from tui.discovery.discover import DiscoveryError, discover
        from tui.secrets.store import SecretStoreError

        runtime = self.kapp.runtime
        lang = self.lang
        try:
            secrets = self.kapp.open_secrets()
            if password:
                from tui.secrets.store import SecretKind

                secrets.set(SecretKind.LOKET_PASSWORD, username, password)
            checker = Checker(runtime.settings, secrets, store=runtime.store, lang=lang)
            async with checker:
                result = await discover(username, checker, runtime.store)
        except CheckConfigError as exc:
            self.post_message(DiscoveryLoaded(None, str(exc)))
            return
        except DiscoveryError as exc:
            error = exc.message
            if runtime.settings.loket.grant == "password":
                error += " " + ui("discover.type_password", lang, username=username)
            self.post_message(DiscoveryLoaded(None, error))
            return
        except SecretStoreError as exc:
            self.post_message(DiscoveryLoaded(None, exc.message("en" if lang == "en" else "nl")))
            return
        self.post_message(DiscoveryLoaded(result, None))

    def on_discovery_loaded(self, message: DiscoveryLoaded) -> None:
        self.busy = False
        if message.result is None:
            self.show_counts()
            self.show_error(message.error or "")
            return
        self.result = message.result
        self.chosen.clear()
        self.show_result()
        self.query_one("#discover-filter").focus()

    # the list: filter, choose, select all ------------------------------------------------

    def shown_entries(self) -> list[Entry]:
        if self.result is None:
            return []
        needle = self.query_one("#discover-filter", Input).value
        return [entry for entry in self.result.entries if matches(entry, needle)]

    def show_result(self) -> None:
        listing = self.query_one("#employer-list", SelectionList)
        highlighted = listing.highlighted or 0
        listing.clear_options()
        listing.add_options(
            Selection(
                entry_label(entry, self.lang),
                entry.loket_id,
                entry.loket_id in self.chosen,
                disabled=entry.has_profile,
            )
            for entry in self.shown_entries()
        )
        if listing.option_count:
            listing.highlighted = min(highlighted, listing.option_count - 1)
        self.show_counts()

    def show_counts(self) -> None:
        counts = self.query_one("#discover-counts", Static)
        if self.result is None:
            counts.update("")
            return
        text = ui(
            "discover.counts",
            self.lang,
            total=len(self.result.entries),
            username=plain(self.result.username, 60),
            new=len(self.result.new),
            chosen=len(self.chosen),
        )
        counts.update(Text(text))

    @on(Input.Changed, "#discover-filter")
    def filter_changed(self) -> None:
        self.show_result()

    @on(Input.Submitted, "#discover-filter")
    def filter_done(self) -> None:
        self.query_one("#employer-list").focus()

    @on(SelectionList.SelectionToggled, "#employer-list")
    def toggled(self, event: SelectionList.SelectionToggled[str]) -> None:
        value = event.selection.value
        if value in self.chosen:
            self.chosen.discard(value)
        else:
            self.chosen.add(value)
        self.show_counts()

    def action_select_all(self) -> None:
        """Choose every shown employer without a profile; if all are chosen, clear them."""
        shown = [e.loket_id for e in self.shown_entries() if not e.has_profile]
        if shown and all(loket_id in self.chosen for loket_id in shown):
            self.chosen.difference_update(shown)
        else:
            self.chosen.update(shown)
        self.show_result()

    # creating ------------------------------------------------------------------------------

    @on(Button.Pressed, "#create")
    def create_pressed(self) -> None:
        self.action_create()

    @on(Button.Pressed, "#cancel")
    def cancel_pressed(self) -> None:
        self.action_close()

    def action_close(self) -> None:
        if not self.busy:
            self.dismiss([])

    def action_create(self) -> None:
        if self.busy or self.result is None:
            return
        entries = [e for e in self.result.entries if e.loket_id in self.chosen]
        if not entries:
            self.show_error(ui("discover.none_chosen", self.lang))
            return
        self.busy = True
        self.show_error("")
        self.create(entries, self.result.username)

    @work(thread=True, exclusive=True, group="create", exit_on_error=False)
    def create(self, entries: list[Entry], username: str) -> None:
        from tui.discovery.create import create_profiles
        from tui.discovery.discover import CreateProfilesError

        store = self.kapp.runtime.store
        error = None
        try:
            slugs = create_profiles(store, entries, username, self.lang)
        except CreateProfilesError as exc:
            slugs, error = exc.created, exc.message
        self.post_message(ProfilesCreated([store.load(slug) for slug in slugs], error))

    def on_profiles_created(self, message: ProfilesCreated) -> None:
        self.busy = False
        if message.error:
            self.notify(message.error, severity="error", timeout=8)
        self.dismiss(message.profiles)
