"""Fixtures for the region tests: the real data (loaded once) and a writable copy of it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.regions.directory import DEFAULT_DATA_DIR, RegionDirectory
from bot.regions.resolve import PlaceResolver


@pytest.fixture(scope="session")
def directory() -> RegionDirectory:
    return RegionDirectory.load(DEFAULT_DATA_DIR)


@pytest.fixture(scope="session")
def resolver(directory: RegionDirectory) -> PlaceResolver:
    return PlaceResolver(directory)


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A copy of data/regions that a test may break."""
    target = tmp_path / "regions"
    shutil.copytree(DEFAULT_DATA_DIR, target)
    for path in target.iterdir():
        path.chmod(0o644)  # the CSVs were copied read-only from the shared folder
    return target
