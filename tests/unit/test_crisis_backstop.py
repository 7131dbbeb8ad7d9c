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
    # situation rules (bot/nlu/crisis_situations.py): words of a situation in any order
    "ze hebben me uit huis gezet en ik slaap vannacht buiten",
    "mijn vader pakte me bij mn keel",
    "ze sluiten me op en ik krijg geen eten",
    "er staat iemand met een mes voor de deur",
    "mn vriendin zegt dat ze net een hele strip pillen heeft geslikt",
    "ik heb een touw gekocht",
    "ik bonk mijn hoofd tegen de muur als het te veel wordt",
    "de vriend van mijn moeder komt snachts mijn kamer in",
    "wat heeft het nog voor zin om door te gaan",
    "i just want to end it all",
    "hij dreigt mijn naaktfoto's te verspreiden als ik niet betaal",
    "mijn ouders willen dat ik trouw met mijn neef in marokko",
    "ik moet pakketjes wegbrengen voor die jongens anders slaan ze me",
    "over een maand ben ik er toch niet meer",
    "ik wil van het dak springen",
    "vanavond kan ik nergens terecht om te slapen",
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
    # everyday senses of the situation words
    "my laptop is dead",
    "ik ga dood van verveling",
    "ik stop met voetbal",
    "ik ben eruit gestuurd in de les",
    "ik ben eruit geschopt op school",
    "hij volgt me op insta",
    "i want to end it with my girlfriend",
    "i'm going to die of boredom",
    "hit me up later",
    "we snijden uien in de kookles met een mes",
    "volgende week ben ik er niet meer want ik verhuis",
    "mijn scheermes is bot",
    "we springen van de duikplank",
    "ik kan nergens terecht met mijn vragen over school",
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
