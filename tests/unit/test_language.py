"""Language identification: English gets the English answer, Dutch with English words stays Dutch."""

import pytest

from bot.nlu.language import detect_language

ENGLISH = [
    "hello can you help me",
    "i want to quit school",
    "do you speak english?",
    "I need help with school",
    "can i talk to a person",
    "where can i find help",
    "school sucks i wanna quit",
]
DUTCH = [
    "hoi",
    "ik wil stoppen met school",
    "sorry bro ik snap het niet",
    "thx",
    "ok",
    "ik wil dood fr",
    "school is kut",
    "yo wat is bbl",
    "bbl bol mbo",
    "stufi stopt dan?",
    "ben je een robot",
    "is er iemand die engels spreekt",
    "",
]


@pytest.mark.parametrize("text", ENGLISH)
def test_english_is_detected(text: str) -> None:
    assert detect_language(text).iso_code == "en"


@pytest.mark.parametrize("text", DUTCH)
def test_dutch_and_mixed_chat_stays_dutch(text: str) -> None:
    assert detect_language(text).is_dutch


def test_other_languages_are_named() -> None:
    assert detect_language("Ich möchte die Schule abbrechen").iso_code == "de"
    assert detect_language("je veux arrêter l'école").iso_code == "fr"
