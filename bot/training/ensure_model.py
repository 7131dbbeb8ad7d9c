"""Train a model only when the training inputs changed; print the path of the model to run.

Used by `make run` and `make test`: a fresh clone trains once, later runs reuse the model
whose name carries the current content hash.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from bot.config import PROJECT_ROOT
from bot.training.promote import REJECTED_DIR
from bot.training.registry import MODELS_DIR, live_model, model_name_for, model_path_for, set_live, training_fingerprint


def train(fingerprint: str, models_dir: Path = MODELS_DIR) -> Path:
    models_dir.mkdir(parents=True, exist_ok=True)
    rasa = Path(sys.executable).with_name("rasa")
    command = [
        str(rasa), "train",
        "--data", "data", "--config", "config.yml", "--domain", "domain.yml",
        "--out", str(models_dir), "--fixed-model-name", model_name_for(fingerprint),
    ]
    subprocess.run(command, check=True, cwd=PROJECT_ROOT, env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "2"})
    model = model_path_for(fingerprint, models_dir)
    if not model.is_file():
        raise SystemExit(f"rasa train finished but {model} is missing")
    return model


def ensure_model(make_live: bool = True) -> Path:
    fingerprint = training_fingerprint()
    model = model_path_for(fingerprint)
    rejected = MODELS_DIR / REJECTED_DIR / model.name
    current = live_model()
    if rejected.is_file() and current is not None:
        # `python -m bot train` refused a model of exactly this data: never put it live here.
        print(f"{model.name} was rejected by `python -m bot train`; keeping {current.name}.", file=sys.stderr)
        return current
    if model.is_file():
        print(f"Model is up to date with data/, config.yml and domain.yml: {model.name}", file=sys.stderr)
    else:
        print(f"Training inputs changed (hash {fingerprint}): training a new model…", file=sys.stderr)
        model = train(fingerprint)
    if make_live:
        set_live(model)
    return model


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--no-live", action="store_true", help="do not point models/LIVE at the model")
    args = parser.parse_args()
    print(ensure_model(make_live=not args.no_live))


if __name__ == "__main__":
    main()
