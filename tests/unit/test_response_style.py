"""Every student-facing text in domain.yml is B1 and every fact in it is registered.

What is checked, for each variant of each response (its `text` and its button titles):

* B1 length (shared/knowledge/style.md (a), (e)): at most 80 words per message, at most
  12 words per sentence, at most 3 blocks (parts between blank lines) per message.
* Always *je/jij/jouw*, never *u* or *uw* (style.md (a)).
* No emoji in crisis responses, i.e. responses whose name starts with `utter_crisis`
  (style.md (c), (e)); every crisis response names 112 and 113 (style.md (c)).
* 113 is free: no text may suggest that only 0800-0113 is free (facts.md §10).
* Every phone number, € amount, age, date/deadline and percentage in a text is listed in
  docs/facts.yml with a source; every link is listed there too (only pages that
  facts.md or style.md give). Registry entries that no response uses any more fail too.
* Stopping the studentenreisproduct is worded the same way everywhere (facts.md §6).

The counting rules are the small functions below; their own tests are at the bottom.
No Rasa server or model is needed.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
DOMAIN = ROOT / "domain.yml"
REGISTRY = ROOT / "docs" / "facts.yml"
# The shared knowledge files (facts.md, style.md) live next to the project as ../shared.
KNOWLEDGE = ROOT.parent / "shared" / "knowledge"

MAX_WORDS_PER_MESSAGE = 80
MAX_WORDS_PER_SENTENCE = 12
MAX_BLOCKS_PER_MESSAGE = 3
FACT_KINDS = {"phone", "amount", "age", "date", "percentage"}
# An input example shown to the student ("Bijvoorbeeld 06 12345678") is no fact; the
# registry still lists it, with kind `example`, so that every number is accounted for.
EXAMPLE_KIND = "example"

# The one wording for stopping the studentenreisproduct (facts.md §6, "What to do at DUO").
REISPRODUCT_STOP = (
    "Zet je studentenreisproduct zelf stop bij een ov-ophaalautomaat. "
    "Doe dat uiterlijk op de 10e van de eerste maand zonder recht. "
    "Anders krijg je een boete."
)

# ---------------------------------------------------------------------------------------
# Masking: things that count as one word and are never split into sentences
# ---------------------------------------------------------------------------------------

PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")
URL = re.compile(
    r"https?://[^\s<>\"']+"
    r"|\b(?:www\.)?(?:[a-z0-9-]+\.)+(?:nl|com|org|eu|be|info|net)\b(?:/[^\s<>\"']*)?",
    re.IGNORECASE,
)
EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
# Dutch service and mobile numbers (0800-2000, 0800-0113, 088-0767000, 06 12345678) and
# the short numbers 112/113. 113 in "113.nl" is part of a link, which is masked first.
PHONE = re.compile(r"(?<![\w€,.-])(?:0\d{1,3}[- ]?\d{4,8}|11[0-9])(?![\w-]|[.,]\d|\.[a-z])")


def _strip_trailing_punctuation(match: re.Match[str]) -> tuple[int, int]:
    text = match.group(0)
    trimmed = text.rstrip(".,;:!?)")
    return match.start(), match.start() + len(trimmed)


def links(text: str) -> list[str]:
    """Every link in a text: full URLs and bare addresses such as 113.nl, without a final dot."""
    found = []
    for match in URL.finditer(EMAIL.sub(" ", PLACEHOLDER.sub(" ", text))):
        start, end = _strip_trailing_punctuation(match)
        found.append(match.string[start:end])
    return found


def mask(text: str) -> str:
    """The text with every {slot}, link, e-mail address and phone number replaced by one token.

    A placeholder, a URL, an e-mail address and a phone number each count as one word, and
    the dots inside them ("113.nl") never end a sentence.
    """
    text = EMAIL.sub("EMAIL", PLACEHOLDER.sub("SLOT", text))
    pieces = []
    last = 0
    for match in URL.finditer(text):
        start, end = _strip_trailing_punctuation(match)
        pieces.append(text[last:start] + "LINK")
        last = end
    text = "".join(pieces) + text[last:]
    return PHONE.sub("PHONE", text)


# ---------------------------------------------------------------------------------------
# Counting words, sentences and blocks
# ---------------------------------------------------------------------------------------

_WORD = re.compile(r"[^\W_]", re.UNICODE)  # a word has at least one letter or digit
_BULLET = re.compile(r"^\s*(?:[•\-*–]|\d+[.)])\s+")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def words(text: str) -> list[str]:
    """The words of a text: whitespace-separated tokens with a letter or digit in them.

    "•", "-" and "€" alone are no words; "mbo-diploma" and "€5,07" are one word each; a
    {slot}, link, e-mail address or phone number ("06 12345678") is one word.
    """
    return [token for token in mask(text).split() if _WORD.search(token)]


def sentences(text: str) -> list[str]:
    """The sentences of a text.

    Every line is split on ".", "!" or "?" followed by a space. A bullet line ("• …",
    "- …", "1. …") counts as one sentence as a whole, whatever punctuation is inside it.
    """
    found = []
    for line in mask(text).splitlines():
        line = line.strip()
        if not line:
            continue
        if _BULLET.match(line):
            found.append(line)
        else:
            found.extend(part for part in _SENTENCE_END.split(line) if part.strip())
    return [sentence for sentence in found if words(sentence)]


def blocks(text: str) -> list[str]:
    """The parts of a message between blank lines (style.md (e): at most ~3 per message)."""
    return [block for block in re.split(r"\n\s*\n", text.strip()) if block.strip()]


def too_long_sentences(text: str, limit: int = MAX_WORDS_PER_SENTENCE) -> list[str]:
    return [sentence for sentence in sentences(text) if len(words(sentence)) > limit]


# ---------------------------------------------------------------------------------------
# Style checks
# ---------------------------------------------------------------------------------------

_EMOJI = re.compile(
    "[\U0001F000-\U0001FAFF\U00002600-\U000027BF\U00002B00-\U00002BFF\U0000FE0F\U0000200D]"
    r"|(?<!\w)(?:[:;]-?[)(DPp]|<3)(?!\w)"
)
_FORMAL_PRONOUN = re.compile(r"(?<![\w'’/.@-])[Uu]w?(?![\w'’/.@-])")


def emoji(text: str) -> list[str]:
    """Emoji and text smileys (:) ;-) <3), which screen readers read out as symbols."""
    return _EMOJI.findall(text)


def formal_pronouns(text: str) -> list[str]:
    """"u" or "uw" used as a word (not inside a link or a longer word)."""
    return _FORMAL_PRONOUN.findall(mask(text))


# ---------------------------------------------------------------------------------------
# Facts: phone numbers, amounts, ages, dates and percentages
# ---------------------------------------------------------------------------------------

MONTHS = "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december"
# A number followed by one of these is a count or a duration (1 dag, 80 uur), not an age.
_UNIT = (
    r"(?!\s*(?:uur|uren|dag|dagen|week|weken|maand|maanden|minuten|tekens|keer|plekken|"
    r"aanmeldingen|mensen|studenten|%|procent|euro|" + MONTHS + r")\b)"
)
_N = r"(\d{1,2})"


class Fact(NamedTuple):
    kind: str
    value: str


def _age_list(match: re.Match[str]) -> list[Fact]:
    """"16 of 17", "18, 19 en 20 jaar", "18 tot 27", "18-24": ranges become "A-B"."""
    text = match.group(0)
    numbers = re.findall(r"\d{1,2}", text)
    with_jaar = bool(re.search(r"jaar$", text))
    if not with_jaar and min(int(n) for n in numbers) < 8:
        return []  # "mbo 1 en 2", "3 of 4": no ages
    if len(numbers) == 2 and re.search(r"\d\s*(?:-|tot en met|t/m|tot)\s*\d", text):
        return [Fact("age", f"{numbers[0]}-{numbers[1]}")]
    return [Fact("age", number) for number in numbers]


# (kind, pattern, how to turn a match into facts), in the order they are applied. Each
# match is blanked out before the next pattern runs, so nothing is counted twice.
_FACT_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("phone", PHONE),
    ("amount", re.compile(r"€\s?\d{1,3}(?:\.\d{3})*(?:,\d{2}|,-)?|\b\d[\d.]*(?:,\d{2})?\s?euro\b")),
    ("percentage", re.compile(r"\b\d+(?:[.,]\d+)?\s?(?:%|procent\b)")),
    ("date", re.compile(rf"\b\d{{1,2}}(?:e)?\s+(?:{MONTHS})(?:\s+\d{{4}})?\b", re.IGNORECASE)),
    ("date", re.compile(rf"\b(?:{MONTHS})\s+\d{{4}}\b", re.IGNORECASE)),
    ("date", re.compile(r"\b(?:19|20)\d{2}\s*[-/]\s*(?:19|20)?\d{2}\b")),
    ("date", re.compile(r"\b(?:19|20)\d{2}\b")),
    ("date", re.compile(r"\b\d{1,2}:\d{2}\b")),
    ("age", re.compile(rf"\bje\s+{_N}e\b|\b{_N}e\s+verjaardag\b", re.IGNORECASE)),
    ("date", re.compile(r"\b\d{1,2}e\b")),  # "uiterlijk op de 10e"
    ("age-list", re.compile(
        r"\b\d{1,2}(?:\s*,\s*\d{1,2})*\s*(?:-|tot en met|t/m|tot|en|of)\s*\d{1,2}\b"
        r"(?:\s*jaar\b)?" + _UNIT
    )),
    ("age", re.compile(
        r"(?:\b(?:jonger|ouder)\s+dan\s+" + _N + r"\b"
        r"|\b(?:onder|boven)\s+de\s+" + _N + r"\b"
        r"|\bnog\s+geen\s+" + _N + r"\b"
        r"|\bvanaf\s+(?:je\s+)?" + _N + r"(?:e)?\b"
        r"|\btot\s+(?:je\s+)?" + _N + r"(?:e)?\b"
        r"|\b" + _N + r"\s+of\s+(?:ouder|jonger)\b"
        r"|\b" + _N + r"-jarigen?\b"
        r"|\b(?:ben|bent|was|word|wordt)\s+(?:je\s+|jij\s+)?" + _N + r"\b"
        r"|\bje\s+" + _N + r"\s+(?:bent|wordt|word)\b"
        r"|\b" + _N + r"\s+geworden\b"
        r"|\bleeftijd\s+(?:van\s+)?" + _N + r"\b"
        r"|\b(?:under|over|up\s+to|aged?)\s+" + _N + r"\b)"  # utter_other_language is English
        + _UNIT,
        re.IGNORECASE,
    )),
    # "16 jaar", but not a duration such as "binnen 10 jaar"
    ("age", re.compile(
        r"(?<!binnen )(?<!na )(?<!over )(?<!elke )(?<!per )(?<!hooguit )(?<!minstens )"
        r"\b" + _N + r"\s+jaar\b(?!\s+(?:lang|geleden))",
        re.IGNORECASE,
    )),
    ("date", re.compile(rf"\b(?:{MONTHS})\b", re.IGNORECASE)),
]


def normalise(kind: str, value: str) -> str:
    """One spelling per fact: phone digits only, amounts without spaces, ranges as A-B."""
    value = re.sub(r"\s+", " ", value.strip().lower())
    if kind in ("phone", EXAMPLE_KIND) and re.fullmatch(r"[\d\s-]+", value):
        return re.sub(r"[\s-]", "", value)
    if kind == "amount":
        value = value.replace(" ", "")
        if value.endswith("euro"):
            value = "€" + value[: -len("euro")]
        return value
    if kind == "percentage":
        return value.replace(" ", "").replace("procent", "%")
    if kind == "age":
        return re.sub(r"\s*(?:-|tot en met|t/m|tot)\s*", "-", value)
    return value


def facts_in(text: str) -> list[Fact]:
    """Every phone number, € amount, age, date or deadline and percentage in a text.

    Links, e-mail addresses and {slots} are ignored. An age is a number in an age phrase
    ("16 jaar", "jonger dan 18", "tot je 18e", "18-24", "16 of 17", "Ben je 27?"). Counts
    and durations ("1 dag", "80 uur", "binnen 10 jaar", "mbo 2") are not facts of these kinds.
    """
    text = PLACEHOLDER.sub(" ", text)
    text = URL.sub(" ", EMAIL.sub(" ", text))
    found: list[Fact] = []
    for kind, pattern in _FACT_PATTERNS:
        def blank(match: re.Match[str], kind: str = kind) -> str:
            if kind == "age-list":
                found.extend(_age_list(match))
            elif kind == "age":
                number = next(group for group in match.groups() if group) if match.groups() else match.group(0)
                found.append(Fact("age", normalise("age", number)))
            else:
                found.append(Fact(kind, normalise(kind, match.group(0))))
            return " " * len(match.group(0))

        text = pattern.sub(blank, text)
    return found


# ---------------------------------------------------------------------------------------
# Reading the domain and the registry
# ---------------------------------------------------------------------------------------


class Variant(NamedTuple):
    response: str
    index: int
    text: str
    titles: tuple[str, ...]
    urls: tuple[str, ...]

    @property
    def where(self) -> str:
        return f"{self.response}[{self.index}]"


@lru_cache(maxsize=1)
def variants() -> tuple[Variant, ...]:
    domain = yaml.safe_load(DOMAIN.read_text(encoding="utf-8"))
    found = []
    for name, items in (domain.get("responses") or {}).items():
        for index, item in enumerate(items or []):
            buttons = item.get("buttons") or []
            found.append(
                Variant(
                    response=name,
                    index=index,
                    text=str(item.get("text") or ""),
                    titles=tuple(str(button.get("title") or "") for button in buttons),
                    urls=tuple(str(button["url"]) for button in buttons if button.get("url")),
                )
            )
    return tuple(found)


@lru_cache(maxsize=1)
def registry() -> dict:
    return yaml.safe_load(REGISTRY.read_text(encoding="utf-8"))


def registered_facts() -> set[Fact]:
    return {Fact(entry["kind"], normalise(entry["kind"], str(entry["value"]))) for entry in registry()["facts"]}


def normalise_link(url: str) -> str:
    """113.nl, www.113.nl, https://www.113.nl and https://www.113.nl/ are one link."""
    url = re.sub(r"^https?://", "", url.strip().lower())
    url = re.sub(r"^www\.", "", url)
    return url.rstrip("/")


