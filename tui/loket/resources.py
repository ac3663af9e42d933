"""Loket's GET operations Koppelaar uses: path, resource version, list or detail, paged."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

# Loket documents no maximum pageSize; 250 is its documented default. It is sent explicitly
# because Loket warns that the default may change.
PAGE_SIZE = 250
# A list longer than this is treated as a broken envelope rather than fetched.
MAX_PAGES = 400


@dataclass(frozen=True)
class Resource:
    """One GET operation of Loket's OpenAPI document."""

    operation: str
    path: str
    version: str
    kind: Literal["list", "detail"]
    paged: bool = False

    @property
    def accept(self) -> str:
        return f"application/json;version={self.version}"


# operationId -> resource. Versions are the newest each operation documents in Loket's
# OpenAPI document (excerpts in tests/data/openapi/); paged = it documents pageNumber/pageSize.
RESOURCES: dict[str, Resource] = {
    r.operation: r
    for r in (
        Resource("GetUserByToken", "/user", "2018-01-01", "detail"),
        Resource("GetEmployersByUserId", "/providers/employers", "2018-01-01", "list", True),
        Resource(
            "GetEmployerByEmployerId", "/providers/employers/{employerId}", "2018-01-01", "detail"
        ),
        Resource(
            "GetAuthorizationsByEmployerId",
            "/providers/employers/{employerId}/authorizations",
            "2019-02-11",
            "list",
        ),
        Resource(
            "GetAuthorizationModelByBearerToken", "/authorizationmodel", "2018-01-01", "list", True
        ),
        Resource("GetIntegrationsByBearerToken", "/users/integrations", "2018-01-01", "list"),
        Resource(
            "GetEmployeesByEmployerId",
            "/providers/employers/{employerId}/employees",
            "2021-03-29",
            "list",
            True,
        ),
        Resource(
            "GetEmploymentsByEmployerId",
            "/providers/employers/{employerId}/employees/employments",
            "2019-12-16",
            "list",
            True,
        ),
        Resource(
            "GetcitizenServiceNumbersByEmployerId",
            "/providers/employers/{employerId}/employees/citizenservicenumbers",
            "2018-01-01",
            "list",
            True,
        ),
        Resource(
            "GetWagesByEmploymentId",
            "/providers/employers/employees/employments/{employmentId}/wages",
            "2018-01-01",
            "list",
            True,
        ),
        Resource(
            "GetPayrollPeriodDataByEmploymentId",
            "/providers/employers/employees/employments/{employmentId}/payrollperioddata",
            "2018-01-01",
            "list",
            True,
        ),
        Resource(
            "GetPayrollAdministrationsByEmployerId",
            "/providers/employers/{employerId}/payrolladministrations",
            "2018-01-01",
            "list",
            True,
        ),
        Resource(
            "GetPayrollRunsByPayrollAdministrationId",
            "/providers/employers/payrolladministrations/{payrollAdministrationId}/payrollruns",
            "2018-01-01",
            "list",
            True,
        ),
        Resource(
            "GetApplicationAuthorizationsByApplicationId",
            "/applications/{applicationId}/authorizations",
            "2018-01-01",
            "list",
        ),
    )
}
