"""``rights.toml`` described once as msgspec Structs: ``Right`` per ``[rights.KEY]`` table,
``load_rights`` (errors name the file and the key). Imported on first use by
``tui.checks.rights.all_rights``, so importing the checker's rule costs no msgspec."""

from __future__ import annotations

import tomllib
from typing import Annotated, Literal

import msgspec

from tui.typed_data import convert


class RightsDataError(ValueError):
    """``rights.toml`` does not describe the rights; the message names the file and the key."""


class Right(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """One ``[rights.KEY]`` table."""

    name: str  # verbatim as Loket.nl shows it
    activities: Annotated[tuple[str, ...], msgspec.Meta(min_length=1)]
    deep: str  # one of ``activities``: the read ``check --deep`` performs
    needs: Literal["employer", "employment", "payroll_administration"]  # what ``deep`` needs first
    why: str
    # the table's name, set on load
    key: Annotated[str, msgspec.Meta(extra={"not_in_file": True})] = ""

    @property
    def item_id(self) -> str:
        return f"account.right.{self.key}"


class _RightsFile(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    rights: dict[str, Right]


def load_rights(text: str, source: str) -> tuple[Right, ...]:
    """The rights in ``text`` (TOML), in file order; a RightsDataError names what is wrong."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RightsDataError(f"{source}: not valid TOML: {exc}") from None
    rights = convert(data, _RightsFile, source, RightsDataError).rights
    names: set[str] = set()
    for key, entry in rights.items():
        where = f"{source}: rights.{key}"
        if "key" in data["rights"][key]:
            raise RightsDataError(f"{where}.key: unknown key; the table's name is the key")
        if entry.deep not in entry.activities:
            raise RightsDataError(
                f"{where}.deep: must be one of its activities, got {entry.deep!r}"
            )
        if entry.name.casefold() in names:
            raise RightsDataError(f"{where}.name: {entry.name!r} is named twice")
        names.add(entry.name.casefold())
    return tuple(msgspec.structs.replace(entry, key=key) for key, entry in rights.items())
