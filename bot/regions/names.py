"""Place-name normalisation shared by the resolver and the NLU lookup builder.

Students type names without accents, hyphens or the leading "'s", so every name is reduced
to a plain key: lower case ASCII letters and digits separated by single spaces.
"""

from __future__ import annotations

import re
import unicodedata

_NON_ALPHANUMERIC = re.compile(r"[^a-z0-9]+")

# Official and postal spellings carry a province or "gem. X" suffix to tell homonyms apart
# ("Bergen (L.)", "Bergen L", "Hengelo (Gld)", "Haren Gn", "Alteveer gem Hoogeveen"). Students
# leave it out, so the bare name must also find the place, which makes such names ambiguous on
# purpose: the bot then asks for the postcode.
_SUFFIX_TOKENS = r"L|O|Z|NH|ZH|NB|Gld|GLD|GN|Gn|Ut|AC|ca"
_PROVINCE_SUFFIX = re.compile(
    rf"\s*\((?:{_SUFFIX_TOKENS})\.?\)$|\s(?:{_SUFFIX_TOKENS})$|\sgem\.?\s.+$"
)
# "Hoogvliet Rotterdam", "Nieuwlande Coevorden": a postal name with its gemeente appended.
# Not stripped after an adjective ("Klein Zundert", "Oude Pekela" are names in their own right).
_ADJECTIVES = {"klein", "groot", "nieuw", "nieuwe", "oud", "oude", "noord", "oost", "zuid", "west"}

# "a/d" abbreviates "aan de(n)"; the longer form first, so "aan den" is not half-replaced.
_AAN_DE_FORMS = (" aan den ", " aan de ")


def strip_accents(text: str) -> str:
    if text.isascii():  # most input is plain ASCII; skip the slow decomposition
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def normalise(text: str) -> str:
    """'s-Hertogenbosch -> "s hertogenbosch", Súdwest-Fryslân -> "sudwest fryslan"."""
    return _NON_ALPHANUMERIC.sub(" ", strip_accents(text.casefold())).strip()


def compact(key: str) -> str:
    """Key without spaces, for names typed as one word ("denhaag", "bergenopzoom")."""
    return key.replace(" ", "")


def base_name(name: str) -> str:
    """Name without a province or municipality suffix: "Bergen (NH.)" -> "Bergen"."""
    return _PROVINCE_SUFFIX.sub("", name).strip()


def name_keys(name: str) -> set[str]:
    """Every key under which students may type `name` (official spelling first in meaning).

    Covers: the name itself, the name without province suffix, without a leading "'s",
    "St." written as "Sint" and back, and "aan den" written as "aan de", "a/d" or "ad".
    """
    keys = {normalise(name), normalise(base_name(name))}
    for key in list(keys):
        # "hertogenbosch" for 's-Hertogenbosch; not "waar" for 't Waar: without "'t" such names
        # are everyday words ("veld", "zand").
        if key.startswith("s ") and len(key) > 5:
            keys.add(key[2:])
    for key in list(keys):
        if key.startswith("st "):
            keys.add("sint " + key[3:])
        elif key.startswith("sint "):
            keys.add("st " + key[5:])
        padded = f" {key} "
        for form in _AAN_DE_FORMS:
            if form in padded:
                for short in (" a d ", " ad ", " aan de "):
                    keys.add(padded.replace(form, short, 1).strip())
                break
    keys.discard("")
    return keys


def woonplaats_keys(woonplaats: str, gemeente: str) -> set[str]:
    """Keys for a postal place name; also without an appended gemeente name."""
    keys = name_keys(woonplaats)
    place, gemeente_key = normalise(woonplaats), normalise(gemeente)
    if place.endswith(" " + gemeente_key):
        prefix = place[: -len(gemeente_key) - 1].strip()
        bare = prefix[2:] if prefix.startswith(("s ", "t ")) else prefix  # "'t Loo Oldebroek"
        if bare and " " not in bare and bare not in _ADJECTIVES:
            keys |= name_keys(prefix)
    return keys
