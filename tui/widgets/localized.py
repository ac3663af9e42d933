"""Footer bindings in the current language: descriptions come from ``bind.<id>`` messages."""

from __future__ import annotations

from dataclasses import replace

from textual.binding import BindingsMap
from textual.dom import DOMNode

from tui.text.ui import ui


def localize_bindings(node: DOMNode, lang: str) -> None:
    """Rewrite each binding's description from its id, then refresh the footer.

    Nothing happens when every description is already in ``lang``: each refresh makes the
    footer compose itself again, which start-up cannot afford for nothing.
    """
    current = [b for bindings in node._bindings.key_to_bindings.values() for b in bindings]
    translated = [
        replace(binding, description=ui(f"bind.{binding.id}", lang)) if binding.id else binding
        for binding in current
    ]
    if [b.description for b in translated] == [b.description for b in current]:
        return
    node._bindings = BindingsMap(translated)
    node.refresh_bindings()
