from __future__ import annotations

import base64
import html
import json
import logging
from urllib.parse import quote, quote_plus, urlencode

import pytest

from tui.secrets.redact import MASK, RedactingFilter, Redactor, install_log_redaction, redactor

SECRET = "p@ss w/rd+€"


@pytest.fixture
def fresh() -> Redactor:
    which = Redactor()
    which.register(SECRET)
    return which


@pytest.mark.parametrize(
    "form",
    [
        SECRET,
        quote(SECRET, safe=""),
        quote_plus(SECRET),
        base64.b64encode(SECRET.encode()).decode(),
        base64.urlsafe_b64encode(SECRET.encode()).decode().rstrip("="),
        html.escape(SECRET).replace(" ", "&#160;"),
        json.dumps(SECRET)[1:-1],
    ],
)
def test_each_form_is_masked(fresh: Redactor, form: str) -> None:
    assert fresh.redact(f"before {form} after") == f"before {MASK} after"


def test_a_form_body_is_masked(fresh: Redactor) -> None:
    body = urlencode({"grant_type": "password", "username": "xs-a", "password": SECRET})
    assert fresh.redact(body) == f"grant_type=password&username=xs-a&password={MASK}"


def test_short_values_are_not_registered() -> None:
    which = Redactor()
    which.register("abc")
    which.register(None)
    which.register("")
    assert len(which) == 0
    assert which.redact("abc") == "abc"


def test_the_longest_secret_wins() -> None:
    which = Redactor()
    which.register("token")
    which.register("token-with-more")
    assert which.redact("x token-with-more y token") == f"x {MASK} y {MASK}"


def test_repr_holds_no_secret(fresh: Redactor) -> None:
    assert SECRET not in repr(fresh) and "1 secrets" in repr(fresh)


def test_exceptions_are_redacted(fresh: Redactor) -> None:
    assert fresh.redact_exception(ValueError(f"bad {SECRET}")) == f"bad {MASK}"
    assert fresh.redact_exception(ValueError()) == "ValueError"


def make_logger(name: str) -> tuple[logging.Logger, list[str]]:
    lines: list[str] = []

    class ListHandler(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            lines.append(self.format(record))

    handler = ListHandler()
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    handler.addFilter(RedactingFilter())
    logger = logging.getLogger(name)
    logger.handlers = [handler]
    logger.propagate = False
    logger.setLevel(logging.DEBUG)
    return logger, lines


def test_the_log_filter_redacts_arguments_and_tracebacks() -> None:
    redactor.register(SECRET)
    logger, lines = make_logger("koppelaar.test.redact")
    logger.info("token request body %s", f"password={quote_plus(SECRET)}")
    try:
        raise RuntimeError(f"server echoed {SECRET}")
    except RuntimeError:
        logger.exception("login failed for %s", "xs-a")
    text = "\n".join(lines)
    assert SECRET not in text and quote_plus(SECRET) not in text
    assert f"password={MASK}" in text and f"server echoed {MASK}" in text
    assert "Traceback" in text


def test_install_covers_every_logger(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tui.secrets.redact

    monkeypatch.setattr(tui.secrets.redact, "_installed", False)
    previous = logging.getLogRecordFactory()
    try:
        install_log_redaction()
        install_log_redaction()
        redactor.register(SECRET)
        with caplog.at_level(logging.INFO):
            logging.getLogger("some.library").info("sent %r", SECRET)
    finally:
        logging.setLogRecordFactory(previous)
    assert SECRET not in caplog.text and MASK in caplog.text
