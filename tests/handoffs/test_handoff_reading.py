"""The form keeps what students type, whichever question it answers."""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk import Tracker

from actions.handoff import values_in_latest_message
from bot.handoffs.reading import read_message, without_contact_details


@pytest.mark.parametrize(
    ("text", "method", "value"),
    [
        ("06 12345678", "phone", "+31612345678"),
        ("0612121212", "phone", "+31612121212"),
        ("06-24681357", "phone", "+31624681357"),
        ("+31 6 12345678", "phone", "+31612345678"),
        ("0031 6 1234 5678", "phone", "+31612345678"),
        ("bel me maar op 06 1234 5678", "phone", "+31612345678"),
        ("jayden@example.nl", "email", "jayden@example.nl"),
        ("mail maar naar Noortje2007@Example.NL.", "email", "Noortje2007@example.nl"),
        ("mail graag", None, None),
        ("06123", None, None),
        ("postcode 5038", None, None),
    ],
)
def test_contact_details_are_found_anywhere(text: str, method: str | None, value: str | None) -> None:
    reading = read_message(text)
    assert (reading.contact_method, reading.contact_value) == (method, value)


@pytest.mark.parametrize(
    ("text", "age"),
    [("ik woon in zwolle en ben 17", 17), ("19 jaar", 19), ("ik ben bijna 18", 18), ("5038", None), ("niveau 4", None)],
)
def test_an_age_counts_only_when_said_as_an_age(text: str, age: int | None) -> None:
    assert read_message(text).age == age


def test_a_phone_number_is_never_read_as_a_postcode() -> None:
    assert "1234" not in without_contact_details("mijn nummer is 06 1234 5678")


def _tracker(text: str, requested: str, entities: list[dict[str, Any]] | None = None, intent: str = "x",
             **slots: Any) -> Tracker:
    latest = {"text": text, "intent": {"name": intent, "confidence": 1.0}, "entities": entities or []}
    return Tracker("student-1", {"requested_slot": requested, **slots}, latest, [], False, None,
                   {"name": "handoff_form"}, "action_listen")


def test_number_typed_at_the_method_question_sets_method_and_value() -> None:
    found = values_in_latest_message(_tracker("06 12345678", "handoff_contact_method"))
    assert found == {"handoff_contact_method": "phone", "handoff_contact_value": "+31612345678"}


def test_place_at_the_consent_question_is_kept_and_counts_as_yes() -> None:
    found = values_in_latest_message(
        _tracker("ik woon in tilburg en ben 17", "handoff_consent", [{"entity": "gemeente", "value": "tilburg"}])
    )
    assert found == {"handoff_age": "17", "handoff_place": "ik woon in tilburg en ben 17", "handoff_consent": True}


def test_a_later_place_corrects_the_earlier_one() -> None:
    found = values_in_latest_message(
        _tracker("nee, ik woon in eindhoven", "handoff_contact_method", [{"entity": "gemeente", "value": "eindhoven"}],
                 handoff_gemeente="Tilburg")
    )
    assert found == {"handoff_place": "nee, ik woon in eindhoven"}


def test_a_crisis_message_fills_nothing_so_the_crisis_rule_answers() -> None:
    # "20" would otherwise be read as an age and keep the form going (docs/crisis.md)
    assert values_in_latest_message(_tracker("ik ben 20 en heb net pillen genomen", "handoff_place", intent="crisis")) == {}