def registered_links() -> set[str]:
    return {normalise_link(entry["url"]) for entry in registry()["links"]}


def all_texts(variant: Variant) -> list[str]:
    return [variant.text, *variant.titles]


def is_registered(fact: Fact, known: set[Fact]) -> bool:
    return fact in known or Fact(EXAMPLE_KIND, normalise(EXAMPLE_KIND, fact.value)) in known


# ---------------------------------------------------------------------------------------
# The checks on domain.yml
# ---------------------------------------------------------------------------------------


def test_the_domain_has_responses() -> None:
    assert len(variants()) > 50


def test_no_message_is_over_80_words() -> None:
    too_long = {v.where: len(words(v.text)) for v in variants() if len(words(v.text)) > MAX_WORDS_PER_MESSAGE}
    assert not too_long, f"messages over {MAX_WORDS_PER_MESSAGE} words: {too_long}"


def test_no_sentence_is_over_12_words() -> None:
    too_long = [
        f"{v.where}: {sentence!r} ({len(words(sentence))})"
        for v in variants()
        for text in all_texts(v)
        for sentence in too_long_sentences(text)
    ]
    assert not too_long, "sentences over 12 words:\n" + "\n".join(too_long)


def test_no_message_has_more_than_three_blocks() -> None:
    too_many = {v.where: len(blocks(v.text)) for v in variants() if len(blocks(v.text)) > MAX_BLOCKS_PER_MESSAGE}
    assert not too_many, f"messages with more than {MAX_BLOCKS_PER_MESSAGE} blocks: {too_many}"


