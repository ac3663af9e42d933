"""Settings: the config file, environment overrides and default paths (DESIGN section 5)."""

from __future__ import annotations

import ipaddress
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import platformdirs

APP_NAME = "koppelaar"

ENVIRONMENTS: dict[str, tuple[str, str]] = {
    "production": ("https://api.loket.nl/v2", "https://oauth.loket.nl"),
    "acceptance": ("https://api.loket-acc.nl/v2", "https://oauth.loket-acc.nl"),
}
LANGUAGES = ("nl", "en")
GRANTS = ("authorization_code", "password")
SMTP_SECURITY = ("starttls", "ssl")
SECRETS_MODES = ("auto", "keyring", "vault", "session")
GLYPHS = ("auto", "unicode", "ascii")


class ConfigError(Exception):
    """A settings problem; the message names the file, the key and what is allowed."""


@dataclass(frozen=True)
class LoketSettings:
    environment: str = "production"
    api_url: str = ENVIRONMENTS["production"][0]
    oauth_url: str = ENVIRONMENTS["production"][1]
    client_id: str = ""
    client_secret: str | None = None  # only ever from the environment or the keyring
    # Koppelaar's own application in Loket.nl: lets a check tell a right the user lacks from
    # an activity Loket has not linked to this application ("could not verify").
    application_id: str = ""
    grant: str = "authorization_code"
    redirect_uri: str = ""
    concurrency: int = 8
    timeout: float = 20.0  # seconds to wait for Loket.nl to answer one request
    retries: int = 4  # retries of a GET on 429/502/503/504 or a dropped connection

    def __repr__(self) -> str:
        secret = "set" if self.client_secret else "unset"
        return (
            f"LoketSettings(environment={self.environment!r}, api_url={self.api_url!r}, "
            f"client_id={self.client_id!r}, client_secret=<{secret}>, grant={self.grant!r})"
        )


@dataclass(frozen=True)
class SubmissionSettings:
    to: str = "spa.inkomen@nn.nl"
    sender: str = ""


@dataclass(frozen=True)
class SmtpSettings:
    host: str = ""
    port: int = 587
    security: str = "starttls"
    username: str = ""
    timeout: float = 30.0


@dataclass(frozen=True)
class SecretsSettings:
    mode: str = "auto"
    vault_path: Path | None = None


@dataclass(frozen=True)
class Settings:
    language: str = "nl"
    glyphs: str = "auto"
    loket: LoketSettings = field(default_factory=LoketSettings)
    submission: SubmissionSettings = field(default_factory=SubmissionSettings)
    smtp: SmtpSettings = field(default_factory=SmtpSettings)
    secrets: SecretsSettings = field(default_factory=SecretsSettings)
    # [keys]: binding id -> keys ("check = \"c,f5\""); the UI applies it as Textual's keymap.
    keys: Mapping[str, str] = field(default_factory=dict)
    source: Path | None = None


@dataclass(frozen=True)
class Paths:
    profiles_dir: Path
    config_file: Path
    data_dir: Path

    @classmethod
    def resolve(
        cls,
        profiles: str | Path | None = None,
        config: str | Path | None = None,
        env: Mapping[str, str] | None = None,
    ) -> Paths:
        env = os.environ if env is None else env
        data_dir = Path(platformdirs.user_data_dir(APP_NAME))
        profiles_dir = Path(profiles or env.get("KOPPELAAR_PROFILES") or data_dir / "profiles")
        config_file = Path(
            config
            or env.get("KOPPELAAR_CONFIG")
            or Path(platformdirs.user_config_dir(APP_NAME)) / "config.toml"
        )
        return cls(profiles_dir.expanduser(), config_file.expanduser(), data_dir)


def is_loopback_host(host: str) -> bool:
    host = host.strip("[]").lower()
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_url(url: str, key: str) -> str:
    """https everywhere; plain http only on loopback, where it serves the simulator."""
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise ConfigError(f"{key}: {url!r} is not a URL; use https://host/path")
    if parts.scheme == "http" and not is_loopback_host(parts.hostname):
        raise ConfigError(
            f"{key}: {url!r} uses plain http; Loket.nl needs https "
            "(http is only allowed on 127.0.0.1, localhost or [::1])"
        )
    return url.rstrip("/")


