"""The handoff to the student's regional Doorstroompunt: a Rasa form with consent first.

Nothing is stored until the student confirms the summary. "stop" or "laat maar" at any
step ends the form; a crisis message interrupts it (data/rules/handoff.yml).
"""

from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.age import parse_age
from bot.config import load_settings
from bot.handoffs.dialogue import (
    AgeRoute,
    parse_contact_method,
    region_contact_lines,
    route_for_age,
    summary_text,
    wants_to_stop,
)
from bot.handoffs.models import CONTACT_EMAIL, CONTACT_PHONE, CONTACT_TELEGRAM
from bot.handoffs.reading import read_message, without_contact_details
from bot.handoffs.service import NoNotifyTargets, create_handoff, normalise_contact
from bot.notify.targets import catch_all_targets
from bot.regions import Resolution, load_directory, load_resolver
from bot.storage.runtime import session_scope
from bot.telegram.chats import is_telegram_sender

logger = logging.getLogger(__name__)

FORM = "handoff_form"
HANDOFF_SLOTS = (
    "handoff_consent", "handoff_place", "handoff_gemeente", "handoff_region", "handoff_age",
    "handoff_contact_method", "handoff_contact_value", "handoff_confirmed",
    "handoff_cancelled",
)


def on_telegram(tracker: Tracker) -> bool:
    return is_telegram_sender(tracker.sender_id)


def _latest_text(tracker: Tracker) -> str:
    return tracker.latest_message.get("text") or ""


def _cancel() -> Dict[Text, Any]:
    # required_slots() then returns nothing, so the form ends and action_finish_handoff says so.
    return {"handoff_cancelled": True}


def ask_place_again(dispatcher: CollectingDispatcher, resolution: Resolution) -> None:
    """Never guess silently: ask which gemeente, ask to confirm a near match, or ask again."""
    if resolution.status == "ambiguous":
        buttons = [{"title": name, "payload": choice} for name, choice in zip(resolution.candidates, resolution.choices)][:4]
        dispatcher.utter_message(response="text_handoff_place_ambiguous", buttons=buttons)
    elif resolution.status == "confirm" and resolution.gemeente:
        buttons = [{"title": f"Ja, {resolution.gemeente}", "payload": f"gemeente {resolution.gemeente}"}]
        dispatcher.utter_message(response="text_handoff_place_confirm", gemeente=resolution.gemeente, buttons=buttons)
    else:
        dispatcher.utter_message(response="text_handoff_place_unknown")


def reset_handoff_slots() -> List[EventType]:
    return [SlotSet(slot, None) for slot in HANDOFF_SLOTS]


# The intents that domain.yml's form slot mappings exclude (not_intent), and deletion.
INTERRUPTING_INTENTS = frozenset({"crisis", "privacy", "bot_challenge", "delete_data"})


def _has_place_entity(tracker: Tracker) -> bool:
    return any(e.get("entity") in ("gemeente", "postcode") for e in tracker.latest_message.get("entities") or [])


def values_in_latest_message(tracker: Tracker) -> Dict[Text, Any]:
    """Slots that the latest message fills, whichever question it answers: a phone number or
    e-mail address (the method follows from it), an age said as an age, and a place named
    while another question was open (a correction, "nee, ik woon in Eindhoven", included)."""
    text = _latest_text(tracker)
    if (tracker.latest_message.get("intent") or {}).get("name") in INTERRUPTING_INTENTS:
        return {}
    requested = tracker.get_slot("requested_slot")
    reading = read_message(text)
    found: Dict[Text, Any] = {}
    if reading.contact_value:
        found["handoff_contact_method"] = reading.contact_method
        found["handoff_contact_value"] = reading.contact_value
    if reading.age is not None and requested != "handoff_age":
        found["handoff_age"] = str(reading.age)
    if requested != "handoff_place" and _has_place_entity(tracker):
        resolution = load_resolver().resolve(without_contact_details(text))
        if resolution.status == "found" and resolution.gemeente != tracker.get_slot("handoff_gemeente"):
            found["handoff_place"] = without_contact_details(text).strip()
    if found and requested == "handoff_consent":
        # Answering with where they live or how to reach them is a yes to the questions;
        # nothing is stored before the student confirms the summary.
        found["handoff_consent"] = True
    return found


