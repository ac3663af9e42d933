"""The simulator on a loopback port, as curl and the CLI see it."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import httpx
import typer
from typer.testing import CliRunner

from tui.cli.commands.simulator import register
from tui.loket.simulator import create_app, serve_in_thread

UNAUTHORIZED = b'{"message":"Authorization has been denied for this request."}'


def test_curl_without_token_gets_loket_401() -> None:
    with serve_in_thread(create_app()) as base_url:
        assert base_url.startswith("http://127.0.0.1:")
        url = f"{base_url}/v2/providers/employers"
        accept = "Accept: application/json;version=2018-01-01"
        curl = shutil.which("curl")
        if curl is not None:
            done = subprocess.run(
                [curl, "-s", "-w", "\n%{http_code}", "-H", accept, url],
                capture_output=True,
                timeout=10,
                check=True,
            )
            body, _, status = done.stdout.rpartition(b"\n")
        else:
            response = httpx.get(url, headers={"Accept": accept.split(": ")[1]})
            body, status = response.content, str(response.status_code).encode()
    assert status == b"401"
    assert body == UNAUTHORIZED


def test_serve_in_thread_stops_cleanly() -> None:
    with serve_in_thread(create_app()) as base_url:
        assert httpx.get(f"{base_url}/_sim/stats").status_code == 200
    try:
        httpx.get(f"{base_url}/_sim/stats", timeout=1)
    except httpx.ConnectError:
        pass
    else:
        raise AssertionError("the server still answers after the block")


def test_cli_command_registers_and_rejects_a_broken_scenario(tmp_path: Path) -> None:
    app = typer.Typer()
    register(app)

    @app.command("other")
    def other() -> None:
        """Keep the group a group."""

    runner = CliRunner()
    assert "--scenario" in runner.invoke(app, ["simulator", "--help"]).output
    broken = tmp_path / "bad.toml"
    broken.write_text("[[users]]\nusername = 1\n", encoding="utf-8")
    result = runner.invoke(app, ["simulator", "--scenario", str(broken)])
    assert result.exit_code == 2
    assert "users[0].username" in result.output
