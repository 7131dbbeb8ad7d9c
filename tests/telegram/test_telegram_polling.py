"""The real gateway in polling mode, against a fake Bot API and a fake Rasa."""

from __future__ import annotations

import asyncio

import pytest
from support.telegram_fakes import (
    PHOTO,
    STICKER,
    STUDENT_CHAT_ID,
    VOICE,
    FakeBotApi,
    FakeRasa,
    callback_update,
    message_update,
    private_chat,
    text_update,
)

from bot.telegram import texts
from bot.telegram.callback_payloads import MAX_CALLBACK_DATA_BYTES

BUTTONS_REPLY = [
    {
        "text": "Hoi! Ik ben Stapwijzer, een chatbot.",
        "buttons": [
            {"title": "Vertel meer over de bbl", "payload": "/ask_bbl"},
            {"title": "Chat met 113", "url": "https://www.113.nl/"},
        ],
    }
]


async def test_text_gets_rasa_answer_with_inline_keyboard(
    start_gateway, bot_api: FakeBotApi, rasa: FakeRasa, student_pseudonym: str
) -> None:
    rasa.reply = lambda message: BUTTONS_REPLY
    await start_gateway()

    bot_api.queue_update(text_update("hoi"))
    await bot_api.wait_for(lambda: bot_api.texts_sent())

    assert rasa.received == [{"sender": student_pseudonym, "message": "hoi", "metadata": {"channel": "telegram"}}]
    sent = bot_api.calls_to("sendMessage")[0]
    assert sent["text"] == "Hoi! Ik ben Stapwijzer, een chatbot."
    assert sent["link_preview_options"] == {"is_disabled": True}
    assert sent["reply_markup"] == {
        "inline_keyboard": [
            [{"text": "Vertel meer over de bbl", "callback_data": "p/ask_bbl"}],
            [{"text": "Chat met 113", "url": "https://www.113.nl/"}],
        ]
    }
    typing = bot_api.calls_to("sendChatAction")
    assert typing and typing[0]["action"] == "typing"


async def test_button_press_is_answered_and_forwarded(
    start_gateway, bot_api: FakeBotApi, rasa: FakeRasa
) -> None:
    rasa.reply = lambda message: BUTTONS_REPLY if message == "hoi" else [{"text": "Over de bbl."}]
    await start_gateway()
    bot_api.queue_update(text_update("hoi"))
    await bot_api.wait_for(lambda: len(bot_api.texts_sent()) == 1)
    keyboard = bot_api.calls_to("sendMessage")[0]["reply_markup"]["inline_keyboard"]

    press = callback_update(keyboard[0][0]["callback_data"])
    bot_api.queue_update(press)
    await bot_api.wait_for(lambda: len(bot_api.texts_sent()) == 2)

    assert (
        bot_api.calls_to("answerCallbackQuery")[0]["callback_query_id"]
        == press["callback_query"]["id"]
    )
    assert rasa.messages == ["hoi", "/ask_bbl"]
    assert bot_api.texts_sent()[1] == "Over de bbl."


async def test_long_payload_travels_through_a_short_key(
    start_gateway, bot_api: FakeBotApi, rasa: FakeRasa
) -> None:
    long_payload = '/inform{"gemeente": "' + "Súdwest-Fryslân " * 5 + '"}'
    rasa.reply = lambda message: [
        {"text": "Klopt dit?", "buttons": [{"title": "Ja", "payload": long_payload}]}
    ]
    await start_gateway()
    bot_api.queue_update(text_update("mijn gemeente"))
    await bot_api.wait_for(lambda: len(bot_api.texts_sent()) == 1)
    callback_data = bot_api.calls_to("sendMessage")[0]["reply_markup"]["inline_keyboard"][0][0][
        "callback_data"
    ]
    assert len(callback_data.encode("utf-8")) <= MAX_CALLBACK_DATA_BYTES

    bot_api.queue_update(callback_update(callback_data))
    await bot_api.wait_for(lambda: len(rasa.received) == 2)
    assert rasa.messages[1] == long_payload


