"""Settings built once from the environment: the only place that reads ``os.environ``.

Unset variables point at the local sandbox with documented development values, so a fresh
checkout runs offline. ``STOREFRONT_ENV=production`` refuses to start on those dev secrets.
"""

from __future__ import annotations

import dataclasses
import math
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from babel import Locale, UnknownLocaleError

# Development values: public on purpose, refused in production.
DEV_SECRET_KEY = "dev-secret-key-not-for-production"
DEV_PUBLISHABLE_KEY = "pk_dev_sandbox_" + "0" * 52
DEV_API_KEY = "sk_dev_sandbox_" + "0" * 52
DEV_SPACE_ID = "sandboxspace"
DEV_DELIVERY_TOKEN = "dev-delivery-token"
DEV_PREVIEW_TOKEN = "dev-preview-token"
DEV_MANAGEMENT_TOKEN = "CFPAT-dev-management-token"
# Contentful requires exactly 64 characters from [0-9a-zA-Z+/=_-] for a signing secret.
DEV_WEBHOOK_SECRET = "dev-webhook-secret-" + "0" * 45
DEV_PREVIEW_SECRET = "dev-preview-secret"
DEV_MEDUSA_WEBHOOK_SECRET = "dev-medusa-webhook-secret"

_DEV_SECRETS = {
    "SECRET_KEY": DEV_SECRET_KEY,
    "MEDUSA_PUBLISHABLE_KEY": DEV_PUBLISHABLE_KEY,
    "MEDUSA_API_KEY": DEV_API_KEY,
    "CONTENTFUL_DELIVERY_TOKEN": DEV_DELIVERY_TOKEN,
    "CONTENTFUL_PREVIEW_TOKEN": DEV_PREVIEW_TOKEN,
    "CONTENTFUL_MANAGEMENT_TOKEN": DEV_MANAGEMENT_TOKEN,
    "CONTENTFUL_WEBHOOK_SECRET": DEV_WEBHOOK_SECRET,
    "STOREFRONT_PREVIEW_SECRET": DEV_PREVIEW_SECRET,
    "MEDUSA_WEBHOOK_SECRET": DEV_MEDUSA_WEBHOOK_SECRET,
}

# Secrets production needs to be long (random) enough: variable, field, minimum length, what for.
_STRONG_SECRETS = (
    ("SECRET_KEY", "secret_key", 32, "it signs the session cookie and the CSRF tokens"),
    ("STOREFRONT_PREVIEW_SECRET", "preview_secret", 16, "it unlocks unpublished content"),
    ("MEDUSA_WEBHOOK_SECRET", "medusa_webhook_secret", 16, "it signs /hooks/medusa calls"),
)
MAX_HTTP_TIMEOUT = 300.0

ENVIRONMENTS = ("development", "production", "test")
DELETE_MODES = ("archive", "delete")


class ConfigError(ValueError):
    """A setting is missing or malformed; the message names the variable."""


@dataclass(frozen=True)
class Settings:
    """Every setting the storefront, the sync and the sandbox read."""

    env: str = "development"
    secret_key: str = DEV_SECRET_KEY
    medusa_url: str = "http://127.0.0.1:9000"
    medusa_publishable_key: str = DEV_PUBLISHABLE_KEY
    medusa_api_key: str = DEV_API_KEY
    medusa_webhook_secret: str = DEV_MEDUSA_WEBHOOK_SECRET
    contentful_space_id: str = DEV_SPACE_ID
    contentful_environment: str = "master"
    contentful_delivery_token: str = DEV_DELIVERY_TOKEN
    contentful_preview_token: str = DEV_PREVIEW_TOKEN
    contentful_management_token: str = DEV_MANAGEMENT_TOKEN
    contentful_cda_url: str = "http://127.0.0.1:9100"
    contentful_preview_url: str = "http://127.0.0.1:9101"
    contentful_cma_url: str = "http://127.0.0.1:9102"
    contentful_webhook_secret: str = DEV_WEBHOOK_SECRET
    redis_url: str = ""
    # The /readyz checks that must pass (medusa, contentful, redis, events); the others are
    # reported only. Pages render without Redis (a miss), so it is not required by default.
    ready_requires: tuple[str, ...] = ("medusa", "contentful")
    default_locale: str = "en-US"
    # Locale -> Medusa region currency; a region is picked by its currency code.
    locale_currencies: Mapping[str, str] = field(
        default_factory=lambda: {"en-US": "usd", "es-ES": "eur", "de-DE": "eur", "fr-FR": "eur"}
    )
    preview_secret: str = DEV_PREVIEW_SECRET
    public_url: str = "http://127.0.0.1:8000"
    data_dir: str = ".storefront"
    sync_auto_publish: bool = False
    sync_delete_mode: str = "archive"
    http_timeout: float = 5.0
    translate_provider: str = "pseudo"  # pseudo (offline), deepl or libretranslate
    deepl_api_key: str = ""
    deepl_api_url: str = ""  # empty: chosen from the key (":fx" keys use the free endpoint)
    libretranslate_url: str = ""
    libretranslate_api_key: str = ""
    varnish_url: str = ""  # a Varnish in front of the storefront: tag purges go there too

    @property
    def is_production(self) -> bool:
        """True when running with ``STOREFRONT_ENV=production``."""
        return self.env == "production"

    @property
    def secure_cookies(self) -> bool:
        """Whether cookies get the ``Secure`` flag: when the shop is served over https."""
        return urlsplit(self.public_url).scheme == "https"

    def replace(self, **changes: object) -> Settings:
        """Return a copy with some fields changed, validated again."""
        return validate(dataclasses.replace(self, **changes))  # type: ignore[arg-type]


