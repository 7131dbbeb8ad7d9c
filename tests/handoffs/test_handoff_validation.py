"""What students type in the handoff form: phone numbers, e-mail, Telegram names, messages."""

from __future__ import annotations

import re

import pytest

from bot.handoffs.reference import REFERENCE_ALPHABET, new_reference, parse_reference
from bot.handoffs.service import normalise_contact
from bot.handoffs.validation import (
    check_age,
    clean_message,
    normalise_email,
    normalise_phone,
    normalise_telegram_username,
)

DUTCH_WORDS = re.compile(r"\b(je|een|nummer|telefoonnummer|klopt|niet|geef|typ|zoals|is|dit)\b", re.I)

VALID_PHONES = [
    ("0612345678", "+31612345678"),
    ("06-12345678", "+31612345678"),
    ("06 12 34 56 78", "+31612345678"),
    ("  06 1234 5678 ", "+31612345678"),
    ("06.12.34.56.78", "+31612345678"),
    ("(06) 12345678", "+31612345678"),
    ("+31612345678", "+31612345678"),
    ("+31 6 12345678", "+31612345678"),
    ("+31 (0)6 12345678", "+31612345678"),
    ("+31 06 12345678", "+31612345678"),
    ("0031612345678", "+31612345678"),
    ("0031 6 1234 5678", "+31612345678"),
    ("31612345678", "+31612345678"),
    ("0681234567", "+31681234567"),
    ("0201234567", "+31201234567"),
    ("020-1234567", "+31201234567"),
    ("010 123 4567", "+31101234567"),
    ("070/1234567", "+31701234567"),
    ("0513-123456", "+31513123456"),
    ("+31 20 123 4567", "+31201234567"),
    ("0881234567", "+31881234567"),
    ("0851234567", "+31851234567"),
]

INVALID_PHONES = [
    "",
    "   ",
    "abc",
    "06123456ab",
    "0612345678 of 0687654321",
    "06-1234567",  # 9 digits
    "06-1234-567",
    "061234567890",  # 12 digits
    "+316123456789",
    "+32 470 12 34 56",  # Belgium
    "+49 151 1234567",
    "0044 20 7946 0958",
    "0800-1234",
    "0900-1234567",
    "0906-12345678",
    "612345678",  # no leading 0
    "12345",
    "0661234567",  # pager range
    "0671234567",  # data network range
    "0841234567",  # personal assistant range
    "0971234567",
]


@pytest.mark.parametrize(("raw", "expected"), VALID_PHONES)
def test_valid_phone_numbers_become_e164(raw: str, expected: str) -> None:
    assert normalise_phone(raw) == expected


@pytest.mark.parametrize("raw", INVALID_PHONES)
def test_invalid_phone_numbers_get_a_dutch_error(raw: str) -> None:
    with pytest.raises(ValueError) as caught:
        normalise_phone(raw)
    message = str(caught.value)
    assert DUTCH_WORDS.search(message), message
    assert "06" in message or "0800" in message  # every message shows what a good number looks like


def test_phone_case_counts() -> None:
    assert len(VALID_PHONES) >= 15 and len(INVALID_PHONES) >= 15


def test_foreign_and_service_numbers_say_why() -> None:
    with pytest.raises(ValueError, match="Nederlands nummer"):
        normalise_phone("+32 470 12 34 56")
    with pytest.raises(ValueError, match="0800- of 0900"):
        normalise_phone("0800-1234")
    with pytest.raises(ValueError, match="te kort"):
        normalise_phone("06-1234567")
    with pytest.raises(ValueError, match="te lang"):
        normalise_phone("061234567890")


VALID_EMAILS = [
    ("jan@example.nl", "jan@example.nl"),
    ("Jan.Jansen@Example.NL", "Jan.Jansen@example.nl"),
    ("  piet@school.nl  ", "piet@school.nl"),
    ("a.b-c_d+tag@sub.domain.nl", "a.b-c_d+tag@sub.domain.nl"),
    ("x@y.co", "x@y.co"),
    ("student123@hotmail.com", "student123@hotmail.com"),
    ("naam@mbo-college.nl", "naam@mbo-college.nl"),
    ("o'brien@example.ie", "o'brien@example.ie"),
    ("user@xn--caf-dma.nl", "user@xn--caf-dma.nl"),
    ("user@café.nl", "user@café.nl"),
    ("mailto:info@stapwijzer.nl", "info@stapwijzer.nl"),
    ("first.last@a.b.c.example.org", "first.last@a.b.c.example.org"),
    ("1234@numbers.nl", "1234@numbers.nl"),
    ("a@b.museum", "a@b.museum"),
    ("t!#$%&'*+/=?^_`{|}~-@example.com", "t!#$%&'*+/=?^_`{|}~-@example.com"),
    ("UPPER@UPPER.COM", "UPPER@upper.com"),
    ("x@xn--p1ai.xn--p1ai", "x@xn--p1ai.xn--p1ai"),
]

