"""What the gateway itself says to students (B1 Dutch, see shared/knowledge/style.md)."""

from __future__ import annotations

RASA_UNREACHABLE = "Ik ben even niet bereikbaar. Probeer het zo nog eens."

ONLY_TEXT = "Ik kan alleen tekst lezen. Typ je vraag maar in een paar woorden."

# Kinds that deserve a more specific nudge; every other kind gets ONLY_TEXT.
NOT_TEXT_BY_KIND: dict[str, str] = {
    "voice": "Ik kan geen spraakberichten beluisteren. Typ je vraag maar in een paar woorden.",
    "audio": "Ik kan geen geluid beluisteren. Typ je vraag maar in een paar woorden.",
    "location": (
        "Ik kan geen locatie lezen. Zoek je hulp in je regio? Typ dan de naam van je woonplaats."
    ),
    "contact": (
        "Stuur mij liever geen contactgegevens. Ik kan alleen tekst lezen. "
        "Typ je vraag maar in een paar woorden."
    ),
}

EDITED_MESSAGE = (
    "Ik heb je aangepaste bericht gezien, maar ik lees alleen nieuwe berichten. "
    "Stuur het gerust opnieuw."
)

PRIVATE_CHAT_ONLY = (
    "Hoi! Ik ben Stapwijzer, een chatbot. Ik werk alleen in een privégesprek. "
    "Stuur me daar een bericht, dan lezen anderen niet mee."
)

EMPTY_MESSAGE = "Ik zie geen tekst. Typ je vraag maar in een paar woorden."

MESSAGE_TOO_LONG = (
    "Je bericht is erg lang. Ik heb alleen het eerste deel gelezen. "
    "Mis je iets in mijn antwoord? Stuur het dan in kortere stukken."
)

BUTTON_EXPIRED = "Deze knop werkt niet meer. Typ je vraag maar opnieuw."

RESTARTED = "We beginnen opnieuw. Waar wil je het over hebben?"
