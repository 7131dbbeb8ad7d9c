"""The database session the one-shot commands share: schema brought up to date first."""

from __future__ import annotations

import contextlib
from typing import Iterator

from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from bot.config import load_settings
from bot.storage.db import create_engine_for, session_factory
from bot.storage.migrate import upgrade


@contextlib.contextmanager
def migrated_session() -> Iterator[tuple[Engine, Session]]:
    """An engine and session on DATABASE_URL; both closed again when the command is done."""
    url = load_settings().database_url
    upgrade(url)
    engine = create_engine_for(url)
    try:
        with session_factory(engine)() as session:
            yield engine, session
    finally:
        engine.dispose()
