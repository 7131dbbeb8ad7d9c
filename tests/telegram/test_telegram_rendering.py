"""Rasa messages → Telegram messages, without any server."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup

from bot.telegram.callback_payloads import MAX_CALLBACK_DATA_BYTES, CallbackPayloads
from bot.telegram.memory import RecentKeys
from bot.telegram.rendering import (
    TELEGRAM_TEXT_LIMIT,
    OutgoingPhoto,
    OutgoingText,
    build_keyboard,
    render_messages,
    split_text,
    to_html,
)


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def test_short_text_is_not_split() -> None:
    assert split_text("Hoi!\n\nHoe gaat het?") == ["Hoi!\n\nHoe gaat het?"]


def test_split_prefers_paragraph_then_line_then_word() -> None:
    paragraphs = "\n\n".join(["alinea " * 300] * 3)
    chunks = split_text(paragraphs)
    assert all(_utf16(chunk) <= TELEGRAM_TEXT_LIMIT for chunk in chunks)
    assert all(chunk == ("alinea " * 300).strip() for chunk in chunks)

    lines = "\n".join(["regel " * 100] * 12)
    assert all(chunk.endswith("regel") for chunk in split_text(lines))


def test_split_without_breaks_cuts_hard_and_keeps_everything() -> None:
    text = "x" * 9000
    chunks = split_text(text)
    assert [len(chunk) for chunk in chunks] == [4096, 4096, 808]


def test_split_counts_emoji_as_two_utf16_units() -> None:
    text = "\U0001f600" * 3000  # 6000 UTF-16 units
    chunks = split_text(text)
    assert "".join(chunks) == text
    assert all(_utf16(chunk) <= TELEGRAM_TEXT_LIMIT for chunk in chunks)


def test_html_escapes_everything_but_bold() -> None:
    assert to_html("<a href='x'>113</a> & **113** ** los") == (
        "&lt;a href='x'&gt;113&lt;/a&gt; &amp; <b>113</b> ** los"
    )


def test_keyboard_skips_buttons_telegram_would_refuse() -> None:
    keyboard = build_keyboard(
        [
            {"title": "Bel 113", "url": "tel:113"},
            {"title": "", "payload": "/x"},
            {"title": "Zonder payload"},
            "geen dict",
            {"title": "Goed", "payload": "/affirm"},
        ],
        CallbackPayloads(),
    )
    assert isinstance(keyboard, InlineKeyboardMarkup)
    assert [[button.text for button in row] for row in keyboard.inline_keyboard] == [["Goed"]]
    assert build_keyboard("geen lijst", CallbackPayloads()) is None


def test_buttons_without_text_still_get_a_message_and_images_break_joining() -> None:
    outgoing = render_messages(
        [
            {"text": "Eerst"},
            {"image": "https://example.org/plaatje.png"},
            {"buttons": [{"title": "Ja", "payload": "/affirm"}]},
        ],
        CallbackPayloads(),
    )
    assert isinstance(outgoing[0], OutgoingText) and outgoing[0].html_text == "Eerst"
    assert outgoing[1] == OutgoingPhoto("https://example.org/plaatje.png")
    assert isinstance(outgoing[2], OutgoingText) and outgoing[2].keyboard is not None


def test_callback_payloads_round_trip_and_stay_within_64_bytes() -> None:
    payloads = CallbackPayloads(capacity=2)
    short, long_payload = "/affirm", "/inform" + '{"x": "' + "é" * 60 + '"}'
    assert payloads.decode(payloads.encode(short)) == short
    encoded = payloads.encode(long_payload)
    assert len(encoded.encode("utf-8")) <= MAX_CALLBACK_DATA_BYTES
    assert payloads.decode(encoded) == long_payload
    assert payloads.decode("zonzin") is None and payloads.decode("") is None
    payloads.encode(long_payload + "1")
    payloads.encode(long_payload + "2")
    assert payloads.decode(encoded) is None  # bounded: the oldest key is forgotten


def test_recent_keys_are_bounded() -> None:
    recent = RecentKeys(capacity=2)
    assert recent.add_if_new(1) and recent.add_if_new(2)
    assert not recent.add_if_new(1)
    assert recent.add_if_new(3)  # evicts 2, the least recently seen
    assert len(recent) == 2 and 2 not in recent and 1 in recent
