"""Crisis triage: two signals, one decision, and which answer fits.

- The backstop (bot/nlu/crisis.py) matched → a clear crisis.
- The crisis model's probability is at or above `clear_threshold` → a clear crisis.
- It is at or above `possible_threshold`, or the intent classifier ranked `crisis` first
  → a possible crisis: a short check-in that already gives 113, 112 and a person.

Which answer a clear crisis gets depends on the situation (docs/crisis.md): one for
suicidal thoughts and self-harm, one for violence or danger at home, one for threats and
abuse outside the home, one for acute danger, one for worry about someone else. The kind is
read from the words of the message; when it says nothing specific, it is `self`, whose
answer (113 and 112) fits every crisis.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from bot.nlu.crisis_model import fold_text


class CrisisLevel(str, Enum):
    CLEAR = "clear"
    POSSIBLE = "possible"


class CrisisKind(str, Enum):
    SELF = "self"
    HOME = "home"
    THREAT = "threat"
    DANGER = "danger"
    FRIEND = "friend"


@dataclass(frozen=True)
class Thresholds:
    possible: float
    clear: float


@dataclass(frozen=True)
class Triage:
    level: CrisisLevel
    kind: CrisisKind
    reason: str  # "backstop:<rule>", "model:<p>" or "classifier:<p>", for logs and reviews


def _words(*patterns: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(patterns) + r")\b")


# Someone else is the one in danger: a friend, sibling or classmate, and no "me" as object.
_OTHER_PERSON = _words(
    r"(?:mijn|mn|m'n|onze|ons|my|a|een)\s+(?:beste\s+|best\s+)?(?:vriend\w*|bestie|bff|maat|"
    r"zus\w*|broer\w*|nicht\w*|neef|klasgeno\w+|friend|sister|brother|girlfriend|boyfriend|mate)",
    r"iemand\s+(?:in|uit)\s+mijn\s+klas", r"someone\s+in\s+my\s+class",
)
_WORRY = _words(r"zorgen\s+(?:om|over|voor)", r"worried\s+about", r"bang\s+dat\s+(?:ze|hij)")
_ME_AS_OBJECT = _words("me", "mij", "mezelf", "mijzelf", "myself", "ik", "i")
_DANGER_NOW = _words(
    r"mes", r"messen", r"knife", r"wapen", r"pistool", r"gun", r"voor\s+(?:de|mijn|mn|onze)\s+deur",
    r"aan\s+de\s+deur", r"at\s+the\s+door", r"achtervolgt", r"volgt\s+me", r"gevolgd",
    r"following\s+me", r"breekt\s+in", r"inbreker", r"inbreken", r"breaking\s+in",
    r"komt\s+eraan", r"is\s+coming", r"help\s+(?:hij|ze|he)", r"in\s+gevaar", r"in\s+danger",
    r"net\s+(?:\w+\s+){0,3}(?:pillen|pills)\s+(?:genomen|ingenomen|geslikt)", r"took\s+(?:\w+\s+){0,2}pills",
)
_SELF = _words(
    r"zelfmoord\w*", r"zelfdoding\w*", r"suicid\w*", r"dood", r"sterven", r"doodgaan", r"die",
    r"leven", r"live", r"kill\s+my\s*self", r"unalive\w*", r"snij\w*", r"gesneden", r"kras\w*",
    r"gekrast", r"cut\w*", r"self\s*harm", r"mezelf", r"mijzelf", r"myself", r"zin\s+meer",
    r"end\s+it", r"eind\w*\s+aan", r"weg\s+zijn", r"wakker", r"pillen", r"touw",
)
_HOME = _words(
    r"thuis", r"huis", r"home", r"house", r"vader", r"pa", r"papa", r"paps", r"moeder", r"ma", r"mama",
    r"mams", r"stief\w*", r"ouders?", r"oom", r"opa", r"oma", r"tante", r"dad", r"mom", r"mum",
    r"father", r"mother", r"step\w*", r"parents?", r"uncle", r"slaapkamer", r"bedroom", r"op\s+straat",
    r"buiten\s+slapen", r"slaapplek", r"slapen", r"eruit\s+gegooid", r"kicked\s+out", r"dakloos",
    r"homeless", r"opgesloten", r"locked", r"eten",
    # being hit by someone close (a parent, a partner): Veilig Thuis is for that too
    r"slaat", r"sloeg", r"schopt", r"schopte", r"mishandel\w*", r"geslagen", r"hits", r"beats",
    r"hit\s+me", r"beat\s+me", r"keel", r"throat", r"wurg\w*", r"choke\w*",
)
_THREAT = _words(
    r"naakt\w*", r"nudes?", r"foto'?s", r"pics", r"chant\w*", r"afgeperst", r"sextortion",
    r"loverboy", r"drugs", r"pakketjes?", r"dealen", r"schuld\w*", r"bedreig\w*", r"dreig\w*",
    r"stalk\w*", r"trouwen", r"huwelijk", r"uithuwelijk\w*", r"marry", r"marriage", r"eer",
    r"honou?r", r"verkracht\w*", r"aangerand", r"misbruik\w*", r"abuse\w*", r"rape\w*",
    r"threat\w*", r"blackmail\w*", r"seks", r"sex",
)
_HOME_WORDS_IN_SELF_SENSE = _words(r"huiswerk")
# Suicidal thoughts or self-harm said outright: the 113 answer comes first even when home
# is named too ("mijn vader slaat me en ik wil niet meer leven"), as style.md (c) asks.
_SELF_OUTRIGHT = _words(
    r"zelfmoord\w*", r"zelfdoding\w*", r"suicid\w*", r"wil\s+(?:\w+\s+){0,2}(?:dood|sterven|doodgaan)",
    r"niet\s+meer\s+(?:leven|wakker|zijn|bestaan)", r"kill\s+my\s*self", r"unalive\w*",
    r"end\s+(?:it|my\s+life)", r"(?:want|wanna)\s+(?:to\s+)?die", r"self\s*harm\w*",
    r"eind\w*\s+aan\s+(?:mijn|m'n|mn|het)?\s*leven", r"(?:snij|kras|brand)\w*\s+(?:me|mezelf|mijzelf)",
    r"mezelf\s+(?:\w+\s+){0,3}(?:snijden|krassen|pijn|iets\s+aan)",
)


def crisis_kind(text: str) -> CrisisKind:
    """Which crisis answer fits `text` best (see the module docstring)."""
    folded = fold_text(text)
    mentions_other = bool(_OTHER_PERSON.search(folded))
    if mentions_other and (_WORRY.search(folded) or not _ME_AS_OBJECT.search(folded)):
        return CrisisKind.FRIEND
    if _SELF_OUTRIGHT.search(folded):
        return CrisisKind.SELF
    if _DANGER_NOW.search(folded):
        return CrisisKind.DANGER
    home = bool(_HOME.search(_HOME_WORDS_IN_SELF_SENSE.sub(" ", folded)))
    threat = bool(_THREAT.search(folded))
    if _SELF.search(folded) and not (home or threat):
        return CrisisKind.SELF
    if home:
        return CrisisKind.HOME
    if threat:
        return CrisisKind.THREAT
    return CrisisKind.SELF


def is_question(text: str) -> bool:
    """A question to the bot ("en als ik dat niet durf?"): on the model's word alone it gets
    the check-in, never the full crisis answer; a crisis the rules recognise stays clear."""
    return text.strip().endswith("?")


def triage(
    text: str,
    backstop_rule: str | None,
    model_probability: float,
    classifier_crisis_first: bool,
    thresholds: Thresholds,
) -> Triage | None:
    """The crisis decision for one message, or None when it is not a crisis."""
    if backstop_rule is not None:
        return Triage(CrisisLevel.CLEAR, crisis_kind(text), f"backstop:{backstop_rule}")
    if model_probability >= thresholds.clear and not is_question(text):
        return Triage(CrisisLevel.CLEAR, crisis_kind(text), f"model:{model_probability:.3f}")
    if model_probability >= thresholds.possible:
        return Triage(CrisisLevel.POSSIBLE, crisis_kind(text), f"model:{model_probability:.3f}")
    if classifier_crisis_first:
        return Triage(CrisisLevel.POSSIBLE, crisis_kind(text), "classifier")
    return None