def test_never_u_or_uw() -> None:
    formal = {v.where: found for v in variants() for text in all_texts(v) if (found := formal_pronouns(text))}
    assert not formal, f"'u'/'uw' used: {formal}"


def test_no_emoji_in_crisis_responses() -> None:
    with_emoji = {
        v.where: found
        for v in variants()
        if v.response.startswith("utter_crisis")
        for text in all_texts(v)
        if (found := emoji(text))
    }
    assert not with_emoji, f"emoji in crisis responses: {with_emoji}"


def test_every_crisis_response_names_112_and_113() -> None:
    missing = [
        v.where
        for v in variants()
        if v.response.startswith("utter_crisis")
        and not {"112", "113"} <= {fact.value for fact in facts_in(v.text) if fact.kind == "phone"}
    ]
    assert not missing, f"crisis responses without 112 and 113: {missing}"


def test_113_is_never_presented_as_costing_money() -> None:
    wrong = [v.where for v in variants() if re.search(r"\b113\s+of\s+gratis\b|\bniet gratis\b", v.text)]
    assert not wrong, f"texts that suggest 113 is not free: {wrong}"


def test_every_fact_is_in_the_registry() -> None:
    known = registered_facts()
    missing = sorted(
        {
            f"{fact.kind} {fact.value!r} in {v.where}"
            for v in variants()
            for text in all_texts(v)
            for fact in facts_in(text)
            if not is_registered(fact, known)
        }
    )
    assert not missing, "facts not in docs/facts.yml:\n" + "\n".join(missing)


