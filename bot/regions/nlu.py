"""Generate data/nlu/lookups.yml and data/nlu/synonyms.yml from the region data.

The lookup feeds RegexFeaturizer and RegexEntityExtractor (entity `gemeente`), the regex the
`postcode` entity. Synonyms only map spelling variants of one gemeente name to its official
spelling; a woonplaats is never a synonym of its gemeente (the resolver does that mapping).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path

from bot.config import PROJECT_ROOT
from bot.regions.directory import RegionDirectory
from bot.regions.names import compact, name_keys, normalise, strip_accents, woonplaats_keys
from bot.regions.vocabulary import Vocabulary

NLU_DIR = PROJECT_ROOT / "data" / "nlu"
LOOKUPS_YML = "lookups.yml"
SYNONYMS_YML = "synonyms.yml"

# 4 digits not starting with 0, optional space, optional 2 letters. The letters are not taken
# when they are a common 2-letter word, so "5038 is mijn postcode" yields "5038", not "5038 is".
POSTCODE_REGEX = (
    r"\b[1-9][0-9]{3}(?:\s?(?!(?:is|en|in|op|of|om|de|te|al|nu|ik|je|ze|we|zo|na|ja|ok|oke)\b)"
    r"[a-zA-Z]{2})?\b"
)

_HEADER = "# generated from data/regions by python -m bot regions build-nlu; do not edit"
# RegexFeaturizer wraps lookup entries in \b...\b, so an entry must start and end with a letter
# or digit: "'s-gravenhage" would never match, "s-gravenhage" does (inside "'s-gravenhage" too).
_WORD_EDGES = re.compile(r"^\w.*\w$|^\w$")
_SPLIT_ABBREVIATION = re.compile(r"(?:^| )[ad](?: |$)")


def surface_forms(name: str, extra_keys: Iterable[str] = ()) -> set[str]:
    """How a name appears in lower-case chat text: official spelling, and plain key variants."""
    lower = name.lower().lstrip("'")
    forms = {lower, *name_keys(name), *extra_keys}
    if name.startswith("'s-"):
        rest = lower[2:]
        forms |= {f"'s {rest}", f"s {rest}", f"s{rest}"}
    for form in list(forms):
        for long_form in (" aan den ", " aan de "):
            if long_form in form:
                forms.add(form.replace(long_form, " a/d ", 1))
                break
        if "-" in form:
            forms.add(form.replace("-", " "))
    forms = {" ".join(form.split()) for form in forms | {strip_accents(form) for form in forms}}
    # Keys such as "alphen a d rijn" or "a dam" are the resolver's; nobody types them.
    return {form for form in forms if form and not _SPLIT_ABBREVIATION.search(form)}


def lookup_entries(vocabulary: Vocabulary, names: Iterable[tuple[str, Iterable[str]]]) -> list[str]:
    """Lower-case names for `lookup: gemeente`, without everyday words such as "echt"."""
    entries: set[str] = set()
    for name, extra_keys in names:
        for form in surface_forms(name, extra_keys):
            if _WORD_EDGES.match(form) and "(" not in form and normalise(form) not in vocabulary.word_rules:
                entries.add(form)
    # Rasa joins the entries into one regex alternation, which takes the first entry that fits:
    # longest first, so "alphen a/d rijn" wins over "alphen" and "bergen nh" over "bergen".
    return sorted(entries, key=lambda entry: (-len(entry), entry))


def synonym_table(
    vocabulary: Vocabulary, gemeenten: Iterable[str], woonplaatsen: Iterable[str] = ()
) -> dict[str, list[str]]:
    """Official gemeente name -> its spelling variants that point to that gemeente only.

    A woonplaats name ("nuenen") is left out even when it lies in one gemeente: it names a
    place, not the gemeente, unless place-variants.csv lists it as a spelling ("Den Haag").
    """
    variants_by_gemeente: dict[str, list[str]] = {}
    for variant in vocabulary.variants:
        if variant.kind == "spelling":
            variants_by_gemeente.setdefault(variant.gemeente, []).append(variant.text)
    curated = {normalise(text) for texts in variants_by_gemeente.values() for text in texts}
    place_keys = {normalise(place) for place in woonplaatsen} - curated
    table: dict[str, list[str]] = {}
    for gemeente in gemeenten:
        forms: set[str] = set()
        for spelling in [gemeente, *variants_by_gemeente.get(gemeente, [])]:
            forms |= surface_forms(spelling) | {spelling.lower()}
            if spelling.startswith("Den "):
                forms.add(compact(normalise(spelling)))  # "denhaag", "denbosch"
        examples = sorted(
            form
            for form in forms
            if form != gemeente.lower()
            and not (form.startswith("'") and form[1:] == gemeente.lower()[1:])
            and normalise(form) not in place_keys
            and _points_only_to(vocabulary, form, gemeente)
        )
        if examples:
            table[gemeente] = examples
    return table


def _points_only_to(vocabulary: Vocabulary, form: str, gemeente: str) -> bool:
    key = normalise(form)
    entry = vocabulary.entries.get(key)
    if entry is None:  # a one-word form such as "sgravenhage": the resolver reads its compact twin
        twins = [vocabulary.entries[k] for k in vocabulary.entries if compact(k) == compact(key)]
        entry = twins[0] if len(twins) == 1 else None
    return entry is not None and entry.gemeenten == (gemeente,) and key not in vocabulary.word_rules


def render_lookups(vocabulary: Vocabulary, names: Iterable[tuple[str, Iterable[str]]]) -> str:
    lines = [
        _HEADER,
        "# gemeente and woonplaats names (lower case, with common spellings) for the `gemeente`",
        "# entity, and the Dutch postcode pattern for the `postcode` entity. Place names that are",
        "# also everyday words (data/regions/word-places.csv) are left out: they would turn",
        '# "ik wil echt stoppen" into gemeente "echt". The resolver still finds them in context.',
        "# Longest names first: Rasa's lookup regex takes the first entry that fits.",
        'version: "3.1"',
        "nlu:",
        "  - lookup: gemeente",
        "    examples: |",
        *(f"      - {entry}" for entry in lookup_entries(vocabulary, names)),
        "  - regex: postcode",
        "    examples: |",
        f"      - {POSTCODE_REGEX}",
    ]
    return "\n".join(lines) + "\n"


def render_synonyms(vocabulary: Vocabulary, gemeenten: Iterable[str], woonplaatsen: Iterable[str] = ()) -> str:
    lines = [
        _HEADER,
        "# Spelling variants of one gemeente name -> the official CBS spelling. A woonplaats is",
        "# not a synonym of its gemeente, and names that fit several gemeenten are left out.",
        'version: "3.1"',
        "nlu:",
    ]
    for gemeente, examples in synonym_table(vocabulary, gemeenten, woonplaatsen).items():
        lines.append(f"  - synonym: {json.dumps(gemeente, ensure_ascii=False)}")
        lines.append("    examples: |")
        lines.extend(f"      - {example}" for example in examples)
    return "\n".join(lines) + "\n"


def place_names(directory: RegionDirectory, vocabulary: Vocabulary) -> list[tuple[str, list[str]]]:
    """(name, extra keys) for every gemeente, woonplaats and curated variant."""
    names: list[tuple[str, list[str]]] = [(gemeente.name, []) for gemeente in directory.gemeenten()]
    for place, gemeenten in directory.woonplaatsen().items():
        extra = sorted({key for gemeente in gemeenten for key in woonplaats_keys(place, gemeente)})
        names.append((place, extra))
    names.extend((variant.text, []) for variant in vocabulary.variants)
    return names


def render_nlu_files(directory: RegionDirectory, vocabulary: Vocabulary) -> dict[str, str]:
    """File name -> content of the generated NLU files."""
    gemeenten = [gemeente.name for gemeente in directory.gemeenten()]
    return {
        LOOKUPS_YML: render_lookups(vocabulary, place_names(directory, vocabulary)),
        SYNONYMS_YML: render_synonyms(vocabulary, gemeenten, directory.woonplaatsen()),
    }


def write_nlu_files(directory: RegionDirectory, vocabulary: Vocabulary, nlu_dir: Path = NLU_DIR) -> list[Path]:
    nlu_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for file_name, content in render_nlu_files(directory, vocabulary).items():
        path = nlu_dir / file_name
        path.write_text(content, encoding="utf-8")
        written.append(path)
    return written
