"""Where a handoff notification goes: one counsellor inbox, group chat or webhook."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from bot.config import Settings


class TargetKind(str, Enum):
    EMAIL = "email"
    TELEGRAM = "telegram"
    WEBHOOK = "webhook"


@dataclass(frozen=True)
class NotifyTarget:
    kind: TargetKind
    address: str  # e-mail address, Telegram chat id, or webhook URL

    def __str__(self) -> str:
        return f"{self.kind.value}:{self.address}"


def catch_all_targets(settings: Settings) -> list[NotifyTarget]:
    """Targets from the environment that receive every region's notifications."""
    targets: list[NotifyTarget] = []
    for address in re.split(r"[,;\s]+", settings.notify_email_to):
        if address:
            targets.append(NotifyTarget(TargetKind.EMAIL, address))
    if settings.notify_webhook_url:
        targets.append(NotifyTarget(TargetKind.WEBHOOK, settings.notify_webhook_url))
    return targets
