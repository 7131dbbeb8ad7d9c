"""The generated NLU files: up to date, valid Rasa YAML, and only safe synonyms."""

from __future__ import annotations

import re

import pytest
import yaml

from bot.regions.directory import RegionDirectory
from bot.regions.names import normalise
from bot.regions.nlu import LOOKUPS_YML, NLU_DIR, POSTCODE_REGEX, SYNONYMS_YML, render_nlu_files
from bot.regions.vocabulary import NEAR_PLACE_WORDS_TXT, load_vocabulary
from bot.regions.words import place_keys_fingerprint, read_fingerprint

HEADER = "# generated from data/regions by python -m bot regions build-nlu; do not edit"


def _examples(block: str) -> list[str]:
    return [line[2:] for line in block.splitlines() if line.startswith("- ")]


@pytest.fixture(scope="module")
def nlu_files(directory: RegionDirectory) -> dict[str, str]:
    return render_nlu_files(directory, load_vocabulary(directory))


def test_committed_files_are_up_to_date(nlu_files: dict[str, str]) -> None:
    for name, content in nlu_files.items():
        assert (NLU_DIR / name).read_text(encoding="utf-8") == content, f"run python -m bot regions build-nlu ({name})"


def test_near_place_words_are_up_to_date(directory: RegionDirectory) -> None:
    vocabulary = load_vocabulary(directory)
    fingerprint = read_fingerprint(directory.data_dir / NEAR_PLACE_WORDS_TXT)
    assert fingerprint == place_keys_fingerprint(vocabulary.entries), "run python -m bot regions build-words"


def test_lookup_has_names_and_variants_but_no_everyday_words(nlu_files: dict[str, str]) -> None:
    text = nlu_files[LOOKUPS_YML]
    assert text.startswith(HEADER)
    document = yaml.safe_load(text)
    assert document["version"] == "3.1"
    (lookup,) = [item for item in document["nlu"] if item.get("lookup") == "gemeente"]
    entries = _examples(lookup["examples"])
    assert len(entries) == len(set(entries))
    assert all(entry == entry.lower() for entry in entries)
    for expected in ("tilburg", "den bosch", "den haag", "s-hertogenbosch", "hoofddorp", "scheveningen", "bergen"):
        assert expected in entries
    for everyday_word in ("echt", "best", "een", "heel", "buren", "winkel"):
        assert everyday_word not in entries
    assert all(re.match(r"^\w.*\w$|^\w$", entry) for entry in entries)  # Rasa wraps them in \b


@pytest.mark.parametrize("text", ["5038", "5038 AB", "1012ab", "postcode 3511 AB"])
def test_postcode_regex_matches_postcodes(text: str) -> None:
    assert re.search(POSTCODE_REGEX, text, re.IGNORECASE)


@pytest.mark.parametrize(("text", "match"), [("0123", None), ("123", None), ("5038 is het", "5038")])
def test_postcode_regex_leaves_out_non_postcodes(text: str, match: str | None) -> None:
    found = re.search(POSTCODE_REGEX, text, re.IGNORECASE)
    assert (found.group(0) if found else None) == match


def test_synonyms_are_spelling_variants_of_one_gemeente(directory: RegionDirectory, nlu_files: dict[str, str]) -> None:
    text = nlu_files[SYNONYMS_YML]
    assert text.startswith(HEADER)
    document = yaml.safe_load(text)
    assert document["version"] == "3.1"
    mapping: dict[str, str] = {}
    for item in document["nlu"]:
        assert directory.gemeente(item["synonym"]).name == item["synonym"]  # type: ignore[union-attr]
        for example in _examples(item["examples"]):
            assert example not in mapping, f"{example!r} maps to two gemeenten"
            mapping[example] = item["synonym"]
    assert mapping["den bosch"] == mapping["s-hertogenbosch"] == mapping["'s hertogenbosch"] == "'s-Hertogenbosch"
    assert mapping["den haag"] == "'s-Gravenhage"
    assert len(mapping) >= 40
    places = {normalise(place) for place in directory.woonplaatsen()} - {"den haag"}
    assert not [example for example in mapping if normalise(example) in places], "a woonplaats is not a synonym"
    assert "bergen" not in mapping and "beek" not in mapping  # ambiguous names stay out


def test_rasa_reads_both_files() -> None:
    from rasa.shared.nlu.training_data.loading import load_data

    lookups = load_data(str(NLU_DIR / LOOKUPS_YML))
    synonyms = load_data(str(NLU_DIR / SYNONYMS_YML))
    assert [table["name"] for table in lookups.lookup_tables] == ["gemeente"]
    assert [regex["name"] for regex in lookups.regex_features] == ["postcode"]
    assert synonyms.entity_synonyms["den bosch"] == "'s-Hertogenbosch"