async def test_unknown_button_asks_to_type_again(
    start_gateway, bot_api: FakeBotApi, rasa: FakeRasa
) -> None:
    await start_gateway()
    bot_api.queue_update(callback_update("kforgotten-key"))
    await bot_api.wait_for(lambda: bot_api.texts_sent())
    assert bot_api.texts_sent() == [texts.BUTTON_EXPIRED]
    assert bot_api.calls_to("answerCallbackQuery")
    assert rasa.received == []


@pytest.mark.parametrize(
    ("content", "reply"),
    [
        (STICKER, texts.ONLY_TEXT),
        (PHOTO, texts.ONLY_TEXT),
        (VOICE, texts.NOT_TEXT_BY_KIND["voice"]),
        ({"location": {"latitude": 52.1, "longitude": 5.1}}, texts.NOT_TEXT_BY_KIND["location"]),
    ],
    ids=["sticker", "photo", "voice", "location"],
)
async def test_media_get_a_kind_reply_and_never_reach_rasa(
    start_gateway, bot_api: FakeBotApi, rasa: FakeRasa, content: dict, reply: str
) -> None:
    await start_gateway()
    bot_api.queue_update(message_update(content))
    await bot_api.wait_for(lambda: bot_api.texts_sent())
    assert bot_api.texts_sent() == [reply]
    assert rasa.received == []


async def test_duplicate_update_is_processed_once(
    start_gateway, bot_api: FakeBotApi, rasa: FakeRasa
) -> None:
    await start_gateway()
    update = text_update("hoi")
    bot_api.queue_update(update)
    bot_api.queue_update(update)
    bot_api.queue_update(text_update("daarna"))
    await bot_api.wait_for(lambda: len(bot_api.texts_sent()) == 2)
    assert rasa.messages == ["hoi", "daarna"]


async def test_rasa_down_then_back(start_gateway, bot_api: FakeBotApi, rasa: FakeRasa) -> None:
    await start_gateway()
    bot_api.queue_update(text_update("hoi"))  # opens a keep-alive connection to Rasa
    await bot_api.wait_for(lambda: bot_api.texts_sent())

    await rasa.go_down()
    bot_api.queue_update(text_update("ben je er?"))
    await bot_api.wait_for(lambda: len(bot_api.texts_sent()) == 2)
    assert bot_api.texts_sent()[1] == texts.RASA_UNREACHABLE

    await rasa.come_back()
    bot_api.queue_update(text_update("nog een keer"))
    await bot_api.wait_for(lambda: len(bot_api.texts_sent()) == 3)
    assert bot_api.texts_sent()[2] == "Antwoord op: nog een keer"


async def test_rasa_error_and_timeout_get_the_unreachable_text(
    start_gateway, bot_api: FakeBotApi, rasa: FakeRasa
) -> None:
    await start_gateway(rasa_timeout=0.3)
    rasa.status = 500
    bot_api.queue_update(text_update("eerste"))
    await bot_api.wait_for(lambda: len(bot_api.texts_sent()) == 1)

    rasa.status, rasa.delay = 200, 1.0
    bot_api.queue_update(text_update("tweede"))
    await bot_api.wait_for(lambda: len(bot_api.texts_sent()) == 2)
    assert bot_api.texts_sent() == [texts.RASA_UNREACHABLE, texts.RASA_UNREACHABLE]

    rasa.delay = 0
    bot_api.queue_update(text_update("derde"))
    await bot_api.wait_for(lambda: len(bot_api.texts_sent()) == 3)
    assert bot_api.texts_sent()[2] == "Antwoord op: derde"


async def test_slow_chat_does_not_block_another_chat(
    start_gateway, bot_api: FakeBotApi, rasa: FakeRasa
) -> None:
    other_chat = STUDENT_CHAT_ID + 1
    await start_gateway(rasa_timeout=5)
    rasa.delay = 1.5
    bot_api.queue_update(text_update("traag"))
    await bot_api.wait_for(lambda: len(rasa.received) == 1)
    rasa.delay = 0
    bot_api.queue_update(text_update("snel", chat=private_chat(other_chat)))
    await bot_api.wait_for(lambda: bot_api.texts_sent(other_chat), timeout=1.0)
    assert bot_api.texts_sent() == []  # the slow chat is still waiting for Rasa