INVALID_EMAILS = [
    "",
    "   ",
    "jan",
    "jan@",
    "@example.nl",
    "jan@@example.nl",
    "jan@example",
    "jan@example.n",
    "jan@.nl",
    "jan@example..nl",
    "jan@example.nl.",
    ".jan@example.nl",
    "jan.@example.nl",
    "ja..n@example.nl",
    "jan jansen@example.nl",
    "jan@exa mple.nl",
    "jan@-example.nl",
    "jan@example-.nl",
    "jan@example.123",
    "jan@example,nl",
    "jan(at)example.nl",
    "jan@ex_ample.nl",
    "x" * 65 + "@example.nl",
    "jan@" + "a" * 64 + ".nl",
]


@pytest.mark.parametrize(("raw", "expected"), VALID_EMAILS)
def test_valid_email_addresses(raw: str, expected: str) -> None:
    assert normalise_email(raw) == expected


@pytest.mark.parametrize("raw", INVALID_EMAILS)
def test_invalid_email_addresses_get_a_dutch_error(raw: str) -> None:
    with pytest.raises(ValueError, match=r"e-mailadres") as caught:
        normalise_email(raw)
    assert "naam@voorbeeld.nl" in str(caught.value)


def test_email_case_counts() -> None:
    assert len(VALID_EMAILS) >= 15 and len(INVALID_EMAILS) >= 15


@pytest.mark.parametrize(
    ("raw", "expected"),
    [(None, None), ("", None), ("@sanne_17", "@sanne_17"), ("sanne_17", "@sanne_17"),
     ("https://t.me/sanne_17", "@sanne_17")],
)
def test_telegram_username_is_optional(raw: str | None, expected: str | None) -> None:
    assert normalise_telegram_username(raw) == expected


@pytest.mark.parametrize("raw", ["@ab", "@1abcde", "@naam met spatie", "@" + "a" * 40])
def test_bad_telegram_usernames(raw: str) -> None:
    with pytest.raises(ValueError, match="Telegram-naam"):
        normalise_telegram_username(raw)


def test_contact_method_dispatch() -> None:
    assert normalise_contact("phone", "06 12345678") == "+31612345678"
    assert normalise_contact("email", "A@B.NL") == "A@b.nl"
    assert normalise_contact("telegram", None) is None
    with pytest.raises(ValueError):
        normalise_contact("fax", "123")
    with pytest.raises(ValueError):
        normalise_contact("phone", None)


def test_message_is_trimmed_and_limited_to_500_chars() -> None:
    assert clean_message("  hoi  ") == "hoi"
    assert clean_message("   ") is None
    assert clean_message(None) is None
    assert clean_message("x" * 500) == "x" * 500
    with pytest.raises(ValueError, match="500 tekens"):
        clean_message("x" * 501)


@pytest.mark.parametrize("age", [None, 10, 15, 27, 99])
def test_plausible_ages(age: int | None) -> None:
    assert check_age(age) == age


@pytest.mark.parametrize("age", [-1, 0, 9, 100, True, "17"])
def test_implausible_ages(age: object) -> None:
    with pytest.raises(ValueError, match="leeftijd"):
        check_age(age)  # type: ignore[arg-type]


def test_references_are_short_and_unambiguous() -> None:
    references = {new_reference() for _ in range(2000)}
    assert len(references) == 2000
    for reference in references:
        assert re.fullmatch(r"SW-[A-Z2-9]{6}", reference)
        assert not set(reference[3:]) & set("01OIL")
    assert set(REFERENCE_ALPHABET).isdisjoint("01OIL")


@pytest.mark.parametrize("typed", ["SW-7K3F9A", "sw-7k3f9a", "7K3F9A", "SW 7K3F9A", " sw7k3f9a "])
def test_references_are_parsed_leniently(typed: str) -> None:
    assert parse_reference(typed) == "SW-7K3F9A"


def test_a_code_starting_with_sw_is_not_mistaken_for_the_prefix() -> None:
    assert parse_reference("SWABCD") == "SW-SWABCD"


@pytest.mark.parametrize("typed", ["", "SW-", "SW-7K3F9", "SW-7K3F9AB", "SW-0K3F9A", "SW-IK3F9A"])
def test_malformed_references(typed: str) -> None:
    with pytest.raises(ValueError):
        parse_reference(typed)
