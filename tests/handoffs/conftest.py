"""Fixtures for handoff tests: real SQLite and PostgreSQL databases (see tests/support/databases.py)."""

from support.databases import database_url, engine, session  # noqa: F401  (fixtures)
