"""Hostile text for the CLI and TUI tests: markup, terminal escapes, invisible and bidi
characters, very long names, invalid UTF-8, and a simulator world that serves them.

    from tests.hardening.hostile import HOSTILE_NAMES, hostile_scenario, FORBIDDEN_IN_OUTPUT

Every name is something a Loket.nl employer, a CSV cell or a profile file could hold. Shown
anywhere, each must appear literally (markup as text, escapes as visible ``\\x1b``), never be
interpreted, and never break the layout.
"""

from __future__ import annotations

from typing import Any

from tui.loket.simulator.scenario import Scenario

MARKUP = "[bold red]Vet[/] [link=https://evil.invalid/]klik[/link] [/] [@click=app.quit]x[/]"
ANSI = "\x1b[31mRood\x1b[0m \x1b[2J\x1b[H \x1b]0;titel\x07 \x1b]8;;https://evil.invalid\x1b\\link"
C1_CONTROLS = "C1\x9b31mcsi\x9d0;osc\x9c \x85nel \x7fdel \x08bs \r cr"
ZERO_WIDTH = "Nul\u200bbreedte\u200c\u200d\u2060\ufeffB.V."
BIDI = "\u202eV.B kcab\u202c \u2066isolaat\u2069 \u200frtl\u200e \u061c"
NEWLINES = "Regel een\nRegel twee\u2028Regel drie\u2029\tTab"
LONG = "Lang" + "A" * 9_996  # 10,000 characters
# Characters that must reach the user as characters (not hostile, but easily mangled).
BENIGN_UNICODE = "Café De Zwaan — Ελληνικά 日本語"

HOSTILE_NAMES: dict[str, str] = {
    "markup": MARKUP,
    "ansi": ANSI,
    "c1": C1_CONTROLS,
    "zero_width": ZERO_WIDTH,
    "bidi": BIDI,
    "newlines": NEWLINES,
    "long": LONG,
}

# Invalid UTF-8 as it could sit in a profile file or a CSV (lone continuation byte, overlong
# encoding, a surrogate's encoding, truncated sequence, Latin-1 byte).
INVALID_UTF8 = b"Caf\xe9 \x80 \xc0\xaf \xed\xa0\x80 \xe2\x82"

# Code points that must never reach a terminal raw: C0/C1 controls except newline, DEL,
# bidirectional controls, zero-width characters and other invisible format characters.
FORBIDDEN_IN_OUTPUT = frozenset(
    [chr(c) for c in range(0x00, 0x20) if c != 0x0A]
    + [chr(c) for c in range(0x7F, 0xA0)]
    + [chr(c) for c in range(0x200B, 0x2010)]
    + [chr(c) for c in range(0x2028, 0x202F)]
    + [chr(c) for c in range(0x2060, 0x206A)]
    + ["\ufeff", "\u061c"]
)


def forbidden_in(text: str) -> list[str]:
    """The forbidden code points ``text`` holds, as ``U+XXXX`` (empty when clean)."""
    return sorted({f"U+{ord(c):04X}" for c in text if c in FORBIDDEN_IN_OUTPUT})


NN_RIGHTS = [
    "Beheren en raadplegen BSN",
    "Raadplegen beloningen",
    "Raadplegen dienstverbanden",
    "Raadplegen HRM",
    "Raadplegen loonoutput",
    "Raadplegen variabele gegevens",
]
CLIENT_ID = "koppelaar-hostile"
CLIENT_SECRET = "hostile-client-secret-1234"
HOSTILE_USER = "xs-hostile"
HOSTILE_PASSWORD = "Hostile-Passw0rd-2026!"
FIRST_EMPLOYER_NUMBER = 90001


def hostile_employer_numbers() -> dict[str, int]:
    """Kind of hostile name -> the employer number that carries it in ``hostile_scenario``."""
    return {kind: FIRST_EMPLOYER_NUMBER + i for i, kind in enumerate(HOSTILE_NAMES)}


def hostile_scenario_dict(with_forbidden_rights: bool = True) -> dict[str, Any]:
    """A world where one user reaches one employer per hostile name.

    The user's own names are hostile too; each employer's company name, administration name and
    employee name carry the hostile text, and (``with_forbidden_rights``) the user lacks one
    right so the checklist shows details that quote Loket's data.
    """
    rights = NN_RIGHTS[1:] if with_forbidden_rights else NN_RIGHTS
    employers: list[dict[str, Any]] = []
    access: list[dict[str, Any]] = []
    for kind, number in hostile_employer_numbers().items():
        name = HOSTILE_NAMES[kind]
        employers.append(
            {
                "employer_number": number,
                "company_name": name,
                "administration_number": name[:40],
                "city": name,
                "payroll_administrations": [
                    {
                        "client_number": number + 100000,
                        "administration_number": name[:20],
                        "name": name,
                    }
                ],
                "employees": [{"employee_number": 1, "last_name": name}],
            }
        )
        access.append({"user": HOSTILE_USER, "employer": number, "rights": rights, "team": name})
    return {
        "clients": [
            {
                "client_id": CLIENT_ID,
                "client_secret": CLIENT_SECRET,
                "application": MARKUP,
                "password_grant": True,
            }
        ],
        "users": [
            {
                "username": HOSTILE_USER,
                "password": HOSTILE_PASSWORD,
                "first_name": ANSI,
                "last_name": MARKUP,
                "prefix": BIDI,
                "email": "hostile@example.invalid",
            }
        ],
        "employers": employers,
        "access": access,
        "integrations": [{"user": HOSTILE_USER, "application": ANSI + MARKUP}],
    }


def hostile_scenario(with_forbidden_rights: bool = True) -> Scenario:
    """``hostile_scenario_dict`` as a Scenario, ready for ``create_app``."""
    return Scenario.from_dict(hostile_scenario_dict(with_forbidden_rights), "<hostile>")
