"""The checklist of the selected employer: the manual's three steps, item by item."""

from __future__ import annotations

from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tui.profiles.model import Profile
from tui.screens.dashboard_view import ItemView, checklist_view, glyph
from tui.text.safe import plain
from tui.text.ui import ui
from tui.widgets.item_prompt import ItemPrompt

# The terminal's own ANSI colours, as Rich's colour names gave them before.
_ITEM_STYLE = {
    "pass": "ansi_green",
    "fail": "bold ansi_red",
    "warn": "ansi_yellow",
    "manual": "ansi_cyan",
    "unknown": "",
    "skipped": "dim",
}


class ChecklistPane(OptionList):
    # The pane's subtitle names Space; the footer keeps its room for the dashboard's keys.
    BINDINGS = [Binding("space", "toggle_item", "Bevestig", id="confirm_item", show=False)]

    class ToggleRequested(Message):
        """A person confirms or withdraws a manual item of a profile."""

        def __init__(self, slug: str, item_id: str) -> None:
            super().__init__()
            self.slug = slug
            self.item_id = item_id

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.profile: Profile | None = None
        self.views: dict[str, ItemView] = {}
        self.lang = "nl"
        self.shown_as: tuple[str, bool] | None = None

    def show(self, profile: Profile | None, lang: str, ascii_only: bool) -> None:
        keep = self.highlighted_option.id if self.highlighted_option is not None else None
        same_profile = (
            profile is not None and self.profile is not None and profile.slug == self.profile.slug
        )
        views = checklist_view(profile, lang) if profile is not None else []
        if (
            same_profile
            and profile is not None
            and self.profile is not None
            and profile.name == self.profile.name
            and (lang, ascii_only) == self.shown_as
            and views == list(self.views.values())
        ):
            # Nothing to redraw: rebuilding the options would relayout the screen (the
            # dashboard calls this for every batch of check results).
            self.profile = profile
            return
        self.profile = profile
        self.lang = lang
        self.shown_as = (lang, ascii_only)
        self.views = {}
        if profile is None:
            self.clear_options()
            self.border_title = ui("dash.no_selection", lang)
            return
        self.border_title = Content(ui("pane.title", lang, name=plain(profile.name, limit=200)))
        self.border_subtitle = ui("pane.confirm_help", lang)
        options: list[Option] = []
        step = 0
        for view in views:
            if view.step != step:
                step = view.step
                options.append(
                    Option(Content.assemble((ui(f"step.{step}", lang), "bold")), disabled=True)
                )
            self.views[view.id] = view
            options.append(Option(self._prompt(view, lang, ascii_only), id=view.id))
        # In one go: clearing first would empty the list, hide its scroll bar and lay the
        # screen out once more.
        self.set_options(options)
        if same_profile and keep and keep in self.views:
            self.highlighted = self.get_option_index(keep)
        else:
            # a new profile opens on its first problem, so the fix is in view
            first = next((v.id for v in self.views.values() if v.status == "fail"), None)
            first = first or next((v.id for v in self.views.values() if v.status == "warn"), None)
            if first:
                self.highlighted = self.get_option_index(first)
                self.scroll_to_highlight(top=True)

    def _prompt(self, view: ItemView, lang: str, ascii_only: bool) -> ItemPrompt:
        """The item's line, then its finding (with what it rests on) and hint indented under
        it: wrapped to the pane's width, never cut."""
        head: list[tuple[str, str] | str] = [
            (f"{glyph(view.status, ascii_only)} ", _ITEM_STYLE.get(view.status, "")),
            view.title,
            (f"  [{ui(f'item.{view.status}', lang)}]", "dim"),
        ]
        basis = view.basis if view.basis in ("loket", "model", "admin", "manual", "local") else None
        if view.confirmed and basis is None:
            basis = "manual"
        if view.confirmed:
            head.append((f" ({ui('pane.confirmed', lang)})", "dim"))
        elif basis is not None and not view.detail:
            head.append((f" ({ui(f'basis.{basis}', lang)})", "dim"))
        parts: list[Content] = []
        if view.detail:
            finding: list[tuple[str, str]] = []
            if basis is not None:
                finding.append((f"({ui(f'basis.{basis}', lang)}) ", "dim italic"))
            finding.append((view.detail, "dim"))
            parts.append(Content.assemble(*finding))
        if view.hint and view.status in ("fail", "warn", "manual"):
            parts.append(Content.assemble((ui("pane.hint", lang, hint=view.hint), "italic")))
        return ItemPrompt(Content.assemble(*head), *parts)

    def action_toggle_item(self) -> None:
        option = self.highlighted_option
        if self.profile is None or option is None or option.id is None:
            return
        view = self.views.get(option.id)
        if view is None:
            return
        if self.profile.read_only:
            self.notify(ui("pane.read_only", self.lang), severity="warning")
        elif not view.confirmable:
            self.notify(ui("pane.not_manual", self.lang), severity="warning")
        else:
            self.post_message(self.ToggleRequested(self.profile.slug, view.id))
