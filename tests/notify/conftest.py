"""Fixtures for notify tests: real databases plus local SMTP, webhook and Telegram servers."""

from __future__ import annotations

from typing import Iterator

import pytest

from support import notify_fakes as _fakes
from support.databases import database_url, engine, session  # noqa: F401  (fixtures)


@pytest.fixture
def webhook_receiver() -> Iterator["_fakes.WebhookReceiver"]:
    receiver = _fakes.WebhookReceiver()
    receiver.start()
    try:
        yield receiver
    finally:
        receiver.stop()


@pytest.fixture
def smtp_server() -> Iterator["_fakes.SmtpServer"]:
    server = _fakes.SmtpServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def telegram_api() -> Iterator["_fakes.FakeTelegramApi"]:
    api = _fakes.FakeTelegramApi()
    api.start()
    try:
        yield api
    finally:
        api.stop()


@pytest.fixture
def notify_env(monkeypatch: pytest.MonkeyPatch, smtp_server, telegram_api):  # type: ignore[no-untyped-def]
    """Environment pointing every channel at the local servers; catch-all targets unset."""
    monkeypatch.setenv("SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("SMTP_PORT", str(smtp_server.port))
    monkeypatch.setenv("SMTP_STARTTLS", "false")
    monkeypatch.setenv("SMTP_FROM", "stapwijzer@test.invalid")
    monkeypatch.delenv("SMTP_USER", raising=False)
    monkeypatch.delenv("SMTP_PASSWORD", raising=False)
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", telegram_api.token)
    monkeypatch.setenv("TELEGRAM_BASE_URL", telegram_api.base_url)
    monkeypatch.delenv("NOTIFY_EMAIL_TO", raising=False)
    monkeypatch.delenv("NOTIFY_WEBHOOK_URL", raising=False)
    return monkeypatch
