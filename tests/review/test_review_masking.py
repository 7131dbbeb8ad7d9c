"""Personal data never reaches the review file."""

from __future__ import annotations

import pytest

from bot.review.masking import mask_personal_data


@pytest.mark.parametrize(
    ("message", "masked"),
    [
        ("bel me op 06-12345678", "bel me op [telefoonnummer]"),
        ("0612345678 is mijn nummer", "[telefoonnummer] is mijn nummer"),
        ("mijn nummer is +31 6 1234 5678!", "mijn nummer is [telefoonnummer]!"),
        ("0031612345678", "[telefoonnummer]"),
        ("thuis (020) 123 45 67", "thuis [telefoonnummer]"),
        ("vast nummer 010-1234567", "vast nummer [telefoonnummer]"),
        ("mail naar jan.jansen+school@gmail.com aub", "mail naar [e-mail] aub"),
        ("ik woon op 5038 AB in tilburg", "ik woon op [postcode] in tilburg"),
        ("postcode 5038ab", "postcode [postcode]"),
        ("postcode 5038 ab", "postcode [postcode]"),
        ("mijn bsn is 123456782", "mijn bsn is [nummer]"),
        ("bsn 1234.56.789", "bsn [nummer]"),
        ("ik heet Jan de Vries en ik wil stoppen", "ik heet [naam] en ik wil stoppen"),
        ("hoi ik heet mo, ik ben 17", "hoi ik heet [naam], ik ben 17"),
        ("Mijn naam is Fatma El Amrani", "Mijn naam is [naam]"),
        ("mn naam is kevin van den berg maar whatever", "mn naam is [naam] maar whatever"),
    ],
)
def test_personal_data_is_masked(message: str, masked: str) -> None:
    assert mask_personal_data(message) == masked


@pytest.mark.parametrize(
    "message",
    [
        "ik ben in 2019 al gestopt",  # a year followed by a short word is no postcode
        "mijn postcode is 5038",  # PC4 names an area, and the bot needs it
        "ik heb 0800-0113 gebeld",  # service numbers stay
        "ik ben 17 jaar en zit in niveau 2",
        "ik wil stoppen met school",
    ],
)
def test_ordinary_messages_stay_as_they_are(message: str) -> None:
    assert mask_personal_data(message) == message
