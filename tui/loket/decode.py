"""Loket's answers read strictly: status codes to typed errors, envelopes, paging fields,
and the ``version`` block (a resource version Loket will retire carries an ``obsoleteDate``)."""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from tui.loket.errors import (
    BadRequest,
    Forbidden,
    LoketMessage,
    MalformedResponse,
    NotFound,
    ServerError,
    Unauthorized,
    UnexpectedStatus,
)
from tui.loket.records import JsonObject, as_int, as_object, as_str, shape
from tui.loket.resources import MAX_PAGES, Resource


@dataclass(frozen=True)
class RetiringVersion:
    """A resource version Loket said it will stop serving on ``obsolete_date``."""

    operation: str
    resource_version: str
    obsolete_date: str


def retiring_version(envelope: JsonObject, resource: Resource) -> RetiringVersion | None:
    version = as_object(envelope.get("version"))
    obsolete = as_str(version.get("obsoleteDate"))
    if not obsolete:
        return None
    served = as_str(version.get("resourceVersion")) or resource.version
    return RetiringVersion(resource.operation, served, obsolete)


def decode(response: httpx.Response, resource: Resource) -> JsonObject:
    status = response.status_code
    if 200 <= status < 300:
        envelope = _json_object(response)
        messages = envelope.get("messages", [])
        if not isinstance(messages, list):
            raise shape("'messages' is not a list")
        return envelope
    if status == 401:
        raise Unauthorized(_error_message(response))
    if status == 403:
        raise Forbidden(_error_message(response))
    if status == 404:
        raise NotFound(f"this {_resource_noun(resource)}")
    if status == 400:
        raise BadRequest(_messages(response))
    if status >= 500:
        raise ServerError(status)
    raise UnexpectedStatus(status)


def _looks_like_html(response: httpx.Response) -> bool:
    content_type = response.headers.get("Content-Type", "").lower()
    head = response.content[:512].lstrip().lower()
    return "html" in content_type or head.startswith((b"<!doctype", b"<html", b"<"))


def _is_json_type(response: httpx.Response) -> bool:
    media = response.headers.get("Content-Type", "").split(";", 1)[0].strip().lower()
    return media == "application/json" or media.endswith("+json")


def _json_object(response: httpx.Response) -> JsonObject:
    status = response.status_code
    if _looks_like_html(response):
        raise MalformedResponse("html", status=status)
    if not _is_json_type(response):
        media = response.headers.get("Content-Type", "none").split(";", 1)[0]
        raise MalformedResponse("content_type", status=status, detail=f"Content-Type {media}")
    try:
        body = response.json()
    except ValueError:
        raise MalformedResponse("not_json", status=status) from None
    if not isinstance(body, dict):
        raise MalformedResponse("shape", status=status, detail="the body is not an object")
    return body


def _error_message(response: httpx.Response) -> str | None:
    try:
        body = response.json()
    except ValueError:
        return None
    message = body.get("message") if isinstance(body, dict) else None
    return message if isinstance(message, str) else None


def _messages(response: httpx.Response) -> list[LoketMessage]:
    try:
        body = response.json()
    except ValueError:
        # Loket documents text/plain bodies for API-level 400s.
        text = response.text.strip()
        if not text or _looks_like_html(response):
            return []
        return [LoketMessage(code=None, id=None, type="Text", description=text)]
    raw = body.get("messages") if isinstance(body, dict) else None
    if not isinstance(raw, list):
        return []
    result = []
    for entry in raw:
        if not isinstance(entry, dict):
            continue
        properties = entry.get("properties")
        result.append(
            LoketMessage(
                code=as_int(entry.get("code")),
                id=as_str(entry.get("id")),
                type=as_str(entry.get("type")) or "",
                description=as_str(entry.get("description")) or "",
                properties=properties if isinstance(properties, list) else [],
            )
        )
    return result


_ID_NOUNS = {
    "employerId": "employer",
    "employmentId": "employment",
    "payrollAdministrationId": "payroll administration",
    "applicationId": "application",
}


def _resource_noun(resource: Resource) -> str:
    """What a 404 is about: the entity whose id is in the path, else the path itself."""
    if "{" in resource.path:
        last_id = resource.path.rsplit("{", 1)[1].split("}", 1)[0]
        return _ID_NOUNS.get(last_id, last_id)
    return f"resource {resource.path}"


def embedded(envelope: JsonObject) -> list[JsonObject]:
    items = envelope.get("_embedded")
    if not isinstance(items, list):
        raise shape("'_embedded' is not a list")
    if not all(isinstance(item, dict) for item in items):
        raise shape("'_embedded' holds something other than objects")
    return items


def total_pages(envelope: JsonObject) -> int:
    total = envelope.get("totalPages", 1)
    if total is None:
        return 1
    if not isinstance(total, int) or isinstance(total, bool) or total < 0:
        raise shape("'totalPages' is not a whole number")
    if total > MAX_PAGES:
        raise shape(f"'totalPages' is {total}, more than {MAX_PAGES}")
    return total
