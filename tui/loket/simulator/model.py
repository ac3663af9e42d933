"""The built-in authorization model: activities (operationIds) and what grants them.

An activity passes for a user and employer when the client is linked to it, the user holds one
of its rights (an empty list: any user who reaches the employer), the user's role is one of its
roles (empty: any), and the employer has one of its modules (empty, or employer modules not
modelled: any). ``scope = "user"`` activities concern the user, not an employer.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Activity:
    name: str
    rights: tuple[str, ...] = ()
    modules: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    scope: str = "employer"
    functional_description: str = ""


_ROLES = ("Provider", "Werkgever")
_PAYROLL = ("Salarisverwerking",)
_HRM = ("Personeelsregistratie",)


def _activity(
    name: str,
    rights: tuple[str, ...],
    description: str,
    modules: tuple[str, ...] = (),
    scope: str = "employer",
) -> Activity:
    return Activity(name, rights, modules, _ROLES, scope, description)


BUILTIN_ACTIVITIES: dict[str, Activity] = {
    a.name: a
    for a in (
        _activity("GetUserByToken", (), "Ophalen van de huidige gebruiker", scope="user"),
        _activity("GetEmployersByUserId", (), "Ophalen van de werkgevers", scope="user"),
        _activity(
            "GetAuthorizationModelByBearerToken", (), "Ophalen autorisatiemodel", scope="user"
        ),
        _activity("GetIntegrationsByBearerToken", (), "Ophalen van koppelingen", scope="user"),
        _activity(
            "GetApplicationAuthorizationsByApplicationId",
            (),
            "Ophalen van de activiteiten van een applicatie",
            scope="user",
        ),
        _activity("GetEmployerByEmployerId", (), "Ophalen van een werkgever"),
        _activity("GetAuthorizationsByEmployerId", (), "Ophalen van de autorisaties"),
        _activity(
            "GetPayrollAdministrationsByEmployerId", (), "Ophalen van de verloningen", _PAYROLL
        ),
        _activity("PutEmployerByEmployerId", ("Beheren werkgever",), "Wijzigen van een werkgever"),
        _activity(
            "GetcitizenServiceNumbersByEmployerId",
            ("Beheren en raadplegen BSN",),
            "Ophalen van de BSN's van de werknemers",
            _HRM,
        ),
        _activity(
            "GetCitizenServiceNumberByEmployeeId",
            ("Beheren en raadplegen BSN",),
            "Ophalen van het BSN van een werknemer",
            _HRM,
        ),
        _activity(
            "GetWagesByEmploymentId",
            ("Raadplegen beloningen", "Beheren beloningen"),
            "Ophalen van de salarisgegevens van een medewerker",
            _PAYROLL,
        ),
        _activity(
            "GetActualWagesByEmployerId",
            ("Raadplegen beloningen", "Beheren beloningen"),
            "Ophalen van de actuele salarissen",
            _PAYROLL,
        ),
        _activity(
            "GetEmploymentsByEmployerId",
            ("Raadplegen dienstverbanden", "Beheren dienstverbanden"),
            "Ophalen van de dienstverbanden",
            _HRM,
        ),
        _activity(
            "GetEmploymentByEmploymentId",
            ("Raadplegen dienstverbanden", "Beheren dienstverbanden"),
            "Ophalen van een dienstverband",
            _HRM,
        ),
        _activity(
            "GetEmployeesByEmployerId",
            ("Raadplegen HRM", "Beheren HRM"),
            "Ophalen van de werknemers",
            _HRM,
        ),
        _activity(
            "GetEmployeeByEmployeeId",
            ("Raadplegen HRM", "Beheren HRM"),
            "Ophalen van een werknemer",
            _HRM,
        ),
        _activity(
            "GetPayrollRunsByPayrollAdministrationId",
            ("Raadplegen loonoutput",),
            "Ophalen van de verloningsruns",
            _PAYROLL,
        ),
        _activity(
            "GetPayslipsByPayrollRunId",
            ("Raadplegen loonoutput",),
            "Ophalen van de loonstroken",
            _PAYROLL,
        ),
        _activity(
            "GetPayrollPeriodDataByEmploymentId",
            ("Raadplegen variabele gegevens", "Beheren variabele gegevens"),
            "Ophalen van de variabele gegevens",
            _PAYROLL,
        ),
        _activity(
            "GetLeaveByEmploymentId",
            ("Raadplegen verlof", "Beheren verlof"),
            "Ophalen van het verlof",
            _HRM,
        ),
    )
}
