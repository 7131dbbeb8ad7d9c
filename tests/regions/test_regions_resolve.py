"""Place resolution on real student-style inputs, against the real region data."""

from __future__ import annotations

import time

import pytest

from bot.regions import PlaceResolver, RegionDirectory

# (input, gemeente, region code)
FOUND = [
    # postcodes, with and without letters and spaces
    ("5038", "Tilburg", "RMC 35"),
    ("5038 AB", "Tilburg", "RMC 35"),
    ("5038ab", "Tilburg", "RMC 35"),
    ("postcode 1012 AB", "Amsterdam", "RMC 21"),
    ("1012ab", "Amsterdam", "RMC 21"),
    ("9711", "Groningen", "RMC 3"),
    ("mijn postcode is 3511 AB", "Utrecht", "RMC 19"),
    ("3011 is mijn postcode", "Rotterdam", "RMC 29"),
    # gemeente names, case and punctuation
    ("tilburg", "Tilburg", "RMC 35"),
    ("TILBURG", "Tilburg", "RMC 35"),
    ("Breda.", "Breda", "RMC 34"),
    ("den bosch", "'s-Hertogenbosch", "RMC 36"),
    ("Den Bosch", "'s-Hertogenbosch", "RMC 36"),
    ("s-hertogenbosch", "'s-Hertogenbosch", "RMC 36"),
    ("'s-Hertogenbosch", "'s-Hertogenbosch", "RMC 36"),
    ("'s hertogenbosch", "'s-Hertogenbosch", "RMC 36"),
    ("denbosch", "'s-Hertogenbosch", "RMC 36"),
    ("den haag", "'s-Gravenhage", "RMC 28"),
    ("'s-gravenhage", "'s-Gravenhage", "RMC 28"),
    ("the hague", "'s-Gravenhage", "RMC 28"),
    ("sudwest fryslan", "Súdwest-Fryslân", "RMC 5"),
    ("Súdwest-Fryslân", "Súdwest-Fryslân", "RMC 5"),
    ("zuidwest friesland", "Súdwest-Fryslân", "RMC 5"),
    ("alphen a/d rijn", "Alphen aan den Rijn", "RMC 27"),
    ("capelle aan de ijssel", "Capelle aan den IJssel", "RMC 29"),
    ("bergen op zoom", "Bergen op Zoom", "RMC 34"),
    ("bergen nh", "Bergen (NH.)", "RMC 24"),
    ("bergen limburg", "Bergen (L.)", "RMC 38"),
    ("a'dam", "Amsterdam", "RMC 21"),
    ("dordt", "Dordrecht", "RMC 30"),
    # region changes recorded in the shared README
    ("alphen-chaam", "Alphen-Chaam", "RMC 35"),
    ("baarle nassau", "Baarle-Nassau", "RMC 35"),
    ("echt-susteren", "Echt-Susteren", "RMC 38"),
    ("uitgeest", "Uitgeest", "RMC 24"),
    # woonplaatsen and districts
    ("hoofddorp", "Haarlemmermeer", "RMC 21"),
    ("scheveningen", "'s-Gravenhage", "RMC 28"),
    ("zaandam", "Zaanstad", "RMC 21"),
    ("sittard", "Sittard-Geleen", "RMC 39"),
    ("emmeloord", "Noordoostpolder", "RMC 18"),
    ("hoogvliet", "Rotterdam", "RMC 29"),
    ("rosmalen", "'s-Hertogenbosch", "RMC 36"),
    ("weesp", "Amsterdam", "RMC 21"),
    # sentences
    ("ik woon in tilburg", "Tilburg", "RMC 35"),
    ("in de buurt van breda", "Breda", "RMC 34"),
    ("ik kom uit amsterdam zuidoost", "Amsterdam", "RMC 21"),
    ("ik woon in een dorp bij tilburg", "Tilburg", "RMC 35"),
    ("ik woon in best", "Best", "RMC 37"),
    ("laren, gemeente lochem", "Lochem", "RMC 11"),
    ("haren groningen", "Groningen", "RMC 3"),
    ("ik zit op het mbo in tilburgg", "Tilburg", "RMC 35"),
    # typos
    ("amsterdm", "Amsterdam", "RMC 21"),
    ("rotterdm", "Rotterdam", "RMC 29"),
    ("utreht", "Utrecht", "RMC 19"),
    ("eindhovn", "Eindhoven", "RMC 37"),
    ("groningn", "Groningen", "RMC 3"),
    ("tilbrug", "Tilburg", "RMC 35"),
    ("apeldorn", "Apeldoorn", "RMC 11"),
    ("leewarden", "Leeuwarden", "RMC 4"),
    ("maastrict", "Maastricht", "RMC 39"),
    ("nijmegan", "Nijmegen", "RMC 40"),
    ("hertogenbosh", "'s-Hertogenbosch", "RMC 36"),
    ("schevenigen", "'s-Gravenhage", "RMC 28"),
    # misspelt names that start with a shorter real name
    ("bergen op zom", "Bergen op Zoom", "RMC 34"),
    ("alphen aan de rjin", "Alphen aan den Rijn", "RMC 27"),
    ("capele aan den ijsel", "Capelle aan den IJssel", "RMC 29"),
    ("den boch", "'s-Hertogenbosch", "RMC 36"),
    ("hoek van holand", "Rotterdam", "RMC 29"),
    # everyday words that are places, with a cue; a nickname; a postcode that looks like a year
    ("in de buurt van dieren", "Rheden", "RMC 41"),
    ("mokum", "Amsterdam", "RMC 21"),
    ("2024", "Haarlem", "RMC 25"),
    ("postcode 2024", "Haarlem", "RMC 25"),
]

