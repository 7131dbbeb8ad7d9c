"""`python -m bot <command>`: the operator and service commands of Stapwijzer.

Each command lives in its own module under `bot/cli/` and exposes `register(subparsers)`;
this file only wires them together, so adding a command never touches the others.
"""

from __future__ import annotations

import argparse
import importlib
import sys

COMMAND_MODULES = (
    "bot.cli.run",
    "bot.cli.handoffs",
    "bot.cli.notify",
    "bot.cli.telegram",
    "bot.cli.review",
    "bot.cli.train",
    "bot.cli.deploy",
    "bot.cli.privacy",
    "bot.cli.regions",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description="Stapwijzer commands")
    subparsers = parser.add_subparsers(dest="command", required=True)
    for module_name in COMMAND_MODULES:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as error:
            if error.name == module_name:
                continue  # command not built yet
            raise
        module.register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.handler(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
