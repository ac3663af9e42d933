"""What the submit screens share: the sender for a chosen method, the gate in the UI's words."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Button, Checkbox, Input, Label, Static

from tui.profiles.model import Profile
from tui.profiles.store import read_only_message
from tui.submission.handover import OUTBOX_DIR, ClipboardCopier, EmlExporter, private_outbox
from tui.submission.readiness import refusal
from tui.submission.send import Sender
from tui.submission.smtp import SmtpSender
from tui.submission.text import method_text, open_items_text
from tui.text.ui import ui

if TYPE_CHECKING:
    from tui.app import KoppelaarApp

METHODS = ("smtp", "eml", "clipboard")


def demo_outbox(app: KoppelaarApp) -> Sender | None:
    """The demo's outbox: the one the services carry, else one for the simulator (kept)."""
    services = app.services
    if services.outbox is None and services.simulator_url:
        from tui.submission.demo import DemoOutbox

        services.outbox = DemoOutbox(services.simulator_url)
    outbox: Sender | None = services.outbox
    return outbox


def smtp_label(app: KoppelaarApp, lang: str) -> str:
    key = "submit.method.demo" if demo_outbox(app) is not None else "submit.method.smtp"
    return ui(key, lang)


def make_sender(
    app: KoppelaarApp,
    method: str,
    *,
    eml_target: str = "",
    into_directory: bool = False,
    copy: Callable[[str], object] | None = None,
) -> Sender:
    """The sender for ``method``; blocking parts (the SMTP password) wait until ``send``."""
    if method == "eml":
        target = Path(eml_target).expanduser().absolute()
        folder = default_eml_target(app).absolute()
        private = folder in (target, target.parent)
        if private:
            private_outbox(app.runtime.paths.data_dir)
        return EmlExporter(target, into_directory=into_directory, private=private)
    if method == "clipboard":
        return ClipboardCopier(copy) if copy is not None else ClipboardCopier()
    outbox = demo_outbox(app)
    if outbox is not None:
        return outbox
    return SmtpSender(app.runtime.settings.smtp, app.open_secrets())


def delivery_fields(lang: str, eml_label: str, eml_default: str, close_label: str) -> ComposeResult:
    """The lower half both submit dialogs share: where the .eml goes (and its warning), the
    password toggle, the error line and the buttons."""
    with Horizontal(id="eml-row"):
        yield Label(eml_label)
        yield Input(eml_default, id="eml-path", compact=True)
    yield Static(Text(ui("submit.eml_warning", lang)), id="eml-warning", classes="field-help")
    yield Checkbox(ui("submit.without_password", lang), id="without-password", compact=True)
    yield Static(id="submit-error", classes="field-error")
    with Horizontal(classes="buttons"):
        yield Button(close_label, id="cancel", compact=True)
        yield Button(ui("submit.send", lang), id="send", variant="primary", compact=True)


def method_in(method: str | None, lang: str) -> str:
    """How a submission left, in words, in ``lang`` (never the method code)."""
    return method_text(method, lang)


def default_eml_target(app: KoppelaarApp, slug: str | None = None) -> Path:
    """The private outbox in the data directory (the file for ``slug``, or the folder)."""
    outbox = app.runtime.paths.data_dir / OUTBOX_DIR
    return outbox / f"{slug}.eml" if slug else outbox


def gate_reason(profile: Profile, lang: str) -> str | None:
    """The readiness rule's refusal (``tui.submission.readiness``) in the UI's words; None when
    the profile may go."""
    refused = refusal(profile)
    if refused is None:
        return None
    name = profile.name
    if refused.code == "read_only":
        return read_only_message(profile, lang)
    if refused.code == "already_connected":
        return ui("submit.already_connected", lang, name=name)
    if refused.code == "already_sent":
        when = refused.when.astimezone().strftime("%d-%m-%Y") if refused.when else "?"
        method = method_in(refused.method, lang)
        return ui("submit.already_sent", lang, name=name, when=when, method=method)
    if refused.code == "already_exported":
        moment = refused.when
        when = moment.astimezone().strftime("%d-%m-%Y %H:%M") if moment else "?"
        method = method_in(refused.method, lang)
        return ui("submit.already_exported", lang, name=name, when=when, method=method)
    reason = ui("submit.not_ready", lang, name=name)
    items = open_items_text(refused.open_items, lang)
    if items:
        reason += " " + ui("submit.open_items", lang, items=", ".join(items[:4]))
    return reason
