"""The crisis answer that fits: the NLU triage (bot/nlu/triage.py) sets level and kind."""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.nlu.triage import CrisisKind, CrisisLevel

ANSWER_FOR_KIND = {
    CrisisKind.SELF: "utter_crisis_self",
    CrisisKind.HOME: "utter_crisis_home",
    CrisisKind.THREAT: "utter_crisis_threat",
    CrisisKind.DANGER: "utter_crisis_danger",
    CrisisKind.FRIEND: "utter_crisis_friend",
}
CHECK_IN = "utter_crisis_check_in"


def _entity(tracker: Tracker, name: str) -> Optional[str]:
    value = next(tracker.get_latest_entity_values(name), None)
    return str(value) if value is not None else None


def crisis_response(level: Optional[str], kind: Optional[str]) -> str:
    """A button payload carries only a kind and means what it says: the full answer."""
    if level == CrisisLevel.POSSIBLE.value:
        return CHECK_IN
    try:
        return ANSWER_FOR_KIND[CrisisKind(kind)]
    except ValueError:
        return ANSWER_FOR_KIND[CrisisKind.SELF]


class ActionCrisisAnswer(Action):
    def name(self) -> Text:
        return "action_crisis_answer"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        response = crisis_response(_entity(tracker, "crisis_level"), _entity(tracker, "crisis_kind"))
        dispatcher.utter_message(response=response)
        return [SlotSet("careful_mode", True)]
