from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from tui.config import ConfigError, Paths, load_settings, save_settings


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


def test_save_keeps_unknown_keys_and_never_the_secret(tmp_path: Path) -> None:
    path = write(tmp_path / "c.toml", 'future_key = "keep me"\n[smtp]\nfuture = 1\n')
    s = load_settings(path, env={"KOPPELAAR_LOKET_CLIENT_SECRET": "top-secret-xyz"})
    save_settings(s, path)
    text = path.read_text()
    data = tomllib.loads(text)
    assert data["future_key"] == "keep me"
    assert data["smtp"]["future"] == 1
    assert data["language"] == "nl"
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
