"""The dashboard's actions on the selected employer that open another screen or record a
person's word: add, edit, delete, a manual item confirmed, consent, submission (one, all
ready), marking sent or connected, repair, discovery."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.screen import Screen

from tui.profiles.model import Profile
from tui.profiles.store import StoreError
from tui.screens.checklist_view import restate, toggle_confirmation
from tui.screens.dashboard_view import EmployerRow
from tui.screens.messages import ProfileDeleted, ProfileSaved, StoreFailed
from tui.text.ui import ui
from tui.widgets.employer_table import EmployerTable

if TYPE_CHECKING:
    from tui.app import KoppelaarApp
    from tui.widgets.checklist_pane import ChecklistPane


class DashboardActions(Screen[None]):
    """The base of ``DashboardScreen``: what it does for one employer beyond the table."""

    rows: dict[str, EmployerRow]
    unreadable: str | None

    @property
    def kapp(self) -> KoppelaarApp:
        return self.app  # type: ignore[return-value]

    @property
    def lang(self) -> str:
        return self.kapp.language

    def now(self) -> datetime:
        return self.kapp.clock()

    filter_text: str

    def selected_profile(self) -> Profile | None:
        raise NotImplementedError

    def chosen_profile(self) -> Profile | None:
        """The selected profile for an action; when there is none, say why (never silence)."""
        slug = self.query_one(EmployerTable).selected_slug
        if slug is not None and slug in self.rows:
            self.unreadable = None  # asked for by the person: say again why it cannot be read
            return self.selected_profile()
        profile = self.selected_profile()
        if profile is None:
            if self.filter_text:
                self.notify(ui("dash.no_match", self.lang, text=self.filter_text), timeout=4)
            else:
                self.notify(ui("dash.none_selected", self.lang), timeout=3)
        return profile

    def put_profile(self, profile: Profile) -> None:
        raise NotImplementedError

    def start_check(self, slugs: list[str]) -> None:
        raise NotImplementedError

    # add, edit, delete ---------------------------------------------------------------------

    def action_add(self) -> None:
        from tui.screens.profile_form import ProfileFormScreen

        self.app.push_screen(ProfileFormScreen(None), self.form_closed)

    def action_edit(self) -> None:
        from tui.screens.profile_form import ProfileFormScreen

        profile = self.chosen_profile()
        if profile is None:
            return
        if profile.read_only:
            self.notify(ui("pane.read_only", self.lang), severity="warning")
            return
        self.app.push_screen(ProfileFormScreen(profile), self.form_closed)

    def form_closed(self, saved: Profile | None) -> None:
        if saved is not None:
            self.put_profile(saved)
            self.query_one(EmployerTable).focus()

    def action_delete(self) -> None:
        from tui.screens.confirm import ConfirmScreen

        profile = self.chosen_profile()
        if profile is None:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.delete_profile(profile.slug, profile.name)

        body = ui("delete.body", self.lang, name=profile.name)
        self.app.push_screen(ConfirmScreen(ui("delete.title", self.lang), body), answered)

    @work(thread=True, group="store", exit_on_error=False)
    def delete_profile(self, slug: str, name: str) -> None:
        try:
            self.kapp.runtime.store.delete(slug)
        except StoreError as exc:
            self.post_message(StoreFailed(str(exc)))
            return
        self.post_message(ProfileDeleted(slug, name))

    # manual items --------------------------------------------------------------------------

    def on_checklist_pane_toggle_requested(self, message: ChecklistPane.ToggleRequested) -> None:
        self.toggle_item(message.slug, message.item_id)

    @work(thread=True, group="store", exit_on_error=False)
    def toggle_item(self, slug: str, item_id: str) -> None:
        when = self.now()

        def change(profile: Profile) -> None:
            toggle_confirmation(profile, item_id, when)
            restate(profile)

        try:
            saved = self.kapp.runtime.store.update(slug, change)
        except StoreError as exc:
            self.post_message(StoreFailed(str(exc)))
            return
        self.post_message(ProfileSaved(saved))

    # consent -----------------------------------------------------------------------------

    def action_consent(self) -> None:
        from tui.screens.consent import ConsentScreen

        profile = self.chosen_profile()
        if profile is not None:
            self.app.push_screen(ConsentScreen(profile))

    # repair with the applicatiebeheerder's sign-in (tui/screens/repair.py) ----------------

    checking: bool

    def visible_rows(self) -> list[EmployerRow]:
        raise NotImplementedError

    def action_repair(self) -> None:
        profile = self.chosen_profile()
        if profile is not None:
            self.open_repair([profile])

    def action_repair_all(self) -> None:
        shown = self.visible_rows()
        slugs = [row.slug for row in shown if row.status != "ready" and not row.read_only]
        if self.checking or not slugs:
            self.open_repair([])
        else:
            self.read_for(slugs, "repair")

    def open_repair(self, profiles: list[Profile]) -> None:
        from tui.screens.repair import RepairScreen

        if self.checking:
            self.notify(ui("check.busy", self.lang), severity="warning")
        elif not profiles:
            self.notify(ui("repair.none", self.lang))
        else:
            self.app.push_screen(RepairScreen(profiles), self.batch_submitted)

    @work(thread=True, group="store", exit_on_error=False)
    def read_for(self, slugs: list[str], action: str) -> None:
        """The profiles an action over many needs, read as they are now (off the UI's
        thread: 10,000 take ~0.2 s); then the action goes on on the UI's thread."""
        loaded = self.kapp.runtime.store.load_many(slugs)
        for file in loaded.broken:
            self.post_message(StoreFailed(file.describe()))
        if action == "repair":
            todo = [p for p in loaded.profiles if p.status != "ready" and not p.read_only]
            self.app.call_from_thread(self.open_repair, todo)
        else:
            from tui.screens.submit_common import gate_reason

            ready = any(gate_reason(p, self.lang) is None for p in loaded.profiles)
            self.app.call_from_thread(self.open_submit_all, loaded.profiles, ready)

    # submission to NN ----------------------------------------------------------------------

    def action_submit(self) -> None:
        from tui.screens.submit import SubmitScreen

        profile = self.chosen_profile()
        if profile is not None:
            self.app.push_screen(SubmitScreen(profile), self.submitted)

    def submitted(self, profile: Profile | None) -> None:
        if profile is not None:
            self.put_profile(profile)

    def action_submit_all(self) -> None:
        self.read_for(list(self.rows), "submit_all")

    def open_submit_all(self, profiles: list[Profile], any_ready: bool) -> None:
        from tui.screens.submit_batch import BatchSubmitScreen

        if not any_ready:
            self.notify(ui("submit.none_ready", self.lang), severity="warning")
            return
        self.app.push_screen(BatchSubmitScreen(profiles), self.batch_submitted)

    def batch_submitted(self, sent: list[Profile] | None) -> None:
        for profile in sent or []:
            self.put_profile(profile)

    def action_mark_connected(self) -> None:
        from tui.screens.confirm import ConfirmScreen

        profile = self.chosen_profile()
        if profile is None:
            return
        lang = self.lang
        if profile.read_only:
            self.notify(ui("pane.read_only", lang), severity="warning")
            return
        if profile.submission.status == "connected":
            self.notify(ui("connected.already", lang, name=profile.name), timeout=3)
            return
        body = ui("connected.body", lang, name=profile.name)
        if profile.submission.status != "sent":
            body += " " + ui("connected.not_sent", lang, name=profile.name)

        def answered(yes: bool | None) -> None:
            if yes:
                self.store_connected(profile.slug, profile.name)

        self.app.push_screen(ConfirmScreen(ui("connected.title", lang), body), answered)

    @work(thread=True, group="store", exit_on_error=False)
    def store_connected(self, slug: str, name: str) -> None:
        from tui.submission.compose import mark_connected

        try:
            saved = mark_connected(self.kapp.runtime.store, slug, self.now())
        except StoreError as exc:
            self.post_message(StoreFailed(str(exc)))
            return
        self.post_message(ProfileSaved(saved, ui("connected.done", self.lang, name=name)))

    def action_mark_sent(self) -> None:
        """The person says they sent what Koppelaar handed over (or sent it another way)."""
        from tui.screens.confirm import ConfirmScreen
        from tui.screens.submit_common import method_in

        profile = self.chosen_profile()
        if profile is None:
            return
        lang = self.lang
        sub = profile.submission
        if profile.read_only:
            self.notify(ui("pane.read_only", lang), severity="warning")
            return
        if sub.status in ("sent", "connected"):
            self.notify(ui("sent.already", lang, name=profile.name), timeout=3)
            return
        if sub.status == "exported":
            when = (
                sub.exported_at.astimezone().strftime("%d-%m-%Y %H:%M") if sub.exported_at else "?"
            )
            method = method_in(sub.method, lang)
            body = ui("sent.body", lang, name=profile.name, method=method, when=when)
        else:
            body = ui("sent.body_draft", lang, name=profile.name)

        def answered(yes: bool | None) -> None:
            if yes:
                self.store_sent(profile.slug, profile.name, sub.exported_file)

        self.app.push_screen(ConfirmScreen(ui("sent.title", lang), body), answered)

    @work(thread=True, group="store", exit_on_error=False)
    def store_sent(self, slug: str, name: str, file: str | None) -> None:
        from tui.submission.compose import mark_sent

        try:
            saved = mark_sent(self.kapp.runtime.store, slug, self.now())
        except StoreError as exc:
            self.post_message(StoreFailed(str(exc)))
            return
        self.post_message(ProfileSaved(saved, ui("sent.done", self.lang, name=name)))
        if file and Path(file).is_file():
            self.app.call_from_thread(self.offer_delete, Path(file), saved.username)

    def offer_delete(self, path: Path, user: str) -> None:
        """After sending, the .eml with the password need not stay: offer to delete it."""
        from tui.screens.confirm import ConfirmScreen

        lang = self.lang

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            try:
                path.unlink()
            except OSError as exc:
                reason = exc.strerror or type(exc).__name__
                self.notify(
                    ui("sent.delete_failed", lang, path=path, reason=reason), severity="error"
                )
                return
            self.notify(ui("sent.deleted", lang, path=path), timeout=4)

        body = ui("sent.delete_body", lang, path=path, user=user)
        self.app.push_screen(ConfirmScreen(ui("sent.delete_title", lang), body), answered)

    # discovery -----------------------------------------------------------------------------

    def action_discover(self) -> None:
        from tui.screens.discover import DiscoverScreen

        usernames = sorted({r.source.username for r in self.rows.values() if r.source.username})
        self.app.push_screen(DiscoverScreen(usernames), self.discovered)

    def discovered(self, created: list[Profile] | None) -> None:
        if not created:
            return
        for profile in created:
            self.put_profile(profile)
        count = len(created)
        self.notify(ui("discover.created", self.lang, n=count, count=count), timeout=4)
        self.start_check([profile.slug for profile in created])
