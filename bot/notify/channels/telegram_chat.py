"""A message in a counsellors' Telegram chat through python-telegram-bot."""

from __future__ import annotations

import asyncio
from typing import Optional

from telegram import Bot
from telegram.error import BadRequest, Forbidden, TelegramError
from telegram.request import HTTPXRequest

from bot.notify.channels.base import DeliveryError
from bot.notify.render import RenderedNotification


class TelegramChatChannel:
    def __init__(self, token: str, base_url: str, timeout_seconds: float = 20.0) -> None:
        self._token = token
        self._base_url = base_url
        self._timeout = timeout_seconds
        self._bot: Optional[Bot] = None
        self._lock = asyncio.Lock()

    async def _ready_bot(self) -> Bot:
        if not self._token:
            raise DeliveryError("telegram: TELEGRAM_BOT_TOKEN is not set")
        async with self._lock:
            if self._bot is None:
                request = HTTPXRequest(
                    connect_timeout=self._timeout, read_timeout=self._timeout,
                    write_timeout=self._timeout, pool_timeout=self._timeout,
                )
                bot = Bot(self._token, base_url=self._base_url, request=request)
                try:
                    await bot.initialize()  # getMe: fails early on a wrong token
                except BaseException:
                    await bot.shutdown()
                    raise
                self._bot = bot
            return self._bot

    async def send(self, address: str, notification: RenderedNotification) -> None:
        try:
            bot = await self._ready_bot()
            # Plain text on purpose: no Markdown escaping of what the student typed.
            await bot.send_message(chat_id=address, text=notification.text)
        except DeliveryError:
            raise
        except (BadRequest, Forbidden) as error:
            # Bot API texts like "Chat not found"; the token never appears in them.
            reason = error.message.replace(self._token, "***")[:120]
            raise DeliveryError(f"telegram: {type(error).__name__}: {reason}") from None
        except TelegramError as error:
            # InvalidToken's text contains the token, so only the class name.
            raise DeliveryError(f"telegram: {type(error).__name__}") from None

    async def aclose(self) -> None:
        if self._bot is not None:
            bot, self._bot = self._bot, None
            await bot.shutdown()
