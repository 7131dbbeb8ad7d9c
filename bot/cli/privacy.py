"""`python -m bot privacy purge [--days N]`: retention of conversations (AVG)."""

from __future__ import annotations

import argparse


def _purge(args: argparse.Namespace) -> int:
    from bot.config import load_settings
    from bot.privacy.retention import forget_quiet_telegram_chats, purge_conversations
    from bot.storage.db import create_engine_for
    from bot.storage.migrate import upgrade

    settings = load_settings()
    days = args.days if args.days is not None else settings.conversation_retention_days
    upgrade(settings.database_url)
    engine = create_engine_for(settings.database_url)
    try:
        conversations = purge_conversations(engine, days)
        chats = forget_quiet_telegram_chats(engine, days)
    finally:
        engine.dispose()
    print(f"Deleted {conversations} conversation(s) and {chats} Telegram chat link(s) older than {days} days.")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("privacy", help="privacy tasks: retention of conversations")
    commands = parser.add_subparsers(dest="privacy_command", required=True)
    purge = commands.add_parser("purge", help="delete conversations older than CONVERSATION_RETENTION_DAYS")
    purge.add_argument("--days", type=int, default=None, help="override the retention period")
    purge.set_defaults(handler=_purge)
