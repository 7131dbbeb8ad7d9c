"""action_crisis_answer: the one answer that fits the triage, and the careful mode after it."""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.crisis import ActionCrisisAnswer
from actions.feedback import ActionAskFeedback


def _tracker(entities: list[dict[str, Any]], slots: dict[str, Any] | None = None) -> Tracker:
    latest = {"text": "x", "intent": {"name": "crisis", "confidence": 1.0}, "entities": entities}
    return Tracker("student-1", slots or {}, latest, [], False, None, None, "action_listen")


def _entities(level: str | None, kind: str | None) -> list[dict[str, Any]]:
    found = []
    if level:
        found.append({"entity": "crisis_level", "value": level})
    if kind:
        found.append({"entity": "crisis_kind", "value": kind})
    return found


@pytest.mark.parametrize(
    ("level", "kind", "response"),
    [
        ("clear", "self", "utter_crisis_self"),
        ("clear", "home", "utter_crisis_home"),
        ("clear", "threat", "utter_crisis_threat"),
        ("clear", "danger", "utter_crisis_danger"),
        ("clear", "friend", "utter_crisis_friend"),
        ("possible", "home", "utter_crisis_check_in"),
        ("possible", None, "utter_crisis_check_in"),
        # a button payload such as /crisis{"crisis_kind": "danger"} carries no level
        (None, "danger", "utter_crisis_danger"),
        # unknown or missing kind: the 113 answer fits every crisis
        ("clear", "something-else", "utter_crisis_self"),
        (None, None, "utter_crisis_self"),
    ],
)
async def test_crisis_answer_fits_level_and_kind(level: str | None, kind: str | None, response: str) -> None:
    dispatcher = CollectingDispatcher()
    events = await ActionCrisisAnswer().run(dispatcher, _tracker(_entities(level, kind)), {})
    assert [message.get("response") for message in dispatcher.messages] == [response]
    assert events == [SlotSet("careful_mode", True)]


async def test_no_feedback_question_right_after_a_crisis_answer() -> None:
    dispatcher = CollectingDispatcher()
    events = await ActionAskFeedback().run(dispatcher, _tracker([], {"careful_mode": True}), {})
    assert dispatcher.messages == []
    assert events == [SlotSet("careful_mode", False)]