def test_every_link_is_in_the_registry() -> None:
    known = registered_links()
    missing = sorted(
        {
            f"{link} in {v.where}"
            for v in variants()
            for link in [*links(v.text), *v.urls]
            if normalise_link(link) not in known
        }
    )
    assert not missing, "links not in docs/facts.yml:\n" + "\n".join(missing)


def test_the_registry_lists_nothing_that_no_response_uses() -> None:
    used = {fact for v in variants() for text in all_texts(v) for fact in facts_in(text)}
    used_values = {fact.value for fact in used}
    unused = [
        f"{entry['kind']} {entry['value']!r}"
        for entry in registry()["facts"]
        if Fact(entry["kind"], normalise(entry["kind"], str(entry["value"]))) not in used
        and not (entry["kind"] == EXAMPLE_KIND and normalise(EXAMPLE_KIND, str(entry["value"])) in used_values)
    ]
    used_links = {normalise_link(link) for v in variants() for link in [*links(v.text), *v.urls]}
    unused += [entry["url"] for entry in registry()["links"] if normalise_link(entry["url"]) not in used_links]
    assert not unused, f"registry entries no response uses: {unused}"


def test_registry_entries_are_complete() -> None:
    problems = []
    for entry in registry()["facts"]:
        if entry.get("kind") not in FACT_KINDS | {EXAMPLE_KIND}:
            problems.append(f"{entry.get('value')}: unknown kind {entry.get('kind')!r}")
        if not str(entry.get("what") or "").strip():
            problems.append(f"{entry.get('value')}: no 'what'")
        source = str(entry.get("source") or "")
        if entry.get("kind") in FACT_KINDS and not source.startswith("http"):
            problems.append(f"{entry.get('value')}: a fact needs a source URL")
    for entry in registry()["links"]:
        if not str(entry.get("source") or "").startswith("http") or not str(entry.get("what") or "").strip():
            problems.append(f"link {entry.get('url')}: needs 'what' and a source URL")
    assert not problems, "\n".join(problems)


