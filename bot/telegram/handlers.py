"""What each kind of update means: commands, text, buttons, things we cannot read, groups."""

from __future__ import annotations

import contextlib
import logging
import traceback
from collections.abc import Awaitable, Callable

from telegram import ChatMember, Message, Update
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    ApplicationHandlerStop,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.telegram import texts
from bot.telegram.conversation import GatewayServices, converse, reply_in_order, send_plain
from bot.telegram.memory import RecentKeys

logger = logging.getLogger(__name__)

Callback = Callable[[Update, ContextTypes.DEFAULT_TYPE], Awaitable[None]]

# Longer text is cut before it reaches Rasa: NLU gains nothing from essays, and it bounds work.
MAX_FORWARDED_CHARACTERS = 2000

COMMAND_MESSAGES = {
    "start": "/greet",
    "help": "/ask_capabilities",
    "privacy": "/privacy",
    "verwijder": "/delete_data",
    "opnieuw": "/restart",
}

ALLOWED_UPDATES = [
    "message",
    "edited_message",
    "callback_query",
    "channel_post",
    "edited_channel_post",
    "my_chat_member",
]

NOT_TEXT = (
    filters.Sticker.ALL
    | filters.PHOTO
    | filters.VOICE
    | filters.VIDEO
    | filters.VIDEO_NOTE
    | filters.AUDIO
    | filters.Document.ALL
    | filters.ANIMATION
    | filters.LOCATION
    | filters.VENUE
    | filters.CONTACT
    | filters.POLL
    | filters.Dice.ALL
    | filters.STORY
)

_BOT_PRESENT = {ChatMember.MEMBER, ChatMember.ADMINISTRATOR}


class GatewayHandlers:
    def __init__(self, services: GatewayServices, memory_size: int = 10_000) -> None:
        self.services = services
        self._recent_update_ids = RecentKeys(memory_size)
        self._told_group_chats = RecentKeys(memory_size)

    def register(self, application: Application) -> None:
        application.add_handler(TypeHandler(Update, self.drop_duplicates), group=-2)
        application.add_handler(TypeHandler(Update, self.private_chats_only), group=-1)
        # Edited messages first: command and text handlers would otherwise take them too.
        application.add_handler(MessageHandler(filters.UpdateType.EDITED_MESSAGE, self.on_edited))
        for command, rasa_message in COMMAND_MESSAGES.items():
            application.add_handler(CommandHandler(command, self._forward_fixed(rasa_message)))
        application.add_handler(MessageHandler(filters.TEXT, self.on_text))
        application.add_handler(MessageHandler(NOT_TEXT, self.on_not_text))
        application.add_handler(CallbackQueryHandler(self.on_button))
        application.add_error_handler(self.on_error)

    async def drop_duplicates(self, update: Update, _: ContextTypes.DEFAULT_TYPE) -> None:
        if not self._recent_update_ids.add_if_new(update.update_id):
            logger.info("Dropped duplicate update %s", update.update_id)
            raise ApplicationHandlerStop

    async def private_chats_only(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        chat = update.effective_chat
        if chat is None:  # inline queries, poll answers: nothing for us
            raise ApplicationHandlerStop
        if chat.type == ChatType.PRIVATE:
            if update.my_chat_member is not None:  # the student blocked or unblocked us
                raise ApplicationHandlerStop
            return
        if update.callback_query is not None:
            await _answer_quietly(update)
        if update.my_chat_member is not None and (
            update.my_chat_member.new_chat_member.status not in _BOT_PRESENT
        ):
            self._told_group_chats.discard(chat.id)  # removed: tell again if added back
        elif self._told_group_chats.add_if_new(chat.id):
            try:
                await send_plain(context.bot, chat.id, texts.PRIVATE_CHAT_ONLY)
            except TelegramError as error:  # e.g. a channel where we may not post
                logger.info("Could not tell a group chat to go private: %s", type(error).__name__)
        raise ApplicationHandlerStop

    async def on_edited(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await reply_in_order(
            context.bot, self.services, update.effective_chat.id, texts.EDITED_MESSAGE
        )

    def _forward_fixed(self, rasa_message: str) -> Callback:
        silent_reply = texts.RESTARTED if rasa_message == "/restart" else None

        async def forward(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
            await converse(
                context.bot,
                self.services,
                update.effective_chat.id,
                rasa_message,
                reply_when_silent=silent_reply,
            )

        return forward

    async def on_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        chat_id = update.effective_chat.id
        text = _as_free_text(update.effective_message)
        if not text:
            await reply_in_order(context.bot, self.services, chat_id, texts.EMPTY_MESSAGE)
            return
        notice = None
        if len(text) > MAX_FORWARDED_CHARACTERS:
            text, notice = text[:MAX_FORWARDED_CHARACTERS], texts.MESSAGE_TOO_LONG
        await converse(context.bot, self.services, chat_id, text, notice=notice)

    async def on_not_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        reply = next(
            (text for kind, text in texts.NOT_TEXT_BY_KIND.items() if getattr(message, kind, None)),
            texts.ONLY_TEXT,
        )
        await reply_in_order(context.bot, self.services, update.effective_chat.id, reply)

    async def on_button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await _answer_quietly(update)
        chat_id = update.effective_chat.id
        payload = self.services.payloads.decode(update.callback_query.data)
        if payload is None:
            await reply_in_order(context.bot, self.services, chat_id, texts.BUTTON_EXPIRED)
            return
        await converse(context.bot, self.services, chat_id, payload)

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Log without personal data: the error type and code frames, never its message."""
        error = context.error
        update_id = update.update_id if isinstance(update, Update) else None
        frames = "".join(traceback.format_tb(error.__traceback__)) if error else ""
        logger.error(
            "Update %s failed with %s\n%s", update_id, type(error).__name__, frames.rstrip()
        )
        # A bug of ours should still get an answer; a failed send would only fail again.
        if isinstance(update, Update) and not isinstance(error, TelegramError):
            chat = update.effective_chat
            if chat is not None and chat.type == ChatType.PRIVATE:
                with contextlib.suppress(TelegramError):
                    await send_plain(context.bot, chat.id, texts.RASA_UNREACHABLE)


def _as_free_text(message: Message) -> str:
    """The typed text; a leading slash (an unknown command) goes, so Rasa's NLU reads it as text
    and nobody can type intents with entities straight into the dialogue."""
    text = (message.text or "").strip()
    if text.startswith("/"):
        command, _, rest = text.lstrip("/").partition(" ")
        command = command.split("@", 1)[0]
        text = f"{command} {rest}".strip()
    return text


async def _answer_quietly(update: Update) -> None:
    try:
        await update.callback_query.answer()
    except TelegramError as error:  # too old or already answered: the press still counts
        logger.info("answerCallbackQuery failed: %s", type(error).__name__)
