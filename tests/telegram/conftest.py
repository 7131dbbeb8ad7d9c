"""Fixtures: the real gateway (as `python -m bot telegram` builds it) against loopback fakes."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest
import pytest_asyncio
from sqlalchemy.engine import Engine
from support.telegram_fakes import (
    BOT_TOKEN,
    PSEUDONYM_KEY,
    STUDENT_CHAT_ID,
    WEBHOOK_SECRET,
    WEBHOOK_URL,
    FakeBotApi,
    FakeRasa,
)

from bot.storage.db import Base, create_engine_for
from bot.telegram.application import GatewayConfig, build_application
from bot.telegram.models import TelegramChat
from bot.telegram.pseudonyms import pseudonym_for
from bot.telegram.runner import GatewayRunner


@pytest_asyncio.fixture
async def rasa() -> AsyncIterator[FakeRasa]:
    fake = FakeRasa()
    await fake.start()
    yield fake
    await fake.stop()


@pytest.fixture
def engine(tmp_path: Path) -> Engine:
    engine = create_engine_for(f"sqlite:///{tmp_path / 'gateway.db'}")
    Base.metadata.create_all(engine, tables=[TelegramChat.__table__])
    return engine


@pytest.fixture
def student_pseudonym() -> str:
    return pseudonym_for(STUDENT_CHAT_ID, PSEUDONYM_KEY)


StartGateway = Callable[..., Awaitable[GatewayRunner]]


@pytest_asyncio.fixture
async def start_gateway(
    bot_api: FakeBotApi, rasa: FakeRasa, engine: Engine
) -> AsyncIterator[StartGateway]:
    """Starts the real gateway against the fakes; `webhook=True` for webhook mode."""
    runners: list[GatewayRunner] = []

    async def start(*, webhook: bool = False, rasa_timeout: float = 2.0) -> GatewayRunner:
        config = GatewayConfig(
            bot_token=BOT_TOKEN,
            rasa_url=rasa.url,
            pseudonym_key=PSEUDONYM_KEY,
            engine=engine,
            base_url=bot_api.base_url,
            rasa_timeout_seconds=rasa_timeout,
            webhook_url=WEBHOOK_URL if webhook else "",
            webhook_secret=WEBHOOK_SECRET if webhook else "",
        )
        runner = GatewayRunner(
            build_application(config), config, listen_port=0, poll_timeout_seconds=1
        )
        await runner.start()
        runners.append(runner)
        return runner

    yield start
    for runner in runners:
        await runner.stop()