@pytest.mark.skipif(not KNOWLEDGE.is_dir(), reason="../shared/knowledge is not available here")
def test_registry_sources_and_links_come_from_the_knowledge_files() -> None:
    knowledge = "\n".join(path.read_text(encoding="utf-8") for path in KNOWLEDGE.glob("*.md"))
    known_urls = {normalise_link(url.rstrip(".,;")) for url in re.findall(r"https?://[^\s)>\]]+", knowledge)}
    flat = normalise_link(" ".join(re.sub(r"https?://(www\.)?", "", knowledge.lower()).split()))
    problems = []
    for entry in registry()["facts"] + registry()["links"]:
        source = str(entry.get("source") or "")
        if source.startswith("http") and normalise_link(source) not in known_urls:
            problems.append(f"source not in facts.md/style.md: {source}")
    for entry in registry()["links"]:
        if normalise_link(entry["url"]) not in flat:
            problems.append(f"link not given by facts.md/style.md: {entry['url']}")
    assert not problems, "\n".join(problems)


def test_stopping_the_reisproduct_is_worded_the_same_everywhere() -> None:
    different = [
        v.where
        for v in variants()
        if re.search(r"reisproduct", v.text, re.IGNORECASE)
        and re.search(r"\bstop(t|pen)?\b", v.text, re.IGNORECASE)
        and REISPRODUCT_STOP not in " ".join(v.text.split())
    ]
    assert not different, f"say it as {REISPRODUCT_STOP!r} in: {different}"


