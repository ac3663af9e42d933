"""The one check of a Loket.nl API or OAuth base URL, used by the settings and the client.

``https`` is required, except on a loopback address (127.0.0.0/8, ::1, localhost) where
``http`` serves the simulator. User info, query and fragment are refused, and so is a port
outside 1-65535. The reason is one line, fit to show.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from tui.loket.errors import InvalidUrl, one_line


def is_loopback_host(host: str) -> bool:
    host = host.strip("[]").lower()
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def validate_base_url(url: str) -> str:
    """``url`` without a trailing slash, or InvalidUrl saying what is wrong with it."""
    text = url.strip()
    shown = one_line(repr(text), 120)
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        raise InvalidUrl(f"{shown} is not a valid URL (is the port between 1 and 65535?)") from None
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("http", "https") or not host:
        raise InvalidUrl(f"{shown} is not a URL; use https://host/path")
    if parts.username is not None or parts.password is not None:
        raise InvalidUrl("a Loket.nl URL must not contain a user name or password")
    if parts.query or parts.fragment:
        raise InvalidUrl(f"{shown}: a Loket.nl base URL takes no query (?) or fragment (#)")
    if port == 0:
        raise InvalidUrl(f"{shown}: port 0 is not a valid port")
    if parts.scheme == "http" and not is_loopback_host(host):
        raise InvalidUrl(
            f"{shown} uses plain http; Loket.nl needs https "
            "(http is only allowed on 127.0.0.1, localhost or [::1])"
        )
    return text.rstrip("/")
