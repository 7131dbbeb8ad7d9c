"""Which language a student wrote in, with lingua (models ship inside the wheel, no download).

Students mix English words into Dutch all the time ("sorry bro ik snap het niet", "thx"),
so a message only counts as another language when lingua is confident, the message has a
few words, and it is not full of Dutch function words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

# Languages students in the Netherlands commonly write besides Dutch.
CANDIDATES = (
    Language.DUTCH, Language.ENGLISH, Language.GERMAN, Language.FRENCH, Language.SPANISH,
    Language.TURKISH, Language.POLISH, Language.ARABIC, Language.PORTUGUESE, Language.UKRAINIAN,
)
MIN_WORDS = 3
MIN_CONFIDENCE = 0.25
# How many times likelier than Dutch another language must be; less when the message also
# carries several English function words, the language most mixed into Dutch chat.
MIN_RATIO = 2.5
MIN_RATIO_WITH_ENGLISH_WORDS = 1.5
_DUTCH_FUNCTION_WORDS = frozenset(
    "ik je jij het een de niet wil wat met mijn maar ook kan hoe waar wanneer dat dit en of "
    "voor naar op van heb ben is zijn mag moet".split()
)
_ENGLISH_FUNCTION_WORDS = frozenset(
    "i you the to can want what how do does my please where need with and a an am are have "
    "for talk speak english hello hi thanks".split()
)
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


@dataclass(frozen=True)
class LanguageGuess:
    iso_code: str  # ISO 639-1, e.g. "en"
    confidence: float

    @property
    def is_dutch(self) -> bool:
        return self.iso_code == "nl"


@lru_cache(maxsize=1)
def _detector() -> LanguageDetector:
    return LanguageDetectorBuilder.from_languages(*CANDIDATES).with_preloaded_language_models().build()


def detect_language(text: str) -> LanguageGuess:
    """The language of `text`; Dutch unless the evidence for another language is strong."""
    words = [word.lower() for word in _WORD.findall(text or "")]
    if len(words) < MIN_WORDS or sum(word in _DUTCH_FUNCTION_WORDS for word in words) >= 2:
        return LanguageGuess("nl", 1.0)
    values = _detector().compute_language_confidence_values(text)
    best = values[0]
    dutch = next(value.value for value in values if value.language == Language.DUTCH)
    if best.language == Language.DUTCH or best.value < MIN_CONFIDENCE:
        return LanguageGuess("nl", dutch)
    english_words = sum(word in _ENGLISH_FUNCTION_WORDS for word in words)
    ratio = MIN_RATIO_WITH_ENGLISH_WORDS if best.language == Language.ENGLISH and english_words >= 2 else MIN_RATIO
    if best.value < ratio * dutch:
        return LanguageGuess("nl", dutch)
    return LanguageGuess(best.language.iso_code_639_1.name.lower(), best.value)
