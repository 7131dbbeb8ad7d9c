"""`python -m bot telegram`: the Telegram gateway in front of Rasa's REST channel."""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal

from telegram.error import InvalidToken, TelegramError

from bot.config import load_settings
from bot.storage.migrate import upgrade
from bot.telegram.application import DEFAULT_RASA_TIMEOUT_SECONDS, GatewayConfig, build_application
from bot.telegram.runner import GatewayRunner

logger = logging.getLogger("bot.telegram")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "telegram",
        help="run the Telegram gateway (polling; webhook when TELEGRAM_WEBHOOK_URL is set)",
    )
    parser.add_argument("--listen", default="127.0.0.1", help="webhook mode: address to listen on")
    parser.add_argument("--port", type=int, default=8443, help="webhook mode: port to listen on")
    parser.add_argument(
        "--rasa-timeout",
        type=float,
        default=DEFAULT_RASA_TIMEOUT_SECONDS,
        help="seconds to wait for Rasa before telling the student to try again",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    # httpx logs every request URL at INFO, and Bot API URLs contain the bot token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    settings = load_settings()
    if not settings.telegram_bot_token:
        logger.error("TELEGRAM_BOT_TOKEN is not set; get one from @BotFather")
        return 2
    try:
        upgrade(settings.database_url)
    except Exception as error:  # broad on purpose: students must still get answers without the DB
        logger.error(
            "Database migrations failed (%s); handoff replies cannot find Telegram chats",
            type(error).__name__,
        )
    config = GatewayConfig.from_settings(settings, rasa_timeout_seconds=args.rasa_timeout)
    runner = GatewayRunner(
        build_application(config), config, listen_host=args.listen, listen_port=args.port
    )
    try:
        asyncio.run(_serve(runner))
    except InvalidToken:
        logger.error("Telegram refused TELEGRAM_BOT_TOKEN")
        return 1
    except (TelegramError, OSError) as error:
        logger.error("The Telegram gateway could not start: %s", error)
        return 1
    return 0


async def _serve(runner: GatewayRunner) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for stop_signal in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(stop_signal, stop.set)
    try:
        await runner.start()
        await stop.wait()
    finally:
        await runner.stop()
