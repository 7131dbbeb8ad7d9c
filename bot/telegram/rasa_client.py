"""Rasa's REST channel: `POST {rasa_url}/webhooks/rest/webhook` with sender and message."""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

import aiohttp

logger = logging.getLogger(__name__)

RasaMessage = dict[str, Any]


class RasaUnavailable(Exception):
    """Rasa did not answer usably: unreachable, an HTTP error, too slow or not a message list."""


# Marks the channel in the stored conversation (for review). Not proof of anything: the
# actions check the chat directory before offering "a message here" (is_telegram_sender).
CHANNEL_METADATA = {"channel": "telegram"}
# Beyond aiohttp's own timeouts: the student must hear "niet bereikbaar" in time even if a
# request ever hangs in a way they miss (seen once in a test run, under load).
_DEADLINE_MARGIN_SECONDS = 1.0


class RasaRestClient:
    def __init__(self, rasa_url: str, timeout_seconds: float = 15.0) -> None:
        self.webhook_url = rasa_url.rstrip("/") + "/webhooks/rest/webhook"
        # `total` alone can miss a server that never answers (aio-libs/aiohttp#11740); sock_read
        # bounds the wait for the response itself.
        self._timeout = aiohttp.ClientTimeout(total=timeout_seconds, sock_read=timeout_seconds)
        self._deadline_seconds = timeout_seconds + _DEADLINE_MARGIN_SECONDS
        self._session: aiohttp.ClientSession | None = None

    async def send(self, sender: str, message: str) -> list[RasaMessage]:
        try:
            return await asyncio.wait_for(self._post(sender, message), self._deadline_seconds)
        except asyncio.TimeoutError as error:
            raise RasaUnavailable("deadline passed") from error

    async def _post(self, sender: str, message: str) -> list[RasaMessage]:
        session = self._ensure_session()
        try:
            async with session.post(
                self.webhook_url, json={"sender": sender, "message": message, "metadata": CHANNEL_METADATA}
            ) as response:
                if response.status != 200:
                    raise RasaUnavailable(f"HTTP {response.status}")
                body = await response.json(content_type=None)
        except (aiohttp.ClientError, asyncio.TimeoutError, json.JSONDecodeError) as error:
            raise RasaUnavailable(type(error).__name__) from error
        if not isinstance(body, list):
            raise RasaUnavailable("answer is not a list")
        return [item for item in body if isinstance(item, dict)]

    def _ensure_session(self) -> aiohttp.ClientSession:
        # Created on first use, inside the running event loop, as aiohttp requires.
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(timeout=self._timeout)
        return self._session

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None
