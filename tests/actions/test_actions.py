"""Every custom action, run with rasa-sdk's CollectingDispatcher: exact events and responses."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import ActionExecuted, AllSlotsReset, Restarted, SessionStarted, SlotSet, UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import func, select

from actions.fallback import ActionDefaultAskAffirmation, ActionDefaultAskRephrase, ActionDefaultFallback
from actions.feedback import ActionAskFeedback
from actions.handoff import (
    HANDOFF_SLOTS,
    ActionAskHandoffConfirmed,
    ActionAskHandoffContactMethod,
    ActionFinishHandoff,
    ActionTellRegion,
    ValidateHandoffForm,
)
from actions.privacy import ActionDeleteData
from actions.restart import ActionRestart
from actions.session import ActionSessionStart
from actions.slots import ValidateSlotMappings
from bot.handoffs.models import Handoff, Notification
from bot.storage import runtime
from bot.telegram.chats import ChatDirectory

DOMAIN: dict[str, Any] = {"slots": {slot: {} for slot in HANDOFF_SLOTS}, "responses": {}}


def tracker(text: str = "", slots: dict[str, Any] | None = None, sender: str = "student-1", **latest: Any) -> Tracker:
    latest_message = {"text": text, "intent": latest.pop("intent", {"name": "x", "confidence": 1.0}), **latest}
    return Tracker(sender, slots or {}, latest_message, [], False, None, None, "action_listen")


def responses(dispatcher: CollectingDispatcher) -> list[str | None]:
    return [message.get("response") for message in dispatcher.messages]


async def run(action: Any, track: Tracker) -> tuple[list[Any], CollectingDispatcher]:
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, track, DOMAIN)
    return events, dispatcher


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'actions.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("NOTIFY_WEBHOOK_URL", "http://127.0.0.1:9/hook")
    return url


async def test_session_start_says_it_is_a_bot() -> None:
    events, dispatcher = await run(ActionSessionStart(), tracker())
    assert events == [SessionStarted(), ActionExecuted("action_listen")]
    assert responses(dispatcher) == ["text_intro"]


async def test_age_is_normalised_and_grouped() -> None:
    dispatcher = CollectingDispatcher()
    result = ValidateSlotMappings().validate_leeftijd("zeventien", dispatcher, tracker(), {})
    assert result == {"leeftijd": 17.0, "age_group": "16_17"}
    previous = Tracker("s", {}, {}, [{"event": "slot", "name": "leeftijd", "value": 19.0},
                                     {"event": "slot", "name": "leeftijd", "value": "niveau 4"}], False, None, None, None)
    assert ValidateSlotMappings().validate_leeftijd("niveau 4", dispatcher, previous, {}) == {"leeftijd": 19.0}


async def test_fallback_offers_the_two_likeliest_topics_something_else_and_a_person() -> None:
    ranking = [
        {"name": "nlu_fallback", "confidence": 0.3}, {"name": "bbl_info", "confidence": 0.3},
        {"name": "affirm", "confidence": 0.2}, {"name": "bbl_switch", "confidence": 0.1}, {"name": "greet", "confidence": 0.05},
    ]
    events, dispatcher = await run(ActionDefaultAskAffirmation(), tracker("bbl ofzo", intent_ranking=ranking))
    assert events == []
    (message,) = dispatcher.messages
    assert message["response"] == "text_ask_affirmation"
    assert [(b["title"], b["payload"]) for b in message["buttons"]] == [
        ("Wat is de bbl?", "/bbl_info"), ("Overstappen naar de bbl", "/bbl_switch"),
        ("Iets anders", "/out_of_scope"), ("Praten met iemand", "/request_human"),
    ]


async def test_rephrase_and_give_up() -> None:
    events, dispatcher = await run(ActionDefaultAskRephrase(), tracker())
    assert (events, responses(dispatcher)) == ([], ["text_ask_rephrase"])
    events, dispatcher = await run(ActionDefaultFallback(), tracker())
    assert (events, responses(dispatcher)) == ([UserUtteranceReverted()], ["text_default"])


async def test_restart() -> None:
    events, dispatcher = await run(ActionRestart(), tracker())
    assert (events, responses(dispatcher)) == ([Restarted()], ["text_restart"])


async def test_feedback_is_asked_once_per_session() -> None:
    events, dispatcher = await run(ActionAskFeedback(), tracker())
    assert (events, responses(dispatcher)) == ([SlotSet("feedback_asked", True)], ["text_ask_feedback"])
    events, dispatcher = await run(ActionAskFeedback(), tracker(slots={"feedback_asked": True}))
    assert (events, dispatcher.messages) == ([], [])


FILLED = {
    "handoff_consent": True, "handoff_place": "tilburg", "handoff_gemeente": "Tilburg", "handoff_region": "RMC 35",
    "handoff_age": "19", "handoff_contact_method": "phone", "handoff_contact_value": "+31612345678",
    "handoff_confirmed": True, "handoff_cancelled": None,
}
RESET = [SlotSet(slot, None) for slot in HANDOFF_SLOTS]


async def test_confirmed_handoff_is_stored_with_a_notification(database: str) -> None:
    events, dispatcher = await run(ActionFinishHandoff(), tracker(slots=FILLED))
    assert events == RESET
    (message,) = dispatcher.messages
    assert message["response"] == "text_handoff_done" and message["reference"].startswith("SW-")
    with runtime.session_scope() as session:
        handoff = session.execute(select(Handoff)).scalar_one()
        assert (handoff.region_code, handoff.age, handoff.contact_value, handoff.message) == ("RMC 35", 19, "+31612345678", None)
        assert session.execute(select(func.count()).select_from(Notification)).scalar_one() == 1


@pytest.mark.parametrize(
    ("slots", "expected"),
    [
        ({"handoff_consent": False}, ["text_handoff_no_consent"]),
        # the region is known: its public contact details instead of the handoff
        ({**FILLED, "handoff_cancelled": True}, ["text_handoff_cancelled_with_contact"]),
        ({**FILLED, "handoff_confirmed": False}, ["text_handoff_cancelled_with_contact"]),
        ({**FILLED, "handoff_region": None, "handoff_cancelled": True}, ["text_handoff_cancelled"]),
        ({**FILLED, "handoff_age": "30", "handoff_cancelled": True}, []),  # over 27: already explained
    ],
)
async def test_nothing_is_stored_without_confirmation(database: str, slots: dict[str, Any], expected: list[str]) -> None:
    events, dispatcher = await run(ActionFinishHandoff(), tracker(slots=slots))
    assert events == RESET and responses(dispatcher) == expected
    with runtime.session_scope() as session:
        assert session.execute(select(func.count()).select_from(Handoff)).scalar_one() == 0


async def test_no_targets_means_nothing_stored_and_the_public_contacts(database: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NOTIFY_WEBHOOK_URL")
    events, dispatcher = await run(ActionFinishHandoff(), tracker(slots=FILLED))
    assert events == RESET
    assert responses(dispatcher) == ["text_handoff_no_targets"]
    assert "Doorstroompunt" in dispatcher.messages[0]["region_contact"] or "gemeente" in dispatcher.messages[0]["region_contact"]


async def test_delete_data_erases_handoffs_and_marks_the_conversation(database: str) -> None:
    await run(ActionFinishHandoff(), tracker(slots=FILLED, sender="student-2"))
    events, dispatcher = await run(ActionDeleteData(), tracker(sender="student-2"))
    assert events == [SlotSet("erase_conversation", True), AllSlotsReset()]
    assert [message.get("custom") for message in dispatcher.messages] == [{"stapwijzer": "data_deleted"}]
    with runtime.session_scope() as session:
        assert session.execute(select(func.count()).select_from(Handoff)).scalar_one() == 0
        assert session.execute(select(func.count()).select_from(Notification)).scalar_one() == 0


TELEGRAM_SENDER = "tg-0123456789abcdef0123456789abcdef"


@pytest.fixture
def telegram_student(database: str) -> str:
    """A sender the Telegram gateway has seen: only the gateway writes the chat directory."""
    ChatDirectory(runtime.engine()).remember(TELEGRAM_SENDER, 4242)
    return TELEGRAM_SENDER


async def test_contact_method_buttons_depend_on_the_channel(telegram_student: str) -> None:
    _, web = await run(ActionAskHandoffContactMethod(), tracker())
    _, telegram = await run(ActionAskHandoffContactMethod(), tracker(sender=telegram_student))
    assert [b["payload"] for b in web.messages[0]["buttons"]] == ["Bel me", "Mail me"]
    assert len(telegram.messages[0]["buttons"]) == 3


async def test_a_forged_telegram_channel_gets_no_telegram_option(database: str) -> None:
    # Anyone can post this to the REST channel; the gateway never saw this chat.
    forged = tracker(sender="tg-ffffffffffffffffffffffffffffffff", metadata={"channel": "telegram"})
    _, dispatcher = await run(ActionAskHandoffContactMethod(), forged)
    assert [b["payload"] for b in dispatcher.messages[0]["buttons"]] == ["Bel me", "Mail me"]


async def test_summary_shows_what_will_be_sent() -> None:
    _, dispatcher = await run(ActionAskHandoffConfirmed(), tracker(slots=FILLED))
    text = dispatcher.messages[0]["text"]
    assert "Tilburg" in text and "19" in text and "+31612345678" in text and "Klopt dit?" in text
    assert [b["payload"] for b in dispatcher.messages[0]["buttons"]] == ["/affirm", "/deny"]


@pytest.mark.parametrize(
    ("text", "response", "event"),
    [
        ("ik woon in tilburg", "text_region_found", [SlotSet("gemeente", "Tilburg")]),
        ("laren", "text_handoff_place_ambiguous", []),
        ("zwole", "text_handoff_place_confirm", []),
        ("qqqq", "text_handoff_place_unknown", []),
    ],
)
async def test_tell_region(text: str, response: str, event: list[Any]) -> None:
    events, dispatcher = await run(ActionTellRegion(), tracker(text))
    assert events == event and responses(dispatcher) == [response]


class TestHandoffFormValidation:
    form = ValidateHandoffForm()

    def validate(self, slot: str, value: Any, slots: dict[str, Any] | None = None, **latest: Any) -> tuple[dict, CollectingDispatcher]:
        dispatcher = CollectingDispatcher()
        method = getattr(self.form, f"validate_{slot}")
        sender = latest.pop("sender", "student-1")
        return method(value, dispatcher, tracker(str(value), slots, sender, **latest), DOMAIN), dispatcher

    def test_place(self) -> None:
        result, _ = self.validate("handoff_place", "5038")
        assert result == {"handoff_place": "5038", "handoff_gemeente": "Tilburg", "handoff_region": "RMC 35"}
        result, dispatcher = self.validate("handoff_place", "xyzzy")
        assert result == {"handoff_place": None} and responses(dispatcher) == ["text_handoff_place_unknown"]
        result, _ = self.validate("handoff_place", "laat maar")
        assert result == {"handoff_cancelled": True}

    def test_age_routes(self) -> None:
        assert self.validate("handoff_age", "19")[0] == {"handoff_age": "19", "leeftijd": 19.0}
        result, dispatcher = self.validate("handoff_age", "16")
        assert result == {"handoff_age": "16", "leeftijd": 16.0} and responses(dispatcher) == ["text_handoff_under_18"]
        result, dispatcher = self.validate("handoff_age", "27")
        assert result == {"handoff_age": "27", "handoff_cancelled": True} and responses(dispatcher) == ["text_handoff_over_27"]
        result, dispatcher = self.validate("handoff_age", "oud")
        assert result == {"handoff_age": None} and responses(dispatcher) == ["text_handoff_age_unknown"]

    def test_contact(self, telegram_student: str) -> None:
        assert self.validate("handoff_contact_method", "bel me maar")[0] == {"handoff_contact_method": "phone"}
        assert self.validate("handoff_contact_method", "via telegram")[0] == {"handoff_contact_method": None}
        assert self.validate("handoff_contact_method", "hier in telegram", sender=telegram_student)[0] == {
            "handoff_contact_method": "telegram"
        }
        assert self.validate("handoff_contact_value", "06-12345678", {"handoff_contact_method": "phone"})[0] == {
            "handoff_contact_value": "+31612345678"
        }
        result, dispatcher = self.validate("handoff_contact_value", "12345", {"handoff_contact_method": "phone"})
        assert result == {"handoff_contact_value": None} and dispatcher.messages[0]["text"]

    def test_confirmation(self) -> None:
        assert self.validate("handoff_confirmed", True)[0] == {"handoff_confirmed": True}
        assert self.validate("handoff_confirmed", False)[0] == {"handoff_confirmed": False, "handoff_cancelled": True}

    async def test_required_slots(self) -> None:
        dispatcher = CollectingDispatcher()
        base = ["handoff_consent", "handoff_place", "handoff_age", "handoff_contact_method"]
        tail = ["handoff_confirmed"]
        assert await self.form.required_slots([], dispatcher, tracker(), DOMAIN) == base + tail
        phone = tracker(slots={"handoff_contact_method": "phone"})
        assert await self.form.required_slots([], dispatcher, phone, DOMAIN) == base + ["handoff_contact_value"] + tail
        for stop in ({"handoff_cancelled": True}, {"handoff_consent": False}):
            assert await self.form.required_slots([], dispatcher, tracker(slots=stop), DOMAIN) == []
