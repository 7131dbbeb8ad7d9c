"""A deterministic crisis detector: high-risk Dutch (and English) phrasings, matched on lemmas.

The intent classifier is statistical and may miss a crisis phrased in a way it never saw.
These rules are the backstop: when one matches, the message is a crisis whatever the
classifier said. They are deliberately narrow (every pattern is a phrase a counsellor
would call high-risk) and guarded against the school senses of "stoppen" and
"het niet zitten", which students use all the time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc

from bot.nlu.crisis_model import fold_text as _fold
from bot.nlu.crisis_situations import situation_match
from bot.nlu.dutch import shared_dutch_nlp

# Words that appear on their own in a crisis message and almost never elsewhere.
# Matched on the lower-cased token text, so compounds such as "zelfmoordgedachten" are listed.
RISK_WORDS = (
    "zelfmoord", "zelfmoorden", "zelfmoordgedachten", "zelfmoordgedachte", "zelfmoordneigingen",
    "zelfmoordpoging", "zelfmoort", "zelmoord", "selfmoord",
    "zelfdoding", "zelfdodingsgedachten", "suicide", "suicidaal", "suicidale",
    "zelfbeschadiging", "automutilatie", "verkracht", "verkrachting", "aangerand", "aanranding",
    "incest", "mishandeling", "mishandeld", "kindermishandeling", "huiselijk", "loverboy",
    "kms", "suicidal", "zelfmoordgedachtes", "zelfmord", "zelfmoordd", "afscheidsbrief",
    "unalive", "unaliven", "afscheidsbrieven", "naaktfoto's", "uithuwelijken", "chanteert", "chantage", "sextortion",
)

# Fixed phrases on lower-cased text.
RISK_PHRASES = (
    "ik wil dood", "wil dood", "ik wil sterven", "wil niet meer leven", "niet meer leven",
    "wil er niet meer zijn", "er niet meer willen zijn", "niet meer wakker worden",
    "niet meer wakker te worden", "beter af zonder mij", "beter af zonder me",
    "een einde aan mijn leven", "een einde aan alles", "er een einde aan maken",
    "mezelf van kant", "mezelf om het leven", "me van kant maken", "mezelf iets aan doen",
    "mezelf iets aandoen", "mezelf wat aandoen", "mezelf pijn doen", "mezelf pijn te doen",
    "mijn leven heeft geen zin", "het leven heeft geen zin", "leven heeft geen zin meer",
    "zie het leven niet meer zitten", "ik ben niet veilig", "niet veilig thuis",
    "thuis is het niet veilig", "thuis niet veilig", "voel me niet veilig", "voel me onveilig",
    "ik ben in gevaar", "ben bang voor mijn vader", "ben bang voor mijn moeder",
    "ben bang voor mijn stiefvader", "bang dat hij me", "wil me vermoorden", "gaat me vermoorden",
    "want to die", "kill myself", "end my life", "hurt myself", "not safe at home",
    "seksueel misbruik", "huiselijk geweld", "ik word geslagen", "word thuis geslagen",
    "een eind aan maken", "eind aan mijn leven", "er een eind aan", "van kant maken",
    "geen uitweg", "stoppen met leven", "uit het leven stappen", "het leven zat",
    "klaar met leven", "klaar met het leven", "niet meer wakker word", "pillen gespaard",
    "mezelf doden", "mezelf dood maken", "mezelf doodmaken", "mezelf killen",
    "heb me gesneden", "dreigt me te vermoorden", "durf niet naar huis",
    "thuis is het gevaarlijk", "naaktfoto", "naaktfotos", "zit aan me", "zat aan me",
    "gedwongen trouwen", "moet trouwen van", "wanna die", "want to live", "kill my self",
    "dont want to be here", "don't want to be here",
    # indirect suicidal thoughts
    "van het leven beroven", "geen reden meer om te leven", "leven nog voor zin",
    "leven is zinloos", "geen zin meer in het leven", "geen zin meer in leven",
    "niet meer wakker", "morgen niet wakker", "niemand zou me missen", "last voor iedereen",
    "beter als ik weg ben", "af is zonder mij", "af is zonder me", "afscheid genomen van iedereen",
    "voor altijd verdwijnen", "van deze wereld verdwijnen", "nooit meer terugkomen",
    "uit het leven", "ook met leven", "aan doodgaan", "mezelf te doden", "niet meer bestaan",
    "van kant te maken", "einde aan maken", "nooit meer wakker", "spaar pillen", "spullen weggegeven",
    "mezelf iets aan te doen", "mezelf iets aandoe", "zichzelf iets aandoen", "mezelf pijn",
    # self-harm
    "beschadig mezelf", "sla mezelf", "me gesneden", "weer gekrast", "kras weer",
    "snijdt zichzelf", "snijdt haarzelf", "snijdt hemzelf",
    # violence, abuse, coercion
    "gestalkt", "dreigt me", "gedwongen om te trouwen", "dwingt me", "gechanteerd",
    "afgeperst", "heeft me misbruikt", "aan me zitten", "zit steeds aan me",
    "geweld in mijn thuissituatie", "geweld thuis", "gooit dingen naar me", "doodsbang",
    "niet veilig", "bang voor wat mijn vader", "bang voor wat mijn moeder",
    "seksuele dingen die ik niet wil", "seks te hebben voor geld",
)

# Token patterns on lemmas: "<someone> slaat/schopt/misbruikt me", "ik snij/kras mezelf", …
_HURT_VERBS = ["slaan", "schoppen", "misbruiken", "mishandelen", "verkrachten", "bedreigen",
               "aanranden", "wurgen", "stompen"]
_SELF_HARM_VERBS = ["snijden", "krassen", "branden", "snij", "kras"]
TOKEN_PATTERNS: dict[str, list[list[dict[str, Any]]]] = {
    "HURT_BY_SOMEONE": [
        [{"LEMMA": {"IN": _HURT_VERBS}}, {"LOWER": {"IN": ["me", "mij", "ons", "mn", "m'n"]}}],
        [{"LEMMA": {"IN": _HURT_VERBS}}, {"LOWER": {"IN": ["mijn", "mn"]}},
         {"LOWER": {"IN": ["moeder", "zus", "zusje", "broertje", "broer"]}}],
        [{"LOWER": {"IN": ["word", "wordt", "werd", "ben"]}}, *[{"IS_ALPHA": True, "OP": "?"}] * 3,
         {"LOWER": {"IN": ["geslagen", "geschopt", "misbruikt", "mishandeld", "verkracht",
                            "bedreigd", "aangerand"]}}],
    ],
    "SELF_HARM": [
        [{"LEMMA": {"IN": _SELF_HARM_VERBS}}, {"LOWER": {"IN": ["mezelf", "mijzelf", "me"]}}],
        [{"LOWER": {"IN": ["mezelf", "mijzelf"]}}, {"IS_ALPHA": True, "OP": "?"},
         {"LEMMA": {"IN": _SELF_HARM_VERBS}}],
        [{"LOWER": {"IN": ["mezelf", "mijzelf", "me"]}}, {"IS_ALPHA": True, "OP": "?"},
         {"LOWER": {"IN": ["gesneden", "gekrast", "gebrand"]}}],
        [{"LOWER": {"IN": ["mezelf", "mijzelf"]}}, *[{"IS_ALPHA": True, "OP": "?"}] * 2,
         {"LOWER": "pijn"}],
    ],
    "WANTS_TO_DIE": [
        [{"LOWER": {"IN": ["wil", "wilde", "will"]}}, *[{"IS_ALPHA": True, "OP": "?"}] * 2,
         {"LOWER": {"IN": ["dood", "sterven", "doodgaan"]}}],
        [{"LOWER": "dood"}, {"LOWER": {"IN": ["wil", "willen", "wou"]}}],
        [{"LOWER": "niet"}, {"LOWER": "meer"}, {"LOWER": {"IN": ["leven", "leve", "lven"]}}],
        [{"LOWER": "er"}, {"LOWER": {"IN": ["gewoon", "echt", "liever"]}, "OP": "?"}, {"LOWER": "niet"},
         {"LOWER": "meer"}, {"LOWER": {"IN": ["zijn", "wil", "willen"]}}],
    ],
    "NOT_SEEING_IT": [
        # "ik zie het (allemaal) niet meer zitten" is a classic Dutch way to voice suicidal
        # thoughts, unless it is about something concrete ("… om naar school te gaan").
        [{"LOWER": {"IN": ["zie", "ziet", "zien", "zag"]}}, {"LOWER": "het"}, {"LOWER": {"IN": ["allemaal", "echt", "gewoon"]}, "OP": "*"},
         {"LOWER": "niet"}, {"LOWER": "meer"}, {"LOWER": "zitten"}],
    ],
}

# "… niet meer zitten om naar school te gaan / met school / op school": a school sense.
_SCHOOL_CONTEXT = re.compile(r"\b(om|met|op|naar|in)\b.*\b(school|opleiding|studie|stage|les|mbo|werk)", re.I)


# "eruit geschopt/gegooid" (from school, the team, the class) is being sent away, not violence.
_THROWN_OUT_IDIOM = re.compile(r"\beruit\b|\buit (?:de klas|het team|de les|de groep)\b", re.I)


@dataclass(frozen=True)
class CrisisMatch:
    rule: str
    text: str


class CrisisMatcher:
    def __init__(self, nlp: Language | None = None) -> None:
        self.nlp = nlp or shared_dutch_nlp()
        # Texts are folded before matching, so the word lists are folded the same way.
        self._words = frozenset(_fold(word) for word in RISK_WORDS)
        self._phrases = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        self._phrases.add("RISK_PHRASE", [self.nlp.make_doc(_fold(phrase)) for phrase in RISK_PHRASES])
        self._tokens = Matcher(self.nlp.vocab)
        for rule, patterns in TOKEN_PATTERNS.items():
            self._tokens.add(rule, patterns)

    def find(self, text: str) -> CrisisMatch | None:
        """The first high-risk match in `text`, or None."""
        if not text or not text.strip():
            return None
        doc: Doc = self.nlp(_fold(text[:2000]))
        for token in doc:
            if token.lower_ in self._words:
                return CrisisMatch("RISK_WORD", token.text)
        for _, start, end in self._phrases(doc):
            return CrisisMatch("RISK_PHRASE", doc[start:end].text)
        for match_id, start, end in self._tokens(doc):
            rule = self.nlp.vocab.strings[match_id]
            if rule == "NOT_SEEING_IT" and _SCHOOL_CONTEXT.search(doc[end:].text):
                continue
            if rule == "HURT_BY_SOMEONE" and _THROWN_OUT_IDIOM.search(doc.text):
                continue  # "ik ben eruit geschopt op school": expelled, not kicked
            return CrisisMatch(rule, doc[start:end].text)
        situation = situation_match(doc.text)
        if situation is not None:
            return CrisisMatch(situation.name, doc.text)
        return None

    def is_crisis(self, text: str) -> bool:
        return self.find(text) is not None


@lru_cache(maxsize=1)
def shared_crisis_matcher() -> CrisisMatcher:
    return CrisisMatcher()
