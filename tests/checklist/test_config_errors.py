"""A check that cannot run at all says why, in the user's language."""

from __future__ import annotations

import pytest

from tui.checks.checker import CheckConfigError, Checker
from tui.config import LoketSettings, Settings


@pytest.mark.parametrize(
    ("lang", "words"),
    [("nl", "geen Loket.nl client id"), ("en", "no Loket.nl client id")],
)
def test_missing_client_id(lang: str, words: str) -> None:
    settings = Settings(language=lang, loket=LoketSettings(client_id=""))
    with pytest.raises(CheckConfigError) as failure:
        Checker(settings, None)
    assert words in str(failure.value)
    assert "KOPPELAAR_LOKET_CLIENT_ID" in str(failure.value)
