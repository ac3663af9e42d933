"""Footer bindings in the current language: descriptions come from ``bind.<id>`` messages."""

from __future__ import annotations

from dataclasses import replace

from textual.binding import BindingsMap
from textual.dom import DOMNode

from tui.text.ui import ui


def bindings_in_force(node: DOMNode) -> BindingsMap:
    """``node``'s bindings with the app's keymap (``[keys]`` in config.toml) applied, as
    Textual applies it when a key is pressed."""
    bindings = node._bindings.copy()
    keymap = node.app._keymap
    if keymap:
        bindings.apply_keymap(keymap)
    return bindings


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


def localize_select_menus(screen: DOMNode, lang: str) -> None:
    """A Select's open menu says "esc Dismiss menu" in English: say "Sluit"/"Close"."""
    from textual.widgets._select import SelectOverlay

    for overlay in screen.query(SelectOverlay):
        current = [b for bindings in overlay._bindings.key_to_bindings.values() for b in bindings]
        overlay._bindings = BindingsMap(
            [replace(b, description=ui("bind.close", lang)) for b in current]
        )


# What the footer shows first when the terminal is narrow (binding ids); the rest stay in the
# help screen and the command palette, with their keys.
FOOTER_PRIORITY = (
    "filter",
    "add",
    "edit",
    "check",
    "submit",
    "help",
    "quit",
    "check_all",
    "mark_sent",
    "sort",
    "discover",
    "consent",
    "connected",
    "submit_all",
    "delete",
    "settings",
    "language",
)
_PALETTE_ROOM = len("^p Opdrachten") + 2


def fit_footer(nodes: list[DOMNode], width: int, reserve: int = 0) -> None:
    """Show in the footer as many bindings as fit in ``width``, in ``FOOTER_PRIORITY`` order;
    one entry per action (the first key), like Textual's footer draws them."""
    app = nodes[0].app
    costs: dict[str, int] = {}
    for node in nodes:
        for bindings in bindings_in_force(node).key_to_bindings.values():
            for binding in bindings:
                if binding.id in FOOTER_PRIORITY and binding.id not in costs:
                    key = app.get_key_display(binding)
                    costs[binding.id] = len(key) + len(binding.description) + 2
    # ``reserve``: room for what shows only while it does something (Escape while a check
    # runs or a filter is set).
    room = width - _PALETTE_ROOM - reserve
    shown: set[str] = set()
    for binding_id in FOOTER_PRIORITY:
        cost = costs.get(binding_id)
        if cost is not None and cost <= room:
            shown.add(binding_id)
            room -= cost
    for node in nodes:
        current = [b for bindings in node._bindings.key_to_bindings.values() for b in bindings]
        changed = [
            replace(b, show=b.id in shown) if b.id in FOOTER_PRIORITY else b for b in current
        ]
        if [b.show for b in changed] != [b.show for b in current]:
            node._bindings = BindingsMap(changed)
            node.refresh_bindings()