# variable name -> Settings field, for plain string settings.
_STRING_VARS = {
    "SECRET_KEY": "secret_key",
    "MEDUSA_PUBLISHABLE_KEY": "medusa_publishable_key",
    "MEDUSA_API_KEY": "medusa_api_key",
    "MEDUSA_WEBHOOK_SECRET": "medusa_webhook_secret",
    "CONTENTFUL_SPACE_ID": "contentful_space_id",
    "CONTENTFUL_ENVIRONMENT": "contentful_environment",
    "CONTENTFUL_DELIVERY_TOKEN": "contentful_delivery_token",
    "CONTENTFUL_PREVIEW_TOKEN": "contentful_preview_token",
    "CONTENTFUL_MANAGEMENT_TOKEN": "contentful_management_token",
    "CONTENTFUL_WEBHOOK_SECRET": "contentful_webhook_secret",
    "STOREFRONT_PREVIEW_SECRET": "preview_secret",
    "STOREFRONT_DATA_DIR": "data_dir",
    "STOREFRONT_DEFAULT_LOCALE": "default_locale",
    "STOREFRONT_ENV": "env",
    "SYNC_DELETE_MODE": "sync_delete_mode",
    "TRANSLATE_PROVIDER": "translate_provider",
    "DEEPL_API_KEY": "deepl_api_key",
    "LIBRETRANSLATE_API_KEY": "libretranslate_api_key",
}
_URL_VARS = {
    "MEDUSA_URL": "medusa_url",
    "CONTENTFUL_CDA_URL": "contentful_cda_url",
    "CONTENTFUL_PREVIEW_URL": "contentful_preview_url",
    "CONTENTFUL_CMA_URL": "contentful_cma_url",
    "STOREFRONT_PUBLIC_URL": "public_url",
}
# Optional URLs: checked only when set.
_OPTIONAL_URL_VARS = {
    "DEEPL_API_URL": "deepl_api_url",
    "LIBRETRANSLATE_URL": "libretranslate_url",
    "STOREFRONT_VARNISH_URL": "varnish_url",
}
TRANSLATE_PROVIDERS = ("pseudo", "deepl", "libretranslate")
READY_CHECKS = ("medusa", "contentful", "redis", "events")


def from_env(environ: Mapping[str, str] | None = None) -> Settings:
    """Build validated settings from the environment (or the mapping given)."""
    env = os.environ if environ is None else environ
    values: dict[str, object] = {}
    for var, name in {**_STRING_VARS, **_URL_VARS, **_OPTIONAL_URL_VARS}.items():
        if env.get(var, "").strip():
            values[name] = env[var].strip()
    if env.get("REDIS_URL", "").strip():
        values["redis_url"] = env["REDIS_URL"].strip()
    if env.get("STOREFRONT_READY_REQUIRES", "").strip():
        raw = env["STOREFRONT_READY_REQUIRES"].split(",")
        values["ready_requires"] = tuple(name.strip() for name in raw if name.strip())
    if "SYNC_AUTO_PUBLISH" in env:
        values["sync_auto_publish"] = _parse_bool("SYNC_AUTO_PUBLISH", env["SYNC_AUTO_PUBLISH"])
    if env.get("STOREFRONT_LOCALE_CURRENCIES", "").strip():
        values["locale_currencies"] = _parse_map(
            "STOREFRONT_LOCALE_CURRENCIES", env["STOREFRONT_LOCALE_CURRENCIES"]
        )
    if env.get("STOREFRONT_HTTP_TIMEOUT", "").strip():
        values["http_timeout"] = _parse_float("STOREFRONT_HTTP_TIMEOUT", env)
    return validate(Settings(**values))  # type: ignore[arg-type]


