"""The settings every command starts from, read once from the environment."""

from __future__ import annotations

import click

from config import settings as config_module
from config.settings import ConfigError, Settings


def load_settings() -> Settings:
    """Settings from the environment, or a clean CLI error naming the bad variable."""
    try:
        return config_module.from_env()
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from exc