class _Reader:
    """Pulls typed values out of a parsed TOML table, naming the key on error."""

    def __init__(self, data: Mapping[str, Any], where: str) -> None:
        self.data = data
        self.where = where

    def table(self, name: str) -> _Reader:
        value = self.data.get(name, {})
        if not isinstance(value, dict):
            raise ConfigError(f"{self.where}: [{name}] must be a table")
        return _Reader(value, self.where + f" [{name}]")

    def text(self, key: str, default: str, choices: tuple[str, ...] | None = None) -> str:
        value = self.data.get(key, default)
        if not isinstance(value, str):
            raise ConfigError(f"{self.where}: {key} must be text, got {value!r}")
        if choices and value not in choices:
            allowed = " | ".join(choices)
            raise ConfigError(f"{self.where}: {key} = {value!r} is not allowed; use {allowed}")
        return value

    def integer(self, key: str, default: int, low: int, high: int) -> int:
        value = self.data.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise ConfigError(
                f"{self.where}: {key} = {value!r} is not allowed; use a whole number "
                f"from {low} to {high}"
            )
        return value


def _parse(data: Mapping[str, Any], where: str) -> Settings:
    root = _Reader(data, where)
    loket_t = root.table("loket")
    environment = loket_t.text("environment", "production", ("production", "acceptance", "custom"))
    if environment == "custom":
        api_url = check_url(loket_t.text("api_url", ""), f"{where} [loket] api_url")
        oauth_url = check_url(loket_t.text("oauth_url", ""), f"{where} [loket] oauth_url")
    else:
        api_url, oauth_url = ENVIRONMENTS[environment]
    loket = LoketSettings(
        environment=environment,
        api_url=api_url,
        oauth_url=oauth_url,
        client_id=loket_t.text("client_id", ""),
        application_id=loket_t.text("application_id", ""),
        grant=loket_t.text("grant", "authorization_code", GRANTS),
        redirect_uri=loket_t.text("redirect_uri", ""),
        concurrency=loket_t.integer("concurrency", 8, 1, 64),
        timeout=float(loket_t.integer("timeout", 20, 1, 300)),
        retries=loket_t.integer("retries", 4, 0, 10),
    )
    sub_t = root.table("submission")
    smtp_t = root.table("smtp")
    sec_t = root.table("secrets")
    vault = sec_t.text("vault_path", "")
    return Settings(
        language=root.text("language", "nl", LANGUAGES),
        glyphs=root.text("glyphs", "auto", GLYPHS),
        loket=loket,
        submission=SubmissionSettings(
            to=sub_t.text("to", "spa.inkomen@nn.nl"), sender=sub_t.text("from", "")
        ),
        smtp=SmtpSettings(
            host=smtp_t.text("host", ""),
            port=smtp_t.integer("port", 587, 1, 65535),
            security=smtp_t.text("security", "starttls", SMTP_SECURITY),
            username=smtp_t.text("username", ""),
            timeout=float(smtp_t.integer("timeout", 30, 1, 600)),
        ),
        secrets=SecretsSettings(
            mode=sec_t.text("mode", "auto", SECRETS_MODES),
            vault_path=Path(vault).expanduser() if vault else None,
        ),
        keys=_keys(root.table("keys")),
    )


def _keys(table: _Reader) -> dict[str, str]:
    """``[keys]``: every value a non-empty string of comma-separated key names."""
    keys: dict[str, str] = {}
    for binding_id in table.data:
        value = table.text(binding_id, "")
        if not value.strip() or any(not part.strip() for part in value.split(",")):
            raise ConfigError(
                f"{table.where}: {binding_id} = {value!r} is not allowed; use key names such as "
                '"c" or "ctrl+r,f5"'
            )
        keys[binding_id] = ",".join(part.strip() for part in value.split(","))
    return keys


