"""`python -m bot regions ...`: check the region data and build the files generated from it."""

from __future__ import annotations

import argparse
import sys
import time

from bot.regions.contacts import CONTACTS_YAML, write_contacts_yaml
from bot.regions.directory import DEFAULT_DATA_DIR, RegionDirectory
from bot.regions.errors import RegionDataError
from bot.regions.nlu import NLU_DIR, render_nlu_files, write_nlu_files
from bot.regions.resolve import PlaceResolver
from bot.regions.vocabulary import (
    NEAR_PLACE_WORDS_TXT,
    PLACE_VARIANTS_CSV,
    Vocabulary,
    build_entries,
    load_vocabulary,
    read_variants,
)
from bot.regions.words import dutch_lexicon, place_keys_fingerprint, read_fingerprint, render_near_place_words

# A few answers whose outcome must never change silently; `check` runs them on the real data.
_SMOKE_TESTS = {
    "5038 AB": ("found", "Tilburg"),
    "den bosch": ("found", "'s-Hertogenbosch"),
    "ik woon in hoofddorp": ("found", "Haarlemmermeer"),
    "amsterdm": ("found", "Amsterdam"),
    "bergen": ("ambiguous", None),
    "school": ("unknown", None),
}


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("regions", help="region data: check, init-contacts, build-nlu, build-words")
    commands = parser.add_subparsers(dest="regions_command", required=True)

    check = commands.add_parser("check", help="validate data/regions and say whether generated files are stale")
    check.set_defaults(handler=_check)

    init = commands.add_parser("init-contacts", help=f"create data/regions/{CONTACTS_YAML} from the contacts CSV")
    init.add_argument("--force", action="store_true", help="overwrite an existing file (loses operator edits)")
    init.set_defaults(handler=_init_contacts)

    build_nlu = commands.add_parser("build-nlu", help="write data/nlu/lookups.yml and data/nlu/synonyms.yml")
    build_nlu.set_defaults(handler=_build_nlu)

    build_words = commands.add_parser(
        "build-words", help=f"write data/regions/{NEAR_PLACE_WORDS_TXT} (Dutch words that look like places)"
    )
    build_words.set_defaults(handler=_build_words)


def _load() -> tuple[RegionDirectory, Vocabulary] | None:
    """The validated directory and vocabulary, or None after printing what is wrong."""
    try:
        directory = RegionDirectory.load()
        return directory, load_vocabulary(directory)
    except RegionDataError as error:
        print(f"ERROR: {error}", file=sys.stderr)
        return None


def _check(_args: argparse.Namespace) -> int:
    started = time.perf_counter()
    loaded = _load()
    if loaded is None:
        return 1
    directory, vocabulary = loaded
    load_seconds = time.perf_counter() - started
    regions = directory.regions()
    print(
        f"OK: {len(directory.gemeenten())} gemeenten in {len(regions)} regions, "
        f"{len(directory.woonplaatsen())} woonplaatsen, {len(vocabulary.entries)} place keys "
        f"(loaded in {load_seconds * 1000:.0f} ms)"
    )
    problems = _stale_generated_files(directory, vocabulary) + _smoke_test_failures(directory, vocabulary)
    without_targets = [region.code for region in regions if not region.notify_targets]
    without_contact = [region.code for region in regions if not region.has_contact_details]
    if without_targets:
        print(f"note: no notify targets, only the catch-all gets their handoffs: {', '.join(without_targets)}")
    if without_contact:
        print(f"note: no website, phone or e-mail, the bot says 'je gemeente': {', '.join(without_contact)}")
    for problem in problems:
        print(f"ERROR: {problem}", file=sys.stderr)
    return 1 if problems else 0


def _stale_generated_files(directory: RegionDirectory, vocabulary: Vocabulary) -> list[str]:
    problems = []
    for file_name, expected in render_nlu_files(directory, vocabulary).items():
        path = NLU_DIR / file_name
        if not path.exists() or path.read_text(encoding="utf-8") != expected:
            problems.append(f"{path} is missing or stale; run `python -m bot regions build-nlu`")
    words_path = directory.data_dir / NEAR_PLACE_WORDS_TXT
    if read_fingerprint(words_path) != place_keys_fingerprint(vocabulary.entries):
        problems.append(f"{words_path} is stale; run `python -m bot regions build-words`")
    return problems


def _smoke_test_failures(directory: RegionDirectory, vocabulary: Vocabulary) -> list[str]:
    resolver = PlaceResolver(directory, vocabulary)
    failures = []
    for text, (status, gemeente) in _SMOKE_TESTS.items():
        result = resolver.resolve(text)
        if result.status != status or (gemeente and result.gemeente != gemeente):
            failures.append(f"resolving {text!r} gave {result.status} {result.gemeente}, expected {status} {gemeente}")
    return failures


def _init_contacts(args: argparse.Namespace) -> int:
    try:
        path = write_contacts_yaml(DEFAULT_DATA_DIR, force=args.force)
    except FileExistsError as error:
        print(f"ERROR: {error}", file=sys.stderr)
        return 1
    print(f"wrote {path}")
    return 0


def _build_nlu(_args: argparse.Namespace) -> int:
    loaded = _load()
    if loaded is None:
        return 1
    directory, vocabulary = loaded
    for path in write_nlu_files(directory, vocabulary):
        print(f"wrote {path}")
    return 0


def _build_words(_args: argparse.Namespace) -> int:
    # Only the directory and variants are needed: the word list itself may be missing or stale.
    try:
        directory = RegionDirectory.load()
        variants = read_variants(DEFAULT_DATA_DIR / PLACE_VARIANTS_CSV, directory)
    except RegionDataError as error:
        print(f"ERROR: {error}", file=sys.stderr)
        return 1
    keys = build_entries(directory, variants)
    path = DEFAULT_DATA_DIR / NEAR_PLACE_WORDS_TXT
    path.write_text(render_near_place_words(keys, dutch_lexicon()), encoding="utf-8")
    print(f"wrote {path}")
    return 0
