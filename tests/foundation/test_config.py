from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from tui.config import ConfigError, Paths, load_settings, replace, save_settings


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_without_a_file(tmp_path: Path) -> None:
    s = load_settings(tmp_path / "missing.toml", env={})
    assert s.language == "nl"
    assert s.loket.api_url == "https://api.loket.nl/v2"
    assert s.loket.oauth_url == "https://oauth.loket.nl"
    assert s.loket.grant == "authorization_code"
    assert s.loket.concurrency == 8
    assert s.submission.to == "spa.inkomen@nn.nl"
    assert s.smtp.port == 587 and s.smtp.security == "starttls"


def test_acceptance_environment(tmp_path: Path) -> None:
    s = load_settings(write(tmp_path / "c.toml", '[loket]\nenvironment = "acceptance"\n'), env={})
    assert s.loket.api_url == "https://api.loket-acc.nl/v2"
    assert s.loket.oauth_url == "https://oauth.loket-acc.nl"


def test_custom_urls_only_read_when_custom(tmp_path: Path) -> None:
    text = '[loket]\napi_url = "https://example.test/v2"\n'
    assert load_settings(write(tmp_path / "c.toml", text), env={}).loket.api_url == (
        "https://api.loket.nl/v2"
    )


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ('language = "de"', "language = 'de' is not allowed; use nl | en"),
        ('[loket]\ngrant = "implicit"', "grant = 'implicit' is not allowed"),
        ("[loket]\nconcurrency = 0", "concurrency = 0 is not allowed; use a whole number"),
        ('[smtp]\nsecurity = "none"', "security = 'none' is not allowed; use starttls | ssl"),
        ('[smtp]\nport = "587"', "port = '587' is not allowed"),
        ("loket = 3", "[loket] must be a table"),
        (
            '[loket]\nenvironment = "custom"\napi_url = "http://api.example.test/v2"\n'
            'oauth_url = "https://o.example.test"',
            "uses plain http",
        ),
        ("language = ", "not valid TOML"),
    ],
)
def test_bad_values_name_the_key(tmp_path: Path, text: str, needle: str) -> None:
    with pytest.raises(ConfigError) as info:
        load_settings(write(tmp_path / "c.toml", text), env={})
    assert needle in str(info.value)
    assert str(tmp_path / "c.toml") in str(info.value)


def test_environment_overrides_win(tmp_path: Path) -> None:
    path = write(
        tmp_path / "c.toml", '[loket]\nclient_id = "from-file"\ngrant = "authorization_code"\n'
    )
    env = {
        "KOPPELAAR_LOKET_API_URL": "http://127.0.0.1:8765/v2",
        "KOPPELAAR_LOKET_OAUTH_URL": "http://localhost:8765/oauth",
        "KOPPELAAR_LOKET_CLIENT_ID": "from-env",
        "KOPPELAAR_LOKET_CLIENT_SECRET": "s3cret-value",
        "KOPPELAAR_LOKET_GRANT": "password",
    }
    s = load_settings(path, env=env)
    assert s.loket.environment == "custom"
    assert s.loket.api_url == "http://127.0.0.1:8765/v2"
    assert s.loket.oauth_url == "http://localhost:8765/oauth"
    assert s.loket.client_id == "from-env"
    assert s.loket.grant == "password"
    assert s.loket.client_secret == "s3cret-value"
    assert "s3cret-value" not in repr(s)


def test_env_plain_http_refused_off_loopback(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="KOPPELAAR_LOKET_API_URL"):
        load_settings(tmp_path / "none.toml", env={"KOPPELAAR_LOKET_API_URL": "http://10.1.2.3/v2"})
    s = load_settings(tmp_path / "none.toml", env={"KOPPELAAR_LOKET_API_URL": "http://[::1]:9/v2"})
    assert s.loket.api_url == "http://[::1]:9/v2"


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ('[smpt]\nhost = "mail.example.test"\n', "unknown key 'smpt' (a typo?)"),
        ("[smtp]\nprot = 25\n", "[smtp]: unknown key 'prot' (a typo?); the keys here are: host"),
        ('langauge = "en"\n', "unknown key 'langauge'"),
        ('[loket]\nclient_secret = "x"\n', "client secret is never kept in a file"),
    ],
)
def test_an_unknown_key_is_refused_naming_it_and_the_file(
    tmp_path: Path, text: str, needle: str
) -> None:
    path = write(tmp_path / "c.toml", text)
    with pytest.raises(ConfigError) as info:
        load_settings(path, env={})
    assert needle in str(info.value)
    assert str(path) in str(info.value)


def test_save_never_writes_the_secret(tmp_path: Path) -> None:
    path = write(tmp_path / "c.toml", '[smtp]\nhost = "mail.example.test"\n')
    s = load_settings(path, env={"KOPPELAAR_LOKET_CLIENT_SECRET": "top-secret-xyz"})
    assert s.loket.client_secret == "top-secret-xyz"
    save_settings(s, path)
    text = path.read_text()
    data = tomllib.loads(text)
    assert data["smtp"]["host"] == "mail.example.test"
    assert data["language"] == "nl"
    assert load_settings(path, env={}) == replace(s, loket=replace(s.loket, client_secret=None))
    assert "top-secret-xyz" not in text
    assert path.stat().st_mode & 0o777 == 0o600


def test_paths_from_options_and_environment(tmp_path: Path) -> None:
    env = {"KOPPELAAR_PROFILES": str(tmp_path / "p"), "KOPPELAAR_CONFIG": str(tmp_path / "c.toml")}
    paths = Paths.resolve(env=env)
    assert paths.profiles_dir == tmp_path / "p"
    assert paths.config_file == tmp_path / "c.toml"
    assert Paths.resolve(profiles=tmp_path / "x", env=env).profiles_dir == tmp_path / "x"
    default = Paths.resolve(env={})
    assert default.profiles_dir.name == "profiles"
    assert "koppelaar" in str(default.profiles_dir)


@pytest.mark.parametrize("command", [["list"], ["check", "--all"]])
def test_the_cli_exits_2_naming_an_unknown_key(tmp_path: Path, command: list[str]) -> None:
    from tests.foundation.test_csv_and_cli import cli

    write(tmp_path / "c.toml", '[smpt]\nhost = "mail.example.test"\n')
    code, _out, err = cli(tmp_path, *command)
    assert code == 2
    assert "unknown key 'smpt'" in err and str(tmp_path / "c.toml") in err


def test_the_shipped_json_schema_is_generated_from_the_settings() -> None:
    import json

    from tui.config_schema import SCHEMA_FILE, config_schema

    assert json.loads(SCHEMA_FILE.read_text(encoding="utf-8")) == config_schema(), (
        "regenerate with: python -m tui.config_schema > tui/config.schema.json"
    )
    settings = config_schema()["$defs"]["Settings"]["properties"]
    assert {"language", "glyphs", "loket", "submission", "smtp", "secrets"} <= set(settings)
    assert "source" not in settings
    loket = config_schema()["$defs"]["LoketSettings"]["properties"]
    assert "client_secret" not in loket and loket["grant"]["enum"]


def test_every_documented_example_key_loads(tmp_path: Path) -> None:
    """The README's config.toml example is a valid file (every key there is known)."""
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    example = readme.split("```toml\n", 1)[1].split("```", 1)[0]
    settings = load_settings(write(tmp_path / "c.toml", example), env={})
    assert settings.smtp.port == 587
