"""What the handoff form needs to understand and say, without Rasa: stop words, contact
methods, the route by age, the summary and the region's public contact details."""

from __future__ import annotations

import re
from enum import Enum

from bot.handoffs.models import CONTACT_EMAIL, CONTACT_PHONE, CONTACT_TELEGRAM
from bot.regions import Region

STOP_PHRASES = (
    "stop", "stoppen maar", "laat maar", "laat maar zitten", "laat ook maar", "toch niet",
    "nee toch niet", "ik wil niet meer", "hou op", "houd op", "annuleer", "annuleren", "cancel",
    "vergeet het", "ik hoef niet meer", "nee laat maar", "hoeft niet meer", "nvm", "never mind",
    "nevermind", "forget it", "ik stop", "stop maar", "nee bedankt",
)
_STOP = re.compile(r"^\W*(?:" + "|".join(re.escape(p) for p in STOP_PHRASES) + r")\W*$", re.I)

_CONTACT_WORDS = {
    CONTACT_PHONE: ("bel", "bellen", "telefoon", "tel", "telefonisch", "nummer", "phone", "06", "gebeld", "app"),
    CONTACT_EMAIL: ("mail", "email", "e-mail", "mailen", "gemaild", "mailtje"),
    CONTACT_TELEGRAM: ("telegram", "hier", "chat", "bericht", "berichtje"),
}


# Inside a longer message these two are too often part of an answer ("ik woon toch niet
# in Tilburg"); they count only on their own.
_ONLY_ON_THEIR_OWN = ("toch niet", "ik wil niet meer")
_STOP_INSIDE = re.compile(
    r"(?<!\w)(?:" + "|".join(re.escape(p) for p in STOP_PHRASES if p not in _ONLY_ON_THEIR_OWN) + r")(?!\w)", re.I
)
STOP_MAX_WORDS = 7


def wants_to_stop(text: str | None) -> bool:
    """"stop", "laat maar", "stop, laat maar", "nee hoeft niet meer, laat maar": a short
    message that says to stop. A longer one ("ik woon toch niet in Tilburg maar in Breda")
    is an answer, not a way out."""
    if not text or not text.strip():
        return False
    if _STOP.match(text.strip()):
        return True
    return len(text.split()) <= STOP_MAX_WORDS and bool(_STOP_INSIDE.search(text))


def parse_contact_method(text: str | None, telegram_allowed: bool) -> str | None:
    words = re.findall(r"[\w-]+", (text or "").lower())
    for method, keys in _CONTACT_WORDS.items():
        if method == CONTACT_TELEGRAM and not telegram_allowed:
            continue
        if any(word in keys for word in words):
            return method
    if "@" in (text or ""):
        return CONTACT_EMAIL
    return None


class AgeRoute(str, Enum):
    LEERPLICHT = "leerplicht"  # under 18: the leerplichtambtenaar, together with the Doorstroompunt
    DOORSTROOMPUNT = "doorstroompunt"  # 18 to 26
    GEMEENTE = "gemeente"  # 27 and older: the Doorstroompunt age limit is 27 (since 1 January 2026)


def route_for_age(age: int) -> AgeRoute:
    if age < 18:
        return AgeRoute.LEERPLICHT
    if age < 27:
        return AgeRoute.DOORSTROOMPUNT
    return AgeRoute.GEMEENTE


def region_contact_lines(region: Region | None) -> str:
    """Public contact details of the region's Doorstroompunt, or the way via the gemeente."""
    if region is None or not region.has_contact_details:
        return "Je gemeente weet hoe je het Doorstroompunt bereikt. Bel of mail je gemeente en vraag ernaar."
    lines = [f"{region.display_name}:"]
    if region.website:
        lines.append(f"• Website: {region.website}")
    if region.phone:
        lines.append(f"• Telefoon: {region.phone}")
    if region.email:
        lines.append(f"• E-mail: {region.email}")
    return "\n".join(lines)


def contact_label(method: str, value: str | None) -> str:
    if method == CONTACT_PHONE:
        return f"bellen naar {value}"
    if method == CONTACT_EMAIL:
        return f"mailen naar {value}"
    return "een bericht hier in Telegram"


def summary_text(*, gemeente: str, region: Region, age: int, method: str, value: str | None) -> str:
    lines = [
        "Dit stuur ik door naar een coach:",
        f"• Gemeente: {gemeente} ({region.display_name})",
        f"• Leeftijd: {age}",
        f"• Contact: {contact_label(method, value)}",
        "",
        "Klopt dit?",
    ]
    return "\n".join(lines)
