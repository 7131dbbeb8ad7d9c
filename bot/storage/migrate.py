"""Bring our tables up to date from code: commands and the action server call `upgrade()` at start.

Safe to call every start (Alembic skips applied revisions) and from several processes at
once: on PostgreSQL a transaction-scoped advisory lock serialises them, on SQLite a file lock.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
from pathlib import Path
from typing import Iterator, Optional

from alembic import command
from alembic.config import Config
from sqlalchemy import text
from sqlalchemy.engine import Engine

from bot.config import PROJECT_ROOT, load_settings
from bot.storage.db import create_engine_for

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# Any fixed 64-bit number works; this one is "stapwijz" in ASCII, so it will not clash by chance.
_ADVISORY_LOCK_KEY = int.from_bytes(b"stapwijz", "big") & 0x7FFF_FFFF_FFFF_FFFF

log = logging.getLogger(__name__)


def alembic_config() -> Config:
    ini_path = PROJECT_ROOT / "alembic.ini"
    config = Config(str(ini_path)) if ini_path.exists() else Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["configure_logging"] = False  # keep the caller's logging set-up
    return config


def upgrade(url: Optional[str] = None, revision: str = "head") -> None:
    """Apply migrations to `url` (default: DATABASE_URL)."""
    engine = create_engine_for(url or load_settings().database_url)
    try:
        with _sqlite_file_lock(engine), engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                # Released at commit; a second process waits here, then finds nothing to do.
                connection.execute(
                    text("SELECT pg_advisory_xact_lock(:key)"), {"key": _ADVISORY_LOCK_KEY}
                )
            config = alembic_config()
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
    finally:
        engine.dispose()
    log.debug("database schema at %s", revision)


@contextlib.contextmanager
def _sqlite_file_lock(engine: Engine) -> Iterator[None]:
    url = engine.url
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        yield
        return
    lock_path = Path(url.database).with_name(Path(url.database).name + ".migrate-lock")
    with open(lock_path, "a") as lock_file:
        fcntl.flock(lock_file, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock_file, fcntl.LOCK_UN)
