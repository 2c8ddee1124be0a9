"""Logging set-up. Secrets never reach a log line, whatever library writes it."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterable

from config.settings import Settings

# httpx logs every request URL at INFO, and Bot API URLs contain the token.
NOISY = {"httpx": logging.WARNING, "httpcore": logging.WARNING, "aiosqlite": logging.WARNING}


class RedactSecrets(logging.Filter):
    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        self.secrets = [secret for secret in secrets if secret]

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if any(secret in message for secret in self.secrets):
            for secret in self.secrets:
                message = message.replace(secret, "[redacted]")
            record.msg, record.args = message, None
        return True


def configure_logging(settings: Settings, *, quiet: bool = False) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    secrets = [
        value.get_secret_value()
        for value in (settings.telegram_token, settings.webhook_secret, settings.secret_key)
        if value is not None
    ]
    handler.addFilter(RedactSecrets(secrets))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.WARNING if quiet else settings.log_level.upper())
    for name, level in NOISY.items():
        logging.getLogger(name).setLevel(max(level, root.level))
