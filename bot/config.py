"""Deployment settings, read from the environment with safe local defaults.

Every value a deployment changes lives here, so the README can document one list and
the rest of `bot/` never reads `os.environ` directly.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("STAPWIJZER_VAR_DIR", PROJECT_ROOT / "var"))


def _env(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def _env_int(name: str, default: int) -> int:
    raw = _env(name)
    return int(raw) if raw else default


def _env_bool(name: str, default: bool) -> bool:
    raw = _env(name).lower()
    if not raw:
        return default
    return raw in {"1", "true", "yes", "on"}


def default_database_url() -> str:
    return f"sqlite:///{VAR_DIR / 'stapwijzer.db'}"


@dataclass(frozen=True)
class SmtpSettings:
    host: str = field(default_factory=lambda: _env("SMTP_HOST"))
    port: int = field(default_factory=lambda: _env_int("SMTP_PORT", 587))
    user: str = field(default_factory=lambda: _env("SMTP_USER"))
    password: str = field(default_factory=lambda: _env("SMTP_PASSWORD"))
    sender: str = field(default_factory=lambda: _env("SMTP_FROM", "stapwijzer@localhost"))
    starttls: bool = field(default_factory=lambda: _env_bool("SMTP_STARTTLS", True))

    @property
    def configured(self) -> bool:
        return bool(self.host)


@dataclass(frozen=True)
class Settings:
    database_url: str = field(default_factory=lambda: _env("DATABASE_URL") or default_database_url())
    rasa_url: str = field(default_factory=lambda: _env("RASA_URL", "http://localhost:5005").rstrip("/"))
    rasa_api_token: str = field(default_factory=lambda: _env("RASA_API_TOKEN"))
    action_server_url: str = field(
        default_factory=lambda: _env("ACTION_SERVER_URL", "http://localhost:5055/webhook")
    )
    redis_url: str = field(default_factory=lambda: _env("REDIS_URL"))
    telegram_bot_token: str = field(default_factory=lambda: _env("TELEGRAM_BOT_TOKEN"))
    telegram_base_url: str = field(
        default_factory=lambda: _env("TELEGRAM_BASE_URL", "https://api.telegram.org/bot")
    )
    telegram_webhook_url: str = field(default_factory=lambda: _env("TELEGRAM_WEBHOOK_URL"))
    telegram_webhook_secret: str = field(default_factory=lambda: _env("TELEGRAM_WEBHOOK_SECRET"))
    telegram_pseudonym_key: str = field(default_factory=lambda: _env("TELEGRAM_PSEUDONYM_KEY"))
    notify_webhook_url: str = field(default_factory=lambda: _env("NOTIFY_WEBHOOK_URL"))
    notify_email_to: str = field(default_factory=lambda: _env("NOTIFY_EMAIL_TO"))
    smtp: SmtpSettings = field(default_factory=SmtpSettings)
    handoff_retention_days: int = field(default_factory=lambda: _env_int("HANDOFF_RETENTION_DAYS", 90))
    conversation_retention_days: int = field(
        default_factory=lambda: _env_int("CONVERSATION_RETENTION_DAYS", 30)
    )


def load_settings() -> Settings:
    """Read the environment now (not at import), so tests and commands see current values."""
    return Settings()
