"""`python -m bot train [--force]`: validate, train, test, and promote only a model that is not worse."""

from __future__ import annotations

import argparse
from pathlib import Path

from bot.config import PROJECT_ROOT


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "train", help="train a new model and make it live only when it is not worse than the live one"
    )
    parser.add_argument("--force", action="store_true", help="train again even when nothing changed")
    # Other project layouts (tests train a tiny project); operators never need these.
    parser.add_argument("--root", type=Path, default=PROJECT_ROOT, help=argparse.SUPPRESS)
    for option in ("data", "config", "domain", "models", "test-set", "reports"):
        parser.add_argument(f"--{option}", type=Path, default=None, help=argparse.SUPPRESS)
    parser.set_defaults(handler=_train)


def _train(args: argparse.Namespace) -> int:
    from bot.training.promote import Project, train_and_promote

    project = Project.at(
        args.root, data=args.data, config=args.config, domain=args.domain, models=args.models,
        test_set=args.test_set, reports=args.reports,
    )
    return train_and_promote(project, force=args.force).exit_code
