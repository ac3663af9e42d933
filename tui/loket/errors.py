"""Typed errors of the Loket.nl client and OAuth.

Every error carries a ``message``: one English line fit to show a user, never holding a password,
token or client secret; a ``status`` (the HTTP status when there was one); and a stable ``code``
("forbidden", "network.timeout", "auth.invalid_grant", ...) that the checklist and the JSON
output use. Text that comes from Loket.nl (a 403 reason, a 400 description) is reduced to one
short line before it goes into a message.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

NetworkKind = Literal["timeout", "refused", "reset", "tls", "other"]
MalformedKind = Literal["not_json", "html", "content_type", "shape", "too_deep", "encoding"]

_MAX_QUOTED = 300


def one_line(text: str, limit: int = _MAX_QUOTED) -> str:
    """Collapse whitespace and cut ``text`` to ``limit`` characters."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 3] + "..."


class LoketError(Exception):
    code: str = "loket.error"

    def __init__(self, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.status = status

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return f"{type(self).__name__}(code={self.code!r}, status={self.status!r})"


class InvalidUrl(LoketError, ValueError):
    code = "config.url"


class Unauthorized(LoketError):
    code = "unauthorized"

    def __init__(self, reason: str | None = None) -> None:
        self.reason = one_line(reason) if reason else ""
        said = f" Loket.nl: {self.reason}" if self.reason else ""
        super().__init__(
            f"Loket.nl did not accept the access token (401); sign in again.{said}", status=401
        )


class Forbidden(LoketError):
    code = "forbidden"

    def __init__(self, reason: str | None) -> None:
        self.reason = one_line(reason) if reason else ""
        text = f": {self.reason}" if self.reason else "."
        super().__init__(f"Loket.nl refused this request (403){text}", status=403)


class NotFound(LoketError):
    code = "not_found"

    def __init__(self, what: str) -> None:
        super().__init__(f"Loket.nl does not know {what} (404).", status=404)


@dataclass(frozen=True)
class LoketMessage:
    """One entry of Loket's ``messages`` list."""

    code: int | None
    id: str | None
    type: str
    description: str
    properties: list[Any] = field(default_factory=list)


class BadRequest(LoketError):
    code = "bad_request"

    def __init__(self, messages: list[LoketMessage]) -> None:
        self.messages = messages
        described = "; ".join(m.description for m in messages if m.description)
        text = f": {one_line(described)}" if described else "."
        super().__init__(f"Loket.nl could not process the request (400){text}", status=400)


class RateLimited(LoketError):
    code = "rate_limited"

    def __init__(self, retry_after: float | None, *, attempts: int) -> None:
        self.retry_after = retry_after
        self.attempts = attempts
        wait = f"; it asks to wait {retry_after:.0f} s" if retry_after is not None else ""
        super().__init__(
            f"Loket.nl is limiting requests (429) after {attempts} attempt(s){wait}; "
            "try again later.",
            status=429,
        )


class ServerError(LoketError):
    code = "server_error"

    def __init__(self, status: int, *, attempts: int = 1) -> None:
        self.attempts = attempts
        tries = f" after {attempts} attempts" if attempts > 1 else ""
        super().__init__(
            f"Loket.nl had a server error ({status}){tries}; try again later, and if it "
            "persists contact api@loket.nl.",
            status=status,
        )


class UnexpectedStatus(LoketError):
    code = "http.status"

    def __init__(self, status: int) -> None:
        super().__init__(f"Loket.nl answered with unexpected HTTP status {status}.", status=status)


_NETWORK_TEXT: dict[str, str] = {
    "timeout": "Loket.nl did not answer in time",
    "refused": "the connection to Loket.nl was refused",
    "reset": "the connection to Loket.nl was broken off",
    "tls": "the TLS certificate of the server could not be verified; the connection was refused",
    "other": "Loket.nl could not be reached",
}


class NetworkError(LoketError):
    def __init__(self, kind: NetworkKind, host: str, *, attempts: int = 1) -> None:
        self.kind: NetworkKind = kind
        self.host = host
        self.attempts = attempts
        self.code = f"network.{kind}"
        tries = f" after {attempts} attempts" if attempts > 1 else ""
        advice = "" if kind == "tls" else "; check the network connection and try again"
        text = _NETWORK_TEXT[kind]
        super().__init__(f"Network error ({host}){tries}: {text}{advice}.")


_MALFORMED_TEXT: dict[str, str] = {
    "not_json": "an answer that is not valid JSON",
    "html": "a web page instead of JSON (a proxy or maintenance page?)",
    "content_type": "an answer that is not JSON",
    "shape": "JSON of an unexpected shape",
    "too_deep": "JSON nested deeper than any Loket.nl answer",
    "encoding": "an answer in an unknown or broken compression",
}


class MalformedResponse(LoketError):
    def __init__(self, kind: MalformedKind, *, status: int | None, detail: str = "") -> None:
        self.kind: MalformedKind = kind
        self.detail = one_line(detail, 120)
        self.code = f"malformed.{kind}"
        extra = f" ({self.detail})" if self.detail else ""
        super().__init__(f"Loket.nl sent {_MALFORMED_TEXT[kind]}{extra}.", status=status)


class ResponseTooLarge(LoketError):
    code = "response.too_large"

    def __init__(self, cap: int, *, status: int | None) -> None:
        self.cap = cap
        super().__init__(
            f"Loket.nl sent an answer larger than {cap // (1024 * 1024)} MiB; it was not read "
            "further. Try again later; if it persists contact api@loket.nl.",
            status=status,
        )


class AuthError(LoketError):
    """A token request or an authorization redirect failed."""

    code = "auth.error"
    text = "Loket.nl refused the sign-in."

    def __init__(self, message: str | None = None, *, status: int | None = None) -> None:
        super().__init__(message or self.text, status=status)


class InvalidGrant(AuthError):
    code = "auth.invalid_grant"
    text = (
        "Loket.nl refused the user name or password, or the user is blocked "
        "(or the sign-in code or refresh token has expired)."
    )


class InvalidClient(AuthError):
    code = "auth.invalid_client"
    text = "Loket.nl does not recognise this application (client id or client secret is wrong)."


class UnauthorizedClient(AuthError):
    code = "auth.unauthorized_client"
    text = "Loket.nl does not allow this application to sign in this way; ask api@loket.nl."


class UnsupportedGrantType(AuthError):
    code = "auth.unsupported_grant_type"
    text = (
        "Loket.nl does not offer this sign-in method to this application "
        "(the password grant is enabled only by exception); use the browser sign-in."
    )


class InvalidRequest(AuthError):
    code = "auth.invalid_request"
    text = "Loket.nl rejected the sign-in request as incomplete or malformed."


class InvalidScope(AuthError):
    code = "auth.invalid_scope"
    text = "Loket.nl rejected the requested scope."


class AccessDenied(AuthError):
    code = "auth.access_denied"
    text = "The sign-in was cancelled or access was denied at Loket.nl."


class AuthServerError(AuthError):
    code = "auth.server_error"
    text = "Loket.nl's sign-in service had an error; try again later."


class StateMismatch(AuthError):
    code = "auth.state_mismatch"
    text = (
        "The sign-in answer does not belong to this sign-in (state does not match); "
        "start the sign-in again."
    )


class MissingCode(AuthError):
    code = "auth.no_code"
    text = "No sign-in code found; paste the whole address the browser ended on, or the code."


class NoCredentials(AuthError):
    code = "auth.no_credentials"
    text = "No password or refresh token is stored for this user; sign in first."


OAUTH_ERRORS: dict[str, type[AuthError]] = {
    "invalid_grant": InvalidGrant,
    "invalid_client": InvalidClient,
    "unauthorized_client": UnauthorizedClient,
    "unsupported_grant_type": UnsupportedGrantType,
    "unsupported_response_type": UnauthorizedClient,
    "invalid_request": InvalidRequest,
    "invalid_scope": InvalidScope,
    "access_denied": AccessDenied,
    "server_error": AuthServerError,
    "temporarily_unavailable": AuthServerError,
}


def oauth_error(error: str, *, status: int | None = None) -> AuthError:
    """The AuthError for an RFC 6749 ``error`` code (unknown codes give a plain AuthError)."""
    cls = OAUTH_ERRORS.get(error)
    if cls is not None:
        return cls(status=status)
    return AuthError(f"Loket.nl refused the sign-in ({one_line(error, 60)}).", status=status)
