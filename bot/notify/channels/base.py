"""What every delivery channel offers, and the error it raises."""

from __future__ import annotations

from typing import Protocol

from bot.notify.render import RenderedNotification


class DeliveryError(Exception):
    """Delivery failed; try again later.

    `reason` is stored in the outbox's `last_error` and logged, so it must never hold personal
    data, message text or secrets (webhook URLs and bot tokens are secrets).
    """

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason[:200]


class Channel(Protocol):
    async def send(self, address: str, notification: RenderedNotification) -> None:
        """Deliver or raise DeliveryError."""

    async def aclose(self) -> None:
        """Release connections."""
