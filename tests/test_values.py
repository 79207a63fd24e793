"""Values printed in words, in all six languages (forms checked against the corpus
XML cover pages, whose `session value=` attribute gives the number)."""

from __future__ import annotations

import pytest

from undocs.lang import load
from undocs.parse.values import agenda_numbers, find_date, language_codes, ordinal

ORDINALS = [
    ("en", "Seventy-eighth", 78),
    ("en", "Eightieth", 80),
    ("en", "Forty-eighth", 48),
    ("en", "rrwenty-sixth", 26),
    ("fr", "Soixante-douzième", 72),
    ("fr", "Soixante-dix-huitième", 78),
    ("fr", "Quatre-vingtième", 80),
    ("fr", "Quatre-vingt-dixième", 90),
    ("fr", "Soixante et onzième", 71),
    ("es", "Septuagésimo octavo", 78),
    ("es", "Octogésimo", 80),
    ("ru", "Семьдесят восьмая", 78),
    ("ru", "Восьмидесятая", 80),
    ("ru", "Семьдесят вторая", 72),
    ("ar", "الثامنة والسبعون", 78),
    ("ar", "الثانية والسبعون", 72),
    ("ar", "الثمانون", 80),
    ("zh", "七十八", 78),
    ("zh", "七十二", 72),
    ("zh", "十二", 12),
    ("zh", "一百二十", 120),
]


@pytest.mark.parametrize("code,words,value", ORDINALS)
def test_session_ordinals(code: str, words: str, value: int) -> None:
    assert ordinal(words, load(code)) == value


DATES = [
    ("fr", "22 novembre 2017", "2017-11-22"),
    ("fr", "1er décembre 2017", "2017-12-01"),
    ("en", "9 November 2023", "2023-11-09"),
    ("es", "28 de septiembre de 2020", "2020-09-28"),
    ("ru", "14 ноября 2017 года", "2017-11-14"),
    # UN Arabic prints two month names, Levantine/Gregorian
    ("ar", "21 أيلول/سبتمبر 2020", "2020-09-21"),
    ("ar", "2 آذار/مارس 2022", "2022-03-02"),
    ("zh", "2020年9月21日", "2020-09-21"),
]


@pytest.mark.parametrize("code,text,iso", DATES)
def test_dates(code: str, text: str, iso: str) -> None:
    found = find_date(text, load(code))
    assert found and found[0] == iso


@pytest.mark.parametrize(
    "code,items,numbers",
    [
        ("fr", "19 a)", ["19 (a)"]),
        ("en", "20 and 118", ["20", "118"]),
        ("en", "3 (a) and (b)", ["3 (a)", "3 (b)"]),
        ("en", "128(a)", ["128 (a)"]),
        ("ar", "128 (أ)", ["128 (a)"]),
        ("ar", "99 (ي)", ["99 (j)"]),
        ("en", "99 (ee)", ["99 (ee)"]),
    ],
)
def test_agenda_numbers(code: str, items: str, numbers: list[str]) -> None:
    assert agenda_numbers(items, load(code)) == numbers


def test_original_languages() -> None:
    assert language_codes("anglais/français", load("fr"), [" et "]) == ["en", "fr"]
    assert language_codes("ENGLISH", load("en"), [" and "]) == ["en"]
    assert language_codes("English", load("ru"), []) == ["en"]
