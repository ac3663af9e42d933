"""A simulator world with one Loket.nl user per network fault, plus healthy users.

Each user reaches ``EMPLOYERS_PER_USER`` employers with all six rights; a fault rule scoped to a
user hits every API call that user's token makes (OAuth is left alone, so the sign-in works and
the fault shows up where the check reads data).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tests.hardening.hostile import NN_RIGHTS
from tui.profiles.model import Profile

CLIENT_ID = "koppelaar-faults"
CLIENT_SECRET = "faults-client-secret-5678"
EMPLOYERS_PER_USER = 2
# The read timeout in these tests (KOPPELAAR_LOKET_TIMEOUT); the slow user answers later.
READ_TIMEOUT = 1.0
SLOW_ANSWER_MS = 2500


@dataclass(frozen=True)
class FaultCase:
    user: str
    rule: dict[str, Any]  # a [[faults]] entry without the user
    # Words of which at least one must appear in the profile's reason (lower case).
    reason_words: tuple[str, ...]


FAULT_CASES: tuple[FaultCase, ...] = (
    FaultCase("f-timeout", {"latency_ms": SLOW_ANSWER_MS}, ("in time", "op tijd", "timeout")),
    FaultCase("f-reset", {"reset": 10_000}, ("broken off", "verbroken", "reset")),
    FaultCase("f-500", {"error_rate": 1.0, "error_status": 500}, ("server error", "500")),
    FaultCase("f-503", {"error_rate": 1.0, "error_status": 503}, ("server error", "503")),
    FaultCase("f-429", {"rate_limit": 10_000, "retry_after": 1}, ("429", "limiting")),
    FaultCase("f-bad-json", {"malformed": "invalid_json"}, ("json",)),
    FaultCase("f-html", {"malformed": "html"}, ("web page", "html", "webpagina")),
    FaultCase("f-content-type", {"malformed": "wrong_content_type"}, ("not json", "geen json")),
)
HEALTHY_USERS = ("ok-1", "ok-2")


def password(user: str) -> str:
    return f"Pw-{user}-Faults-2026!"


def _users() -> list[str]:
    return [*HEALTHY_USERS, *(case.user for case in FAULT_CASES)]


def employer_number(user_index: int, n: int) -> int:
    return 70000 + user_index * 10 + n


def faults_scenario_dict(with_faults: bool = True) -> dict[str, Any]:
    employers: list[dict[str, Any]] = []
    access: list[dict[str, Any]] = []
    for index, user in enumerate(_users()):
        for n in range(EMPLOYERS_PER_USER):
            number = employer_number(index, n)
            employers.append(
                {
                    "employer_number": number,
                    "company_name": f"Werkgever {user} {n} B.V.",
                    "payroll_administrations": [
                        {"client_number": number + 100000, "name": f"Salaris {number}"}
                    ],
                    "employees": [{"employee_number": 1, "last_name": "Jansen"}],
                }
            )
            access.append({"user": user, "employer": number, "rights": NN_RIGHTS})
    faults = [{"path": "/v2/*", "user": case.user, **case.rule} for case in FAULT_CASES]
    return {
        "clients": [
            {
                "client_id": CLIENT_ID,
                "client_secret": CLIENT_SECRET,
                "application": "Koppelaar",
                "password_grant": True,
            }
        ],
        "users": [{"username": user, "password": password(user)} for user in _users()],
        "employers": employers,
        "access": access,
        "faults": faults if with_faults else [],
    }


def faults_profiles() -> list[Profile]:
    profiles = []
    for index, user in enumerate(_users()):
        for n in range(EMPLOYERS_PER_USER):
            number = employer_number(index, n)
            profiles.append(
                Profile(
                    slug=f"{user}-{n}",
                    name=f"Werkgever {user} {n} B.V.",
                    werkgever_id=str(number),
                    username=user,
                )
            )
    return profiles


def user_passwords() -> dict[str, str]:
    return {user: password(user) for user in _users()}
