"""What the profile store raises: each error's message says what to do."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import TYPE_CHECKING

from tui.text.i18n import t

if TYPE_CHECKING:
    from tui.profiles.model import Profile
    from tui.profiles.rows import ProfileRow


class StoreError(Exception):
    """A store operation failed; the message says what to do."""


class StoreIOError(StoreError):
    """The file system refused (read-only, full, no permission): nothing more can be saved."""

    def __init__(self, action: str, exc: OSError) -> None:
        self.errno = exc.errno
        where = f" ({exc.filename})" if exc.filename else ""
        super().__init__(f"{action}: {exc.strerror or type(exc).__name__}{where}")


@contextlib.contextmanager
def os_errors(action: str) -> Iterator[None]:
    try:
        yield
    except OSError as exc:
        raise StoreIOError(action, exc) from None


class ExistsError(StoreError):
    """A new profile's name is taken."""

    def __init__(self, slug: str) -> None:
        self.slug = slug
        super().__init__(f"a profile named {slug!r} already exists")


class ConflictError(StoreError):
    def __init__(self, slug: str, keys: list[str]) -> None:
        self.slug = slug
        self.keys = keys
        super().__init__(
            f"profile {slug!r} was changed elsewhere at the same time "
            f"({', '.join(keys)}); reload it and make your change again"
        )


class ReadOnlyError(StoreError):
    """A profile written by a newer version: ``str()`` says so in the command's language,
    ``message(lang)`` in the UI's."""

    def __init__(self, profile: Profile) -> None:
        self.profile = profile
        super().__init__(read_only_message(profile))

    def message(self, lang: str) -> str:
        return read_only_message(self.profile, lang)


def read_only_reason(profile: Profile | ProfileRow) -> tuple[str, dict[str, object]]:
    """Why ``profile`` is read-only: a message id of the catalogue and its values."""
    from tui.profiles.model import SCHEMA_VERSION

    values = {"profile": profile.slug, "schema": profile.schema, "known": SCHEMA_VERSION}
    return "profile.read_only", values


def read_only_message(profile: Profile | ProfileRow, lang: str | None = None) -> str:
    """``read_only_reason`` in ``lang`` (by default the command's language)."""
    code, values = read_only_reason(profile)
    return t(code, lang).format(**values)
