"""Alembic environment for Stapwijzer's own tables.

Where the database comes from, first match wins:
1. `config.attributes["connection"]`: set by `bot.storage.migrate.upgrade()` (holds the lock);
2. `alembic -x url=...`;
3. DATABASE_URL through `bot.config.load_settings()`.
"""

from __future__ import annotations

import importlib
from logging.config import fileConfig

from alembic import context
from sqlalchemy.engine import Connection

from bot.storage.db import Base, create_engine_for

# Every module with tables belongs here, or autogenerate proposes to drop its tables.
MODEL_MODULES = ("bot.handoffs.models", "bot.telegram.models")
for _module_name in MODEL_MODULES:
    importlib.import_module(_module_name)

VERSION_TABLE = "stapwijzer_alembic_version"

config = context.config
target_metadata = Base.metadata

if config.config_file_name is not None and config.attributes.get("configure_logging", True):
    fileConfig(config.config_file_name, disable_existing_loggers=False)


def _include_name(name, type_, parent_names) -> bool:  # type: ignore[no-untyped-def]
    # Rasa's tables (events, ...) share the database: autogenerate must not touch them.
    if type_ == "table":
        return name in target_metadata.tables
    return True


def _configure(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        version_table=VERSION_TABLE,
        include_name=_include_name,
        compare_type=True,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite cannot ALTER much
    )


def run_migrations_offline() -> None:
    url = context.get_x_argument(as_dictionary=True).get("url")
    if not url:
        from bot.config import load_settings

        url = load_settings().database_url
    context.configure(
        url=url,
        target_metadata=target_metadata,
        version_table=VERSION_TABLE,
        literal_binds=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    url = context.get_x_argument(as_dictionary=True).get("url")
    engine = create_engine_for(url)  # None → DATABASE_URL
    try:
        with engine.connect() as connection:
            _configure(connection)
            with context.begin_transaction():
                context.run_migrations()
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
