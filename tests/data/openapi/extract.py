"""Regenerate the schema excerpts in this folder from Loket's OpenAPI document.

Run by hand (never by the tests): ``python tests/data/openapi/extract.py PATH/TO/openapi.json``.
Writes one JSON file per operation: the 200 response schema of every documented resource version
and the shared error responses, with every ``$ref`` resolved inline.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

OPERATIONS = {
    "GetUserByToken": "/user",
    "GetEmployersByUserId": "/providers/employers",
    "GetEmployerByEmployerId": "/providers/employers/{employerId}",
    "GetAuthorizationsByEmployerId": "/providers/employers/{employerId}/authorizations",
    "GetAuthorizationModelByBearerToken": "/authorizationmodel",
    "GetIntegrationsByBearerToken": "/users/integrations",
    "GetEmployeesByEmployerId": "/providers/employers/{employerId}/employees",
    "GetEmploymentsByEmployerId": "/providers/employers/{employerId}/employees/employments",
    "GetcitizenServiceNumbersByEmployerId": (
        "/providers/employers/{employerId}/employees/citizenservicenumbers"
    ),
    "GetWagesByEmploymentId": "/providers/employers/employees/employments/{employmentId}/wages",
    "GetPayrollPeriodDataByEmploymentId": (
        "/providers/employers/employees/employments/{employmentId}/payrollperioddata"
    ),
    "GetPayrollAdministrationsByEmployerId": (
        "/providers/employers/{employerId}/payrolladministrations"
    ),
    "GetPayrollRunsByPayrollAdministrationId": (
        "/providers/employers/payrolladministrations/{payrollAdministrationId}/payrollruns"
    ),
    "GetApplicationAuthorizationsByApplicationId": "/applications/{applicationId}/authorizations",
}
# Admin mode (DESIGN section 9): operationId -> (path, method, success status).
ADMIN_OPERATIONS = {
    "GetEmployerUsersByEmployerId": ("/providers/employers/{employerId}/users", "get", "200"),
    "GetEmployerUserAuthorizationsByEmployerIdAndUserId": (
        "/providers/employers/{employerId}/users/{userId}/authorizations",
        "get",
        "200",
    ),
    "PatchEmployerUserAuthorizationsByEmployerIdAndUserId": (
        "/providers/employers/{employerId}/users/{userId}/authorizations",
        "patch",
        "200",
    ),
    "PostInviteEmployerUserByEmployerId": (
        "/providers/employers/{employerId}/users/invite",
        "post",
        "201",
    ),
    "PatchManageEmployerUserLoketAccessByUserId": (
        "/providers/employers/users/{userId}/access",
        "patch",
        "200",
    ),
    "GetEmployerUserByUserId": ("/providers/employers/users/{userId}", "get", "200"),
    "PutEmployerUserByUserId": ("/providers/employers/users/{userId}", "put", "200"),
    "GetProvidersByUser": ("/providers", "get", "200"),
    "GetProviderUsersByProviderId": ("/providers/{providerId}/users", "get", "200"),
    "GetProviderUserAuthorizationsByUserId": (
        "/providers/users/{userId}/authorizations",
        "get",
        "200",
    ),
    "GetAuthorizationGroupsByProviderId": (
        "/providers/{providerId}/authorizationgroups",
        "get",
        "200",
    ),
    "GetAuthorizationGroupUsersByAuthorizationGroupId": (
        "/providers/authorizationgroups/{authorizationGroupId}/users",
        "get",
        "200",
    ),
    "GetAuthorizationGroupEmployersByAuthorizationGroupId": (
        "/providers/authorizationgroups/{authorizationGroupId}/employers",
        "get",
        "200",
    ),
}
SHARED_RESPONSES = [
    "unauthorized",
    "forbidden",
    "notFound",
    "badRequestCollection",
    "badRequestDetail",
]
# Keywords that only document; dropped to keep the excerpts small.
DROP = {"example", "description", "x-loket-db-field", "x-loket-implementation", "readOnly"}


def resolve(node: Any, doc: dict[str, Any], seen: tuple[str, ...] = (), names: bool = False) -> Any:
    """Inline every $ref; ``names`` marks a ``properties`` map, whose keys are field names."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str):
            if ref in seen:
                return {}
            target: Any = doc
            for part in ref.removeprefix("#/").split("/"):
                target = target[part]
            return resolve(target, doc, (*seen, ref))
        return {
            k: resolve(v, doc, seen, names=not names and k == "properties")
            for k, v in node.items()
            if names or k not in DROP
        }
    if isinstance(node, list):
        return [resolve(item, doc, seen) for item in node]
    return node


def main(source: Path) -> None:
    doc = json.loads(source.read_text(encoding="utf-8"))
    out = Path(__file__).parent
    for operation_id, path in OPERATIONS.items():
        get = doc["paths"][path]["get"]
        assert get["operationId"] == operation_id
        versions = {
            media_type.split("version=")[1]: resolve(body["schema"], doc)
            for media_type, body in get["responses"]["200"]["content"].items()
        }
        excerpt = {
            "source": f"#/paths/{path.replace('~', '~0').replace('/', '~1')}/get",
            "operationId": operation_id,
            "path": path,
            "statuses": sorted(get["responses"]),
            "versions": versions,
        }
        (out / f"{operation_id}.json").write_text(
            json.dumps(excerpt, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
        )
    for operation_id, (path, method, status) in ADMIN_OPERATIONS.items():
        operation = doc["paths"][path][method]
        assert operation["operationId"] == operation_id
        request = operation.get("requestBody", {}).get("content", {})
        excerpt = {
            "source": f"#/paths/{path.replace('~', '~0').replace('/', '~1')}/{method}",
            "operationId": operation_id,
            "path": path,
            "method": method.upper(),
            "status": int(status),
            "statuses": sorted(operation["responses"]),
            "versions": {
                media_type.split("version=")[1]: resolve(body["schema"], doc)
                for media_type, body in operation["responses"][status]["content"].items()
            },
            "request": {
                media_type.split("version=")[1]: resolve(body["schema"], doc)
                for media_type, body in request.items()
            },
        }
        (out / f"{operation_id}.json").write_text(
            json.dumps(excerpt, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
        )
    shared = {
        name: {
            "source": f"#/components/responses/{name}",
            "response": resolve(doc["components"]["responses"][name], doc),
        }
        for name in SHARED_RESPONSES
    }
    (out / "responses.json").write_text(
        json.dumps(shared, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )


if __name__ == "__main__":
    main(Path(sys.argv[1]))
