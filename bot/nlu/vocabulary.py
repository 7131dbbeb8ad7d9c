"""Does a message contain any word the bot knows? Keyboard mashing ("kdjf", "plof blub")
gets a moderate score for some intent from any classifier; knowing that no word in it is
known, by spelling or by its letter triples (so "dienjar" still counts as known), lets the
bot say "Bedoel je…?" instead of guessing "goodbye"."""

from __future__ import annotations

import re
from typing import Iterable

from bot.nlu.crisis_model import fold_text

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
MIN_KNOWN_TRIGRAM_SHARE = 0.5


def words(text: str) -> list[str]:
    return _WORD.findall(fold_text(text))


def trigrams(word: str) -> set[str]:
    padded = f"<{word}>"
    return {padded[i:i + 3] for i in range(len(padded) - 2)}


class Vocabulary:
    def __init__(self, known_words: Iterable[str]) -> None:
        self.words = frozenset(known_words)
        self.trigrams = frozenset(gram for word in self.words for gram in trigrams(word))

    @classmethod
    def from_texts(cls, texts: Iterable[str]) -> "Vocabulary":
        return cls(word for text in texts for word in words(text))

    def knows(self, word: str) -> bool:
        if word in self.words:
            return True
        grams = trigrams(word)
        return len(grams & self.trigrams) / len(grams) >= MIN_KNOWN_TRIGRAM_SHARE

    def is_gibberish(self, text: str) -> bool:
        """True when the message has words and the bot knows none of them. Emoji, numbers
        and an empty vocabulary (nothing trained) never count as gibberish."""
        found = words(text)
        return bool(found) and bool(self.words) and not any(self.knows(word) for word in found)
