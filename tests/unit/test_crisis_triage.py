"""Crisis triage: the two signals decide the level, the words decide which answer fits."""

from __future__ import annotations

import pytest

from bot.nlu.triage import CrisisKind, CrisisLevel, Thresholds, crisis_kind, triage

THRESHOLDS = Thresholds(possible=0.3, clear=0.8)


def test_backstop_match_is_a_clear_crisis_whatever_the_model_says() -> None:
    decision = triage("ik wil dood", "RISK_PHRASE", 0.0, False, THRESHOLDS)
    assert decision is not None and decision.level is CrisisLevel.CLEAR


@pytest.mark.parametrize(
    ("probability", "classifier_first", "level"),
    [(0.95, False, CrisisLevel.CLEAR), (0.8, False, CrisisLevel.CLEAR), (0.5, False, CrisisLevel.POSSIBLE),
     (0.3, False, CrisisLevel.POSSIBLE), (0.1, True, CrisisLevel.POSSIBLE), (0.29, False, None)],
)
def test_model_probability_sets_the_level(probability: float, classifier_first: bool, level: CrisisLevel | None) -> None:
    decision = triage("iets", None, probability, classifier_first, THRESHOLDS)
    assert (decision.level if decision else None) is level


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("ik wil niet meer leven", CrisisKind.SELF),
        ("ik snij mezelf", CrisisKind.SELF),
        ("i want to end it all", CrisisKind.SELF),
        ("mijn vader slaat me", CrisisKind.HOME),
        ("mn stiefvader slaat me en ik wil niet meer leven", CrisisKind.SELF),
        ("ze hebben me eruit gegooid en ik slaap buiten", CrisisKind.HOME),
        ("de vriend van mijn moeder komt snachts mijn kamer in", CrisisKind.HOME),
        ("hij dreigt mijn naaktfoto's te verspreiden", CrisisKind.THREAT),
        ("ik moet trouwen met iemand die ik niet ken", CrisisKind.THREAT),
        ("er staat iemand met een mes voor de deur", CrisisKind.DANGER),
        ("mijn vriendin zegt dat ze pillen heeft genomen", CrisisKind.FRIEND),
        ("ik maak me zorgen om mijn zusje, ze snijdt zichzelf", CrisisKind.FRIEND),
        ("mijn vriend slaat me", CrisisKind.HOME),
        ("ik weet het niet meer", CrisisKind.SELF),
    ],
)
def test_kind_is_read_from_the_words(text: str, kind: CrisisKind) -> None:
    assert crisis_kind(text) is kind


def test_a_question_on_the_model_alone_gets_the_check_in_not_the_full_answer() -> None:
    question = triage("en als ik dat niet durf?", None, 0.9, False, THRESHOLDS)
    assert question is not None and question.level is CrisisLevel.POSSIBLE
    ruled = triage("wat heeft het nog voor zin?", "POINT_OF_GOING_ON", 0.9, False, THRESHOLDS)
    assert ruled is not None and ruled.level is CrisisLevel.CLEAR
