"""Pseudonym → Telegram chat id, so a handoff reply can reach the student.

Only what that needs: no name, no username, no message text.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, DateTime, String

from bot.storage.db import Base


class TelegramChat(Base):
    __tablename__ = "telegram_chats"

    pseudonym = Column(String(64), primary_key=True)
    chat_id = Column(BigInteger, nullable=False)
    # Naive UTC, like the handoff tables, so SQLite and PostgreSQL compare them the same way.
    created_at = Column(DateTime(timezone=False), nullable=False)
    # Lets a retention job forget chats that went quiet (see ChatDirectory.forget_inactive).
    last_seen_at = Column(DateTime(timezone=False), nullable=False, index=True)

    def __repr__(self) -> str:  # never show the chat id in logs
        return f"TelegramChat(pseudonym={self.pseudonym!r})"