async def test_long_answer_is_split_at_a_paragraph(
    start_gateway, bot_api: FakeBotApi, rasa: FakeRasa
) -> None:
    first, second = "a" * 3000, "b" * 3000
    rasa.reply = lambda message: [
        {"text": f"{first}\n\n{second}", "buttons": [{"title": "Verder", "payload": "/next"}]}
    ]
    await start_gateway()
    bot_api.queue_update(text_update("vertel alles"))
    await bot_api.wait_for(lambda: len(bot_api.texts_sent()) == 2)
    sent = bot_api.calls_to("sendMessage")
    assert [call["text"] for call in sent] == [first, second]
    assert "reply_markup" not in sent[0]
    assert sent[1]["reply_markup"]["inline_keyboard"][0][0]["text"] == "Verder"


async def test_consecutive_texts_are_joined_and_html_is_escaped(
    start_gateway, bot_api: FakeBotApi, rasa: FakeRasa
) -> None:
    rasa.reply = lambda message: [
        {"text": "Wat goed dat je dit vertelt."},
        {"text": "Bel gratis **113**. <geen tags> & zo"},
        {"text": "Kies:", "buttons": [{"title": "Ja", "payload": "/affirm"}]},
        {"text": "Los bericht."},
    ]
    await start_gateway()
    bot_api.queue_update(text_update("hulp"))
    await bot_api.wait_for(lambda: len(bot_api.texts_sent()) == 2)
    sent = bot_api.calls_to("sendMessage")
    assert sent[0]["text"] == (
        "Wat goed dat je dit vertelt.\n\nBel gratis <b>113</b>. &lt;geen tags&gt; &amp; zo\n\nKies:"
    )
    assert sent[0]["parse_mode"] == "HTML"
    assert sent[0]["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "p/affirm"
    assert sent[1]["text"] == "Los bericht."


@pytest.mark.parametrize(
    ("command", "rasa_message"),
    [
        ("/start", "/greet"),
        ("/help", "/ask_capabilities"),
        ("/privacy", "/privacy"),
        ("/verwijder", "/delete_data"),
        ("/opnieuw", "/restart"),
    ],
)
async def test_commands_map_to_rasa_messages(
    start_gateway, bot_api: FakeBotApi, rasa: FakeRasa, command: str, rasa_message: str
) -> None:
    await start_gateway()
    bot_api.queue_update(text_update(command))
    await bot_api.wait_for(lambda: rasa.received)
    assert rasa.messages == [rasa_message]


async def test_restart_without_rasa_text_still_confirms(
    start_gateway, bot_api: FakeBotApi, rasa: FakeRasa
) -> None:
    rasa.reply = lambda message: []
    await start_gateway()
    bot_api.queue_update(text_update("/opnieuw"))
    await bot_api.wait_for(lambda: bot_api.texts_sent())
    assert bot_api.texts_sent() == [texts.RESTARTED]


async def test_unknown_command_reaches_rasa_as_plain_text(
    start_gateway, bot_api: FakeBotApi, rasa: FakeRasa
) -> None:
    await start_gateway()
    bot_api.queue_update(text_update('/inform{"gemeente": "Delft"}'))
    await bot_api.wait_for(lambda: rasa.received)
    assert rasa.messages == ['inform{"gemeente": "Delft"}']


async def test_empty_and_very_long_text(start_gateway, bot_api: FakeBotApi, rasa: FakeRasa) -> None:
    await start_gateway()
    bot_api.queue_update(text_update("   \n  "))
    await bot_api.wait_for(lambda: bot_api.texts_sent())
    assert bot_api.texts_sent() == [texts.EMPTY_MESSAGE]

    bot_api.queue_update(text_update("x" * 10_000))
    await bot_api.wait_for(lambda: len(bot_api.texts_sent()) == 3)
    assert bot_api.texts_sent()[1] == texts.MESSAGE_TOO_LONG
    assert rasa.messages == ["x" * 2000]


async def test_edited_message_gets_a_reply_and_is_not_forwarded(
    start_gateway, bot_api: FakeBotApi, rasa: FakeRasa
) -> None:
    await start_gateway()
    bot_api.queue_update(message_update({"text": "aangepast"}, kind="edited_message"))
    await bot_api.wait_for(lambda: bot_api.texts_sent())
    assert bot_api.texts_sent() == [texts.EDITED_MESSAGE]
    assert rasa.received == []


async def test_group_chat_gets_one_reply_and_is_otherwise_ignored(
    start_gateway, bot_api: FakeBotApi, rasa: FakeRasa
) -> None:
    group = {"id": -100123, "type": "supergroup", "title": "Klas 2B"}
    await start_gateway()
    bot_api.queue_update(text_update("/start", chat=group))
    bot_api.queue_update(text_update("hallo bot", chat=group))
    bot_api.queue_update(message_update(STICKER, chat=group))
    bot_api.queue_update(text_update("privé"))
    await bot_api.wait_for(lambda: bot_api.texts_sent(-100123) and bot_api.texts_sent())
    await asyncio.sleep(0.2)  # time for a wrong second group reply to show up
    assert bot_api.texts_sent(-100123) == [texts.PRIVATE_CHAT_ONLY]
    assert rasa.messages == ["privé"]


async def test_verwijder_forgets_the_chat_mapping(
    start_gateway, bot_api: FakeBotApi, rasa: FakeRasa, engine, student_pseudonym: str
) -> None:
    from bot.telegram.chats import ChatDirectory

    def reply(message: str) -> list[dict]:
        if message == "/delete_data":
            return [
                {"text": "Je gegevens zijn verwijderd."},
                {"custom": {"stapwijzer": "data_deleted"}},
            ]
        return [{"text": "Hoi!"}]

    rasa.reply = reply
    directory = ChatDirectory(engine)
    await start_gateway()
    bot_api.queue_update(text_update("hoi"))
    await bot_api.wait_for(lambda: bot_api.texts_sent())
    assert directory.chat_id_for(student_pseudonym) == STUDENT_CHAT_ID

    bot_api.queue_update(text_update("/verwijder"))
    await bot_api.wait_for(lambda: len(bot_api.texts_sent()) == 2)
    await bot_api.wait_for(lambda: directory.chat_id_for(student_pseudonym) is None)
    assert bot_api.texts_sent()[1] == "Je gegevens zijn verwijderd."

    bot_api.queue_update(text_update("ik wil toch een coach"))  # a new start stores it again
    await bot_api.wait_for(lambda: len(bot_api.texts_sent()) == 3)
    assert directory.chat_id_for(student_pseudonym) == STUDENT_CHAT_ID


async def test_a_failing_send_is_logged_without_personal_data_and_the_gateway_goes_on(
    start_gateway, bot_api: FakeBotApi, rasa: FakeRasa, caplog: pytest.LogCaptureFixture
) -> None:
    bot_api.failing_texts.add("Antwoord op: geheim-0612345678")
    await start_gateway()
    bot_api.queue_update(text_update("geheim-0612345678"))
    await bot_api.wait_for(lambda: any(record.levelname == "ERROR" for record in caplog.records))
    bot_api.queue_update(text_update("volgende"))
    await bot_api.wait_for(lambda: "Antwoord op: volgende" in bot_api.texts_sent())

    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "BadRequest" in logged
    assert "0612345678" not in logged
    assert str(STUDENT_CHAT_ID) not in logged


async def test_added_to_a_group_says_once_it_works_privately(
    start_gateway, bot_api: FakeBotApi, rasa: FakeRasa
) -> None:
    group = {"id": -4242, "type": "group", "title": "Vrienden"}
    bot_user = {"id": 123456, "is_bot": True, "first_name": "Stapwijzer"}
    added = {
        "update_id": 9_000_001,
        "my_chat_member": {
            "chat": group,
            "from": {"id": 1, "is_bot": False, "first_name": "Iemand"},
            "date": 1,
            "old_chat_member": {"status": "left", "user": bot_user},
            "new_chat_member": {"status": "member", "user": bot_user},
        },
    }
    await start_gateway()
    bot_api.queue_update(added)
    bot_api.queue_update(text_update("/start", chat=group))
    bot_api.queue_update(text_update("privé"))
    await bot_api.wait_for(lambda: bot_api.texts_sent(-4242) and bot_api.texts_sent())
    await asyncio.sleep(0.2)
    assert bot_api.texts_sent(-4242) == [texts.PRIVATE_CHAT_ONLY]
    assert rasa.messages == ["privé"]
