"""A JSON POST to an incoming webhook (Slack, Mattermost, Teams-style or our own)."""

from __future__ import annotations

import httpx

from bot.notify.channels.base import DeliveryError
from bot.notify.render import RenderedNotification


class WebhookChannel:
    def __init__(self, timeout_seconds: float = 20.0) -> None:
        self._client = httpx.AsyncClient(timeout=timeout_seconds, follow_redirects=False)

    async def send(self, address: str, notification: RenderedNotification) -> None:
        try:
            response = await self._client.post(address, json=notification.webhook_payload())
        except httpx.HTTPError as error:
            # Never the URL in the reason: webhook URLs carry their secret token.
            raise DeliveryError(f"webhook: {type(error).__name__}") from None
        if not 200 <= response.status_code < 300:
            raise DeliveryError(f"webhook: HTTP {response.status_code}")

    async def aclose(self) -> None:
        await self._client.aclose()
