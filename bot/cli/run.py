"""`python -m bot run [--model PATH]`: run every Stapwijzer service locally (what `make run` does)."""

from __future__ import annotations

import argparse
from pathlib import Path


def _run(args: argparse.Namespace) -> int:
    from bot.supervisor import run
    from bot.training.registry import live_model

    model = args.model or live_model()
    if model is None:
        print("No trained model yet: run `make model` (or `make run`, which trains when needed).")
        return 1
    return run(model)


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("run", help="run the bot locally: actions, Rasa, dispatcher, gateway, widget")
    parser.add_argument("--model", type=Path, default=None, help="model archive (default: models/LIVE)")
    parser.set_defaults(handler=_run)
