"""Delivery channels, one per `TargetKind`."""

from __future__ import annotations

from bot.config import Settings
from bot.notify.channels.base import Channel, DeliveryError
from bot.notify.channels.smtp import SmtpChannel
from bot.notify.channels.telegram_chat import TelegramChatChannel
from bot.notify.channels.webhook import WebhookChannel
from bot.notify.targets import TargetKind

__all__ = [
    "Channel",
    "DeliveryError",
    "SmtpChannel",
    "TelegramChatChannel",
    "WebhookChannel",
    "build_channels",
]


def build_channels(settings: Settings) -> dict[str, Channel]:
    """Call inside the event loop that will use them (the HTTP clients bind to it)."""
    return {
        TargetKind.EMAIL.value: SmtpChannel(settings.smtp),
        TargetKind.TELEGRAM.value: TelegramChatChannel(
            settings.telegram_bot_token, settings.telegram_base_url
        ),
        TargetKind.WEBHOOK.value: WebhookChannel(),
    }