def _apply_env(settings: Settings, env: Mapping[str, str]) -> Settings:
    loket = settings.loket
    api = env.get("KOPPELAAR_LOKET_API_URL")
    oauth = env.get("KOPPELAAR_LOKET_OAUTH_URL")
    if api or oauth:
        loket = replace(
            loket,
            environment="custom",
            api_url=check_url(api, "KOPPELAAR_LOKET_API_URL") if api else loket.api_url,
            oauth_url=check_url(oauth, "KOPPELAAR_LOKET_OAUTH_URL") if oauth else loket.oauth_url,
        )
    if timeout := env.get("KOPPELAAR_LOKET_TIMEOUT"):
        try:
            seconds = float(timeout)
        except ValueError:
            seconds = 0.0
        if not 0 < seconds <= 300:
            raise ConfigError(
                f"KOPPELAAR_LOKET_TIMEOUT = {timeout!r} is not allowed; use seconds, above 0 "
                "and at most 300"
            )
        loket = replace(loket, timeout=seconds)
    if client_id := env.get("KOPPELAAR_LOKET_CLIENT_ID"):
        loket = replace(loket, client_id=client_id)
    if secret := env.get("KOPPELAAR_LOKET_CLIENT_SECRET"):
        loket = replace(loket, client_secret=secret)
    if grant := env.get("KOPPELAAR_LOKET_GRANT"):
        if grant not in GRANTS:
            raise ConfigError(
                f"KOPPELAAR_LOKET_GRANT = {grant!r} is not allowed; use {' | '.join(GRANTS)}"
            )
        loket = replace(loket, grant=grant)
    secrets = settings.secrets
    if mode := env.get("KOPPELAAR_SECRETS"):
        if mode not in SECRETS_MODES:
            raise ConfigError(
                f"KOPPELAAR_SECRETS = {mode!r} is not allowed; use {' | '.join(SECRETS_MODES)}"
            )
        secrets = replace(secrets, mode=mode)
    return replace(settings, loket=loket, secrets=secrets)


def load_settings(path: Path, env: Mapping[str, str] | None = None) -> Settings:
    """Read the settings file (missing is fine: defaults) and apply environment overrides."""
    env = os.environ if env is None else env
    data: dict[str, Any] = {}
    if path.exists():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{path}: not valid TOML: {exc}") from None
        except UnicodeDecodeError:
            raise ConfigError(f"{path}: not UTF-8 text; save it as UTF-8") from None
        except OSError as exc:
            raise ConfigError(f"{path}: cannot be read: {exc.strerror}") from None
    settings = _parse(data, str(path))
    return replace(_apply_env(settings, env), source=path)


def settings_to_toml(settings: Settings) -> dict[str, Any]:
    loket: dict[str, Any] = {
        "environment": settings.loket.environment,
        "client_id": settings.loket.client_id,
        "application_id": settings.loket.application_id,
        "grant": settings.loket.grant,
        "redirect_uri": settings.loket.redirect_uri,
        "concurrency": settings.loket.concurrency,
        "timeout": max(1, round(settings.loket.timeout)),
        "retries": settings.loket.retries,
    }
    if settings.loket.environment == "custom":
        loket["api_url"] = settings.loket.api_url
        loket["oauth_url"] = settings.loket.oauth_url
    secrets: dict[str, Any] = {"mode": settings.secrets.mode}
    if settings.secrets.vault_path:
        secrets["vault_path"] = str(settings.secrets.vault_path)
    return {
        "language": settings.language,
        "glyphs": settings.glyphs,
        "loket": loket,
        "submission": {"to": settings.submission.to, "from": settings.submission.sender},
        "smtp": {
            "host": settings.smtp.host,
            "port": settings.smtp.port,
            "security": settings.smtp.security,
            "username": settings.smtp.username,
            "timeout": int(settings.smtp.timeout),
        },
        "secrets": secrets,
    }


def save_settings(settings: Settings, path: Path) -> None:
    """Write the settings file atomically, keeping keys this version does not know.

    The client secret is never written: it lives in the keyring only.
    """
    import tomli_w

    from tui.profiles.fileio import atomic_write_bytes

    existing: dict[str, Any] = {}
    if path.exists():
        try:
            existing = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path}: not valid TOML, not overwritten: {exc}") from None
    merged = _deep_merge(existing, settings_to_toml(settings))
    atomic_write_bytes(path, tomli_w.dumps(merged).encode("utf-8"))


def _deep_merge(base: dict[str, Any], new: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in new.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), dict):
            out[key] = _deep_merge(out[key], value)
        else:
            out[key] = value
    return out
