import pytest

from bot.age import AgeGroup, age_group, parse_age


@pytest.mark.parametrize(
    ("text", "age"),
    [("17", 17), ("ik ben 16", 16), ("zeventien", 17), ("ik ben zestien jaar", 16), ("bijna 18", 18),
     ("19 jr", 19), ("eenentwintig", 21), ("drieëntwintig", 23), ("Twintig", 20), (17.0, 17),
     ("ik ben 15 jaar oud", 15)],
)
def test_parse_age(text: object, age: int) -> None:
    assert parse_age(text) == age


@pytest.mark.parametrize("text", ["niveau 4", "1 april", "ik zit in jaar 2", "", None, "2026", "geen idee", "5"])
def test_not_an_age(text: object) -> None:
    assert parse_age(text) is None


@pytest.mark.parametrize(
    ("age", "group"),
    [(12, AgeGroup.UNDER_16), (15, AgeGroup.UNDER_16), (16, AgeGroup.AGE_16_17), (17, AgeGroup.AGE_16_17),
     (18, AgeGroup.AGE_18_20), (20, AgeGroup.AGE_18_20), (21, AgeGroup.AGE_21_26), (26, AgeGroup.AGE_21_26),
     (27, AgeGroup.AGE_27_PLUS), (40, AgeGroup.AGE_27_PLUS)],
)
def test_age_groups(age: int, group: AgeGroup) -> None:
    assert age_group(age) is group
