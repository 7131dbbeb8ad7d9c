"""What one message in the handoff form tells us, whatever question it answers.

Students answer the question they expect, not the one the bot asked: they type the number
when asked how to be reached, give place and age in one go, or correct the place later.
`read_message` finds a phone number, an e-mail address and an explicit age anywhere in the
text, so the form can keep every value and infer the contact method from it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from bot.age import parse_age
from bot.handoffs.models import CONTACT_EMAIL, CONTACT_PHONE
from bot.handoffs.validation import normalise_email, normalise_phone

# Digit runs with the separators people type: "06 12345678", "06-24681357", "+31 6 1234 5678",
# "0031612345678", "(06) 12 34 56 78".
_PHONE_CANDIDATE = re.compile(r"(?<![\w@])(?:\+|00)?\(?\d[\d\s\-./()]{7,17}\d(?!\w)")
_EMAIL_CANDIDATE = re.compile(r"[^\s@<>(),;:\"']+@[^\s@<>(),;:\"']+\.[^\s@<>(),;:\"'.]+")
# An age said as an age ("17 jaar", "ik ben 17", "17 jr", "bijna 18"), not any number.
_EXPLICIT_AGE = re.compile(
    r"(?:\b(?:ben|word|wordt|werd|age|aged|i'?m|im|leeftijd|bijna)\s+(\d{1,2})\b)|(?:\b(\d{1,2})\s*(?:jaar|jr|j|yo|years?)\b)",
    re.I,
)


@dataclass(frozen=True)
class MessageReading:
    contact_method: Optional[str] = None
    contact_value: Optional[str] = None  # normalised: +31612345678 or name@domain.nl
    age: Optional[int] = None


def find_phone(text: str) -> Optional[str]:
    """The first callable Dutch number in the text, normalised, or None."""
    for match in _PHONE_CANDIDATE.finditer(text or ""):
        candidate = match.group(0).strip()
        if sum(char.isdigit() for char in candidate) < 9:
            continue
        try:
            return normalise_phone(candidate)
        except ValueError:
            continue
    return None


def find_email(text: str) -> Optional[str]:
    for match in _EMAIL_CANDIDATE.finditer(text or ""):
        try:
            return normalise_email(match.group(0).rstrip(".!?"))
        except ValueError:
            continue
    return None


def find_explicit_age(text: str) -> Optional[int]:
    for match in _EXPLICIT_AGE.finditer(text or ""):
        age = parse_age(match.group(1) or match.group(2))
        if age is not None:
            return age
    return None


def read_message(text: str) -> MessageReading:
    if not text or text.startswith("/"):
        return MessageReading()
    email = find_email(text)
    if email:
        return MessageReading(CONTACT_EMAIL, email, find_explicit_age(text))
    without_email = text
    phone = find_phone(without_email)
    if phone:
        return MessageReading(CONTACT_PHONE, phone, find_explicit_age(text))
    return MessageReading(age=find_explicit_age(text))


def without_contact_details(text: str) -> str:
    """The text with phone numbers and e-mail addresses taken out, so "06 1234 5678" is
    never read as postcode 1234."""
    text = _EMAIL_CANDIDATE.sub(" ", text or "")
    return _PHONE_CANDIDATE.sub(lambda m: " " if sum(c.isdigit() for c in m.group(0)) >= 9 else m.group(0), text)
