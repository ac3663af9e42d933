"""The one readiness rule: may this profile's data go to NN now?

``refusal(profile, override)`` answers with None (it may go) or a ``Refusal``: a reason code
and its values, never text. The submission gate (``compose.ensure_sendable``, the CLI and the
batch) and the UI's gate (``screens.submit_common.gate_reason``) both ask it and only render
the answer: the CLI with the ``sub.*`` messages, the UI with the ``submit.*`` messages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from tui.profiles.model import Profile
from tui.profiles.store import read_only_reason

Code = Literal["read_only", "already_connected", "already_sent", "already_exported", "not_ready"]

# Items that need attention before NN gets the data.
OPEN_ITEM_STATUSES = ("fail", "warn", "unknown")


@dataclass(frozen=True)
class Refusal:
    """Why the profile may not go: ``code`` and the values a message about it needs.

    ``when`` is the moment it was sent or handed over, ``method`` how (a method code, rendered
    in words), ``open_items`` the (item id, status) pairs still open, ``status`` the profile's.
    """

    code: Code
    profile: str
    name: str
    status: str = ""
    when: datetime | None = None
    method: str | None = None
    open_items: tuple[tuple[str, str], ...] = ()
    params: dict[str, object] = field(default_factory=dict)  # of ``read_only``

    @property
    def overridable(self) -> bool:
        """A read-only profile (written by a newer version) cannot record what was sent."""
        return self.code != "read_only"


def refusal(profile: Profile, override: bool = False) -> Refusal | None:
    """None when ``profile`` may go to NN; else why not. ``override`` lifts every refusal
    but a read-only profile's."""
    slug, name = profile.slug, profile.name
    if profile.read_only:
        return Refusal("read_only", slug, name, params=dict(read_only_reason(profile)[1]))
    if override:
        return None
    sub = profile.submission
    if sub.status == "connected":
        return Refusal("already_connected", slug, name)
    if sub.status == "sent":
        method = "person" if sub.sent_source == "person" else sub.method
        return Refusal("already_sent", slug, name, when=sub.sent_at, method=method)
    if sub.status == "exported":
        return Refusal("already_exported", slug, name, when=sub.exported_at, method=sub.method)
    if profile.status != "ready":
        open_items = tuple(
            (item_id, record.status)
            for item_id, record in profile.items.items()
            if record.status in OPEN_ITEM_STATUSES
        )
        return Refusal("not_ready", slug, name, status=profile.status, open_items=open_items)
    return None
