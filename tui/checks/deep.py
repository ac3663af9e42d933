"""``check --deep``: one real read per right, the read NN's XpertSuite performs."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import replace

from tui.checks.facts import RightFinding
from tui.checks.rights import all_rights
from tui.loket.client import Bearer, LoketClient
from tui.loket.errors import Forbidden, LoketError


async def deep_reads(
    client: LoketClient,
    token: Bearer,
    employer_id: str,
    findings: dict[str, RightFinding],
    administration_ids_of: Callable[[], Awaitable[list[str]]],
) -> dict[str, RightFinding]:
    """One real read per right: 200 shows the read NN needs works, 403 that it is refused."""
    employments: list[str] = []
    administrations: list[str] = []

    async def employment_ids() -> int | None:
        try:
            rows = await client.employments(token, employer_id)
        except Forbidden:
            return 403
        except LoketError:
            return None
        employments.extend(str(r["id"]) for r in rows if isinstance(r.get("id"), str))
        return 200

    async def administration_ids() -> None:
        administrations.extend(await administration_ids_of())

    async def call(read: Callable[[], Awaitable[object]]) -> int | None:
        try:
            await read()
        except Forbidden:
            return 403
        except LoketError:
            return None
        return 200

    dienstverbanden, _ = await asyncio.gather(employment_ids(), administration_ids())
    reads: dict[str, Callable[[], Awaitable[object]]] = {
        "bsn": lambda: client.citizen_service_numbers(token, employer_id),
        "hrm": lambda: client.employees(token, employer_id),
    }
    if employments:
        first = employments[0]
        reads["beloningen"] = lambda: client.wages(token, first)
        reads["variabele_gegevens"] = lambda: client.payroll_period_data(token, first)
    if administrations:
        reads["loonoutput"] = lambda: client.payroll_runs(token, administrations[0])
    keys = list(reads)
    statuses = dict(zip(keys, await asyncio.gather(*(call(reads[k]) for k in keys)), strict=True))
    statuses["dienstverbanden"] = dienstverbanden
    deep_by_key = {r.key: r.deep for r in all_rights()}
    result = dict(findings)
    for key, status in statuses.items():
        if status is not None and key in result:
            old = result[key]
            result[key] = replace(old, deep_activity=deep_by_key[key], deep_status=status)
    return result
