"""Alembic: our own version table, idempotent and concurrent `upgrade()`, models match migrations."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import MetaData, inspect, text

from bot.config import PROJECT_ROOT
import bot.handoffs.models  # noqa: F401 - registers our tables on Base
from bot.storage.db import Base, create_engine_for
from bot.storage.migrate import alembic_config, upgrade
from support.databases import create_pg_schema, drop_pg_schema, sqlite_url


@pytest.fixture(params=["sqlite", "postgresql"])
def fresh_url(request: pytest.FixtureRequest, tmp_path: Path):  # type: ignore[no-untyped-def]
    if request.param == "sqlite":
        yield sqlite_url(tmp_path)
        return
    schema, url = create_pg_schema()
    try:
        yield url
    finally:
        drop_pg_schema(schema)


OUR_TABLES = {"handoffs", "handoff_notifications"}


def _head() -> str:
    return ScriptDirectory.from_config(alembic_config()).get_current_head() or ""


def test_first_revision_is_0001_handoffs() -> None:
    scripts = ScriptDirectory.from_config(alembic_config())
    assert scripts.get_revision("0001_handoffs").down_revision is None
    assert scripts.get_bases() == ["0001_handoffs"]
    assert "0001_handoffs" in {script.revision for script in scripts.walk_revisions()}


def _tables(url: str) -> set[str]:
    engine = create_engine_for(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def _version(url: str) -> list[str]:
    engine = create_engine_for(url)
    try:
        with engine.connect() as connection:
            return [row[0] for row in connection.execute(text("SELECT version_num FROM stapwijzer_alembic_version"))]
    finally:
        engine.dispose()


def test_upgrade_is_idempotent_and_uses_our_own_version_table(fresh_url: str) -> None:
    upgrade(fresh_url)
    upgrade(fresh_url)
    assert {"handoffs", "handoff_notifications", "stapwijzer_alembic_version"} <= _tables(fresh_url)
    assert "alembic_version" not in _tables(fresh_url)  # Rasa or others may own that name
    assert _version(fresh_url) == [_head()]


def test_two_processes_upgrading_at_once_both_succeed(fresh_url: str) -> None:
    errors: list[BaseException] = []
    start = threading.Barrier(3)

    def migrate() -> None:
        try:
            start.wait()
            upgrade(fresh_url)
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    workers = [threading.Thread(target=migrate) for _ in range(3)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    assert errors == []
    assert _version(fresh_url) == [_head()]


def test_models_match_the_migrations(fresh_url: str) -> None:
    upgrade(fresh_url)
    our_metadata = MetaData()
    for table_name in OUR_TABLES:
        Base.metadata.tables[table_name].to_metadata(our_metadata)
    engine = create_engine_for(fresh_url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(
                connection,
                opts={
                    "compare_type": True,
                    # Only our tables: other modules' tables are their migrations' business.
                    "include_name": lambda name, type_, _parents: type_ != "table" or name in OUR_TABLES,
                },
            )
            assert compare_metadata(context, our_metadata) == []
    finally:
        engine.dispose()


def test_alembic_command_line_uses_x_url(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path)
    env = {**os.environ, "DATABASE_URL": "sqlite:////nonexistent/never-used.db"}
    alembic = [sys.executable, "-m", "alembic", "-x", f"url={url}"]
    subprocess.run([*alembic, "upgrade", "head"], cwd=PROJECT_ROOT, env=env, check=True, capture_output=True)
    current = subprocess.run([*alembic, "current"], cwd=PROJECT_ROOT, env=env, check=True, capture_output=True, text=True)
    assert f"{_head()} (head)" in current.stdout
