"""Compile the message catalogue: ``python scripts/catalogue.py``.

Reads ``tui/text/locale/*/LC_MESSAGES/koppelaar.po`` (the source) and writes the ``.mo`` beside
each, which the app reads with the standard library's gettext. Needs Babel (a dev dependency).
``tests/foundation/test_catalogue.py`` fails when a ``.mo`` no longer matches its ``.po``.
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALE = Path(__file__).parents[1] / "tui" / "text" / "locale"


def main() -> None:
    for po in sorted(LOCALE.glob("*/LC_MESSAGES/koppelaar.po")):
        with po.open("rb") as handle:
            catalogue = read_po(handle, locale=po.parts[-3])
        with po.with_suffix(".mo").open("wb") as handle:
            write_mo(handle, catalogue)
        print(f"{po.with_suffix('.mo')}: {len(catalogue)} messages")


if __name__ == "__main__":
    main()
