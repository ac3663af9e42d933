"""The Textual application: thin; it observes the core modules and asks them for actions.

The app holds what every screen shares: the runtime, the language, the glyph set, the secret
store (opened and probed in a thread, never on the event loop) and the optional services that
``koppelaar demo`` wires in (the simulator's URL, the demo outbox).

Start-up draws the dashboard first: the secret store (keyring's backends take ~0.4 s to import
and probe) is probed only once the profiles are on screen.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Coroutine, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from tui import gcpolicy
from tui.runner import BackgroundRunner, Handle
from tui.runtime import Runtime
from tui.screens.dashboard_view import now_local, use_ascii_glyphs
from tui.secrets.redact import redact
from tui.text.safe import plain_multiline
from tui.text.ui import ui
from tui.ui_loop import run_on_ui_loop
from tui.widgets.palette import KoppelaarCommands
from tui.widgets.plain import drop_colours, install_plain_toggles

if TYPE_CHECKING:
    from tui.secrets.store import SecretStore


@dataclass
class Services:
    """What the start-up wires in beyond the runtime; the demo fills these."""

    simulator_url: str | None = None
    outbox: Any = None
    extras: dict[str, Any] = field(default_factory=dict)


# The header's columns either side of its title (icon, clock room).
HEADER_MARGIN = 16


class SecretsReady(Message):
    """The secret store has been opened and probed (in a thread)."""

    def __init__(self, line: str, short: str, needs_unlock: bool) -> None:
        super().__init__()
        self.line = line
        self.short = short
        self.needs_unlock = needs_unlock


class BackgroundFailed(Message):
    """Work on the background runner or in a thread worker ended with an exception that its
    owner did not turn into a message of its own."""

    def __init__(self, name: str, error: str, owner: Any = None) -> None:
        super().__init__()
        self.name = name
        self.error = error
        self.owner = owner


class BackgroundCancelled(Message):
    """Work on the background runner ended cancelled (also before it began)."""

    def __init__(self, name: str, owner: Any = None) -> None:
        super().__init__()
        self.name = name
        self.owner = owner


class LanguageChanged(Message):
    def __init__(self, lang: str) -> None:
        super().__init__()
        self.lang = lang


class KoppelaarApp(App[int]):
    CSS_PATH = "app.tcss"
    TITLE = "Koppelaar"
    ENABLE_COMMAND_PALETTE = True
    # Only Koppelaar's own commands, in the user's language (Textual's system commands are
    # English only and would list "Quit" twice).
    COMMANDS = {KoppelaarCommands}

    BINDINGS = [
        Binding("question_mark,f1", "help", "Help", id="help"),
        Binding("f2", "settings", "Instellingen", id="settings", show=False),
        Binding("f3", "switch_language", "EN", id="language"),
        Binding("q", "quit", "Stop", id="quit"),
        # Textual's own palette binding says "palette" in English; this one is localized.
        Binding("ctrl+p", "command_palette", "Opdrachten", id="palette", show=False, priority=True),
    ]

    def __init__(
        self,
        runtime: Runtime,
        services: Services | None = None,
        clock: Callable[[], datetime] = now_local,
        ascii_glyphs: bool | None = None,
    ) -> None:
        super().__init__()
        self.runtime = runtime
        self.services = services or Services()
        self.clock = clock
        self.language = runtime.language if runtime.language in ("nl", "en") else "nl"
        self.ascii_glyphs = (
            use_ascii_glyphs(runtime.settings.glyphs) if ascii_glyphs is None else ascii_glyphs
        )
        # Without colour or on a plain console, state is said in characters and styles.
        self.plain_toggles = self.no_color or self.ascii_glyphs
        if self.no_color:
            drop_colours(self)
        if self.plain_toggles:
            install_plain_toggles()
        if self.ascii_glyphs:
            self.add_class("-ascii")
        self.secrets_line = ""
        self.secrets_short = ""
        # the earliest obsoleteDate Loket.nl gave for a resource version Koppelaar reads
        self.retiring_date: str | None = None
        self.started = False
        self.runner = BackgroundRunner()
        self.crash_line = ""
        if runtime.settings.keys:
            self.set_keymap(dict(runtime.settings.keys))

    # unexpected errors: a short line, details in a log (Textual's traceback shows locals) --

    def _handle_exception(self, error: Exception) -> None:
        self._crash: Exception | None = error
        super()._handle_exception(error)

    def _fatal_error(self) -> None:
        from tui.crash import report

        error = getattr(self, "_crash", None)
        # Printed by run_tui once the terminal is back, in one piece (the log's path whole).
        self.crash_line = report(error, self.language) if error is not None else "koppelaar: ?"
        self.bell()
        self._close_messages_no_wait()

    # background work ---------------------------------------------------------------------

    def run_in_background(
        self, coro: Coroutine[Any, Any, Any], name: str, owner: Any = None
    ) -> Handle[Any]:
        """Run ``coro`` on the app's one background runner. Its results come back as messages
        it posts; an exception it lets through is shown, and ``owner`` (a screen) is told through
        ``background_failed`` so it is never left busy."""
        handle = self.runner.submit(coro, name)

        def ended(done: Handle[Any]) -> None:
            if done.cancelled():
                self.post_message(BackgroundCancelled(name, owner))
                return
            try:
                done.result()
            except Exception as exc:
                self.post_message(BackgroundFailed(name, one_line(exc), owner))

        handle.add_done_callback(ended)
        return handle

    def worker_failed(self, owner: Any, worker: Worker[Any]) -> None:
        """A thread or async worker (all run with ``exit_on_error=False``) raised."""
        error = worker.error if worker.error is not None else RuntimeError(worker.name)
        self.post_message(BackgroundFailed(worker.group or worker.name, one_line(error), owner))

    def on_background_failed(self, message: BackgroundFailed) -> None:
        self.notify(ui("background.failed", self.language, error=message.error), severity="error")
        recover = getattr(message.owner, "background_failed", None)
        if callable(recover):
            recover(message.name)

    def on_background_cancelled(self, message: BackgroundCancelled) -> None:
        recover = getattr(message.owner, "background_cancelled", None)
        if callable(recover):
            recover(message.name)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            self.worker_failed(self, event.worker)

    def on_unmount(self) -> None:
        self.runner.stop(timeout=2.0)

    # shared state ------------------------------------------------------------------------

    @property
    def secrets(self) -> SecretStore | None:
        return self.runtime.secrets

    def open_secrets(self) -> SecretStore:
        """The secret store, opened on first use. Blocking: call from thread workers only."""
        return self.runtime.secret_store()

    def environment_label(self) -> str:
        if self.runtime.demo:
            return ui("env.demo", self.language)
        return ui(f"env.{self.runtime.settings.loket.environment}", self.language)

    def note_retiring(self, dates: list[str]) -> None:
        """A check met resource versions Loket.nl will retire: say so in the header."""
        if dates:
            earliest = min(dates)
            new = earliest != self.retiring_date
            self.retiring_date = earliest
            self.refresh_header()
            retiring = ui("header.retiring", self.language, date=earliest)
            if new and not self.header_holds(retiring):
                self.notify(retiring, severity="warning", timeout=12)

    def refresh_header(self) -> None:
        self.title = f"Koppelaar - {self.environment_label()}"
        if self.retiring_date:
            self.title += " - " + ui("header.retiring", self.language, date=self.retiring_date)
        mode = self.secrets.mode if self.secrets else self.runtime.settings.secrets.mode
        self.sub_title = self.secrets_line or ui(f"secrets.{mode}", self.language)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Notifications quote names and errors from files and from Loket.nl: always plain
        text, whatever ``markup`` says (widgets and screens pass ``markup=True``)."""
        super().notify(
            plain_multiline(message), title=title, severity=severity, timeout=timeout, markup=False
        )

    def get_default_screen(self) -> Screen[Any]:
        from tui.screens.dashboard import DashboardScreen

        return DashboardScreen()

    def on_mount(self) -> None:
        self.refresh_header()
        # Start-up may have switched the cyclic collector off (tui.cli.main); it never stays off,
        # even when the profiles cannot be shown.
        self.set_timer(5.0, gcpolicy.resume_collection)

    def profiles_shown(self) -> None:
        """The dashboard shows the profiles: start-up's deferred work may begin."""
        if not self.started:
            self.started = True
            self.set_timer(0.5, self.after_first_frame)

    def after_first_frame(self) -> None:
        """What start-up leaves until the dashboard shows the profiles."""
        gcpolicy.end_startup()
        self.probe_secrets()
        self.import_checker()

    @work(thread=True, group="warm-up", exit_on_error=False)
    def import_checker(self) -> None:
        """Import the checker (and httpx) and read the trusted certificates in a thread: a
        check started later finds them loaded."""
        import tui.checks.checker  # noqa: F401
        from tui.loket.http import shared_tls_context

        shared_tls_context()
        gcpolicy.freeze_once("checker")

    @work(thread=True, exclusive=True, group="secrets", exit_on_error=False)
    def probe_secrets(self) -> None:
        store = self.open_secrets()
        result = store.probe()
        gcpolicy.freeze_once("keyring")
        locked = not result.usable and store.mode == "vault"
        lang = self.language
        line, short = store.describe(lang), store.describe(lang, short=True)  # type: ignore[arg-type]
        self.post_message(SecretsReady(line, short, locked))

    def on_secrets_ready(self, message: SecretsReady) -> None:
        self.secrets_line = message.line
        self.secrets_short = message.short
        self.refresh_header()
        if not self.header_holds(message.line):
            # the header has no room for all of it: said in full where it wraps
            self.notify(message.line, timeout=12)
        if message.needs_unlock:
            from tui.screens.passphrase import PassphraseScreen

            self.push_screen(PassphraseScreen())

    def full_header_text(self) -> str:
        return f"{self.title} - {self.sub_title}" if self.sub_title else self.title

    def header_holds(self, text: str) -> bool:
        """``text`` is in the header, whole (a header longer than the room is cut)."""
        shown = self.header_text()
        return text in shown and len(shown) <= self.size.width - HEADER_MARGIN

    def header_text(self) -> str:
        """The header's line, fitted to the screen: what the header cannot hold is dropped
        in whole parts (the name, then the secrets' backend and reason), never cut off."""
        room = self.size.width - HEADER_MARGIN
        rest = self.title.removeprefix("Koppelaar - ")
        if not self.sub_title:
            return self.title if len(self.title) <= room else rest
        short = self.secrets_short or self.sub_title
        fits = (self.full_header_text(), f"{rest} - {self.sub_title}", f"{rest} - {short}")
        return next((text for text in fits if len(text) <= room), fits[-1])

    def format_title(self, title: str, sub_title: str) -> Content:
        return Content(self.header_text())

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        return ()

    def action_command_palette(self) -> None:
        from tui.widgets.palette import LocalizedPalette

        if self.use_command_palette and not self.screen.has_class("--textual-command-palette"):
            self.push_screen(LocalizedPalette(self.language))

    # actions -------------------------------------------------------------------------------

    def action_help_quit(self) -> None:
        """Ctrl+C does not quit: say (plain text, in the user's language) which key does."""
        quits = [b.binding for b in self.active_bindings.values() if b.binding.action == "quit"]
        quits.sort(key=lambda binding: binding.id != "quit")  # ours (q) before Ctrl+Q
        key = self.get_key_display(quits[0]) if quits else "ctrl+q"
        self.notify(ui("quit.hint", self.language, keys=key), timeout=4)

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_first_run(self) -> None:
        from tui.screens.first_run import FirstRunScreen

        if not isinstance(self.screen, FirstRunScreen):
            self.push_screen(FirstRunScreen())

    def action_settings(self) -> None:
        from tui.screens.settings import SettingsScreen

        if not isinstance(self.screen, SettingsScreen):
            self.push_screen(SettingsScreen())

    def action_switch_language(self) -> None:
        self.set_language("en" if self.language == "nl" else "nl")

    def set_language(self, lang: str) -> None:
        self.language = lang
        self.runtime.language = lang
        if self.secrets is not None:
            self.probe_secrets()
        self.refresh_header()
        for screen in self.screen_stack:
            screen.post_message(LanguageChanged(lang))
        self.notify(ui("lang.switched", lang), timeout=2)
        self.remember_language(lang)

    @work(thread=True, group="settings", exit_on_error=False)
    def remember_language(self, lang: str) -> None:
        from tui.config import ConfigError, replace, save_settings

        settings = replace(self.runtime.settings, language=lang)
        self.runtime.settings = settings
        try:
            save_settings(settings, self.runtime.paths.config_file)
        except (ConfigError, OSError) as exc:
            self.call_from_thread(self.notify, str(exc), severity="error")


def one_line(exc: BaseException) -> str:
    """An exception as one line for the user: its own ``message`` when it has one."""
    while isinstance(exc, BaseExceptionGroup) and exc.exceptions:
        exc = exc.exceptions[0]
    text = getattr(exc, "message", None)
    if callable(text):
        text = None
    first = redact(str(text or exc)).strip().splitlines()
    return first[0] if first else type(exc).__name__


def run_tui(runtime: Runtime, services: Services | None = None) -> int:
    app = KoppelaarApp(runtime, services)
    run_on_ui_loop(app.run_async())
    if app.crash_line:
        print(app.crash_line, file=sys.stderr)
    return app.return_code or 0
