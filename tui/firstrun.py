"""First run for real use: what Koppelaar needs before it can check and send, step by step.

``setup_steps`` judges each step from the settings, the secret store's probe and the profiles;
the first-run screen (TUI) and ``koppelaar setup`` (CLI) show the same steps, in order, each
with where its value comes from and how to fill it in. Plain Python (no Textual).
"""

from __future__ import annotations

from dataclasses import dataclass
from email.utils import parseaddr
from typing import TYPE_CHECKING

from tui.text.ui import ui

if TYPE_CHECKING:
    from tui.runtime import Runtime
    from tui.secrets.store import Lang, ProbeResult

STEPS = ("client_id", "secrets", "sender", "smtp", "employer")


@dataclass(frozen=True)
class Step:
    key: str
    done: bool
    title: str
    state: str  # what is set now, or what is missing
    how: str  # where the value comes from and how to fill it in


def setup_steps(
    runtime: Runtime, probe: ProbeResult | None, lang: str, profile_count: int | None = None
) -> list[Step]:
    settings = runtime.settings
    if profile_count is None:
        profile_count = len(runtime.store.load_all().profiles)
    client_id = settings.loket.client_id
    sender = parseaddr(settings.submission.sender)[1]
    smtp = settings.smtp
    secrets_ok = probe is not None and probe.usable
    mode = probe.mode if probe is not None else settings.secrets.mode
    judged = {
        "client_id": (bool(client_id), client_id or ui("setup.missing", lang)),
        "secrets": (
            secrets_ok,
            probe.message(_lang(lang)) if probe is not None else ui("setup.unchecked", lang),
        ),
        "sender": (bool(sender and "@" in sender), sender or ui("setup.missing", lang)),
        "smtp": (
            bool(smtp.host),
            f"{smtp.host}:{smtp.port} ({smtp.security})"
            if smtp.host
            else ui("setup.missing", lang),
        ),
        "employer": (
            profile_count > 0,
            ui("setup.profiles", lang, n=profile_count, count=profile_count),
        ),
    }
    return [
        Step(
            key,
            judged[key][0],
            ui(f"setup.{key}.title", lang),
            judged[key][1],
            ui(f"setup.{key}.how", lang, mode=mode, profiles=runtime.paths.profiles_dir),
        )
        for key in STEPS
    ]


def needs_first_run(runtime: Runtime, profile_count: int) -> bool:
    """A real (non-demo) start without any employer: nothing to show but what is needed."""
    return not runtime.demo and profile_count == 0


def _lang(lang: str) -> Lang:
    return "en" if lang == "en" else "nl"
