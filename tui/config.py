"""Settings: the config file, environment overrides and default paths (DESIGN section 5)."""

from __future__ import annotations

import ipaddress
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar, get_args
from urllib.parse import urlsplit

import msgspec
import platformdirs

APP_NAME = "koppelaar"
SCHEMA_FILE = Path(__file__).with_name("config.schema.json")

ENVIRONMENTS: dict[str, tuple[str, str]] = {
    "production": ("https://api.loket.nl/v2", "https://oauth.loket.nl"),
    "acceptance": ("https://api.loket-acc.nl/v2", "https://oauth.loket-acc.nl"),
}
Environment = Literal["production", "acceptance", "custom"]
Language = Literal["nl", "en"]
Grant = Literal["authorization_code", "password"]
SmtpSecurity = Literal["starttls", "ssl"]
SecretsMode = Literal["auto", "keyring", "vault", "session"]
Glyphs = Literal["auto", "unicode", "ascii"]
LANGUAGES: tuple[str, ...] = get_args(Language)
GRANTS: tuple[str, ...] = get_args(Grant)
SMTP_SECURITY: tuple[str, ...] = get_args(SmtpSecurity)
SECRETS_MODES: tuple[str, ...] = get_args(SecretsMode)
GLYPHS: tuple[str, ...] = get_args(Glyphs)
ENVIRONMENT: tuple[str, ...] = get_args(Environment)


class ConfigError(Exception):
    """A settings problem; the message names the file, the key and what is allowed."""


