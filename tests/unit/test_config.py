"""Settings: sandbox defaults, validation that names the variable, production refusals."""

from __future__ import annotations

import pytest

from config import settings as config
from config.settings import ConfigError, from_env


def test_defaults_point_at_the_sandbox() -> None:
    settings = from_env({})
    assert settings.medusa_url == "http://127.0.0.1:9000"
    assert settings.contentful_cda_url == "http://127.0.0.1:9100"
    assert settings.contentful_preview_url == "http://127.0.0.1:9101"
    assert settings.contentful_cma_url == "http://127.0.0.1:9102"
    assert settings.default_locale == "en-US"
    assert settings.locale_currencies["es-ES"] == "eur"
    assert not settings.is_production


def test_environment_values_are_read() -> None:
    settings = from_env(
        {
            "MEDUSA_URL": "https://shop.example.com",
            "CONTENTFUL_SPACE_ID": "abc123",
            "REDIS_URL": "redis://127.0.0.1:6379/0",
            "SYNC_AUTO_PUBLISH": "true",
            "STOREFRONT_LOCALE_CURRENCIES": "en-GB=gbp, es-ES=EUR",
        }
    )
    assert settings.medusa_url == "https://shop.example.com"
    assert settings.contentful_space_id == "abc123"
    assert settings.redis_url == "redis://127.0.0.1:6379/0"
    assert settings.sync_auto_publish is True
    assert dict(settings.locale_currencies) == {"en-GB": "gbp", "es-ES": "eur"}


@pytest.mark.parametrize(
    ("env", "variable"),
    [
        ({"MEDUSA_URL": "not a url"}, "MEDUSA_URL"),
        ({"CONTENTFUL_CDA_URL": "ftp://x"}, "CONTENTFUL_CDA_URL"),
        ({"CONTENTFUL_CMA_URL": "http://host:99999"}, "CONTENTFUL_CMA_URL"),
        ({"REDIS_URL": "http://127.0.0.1"}, "REDIS_URL"),
        ({"STOREFRONT_DEFAULT_LOCALE": "xx-YY-zz"}, "STOREFRONT_DEFAULT_LOCALE"),
        ({"STOREFRONT_LOCALE_CURRENCIES": "qq-QQ=eur"}, "STOREFRONT_LOCALE_CURRENCIES"),
        ({"STOREFRONT_LOCALE_CURRENCIES": "es-ES=euro"}, "STOREFRONT_LOCALE_CURRENCIES"),
        ({"STOREFRONT_LOCALE_CURRENCIES": "es-ES"}, "STOREFRONT_LOCALE_CURRENCIES"),
        ({"SYNC_AUTO_PUBLISH": "maybe"}, "SYNC_AUTO_PUBLISH"),
        ({"SYNC_DELETE_MODE": "shred"}, "SYNC_DELETE_MODE"),
        ({"STOREFRONT_ENV": "staging"}, "STOREFRONT_ENV"),
        ({"STOREFRONT_HTTP_TIMEOUT": "soon"}, "STOREFRONT_HTTP_TIMEOUT"),
        ({"STOREFRONT_HTTP_TIMEOUT": "-1"}, "STOREFRONT_HTTP_TIMEOUT"),
        ({"STOREFRONT_HTTP_TIMEOUT": "nan"}, "STOREFRONT_HTTP_TIMEOUT"),
        ({"STOREFRONT_HTTP_TIMEOUT": "inf"}, "STOREFRONT_HTTP_TIMEOUT"),
        ({"STOREFRONT_HTTP_TIMEOUT": "1e9"}, "STOREFRONT_HTTP_TIMEOUT"),
    ],
)
def test_bad_values_name_the_variable(env: dict[str, str], variable: str) -> None:
    with pytest.raises(ConfigError, match=variable):
        from_env(env)


def test_production_refuses_dev_secrets_and_names_them() -> None:
    with pytest.raises(ConfigError) as excinfo:
        from_env({"STOREFRONT_ENV": "production", "SECRET_KEY": "a-real-secret"})
    message = str(excinfo.value)
    assert "CONTENTFUL_DELIVERY_TOKEN" in message
    assert "SECRET_KEY," not in message and not message.endswith("SECRET_KEY")


def _production_env() -> dict[str, str]:
    env = {name: f"real-{name.lower()}-{'x' * 32}" for name in config._DEV_SECRETS}
    return {**env, "STOREFRONT_ENV": "production", "STOREFRONT_PUBLIC_URL": "https://shop.test"}


def test_production_starts_with_real_secrets() -> None:
    settings = from_env(_production_env())
    assert settings.is_production and settings.secure_cookies


@pytest.mark.parametrize(
    ("change", "variable", "why"),
    [
        ({"SECRET_KEY": "x"}, "SECRET_KEY", "at least 32"),
        ({"STOREFRONT_PREVIEW_SECRET": "p"}, "STOREFRONT_PREVIEW_SECRET", "at least 16"),
        ({"MEDUSA_WEBHOOK_SECRET": "m"}, "MEDUSA_WEBHOOK_SECRET", "at least 16"),
        ({"STOREFRONT_PUBLIC_URL": "http://shop.test"}, "STOREFRONT_PUBLIC_URL", "https://"),
    ],
)
def test_production_refuses_weak_settings(change: dict[str, str], variable: str, why: str) -> None:
    with pytest.raises(ConfigError) as excinfo:
        from_env({**_production_env(), **change})
    assert variable in str(excinfo.value) and why in str(excinfo.value)


def test_settings_built_in_code_are_validated_by_the_app_factory() -> None:
    from config.settings import Settings
    from storefront import create_app

    weak = Settings(**{**vars(from_env(_production_env())), "secret_key": "x"})
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        create_app({"SETTINGS": weak})


def test_replace_validates_again() -> None:
    settings = from_env({})
    assert settings.replace(medusa_url="http://127.0.0.1:9999").medusa_url.endswith("9999")
    with pytest.raises(ConfigError, match="MEDUSA_URL"):
        settings.replace(medusa_url="nope")
