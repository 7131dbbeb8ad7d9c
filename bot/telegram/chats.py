"""The `telegram_chats` table: remember, look up and forget the chat behind a pseudonym."""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache

from sqlalchemy import delete, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from bot.storage import runtime
from bot.storage.db import create_engine_for, session_factory
from bot.telegram.models import TelegramChat
from bot.telegram.pseudonyms import PSEUDONYM_PREFIX

logger = logging.getLogger(__name__)


def _now() -> datetime:
    """Naive UTC, as the table stores it."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


class ChatDirectory:
    """Database access for pseudonym ↔ chat id; sync methods plus async wrappers for handlers."""

    def __init__(self, engine: Engine, cache_size: int = 10_000) -> None:
        self._sessions = session_factory(engine)
        # Pseudonym → day last written, so an active chat costs one write a day, not one a message.
        self._written_on: OrderedDict[str, date] = OrderedDict()
        self._cache_size = cache_size

    def remember(self, pseudonym: str, chat_id: int) -> None:
        today = _now().date()
        if self._written_on.get(pseudonym) == today:
            return
        try:
            self._upsert(pseudonym, chat_id)
        except IntegrityError:
            # Another process inserted the same pseudonym meanwhile; now the row is there.
            self._upsert(pseudonym, chat_id)
        self._written_on[pseudonym] = today
        self._written_on.move_to_end(pseudonym)
        if len(self._written_on) > self._cache_size:
            self._written_on.popitem(last=False)

    def _upsert(self, pseudonym: str, chat_id: int) -> None:
        now = _now()
        with self._sessions.begin() as session:
            row = session.get(TelegramChat, pseudonym)
            if row is None:
                session.add(
                    TelegramChat(
                        pseudonym=pseudonym, chat_id=chat_id, created_at=now, last_seen_at=now
                    )
                )
            else:
                row.chat_id = chat_id
                row.last_seen_at = now

    def chat_id_for(self, pseudonym: str) -> int | None:
        with self._sessions() as session:
            return session.execute(
                select(TelegramChat.chat_id).where(TelegramChat.pseudonym == pseudonym)
            ).scalar_one_or_none()

    def forget(self, pseudonym: str) -> bool:
        """Delete the mapping; True when there was one."""
        self._written_on.pop(pseudonym, None)
        with self._sessions.begin() as session:
            result = session.execute(
                delete(TelegramChat).where(TelegramChat.pseudonym == pseudonym)
            )
        return bool(result.rowcount)

    def forget_inactive(self, older_than: timedelta) -> int:
        """Delete chats not seen for `older_than`; returns how many (for a retention job)."""
        cutoff = _now() - older_than
        self._written_on.clear()
        with self._sessions.begin() as session:
            result = session.execute(delete(TelegramChat).where(TelegramChat.last_seen_at < cutoff))
        return int(result.rowcount or 0)

    async def remember_safely(self, pseudonym: str, chat_id: int) -> None:
        """Remember without ever blocking the conversation: the student's message matters more."""
        try:
            await asyncio.to_thread(self.remember, pseudonym, chat_id)
        except SQLAlchemyError as error:
            logger.error("Could not store the Telegram chat mapping: %s", type(error).__name__)

    async def forget_safely(self, pseudonym: str) -> None:
        try:
            await asyncio.to_thread(self.forget, pseudonym)
        except SQLAlchemyError as error:
            logger.error("Could not forget the Telegram chat mapping: %s", type(error).__name__)


@lru_cache(maxsize=4)
def _directory_for_url(database_url: str) -> ChatDirectory:
    return ChatDirectory(create_engine_for(database_url))


def _directory(database_url: str | None) -> ChatDirectory:
    # Without a URL: this process's engine for the current DATABASE_URL, migrated on first use.
    return _directory_for_url(database_url) if database_url else ChatDirectory(runtime.engine())


def is_telegram_sender(sender_id: str) -> bool:
    """True when the Telegram gateway forwarded this sender's messages.

    Only the gateway writes this table, so unlike message metadata or the sender id's prefix
    (both chosen by whoever calls Rasa's REST channel) this cannot be forged.
    """
    if not sender_id.startswith(PSEUDONYM_PREFIX):
        return False  # the cheap answer for every web visitor
    return chat_id_for(sender_id) is not None


def chat_id_for(pseudonym: str, database_url: str | None = None) -> int | None:
    """The Telegram chat behind `pseudonym`; None when unknown or forgotten."""
    return _directory(database_url).chat_id_for(pseudonym)


def forget(pseudonym: str, database_url: str | None = None) -> bool:
    """Forget the chat behind `pseudonym` (data deletion); True when there was one."""
    return _directory(database_url).forget(pseudonym)
