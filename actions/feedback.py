""""Had je hier iets aan?" after a topic answer: once per session, so it never nags, and
never right after a crisis answer."""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher


class ActionAskFeedback(Action):
    def name(self) -> Text:
        return "action_ask_feedback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        if tracker.get_slot("careful_mode"):
            # Right after a crisis answer a rating question would be out of place; the
            # student has moved on to a topic, so the careful mode ends here.
            return [SlotSet("careful_mode", False)]
        if tracker.get_slot("feedback_asked"):
            return []
        dispatcher.utter_message(response="text_ask_feedback")
        return [SlotSet("feedback_asked", True)]
