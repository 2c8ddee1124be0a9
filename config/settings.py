"""Linli's settings: environment variables prefixed ``LINLI_``, optionally a TOML file.

Precedence, highest first: environment, the TOML file named by ``LINLI_CONFIG_FILE``, defaults.
README's configuration table is generated from the field descriptions here (``linli config``).
"""

from __future__ import annotations

import os
from functools import cached_property
from pathlib import Path
from zoneinfo import ZoneInfo

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

SUPPORTED_LANGUAGES = ("zh", "en")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="LINLI_", extra="ignore", frozen=True)

    data_dir: Path = Field(Path("data"), description="Where the embedded SQLite database lives.")
    database_url: str = Field(
        "",
        description="SQLAlchemy URL; empty means SQLite in the data dir. "
        "PostgreSQL: `postgresql+asyncpg://user@host/db`.",
    )
    telegram_token: SecretStr | None = Field(None, description="Bot token from @BotFather; unset = terminal chat.")
    telegram_api_url: str = Field(
        "https://api.telegram.org/bot",
        description="Bot API base URL (a self-hosted Bot API server, or the local fake in tests).",
    )
    telegram_file_url: str = Field("", description="Bot API file base URL; empty = derived from the API URL.")
    telegram_max_rate: float = Field(
        30.0,
        ge=0,
        description="Messages per second to Telegram overall (its documented bulk limit); "
        "0 = no overall limit (self-hosted Bot API server, paid broadcasts).",
    )
    webhook_url: str = Field("", description="Public HTTPS URL of the webhook; set = webhook mode, else polling.")
    webhook_secret: SecretStr | None = Field(
        None, description="Secret Telegram sends with every webhook call; unset = derived from the token."
    )
    web_host: str = Field("127.0.0.1", description="Address the web server (webhook, /healthz) listens on.")
    web_port: int = Field(8080, description="Port of the web server.")
    timezone: str = Field("Asia/Shanghai", description="Time zone dates are shown in (stored as UTC).")
    default_language: str = Field("zh", description="Language for people whose platform gives none we know.")
    state_ttl_minutes: int = Field(
        120, ge=1, description="A conversation left this long is forgotten; its buttons then say 'expired'."
    )
    max_concurrent_updates: int = Field(
        16, ge=1, description="Updates handled at once (different chats); one chat is always in order."
    )
    outbox_poll_seconds: float = Field(2.0, gt=0, description="How often the outbox sender looks for work.")
    outbox_batch: int = Field(50, ge=1, description="Outbox messages claimed per round.")
    outbox_max_attempts: int = Field(8, ge=1, description="Attempts before an outbox message is marked failed.")
    secret_key: SecretStr | None = Field(
        None, description="Signs button payloads; unset = generated once and kept in the database."
    )
    timer_poll_seconds: float = Field(1.0, gt=0, description="How often due timers (reminders, deadlines) are fired.")
    quiet_hours_start: int = Field(
        22, ge=0, le=23, description="Local hour from which non-urgent notifications wait for the morning."
    )
    quiet_hours_end: int = Field(7, ge=0, le=23, description="Local hour at which held notifications go out.")
    # --- room booking (handlers/booking.py) ---
    # --- 12343 hotline (handlers/hotline.py) ---
    # --- grid management (handlers/grid.py) ---
    # --- volunteers (handlers/volunteers.py) ---
    # --- notices (handlers/notices.py) ---
    demo: bool = Field(True, description="Load the demo community on first start of the embedded database.")
    log_level: str = Field("INFO", description="Python logging level.")

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        sources: list[PydanticBaseSettingsSource] = [init_settings, env_settings]
        config_file = os.environ.get("LINLI_CONFIG_FILE")
        if config_file:
            sources.append(TomlConfigSettingsSource(settings_cls, toml_file=config_file))
        return tuple(sources)

    @field_validator("default_language")
    @classmethod
    def _known_language(cls, value: str) -> str:
        if value not in SUPPORTED_LANGUAGES:
            raise ValueError(f"default_language must be one of {SUPPORTED_LANGUAGES}")
        return value

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        ZoneInfo(value)  # raises for an unknown zone, at start rather than at the first date shown
        return value

    @cached_property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def effective_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite+aiosqlite:///{self.data_dir / 'linli.db'}"

    @property
    def is_embedded(self) -> bool:
        return self.effective_database_url.startswith("sqlite")
