"""JSON bodies of the simulated resources, shaped as Loket's OpenAPI schemas give them."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from tui.loket.simulator.model import Activity
from tui.loket.simulator.scenario import (
    Employee,
    Employer,
    Employment,
    Integration,
    OAuthClient,
    PayrollAdministration,
    User,
    stable_id,
)

_NETHERLANDS = {"key": 530, "value": "Nederland", "isoCode": "NL"}
_GENDER_KEYS = {"Man": 1, "Vrouw": 2, "Onbekend": 3}


def user(u: User) -> dict[str, Any]:
    return {
        "personalDetails": {
            "firstName": u.first_name or None,
            "initials": u.initials,
            "prefix": u.prefix,
            "lastName": u.last_name,
        },
        "contactInformation": {
            "placeOfEmployment": None,
            "phoneNumber": None,
            "emailAddress": u.email.lower(),
        },
        "user": {
            "userSpecifiedRole": {"key": 3, "value": u.role},
            "userCustomSpecifiedRole": None,
        },
        "photo": None,
    }


def employer(e: Employer) -> dict[str, Any]:
    return {
        "id": e.id,
        "employerNumber": e.employer_number,
        "companyName": e.company_name,
        "chamberOfCommerceNumber": e.chamber_of_commerce_number,
        "employerLogo": None,
        "providerLogo": None,
        "sbi": None,
        "legalForm": {"key": 7, "value": "Besloten vennootschap"}
        if e.company_name.endswith("B.V.")
        else None,
        "branch": None,
        "providerSettings": {
            "administrationNumber": e.administration_number,
            "groupCode": None,
            "parentEmployerForConsolidatedOverviews": None,
            "sendEmailWhenSalarySlipIsAvailable": False,
        },
        "contact": None,
        "contactInformation": None,
        "address": {
            "street": "Hoofdstraat",
            "city": e.city,
            "houseNumber": 1 + e.employer_number % 180,
            "houseNumberAddition": None,
            "furtherIndication": None,
            "postalCode": f"{1000 + e.employer_number % 8999} AB",
            "location": None,
            "country": _NETHERLANDS,
            "province": None,
        },
        "deviatingPostalAddress": None,
    }


def payroll_administration(pa: PayrollAdministration) -> dict[str, Any]:
    return {
        "id": pa.id,
        "name": pa.name,
        "shortName": pa.short_name,
        "administrationNumber": pa.administration_number or None,
        "clientNumber": pa.client_number,
        "description": pa.name[:50],
        "startDate": "2020-01-01",
        "endDate": None,
    }


def _formatted_name(e: Employee) -> str:
    return " ".join(p for p in (e.initials, e.prefix, e.last_name) if p)


def employee(e: Employee) -> dict[str, Any]:
    return {
        "id": e.id,
        "employeeNumber": e.employee_number,
        "personalDetails": {
            "firstName": e.first_name,
            "lastName": e.last_name,
            "prefix": e.prefix,
            "initials": e.initials,
            "formattedName": _formatted_name(e),
            "dateOfBirth": e.date_of_birth.isoformat(),
            "aowDate": _aow_date(e.date_of_birth).isoformat(),
            "gender": {"key": _GENDER_KEYS[e.gender], "value": e.gender},
        },
        "contactInformation": {"emailAddress": None, "phoneNumber": None},
        "exclusionFromAbsenceStatus": False,
    }


def _aow_date(born: date) -> date:
    return born.replace(year=born.year + 67, day=min(born.day, 28))


def employment(
    e: Employee, m: Employment, administration: PayrollAdministration | None
) -> dict[str, Any]:
    return {
        "id": m.id,
        "employee": {
            "id": e.id,
            "employeeNumber": e.employee_number,
            "firstName": e.first_name,
            "initials": e.initials,
            "prefix": e.prefix,
            "lastName": e.last_name,
            "formattedName": _formatted_name(e),
            "dateOfBirth": e.date_of_birth.isoformat(),
            "photo": None,
        },
        "startDate": m.start_date.isoformat(),
        "historicalStartDate": None,
        "endDate": m.end_date.isoformat() if m.end_date else None,
        "payrollAdministration": None
        if administration is None
        else {
            "id": administration.id,
            "name": administration.name,
            "clientNumber": administration.client_number,
            "description": administration.name[:50],
        },
        "typeOfEmployee": {"key": 1, "value": "Personeel"},
        "employmentCategoryType": {"key": 1, "value": "Loondienst"},
        "employmentDurationType": {"key": 1, "value": "Onbepaalde tijd"},
        "incomeRelationshipNumber": 1,
        "payrollId": 1,
        "isOnCallEmployment": False,
        "isAnonymousEmployee": False,
        "calculateWorkingHours": True,
        "writtenEmploymentContract": True,
    }


def citizen_service_number(m: Employment, e: Employee) -> dict[str, Any]:
    return {
        "employmentId": m.id,
        "citizenServiceNumber": {"citizenServiceNumber": e.citizen_service_number},
    }


def wage(m: Employment) -> dict[str, Any]:
    return {
        "id": stable_id("wage", m.id, 1),
        "startDate": m.start_date.isoformat(),
        "endDate": None,
        "payrollPeriodType": {"key": 1, "value": "Maand"},
        "grossWage": m.gross_wage,
        "grossWageType": {"key": 1, "value": "Bruto"},
        "isGrossWageFullTime": True,
        "netWage": None,
        "netWageType": None,
        "employerCosts": None,
        "employerCostsType": None,
        "payScale": None,
        "payGrade": None,
        "applyPayGrade": None,
    }


def payroll_period_data(m: Employment, year: int, period: int) -> dict[str, Any]:
    start = date(year, period, 1)
    end = (start.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    return {
        "id": stable_id("payrollperioddata", m.id, year, period),
        "payrollPeriod": {
            "year": year,
            "periodNumber": period,
            "periodStartDate": start.isoformat(),
            "periodEndDate": end.isoformat(),
        },
        "shift": {"shiftNumber": 1, "fullTimeHoursPerWeek": m.hours_per_week, "bonusPercentage": 0},
        "payslipType": {"key": 2, "value": "Normaal"},
        "payslipText": None,
        "distributionUnit": {
            "key": stable_id("distributionunit", m.id),
            "code": 1,
            "description": "Algemeen",
        },
        "costCenter": None,
        "costUnit": None,
        "payrollComponents": [],
    }


def payroll_run(pa: PayrollAdministration, year: int, period: int) -> dict[str, Any]:
    requested = datetime(year, period, 24, 9, 30)
    return {
        "id": stable_id("payrollrun", pa.id, year, period),
        "payrollPeriod": {"year": year, "periodNumber": period},
        "payrollRunStatus": {"key": 3, "value": "Goedgekeurd"},
        "textPaySlip": None,
        "textPayment": None,
        "requestTime": requested.isoformat() + "+01:00",
        "processingFinishedTime": (requested + timedelta(minutes=4)).isoformat() + "+01:00",
        "approvalTime": (requested + timedelta(hours=2)).isoformat() + "+01:00",
        "sequenceNumber": period,
        "methodOfCreation": {"key": 1, "value": "Handmatig"},
        "errorsAndWarnings": {"hasErrors": False, "hasWarnings": False},
        "payrollTaxReturnPeriod": {"year": year, "periodNumber": period},
    }


def integration(i: Integration) -> dict[str, Any]:
    return {
        "createdOn": i.created_on.isoformat(),
        "lastLogin": i.last_login.isoformat() if i.last_login else None,
        "isBlocked": i.is_blocked,
        "application": {
            "id": i.application_id,
            "name": i.application,
            "logo": None,
            "isBlocked": False,
            "isAvailableInMarketplace": True,
        },
    }


def _named(kind: str, name: str) -> dict[str, str]:
    return {"id": stable_id(kind, name), "description": name}


def authorization_model(a: Activity) -> dict[str, Any]:
    return {
        "id": stable_id("activity", a.name),
        "description": a.name,
        "functionalDescription": a.functional_description,
        "authorizations": [_named("right", r) for r in a.rights],
        "modules": [_named("module", m) for m in a.modules],
        "roles": [_named("role", r) for r in a.roles],
    }


def authorization(name: str, version: str) -> dict[str, Any]:
    if version >= "2019-02-11":
        return {"id": stable_id("activity", name), "description": name}
    return {"name": name}


def application_authorization(a: Activity) -> dict[str, Any]:
    return {
        "id": stable_id("activity", a.name),
        "activity": a.name,
        "displayName": (a.functional_description or a.name)[:50],
        "requiredEmployerModules": [_named("module", m) for m in a.modules],
        "requiredUserAuthorizations": [
            {**_named("right", r), "availableForEmployerUser": True} for r in a.rights
        ],
        "allowedRoles": [_named("role", r) for r in a.roles],
    }


def linked_activities(client: OAuthClient, activities: dict[str, Activity]) -> list[Activity]:
    return [a for key, a in activities.items() if key not in client.unlinked_activities]
