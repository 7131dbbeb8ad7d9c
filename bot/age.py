"""Ages as students type them ("17", "zeventien", "bijna 18", "17 jr") and the age groups
whose rules differ (leerplicht, bbl pay scale, Doorstroompunt age limit)."""

from __future__ import annotations

import re
from enum import Enum

MIN_PLAUSIBLE_AGE = 10
MAX_PLAUSIBLE_AGE = 99

_UNITS = {
    "een": 1, "één": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6, "zeven": 7,
    "acht": 8, "negen": 9,
}
_TEENS = {
    "tien": 10, "elf": 11, "twaalf": 12, "dertien": 13, "veertien": 14, "vijftien": 15,
    "zestien": 16, "zeventien": 17, "achttien": 18, "negentien": 19,
}
_TENS = {"twintig": 20, "dertig": 30, "veertig": 40, "vijftig": 50, "zestig": 60}
_COMPOUND = re.compile(
    r"(?P<unit>" + "|".join(sorted(_UNITS, key=len, reverse=True)) + r")[eë]?n(?P<tens>"
    + "|".join(_TENS) + r")"
)
_DIGITS = re.compile(r"(?<![\d,.])(\d{1,2})(?![\d,.])")


class AgeGroup(str, Enum):
    UNDER_16 = "under_16"
    AGE_16_17 = "16_17"
    AGE_18_20 = "18_20"
    AGE_21_26 = "21_26"
    AGE_27_PLUS = "27_plus"


def _word_to_number(word: str) -> int | None:
    word = word.lower()
    if word in _TEENS:
        return _TEENS[word]
    if word in _TENS:
        return _TENS[word]
    match = _COMPOUND.fullmatch(word)
    if match:
        return _TENS[match["tens"]] + _UNITS[match["unit"]]
    return None


def parse_age(text: str | float | int | None) -> int | None:
    """The first plausible age in `text`, or None."""
    if text is None:
        return None
    if isinstance(text, (int, float)):
        value = int(text)
        return value if MIN_PLAUSIBLE_AGE <= value <= MAX_PLAUSIBLE_AGE else None
    for match in _DIGITS.finditer(text):
        value = int(match.group(1))
        if MIN_PLAUSIBLE_AGE <= value <= MAX_PLAUSIBLE_AGE:
            return value
    for word in re.findall(r"[a-zë]+", text.lower()):
        value = _word_to_number(word)
        if value is not None and MIN_PLAUSIBLE_AGE <= value <= MAX_PLAUSIBLE_AGE:
            return value
    return None


def age_group(age: int) -> AgeGroup:
    if age < 16:
        return AgeGroup.UNDER_16
    if age < 18:
        return AgeGroup.AGE_16_17
    if age < 21:
        return AgeGroup.AGE_18_20
    if age < 27:
        return AgeGroup.AGE_21_26
    return AgeGroup.AGE_27_PLUS
