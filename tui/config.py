"""Settings: the config file, environment overrides and default paths (DESIGN section 5)."""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar, get_args

import msgspec
import platformdirs

from tui.loket.errors import InvalidUrl
from tui.loket.urls import validate_base_url

APP_NAME = "koppelaar"

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
# comma-separated key names, none empty: "c", "ctrl+r,f5"
KeyNames = Annotated[str, msgspec.Meta(pattern=r"^\s*[^,\s][^,]*(,\s*[^,\s][^,]*)*$")]


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
    timeout: Seconds = 20.0  # seconds for one whole request: connect, headers and body
    # the largest answer read (decoded); Loket's pages are < 1 MiB
    max_response_mb: Annotated[int, msgspec.Meta(ge=1, le=1024)] = 16
    retries: Retries = 4  # retries of a GET on 429/502/503/504 or a dropped connection
    admin: str = ""  # the applicatiebeheerder's Loket.nl user name (admin mode, DESIGN 9)

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
    # [keys]: binding id -> keys ("check = \"c,f5\""); the UI applies it as Textual's keymap.
    keys: dict[str, KeyNames] = msgspec.field(default_factory=dict)
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


def check_url(url: str, key: str) -> str:
    """https everywhere; plain http only on loopback, where it serves the simulator
    (one rule for the settings and the client: tui.loket.urls)."""
    try:
        return validate_base_url(url)
    except InvalidUrl as exc:
        raise ConfigError(f"{key}: {exc.message}") from None


def _parse(data: Mapping[str, Any], where: str) -> Settings:
    for path, why in NOT_IN_FILE.items():
        node: Any = data
        for key in path:
            node = node.get(key) if isinstance(node, dict) else None
        if node is not None:
            key = f"[{'.'.join(path[:-1])}] {path[-1]}" if len(path) > 1 else path[0]
            raise ConfigError(f"{where}: {key}: {why}")
    try:
        settings = msgspec.convert(data, Settings)
    except msgspec.ValidationError as exc:
        from tui.config_schema import explain

        raise ConfigError(explain(exc, data, where)) from None
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
    keys = {
        binding: ",".join(part.strip() for part in names.split(","))
        for binding, names in settings.keys.items()
    }
    return replace(settings, loket=loket, keys=keys)


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
    """The settings as the file holds them: every key but what must not be in a file, the
    URLs only for a custom environment, the vault path only when one is set."""
    data: dict[str, Any] = msgspec.to_builtins(replace(settings, source=None))
    for path in NOT_IN_FILE:
        holder = data
        for key in path[:-1]:
            holder = holder[key]
        holder.pop(path[-1], None)
    if settings.loket.environment != "custom":
        del data["loket"]["api_url"], data["loket"]["oauth_url"]
    if not settings.secrets.vault_path:
        del data["secrets"]["vault_path"]
    return data


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
