"""One engine per process for long-running services (the action server), migrated once."""

from __future__ import annotations

import contextlib
import threading
from typing import Iterator

from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from bot.config import load_settings
from bot.storage.db import create_engine_for, session_factory

_lock = threading.Lock()
_engines: dict[str, Engine] = {}


def engine() -> Engine:
    """The engine for the current DATABASE_URL; the schema is brought up to date on first use."""
    url = load_settings().database_url
    with _lock:
        if url not in _engines:
            from bot.storage.migrate import upgrade

            upgrade(url)
            _engines[url] = create_engine_for(url)
        return _engines[url]


@contextlib.contextmanager
def session_scope() -> Iterator[Session]:
    """A session that commits on success and rolls back on error."""
    session = session_factory(engine())()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
