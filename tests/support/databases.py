"""Real databases for handoff and notify tests: a SQLite file and a private PostgreSQL schema.

Each test run gets its own random PostgreSQL schema (via `search_path` in the connection's
`options`), so parallel runs and Rasa's own tables never meet. If PostgreSQL is down, the
PostgreSQL half of the tests fails: nothing is skipped.

Imported as `support.databases` (pytest puts tests/ on sys.path).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Iterator

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import Session

from bot.storage.db import create_engine_for, session_factory
from bot.storage.migrate import upgrade

POSTGRES_URL = os.environ.get(
    "STAPWIJZER_TEST_POSTGRES_URL", "postgresql+psycopg2://postgres@127.0.0.1:5432/test"
)
BACKENDS = ("sqlite", "postgresql")


def sqlite_url(folder: Path) -> str:
    return f"sqlite:///{folder / 'stapwijzer-test.db'}"


def create_pg_schema() -> tuple[str, str]:
    """A fresh schema; returns (schema, url whose connections use it)."""
    schema = f"sw_test_{secrets.token_hex(6)}"
    admin = create_engine(POSTGRES_URL, future=True)
    try:
        with admin.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    finally:
        admin.dispose()
    url = make_url(POSTGRES_URL).update_query_dict({"options": f"-csearch_path={schema}"})
    return schema, url.render_as_string(hide_password=False)


def drop_pg_schema(schema: str) -> None:
    admin = create_engine(POSTGRES_URL, future=True)
    try:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    finally:
        admin.dispose()


@pytest.fixture(scope="session", params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A migrated database, one per backend for the whole run."""
    if request.param == "sqlite":
        url = sqlite_url(tmp_path_factory.mktemp("sqlite"))
        upgrade(url)
        yield url
        return
    schema, url = create_pg_schema()
    try:
        upgrade(url)
        yield url
    finally:
        drop_pg_schema(schema)


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = create_engine_for(database_url)
    clear_tables(engine)
    try:
        yield engine
    finally:
        clear_tables(engine)
        engine.dispose()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    with session_factory(engine)() as session:
        yield session


def clear_tables(engine: Engine) -> None:
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM handoff_notifications"))
        connection.execute(text("DELETE FROM handoffs"))


def count_rows(engine: Engine, table: str, where: str = "", **params: object) -> int:
    query = f"SELECT COUNT(*) FROM {table}" + (f" WHERE {where}" if where else "")
    with engine.connect() as connection:
        return int(connection.execute(text(query), params).scalar_one())
