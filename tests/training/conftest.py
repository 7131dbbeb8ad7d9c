"""A tiny project with a first trained, live model; each test gets its own copy to change."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.training.promote import Project, TrainOutcome, train_and_promote
from training.tiny_project import create_tiny_project


@pytest.fixture(scope="session")
def trained_base(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, TrainOutcome]:
    root = create_tiny_project(tmp_path_factory.mktemp("tiny-base") / "project")
    outcome = train_and_promote(Project.at(root), say=lambda _line: None)
    assert outcome.status == "promoted", outcome.reasons
    return root, outcome


@pytest.fixture
def tiny(trained_base: tuple[Path, TrainOutcome], tmp_path: Path) -> Project:
    """A copy of the base project whose live model is the base model."""
    root = tmp_path / "project"
    shutil.copytree(trained_base[0], root)
    return Project.at(root)
