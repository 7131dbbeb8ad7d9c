"""Conversations over the REST channel against the real bot: opening, crisis after a
fallback, other languages, and bad input that must get a kind answer and break nothing."""

from __future__ import annotations

import uuid

import pytest

from support.rasa_stack import RasaStack, button_payloads, texts

pytestmark = pytest.mark.needs_model


def _sender() -> str:
    return f"test-{uuid.uuid4().hex[:12]}"


def test_opening_says_it_is_a_bot_and_shows_the_menu(stack: RasaStack) -> None:
    messages = stack.send(_sender(), "hoi")
    answer = texts(messages)
    assert "chatbot" in answer and "privacy" in answer
    assert {"/consider_quitting", "/bbl_switch", "/intake_moments", "/dienjaar_info", "/request_human"} <= set(
        button_payloads(messages)
    )


def test_first_message_that_is_a_question_still_gets_the_intro(stack: RasaStack) -> None:
    answer = texts(stack.send(_sender(), "wat is bbl eigenlijk"))
    assert "chatbot" in answer and "bbl" in answer.lower()


def test_age_changes_the_answer(stack: RasaStack) -> None:
    sender = _sender()
    generic = texts(stack.send(sender, "hoeveel verdien je bij bbl"))
    for_seventeen = texts(stack.send(sender, "ik ben 17"))
    assert generic != for_seventeen
    assert "5,81" in for_seventeen  # minimum youth wage at 17 per 1 January 2026 (facts.md §1)


def test_crisis_right_after_a_fallback_gets_the_crisis_answer(stack: RasaStack) -> None:
    sender = _sender()
    unsure = stack.send(sender, "gfdsa qwerty zxcv")
    assert "Bedoel je" in texts(unsure) or "anders zeggen" in texts(unsure)
    answer = texts(stack.send(sender, "ik wil niet meer leven"))
    assert "113" in answer and "112" in answer


def test_fallback_offers_a_person_after_two_misses(stack: RasaStack) -> None:
    sender = _sender()
    first = stack.send(sender, "gfdsa qwerty zxcv")
    assert "/request_human" in button_payloads(first)
    stack.send(sender, "/out_of_scope")
    last = stack.send(sender, "plof blub vrrr")
    assert "/request_human" in button_payloads(last)


def test_english_gets_a_short_english_answer(stack: RasaStack) -> None:
    answer = texts(stack.send(_sender(), "hello, can you help me with my studies?"))
    assert "I only speak Dutch" in answer and "112" in answer


@pytest.mark.parametrize(
    "message",
    ["", "   ", "🙂🙂🙂", "<script>alert('x')</script>", "<img src=x onerror=alert(1)>", "a" * 20_000, "ik " * 5_000],
)
def test_bad_input_gets_a_kind_answer_and_the_bot_keeps_working(stack: RasaStack, message: str) -> None:
    sender = _sender()
    answer = stack.send(sender, message)
    assert answer, "every message gets an answer"
    assert "<script>" not in texts(answer)
    assert "Waar wil je het over hebben?" in texts(stack.send(sender, "hoi"))


def test_restart_forgets_the_conversation_state(stack: RasaStack) -> None:
    sender = _sender()
    stack.send(sender, "ik ben 17")
    assert stack.tracker(sender)["slots"]["age_group"] == "16_17"
    assert "opnieuw" in texts(stack.send(sender, "/restart"))
    assert stack.tracker(sender)["slots"]["age_group"] is None


def test_second_unclear_message_never_gets_a_goodbye(stack: RasaStack) -> None:
    sender = _sender()
    first = stack.send(sender, "gfdsa qwerty zxcv")
    assert "Gedag zeggen" not in [b.get("title") for m in first for b in m.get("buttons") or []]
    second = stack.send(sender, "kdjf")
    answer = texts(second)
    assert "succes" not in answer.lower() and "Top." not in answer
    assert "/request_human" in button_payloads(second) and "/ask_capabilities" in button_payloads(second)