# ---------------------------------------------------------------------------------------
# Tests of the counters themselves
# ---------------------------------------------------------------------------------------


def test_words_count_links_phones_and_slots_as_one() -> None:
    assert len(words("Bel gratis 113 of chat op https://www.113.nl/chat.")) == 7
    assert len(words("• Mijn nummer is 06 12345678, mail naar a.b@c.nl.")) == 7
    assert len(words("{gemeente} hoort bij {region_contact}")) == 4
    assert len(words("Op mbo-niveau 2 krijg je €5,07 - bruto.")) == 7


def test_sentences_split_on_end_marks_but_not_inside_links() -> None:
    assert sentences("Chat op 113.nl. Dat kan dag en nacht.") == ["Chat op LINK.", "Dat kan dag en nacht."]
    assert sentences("Zo werkt het:\n• Eén. Twee.\n• Drie") == ["Zo werkt het:", "• Eén. Twee.", "• Drie"]
    assert sentences("Ben je 18? Dan mag het!") == ["Ben je 18?", "Dan mag het!"]


def test_a_long_sentence_fails_and_a_short_one_passes() -> None:
    long = "Indien je overweegt je opleiding voortijdig te beëindigen, wordt geadviseerd contact op te nemen."
    assert too_long_sentences(long) == [long]
    assert too_long_sentences("Denk je erover om te stoppen? Praat er eerst over met je slb'er.") == []
    bullet = "• Dit is een opsomming die veel te lang is. Want ze heeft twee zinnen met veel woorden."
    assert too_long_sentences(bullet) == [bullet]


def test_a_message_of_81_words_is_too_long() -> None:
    assert len(words(" ".join(["woord"] * 81))) > MAX_WORDS_PER_MESSAGE
    assert len(words(" ".join(["woord"] * 80))) == MAX_WORDS_PER_MESSAGE


def test_blocks() -> None:
    assert len(blocks("Een.\n\nTwee.\nDrie.\n\n\nVier.")) == 3


