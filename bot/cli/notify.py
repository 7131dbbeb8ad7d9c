"""`python -m bot notify`: the outbox dispatcher that tells counsellors about handoffs.

Runs migrations first, then polls until SIGINT/SIGTERM (`--once`: deliver what is due, exit).
Run one or several; they never send a notification twice. `notify retry [REF ...]` queues
notifications that failed for good (a long outage) again, once the channel works.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import sys
from typing import Any, Callable

from bot.cli.database import migrated_session
from bot.config import load_settings
from bot.notify.channels import build_channels
from bot.notify.dispatcher import Dispatcher, DispatcherOptions, DispatchStats, RetryPolicy
from bot.notify.outbox import requeue_failed
from bot.storage.db import create_engine_for
from bot.storage.migrate import upgrade

log = logging.getLogger("bot.notify")

# These libraries log request URLs (with bot token or webhook secret) and message text.
_CHATTY_LOGGERS = ("httpx", "httpcore", "telegram", "aiosmtplib")


def _positive(kind: Callable[[str], Any], minimum: float) -> Callable[[str], Any]:
    def parse(raw: str) -> Any:
        value = kind(raw)
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be at least {minimum}")
        return value

    return parse


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("notify", help="deliver handoff notifications to counsellors")
    parser.add_argument("--once", action="store_true", help="deliver what is due now, then exit")
    parser.add_argument(
        "--interval", type=_positive(float, 0.1), default=5.0, help="seconds between polls (default 5)"
    )
    parser.add_argument("--batch-size", type=_positive(int, 1), default=20)
    parser.add_argument("--concurrency", type=_positive(int, 1), default=5, help="deliveries at the same time")
    parser.add_argument(
        "--max-attempts", type=_positive(int, 1), default=12, help="then the row is marked failed (default 12)"
    )
    parser.add_argument(
        "--retry-base", type=_positive(float, 0), default=30.0, help="first retry delay in seconds (default 30)"
    )
    parser.add_argument(
        "--retry-max", type=_positive(float, 0), default=3600.0, help="longest retry delay in seconds (default 3600)"
    )
    parser.set_defaults(handler=run)

    commands = parser.add_subparsers(dest="notify_command")
    retry = commands.add_parser("retry", help="queue failed notifications again (all, or of these handoffs)")
    retry.add_argument("references", nargs="*", metavar="REF", help="handoff references, e.g. SW-7K3F9A")
    retry.set_defaults(handler=retry_failed)


def _configure_logging() -> None:
    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for name in _CHATTY_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)


def run(args: argparse.Namespace) -> int:
    _configure_logging()
    settings = load_settings()
    upgrade(settings.database_url)
    options = DispatcherOptions(
        batch_size=args.batch_size,
        concurrency=args.concurrency,
        retry=RetryPolicy(
            base_delay_seconds=args.retry_base,
            max_delay_seconds=args.retry_max,
            max_attempts=args.max_attempts,
        ),
    )
    stats = asyncio.run(_serve(options, once=args.once, interval=args.interval))
    print(
        f"notify: {stats.sent} sent, {stats.retried} to retry, {stats.failed} failed, "
        f"{stats.lost} lost lease"
    )
    return 0


def retry_failed(args: argparse.Namespace) -> int:
    with migrated_session() as (_, session):
        try:
            queued = requeue_failed(session, args.references or None)
        except ValueError as error:
            print(str(error), file=sys.stderr)
            return 2
    print(f"{queued} mislukte melding(en) opnieuw ingepland; de dispatcher (`python -m bot notify`) verstuurt ze.")
    return 0


async def _serve(options: DispatcherOptions, *, once: bool, interval: float) -> DispatchStats:
    settings = load_settings()
    engine = create_engine_for(settings.database_url)
    dispatcher = Dispatcher(engine, build_channels(settings), options)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    handled_signals = []
    for signal_number in (signal.SIGINT, signal.SIGTERM):
        try:
            loop.add_signal_handler(signal_number, stop.set)
            handled_signals.append(signal_number)
        except (NotImplementedError, RuntimeError, ValueError):
            pass  # not the main thread (tests): the caller stops us some other way
    try:
        if once:
            return await dispatcher.run_until_idle()
        log.info("dispatcher started; polling every %s s", interval)
        stats = await dispatcher.run_forever(stop, interval)
        log.info("dispatcher stopped")
        return stats
    finally:
        for signal_number in handled_signals:
            loop.remove_signal_handler(signal_number)
        await dispatcher.aclose()
        engine.dispose()