class ValidateHandoffForm(FormValidationAction):
    def name(self) -> Text:
        return "validate_handoff_form"

    async def get_extraction_events(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        if (tracker.latest_message.get("intent") or {}).get("name") in INTERRUPTING_INTENTS:
            # Filling any slot now would keep the form going: Rasa lets the interrupting
            # rule (crisis, privacy, …) answer only when the form fills nothing.
            return []
        events = await super().get_extraction_events(dispatcher, tracker, domain)
        if tracker.get_slot("handoff_cancelled") or tracker.get_slot("handoff_consent") is False:
            return events
        return events + [SlotSet(slot, value) for slot, value in values_in_latest_message(tracker).items()]

    async def required_slots(
        self, domain_slots: List[Text], dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Text]:
        if tracker.get_slot("handoff_cancelled") or tracker.get_slot("handoff_consent") is False:
            return []
        slots = ["handoff_consent", "handoff_place", "handoff_age", "handoff_contact_method"]
        if tracker.get_slot("handoff_contact_method") in (CONTACT_PHONE, CONTACT_EMAIL):
            slots.append("handoff_contact_value")
        # No free-text message to the coach: students expect the summary right after the
        # contact details, and the less free text we store about minors, the better.
        return slots + ["handoff_confirmed"]

    # Earlier answers in the conversation fill the form, so the student is not asked twice.
    async def extract_handoff_place(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        if tracker.get_slot("handoff_place") or tracker.get_slot("requested_slot") == "handoff_place":
            return {}
        known = tracker.get_slot("postcode") or tracker.get_slot("gemeente")
        return {"handoff_place": known} if known else {}

    async def extract_handoff_age(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        if tracker.get_slot("handoff_age") or tracker.get_slot("requested_slot") == "handoff_age":
            return {}
        known = tracker.get_slot("leeftijd")
        return {"handoff_age": str(int(known))} if known else {}

    def validate_handoff_place(
        self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        if wants_to_stop(str(slot_value)):
            return _cancel()
        resolution = load_resolver().resolve(without_contact_details(str(slot_value)))
        if resolution.status == "found" and resolution.region is not None:
            dispatcher.utter_message(
                response="text_handoff_place_found", gemeente=resolution.gemeente,
                region_name=resolution.region.display_name,
            )
            return {
                "handoff_place": str(slot_value),
                "handoff_gemeente": resolution.gemeente,
                "handoff_region": resolution.region.code,
            }
        ask_place_again(dispatcher, resolution)
        return {"handoff_place": None}

    def validate_handoff_age(
        self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        if wants_to_stop(str(slot_value)):
            return _cancel()
        age = parse_age(str(slot_value))
        if age is None:
            dispatcher.utter_message(response="text_handoff_age_unknown")
            return {"handoff_age": None}
        route = route_for_age(age)
        if route is AgeRoute.GEMEENTE:
            dispatcher.utter_message(response="text_handoff_over_27")
            return {"handoff_age": str(age), **_cancel()}
        if route is AgeRoute.LEERPLICHT:
            dispatcher.utter_message(response="text_handoff_under_18")
        return {"handoff_age": str(age), "leeftijd": float(age)}

    def validate_handoff_contact_method(
        self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        if wants_to_stop(str(slot_value)):
            return _cancel()
        method = parse_contact_method(str(slot_value), telegram_allowed=on_telegram(tracker))
        if method is None:
            dispatcher.utter_message(response="text_handoff_contact_method_unknown")
            return {"handoff_contact_method": None}
        return {"handoff_contact_method": method}

    def validate_handoff_contact_value(
        self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        if wants_to_stop(str(slot_value)):
            return _cancel()
        try:
            value = normalise_contact(tracker.get_slot("handoff_contact_method"), str(slot_value))
        except ValueError as error:
            dispatcher.utter_message(text=str(error))
            return {"handoff_contact_value": None}
        return {"handoff_contact_value": value}

    def validate_handoff_confirmed(
        self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        if slot_value is False or wants_to_stop(_latest_text(tracker)):
            return {"handoff_confirmed": False, **_cancel()}
        return {"handoff_confirmed": True}


class ActionAskHandoffContactMethod(Action):
    def name(self) -> Text:
        return "action_ask_handoff_contact_method"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        buttons = [{"title": "Bel me", "payload": "Bel me"}, {"title": "Mail me", "payload": "Mail me"}]
        if on_telegram(tracker):
            buttons.append({"title": "Stuur een bericht hier", "payload": "Stuur een bericht in Telegram"})
        dispatcher.utter_message(response="text_ask_handoff_contact_method", buttons=buttons)
        return []


class ActionAskHandoffConfirmed(Action):
    def name(self) -> Text:
        return "action_ask_handoff_confirmed"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        region = load_directory().region(tracker.get_slot("handoff_region"))
        summary = summary_text(
            gemeente=tracker.get_slot("handoff_gemeente"),
            region=region,
            age=int(tracker.get_slot("handoff_age")),
            method=tracker.get_slot("handoff_contact_method"),
            value=tracker.get_slot("handoff_contact_value"),
        )
        buttons = [{"title": "Ja, stuur door", "payload": "/affirm"}, {"title": "Nee, niet doen", "payload": "/deny"}]
        dispatcher.utter_message(text=summary, buttons=buttons)
        return []


def _say_cancelled(dispatcher: CollectingDispatcher, region_code: Optional[str]) -> None:
    """Nothing was sent; where the region is known, its public contact details instead."""
    if region_code:
        region = load_directory().region(region_code)
        if region.has_contact_details:
            dispatcher.utter_message(
                response="text_handoff_cancelled_with_contact", region_contact=region_contact_lines(region)
            )
            return
    dispatcher.utter_message(response="text_handoff_cancelled")


class ActionFinishHandoff(Action):
    """Stores the confirmed handoff, or says that nothing was stored."""

    def name(self) -> Text:
        return "action_finish_handoff"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        if tracker.get_slot("handoff_consent") is False:
            dispatcher.utter_message(response="text_handoff_no_consent")
            return reset_handoff_slots()
        if tracker.get_slot("handoff_cancelled") or not tracker.get_slot("handoff_confirmed"):
            age = parse_age(tracker.get_slot("handoff_age"))
            if age is None or route_for_age(age) is not AgeRoute.GEMEENTE:
                _say_cancelled(dispatcher, tracker.get_slot("handoff_region"))
            return reset_handoff_slots()
        region = load_directory().region(tracker.get_slot("handoff_region"))
        targets = region.notify_targets + catch_all_targets(load_settings())
        method = tracker.get_slot("handoff_contact_method")
        try:
            with session_scope() as session:
                handoff = create_handoff(
                    session,
                    sender_id=tracker.sender_id,
                    channel="telegram" if on_telegram(tracker) else (tracker.get_latest_input_channel() or "web"),
                    region_code=region.code,
                    gemeente=tracker.get_slot("handoff_gemeente"),
                    age=int(tracker.get_slot("handoff_age")),
                    contact_method=method,
                    contact_value=tracker.get_slot("handoff_contact_value") if method != CONTACT_TELEGRAM else None,
                    message=None,
                    targets=targets,
                )
                reference = handoff.reference
        except NoNotifyTargets:
            logger.warning("No notification target for region %s; handoff not stored", region.code)
            dispatcher.utter_message(response="text_handoff_no_targets", region_contact=region_contact_lines(region))
            return reset_handoff_slots()
        dispatcher.utter_message(
            response="text_handoff_done", reference=reference, region_contact=region_contact_lines(region)
        )
        return reset_handoff_slots()


class ActionTellRegion(Action):
    """A place given outside the form: name the student's Doorstroompunt and offer a coach."""

    def name(self) -> Text:
        return "action_tell_region"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        resolution = load_resolver().resolve(_latest_text(tracker))
        if resolution.status == "found" and resolution.region is not None:
            dispatcher.utter_message(
                response="text_region_found",
                gemeente=resolution.gemeente,
                region_contact=region_contact_lines(resolution.region),
            )
            return [SlotSet("gemeente", resolution.gemeente)]
        ask_place_again(dispatcher, resolution)
        return []
