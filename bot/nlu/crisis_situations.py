"""Backstop rules by crisis situation (docs/crisis.md), as regular expressions on folded text.

The phrase and lemma rules in bot/nlu/crisis.py match fixed wordings. These describe a
situation by the words that make it one, in any order and with a few words between:
"<a hand> … <the throat>", "<thrown> … <out of the house>", "<at night> … <my bedroom> …
<comes in>". A rule is a list of expressions that must all be found in the message.
Each rule names its situation, so the triage can pick the answer that fits.

They stay narrow: every rule needs a word that a harmless school message would not use
together with the others ("mes" alone is the cooking class; "mes" with "deur" or
"dreigt" is danger).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_GAP = r"(?:\S+\s+){0,4}"  # up to four words in between
_ME = r"(?:me|mij|mn|m'n|mijn)"
_SOMEONE_AT_HOME = (
    r"(?:vader|pa|papa|moeder|ma|mama|stief\w*|ouders?|oom|opa|oma|broer\w*|zus\w*|tante|neef|"
    r"vriend van (?:mijn|mn|m'n) (?:moeder|ma|mama|vader)|moeders vriend|dad|mom|mum|father|mother|"
    r"step\w*|uncle|brother|parents?|(?:mom|mum|mother)'?s (?:boyfriend|partner)|hij|ze|zij|he|she)"
)


@dataclass(frozen=True)
class SituationRule:
    name: str
    situation: str
    expressions: tuple[re.Pattern[str], ...]

    def matches(self, folded: str) -> bool:
        return all(expression.search(folded) for expression in self.expressions)


def _rule(name: str, situation: str, *patterns: str) -> SituationRule:
    return SituationRule(name, situation, tuple(re.compile(rf"(?<!\w)(?:{p})(?!\w)") for p in patterns))


RULES: tuple[SituationRule, ...] = (
    # suicidal thoughts, direct and indirect
    _rule("END_IT_ALL", "suicidal", r"end (?:it all|everything|my life|this life|my own life)"),
    _rule("WANT_TO_DIE_EN", "suicidal",
          r"(?:want|wanna) (?:to )?(?:die|disappear forever|not exist|kill my ?self)|(?:going|gonna) (?:to )?kill my ?self"),
    _rule("NOT_LIVE_EN", "suicidal", r"(?:don'?t|do not|dont) (?:want|wanna) (?:to )?(?:live|be alive|exist|wake up)"),
    _rule("POINT_OF_GOING_ON", "suicidal",
          r"(?:zin|nut|point|reden)", r"(?:door te gaan|verder te gaan|door gaan|doorgaan|te leven|verder leven|"
          r"going on|living|to live|carry on|being alive|leven)"),
    _rule("WHY_GO_ON", "suicidal", r"waarom (?:zou|moet) ik (?:nog )?(?:doorgaan|door gaan|leven|verder)"),
    _rule("TAKE_MY_LIFE", "suicidal", r"(?:take|taking) my (?:own )?life|suicid\w*|no reason to live|"
          r"better off without me|dood (?:zijn|gaan) (?:lijkt|is) (?:me )?(?:beter|fijner)"),
    _rule("ROPE", "suicidal", r"touw|strop|rope|noose", r"(?:gekocht|kopen|koop|bought|buy|buying|hang\w*|ophang\w*)"),
    _rule("HANG_MYSELF", "suicidal", r"(?:mezelf|mijzelf) (?:\S+ ){0,2}ophangen|hang myself"),
    _rule("SAVING_PILLS", "suicidal", r"(?:pillen|pills|tabletten|slaappillen)",
          r"(?:sparen|gespaard|verzamel\w*|saving|saved|collect\w*|opgespaard|allemaal (?:in)?nemen|all at once)"),
    _rule("GOODBYE", "suicidal", r"afscheidsbrie\w*|afscheid (?:genomen|nemen|neem) van iedereen|goodbye (?:letter|note)s?"),
    _rule("NOT_HERE_ANY_MORE", "suicidal",
          r"(?:ben|zijn) (?:ik )?er (?:\S+ ){0,2}niet meer|ik er (?:\S+ ){0,2}niet meer (?:ben|zal zijn)|"
          r"(?:won'?t|will not|wont) be (?:here|around) (?:\S+ ){0,3}(?:anymore|much longer|for long)"),
    _rule("JUMP", "suicidal", r"(?:springen|spring|sprong|jump\w*)",
          r"(?:dak|brug|flat|balkon|viaduct|voor de trein|voor een trein|spoor|uit het raam|roof|bridge|building|balcony|"
          r"in front of a train|off a)"),
    _rule("DISAPPEAR", "suicidal", r"(?:voorgoed|voor altijd|forever) (?:weg|verdwijnen|slapen|disappear|gone|sleep)"),
    # self-harm of any kind
    _rule("SELF_HARM_EN", "self_harm",
          r"(?:cut|cutting|burn|burning|hurt|hurting|hit|hitting|punch|punching|bang|banging|scratch\w*|harm\w*) myself|self ?harm\w*"),
    _rule("HEAD_AGAINST_WALL", "self_harm",
          r"(?:hoofd|kop|head) (?:\S+ ){0,3}(?:tegen|against) (?:de |the |a )?(?:muur|deur|wall|door|kast)|"
          r"(?:bonk\w*|ram|ramde|rammen|ramt|beuk|beukte|beuken|sla|sloeg|slaan|bang|banged|banging|hit|hitting) "
          r"(?:\S+ ){0,2}(?:mijn|mn|m'n|my) (?:hoofd|kop|head)"),
    _rule("HURT_MYSELF_NL", "self_harm",
          rf"(?:brand|brandde|verbrand\w*|sla|sloeg|knijp|kneep|bijt|beet|krab\w*|sneed|snij\w*|kras\w*) {_GAP}(?:mezelf|mijzelf)|"
          rf"(?:mezelf|mijzelf) {_GAP}(?:verbrand|geslagen|gekrabd|gebeten|gesneden|gekrast|uitgehongerd|pijn gedaan|"
          r"straffen|gestraft|laten verhongeren)"),
    _rule("CUT_WRIST", "self_harm",
          r"(?:pols|polsen|wrist|wrists|arm|armen|been|benen|bovenbeen|thigh\w*)",
          r"(?:opengehaald|open gehaald|opengesneden|open gesneden|opengekrast|gesneden|slit|sliced|scheermes\w*|mesje\w*|razor\w*|blade\w*)"),
    _rule("BLADE", "self_harm", r"scheermes\w*|mesjes|razor\w*|blades?",
          r"(?:mezelf|mijzelf|myself|gesneden|snij\w*|sneed|cut\w*|opengehaald|pols\w*|wrists?|armen|arms)"),
    _rule("WOUNDS", "self_harm", r"(?:armen|polsen|benen|bovenbenen|arms|wrists|thighs)",
          r"(?:sneetjes|sneden|krassen|wondjes|open gesneden|open gekrast|cuts|scars from cutting)"),
    _rule("STARVE_AS_PUNISHMENT", "self_harm", r"(?:eet|eten) (?:\S+ ){0,3}niet(?: meer)?", r"(?:straf|punish\w*)"),
    # violence or abuse at home
    _rule("THROAT", "violence_home", r"(?:keel|nek|throat|neck)",
          r"(?:dichtgeknepen|geknepen|knijpt|kneep|gegrepen|grijpt|greep|vastgepakt|pakte|pakt|choke\w*|grab\w*|squeez\w*|wurg\w*)"),
    _rule("STRANGLED", "violence_home", r"choked me|choking me|strangl\w*|gewurgd|wurgt|wurgde"),
    _rule("HIT_BY_EN", "violence_home",
          r"(?:hits|hit|beats|beat|punched|punches|slapped|slaps|throws things at) (?:me(?! up)|my (?:mom|mum|mother|sister|brother))"),
    _rule("HIT_BY_NL", "violence_home",
          rf"(?:slaat|sloeg|schopt|schopte|duwt|duwde|trapt|trapte|stompt|stompte|mept|mepte|gooit|gooide) {_GAP}{_ME}\b"
          r"(?! (?:er|eruit|uit het veld))", rf"{_SOMEONE_AT_HOME}"),
    _rule("LOCKED_UP", "violence_home", r"opgesloten|sluit\w* (?:me|mij) op|sloot (?:me|mij) op|locked (?:me )?(?:up|in)|lock me (?:up|in)"),
    _rule("NO_FOOD", "violence_home",
          r"(?:krijg|kreeg|krijgen|geven|geeft|gaf) (?:\S+ ){0,3}(?:geen|niks|niets) (?:te )?eten|no food at home|"
          r"(?:won'?t|wont|don'?t|dont) (?:let me eat|feed me)"),
    _rule("BRUISES", "violence_home", r"blauwe plekken|bruises", rf"{_SOMEONE_AT_HOME}"),
    # sexual abuse, coercion, sextortion
    _rule("TOUCHES_ME", "sexual_abuse",
          rf"(?:zit|zat|zitten|betast\w*|aanraakt|raakt|raakte) {_GAP}(?:aan (?:me|mij)|me aan|mij aan|{_ME} (?:lichaam|borsten|kont|onderbroek))|"
          r"(?:touches|touched|touching) me|grop\w*|molest\w*|rape|raped|raping"),
    _rule("FORCED_SEX", "sexual_abuse", r"(?:dwingt|dwong|dwingen|forced|forces|force|pressur\w*)",
          r"(?:seks|sex|naakt|nude\w*|uitkleden|pijpen|dingen doen die ik niet wil|things i don'?t want)"),
    _rule("PHOTOS_SPREAD", "sexual_abuse",
          r"(?:foto|fotos|foto's|pics|pictures|nudes?|filmpje|video)",
          r"(?:verspreid\w*|online zetten|op internet|posten|post them|leak\w*|share them|sturen naar|delen|send (?:them )?to)",
          r"(?:dreigt|dreigde|anders|als ik niet|threaten\w*|or else|unless|geld|money|betalen|pay)"),
    _rule("SEND_NUDES", "sexual_abuse", r"(?:nudes|naaktfoto\w*|naakt (?:foto|filmpje|video)s?)",
          r"(?:wil|eist|moet|want\w*|demand\w*|asks?|vraagt|vroeg)"),
    # forced marriage, honour
    _rule("FORCED_MARRIAGE", "forced_marriage_honour",
          r"uithuwelijk\w*|gedwongen (?:te )?trouwen|(?:moet|moeten|willen dat ik|forced to|force me to|make me) (?:\S+ ){0,4}(?:trouwen|marry)|"
          r"forced marriage|arranged marriage|huwelijk (?:\S+ ){0,3}(?:geregeld|tegen mijn wil)|"
          r"(?:willen|wil|eisen|eist) dat ik (?:\S+ ){0,4}(?:trouw|trouwen|marry)"),
    _rule("HONOUR", "forced_marriage_honour",
          r"eerwraak|eergerelateerd\w*|honou?r (?:kill\w*|violence|based)|(?:eer|schande|honou?r)",
          r"(?:familie|family|vader|broers?|ooms?|father|brothers?|uncles?|dreig\w*|threat\w*|vermoord\w*|kill\w*|straf\w*)"),
    _rule("TAKEN_ABROAD", "forced_marriage_honour",
          r"tegen mijn wil|against my will|(?:achterlaten|achtergelaten|leave me|left me) (?:\S+ ){0,3}(?:daar|there|in)|"
          r"paspoort (?:\S+ ){0,3}(?:afgepakt|ingenomen|weggenomen)|(?:took|taken) my passport"),
    # put out on the street, nowhere to sleep
    _rule("THROWN_OUT", "homeless",
          r"(?:uit huis|de deur uit|op straat) (?:\S+ ){0,2}(?:gezet|gegooid|geschopt|getrapt)|"
          r"(?:zet|zette|gooit|gooide|schopt|schopte|trapt|trapte)\w* (?:me|mij) (?:\S+ ){0,2}(?:uit huis|eruit|op straat|de deur uit)|"
          r"kicked me out|threw me out|(?:kicked|thrown|put) out of (?:the|my) (?:house|home)|mag (?:\S+ ){0,2}niet meer (?:thuis|naar huis)"),
    _rule("SLEEP_OUTSIDE", "homeless",
          r"(?:op straat|buiten|in het park|op een bankje|bij het station|in de trein|in een portiek|outside|on the street|in the park)",
          r"(?:slapen|geslapen|slaap|sleep\w*|slept)"),
    _rule("NOWHERE_TONIGHT", "homeless",
          r"nergens (?:\S+ ){0,2}(?:terecht|heen|naartoe|slapen)|geen plek|nowhere|no place|couch ?surf\w*|bank ?hoppen",
          r"(?:vanavond|vannacht|tonight|vandaag|slapen|sleep|overnachten|weken|nacht)"),
    _rule("NOWHERE_TO_SLEEP", "homeless",
          r"(?:geen|nergens (?:een )?)(?:slaapplek|plek om te slapen|dak boven)|nergens (?:\S+ ){0,2}slapen|"
          r"nowhere to (?:sleep|go|stay)|no place to (?:sleep|stay)|dakloos|homeless"),
    # acute danger now
    _rule("WEAPON", "acute_danger", r"mes|messen|knife|wapen|pistool|gun|bijl|schaar",
          r"(?:deur|door|dreig\w*|threat\w*|zwaait|komt|staat|achter me|after me|bedreig\w*|steken|stab\w*|pakt|pakte|coming)"),
    _rule("FOLLOWED", "acute_danger",
          r"(?:achtervolgt|achtervolgde) (?:me|mij)|word (?:\S+ ){0,2}(?:gevolgd|achtervolgd)|loopt (?:\S+ ){0,2}achter me aan|"
          r"(?:following|followed|chasing) me (?:home|on the street|right now|now)|someone is following me"),
    _rule("BREAK_IN", "acute_danger", r"breekt (?:\S+ ){0,2}in|inbreker|inbreken|(?:breaking|broke) in"),
    _rule("HE_IS_COMING", "acute_danger", r"help\w*", r"(?:komt eraan|komt binnen|staat voor|is coming|is here|is outside|bonkt op)"),
    # worry about a friend
    _rule("TOOK_PILLS", "worry_friend",
          r"(?:pillen|pills|tabletten|medicijnen|paracetamol|oxy\w*|xanax)",
          r"(?:net|just|veel|alle|handvol|doos|strip|te veel|teveel|a lot|bunch|all (?:of )?(?:her|his|my|the)|too many|overdos\w*)",
          r"(?:genomen|ingenomen|geslikt|took|taken|swallowed|slikt|slikte|nam|neemt)"),
    _rule("OVERDOSE", "worry_friend", r"overdos\w*|od gegaan"),
    _rule("FRIEND_SUICIDAL", "worry_friend",
          r"(?:vriend\w*|bestie|bff|zus\w*|broer\w*|friend|sister|brother|klasgeno\w+|maat)",
          r"(?:wil (?:\S+ ){0,2}dood|niet meer leven|zelfmoord|suicid\w*|snijdt|kill (?:her|him)self|"
          r"afscheidsbericht\w*|afscheidsbrie\w*|goodbye (?:message|post|text|letter)s?|"
          r"end (?:it all|her life|his life)|hurt (?:her|him)self)"),
    # exploitation and threats
    _rule("FORCED_CRIME", "exploitation",
          r"(?:dwingen|dwingt|dwong|forced|force|forcing|making me|make me|moet van (?:hem|ze|hun|die)|moest van (?:hem|ze|hun|die))",
          r"(?:dealen|drugs|pakketjes?|bolletjes|sell drugs|smokkel\w*|met mannen)"),
    _rule("DEBT_TO_CRIMINALS", "exploitation",
          r"(?:schuld\w*|debt|owe|geld)", r"(?:criminelen|gangsters?|dealers?|bende|die jongens|those guys|dreig\w*|threat\w*)"),
    _rule("THREATENED", "exploitation",
          r"(?:bedreigd|bedreigt|bedreigen|threatened|threatening|threatens|dreigt|dreigde|dreigen) (?:\S+ ){0,3}(?:me|mij|my)(?!\w)|"
          r"(?:gaan|gaat|will|going to|gonna) (?:me|mij) (?:\S+ ){0,2}(?:pakken|vinden|steken|hurt|kill|get|find)|"
          r"anders (?:\S+ ){0,3}(?:slaan|sla|pakken|steken|vermoorden|afmaken|hurt|kill)|or else (?:\S+ ){0,3}(?:hurt|kill|beat)"),
    _rule("STALKING", "exploitation", r"stalk\w*"),
    # feeling unsafe at home
    _rule("AFRAID_TO_GO_HOME", "unsafe_home",
          r"(?:bang|durf|durft|scared|afraid|terrified|niet veilig|not safe|unsafe) (?:\S+ ){0,4}(?:naar huis|thuis|go home|at home|to go home|home)"),
    _rule("NIGHT_VISITS", "unsafe_home",
          r"(?:'?s nachts|snachts|nachts|at night|midden in de nacht|'?s avonds laat|late at night|when i sleep|als ik slaap)",
          r"(?:kamer|slaapkamer|bed|bedroom|room)", r"(?:komt|kwam|sluipt|sloop|comes|came|zit|zat|ligt|lag|staat|stond|binnen)"),
    _rule("RAGE_AT_HOME", "unsafe_home",
          r"(?:schreeuwt|schreeuwen|gooit|gooien|smijt|smijten|slaat|screams|yells|throws|smashes)",
          r"(?:dingen|spullen|borden|stoelen|deuren|things|plates|kapot)", rf"{_SOMEONE_AT_HOME}",
          r"(?:bang|scared|afraid|onveilig|unsafe|trillen|shaking|verstop|hide|hiding)"),
    _rule("UNSAFE_EN", "unsafe_home", r"(?:don'?t|do not|dont) feel safe|not safe (?:at home|there|here)|unsafe at home"),
)

# Phrasings where one of the words above is used in its everyday sense.
_EVERYDAY = re.compile(
    r"(?<!\w)(?:kookles|koken|keuken|recept|snijplank|film|serie|boek|game|spel|fortnite|minecraft|"
    r"toneel|voorstelling|les over|spreekbeurt|werkstuk|presentatie|opdracht over|hoofdstuk|"
    r"leger|dienjaar|defensie|sport|training|voetbal|hockey|de deur uit naar|op kamers|"
    r"zin in|zin om naar|zin om te|geen zin in school|geen zin meer in school|op school|de school|naar school|"
    r"de opleiding|mijn opleiding|studie|stage|huiswerk|toets|examen|leraar|lerares|docent|mentor|teacher|baas|boss|"
    r"verhuis\w*|vakantie|op reis|ziek|met mijn vragen)(?!\w)"
)
# Rules that a school or hobby context turns harmless; the others hold in any context.
_CONTEXT_SENSITIVE = frozenset({"POINT_OF_GOING_ON", "NOWHERE_TONIGHT", "BLADE", "NOT_HERE_ANY_MORE", "WEAPON", "SLEEP_OUTSIDE", "HEAD_AGAINST_WALL", "ROPE",
                                "STARVE_AS_PUNISHMENT", "FORCED_CRIME", "DEBT_TO_CRIMINALS", "HE_IS_COMING",
                                "THREATENED", "TAKEN_ABROAD", "NO_FOOD", "AFRAID_TO_GO_HOME"})


def situation_match(folded: str) -> SituationRule | None:
    """The first situation rule that holds for the folded text, or None."""
    everyday = bool(_EVERYDAY.search(folded))
    for rule in RULES:
        if everyday and rule.name in _CONTEXT_SENSITIVE:
            continue
        if rule.matches(folded):
            return rule
    return None
