"""Mask personal data in student messages before an operator ever sees them.

Students are often minors (AVG): the review file holds only what is needed to label a
message. Masking errs towards removing too much; a masked word never helps a label.
"""

from __future__ import annotations

import re

PHONE = "[telefoonnummer]"
EMAIL = "[e-mail]"
POSTCODE = "[postcode]"
NUMBER = "[nummer]"
NAME = "[naam]"

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# 06-12345678, 06 1234 5678, 010-1234567, (020) 123 45 67, +31 6 12345678, 0031612345678:
# a leading 0 or +31/0031, then 9 digits with optional separators. Service numbers such as
# 0800-0113 have fewer digits and stay readable.
_PHONE = re.compile(r"(?<![\w+])(?:(?:\+|00)31[\s.-]*(?:\(0\)[\s.-]*)?|\(?0)(?:\d[\s.\-)]{0,2}){8}\d(?!\d)")
# A 9-digit number (possibly 123.456.789 or 1234 56 789) can be a BSN.
_NINE_DIGITS = re.compile(r"(?<![\d\w])(?:\d[\s.-]?){8}\d(?![\d\w])")
# Full postcode (PC6). PC4 alone ("5038") names an area, not a person, and the bot needs it.
_POSTCODE_TIGHT = re.compile(r"\b[1-9]\d{3}[A-Za-z]{2}\b")
_POSTCODE_SPACED = re.compile(r"\b([1-9]\d{3})\s+([A-Za-z]{2})\b")
# "in 2019 al", "5038 en": two-letter Dutch words after a number are not postcode letters.
_SHORT_WORDS = {
    "al", "as", "da", "de", "dr", "en", "er", "ga", "ha", "he", "hé", "ik", "in", "is", "je", "ja",
    "me", "na", "nu", "of", "oh", "ok", "om", "op", "te", "to", "tv", "uk", "ul", "we", "wo", "za",
    "ze", "zo", "vd",
}
_NAME_TRIGGER = re.compile(r"\b(?:ik\s+heet|(?:mijn|m'n|mn|me)\s+naam\s+is)\s+", re.IGNORECASE)
_NAME_PARTICLES = {"van", "de", "der", "den", "ter", "ten", "te", "la", "le", "el", "da", "di", "du", "'t"}
# A word that ends a name: the message goes on about something else.
_NOT_A_NAME = {
    "en", "maar", "want", "dus", "of", "ik", "ben", "heb", "wil", "woon", "zit", "kom", "doe", "ga",
    "uit", "jaar", "is", "in", "bij", "op", "hoe", "wat", "wanneer", "waar", "kan", "mag", "moet", "zou", "heet",
    "niet", "wel", "ook", "nog", "al", "btw", "trouwens", "hoi", "hallo", "je", "jij", "u", "mijn",
}
_MAX_NAME_WORDS = 4


def _mask_postcodes(text: str) -> str:
    text = _POSTCODE_TIGHT.sub(POSTCODE, text)

    def spaced(match: re.Match[str]) -> str:
        letters = match.group(2)
        if letters.isupper() or letters.lower() not in _SHORT_WORDS:
            return POSTCODE
        return match.group(0)

    return _POSTCODE_SPACED.sub(spaced, text)


def _mask_names(text: str) -> str:
    result: list[str] = []
    position = 0
    for trigger in _NAME_TRIGGER.finditer(text):
        if trigger.start() < position:
            continue
        result.append(text[position : trigger.end()])
        words = re.finditer(r"[^\s,.!?;:]+", text[trigger.end() :])
        end = trigger.end()
        taken = 0
        for word in words:
            between = text[end : trigger.end() + word.start()]
            lowered = word.group(0).lower()
            if taken and (any(mark in between for mark in ",.!?;:") or lowered in _NOT_A_NAME):
                break
            if taken >= _MAX_NAME_WORDS:
                break
            end = trigger.end() + word.end()
            if lowered not in _NAME_PARTICLES:
                taken += 1
        result.append(NAME)
        position = end
    result.append(text[position:])
    return "".join(result)


def mask_personal_data(text: str) -> str:
    """The message with e-mail addresses, phone numbers, postcodes, BSN-like numbers and names masked."""
    text = _EMAIL.sub(EMAIL, text)
    text = _PHONE.sub(PHONE, text)
    text = _NINE_DIGITS.sub(NUMBER, text)
    text = _mask_postcodes(text)
    return _mask_names(text)
