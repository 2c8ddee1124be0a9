"""Linli's settings: environment variables prefixed ``LINLI_``, optionally a TOML file.

Precedence, highest first: environment, the TOML file named by ``LINLI_CONFIG_FILE``, defaults.
README's configuration table is generated from the field descriptions here (``linli config``).
"""

from __future__ import annotations

import os
from functools import cached_property
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

SUPPORTED_LANGUAGES = ("zh", "en")


# What a WeChat template message's field can take from a push (see ``wechat_templates``).
TEMPLATE_SOURCES = ("title", "body", "time")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="LINLI_", extra="ignore", frozen=True)

    data_dir: Path = Field(Path("data"), description="Where the embedded SQLite database lives.")
    database_url: str = Field(
        "",
        description="SQLAlchemy URL; empty means SQLite in the data dir. "
        "PostgreSQL: `postgresql+asyncpg://user@host/db`.",
    )
    telegram_token: SecretStr | None = Field(
        None, description="Bot token from @BotFather; unset = no Telegram (web chat and terminal chat only)."
    )
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
    # --- WeChat Official Account (bot/channels/wechat) ---
    wechat_app_id: str = Field("", description="WeChat Official Account AppID (开发者ID); empty = no WeChat channel.")
    wechat_app_secret: SecretStr | None = Field(None, description="The account's AppSecret (开发者密码).")
    wechat_token: SecretStr | None = Field(
        None, description="The Token set in the account's server configuration (服务器配置): signs every call."
    )
    wechat_aes_key: SecretStr | None = Field(
        None,
        description="EncodingAESKey (43 characters) for safe mode (安全模式) and compatible mode; unset = plain mode.",
    )
    wechat_path: str = Field("/wechat", description="Path of the WeChat server URL on the web server.")
    wechat_api_url: str = Field(
        "https://api.weixin.qq.com", description="WeChat API base URL (the local fake in tests)."
    )
    wechat_qrcode_url: str = Field(
        "https://mp.weixin.qq.com/cgi-bin/showqrcode", description="Where a parametric QR code's image is fetched."
    )
    wechat_oauth_url: str = Field(
        "https://open.weixin.qq.com",
        description="Where WeChat's web sign-in (网页授权) starts; pages opened inside WeChat are sent there once.",
    )
    wechat_reply_seconds: float = Field(
        4.0,
        gt=0,
        lt=5,
        description="How long an answer may take to go back in WeChat's own reply (it waits 5 s, then retries); "
        "what takes longer goes through the customer-service API.",
    )
    wechat_templates: dict[str, dict[str, Any]] = Field(
        default_factory=dict,
        description="Template messages for pushes outside the 48-hour window, by outbox kind ('*' for any "
        'kind): `{"notice": {"id": "TEMPLATE_ID", "fields": {"thing1": "title", "thing2": "body", '
        '"time3": "time"}}}`; a field takes the message\'s title (first line), body or the time. A kind '
        "without one waits for the person to write.",
    )
    wechat_wait_days: int = Field(
        7, ge=1, description="A WeChat push that waits for the 48-hour window gives up after this many days."
    )
    cjk_font: str = Field(
        "",
        description="A .ttf/.ttc/.otf font with Chinese for the QR posters; empty = Debian's fonts-wqy-zenhei "
        "or another font found in the usual places.",
    )
    web_host: str = Field(
        "127.0.0.1", description="Address the web server (web chat, console, webhook, /healthz) listens on."
    )
    web_port: int = Field(8080, description="Port of the web server.")
    # --- web chat and staff console (bot/webchat, bot/console) ---
    public_url: str = Field(
        "",
        description="Address people reach the web server at (login links, QR codes); "
        "empty = http://<web host>:<web port>.",
    )
    web_secure_cookies: bool = Field(
        False,
        description="Mark cookies Secure (HTTPS only); set it behind HTTPS. Requests that arrive over HTTPS "
        "(or with X-Forwarded-Proto: https from the proxy) get Secure cookies anyway.",
    )
    console_session_hours: int = Field(12, ge=1, description="Console sign-in lasts at most this long.")
    console_idle_minutes: int = Field(60, ge=5, description="Console sign-in ends after this long without use.")
    console_code_minutes: int = Field(
        10, ge=1, description="A console sign-in code or link, or an account-link code, works for this long."
    )
    console_max_failures: int = Field(
        5, ge=1, description="Failed sign-ins allowed per address and per account in 15 minutes."
    )
    timezone: str = Field("Asia/Shanghai", description="Time zone dates are shown in (stored as UTC).")
    default_language: str = Field("zh", description="Language for people whose platform gives none we know.")
    state_ttl_minutes: int = Field(
        120, ge=1, description="A conversation left this long is forgotten; its buttons then say 'expired'."
    )
    flood_per_minute: int = Field(
        40,
        ge=0,
        description="Messages of one chat handled per minute; beyond it the chat is told once to slow down "
        "and not answered until it calms (a script, a stuck key). 0 = no limit.",
    )
    # --- data life: web visitors and retention (bot/housekeeping.py, models/retention.py) ---
    web_new_visitors_per_hour: int = Field(
        30,
        ge=0,
        description="New web chat visitors (cookies) one client address may start per hour; beyond it the page "
        "answers 429 (a script making cookies must not fill the database). 0 = no limit.",
    )
    web_visitor_days: int = Field(
        30,
        ge=1,
        description="A web visitor who never registered and has not come back for this many days is removed "
        "with its queued messages; web messages that waited this long for a page are dropped.",
    )
    retain_case_photos_days: int = Field(
        180,
        ge=1,
        description="Photos of grid cases and 12343 requests are erased this many days after the case closed "
        "(keep it above grid_reopen_days: a reopened case has lost them).",
    )
    retain_contact_days: int = Field(
        90,
        ge=1,
        description="Contact details kept on a closed case (a shared phone, a 12343 request's phones, name and "
        "address) are erased this many days after it closed.",
    )
    retain_sign_ins_days: int = Field(
        90,
        ge=1,
        description="Sign-in attempts, one-time codes, ended console sessions and sign-in entries of the audit "
        "log are deleted after this many days.",
    )
    max_concurrent_updates: int = Field(
        16, ge=1, description="Updates handled at once (different chats); one chat is always in order."
    )
    outbox_poll_seconds: float = Field(2.0, gt=0, description="How often the outbox sender looks for work.")
    inbound_lease_seconds: float = Field(
        60.0,
        gt=0,
        description="A Telegram update kept this long and still unanswered is taken over by any running process "
        "(its own died after keeping it); looked for every half of this.",
    )
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
    # --- room booking (handlers/booking/resident.py) ---
    booking_day_buttons: int = Field(
        7, ge=1, le=14, description="Room booking: how many days are offered as buttons at once."
    )
    booking_checkin_minutes: int = Field(
        15, ge=1, description="Room booking: check-in opens this long before the start and closes this long after."
    )
    booking_offer_minutes: int = Field(
        30, ge=1, description="Room booking: how long a waitlist offer stays open before the next in line gets it."
    )
    booking_no_show_limit: int = Field(
        3, ge=1, description="Room booking: this many no-shows within the window suspend booking."
    )
    booking_no_show_window_days: int = Field(30, ge=1, description="Room booking: the window no-shows are counted in.")
    booking_suspension_days: int = Field(14, ge=1, description="Room booking: how long a suspension lasts.")
    booking_remind_day_hours: int = Field(
        24, ge=1, description="Room booking: the first reminder goes this many hours before the start."
    )
    booking_remind_minutes: int = Field(
        60, ge=1, description="Room booking: the second reminder goes this many minutes before the start."
    )
    # --- 12343 hotline (handlers/hotline/resident.py) ---
    hotline_confirm_days: int = Field(
        3, ge=1, description="12343 hotline: a case marked done closes as 'completed, unrated' after this many days."
    )
    hotline_contact_days: int = Field(
        7,
        ge=0,
        description="12343 hotline: provider staff see a resident's phone and address until this many days "
        "after closing.",
    )
    # --- grid management (handlers/grid/resident.py) ---
    grid_autoclose_days: int = Field(
        7,
        ge=1,
        description="Grid cases: a resolved case closes itself after this many days without the reporter's answer.",
    )
    grid_reopen_days: int = Field(
        30,
        ge=1,
        description="Grid cases: the reporter or a follower may reopen a case this many days after it was resolved.",
    )
    grid_escalate_every_hours: int = Field(
        24,
        ge=1,
        description="Grid cases: an overdue case escalates again (one level up) after this many hours overdue.",
    )
    grid_max_pin_distance_m: int = Field(
        1000, ge=50, description="Grid cases: a location pin farther than this from every known building is refused."
    )
    # --- volunteers (handlers/volunteers/resident.py) ---
    volunteers_offer_minutes: int = Field(
        30, ge=1, description="How long a volunteer has to answer a task offer before the next wave goes out."
    )
    volunteers_wave_factor: int = Field(
        2, ge=1, description="The first wave of a task goes to this many best-matching volunteers per open place."
    )
    volunteers_reminder_minutes: int = Field(
        120, ge=0, description="Volunteers are reminded this many minutes before their task starts; 0 = no reminder."
    )
    volunteers_recent_days: int = Field(
        30, ge=1, description="Dispatch prefers volunteers with the fewest tasks in this many recent days."
    )
    volunteers_report_grace_hours: int = Field(
        2, ge=0, description="After a task's window ends, hours to report it done before a visit counts as missed."
    )
    volunteers_visit_lead_hours: int = Field(
        48, ge=1, description="A pairing's next visit is offered to its volunteers this many hours before it is due."
    )
    volunteers_visit_window_hours: int = Field(
        3, ge=1, description="How long the window of a pairing's visit is (from the visit's time)."
    )
    # --- notices (handlers/notices/staff.py) ---
    telegram_paid_broadcasts: bool = Field(
        False,
        description="Paid broadcasts (Telegram charges Stars above 30/s): outbox deliveries may go up to 1000/s.",
    )
    outbox_concurrency: int = Field(
        16,
        ge=1,
        description="Outbox deliveries in flight at once on Telegram (different chats; paced either way); "
        "raised to rate × 0.2 s when the rate needs more (paid broadcasts).",
    )
    talk_support_threshold: int = Field(
        10,
        ge=0,
        description="居民说事: supports that put a matter on the next meeting's agenda by itself; 0 = only staff do.",
    )
    talk_thresholds: dict[str, int] = Field(
        default_factory=dict,
        description='Per community (by code) instead of talk_support_threshold, as JSON: {"yuntang": 8}.',
    )
    notices_remind_hours: int = Field(
        6, ge=0, description="Critical notices: remind those who have not pressed 'I've read it' after this; 0 = never."
    )
    evaluation_months: int = Field(
        3,
        ge=1,
        le=12,
        description="Residents' evaluation (群众评): one round per community every this many months (3 = each "
        "quarter); a divisor of 12.",
    )
    evaluation_open_days: int = Field(
        14, ge=1, le=60, description="Residents' evaluation: a round takes answers for this many days."
    )
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

    @field_validator("wechat_aes_key")
    @classmethod
    def _aes_key_length(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and len(value.get_secret_value()) != 43:
            raise ValueError("wechat_aes_key (EncodingAESKey) has 43 characters")
        return value

    @field_validator("wechat_templates")
    @classmethod
    def _templates_shape(cls, value: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
        for kind, template in value.items():
            fields = template.get("fields")
            if not isinstance(template.get("id"), str) or not isinstance(fields, dict) or not fields:
                raise ValueError(f"wechat_templates[{kind!r}] needs an 'id' and 'fields'")
            wrong = [source for source in fields.values() if source not in TEMPLATE_SOURCES]
            if wrong:
                raise ValueError(f"wechat_templates[{kind!r}]: a field takes one of {TEMPLATE_SOURCES}, not {wrong}")
        return value

    @field_validator("evaluation_months")
    @classmethod
    def _months_divide_the_year(cls, value: int) -> int:
        if 12 % value:
            raise ValueError("evaluation_months must divide 12 (1, 2, 3, 4, 6 or 12)")
        return value

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        ZoneInfo(value)  # raises for an unknown zone, at start rather than at the first date shown
        return value

    def talk_threshold(self, community_code: str) -> int:
        return self.talk_thresholds.get(community_code, self.talk_support_threshold)

    @cached_property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def base_url(self) -> str:
        """Where people reach the web server, without a trailing slash."""
        if self.public_url:
            return self.public_url.rstrip("/")
        host = "127.0.0.1" if self.web_host in ("0.0.0.0", "::", "") else self.web_host
        return f"http://{host}:{self.web_port}"

    @property
    def wechat_enabled(self) -> bool:
        return bool(self.wechat_app_id)

    @property
    def effective_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite+aiosqlite:///{self.data_dir / 'linli.db'}"

    @property
    def is_embedded(self) -> bool:
        return self.effective_database_url.startswith("sqlite")
