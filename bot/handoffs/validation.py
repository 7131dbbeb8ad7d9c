"""Checks for what a student types in the handoff form.

Errors are `ValueError`s whose message is plain Dutch (B1), so the form can show it as is.
"""

from __future__ import annotations

import re

from bot.handoffs.models import MESSAGE_MAX_CHARS

PHONE_EXAMPLE = "06 12345678"

_PHONE_SEPARATORS = re.compile(r"[\s\-./()]+")
# "+31 (0)6 ..." is a common but wrong way to write the trunk zero; drop it before parsing.
_TRUNK_ZERO_AFTER_COUNTRY = re.compile(r"^(\+|00)31\s*\(0\)")

# National significant numbers (9 digits after the leading 0) that a counsellor can call.
# 06-1..06-5 and 06-8: mobile. 1-5 and 7: geographic area codes. 085/088: company numbers.
# Refused: 066 (pagers), 067 (data), 0800/090x (service), 084/087 (personal assistant), 097 (M2M).
_CALLABLE_NSN = re.compile(r"^(?:6[1-58]\d{7}|[1-57]\d{8}|8[58]\d{7})$")
_SERVICE_NSN = re.compile(r"^(?:80|90)")


def normalise_phone(raw: str) -> str:
    """A Dutch mobile or landline number as E.164 (`+31612345678`), or a Dutch ValueError."""
    text = _TRUNK_ZERO_AFTER_COUNTRY.sub(r"\g<1>31", (raw or "").strip())
    compact = _PHONE_SEPARATORS.sub("", text)
    if not compact:
        raise ValueError(f"Je hebt geen telefoonnummer gegeven. Typ bijvoorbeeld {PHONE_EXAMPLE}.")
    if compact.startswith("+"):
        digits = compact[1:]
        has_country_code = True
    elif compact.startswith("00"):
        digits = compact[2:]
        has_country_code = True
    else:
        digits = compact
        has_country_code = False
    if not digits.isdigit():
        raise ValueError(
            f"Een telefoonnummer heeft alleen cijfers. Typ bijvoorbeeld {PHONE_EXAMPLE}."
        )
    if has_country_code:
        if not digits.startswith("31"):
            raise ValueError(
                "Ik kan alleen een Nederlands nummer doorgeven. "
                f"Dat begint met 06 of met een netnummer, zoals {PHONE_EXAMPLE}."
            )
        national = digits[2:]
        if len(national) == 10 and national.startswith("0"):
            national = national[1:]  # "+31 06 ...": the trunk zero typed after the country code
    elif digits.startswith("0"):
        national = digits[1:]
    elif digits.startswith("31") and len(digits) == 11:
        national = digits[2:]  # "31612345678": country code without + or 00
    else:
        raise ValueError(
            f"Een Nederlands nummer begint met 0, zoals {PHONE_EXAMPLE}. Klopt je nummer?"
        )
    if _SERVICE_NSN.match(national):
        raise ValueError(
            "Een 0800- of 0900-nummer kan een coach niet gebruiken. "
            "Geef je eigen 06-nummer of een vast nummer."
        )
    if len(national) < 9:
        raise ValueError(
            f"Dit nummer is te kort. Een Nederlands nummer heeft 10 cijfers, zoals {PHONE_EXAMPLE}."
        )
    if len(national) > 9:
        raise ValueError(
            f"Dit nummer is te lang. Een Nederlands nummer heeft 10 cijfers, zoals {PHONE_EXAMPLE}."
        )
    if not _CALLABLE_NSN.match(national):
        raise ValueError(
            f"Dit nummer bestaat niet in Nederland. Kijk het nog even na. Voorbeeld: {PHONE_EXAMPLE}."
        )
    return f"+31{national}"


EMAIL_EXAMPLE = "naam@voorbeeld.nl"
_EMAIL_LOCAL_ATOM = re.compile(r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+$")
_DOMAIN_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
_TOP_LEVEL = re.compile(r"^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$")


def normalise_email(raw: str) -> str:
    """An e-mail address with a lower-case domain, or a Dutch ValueError. Checks syntax only."""
    text = (raw or "").strip()
    if text.lower().startswith("mailto:"):
        text = text[len("mailto:"):]
    error = ValueError(f"Dit e-mailadres klopt niet. Een e-mailadres ziet eruit als {EMAIL_EXAMPLE}.")
    if not text:
        raise ValueError(f"Je hebt geen e-mailadres gegeven. Typ bijvoorbeeld {EMAIL_EXAMPLE}.")
    if text.count("@") != 1 or len(text) > 254 or any(char.isspace() for char in text):
        raise error
    local, domain = text.split("@")
    if not local or len(local) > 64:
        raise error
    if not all(_EMAIL_LOCAL_ATOM.match(atom) for atom in local.split(".")):
        raise error  # also catches empty atoms: leading, trailing or double dots
    domain = domain.lower()
    try:
        ascii_domain = domain.encode("idna").decode("ascii")
    except UnicodeError:
        raise error from None
    labels = ascii_domain.split(".")
    if len(labels) < 2 or not all(_DOMAIN_LABEL.match(label) for label in labels):
        raise error
    if not _TOP_LEVEL.match(labels[-1]):
        raise error
    return f"{local}@{domain}"


_TELEGRAM_USERNAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{3,31}$")


def normalise_telegram_username(raw: str | None) -> str | None:
    """`@name` or None. Optional: without it the counsellor answers through the bot's chat."""
    text = (raw or "").strip()
    if not text:
        return None
    text = text.removeprefix("https://t.me/").removeprefix("t.me/").lstrip("@")
    if not _TELEGRAM_USERNAME.match(text):
        raise ValueError("Deze Telegram-naam klopt niet. Een Telegram-naam ziet eruit als @naam.")
    return f"@{text}"


def clean_message(raw: str | None) -> str | None:
    text = (raw or "").strip()
    if not text:
        return None
    if len(text) > MESSAGE_MAX_CHARS:
        raise ValueError(
            f"Je bericht is te lang. Gebruik maximaal {MESSAGE_MAX_CHARS} tekens."
        )
    return text


MIN_AGE = 10
MAX_AGE = 99


def check_age(age: int | None) -> int | None:
    if age is None:
        return None
    if isinstance(age, bool) or not isinstance(age, int) or not MIN_AGE <= age <= MAX_AGE:
        raise ValueError("Deze leeftijd klopt niet. Typ je leeftijd in cijfers, bijvoorbeeld 17.")
    return age
