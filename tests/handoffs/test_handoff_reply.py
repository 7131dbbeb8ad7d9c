"""`python -m bot handoffs reply`: a counsellor's message reaches a student who chose Telegram."""

from __future__ import annotations

from typing import Iterator

import pytest

from bot.handoffs.service import close_handoff, create_handoff
from bot.notify.targets import NotifyTarget, TargetKind
from bot.telegram.chats import ChatDirectory
from support.cli import run_cli
from support.notify_fakes import FakeTelegramApi

STUDENT = "tg-5f0e3c1a9b7d4e2f8a6c0b1d3e5f7a9c"
CHAT_ID = 987654321
COUNSELLOR_TEXT = "Hoi! Ik ben Sanne van het Doorstroompunt. Bel me gerust op 013 123 4567."


@pytest.fixture
def telegram_api() -> Iterator[FakeTelegramApi]:
    api = FakeTelegramApi()
    api.start()
    yield api
    api.stop()


@pytest.fixture
def reply_env(monkeypatch: pytest.MonkeyPatch, database_url: str, engine, telegram_api):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", telegram_api.token)
    monkeypatch.setenv("TELEGRAM_BASE_URL", telegram_api.base_url)
    ChatDirectory(engine).remember(STUDENT, CHAT_ID)
    return monkeypatch


def add(session, **overrides):  # type: ignore[no-untyped-def]
    fields = dict(
        sender_id=STUDENT, channel="telegram", region_code="RMC 35", gemeente="Tilburg", age=19,
        contact_method="telegram", contact_value=None, message=None,
        targets=[NotifyTarget(TargetKind.EMAIL, "coach@dsp.test")],
    )
    fields.update(overrides)
    return create_handoff(session, **fields)


def test_reply_reaches_the_students_chat_as_a_message_from_a_person(reply_env, session, telegram_api, capsys) -> None:
    handoff = add(session)

    code, out, _ = run_cli(capsys, "handoffs", "reply", handoff.reference.lower(), COUNSELLOR_TEXT)

    assert code == 0 and f"verstuurd naar de student van {handoff.reference}" in out
    assert "Let op" not in out  # the message holds a phone number
    [sent] = telegram_api.messages
    assert sent["chat_id"] == str(CHAT_ID)
    assert COUNSELLOR_TEXT in sent["text"] and handoff.reference in sent["text"]
    assert "Midden-Brabant" in sent["text"] and "niet van de chatbot" in sent["text"]


def test_reply_reads_standard_input_and_warns_without_contact_details(
    reply_env, session, telegram_api, capsys, monkeypatch
) -> None:
    handoff = add(session)
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO("Ik heb je vraag gezien.\nTot snel!\n"))

    code, out, _ = run_cli(capsys, "handoffs", "reply", handoff.reference, "-")

    assert code == 0 and "geen telefoonnummer of mailadres" in out
    assert "Ik heb je vraag gezien.\nTot snel!" in telegram_api.messages[0]["text"]


@pytest.mark.parametrize(
    ("overrides", "remembered", "error"),
    [
        ({"contact_method": "phone", "contact_value": "+31612345678"}, True, "contact via de telefoon"),
        ({}, False, "niet meer bekend"),
    ],
)
def test_reply_refuses_what_it_cannot_send(
    reply_env, session, engine, telegram_api, capsys, overrides, remembered, error
) -> None:
    handoff = add(session, **overrides)
    if not remembered:
        ChatDirectory(engine).forget(STUDENT)  # the student deleted their data

    code, _, err = run_cli(capsys, "handoffs", "reply", handoff.reference, COUNSELLOR_TEXT)

    assert code == 1 and error in err
    assert telegram_api.messages == []


def test_reply_refuses_closed_empty_and_unknown(reply_env, session, telegram_api, capsys) -> None:
    handoff = add(session)
    assert run_cli(capsys, "handoffs", "reply", handoff.reference, "   ")[2].startswith("Het bericht is leeg")
    assert "te lang" in run_cli(capsys, "handoffs", "reply", handoff.reference, "x" * 3001)[2]
    assert "Geen aanvraag" in run_cli(capsys, "handoffs", "reply", "SW-ZZZZZZ", COUNSELLOR_TEXT)[2]
    close_handoff(session, handoff.reference)
    assert "al gesloten" in run_cli(capsys, "handoffs", "reply", handoff.reference, COUNSELLOR_TEXT)[2]
    assert telegram_api.messages == []


def test_a_blocked_bot_or_missing_token_is_reported(reply_env, session, telegram_api, capsys) -> None:
    handoff = add(session)
    telegram_api.blocked_chats.add(str(CHAT_ID))
    code, _, err = run_cli(capsys, "handoffs", "reply", handoff.reference, COUNSELLOR_TEXT)
    assert code == 1 and "geblokkeerd" in err

    reply_env.delenv("TELEGRAM_BOT_TOKEN")
    code, _, err = run_cli(capsys, "handoffs", "reply", handoff.reference, COUNSELLOR_TEXT)
    assert code == 1 and "TELEGRAM_BOT_TOKEN" in err and telegram_api.token not in err
