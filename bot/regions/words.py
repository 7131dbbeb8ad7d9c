"""Generate near-place-words.txt: Dutch words that a typo-tolerant match would read as a place.

"school" is one typo away from "schoorl" and "twijfel" from "twijzel", so without this list
the resolver would send a student who types "school" to Bergen (NH.). The list is built from the
Dutch lemma tables of spacy-lookups-data (already a dependency of the NLU pipeline) with the
same similarity rules as the resolver, so it only has to be rebuilt when the place data or the
fuzzy thresholds change. `python -m bot regions check` says when that is the case.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein

from bot.regions.names import compact, normalise

# The resolver's fuzzy rules; resolve.py imports them from here so both stay in step.
# Damerau-Levenshtein counts a swapped, missing, extra or wrong letter as one typo, which is how
# people mistype; similarity = 1 - typos / length of the longer string.
FUZZY_SCORER = DamerauLevenshtein.normalized_similarity
FUZZY_MIN_LENGTH = 5  # letters; shorter input is never matched by similarity
FUZZY_CONFIRM_SCORE = 0.75  # from here the bot asks "bedoel je ...?" (2 typos in 8 letters)
FUZZY_FOUND_SCORE = 0.85  # from here a unique match counts as found (1 typo in 7+ letters)

_LEMMA_TABLES = ("nl_lemma_lookup.json.gz", "nl_lemma_index.json.gz", "nl_lemma_exc.json.gz")

# Chat words of our students that the lexicon may lack; harmless when no place is near.
CHAT_WORDS = (
    "stufi", "slber", "slb", "doorstroompunt", "doorstroomcoach", "leerplicht", "dienjaar", "bbl",
    "bol", "havo", "vmbo", "vavo", "mbo", "hbo", "leerbedrijf", "stageplek", "opleiding", "school",
    "schooltje", "mentor", "decaan", "coach", "hallo", "hoii", "heyy", "doei", "bedankt", "dankjewel",
    "thanks", "sorry", "misschien", "twijfel", "twijfels", "stoppen", "gestopt", "werken", "baantje",
    "schulden", "studie", "geen idee", "weet niet", "weetniet", "geenidee", "whatever", "sowieso",
    # greetings and their usual misspellings ("hellow" is one typo from Hellouw)
    "hello", "hellow", "helloo", "hallo", "halloo", "hallootjes", "hoihoi", "hoooi", "goedemorgen",
    "goedemiddag", "goedenavond", "heyyy", "hejjj", "doeii", "daaag", "thanx", "thnx", "dankuwel",
    # countries students come from or mention ("amerika" is one typo from America, Horst a/d Maas)
    "amerika", "america", "engeland", "duitsland", "belgie", "frankrijk", "spanje", "turkije",
    "marokko", "suriname", "curacao", "aruba", "polen", "roemenie", "bulgarije", "syrie", "eritrea",
    "afghanistan", "oekraine", "somalie", "indonesie", "nederland",
)


def place_keys_fingerprint(keys: Iterable[str]) -> str:
    """Short hash of the place keys and thresholds, to tell whether the list is stale."""
    digest = hashlib.sha256()
    digest.update(f"{FUZZY_MIN_LENGTH}|{FUZZY_CONFIRM_SCORE}\n".encode())
    for key in sorted(set(keys)):
        digest.update(key.encode() + b"\n")
    return digest.hexdigest()[:16]


def read_fingerprint(path: Path) -> str | None:
    try:
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("# places: "):
                    return line.split(":", 1)[1].strip()
                if not line.startswith("#"):
                    break
    except OSError:
        return None
    return None


def dutch_lexicon() -> set[str]:
    """All Dutch word forms and lemmas in spacy-lookups-data, normalised like place keys."""
    data = resources.files("spacy_lookups_data") / "data"
    words: set[str] = set()
    for table_name in _LEMMA_TABLES:
        with gzip.open(str(data / table_name), "rt", encoding="utf-8") as handle:
            table = json.load(handle)
        words |= _strings(table)
    return {normalise(word) for word in words} - {""}


def _strings(table: object) -> set[str]:
    if isinstance(table, str):
        return {table}
    if isinstance(table, dict):
        found = set(table)
        for value in table.values():
            found |= _strings(value)
        return found
    if isinstance(table, list):
        return set().union(*(_strings(item) for item in table)) if table else set()
    return set()


def near_place_words(place_keys: Iterable[str], words: Iterable[str]) -> list[str]:
    """Words that are not place names but reach the fuzzy threshold for one."""
    keys = set(place_keys)
    by_first_letter: dict[str, list[str]] = defaultdict(list)
    for key in keys:
        by_first_letter[key[0]].append(key)
    near = []
    for word in set(words) | {normalise(word) for word in CHAT_WORDS}:
        if word in keys or len(compact(word)) < FUZZY_MIN_LENGTH:
            continue
        choices = by_first_letter.get(word[0])
        if choices and process.extractOne(word, choices, scorer=FUZZY_SCORER, score_cutoff=FUZZY_CONFIRM_SCORE):
            near.append(word)
    return sorted(near)


def render_near_place_words(place_keys: Iterable[str], words: Iterable[str]) -> str:
    keys = list(place_keys)
    near = near_place_words(keys, words)
    header = [
        "# generated by `python -m bot regions build-words`; do not edit.",
        "# Dutch words (spacy-lookups-data nl lemma tables + a few chat words) that look like a",
        f"# misspelt place name (Damerau-Levenshtein similarity >= {FUZZY_CONFIRM_SCORE:g}, same first",
        f"# letter, >= {FUZZY_MIN_LENGTH} letters). The resolver never reads these words as a place.",
        f"# places: {place_keys_fingerprint(keys)}",
    ]
    return "\n".join(header + near) + "\n"
