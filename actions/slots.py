"""Global slot validation: normalises what students type before it lands in a slot."""

from __future__ import annotations

from typing import Any, Dict, Text

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import ValidationAction
from rasa_sdk.types import DomainDict

from bot.age import age_group, parse_age


class ValidateSlotMappings(ValidationAction):
    """Runs after every slot extraction (`action_validate_slot_mappings`)."""

    def validate_leeftijd(
        self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        age = parse_age(slot_value if isinstance(slot_value, (int, float)) else str(slot_value))
        if age is None:
            # Not an age after all ("niveau 4", "1 april"): keep what we knew before.
            return {"leeftijd": _previous_value(tracker, "leeftijd")}
        return {"leeftijd": float(age), "age_group": age_group(age).value}


def _previous_value(tracker: Tracker, slot: str) -> Any:
    """The slot's value before the candidate that is being validated (the last SlotSet)."""
    values = [event.get("value") for event in tracker.events if event.get("event") == "slot" and event.get("name") == slot]
    return values[-2] if len(values) >= 2 else None
