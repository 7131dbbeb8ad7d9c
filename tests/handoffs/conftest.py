"""Fixtures for handoff tests: real SQLite and PostgreSQL databases (see handoff_dbsupport.py)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path


def _load(path: Path, name: str):  # type: ignore[no-untyped-def]
    # Loaded by path, not by package import: tests/ has no __init__.py and other folders'
    # helper modules must not shadow ours.
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, path)
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


_db = _load(Path(__file__).with_name("handoff_dbsupport.py"), "handoff_dbsupport")
database_url = _db.database_url
engine = _db.engine
session = _db.session
