"""Typed messages that thread and async workers post back to the screens."""

from __future__ import annotations

from textual.message import Message

from tui.profiles.model import Profile
from tui.profiles.store import RowsResult


class ProfilesLoaded(Message):
    def __init__(self, result: RowsResult) -> None:
        super().__init__()
        self.result = result


class ProfileSaved(Message):
    """A profile was written; ``note`` is what to tell the user (may be empty)."""

    def __init__(self, profile: Profile, note: str = "") -> None:
        super().__init__()
        self.profile = profile
        self.note = note


class ProfileDeleted(Message):
    def __init__(self, slug: str, name: str) -> None:
        super().__init__()
        self.slug = slug
        self.name = name


class StoreFailed(Message):
    """A store or secrets operation failed; ``error`` is user-ready text."""

    def __init__(self, error: str) -> None:
        super().__init__()
        self.error = error


class CheckStarted(Message):
    def __init__(self, total: int) -> None:
        super().__init__()
        self.total = total


class CheckResult(Message):
    """One profile's fresh result (already saved by the checker)."""

    def __init__(self, profile: Profile) -> None:
        super().__init__()
        self.profile = profile


class CheckFinished(Message):
    """The check ended; ``shown`` when the app has already shown why (an unexpected error)."""

    def __init__(
        self,
        done: int,
        total: int,
        cancelled: bool,
        error: str | None = None,
        shown: bool = False,
    ) -> None:
        super().__init__()
        self.shown = shown
        self.done = done
        self.total = total
        self.cancelled = cancelled
        self.error = error
