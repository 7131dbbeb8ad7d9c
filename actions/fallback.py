"""The first stage of the two-stage fallback: "Bedoel je …?" with the two likeliest topics."""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher

from bot.intent_labels import label_for

# Intents that make no sense as a "did you mean" suggestion.
NOT_SUGGESTED = {
    "nlu_fallback", "out_of_scope", "affirm", "deny", "other_language", "inform_location", "inform_age",
    # a greeting, goodbye or thanks is never what an unclear message "meant"
    "greet", "goodbye", "thank", "carry_on", "empty_message", "feedback_positive", "feedback_negative",
}
SUGGESTIONS = 2


def likeliest_intents(latest_message: Dict[str, Any], count: int = SUGGESTIONS) -> List[str]:
    ranking = latest_message.get("intent_ranking") or []
    names = [entry.get("name") for entry in ranking]
    return [name for name in names if name and name not in NOT_SUGGESTED][:count]


class ActionDefaultAskAffirmation(Action):
    def name(self) -> Text:
        return "action_default_ask_affirmation"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        buttons = [{"title": label_for(intent), "payload": f"/{intent}"} for intent in likeliest_intents(tracker.latest_message)]
        # "out_of_scope" is how Rasa's two-stage fallback hears "none of these": it then asks to rephrase.
        buttons.append({"title": "Iets anders", "payload": "/out_of_scope"})
        buttons.append({"title": "Praten met iemand", "payload": "/request_human"})
        dispatcher.utter_message(response="text_ask_affirmation", buttons=buttons)
        return []


class ActionDefaultAskRephrase(Action):
    """Second stage: ask the student to say it differently."""

    def name(self) -> Text:
        return "action_default_ask_rephrase"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        dispatcher.utter_message(response="text_ask_rephrase")
        return []


class ActionDefaultFallback(Action):
    """After two misses: offer a person. The misunderstood message does not steer the dialogue."""

    def name(self) -> Text:
        return "action_default_fallback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        dispatcher.utter_message(response="text_default")
        return [UserUtteranceReverted()]
