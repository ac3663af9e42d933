"""A message not yet rendered: a catalogue key and its values, put into words only at the edge.

The domain (submission, repair, secrets) says what happened as a ``Phrase``; the UI and the
CLI render it with ``render(lang)`` in the language they show. A value that is itself a
``Phrase`` (or has a ``render(lang)`` method, such as a secret store's error) is rendered in
the same language. ``str()`` gives the Dutch text, for logs and tests; no user-facing path
relies on it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from tui.text.catalogue import text

DEFAULT_LANGUAGE = "nl"


@runtime_checkable
class Renders(Protocol):
    """Anything that says itself in a language."""

    def render(self, lang: str) -> str: ...


@dataclass(frozen=True)
class Phrase:
    """The message ``key`` with ``values`` (and ``n`` for a plural form), followed by the
    sentences in ``then``. Immutable; equal when key and values are."""

    key: str
    values: Mapping[str, object] = field(default_factory=dict)
    n: int | None = None
    then: tuple[Phrase, ...] = ()

    def __add__(self, other: Phrase) -> Phrase:
        """This sentence followed by ``other`` (rendered with a space between)."""
        return Phrase(self.key, self.values, self.n, (*self.then, other))

    def render(self, lang: str) -> str:
        values = {name: said(value, lang) for name, value in self.values.items()}
        first = text(self.key, lang, self.n, **values)
        return " ".join([first, *(part.render(lang) for part in self.then)])

    def __str__(self) -> str:
        return self.render(DEFAULT_LANGUAGE)


@dataclass(frozen=True)
class Verbatim:
    """Text that is already in words (an answer of Loket.nl, a file system's reason): said
    as it is in every language."""

    words: str

    def render(self, lang: str) -> str:
        return self.words

    def __str__(self) -> str:
        return self.words


def said(value: object, lang: str) -> object:
    """``value`` ready to put into a message in ``lang``: a phrase (or anything that renders
    itself) in words, anything else as it is (numbers keep their format specs)."""
    if isinstance(value, Renders):
        return value.render(lang)
    return value


class PhraseError(Exception):
    """An error whose ``reason`` is rendered by the UI or the CLI in its language
    (``render(lang)``); ``str()`` is the Dutch line, for logs and tests."""

    def __init__(self, reason: Renders) -> None:
        super().__init__(reason)
        self.reason = reason

    def render(self, lang: str) -> str:
        return self.reason.render(lang)

    def __str__(self) -> str:
        return self.reason.render(DEFAULT_LANGUAGE)
