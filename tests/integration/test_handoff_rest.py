"""End to end over Rasa's REST channel: a student asks for a person and a counsellor is told.

Runs the real action server and Rasa server with the live model, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import re
import uuid

import pytest
from sqlalchemy import func, select

from bot.__main__ import main as bot_main
from bot.handoffs.models import Handoff, Notification
from bot.storage.db import create_engine_for, session_factory
from support.notify_fakes import WebhookReceiver
from support.rasa_stack import RasaStack, texts

pytestmark = pytest.mark.needs_model

REFERENCE = re.compile(r"\bSW-[A-Z0-9]{6}\b")


def _sender() -> str:
    return f"test-{uuid.uuid4().hex[:12]}"


def _handoffs(stack: RasaStack, sender: str) -> list[Handoff]:
    engine = create_engine_for(stack.database_url)
    try:
        with session_factory(engine)() as session:
            return list(session.execute(select(Handoff).where(Handoff.sender_id == sender)).scalars())
    finally:
        engine.dispose()


def _walk_to_confirmation(stack: RasaStack, sender: str, place: str) -> str:
    answers = []
    for message in ("ik wil met iemand praten", "ja", place, "19", "bel me", "06 12345678"):
        answers.append(texts(stack.send(sender, message)))
    return answers[-1]


@pytest.mark.parametrize(("place", "region_code"), [("ik woon in tilburg", "RMC 35"), ("5038", "RMC 35")])
def test_handoff_is_stored_for_the_region_and_the_counsellor_is_notified(
    stack: RasaStack, counsellor_webhook: WebhookReceiver, monkeypatch: pytest.MonkeyPatch, place: str, region_code: str
) -> None:
    sender = _sender()
    summary = _walk_to_confirmation(stack, sender, place)
    assert "Klopt dit?" in summary and "Tilburg" in summary and "+31612345678" in summary
    assert _handoffs(stack, sender) == [], "nothing may be stored before the student confirms"

    done = texts(stack.send(sender, "ja"))
    reference = REFERENCE.search(done)
    assert reference, done

    (handoff,) = _handoffs(stack, sender)
    assert (handoff.reference, handoff.region_code, handoff.gemeente, handoff.age) == (
        reference.group(0), region_code, "Tilburg", 19,
    )
    assert (handoff.contact_method, handoff.contact_value) == ("phone", "+31612345678")

    monkeypatch.setenv("DATABASE_URL", stack.database_url)
    monkeypatch.setenv("NOTIFY_WEBHOOK_URL", counsellor_webhook.url)
    assert bot_main(["notify", "--once"]) == 0
    delivered = [post for post in counsellor_webhook.posts if post.get("reference") == handoff.reference]
    assert len(delivered) == 1
    assert "+31612345678" in delivered[0]["text"] and sender not in delivered[0]["text"]


def test_saying_no_to_consent_stores_nothing(stack: RasaStack) -> None:
    sender = _sender()
    stack.send(sender, "kan iemand mij bellen")
    answer = texts(stack.send(sender, "nee"))
    assert "niets bewaard" in answer
    assert _handoffs(stack, sender) == []


def test_stop_in_the_middle_of_the_form_stores_nothing(stack: RasaStack) -> None:
    sender = _sender()
    for message in ("ik wil met iemand praten", "ja", "amsterdam", "17"):
        stack.send(sender, message)
    answer = texts(stack.send(sender, "laat maar"))
    assert "niets bewaard" in answer
    assert _handoffs(stack, sender) == []


def test_ambiguous_place_asks_which_gemeente(stack: RasaStack) -> None:
    sender = _sender()
    stack.send(sender, "ik wil met iemand praten")
    stack.send(sender, "ja")
    messages = stack.send(sender, "laren")
    assert "meer gemeenten" in texts(messages)
    payloads = [button["payload"] for message in messages for button in message.get("buttons", [])]
    assert "gemeente Laren" in payloads
    assert "Hoe oud ben je" in texts(stack.send(sender, "gemeente Laren"))


def test_crisis_in_the_form_pauses_it(stack: RasaStack) -> None:
    sender = _sender()
    stack.send(sender, "ik wil met iemand praten")
    stack.send(sender, "ja")
    answer = texts(stack.send(sender, "ik wil er niet meer zijn"))
    assert "113" in answer and "112" in answer
    assert "verder" in answer.lower()
    assert "Hoe oud" not in texts(stack.send(sender, "nee"))
    assert _handoffs(stack, sender) == []


def test_deletion_leaves_no_rows_for_the_sender(stack: RasaStack) -> None:
    sender = _sender()
    for message in ("ik wil met iemand praten", "ja", "tilburg", "20", "mail me", "student@example.nl", "ja"):
        stack.send(sender, message)
    assert len(_handoffs(stack, sender)) == 1
    engine = create_engine_for(stack.database_url)
    events_before = _count_events(engine, sender)
    assert events_before > 10

    stack.send(sender, "verwijder mijn gegevens")
    answer = stack.send(sender, "ja")
    assert any(message.get("custom") == {"stapwijzer": "data_deleted"} for message in answer)
    assert "gewist" in texts(answer)

    assert _handoffs(stack, sender) == []
    remaining = _count_events(engine, sender)
    engine.dispose()
    # Only the confirmation turn after the erase marker may remain: no user text, no contact detail.
    assert remaining < 6, remaining
    tracker = stack.tracker(sender)
    user_texts = [event.get("text") for event in tracker["events"] if event["event"] == "user"]
    assert user_texts == []


def _count_events(engine, sender: str) -> int:  # type: ignore[no-untyped-def]
    from sqlalchemy import MetaData, Table

    events = Table("events", MetaData(), autoload_with=engine)
    with engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(events).where(events.c.sender_id == sender)).scalar_one()


def test_notifications_table_is_empty_after_deletion(stack: RasaStack) -> None:
    engine = create_engine_for(stack.database_url)
    with session_factory(engine)() as session:
        orphans = session.execute(
            select(func.count()).select_from(Notification).where(~Notification.handoff_id.in_(select(Handoff.id)))
        ).scalar_one()
    engine.dispose()
    assert orphans == 0
