"""One turn: show typing, ask Rasa under the student's pseudonym, send the answer."""

from __future__ import annotations

import asyncio
import contextlib
import html
import logging
from dataclasses import dataclass, field

from telegram import Bot, LinkPreviewOptions
from telegram.constants import ChatAction, ParseMode
from telegram.error import TelegramError

from bot.telegram import texts
from bot.telegram.callback_payloads import CallbackPayloads
from bot.telegram.chats import ChatDirectory
from bot.telegram.memory import ChatLocks
from bot.telegram.pseudonyms import pseudonym_for
from bot.telegram.rasa_client import RasaRestClient, RasaUnavailable
from bot.telegram.rendering import (
    OutgoingPhoto,
    OutgoingText,
    contains_custom,
    render_messages,
)

logger = logging.getLogger(__name__)

NO_LINK_PREVIEW = LinkPreviewOptions(is_disabled=True)
# Telegram shows "typing…" for about 5 seconds, so renew it a little sooner.
TYPING_RENEW_SECONDS = 4.5
# The deletion response carries this custom payload; then the chat mapping goes too.
DATA_DELETED_KEY, DATA_DELETED_VALUE = "stapwijzer", "data_deleted"


@dataclass
class GatewayServices:
    """What every handler needs; one instance per Application."""

    rasa: RasaRestClient
    chats: ChatDirectory
    pseudonym_key: bytes
    payloads: CallbackPayloads = field(default_factory=CallbackPayloads)
    chat_locks: ChatLocks = field(default_factory=ChatLocks)

    def pseudonym(self, chat_id: int) -> str:
        return pseudonym_for(chat_id, self.pseudonym_key)


async def converse(
    bot: Bot,
    services: GatewayServices,
    chat_id: int,
    message: str,
    *,
    notice: str | None = None,
    reply_when_silent: str | None = None,
) -> None:
    """Forward `message` to Rasa and send the answer; `notice` goes first (e.g. "cut short")."""
    pseudonym = services.pseudonym(chat_id)
    # The lock comes before any await, so a chat's messages keep their order.
    async with services.chat_locks.hold(chat_id):
        await services.chats.remember_safely(pseudonym, chat_id)
        if notice:
            await send_plain(bot, chat_id, notice)
        typing = asyncio.create_task(_keep_typing(bot, chat_id))
        try:
            answer = await services.rasa.send(pseudonym, message)
        except RasaUnavailable as error:
            logger.warning("Rasa unavailable (%s); told the student to try again", error)
            answer = None
        finally:
            typing.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await typing
        if answer is None:
            await send_plain(bot, chat_id, texts.RASA_UNREACHABLE)
            return
        if not answer and reply_when_silent:
            await send_plain(bot, chat_id, reply_when_silent)
        for outgoing in render_messages(answer, services.payloads):
            await _send(bot, chat_id, outgoing)
        # Inside the lock: the chat's next message must store the mapping again, not race it.
        if contains_custom(answer, DATA_DELETED_KEY, DATA_DELETED_VALUE):
            await services.chats.forget_safely(pseudonym)
            logger.info("Forgot a Telegram chat mapping after data deletion")


async def reply_in_order(bot: Bot, services: GatewayServices, chat_id: int, text: str) -> None:
    """A fixed reply, sent after the chat's earlier answers, so replies keep the students' order."""
    async with services.chat_locks.hold(chat_id):
        await send_plain(bot, chat_id, text)


async def send_plain(bot: Bot, chat_id: int, text: str) -> None:
    await bot.send_message(
        chat_id,
        html.escape(text, quote=False),
        parse_mode=ParseMode.HTML,
        link_preview_options=NO_LINK_PREVIEW,
    )


async def _send(bot: Bot, chat_id: int, outgoing: OutgoingText | OutgoingPhoto) -> None:
    if isinstance(outgoing, OutgoingPhoto):
        try:
            await bot.send_photo(chat_id, outgoing.url)
        except TelegramError as error:
            # A broken image must not swallow the text that follows it.
            logger.warning("Could not send an image: %s", type(error).__name__)
        return
    await bot.send_message(
        chat_id,
        outgoing.html_text,
        parse_mode=ParseMode.HTML,
        link_preview_options=NO_LINK_PREVIEW,
        reply_markup=outgoing.keyboard,
    )


async def _keep_typing(bot: Bot, chat_id: int) -> None:
    while True:
        try:
            await bot.send_chat_action(chat_id, ChatAction.TYPING)
        except TelegramError as error:
            # Typing is a courtesy: never let it stop the answer.
            logger.debug("Typing action failed: %s", type(error).__name__)
        await asyncio.sleep(TYPING_RENEW_SECONDS)
