"""A counsellor's message to a student who asked to be contacted in the Telegram chat.

Such a student gave no phone number or e-mail address, so Stapwijzer's own chat is the only
way to reach them: the gateway's chat directory turns the handoff's pseudonymous sender id
back into the chat. What the student types back reaches the chatbot, not the counsellor,
so the message says so and the counsellor should put a way to reach them in it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy.orm import Session
from telegram import Bot
from telegram.error import Forbidden, TelegramError

from bot.handoffs.models import CONTACT_EMAIL, CONTACT_PHONE, CONTACT_TELEGRAM, HANDOFF_OPEN
from bot.handoffs.service import get_handoff
from bot.regions import load_directory
from bot.telegram.chats import ChatDirectory

MAX_REPLY_CHARS = 3000  # with the frame below, well inside Telegram's 4,096 characters
_METHOD_NAMES = {CONTACT_PHONE: "de telefoon", CONTACT_EMAIL: "e-mail"}
_CONTACT_HINT = re.compile(r"@|\d[\d -]{8,}\d")  # an e-mail address or a phone number


class ReplyError(Exception):
    """Why the message cannot be sent, in Dutch for the counsellor."""


@dataclass(frozen=True)
class ReplyTarget:
    reference: str
    chat_id: int
    region_name: str


def find_reply_target(session: Session, chats: ChatDirectory, reference: str) -> ReplyTarget:
    try:
        handoff = get_handoff(session, reference)
    except ValueError as error:
        raise ReplyError(str(error)) from None
    if handoff is None:
        raise ReplyError(f"Geen aanvraag gevonden met referentie {reference}.")
    if handoff.status != HANDOFF_OPEN:
        raise ReplyError(f"Aanvraag {handoff.reference} is al gesloten.")
    if handoff.contact_method != CONTACT_TELEGRAM:
        raise ReplyError(
            f"De student van {handoff.reference} wil geen bericht in Telegram, maar contact via "
            f"{_METHOD_NAMES.get(handoff.contact_method, handoff.contact_method)}. "
            f"Zie `python -m bot handoffs show {handoff.reference}`."
        )
    chat_id = chats.chat_id_for(handoff.sender_id)
    if chat_id is None:
        raise ReplyError(
            "De Telegram-chat van deze student is niet meer bekend: de student heeft de gegevens "
            "laten verwijderen, of de chat was te lang stil."
        )
    return ReplyTarget(handoff.reference, chat_id, _region_name(handoff.region_code))


def _region_name(code: str) -> str:
    try:
        return load_directory().region(code).display_name
    except KeyError:  # a region renamed in the data since the request came in
        return "het Doorstroompunt"


def compose_reply(target: ReplyTarget, text: str) -> str:
    text = text.strip()
    if not text:
        raise ReplyError("Het bericht is leeg.")
    if len(text) > MAX_REPLY_CHARS:
        raise ReplyError(f"Het bericht is te lang ({len(text)} tekens, hoogstens {MAX_REPLY_CHARS}).")
    return (
        f"Bericht van een coach van {target.region_name}, over je vraag om hulp ({target.reference}):\n\n"
        f"{text}\n\n"
        "Dit bericht komt van een mens, niet van de chatbot. "
        "Als je hier terugschrijft, leest de chatbot het en niet de coach. "
        "Wil je de coach iets laten weten? Gebruik dan het nummer of het mailadres uit dit bericht."
    )


def lacks_contact_details(text: str) -> bool:
    """True when the counsellor gave the student no way to answer them."""
    return _CONTACT_HINT.search(text) is None


async def send_reply(target: ReplyTarget, message: str, *, token: str, base_url: str) -> None:
    if not token:
        raise ReplyError("TELEGRAM_BOT_TOKEN is niet ingesteld; zonder de bot kan het bericht niet weg.")
    try:
        async with Bot(token, base_url=base_url) as bot:
            # Plain text on purpose: what the counsellor typed is shown as typed.
            await bot.send_message(chat_id=target.chat_id, text=message)
    except Forbidden:
        raise ReplyError("De student heeft de bot geblokkeerd; het bericht is niet aangekomen.") from None
    except TelegramError as error:
        # The class name only: some error texts contain the bot token.
        raise ReplyError(f"Telegram gaf een fout ({type(error).__name__}); het bericht is niet verstuurd.") from None
