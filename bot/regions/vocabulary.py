"""Every way a student may write a place, mapped to the gemeenten it can mean.

Sources: the gemeente and woonplaats names of the directory (with their automatic variants
from `names.name_keys`), plus three curated files in data/regions:
  place-variants.csv   spelling variants ("Den Bosch") and big-city districts ("Scheveningen")
  word-places.csv      place names that are also everyday words ("echt", "best", "een")
  near-place-words.txt generated: Dutch words that look like a misspelt place ("school")
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from bot.regions.directory import RegionDirectory, read_csv_rows
from bot.regions.errors import RegionDataError
from bot.regions.names import name_keys, normalise, woonplaats_keys

PLACE_VARIANTS_CSV = "place-variants.csv"
WORD_PLACES_CSV = "word-places.csv"
NEAR_PLACE_WORDS_TXT = "near-place-words.txt"

NameKind = Literal["gemeente", "woonplaats"]
WordRule = Literal["never", "alone", "cue"]
VariantKind = Literal["spelling", "district"]


@dataclass(frozen=True)
class PlaceVariant:
    text: str
    gemeente: str
    kind: VariantKind
    note: str


@dataclass(frozen=True)
class PlaceEntry:
    """What one normalised key can mean."""

    gemeenten: tuple[str, ...]  # official names; gemeenten of that name first
    kind: NameKind  # "gemeente" when the key is (a spelling of) a gemeente name
    named_gemeenten: tuple[str, ...] = ()  # the gemeenten whose own name this is ("gemeente laren")


@dataclass(frozen=True)
class Vocabulary:
    entries: dict[str, PlaceEntry]
    variants: tuple[PlaceVariant, ...]
    word_rules: dict[str, WordRule]
    near_place_words: frozenset[str]


def load_vocabulary(directory: RegionDirectory, data_dir: Path | None = None) -> Vocabulary:
    data_dir = Path(data_dir) if data_dir is not None else directory.data_dir
    variants = read_variants(data_dir / PLACE_VARIANTS_CSV, directory)
    entries = build_entries(directory, variants)
    word_rules = _read_word_rules(data_dir / WORD_PLACES_CSV, entries)
    near_words = read_near_place_words(data_dir / NEAR_PLACE_WORDS_TXT)
    return Vocabulary(entries, variants, word_rules, near_words)


def read_variants(path: Path, directory: RegionDirectory) -> tuple[PlaceVariant, ...]:
    official_names = {gemeente.name for gemeente in directory.gemeenten()}
    variants: list[PlaceVariant] = []
    for line, row in enumerate(read_csv_rows(path, ("variant", "gemeente", "kind")), 2):
        where = f"{path.name} line {line}"
        if row["kind"] not in ("spelling", "district"):
            raise RegionDataError(f"{where}: kind must be 'spelling' or 'district', not {row['kind']!r}")
        if row["gemeente"] not in official_names:
            raise RegionDataError(f"{where}: unknown gemeente {row['gemeente']!r}")
        variants.append(PlaceVariant(row["variant"], row["gemeente"], row["kind"], row.get("note", "")))  # type: ignore[arg-type]
    return tuple(variants)


def build_entries(directory: RegionDirectory, variants: tuple[PlaceVariant, ...] = ()) -> dict[str, PlaceEntry]:
    meanings: dict[str, dict[str, NameKind]] = {}

    def add(key: str, gemeente: str, kind: NameKind) -> None:
        current = meanings.setdefault(key, {})
        if current.get(gemeente) != "gemeente":
            current[gemeente] = kind

    for gemeente in directory.gemeenten():
        for key in name_keys(gemeente.name):
            add(key, gemeente.name, "gemeente")
    for place, gemeenten in directory.woonplaatsen().items():
        for gemeente_name in gemeenten:
            for key in woonplaats_keys(place, gemeente_name):
                add(key, gemeente_name, "woonplaats")
    for variant in variants:
        kind: NameKind = "gemeente" if variant.kind == "spelling" else "woonplaats"
        for key in name_keys(variant.text):
            existing = meanings.get(key)
            if existing and variant.gemeente not in existing:
                raise RegionDataError(
                    f"{PLACE_VARIANTS_CSV}: {variant.text!r} ({key!r}) already names a place in "
                    f"{sorted(existing)}; a variant must not make a name point elsewhere"
                )
            add(key, variant.gemeente, kind)
    return {key: _entry(meaning) for key, meaning in meanings.items()}


def _entry(meaning: dict[str, NameKind]) -> PlaceEntry:
    if len(meaning) == 1:
        ((name, kind),) = meaning.items()
        return PlaceEntry((name,), kind, (name,) if kind == "gemeente" else ())
    ordered = sorted(meaning, key=lambda name: (meaning[name] != "gemeente", normalise(name)))
    named = tuple(name for name in ordered if meaning[name] == "gemeente")
    return PlaceEntry(tuple(ordered), "gemeente" if named else "woonplaats", named)


def _read_word_rules(path: Path, entries: dict[str, PlaceEntry]) -> dict[str, WordRule]:
    rules: dict[str, WordRule] = {}
    for line, row in enumerate(read_csv_rows(path, ("place", "rule")), 2):
        key = normalise(row["place"])
        where = f"{path.name} line {line}"
        if row["rule"] not in ("never", "alone", "cue"):
            raise RegionDataError(f"{where}: rule must be 'never', 'alone' or 'cue', not {row['rule']!r}")
        if key not in entries:
            raise RegionDataError(f"{where}: {row['place']!r} is not a known place name; remove the row")
        rules[key] = row["rule"]  # type: ignore[assignment]
    return rules


def read_near_place_words(path: Path) -> frozenset[str]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise RegionDataError(
            f"{path}: cannot read ({error}); generate it with `python -m bot regions build-words`"
        ) from error
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))
