"""Trained models under models/, named by a content hash of what they were trained on.

A model is retrained only when `data/`, `config.yml`, `domain.yml` or our trainable NLU components change: the hash of
their contents is part of the model's file name. `models/LIVE` names the model that the
Rasa server runs; `models/PREVIOUS` the one before it, for rollback.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from bot.config import PROJECT_ROOT

MODELS_DIR = PROJECT_ROOT / "models"
# The code of our trainable components (the crisis model, the vocabulary) shapes what a
# model learns, so a change there gives a new model too. The backstop's rules are read at
# run time and need no retraining.
TRAINING_INPUTS = (
    "data", "config.yml", "domain.yml",
    "bot/nlu/components.py", "bot/nlu/crisis_model.py", "bot/nlu/vocabulary.py",
)
MODEL_PREFIX = "stapwijzer-"
LIVE_POINTER = "LIVE"
PREVIOUS_POINTER = "PREVIOUS"


def training_fingerprint(root: Path = PROJECT_ROOT) -> str:
    """sha256 over the relative path and bytes of every training input file."""
    digest = hashlib.sha256()
    for name in TRAINING_INPUTS:
        path = root / name
        if not path.exists():
            continue
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in files:
            if file.name.startswith(".") or "__pycache__" in file.parts:
                continue
            digest.update(file.relative_to(root).as_posix().encode())
            digest.update(b"\0")
            digest.update(file.read_bytes())
            digest.update(b"\0")
    return digest.hexdigest()[:16]


def model_name_for(fingerprint: str) -> str:
    return f"{MODEL_PREFIX}{fingerprint}"


def model_path_for(fingerprint: str, models_dir: Path = MODELS_DIR) -> Path:
    return models_dir / f"{model_name_for(fingerprint)}.tar.gz"


def _read_pointer(name: str, models_dir: Path) -> Path | None:
    pointer = models_dir / name
    if not pointer.exists():
        return None
    model = models_dir / pointer.read_text().strip()
    return model if model.is_file() else None


def live_model(models_dir: Path = MODELS_DIR) -> Path | None:
    return _read_pointer(LIVE_POINTER, models_dir)


def previous_model(models_dir: Path = MODELS_DIR) -> Path | None:
    return _read_pointer(PREVIOUS_POINTER, models_dir)


def set_live(model: Path, models_dir: Path = MODELS_DIR) -> None:
    """Make `model` live and remember the old live model for rollback."""
    current = live_model(models_dir)
    if current is not None and current.resolve() != model.resolve():
        (models_dir / PREVIOUS_POINTER).write_text(current.name + "\n")
    (models_dir / LIVE_POINTER).write_text(model.name + "\n")