class _Table(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """A table of ``config.toml``: every key typed, with its default; unknown keys refused."""


Concurrency = Annotated[int, msgspec.Meta(ge=1, le=64)]
Seconds = Annotated[float, msgspec.Meta(gt=0, le=300)]
SmtpSeconds = Annotated[float, msgspec.Meta(gt=0, le=600)]
Retries = Annotated[int, msgspec.Meta(ge=0, le=10)]
Port = Annotated[int, msgspec.Meta(ge=1, le=65535)]


class LoketSettings(_Table, frozen=True, kw_only=True, forbid_unknown_fields=True):
    environment: Environment = "production"
    api_url: str = ENVIRONMENTS["production"][0]
    oauth_url: str = ENVIRONMENTS["production"][1]
    client_id: str = ""
    # Only ever from the environment or the keyring; refused in the file (see NOT_IN_FILE).
    client_secret: str | None = None
    # Koppelaar's own application in Loket.nl: lets a check tell a right the user lacks from
    # an activity Loket has not linked to this application ("could not verify").
    application_id: str = ""
    grant: Grant = "authorization_code"
    redirect_uri: str = ""
    concurrency: Concurrency = 8
    timeout: Seconds = 20.0  # seconds to wait for Loket.nl to answer one request
    retries: Retries = 4  # retries of a GET on 429/502/503/504 or a dropped connection

    def __repr__(self) -> str:
        secret = "set" if self.client_secret else "unset"
        return (
            f"LoketSettings(environment={self.environment!r}, api_url={self.api_url!r}, "
            f"client_id={self.client_id!r}, client_secret=<{secret}>, grant={self.grant!r})"
        )


class SubmissionSettings(_Table, frozen=True, kw_only=True, forbid_unknown_fields=True):
    to: str = "spa.inkomen@nn.nl"
    sender: str = msgspec.field(default="", name="from")


class SmtpSettings(_Table, frozen=True, kw_only=True, forbid_unknown_fields=True):
    host: str = ""
    port: Port = 587
    security: SmtpSecurity = "starttls"
    username: str = ""
    timeout: SmtpSeconds = 30.0


class SecretsSettings(_Table, frozen=True, kw_only=True, forbid_unknown_fields=True):
    mode: SecretsMode = "auto"
    vault_path: str = ""  # empty: the default vault file (tui.secrets)


class Settings(_Table, frozen=True, kw_only=True, forbid_unknown_fields=True):
    language: Language = "nl"
    glyphs: Glyphs = "auto"
    loket: LoketSettings = msgspec.field(default_factory=LoketSettings)
    submission: SubmissionSettings = msgspec.field(default_factory=SubmissionSettings)
    smtp: SmtpSettings = msgspec.field(default_factory=SmtpSettings)
    secrets: SecretsSettings = msgspec.field(default_factory=SecretsSettings)
    source: Path | None = None  # the file these came from; not a key of the file


# Fields of the structures above that the file must not set, and why.
NOT_IN_FILE: dict[tuple[str, ...], str] = {
    ("loket", "client_secret"): (
        "the client secret is never kept in a file; set KOPPELAAR_LOKET_CLIENT_SECRET or "
        "'koppelaar secrets set loket-client-secret CLIENT_ID'"
    ),
    ("source",): "not a setting",
}

StructT = TypeVar("StructT", bound=msgspec.Struct)


def replace(settings: StructT, **changes: Any) -> StructT:
    """A copy with ``changes``: the settings are frozen."""
    return msgspec.structs.replace(settings, **changes)


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


def _parse(data: Mapping[str, Any], where: str) -> Settings:
    for path, why in NOT_IN_FILE.items():
        node: Any = data
        for key in path:
            node = node.get(key) if isinstance(node, dict) else None
        if node is not None:
            raise ConfigError(f"{where}: {_key_name(path)}: {why}")
    try:
        settings = msgspec.convert(data, Settings)
    except msgspec.ValidationError as exc:
        raise ConfigError(_explain(exc, data, where)) from None
    if settings.loket.environment == "custom":
        custom = data.get("loket", {})
        for key in ("api_url", "oauth_url"):  # no default: a custom environment names both
            check_url(str(custom.get(key, "")), f"{where} [loket] {key}")
        loket = replace(
            settings.loket,
            api_url=check_url(settings.loket.api_url, f"{where} [loket] api_url"),
            oauth_url=check_url(settings.loket.oauth_url, f"{where} [loket] oauth_url"),
        )
    else:
        api_url, oauth_url = ENVIRONMENTS[settings.loket.environment]
        loket = replace(settings.loket, api_url=api_url, oauth_url=oauth_url)
    return replace(settings, loket=loket)


def _key_name(path: tuple[str, ...]) -> str:
    return f"[{'.'.join(path[:-1])}] {path[-1]}" if len(path) > 1 else path[0]


def _explain(exc: msgspec.ValidationError, data: Mapping[str, Any], where: str) -> str:
    """msgspec's message made into ours: the file, the table, the key, what is allowed."""
    text = str(exc)
    message, _, at = text.partition(" - at `$")
    path = tuple(part for part in at.rstrip("`").split(".") if part)
    table = "".join(f" [{part}]" for part in path[:-1])
    unknown = re.match(r"Object contains unknown field `(.+)`", message)
    if unknown:
        key = unknown.group(1)
        holder = _struct_at(path)
        known = ", ".join(_file_keys(holder))
        place = f"{where}{''.join(f' [{part}]' for part in path)}"
        return f"{place}: unknown key {key!r} (a typo?); the keys here are: {known}"
    if not path:
        return f"{where}: {message}"
    key = path[-1]
    holder = _struct_at(path[:-1])
    field_type = _field_type(holder, key)
    if isinstance(field_type, msgspec.inspect.StructType):
        return f"{where}: [{'.'.join(path)}] must be a table"
    value: Any = data
    for part in path:
        value = value.get(part) if isinstance(value, dict) else None
    return f"{where}{table}: {key} = {value!r} is not allowed; use {_allowed(field_type)}"


def _struct_at(path: tuple[str, ...]) -> type[msgspec.Struct]:
    holder: type[msgspec.Struct] = Settings
    for part in path:
        field_type = _field_type(holder, part)
        if not isinstance(field_type, msgspec.inspect.StructType):
            break
        holder = field_type.cls
    return holder


def _fields(holder: type[msgspec.Struct]) -> list[msgspec.inspect.Field]:
    info = msgspec.inspect.type_info(holder)
    assert isinstance(info, msgspec.inspect.StructType)
    return list(info.fields)


def _field_type(holder: type[msgspec.Struct], key: str) -> msgspec.inspect.Type:
    for item in _fields(holder):
        if item.encode_name == key:
            return item.type
    return msgspec.inspect.AnyType()


def _file_keys(holder: type[msgspec.Struct]) -> list[str]:
    hidden = {path[-1] for path in NOT_IN_FILE}
    names = []
    for item in _fields(holder):
        if item.name in hidden:
            continue
        is_table = isinstance(item.type, msgspec.inspect.StructType)
        names.append(f"[{item.encode_name}]" if is_table else item.encode_name)
    return names


def _allowed(field_type: msgspec.inspect.Type) -> str:
    if isinstance(field_type, msgspec.inspect.LiteralType):
        values = set(field_type.values)
        for choices in (LANGUAGES, GRANTS, SMTP_SECURITY, SECRETS_MODES, GLYPHS, ENVIRONMENT):
            if set(choices) == values:
                return " | ".join(choices)  # in the order the documentation gives them
        return " | ".join(str(value) for value in field_type.values)
    if isinstance(field_type, msgspec.inspect.IntType):
        return f"a whole number from {field_type.ge} to {field_type.le}"
    if isinstance(field_type, msgspec.inspect.FloatType):
        low = field_type.gt if field_type.gt is not None else field_type.ge
        return f"a number of seconds above {low:g} and at most {field_type.le:g}"
    if isinstance(field_type, msgspec.inspect.StrType):
        return "text in quotes"
    return "a value of the right kind"


def config_schema() -> dict[str, Any]:
    """The JSON Schema of ``config.toml``, generated from the structures above."""
    schema = msgspec.json.schema(Settings, schema_hook=lambda _path: {"type": "string"})
    defs = schema.get("$defs", {})
    for path in NOT_IN_FILE:
        holder = defs.get("Settings" if len(path) == 1 else _struct_at(path[:-1]).__name__, {})
        holder.get("properties", {}).pop(path[-1], None)
    schema["$defs"]["Settings"]["title"] = "Koppelaar config.toml"
    return schema


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


if __name__ == "__main__":
    import json

    print(json.dumps(config_schema(), indent=2, ensure_ascii=False))
