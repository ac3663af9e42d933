"""The checklist pane's items share their wrapped lines between panes (``ItemPrompt``): the
same item drawn again is not wrapped again, and nothing that differs ever shares a render."""

from __future__ import annotations

import pytest
from textual.content import Content
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions

from tui.widgets import item_prompt
from tui.widgets.item_prompt import ItemPrompt

FINDING = "Het account mag de werkgever lezen en de loonaangifte inzien; niets te doen hier."


@pytest.fixture
def wraps(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts wrapped into lines, fresh caches."""
    monkeypatch.setattr(item_prompt, "_HEIGHTS", type(item_prompt._HEIGHTS)(2048))
    monkeypatch.setattr(item_prompt, "_STRIPS", type(item_prompt._STRIPS)(512))
    seen: list[str] = []
    render, height = Content.render_strips, Content.get_height

    def counting_render(self, *args, **kwargs):
        seen.append(self.plain)
        return render(self, *args, **kwargs)

    def counting_height(self, *args, **kwargs):
        seen.append(self.plain)
        return height(self, *args, **kwargs)

    monkeypatch.setattr(Content, "render_strips", counting_render)
    monkeypatch.setattr(Content, "get_height", counting_height)
    return seen


def prompt(style: str = "ansi_green") -> ItemPrompt:
    return ItemPrompt(Content.assemble(("✓ ", style), "Rechten"), Content(FINDING))


def options(**kwargs: object) -> RenderOptions:
    return RenderOptions(Style.parse, {}, **kwargs)  # type: ignore[arg-type]


def drawn(strips: list[Strip]) -> list[list[tuple[str, object]]]:
    return [[(segment.text, segment.style) for segment in strip] for strip in strips]


def test_an_item_drawn_again_in_another_pane_is_not_wrapped_again(wraps: list[str]) -> None:
    first = prompt().render_strips(30, None, Style(), options())
    assert prompt().get_height({}, 30) == len(first)
    count = len(wraps)
    again = prompt()  # another employer's pane, the same item
    assert again.get_height({}, 30) == len(first)
    assert drawn(again.render_strips(30, None, Style(), options())) == drawn(first)
    assert len(wraps) == count, "served from the shared lines"


def test_what_differs_is_drawn_for_itself(wraps: list[str]) -> None:
    green = prompt("ansi_green").render_strips(30, None, Style(), options())
    red = prompt("bold ansi_red").render_strips(30, None, Style(), options())
    assert [s.text for s in green] == [s.text for s in red]
    assert drawn(green) != drawn(red), "the same text in another style is not the same item"
    narrow = prompt().render_strips(20, None, Style(), options())
    assert len(narrow) > len(green) and all(s.cell_length <= 20 for s in narrow)
    assert prompt().get_height({}, 20) == len(narrow)
    highlighted = prompt().render_strips(30, None, Style(bold=True), options())
    assert drawn(highlighted) != drawn(green)


def test_a_selection_is_drawn_each_time(wraps: list[str]) -> None:
    post = Style(italic=True)
    prompt().render_strips(30, None, Style(), options(post_style=post))
    count = len(wraps)
    prompt().render_strips(30, None, Style(), options(post_style=post))
    assert len(wraps) > count


def test_a_cut_render_leaves_the_shared_lines_whole(wraps: list[str]) -> None:
    whole = prompt().render_strips(30, None, Style(), options())
    assert len(prompt().render_strips(30, 1, Style(), options())) == 1
    assert len(prompt().render_strips(30, None, Style(), options())) == len(whole)
