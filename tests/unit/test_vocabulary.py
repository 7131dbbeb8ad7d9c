"""Keyboard mashing is recognised as such; typos of known words and emoji are not."""

import pytest

from bot.nlu.vocabulary import Vocabulary

VOCABULARY = Vocabulary.from_texts(
    ["wat is het dienjaar", "ik wil stoppen met school", "hoeveel verdien je bij de bbl", "ik woon in tilburg"]
)


@pytest.mark.parametrize("text", ["kdjf", "plof blub vrrr", "qwerty zxcv", "xd"])
def test_keyboard_mashing_is_gibberish(text: str) -> None:
    assert VOCABULARY.is_gibberish(text)


@pytest.mark.parametrize("text", ["dienjar", "wat is bbbl", "stopen met skool", "🙂🙂", "1234", "", "tilburgg"])
def test_typos_emoji_and_numbers_are_not_gibberish(text: str) -> None:
    assert not VOCABULARY.is_gibberish(text)


def test_nothing_is_gibberish_without_a_vocabulary() -> None:
    assert not Vocabulary([]).is_gibberish("kdjf")
