"""Our own database: one SQLAlchemy engine per DATABASE_URL, shared by every `bot/` module."""

from bot.storage.db import Base, create_engine_for, session_factory

__all__ = ["Base", "create_engine_for", "session_factory"]
