"""The real Telegram gateway between a fake Bot API on loopback and the real bot."""

from __future__ import annotations

import asyncio
from pathlib import Path

import aiohttp
import pytest
from sqlalchemy import select

from bot.__main__ import main as bot_main
from bot.handoffs.models import Handoff
from bot.storage.db import Base, create_engine_for, session_factory
from bot.telegram.application import GatewayConfig, build_application
from bot.telegram.models import TelegramChat
from bot.telegram.pseudonyms import pseudonym_for
from bot.telegram.runner import GatewayRunner
from bot.telegram.webhook import SECRET_HEADER
from support.rasa_stack import RasaStack
from support.telegram_fakes import (
    BOT_TOKEN,
    PSEUDONYM_KEY,
    STICKER,
    WEBHOOK_SECRET,
    STUDENT_CHAT_ID,
    WEBHOOK_URL,
    FakeBotApi,
    callback_update,
    message_update,
    private_chat,
    text_update,
)

# The gateway only talks REST to Rasa, so one database backend is enough here.
pytestmark = [pytest.mark.needs_model, pytest.mark.parametrize("stack", ["sqlite"], indirect=True)]


async def _gateway(
    stack: RasaStack, bot_api: FakeBotApi, tmp_path: Path, webhook: bool = False, shared_database: bool = False
) -> GatewayRunner:
    # shared_database: the gateway's chat directory in the bot's database, as in production,
    # where the action server reads it to know a student is on Telegram.
    engine = create_engine_for(stack.database_url if shared_database else f"sqlite:///{tmp_path / 'gateway.db'}")
    Base.metadata.create_all(engine, tables=[TelegramChat.__table__])
    config = GatewayConfig(
        bot_token=BOT_TOKEN, rasa_url=stack.rasa_url, pseudonym_key=PSEUDONYM_KEY, engine=engine,
        base_url=bot_api.base_url, rasa_timeout_seconds=30,
        webhook_url=WEBHOOK_URL if webhook else "", webhook_secret=WEBHOOK_SECRET if webhook else "",
    )
    runner = GatewayRunner(build_application(config), config, listen_port=0, poll_timeout_seconds=1)
    await runner.start()
    return runner


async def test_greeting_button_and_sticker(stack: RasaStack, bot_api: FakeBotApi, tmp_path: Path) -> None:
    runner = await _gateway(stack, bot_api, tmp_path)
    try:
        bot_api.queue_update(text_update("hoi"))
        await bot_api.wait_for(lambda: any("Waar wil je het over hebben" in t for t in bot_api.texts_sent()), timeout=60)
        assert "chatbot" in bot_api.texts_sent()[0]
        greeting = next(call for call in bot_api.calls_to("sendMessage") if "reply_markup" in call)
        keyboard = [button for row in greeting["reply_markup"]["inline_keyboard"] for button in row]
        quitting = next(button for button in keyboard if button["text"] == "Ik twijfel over stoppen")

        bot_api.queue_update(callback_update(quitting["callback_data"]))
        await bot_api.wait_for(lambda: len(bot_api.calls_to("answerCallbackQuery")) == 1, timeout=60)
        await bot_api.wait_for(lambda: any("Wil je vertellen wat er speelt?" in t for t in bot_api.texts_sent()), timeout=60)

        sent_before = len(bot_api.texts_sent())
        bot_api.queue_update(message_update(STICKER))
        await bot_api.wait_for(lambda: len(bot_api.texts_sent()) > sent_before, timeout=30)
        assert "tekst" in bot_api.texts_sent()[-1]
    finally:
        await runner.stop()


async def test_forged_webhook_update_never_reaches_the_bot(stack: RasaStack, bot_api: FakeBotApi, tmp_path: Path) -> None:
    runner = await _gateway(stack, bot_api, tmp_path, webhook=True)
    try:
        url = f"http://127.0.0.1:{runner.webhook_server.port}/telegram/webhook"
        async with aiohttp.ClientSession() as session:
            async with session.post(url, json=text_update("hoi"), headers={SECRET_HEADER: "forged"}) as response:
                assert response.status == 403
            async with session.post(url, json=text_update("hoi"), headers={SECRET_HEADER: WEBHOOK_SECRET}) as response:
                assert response.status == 200
        await bot_api.wait_for(lambda: any("Waar wil je het over hebben" in t for t in bot_api.texts_sent()), timeout=60)
        assert len(bot_api.calls_to("sendMessage")) == 1, "only the update with the right secret is answered"
    finally:
        await runner.stop()


async def test_handoff_in_telegram_and_the_counsellors_reply_reaches_the_chat(
    stack: RasaStack, bot_api: FakeBotApi, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    chat = private_chat(STUDENT_CHAT_ID + 7)
    runner = await _gateway(stack, bot_api, tmp_path, shared_database=True)
    try:
        for text, expected in [
            ("ik wil met iemand praten", "Is dat goed?"),
            ("ja", "In welke gemeente woon je?"),
            ("tilburg", "Hoe oud ben je?"),
            ("19", "Hoe mag de coach contact met je opnemen?"),
            ("stuur maar een bericht hier in telegram", "Klopt dit?"),
            ("ja", "Je code is SW-"),
        ]:
            sent_before = len(bot_api.texts_sent(chat["id"]))
            bot_api.queue_update(text_update(text, chat=chat))
            await bot_api.wait_for(
                lambda: any(expected in t for t in bot_api.texts_sent(chat["id"])[sent_before:]), timeout=60
            )
        contact_question = next(
            call for call in bot_api.calls_to("sendMessage")
            if call.get("chat_id") == chat["id"] and "Hoe mag de coach" in call["text"]
        )
        titles = [b["text"] for row in contact_question["reply_markup"]["inline_keyboard"] for b in row]
        assert "Stuur een bericht hier" in titles
    finally:
        await runner.stop()

    engine = create_engine_for(stack.database_url)
    try:
        with session_factory(engine)() as session:
            handoff = session.execute(
                select(Handoff).where(Handoff.sender_id == pseudonym_for(chat["id"], PSEUDONYM_KEY))
            ).scalar_one()
    finally:
        engine.dispose()
    assert (handoff.channel, handoff.contact_method, handoff.contact_value) == ("telegram", "telegram", None)
    assert handoff.region_code == "RMC 35"

    monkeypatch.setenv("DATABASE_URL", stack.database_url)
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", BOT_TOKEN)
    monkeypatch.setenv("TELEGRAM_BASE_URL", bot_api.base_url)
    reply = "Hoi, ik ben Sanne. Bel me op 013 123 4567."
    assert await asyncio.to_thread(bot_main, ["handoffs", "reply", handoff.reference, reply]) == 0
    assert reply in bot_api.texts_sent(chat["id"])[-1]
