"""Retention: conversations are kept for CONVERSATION_RETENTION_DAYS after their last event.

Rasa has no retention of its own. We delete whole conversations (every event of a sender
whose newest event is older than the cut-off) from the tracker store's `events` table, so
no tracker is left half-deleted, and forget Telegram chats that went quiet as long.
"""

from __future__ import annotations

import time
from datetime import timedelta

from sqlalchemy import MetaData, Table, delete, func, inspect, select
from sqlalchemy.engine import Engine

from bot.telegram.chats import ChatDirectory

EVENTS_TABLE = "events"  # rasa.core.tracker_store.SQLTrackerStore.SQLEvent.__tablename__


def purge_conversations(engine: Engine, older_than_days: int, now: float | None = None) -> int:
    """Delete conversations whose last event is older than the cut-off; returns how many."""
    if not inspect(engine).has_table(EVENTS_TABLE):
        return 0
    events = Table(EVENTS_TABLE, MetaData(), autoload_with=engine)
    cutoff = (now or time.time()) - older_than_days * 86_400
    stale_senders = (
        select(events.c.sender_id).group_by(events.c.sender_id).having(func.max(events.c.timestamp) < cutoff)
    )
    with engine.begin() as connection:
        senders = [row[0] for row in connection.execute(stale_senders)]
        for start in range(0, len(senders), 500):
            connection.execute(delete(events).where(events.c.sender_id.in_(senders[start : start + 500])))
    return len(senders)


def forget_quiet_telegram_chats(engine: Engine, older_than_days: int) -> int:
    return ChatDirectory(engine).forget_inactive(timedelta(days=older_than_days))
