"""`python -m bot handoffs list|show|reply|close|purge`: what counsellors and operators run.

Output never includes the Rasa sender id, and webhook URLs are cut to their host (they hold a
secret token).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from datetime import datetime
from typing import Any, Optional
from urllib.parse import urlsplit

from bot.cli.database import migrated_session
from bot.config import load_settings
from bot.handoffs.models import Handoff, Notification
from bot.handoffs.reply import ReplyError, compose_reply, find_reply_target, lacks_contact_details, send_reply
from bot.handoffs.service import close_handoff, count_open_older_than, get_handoff, list_handoffs, purge_closed
from bot.notify.render import DUTCH_TIME, format_phone
from bot.telegram.chats import ChatDirectory

STALE_OPEN_DAYS = 30


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("handoffs", help="handoffs to a Doorstroompunt: list, show, reply, close, purge")
    commands = parser.add_subparsers(dest="handoffs_command", required=True)

    list_parser = commands.add_parser("list", help="list handoffs, newest first")
    list_parser.add_argument("--region", help="region code, e.g. 'RMC 7'")
    list_parser.add_argument("--status", choices=("open", "closed", "all"), default="open")
    list_parser.add_argument("--json", action="store_true", help="machine-readable output")
    list_parser.set_defaults(handler=_list)

    show_parser = commands.add_parser("show", help="one handoff with its notifications")
    show_parser.add_argument("reference", help="e.g. SW-7K3F9A")
    show_parser.add_argument("--json", action="store_true")
    show_parser.set_defaults(handler=_show)

    reply_parser = commands.add_parser(
        "reply", help="send a student who chose 'a message in Telegram' a message from the counsellor"
    )
    reply_parser.add_argument("reference")
    reply_parser.add_argument("text", help="the message; '-' reads it from standard input")
    reply_parser.set_defaults(handler=_reply)

    close_parser = commands.add_parser("close", help="mark a handoff as handled")
    close_parser.add_argument("reference")
    close_parser.set_defaults(handler=_close)

    purge_parser = commands.add_parser("purge", help="delete handoffs closed more than N days ago")
    purge_parser.add_argument(
        "--days", type=int, default=None,
        help="default: HANDOFF_RETENTION_DAYS (%d now)" % load_settings().handoff_retention_days,
    )
    purge_parser.set_defaults(handler=_purge)


def _list(args: argparse.Namespace) -> int:
    with migrated_session() as (_, session):
        handoffs = list_handoffs(session, region_code=args.region, status=args.status)
        if args.json:
            print(json.dumps([handoff_as_dict(handoff) for handoff in handoffs], ensure_ascii=False, indent=2))
            return 0
        if not handoffs:
            print("Geen aanvragen gevonden.")
            return 0
        for handoff in handoffs:
            print(
                f"{handoff.reference}  {handoff.status:<6}  {handoff.region_code:<7}  "
                f"{_local(handoff.created_at)}  {handoff.gemeente or '-'}  "
                f"[{_notification_summary(handoff.notifications)}]"
            )
        return 0


def _show(args: argparse.Namespace) -> int:
    with migrated_session() as (_, session):
        handoff = _find(session, args.reference)
        if handoff is None:
            return 1
        if args.json:
            print(json.dumps(handoff_as_dict(handoff), ensure_ascii=False, indent=2))
            return 0
        print(f"Referentie: {handoff.reference}")
        print(f"Status: {handoff.status}" + (f" (gesloten {_local(handoff.closed_at)})" if handoff.closed_at else ""))
        print(f"Regio: {handoff.region_code}")
        print(f"Gemeente: {handoff.gemeente or 'niet gegeven'}")
        print(f"Leeftijd: {handoff.age if handoff.age is not None else 'niet gegeven'}")
        print(f"Contact: {handoff.contact_method}, {_contact(handoff)}")
        print(f"Bericht: {handoff.message or 'geen'}")
        print(f"Kanaal: {handoff.channel}")
        print(f"Aangemaakt: {_local(handoff.created_at)}")
        print("Meldingen:")
        for notification in handoff.notifications:
            line = (
                f"  {notification.target_kind} {_safe_address(notification)}: {notification.status}, "
                f"{notification.attempts} poging(en)"
            )
            if notification.status == "sent" and notification.sent_at:
                line += f", verzonden {_local(notification.sent_at)}"
            elif notification.status in ("pending", "sending"):
                line += f", volgende poging {_local(notification.next_attempt_at)}"
            if notification.last_error:
                line += f", laatste fout: {notification.last_error}"
            print(line)
        return 0


def _close(args: argparse.Namespace) -> int:
    with migrated_session() as (_, session):
        try:
            before = get_handoff(session, args.reference)
        except ValueError as error:
            print(str(error), file=sys.stderr)
            return 2
        if before is None:
            print(f"Geen aanvraag gevonden met referentie {args.reference}.", file=sys.stderr)
            return 1
        if before.status == "closed":
            print(f"Aanvraag {before.reference} was al gesloten op {_local(before.closed_at)}.")
            return 0
        handoff = close_handoff(session, before.reference)
        assert handoff is not None
        print(f"Aanvraag {handoff.reference} is gesloten.")
        return 0


def _reply(args: argparse.Namespace) -> int:
    text = sys.stdin.read() if args.text == "-" else args.text
    settings = load_settings()
    try:
        with migrated_session() as (engine, session):
            target = find_reply_target(session, ChatDirectory(engine), args.reference)
        # Sent after the database is released: Telegram may take its time.
        message = compose_reply(target, text)
        asyncio.run(send_reply(target, message, token=settings.telegram_bot_token, base_url=settings.telegram_base_url))
    except ReplyError as error:
        print(str(error), file=sys.stderr)
        return 1
    print(f"Bericht verstuurd naar de student van {target.reference} (in Telegram).")
    if lacks_contact_details(text):
        print(
            "Let op: er staat geen telefoonnummer of mailadres in je bericht. "
            "Antwoorden van de student komen bij de chatbot, niet bij jou."
        )
    return 0


def _purge(args: argparse.Namespace) -> int:
    days = load_settings().handoff_retention_days if args.days is None else args.days
    if days < 0:
        print("--days moet 0 of meer zijn.", file=sys.stderr)
        return 2
    with migrated_session() as (_, session):
        deleted = purge_closed(session, days)
        print(f"{deleted} gesloten aanvragen verwijderd (gesloten meer dan {days} dagen geleden).")
        stale = count_open_older_than(session, STALE_OPEN_DAYS)
        if stale:
            # Open requests are never deleted automatically, so they must not be forgotten either.
            print(
                f"Let op: {stale} aanvraag/aanvragen staan al meer dan {STALE_OPEN_DAYS} dagen open. "
                "Sluit ze af als ze klaar zijn (`python -m bot handoffs close REF`); "
                f"dan worden ze {days} dagen later gewist."
            )
        return 0


def _find(session, reference: str) -> Optional[Handoff]:  # type: ignore[no-untyped-def]
    try:
        handoff = get_handoff(session, reference)
    except ValueError as error:
        print(str(error), file=sys.stderr)
        return None
    if handoff is None:
        print(f"Geen aanvraag gevonden met referentie {reference}.", file=sys.stderr)
    return handoff


def handoff_as_dict(handoff: Handoff) -> dict[str, Any]:
    return {
        "reference": handoff.reference,
        "status": handoff.status,
        "region_code": handoff.region_code,
        "gemeente": handoff.gemeente,
        "age": handoff.age,
        "contact_method": handoff.contact_method,
        "contact_value": handoff.contact_value,
        "message": handoff.message,
        "channel": handoff.channel,
        "created_at": _iso(handoff.created_at),
        "closed_at": _iso(handoff.closed_at),
        "notifications": [
            {
                "target_kind": notification.target_kind,
                "target": _safe_address(notification),
                "status": notification.status,
                "attempts": notification.attempts,
                "next_attempt_at": _iso(notification.next_attempt_at),
                "sent_at": _iso(notification.sent_at),
                "last_error": notification.last_error,
            }
            for notification in handoff.notifications
        ],
    }


def _notification_summary(notifications: list[Notification]) -> str:
    counts = {status: 0 for status in ("sent", "pending", "sending", "failed")}
    for notification in notifications:
        counts[notification.status] = counts.get(notification.status, 0) + 1
    summary = f"{counts['sent']} verzonden, {counts['pending'] + counts['sending']} wachtend"
    if counts["failed"]:
        summary += f", {counts['failed']} MISLUKT"
    return summary


def _contact(handoff: Handoff) -> str:
    if handoff.contact_method == "phone" and handoff.contact_value:
        return format_phone(handoff.contact_value)
    return handoff.contact_value or "een bericht in de Stapwijzer-chat (`handoffs reply`)"


def _safe_address(notification: Notification) -> str:
    if notification.target_kind == "webhook":
        parts = urlsplit(notification.target_address)
        return f"{parts.scheme}://{parts.hostname}/…" if parts.hostname else "(webhook)"
    return notification.target_address


def _local(moment: Optional[datetime]) -> str:
    return moment.astimezone(DUTCH_TIME).strftime("%d-%m-%Y %H:%M") if moment else "-"


def _iso(moment: Optional[datetime]) -> Optional[str]:
    return moment.isoformat() if moment else None
