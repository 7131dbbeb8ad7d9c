"""Rasa REST messages → Telegram messages: joined texts, inline keyboards, safe HTML, 4096 split."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.telegram.callback_payloads import CallbackPayloads

TELEGRAM_TEXT_LIMIT = 4096
KEYBOARD_WITHOUT_TEXT = "Kies hieronder:"
_OPENABLE_URL = re.compile(r"^(https?|tg)://", re.IGNORECASE)
# Only `**bold**` from our responses becomes markup; everything else is escaped text.
_BOLD = re.compile(r"\*\*(?=\S)([^\n]+?)(?<=\S)\*\*")


@dataclass(frozen=True)
class OutgoingText:
    html_text: str
    keyboard: InlineKeyboardMarkup | None = None


@dataclass(frozen=True)
class OutgoingPhoto:
    url: str


Outgoing = OutgoingText | OutgoingPhoto


def render_messages(messages: list[dict[str, Any]], payloads: CallbackPayloads) -> list[Outgoing]:
    """Consecutive texts become one message until a message carries buttons or an image."""
    outgoing: list[Outgoing] = []
    pending_texts: list[str] = []

    def flush(keyboard: InlineKeyboardMarkup | None = None) -> None:
        if not pending_texts and keyboard is None:
            return
        text = "\n\n".join(pending_texts) or KEYBOARD_WITHOUT_TEXT
        chunks = split_text(text)
        for index, chunk in enumerate(chunks):
            is_last = index == len(chunks) - 1
            outgoing.append(OutgoingText(to_html(chunk), keyboard if is_last else None))
        pending_texts.clear()

    for message in messages:
        text = message.get("text")
        if isinstance(text, str) and text.strip():
            pending_texts.append(text.strip())
        keyboard = build_keyboard(message.get("buttons"), payloads)
        if keyboard is not None:
            flush(keyboard)
        image = message.get("image")
        if isinstance(image, str) and _OPENABLE_URL.match(image):
            flush()
            outgoing.append(OutgoingPhoto(image))
    flush()
    return outgoing


def build_keyboard(buttons: Any, payloads: CallbackPayloads) -> InlineKeyboardMarkup | None:
    """One button per row: titles stay readable on a phone."""
    if not isinstance(buttons, list):
        return None
    rows: list[list[InlineKeyboardButton]] = []
    for button in buttons:
        if not isinstance(button, dict):
            continue
        title = str(button.get("title") or "").strip()
        url = button.get("url")
        payload = button.get("payload")
        if not title:
            continue
        if isinstance(url, str) and _OPENABLE_URL.match(url):
            rows.append([InlineKeyboardButton(title, url=url)])
        elif isinstance(payload, str) and payload.strip():
            rows.append([InlineKeyboardButton(title, callback_data=payloads.encode(payload))])
        # Anything else (a phone number as url, no payload) would make Telegram reject the message.
    return InlineKeyboardMarkup(rows) if rows else None


def contains_custom(messages: list[dict[str, Any]], key: str, value: str) -> bool:
    return any(
        isinstance(message.get("custom"), dict) and message["custom"].get(key) == value
        for message in messages
    )


def to_html(text: str) -> str:
    return _BOLD.sub(r"<b>\1</b>", html.escape(text, quote=False))


def split_text(text: str, limit: int = TELEGRAM_TEXT_LIMIT) -> list[str]:
    """Chunks of at most `limit` UTF-16 units (Telegram's measure), cut at a paragraph, line
    or word break in the second half of the chunk when there is one."""
    chunks: list[str] = []
    rest = text.strip()
    while _utf16_length(rest) > limit:
        window = rest[: _prefix_length_within(rest, limit)]
        cut = _best_cut(window)
        chunk = rest[:cut].rstrip()
        if not chunk:  # only whitespace before the cut: cut hard instead
            cut = len(window)
            chunk = rest[:cut]
        chunks.append(chunk)
        rest = rest[cut:].lstrip()
    if rest:
        chunks.append(rest)
    return chunks


def _best_cut(window: str) -> int:
    half = len(window) // 2
    for separator in ("\n\n", "\n", " "):
        position = window.rfind(separator)
        if position >= half:
            return position
    for separator in ("\n\n", "\n", " "):
        position = window.rfind(separator)
        if position > 0:
            return position
    return len(window)


def _utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _prefix_length_within(text: str, limit: int) -> int:
    """How many characters of `text` fit in `limit` UTF-16 units."""
    units = 0
    for index, character in enumerate(text):
        units += 2 if ord(character) > 0xFFFF else 1
        if units > limit:
            return index
    return len(text)