def validate(settings: Settings) -> Settings:
    """Check every field; raise ConfigError naming the variable at fault."""
    if settings.env not in ENVIRONMENTS:
        raise ConfigError(f"STOREFRONT_ENV must be one of {', '.join(ENVIRONMENTS)}")
    for var, name in _URL_VARS.items():
        check_url(var, getattr(settings, name))
    if settings.redis_url:
        check_url("REDIS_URL", settings.redis_url, schemes=("redis", "rediss", "unix"))
    check_locale("STOREFRONT_DEFAULT_LOCALE", settings.default_locale)
    for code, currency in settings.locale_currencies.items():
        check_locale("STOREFRONT_LOCALE_CURRENCIES", code)
        if not (len(currency) == 3 and currency.isalpha()):
            raise ConfigError(
                f"STOREFRONT_LOCALE_CURRENCIES: {currency!r} is not a 3-letter currency code"
            )
    for var, name in _OPTIONAL_URL_VARS.items():
        if getattr(settings, name):
            check_url(var, getattr(settings, name))
    unknown = set(settings.ready_requires) - set(READY_CHECKS)
    if unknown:
        raise ConfigError(
            f"STOREFRONT_READY_REQUIRES: unknown check {', '.join(sorted(unknown))} "
            f"(known: {', '.join(READY_CHECKS)})"
        )
    if settings.translate_provider not in TRANSLATE_PROVIDERS:
        raise ConfigError(f"TRANSLATE_PROVIDER must be one of {', '.join(TRANSLATE_PROVIDERS)}")
    if settings.sync_delete_mode not in DELETE_MODES:
        raise ConfigError(f"SYNC_DELETE_MODE must be one of {', '.join(DELETE_MODES)}")
    timeout = settings.http_timeout
    if not math.isfinite(timeout) or not 0 < timeout <= MAX_HTTP_TIMEOUT:
        raise ConfigError(
            f"STOREFRONT_HTTP_TIMEOUT={timeout!r} must be a number of seconds above 0 and at most"
            f" {MAX_HTTP_TIMEOUT:g} (nan or inf would let one slow upstream hold a worker forever)"
        )
    if settings.is_production:
        _refuse_dev_secrets(settings)
        _refuse_weak_settings(settings)
    return settings


def check_url(var: str, value: str, schemes: tuple[str, ...] = ("http", "https")) -> str:
    """Return the URL if it has an allowed scheme and a host, else raise ConfigError."""
    parts = urlsplit(value)
    host_needed = parts.scheme != "unix"
    if parts.scheme not in schemes or (host_needed and not parts.hostname):
        raise ConfigError(
            f"{var}={value!r} is not a valid URL (expected {'/'.join(schemes)}://host[:port])"
        )
    try:
        parts.port  # noqa: B018 - raises ValueError on a malformed port
    except ValueError as exc:
        raise ConfigError(f"{var}={value!r} has a malformed port") from exc
    return value


def check_locale(var: str, code: str) -> str:
    """Return the locale code if babel knows it (``en-US`` style), else raise ConfigError."""
    try:
        Locale.parse(code.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError) as exc:
        raise ConfigError(f"{var}: {code!r} is not a known locale code") from exc
    return code


def _refuse_dev_secrets(settings: Settings) -> None:
    env_values = {var: getattr(settings, _field_for(var)) for var in _DEV_SECRETS}
    offenders = [var for var, value in env_values.items() if value == _DEV_SECRETS[var]]
    if offenders:
        raise ConfigError(
            "STOREFRONT_ENV=production refuses development secrets; set "
            + ", ".join(sorted(offenders))
        )


def _refuse_weak_settings(settings: Settings) -> None:
    problems = [
        f"{var} has {len(value)} characters, use at least {minimum} random ones: {why}"
        for var, name, minimum, why in _STRONG_SECRETS
        if len(value := str(getattr(settings, name))) < minimum
    ]
    if not settings.secure_cookies:
        problems.append(
            f"STOREFRONT_PUBLIC_URL={settings.public_url!r} must be https://: cookies are marked"
            " Secure only for an https shop, and over http anyone on the way can read them"
        )
    if problems:
        raise ConfigError("STOREFRONT_ENV=production refuses " + "; ".join(problems))


def _field_for(var: str) -> str:
    return _STRING_VARS[var]


def _parse_bool(var: str, raw: str) -> bool:
    value = raw.strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("", "0", "false", "no", "off"):
        return False
    raise ConfigError(f"{var}={raw!r} is not a boolean (use true or false)")


def _parse_float(var: str, env: Mapping[str, str]) -> float:
    try:
        return float(env[var])
    except ValueError as exc:
        raise ConfigError(f"{var}={env[var]!r} is not a number") from exc


def _parse_map(var: str, raw: str) -> dict[str, str]:
    result: dict[str, str] = {}
    for pair in filter(None, (p.strip() for p in raw.split(","))):
        key, sep, value = pair.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise ConfigError(f"{var}: {pair!r} is not of the form locale=currency")
        result[key.strip()] = value.strip().lower()
    return result