def test_formal_pronouns() -> None:
    assert formal_pronouns("Kunt u uw gegevens sturen?") == ["u", "uw"]
    assert formal_pronouns("U kunt bellen.") == ["U"]
    assert formal_pronouns("Je kunt uitschrijven, kijk op duo.nl/u/uw of mail u@x.nl.") == []


def test_emoji() -> None:
    assert emoji("Top 👍") and emoji("Fijn :)") and emoji("<3")
    assert emoji("Bel gratis 113. Dat kan dag en nacht (24/7).") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Bel Veilig Thuis: 0800-2000.", {Fact("phone", "08002000")}),
        ("Bel 113 of 0800-0113, of chat op 113.nl.", {Fact("phone", "113"), Fact("phone", "08000113")}),
        ("Bel dan 112.", {Fact("phone", "112")}),
        ("Bijvoorbeeld 06 12345678.", {Fact("phone", "0612345678")}),
        ("Dat was €5,07 bruto, of € 2.300 per maand.", {Fact("amount", "€5,07"), Fact("amount", "€2.300")}),
        ("Ongeveer 60% of 15 procent.", {Fact("percentage", "60%"), Fact("percentage", "15%")}),
        ("Sinds 1 januari 2026, uiterlijk 1 april.", {Fact("date", "1 januari 2026"), Fact("date", "1 april")}),
        ("Doe dat uiterlijk op de 10e van die maand.", {Fact("date", "10e")}),
        ("In 2023 begon een groep in september.", {Fact("date", "2023"), Fact("date", "september")}),
        ("Ben je 16 jaar?", {Fact("age", "16")}),
        ("Ben je 18-24?", {Fact("age", "18-24")}),
        ("Ben je 18 tot en met 24 jaar?", {Fact("age", "18-24")}),
        ("Voor jongeren van 18 tot 27 jaar.", {Fact("age", "18-27")}),
        ("Ben je onder de 18? Of jonger dan 16?", {Fact("age", "18"), Fact("age", "16")}),
        ("Je moet leren tot je 18e.", {Fact("age", "18")}),
        ("Ben je 16 of 17? Of 27 of ouder?", {Fact("age", "16"), Fact("age", "17"), Fact("age", "27")}),
        ("Voor 18, 19 en 20 jaar.", {Fact("age", "18"), Fact("age", "19"), Fact("age", "20")}),
        ("Een 18-jarige, vanaf 16, tot 27.", {Fact("age", "18"), Fact("age", "16"), Fact("age", "27")}),
        ("Het schooljaar waarin je 16 wordt.", {Fact("age", "16")}),
        ("It helps young people under 27.", {Fact("age", "27")}),
        ("Ben je dit schooljaar 16 geworden? Werk pas als je 18 bent.", {Fact("age", "16"), Fact("age", "18")}),
    ],
)
def test_facts_are_found(text: str, expected: set[Fact]) -> None:
    assert set(facts_in(text)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Meestal werk je 3 of 4 dagen en ga je 1 dag naar school.",
        "Op mbo 1 en 2 is het een gift, op niveau 2, 3 of 4 niet.",
        "Haal je diploma binnen 10 jaar. Minstens 80 uur, hooguit 4 maanden.",
        "Kijk op 113.nl of duo.nl/particulier/ov-en-reizen/index.jsp.",
        "Er waren 3.000 aanmeldingen voor 500 tot 600 plekken.",
        "Je code is {reference}.",
    ],
)
def test_counts_durations_and_links_are_no_facts(text: str) -> None:
    assert facts_in(text) == []


def test_an_unregistered_fact_is_caught() -> None:
    known = {Fact("phone", "08002000"), Fact("example", "0612345678")}
    assert is_registered(Fact("phone", "08002000"), known)
    assert is_registered(Fact("phone", "0612345678"), known)  # an input example
    assert not is_registered(Fact("phone", "09001450"), known)