# (input, candidate gemeenten)
AMBIGUOUS = [
    ("laren", {"Laren", "Lochem"}),
    ("Beek", {"Beek", "Berg en Dal", "Montferland"}),
    ("bergen", {"Bergen (L.)", "Bergen (NH.)"}),
    ("hoorn", {"Hoorn", "Terschelling"}),
    ("noordwijk", {"Noordwijk", "Westerkwartier"}),
    ("nes", {"Ameland", "Heerenveen", "Noardeast-Fryslân"}),
    ("zevenhuizen", {"Westerkwartier", "Zuidplas"}),
    ("heusden", {"Heusden", "Asten"}),
    ("hengelo", {"Hengelo", "Bronckhorst"}),
    ("valkenburg", {"Katwijk", "Valkenburg aan de Geul"}),
    ("ik woon in laren", {"Laren", "Lochem"}),
]

# (input, gemeente, region code): the bot asks "klopt dat?"
CONFIRM = [
    ("1902", "Castricum", "RMC 24"),
    ("9299", "Achtkarspelen", "RMC 6"),
    ("5157 AB", "Altena", "RMC 34"),
    ("zwole", "Zwolle", "RMC 10"),
    ("ik woon in de wijk", "De Wolden", "RMC 9"),
]

UNKNOWN = [
    "school",
    "xyz",
    "",
    "   ",
    "🙂",
    "ja",
    "hallo",
    "twijfel",
    "ik wil stoppen met mijn opleiding",
    "ik wil echt stoppen",
    "ruzie met de buren",
    "ik woon in heel nederland",
    "zeeland",
    "1099",
    "hellow",
    "amerika",
    "ben je echt",
    "ik hou van dieren",
    "rutte regeling vavo",
    "ik ben in 2024 gestopt",
    "waar kan ik vavo doen",
    "ik weet het echt niet meer, school is zwaar en mijn mentor helpt niet. " * 40,
]

ALL_INPUTS = [case[0] for case in FOUND + AMBIGUOUS + CONFIRM] + UNKNOWN


@pytest.mark.parametrize(("text", "gemeente", "region_code"), FOUND)
def test_found(resolver: PlaceResolver, text: str, gemeente: str, region_code: str) -> None:
    result = resolver.resolve(text)
    assert (result.status, result.gemeente) == ("found", gemeente)
    assert result.region is not None and result.region.code == region_code
    assert result.matched in {"postcode", "gemeente", "woonplaats", "fuzzy"}


@pytest.mark.parametrize(("text", "candidates"), AMBIGUOUS)
def test_ambiguous(resolver: PlaceResolver, text: str, candidates: set[str]) -> None:
    result = resolver.resolve(text)
    assert result.status == "ambiguous"
    assert result.gemeente is None
    assert set(result.candidates) == candidates


@pytest.mark.parametrize(("text", "gemeente", "region_code"), CONFIRM)
def test_confirm(resolver: PlaceResolver, text: str, gemeente: str, region_code: str) -> None:
    result = resolver.resolve(text)
    assert (result.status, result.gemeente) == ("confirm", gemeente)
    assert result.region is not None and result.region.code == region_code


@pytest.mark.parametrize("text", UNKNOWN)
def test_unknown(resolver: PlaceResolver, text: str) -> None:
    result = resolver.resolve(text)
    assert result.status == "unknown"
    assert result.gemeente is None and result.region is None and result.candidates == ()


def test_what_matched_is_reported(resolver: PlaceResolver) -> None:
    assert resolver.resolve("5038 AB").matched == "postcode"
    assert resolver.resolve("5038 AB").text == "5038"  # the letters are not kept
    assert resolver.resolve("den haag").matched == "gemeente"
    assert resolver.resolve("hoofddorp").matched == "woonplaats"
    fuzzy = resolver.resolve("amsterdm")
    assert fuzzy.matched == "fuzzy" and fuzzy.score is not None and 85 <= fuzzy.score < 100
    assert resolver.resolve("1099").matched == "postcode"


def test_gemeente_names_come_first_among_candidates(resolver: PlaceResolver) -> None:
    assert resolver.resolve("heusden").candidates[0] == "Heusden"


def test_ambiguous_names_in_one_region_still_give_the_region(resolver: PlaceResolver) -> None:
    result = resolver.resolve("purmer")  # Edam-Volendam and Waterland, both Agglomeratie Amsterdam
    assert result.status == "ambiguous"
    assert result.region is not None and result.region.code == "RMC 21"


def test_postcode_goes_before_names(resolver: PlaceResolver) -> None:
    assert resolver.resolve("5038 amsterdam").gemeente == "Tilburg"


def test_resolution_is_fast(resolver: PlaceResolver) -> None:
    started = time.perf_counter()
    for text in ALL_INPUTS:
        resolver.resolve(text)
    mean_ms = (time.perf_counter() - started) * 1000 / len(ALL_INPUTS)
    assert mean_ms < 5


def test_there_are_at_least_60_real_inputs() -> None:
    assert len(ALL_INPUTS) >= 60


@pytest.mark.parametrize("text", [case[0] for case in AMBIGUOUS])
def test_each_choice_resolves_to_its_candidate(resolver: PlaceResolver, text: str) -> None:
    result = resolver.resolve(text)
    assert len(result.choices) == len(result.candidates)
    for choice, candidate in zip(result.choices, result.candidates):
        assert resolver.resolve(choice).gemeente == candidate  # button payloads do not loop


def test_gemeente_prefix_names_the_gemeente_itself(directory: RegionDirectory, resolver: PlaceResolver) -> None:
    wrong = [
        gemeente.name
        for gemeente in directory.gemeenten()
        if resolver.resolve(f"gemeente {gemeente.name}").gemeente != gemeente.name
    ]
    assert wrong == []
