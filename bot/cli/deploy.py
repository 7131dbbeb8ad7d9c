"""`python -m bot deploy [MODEL]` and `python -m bot rollback`: switch the running bot's model."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.config import PROJECT_ROOT


def register(subparsers: argparse._SubParsersAction) -> None:
    deploy = subparsers.add_parser("deploy", help="load the live model (or MODEL) into the running Rasa server")
    deploy.add_argument("model", nargs="?", help="model file or name (default: models/LIVE)")
    deploy.add_argument("--force", action="store_true", help="also deploy a model that `bot train` rejected")
    deploy.add_argument("--models", type=Path, default=PROJECT_ROOT / "models", help=argparse.SUPPRESS)
    deploy.set_defaults(handler=_deploy)

    rollback = subparsers.add_parser("rollback", help="go back to the previous model (models/PREVIOUS)")
    rollback.add_argument("--models", type=Path, default=PROJECT_ROOT / "models", help=argparse.SUPPRESS)
    rollback.set_defaults(handler=_rollback)


def _deploy(args: argparse.Namespace) -> int:
    from bot.deploy import DeployError, RasaServer, deploy, resolve_model

    try:
        model = resolve_model(args.model, args.models) if args.model else None
        deploy(model, RasaServer.from_settings(), args.models, force=args.force)
    except DeployError as error:
        print(error, file=sys.stderr)
        return 1
    return 0


def _rollback(args: argparse.Namespace) -> int:
    from bot.deploy import DeployError, RasaServer, rollback

    try:
        rollback(RasaServer.from_settings(), args.models)
    except DeployError as error:
        print(error, file=sys.stderr)
        return 1
    return 0
