"""Fixtures shared by test folders.

`bot_api`: a fake Telegram Bot API on loopback.

`stack`: a real Stapwijzer (action server + Rasa with the live model) per database backend,
used by tests/integration and tests/browser. It lives here so that both folders share one
running stack per backend instead of starting their own (a Rasa start takes tens of seconds).
Tests that use it fail, never skip, when the model or PostgreSQL is missing.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Iterator

import pytest
import pytest_asyncio

from support.databases import BACKENDS, create_pg_schema, drop_pg_schema, sqlite_url
from support.notify_fakes import WebhookReceiver
from support.rasa_stack import RasaStack
from support.telegram_fakes import FakeBotApi


@pytest.fixture(scope="session")
def counsellor_webhook() -> Iterator[WebhookReceiver]:
    """Where the catch-all counsellor notifications of the test stacks go."""
    receiver = WebhookReceiver()
    receiver.start()
    yield receiver
    receiver.stop()


@pytest.fixture(scope="session", params=BACKENDS)
def stack(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, counsellor_webhook: WebhookReceiver
) -> Iterator[RasaStack]:
    workdir: Path = tmp_path_factory.mktemp(f"stack-{request.param}")
    schema = None
    if request.param == "sqlite":
        url = sqlite_url(workdir)
    else:
        schema, url = create_pg_schema()
    rasa_stack = RasaStack(url, workdir, extra_env={"NOTIFY_WEBHOOK_URL": counsellor_webhook.url})
    try:
        yield rasa_stack.start()
    finally:
        rasa_stack.stop()
        if schema:
            drop_pg_schema(schema)


@pytest_asyncio.fixture
async def bot_api() -> AsyncIterator[FakeBotApi]:
    """A fake Telegram Bot API on loopback (tests/telegram and the gateway-with-Rasa test)."""
    fake = FakeBotApi()
    await fake.start()
    yield fake
    await fake.stop()
