"""endpoints.production.yml for real: PostgreSQL tracker store and the Redis lock store."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Iterator

import pytest
import redis
from sqlalchemy import MetaData, Table, func, select

from bot.config import PROJECT_ROOT
from bot.storage.db import create_engine_for
from support.databases import create_pg_schema, drop_pg_schema
from support.rasa_stack import RasaStack, texts

pytestmark = pytest.mark.needs_model

REDIS_DB = 11


@pytest.fixture(scope="module")
def production_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RasaStack]:
    schema, url = create_pg_schema()
    redis.Redis(host="127.0.0.1", port=6379, db=REDIS_DB).flushdb()
    stack = RasaStack(
        url,
        tmp_path_factory.mktemp("production"),
        extra_env={"REDIS_HOST": "127.0.0.1", "REDIS_PORT": "6379", "REDIS_DB": str(REDIS_DB)},
        endpoints_template=PROJECT_ROOT / "endpoints.production.yml",
    )
    try:
        yield stack.start()
    finally:
        stack.stop()
        drop_pg_schema(schema)


def _lock_commands(client: redis.Redis) -> int:
    stats = client.info("commandstats")
    return sum(stats.get(name, {}).get("calls", 0) for name in ("cmdstat_set", "cmdstat_del"))


def test_conversation_is_locked_in_redis_and_stored_in_postgresql(production_stack: RasaStack) -> None:
    client = redis.Redis(host="127.0.0.1", port=6379, db=REDIS_DB)
    sender = f"prod-{uuid.uuid4().hex[:8]}"
    before = _lock_commands(client)
    assert "Waar wil je het over hebben?" in texts(production_stack.send(sender, "hallo"))
    assert "bbl" in texts(production_stack.send(sender, "wat is bbl")).lower()
    assert _lock_commands(client) >= before + 4, "each message takes and releases a Redis lock"
    assert not list(client.scan_iter("*stapwijzer*")), "locks are released after each message"

    engine = create_engine_for(production_stack.database_url)
    assert engine.dialect.name == "postgresql"
    events = Table("events", MetaData(), autoload_with=engine)
    with engine.connect() as connection:
        stored = connection.execute(select(func.count()).select_from(events).where(events.c.sender_id == sender)).scalar_one()
    engine.dispose()
    assert stored > 5
