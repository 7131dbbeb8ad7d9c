"""Turn what a student types ("ik woon in den bosch", "5038 AB", "amsterdm") into a gemeente.

Order: postcode, exact name (gemeente, spelling variant, woonplaats, district), then a
typo-tolerant match. The resolver never guesses silently: a name in several gemeenten is
"ambiguous", a border postcode or a doubtful typo is "confirm", and anything else it cannot
place is "unknown", so the bot asks again or asks for the postcode.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Literal

from rapidfuzz import process

from bot.regions.directory import Region, RegionDirectory, load_directory
from bot.regions.names import compact, normalise
from bot.regions.vocabulary import PlaceEntry, Vocabulary, load_vocabulary
from bot.regions.words import FUZZY_CONFIRM_SCORE, FUZZY_FOUND_SCORE, FUZZY_MIN_LENGTH, FUZZY_SCORER

Status = Literal["found", "ambiguous", "unknown", "confirm"]
Matched = Literal["postcode", "gemeente", "woonplaats", "fuzzy"]

MAX_INPUT_CHARS = 1000  # a location answer is short; this bounds the work on pasted essays
FUZZY_MAX_WORDS = 2  # more content words than this is a sentence, not a misspelt name
FUZZY_RIVAL_MARGIN = 0.05  # another gemeente this close to the best score makes it ambiguous
MAX_CANDIDATES = 6
COMPACT_MIN_LENGTH = 6

# 4 digits not starting with 0, optional space and 2 letters; only the PC4 is kept (AVG).
_POSTCODE = re.compile(r"(?<![0-9])([1-9][0-9]{3})(\s?[a-z]{2})?(?![0-9a-z])", re.IGNORECASE)
# "in 2024 gestopt": a bare number that could be a year is only a postcode when the message
# says so or holds nothing else. PC4s 1950-2039 exist (Alkmaar, Haarlem), so "2024" alone counts.
_YEARS = range(1950, 2040)
_POSTCODE_WORDS = frozenset({"postcode", "pc", "pc4"})
# "neeee", "amsterdammm": no Dutch place name has a letter three times in a row.
_ELONGATION = re.compile(r"(.)\1{2,}")

# Words around a place name in a location answer; they never make a message "more" than a name.
FILLER_WORDS = frozenset(
    """
    ik je jij u wij we mijn m mn me ons onze i my
    woon wonen woont woonde woonachtig zit zitten kom komt kwam vandaan ben is zijn was live from
    in op te bij uit vanuit van naar rond nabij vlakbij dichtbij richting buurt omgeving omstreken
    ergens net near de het een t s die dat daar hier heet genaamd namelijk the
    gemeente woonplaats plaats plaatsje stad dorp dorpje regio wijk postcode
    dus ja jaa jep yes hoor eh euh uh uhm ehm hmm hm gewoon nou oke ok okay oh ofzo zo toch wel
    noord zuid oost west noordoost noordwest zuidoost zuidwest centrum midden
    holland brabant limburg gelderland overijssel drenthe friesland fryslan flevoland nederland nl
    nb nh zh gld ov fr gn dr lb
    """.split()
)
# Parts of multi-word names; they do not make a message longer than a name ("capelle aan den ijssel").
NAME_PARTICLES = frozenset("aan den der ter ten en a d ad sint st".split())
LEADING_PARTICLES = frozenset("den de het t s sint st".split())
# Words that may end a message after the place name without changing what it names.
TRAILING_WORDS = frozenset("hoor dus ofzo toch eh euh hmm ja zo haha".split())
# Words after which an everyday word ("best", "echt") is read as a place: "ik woon in best".
CUE_WORDS = frozenset(
    "in uit bij vanuit nabij vlakbij dichtbij rond richting omgeving gemeente woonplaats dorp stad".split()
)
# "van" only after these: "in de buurt van best", but not "ik hou van dieren".
CUE_BEFORE_VAN = frozenset("buurt omgeving regio omstreken kant noorden zuiden oosten westen".split())


@dataclass(frozen=True)
class Resolution:
    """What a message says about where the student lives.

    found      gemeente and region are set.
    confirm    gemeente and region are set, but the bot should ask "klopt dat?": a postcode
               that crosses a region border, a doubtful typo, or an everyday phrase.
    ambiguous  candidates holds the gemeenten it may be; ask which one (choices are answers
               that resolve to one of them), or for the postcode. region is set when they
               all lie in one region.
    unknown    nothing usable; matched == "postcode" when the postcode is not in the data.
    """

    status: Status
    gemeente: str | None = None  # official name, e.g. "'s-Hertogenbosch"
    region: Region | None = None  # also set for "ambiguous" when all candidates share a region
    candidates: tuple[str, ...] = ()  # for "ambiguous": the gemeenten it may be, likeliest first
    # For "ambiguous": one answer per candidate that resolves to exactly that gemeente, e.g.
    # "gemeente Laren"; use these as button payloads ("Laren" itself is ambiguous again).
    choices: tuple[str, ...] = ()
    matched: Matched | None = None
    text: str = ""  # the matched part as normalised text; for a postcode only the 4 digits
    score: float | None = None  # fuzzy similarity 0-100 when matched == "fuzzy"


@dataclass(frozen=True)
class _Match:
    start: int
    end: int
    key: str
    entry: PlaceEntry
    doubtful: bool = False  # an everyday phrase in a sentence ("ik woon in de wijk"): confirm it


class PlaceResolver:
    def __init__(self, directory: RegionDirectory, vocabulary: Vocabulary | None = None) -> None:
        self._directory = directory
        vocabulary = vocabulary or load_vocabulary(directory)
        self._entries = vocabulary.entries
        self._word_rules = vocabulary.word_rules
        self._near_place_words = vocabulary.near_place_words
        # Names typed as one word ("denhaag"); short ones are left out because "adam" is a name.
        self._by_compact: dict[str, str] = {}
        for key in sorted(self._entries, key=len):
            if " " in key and len(compact(key)) >= COMPACT_MIN_LENGTH:
                self._by_compact.setdefault(compact(key), key)
        # Typo candidates share the first letter and the number of words with the input.
        self._fuzzy_choices: dict[tuple[str, int], list[str]] = defaultdict(list)
        for key in self._entries:
            if self._word_rules.get(key) != "never":
                self._fuzzy_choices[(key[0], key.count(" ") + 1)].append(key)
        self._longest_name = max(len(key.split()) for key in self._entries)

    def resolve(self, text: str) -> Resolution:
        text = (text or "")[:MAX_INPUT_CHARS]
        tokens = normalise(_ELONGATION.sub(r"\1\1", text)).split()
        postcode = _POSTCODE.search(text)
        if postcode and _is_probably_a_year(postcode, tokens):
            postcode = None
        if postcode:
            by_postcode = self._by_postcode(postcode.group(1))
            if by_postcode:
                return by_postcode
        matches = self._exact_matches(tokens)
        exact = self._from_matches(matches) if matches else None
        # A misspelt long name may start with a real short one: "bergen op zom" is not Bergen.
        longest_exact = max((match.end - match.start for match in matches), default=0)
        fuzzy = self._fuzzy(tokens, min_words=longest_exact + 1)
        if fuzzy and (exact is None or fuzzy.status == "found"):
            return fuzzy
        if exact:
            return exact
        if postcode:
            return Resolution("unknown", matched="postcode", text=postcode.group(1))
        return Resolution("unknown")

    # --- postcode
    def _by_postcode(self, pc4: str) -> Resolution | None:
        gemeente = self._directory.gemeente_for_pc4(pc4)
        if gemeente is None:
            return None
        status: Status = "confirm" if self._directory.is_border_pc4(pc4) else "found"
        return self._single(status, gemeente.name, "postcode", pc4)

    # --- exact names, anywhere in the message
    def _exact_matches(self, tokens: list[str]) -> list[_Match]:
        matches: list[_Match] = []
        position = 0
        while position < len(tokens):
            match = self._longest_match_at(tokens, position)
            if match is None:
                position += 1
                continue
            verdict = self._plausibility(match, tokens)
            if verdict != "implausible":
                matches.append(replace(match, doubtful=verdict == "doubtful"))
            position = match.end
        return matches

    def _longest_match_at(self, tokens: list[str], start: int) -> _Match | None:
        for size in range(min(self._longest_name, len(tokens) - start), 0, -1):
            key = " ".join(tokens[start : start + size])
            if size == 1 and key not in self._entries:
                key = self._by_compact.get(key, key)  # "denhaag", "shertogenbosch"
            entry = self._entries.get(key)
            if entry:
                if start > 0 and tokens[start - 1] == "gemeente" and len(entry.named_gemeenten) == 1:
                    # "gemeente heusden" is the gemeente, not the hamlet Heusden in Asten.
                    entry = PlaceEntry(entry.named_gemeenten, "gemeente", entry.named_gemeenten)
                return _Match(start, start + size, key, entry)
        return None

    def _plausibility(self, match: _Match, tokens: list[str]) -> Literal["plausible", "doubtful", "implausible"]:
        """Everyday words count as a place only alone, or after "in", "uit", "bij", ..."""
        rule = self._word_rules.get(match.key)
        if rule is None:
            return "plausible"
        if rule == "never":
            return "implausible"
        others = tokens[: match.start] + tokens[match.end :]
        if not others:
            return "plausible"
        if rule == "alone":
            # "ik woon in de wijk" may be the village; "in heel nederland", "in een dorp" are not.
            after = tokens[match.end :]
            if all(token in FILLER_WORDS for token in others) and all(t in TRAILING_WORDS for t in after):
                return "doubtful"
            return "implausible"
        # "ben je echt" is all filler around "echt" too, so a cue word is needed in a sentence.
        return "plausible" if _after_cue(tokens, match.start) else "implausible"

    def _from_matches(self, matches: list[_Match]) -> Resolution:
        if len(matches) > 1:
            # "ik woon in heel nederland": phrases are only places when nothing else is.
            certain = [match for match in matches if not match.doubtful]
            if not certain:
                return Resolution("unknown")
            matches = certain
        kind: Matched = matches[0].entry.kind
        unique = _distinct(m.entry.gemeenten[0] for m in matches if len(m.entry.gemeenten) == 1)
        if len(unique) == 1:
            # "laren, gemeente lochem": the unambiguous name settles the ambiguous one.
            match = next(m for m in matches if m.entry.gemeenten == (unique[0],))
            status: Status = "confirm" if match.doubtful else "found"
            return self._single(status, unique[0], match.entry.kind, match.key)
        if unique:
            return self._ambiguous(unique, kind, " / ".join(m.key for m in matches))
        shared = set.intersection(*(set(m.entry.gemeenten) for m in matches))
        if len(shared) == 1:
            return self._single("found", shared.pop(), kind, matches[0].key)
        candidates = _distinct(name for m in matches for name in m.entry.gemeenten if not shared or name in shared)
        return self._ambiguous(candidates, kind, " / ".join(m.key for m in matches))

    # --- typos
    def _fuzzy(self, tokens: list[str], min_words: int = 1) -> Resolution | None:
        def is_content(token: str) -> bool:
            return token not in FILLER_WORDS and token not in NAME_PARTICLES and not token.isdigit()

        if not 1 <= sum(map(is_content, tokens)) <= FUZZY_MAX_WORDS:
            return None
        # Spans that end with a content word and start with one or with "den", "de", "'s", ...;
        # other words may sit inside ("bergen op zom", "capele aan den ijsel", "den boch").
        queries = _distinct(
            " ".join(tokens[start:end])
            for start in range(len(tokens))
            for end in range(start + min_words, min(start + self._longest_name, len(tokens)) + 1)
            if (is_content(tokens[start]) or tokens[start] in LEADING_PARTICLES) and is_content(tokens[end - 1])
        )
        best: tuple[float, str, list[tuple[str, float]]] | None = None
        for query in queries:
            if len(compact(query)) < FUZZY_MIN_LENGTH or query in self._near_place_words or query in self._entries:
                continue  # too short, an ordinary word, or a name the exact pass already judged
            found = process.extract(
                query,
                self._fuzzy_choices.get((query[0], query.count(" ") + 1), ()),
                scorer=FUZZY_SCORER,
                score_cutoff=FUZZY_CONFIRM_SCORE,
                limit=8,
            )
            scored = [(key, score) for key, score, _ in found if _words_align(query, key)]
            if scored and (best is None or scored[0][1] > best[0]):
                best = (scored[0][1], query, scored)
        if best is None:
            return None
        top_score, query, scored = best
        close = [key for key, score in scored if score >= top_score - FUZZY_RIVAL_MARGIN]
        candidates = _distinct(name for key in close for name in self._entries[key].gemeenten)
        if len(candidates) > 1:
            return self._ambiguous(candidates, "fuzzy", query, top_score)
        status: Status = "found" if top_score >= FUZZY_FOUND_SCORE else "confirm"
        return self._single(status, candidates[0], "fuzzy", query, top_score)

    # --- results
    def _single(
        self, status: Status, gemeente: str, matched: Matched, text: str, score: float | None = None
    ) -> Resolution:
        region = self._directory.region_for_gemeente(gemeente)
        return Resolution(status, gemeente, region, (), (), matched, text, _rounded(score))

    def _ambiguous(
        self, candidates: list[str], matched: Matched, text: str, score: float | None = None
    ) -> Resolution:
        candidates = candidates[:MAX_CANDIDATES]
        regions = {self._directory.region_for_gemeente(name) for name in candidates}
        region = regions.pop() if len(regions) == 1 else None
        choices = tuple(f"gemeente {name}" for name in candidates)
        return Resolution("ambiguous", None, region, tuple(candidates), choices, matched, text, _rounded(score))


def _is_probably_a_year(postcode: re.Match[str], tokens: list[str]) -> bool:
    if postcode.group(2) or int(postcode.group(1)) not in _YEARS:
        return False
    if _POSTCODE_WORDS & set(tokens):
        return False
    return any(token not in FILLER_WORDS and token != postcode.group(1) for token in tokens)


def _after_cue(tokens: list[str], start: int) -> bool:
    previous = tokens[start - 1] if start > 0 else ""
    if previous == "van":
        return start > 1 and tokens[start - 2] in CUE_BEFORE_VAN
    return previous in CUE_WORDS


def _words_align(query: str, key: str) -> bool:
    """Multi-word names match word by word: "den boch" ~ "den bosch", not "oud aarde" ~ "oud ade"."""
    if " " not in query:
        return True
    return all(
        word == key_word or (len(word) >= 3 and FUZZY_SCORER(word, key_word) >= FUZZY_CONFIRM_SCORE)
        for word, key_word in zip(query.split(), key.split())
    )


def _distinct(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _rounded(score: float | None) -> float | None:
    return None if score is None else round(score * 100, 1)


@lru_cache(maxsize=1)
def load_resolver() -> PlaceResolver:
    """The resolver over data/regions, built once per process."""
    return PlaceResolver(load_directory())
