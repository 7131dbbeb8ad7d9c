"""Erasure in the tracker store and conversation retention, on SQLite and PostgreSQL,
using Rasa's own tracker and event classes."""

from __future__ import annotations

import asyncio
import time

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import MetaData, Table, func, select

from bot.__main__ import main as bot_main
from bot.privacy.retention import purge_conversations
from bot.privacy.tracker_store import ERASE_SLOT, ErasableSQLTrackerStore
from bot.storage.db import create_engine_for
from support.databases import BACKENDS, create_pg_schema, drop_pg_schema, sqlite_url

DOMAIN = Domain.from_yaml(
    f"""
version: "3.1"
intents: [greet, delete_data]
slots:
  {ERASE_SLOT}:
    type: bool
    influence_conversation: false
    mappings: [{{type: custom}}]
"""
)


@pytest.fixture(params=BACKENDS)
def url(request: pytest.FixtureRequest, tmp_path):  # type: ignore[no-untyped-def]
    if request.param == "sqlite":
        yield sqlite_url(tmp_path)
        return
    schema, pg_url = create_pg_schema()
    yield pg_url
    drop_pg_schema(schema)


def _rows(url: str, sender: str) -> int:
    engine = create_engine_for(url)
    events = Table("events", MetaData(), autoload_with=engine)
    with engine.connect() as connection:
        count = connection.execute(select(func.count()).select_from(events).where(events.c.sender_id == sender)).scalar_one()
    engine.dispose()
    return count


def _conversation(sender: str, timestamp: float | None = None) -> list:
    stamp = {"timestamp": timestamp} if timestamp else {}
    return [
        ActionExecuted("action_listen", **stamp),
        UserUttered("mijn nummer is 0612345678", {"name": "greet", "confidence": 0.9}, **stamp),
        BotUttered("Hoi!", **stamp),
        ActionExecuted("action_listen", **stamp),
    ]


def test_erase_marker_deletes_every_stored_event_of_the_sender(url: str) -> None:
    store = ErasableSQLTrackerStore(domain=DOMAIN, host=url)
    tracker = DialogueStateTracker.from_events("student", _conversation("student"), slots=DOMAIN.slots)
    other = DialogueStateTracker.from_events("other", _conversation("other"), slots=DOMAIN.slots)
    asyncio.run(store.save(tracker))
    asyncio.run(store.save(other))
    assert _rows(url, "student") == 4

    tracker = asyncio.run(store.retrieve("student"))
    for event in (
        UserUttered("verwijder mijn gegevens", {"name": "delete_data", "confidence": 1.0}),
        ActionExecuted("action_delete_data"),
        SlotSet(ERASE_SLOT, True),
        BotUttered("Klaar."),
        ActionExecuted("action_listen"),
    ):
        tracker.update(event)
    asyncio.run(store.save(tracker))

    assert _rows(url, "student") == 2, "only what follows the marker stays: the confirmation, no user text"
    assert _rows(url, "other") == 4
    kept = asyncio.run(store.retrieve("student"))
    assert not [event for event in kept.events if isinstance(event, UserUttered)]
    store.engine.dispose()


def test_without_marker_the_store_appends_as_rasa_does(url: str) -> None:
    store = ErasableSQLTrackerStore(domain=DOMAIN, host=url)
    tracker = DialogueStateTracker.from_events("student", _conversation("student"), slots=DOMAIN.slots)
    asyncio.run(store.save(tracker))
    tracker.update(UserUttered("hoi", {"name": "greet", "confidence": 1.0}))
    asyncio.run(store.save(tracker))
    assert _rows(url, "student") == 5
    store.engine.dispose()


def test_retention_deletes_only_conversations_quiet_for_longer_than_the_period(url: str, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    store = ErasableSQLTrackerStore(domain=DOMAIN, host=url)
    old = time.time() - 40 * 86_400
    asyncio.run(store.save(DialogueStateTracker.from_events("old", _conversation("old", old), slots=DOMAIN.slots)))
    asyncio.run(store.save(DialogueStateTracker.from_events("new", _conversation("new"), slots=DOMAIN.slots)))
    store.engine.dispose()

    monkeypatch.setenv("DATABASE_URL", url)
    assert bot_main(["privacy", "purge", "--days", "30"]) == 0
    assert _rows(url, "old") == 0
    assert _rows(url, "new") == 4
    engine = create_engine_for(url)
    assert purge_conversations(engine, 30) == 0
    engine.dispose()
