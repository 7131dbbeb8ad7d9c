"""The deterministic crisis backstop: high-risk phrasings match, everyday school talk does not."""

import pytest

from bot.nlu.crisis import shared_crisis_matcher

CRISIS = [
    "ik wil dood",
    "ik wil er niet meer zijn",
    "ik wil niet meer leven",
    "soms wil ik gewoon niet meer wakker worden",
    "iedereen is beter af zonder mij",
    "ik denk aan zelfmoord",
    "ik heb zelfmoordgedachten",
    "ik denk aan zelfmoort",
    "ik wil er een einde aan maken",
    "ik wil mezelf iets aandoen",
    "ik snij mezelf als ik stress heb",
    "ik heb mezelf gesneden",
    "ik wil mezelf snijden",
    "ik heb me gisteravond gesneden",
    "ik heb mezelf vandaag pijn gedaan",
    "i dont want to live anymore",
    "i wanna die honestly",
    "er een eind aan maken lijkt me het beste",
    "ik word gechanteerd met naaktfoto's",
    "ik kras mezelf",
    "mijn vader slaat me",
    "mn stiefvader sloeg mij gisteren weer",
    "mijn moeder schopt me als ze boos is",
    "ik word thuis geslagen",
    "ik ben misbruikt door mijn oom",
    "ik ben aangerand",
    "thuis is het niet veilig",
    "ik voel me niet veilig thuis",
    "ik ben bang voor mijn vader",
    "ik ben in gevaar",
    "ik zie het allemaal niet meer zitten",
    "ik zie het echt niet meer zitten.",
    "IK WIL DOOD",
    "ik wil doooood",
    "i want to die",
    "ik wil dood fr",
    "Ik heb suïcidale gedachten",
    "het leven heeft geen zin meer",
    "hij bedreigt me en ik weet niet wat ik moet doen",
]

NOT_CRISIS = [
    "ik wil stoppen met roken",
    "ik wil stoppen met school",
    "ik zie het niet zitten om naar school te gaan",
    "ik zie het niet meer zitten met mijn opleiding",
    "ik zie het niet meer zitten op stage",
    "ik ben doodmoe van school",
    "dit vak is dood saai",
    "ik lach me dood",
    "mijn telefoon is dood",
    "dat slaat nergens op",
    "ik heb veel stress thuis",
    "mijn ouders hebben schulden",
    "ik kap ermee",
    "school is kut",
    "ik wil niet meer naar school",
    "ik ben 17 en wil werken",
    "",
    "   ",
    "🙂🙂",
    "<script>alert(1)</script>",
]


@pytest.mark.parametrize("text", CRISIS)
def test_high_risk_phrasings_are_crisis(text: str) -> None:
    assert shared_crisis_matcher().is_crisis(text), text


@pytest.mark.parametrize("text", NOT_CRISIS)
def test_school_talk_is_not_crisis(text: str) -> None:
    assert shared_crisis_matcher().find(text) is None, text


def test_huge_input_is_handled() -> None:
    assert not shared_crisis_matcher().is_crisis("school " * 100_000)
    assert shared_crisis_matcher().is_crisis("ik wil dood " + "x" * 100_000)
