"""Citations on sentences taken from the dev corpus (file named on each case)."""

from __future__ import annotations

import pytest

from undocs.lang import load
from undocs.parse.references import references

CASES = [
    # A_C.2_72_3.fr.txt
    (
        "fr",
        "General Assembly",
        "l’adoption, en 2013, de la résolution 68/218 de l’Assemblée générale des Nations Unies",
        ["A/RES/68/218"],
    ),
    # A_RES_80_4.en.pdf
    (
        "en",
        "General Assembly",
        "Recalling its resolutions 47/19 of 24 November 1992, 48/16 of 3 November 1993 and 79/7 of 30 October 2024 and its decision 76/563 of 11 May 2022,",
        ["A/RES/47/19", "A/RES/48/16", "A/RES/79/7", "A/DEC/76/563"],
    ),
    # A_C.2_80_L.5.en.pdf, footnote 3 and 2
    ("en", "General Assembly", "Resolution 217 A (III).", ["A/RES/217 A (III)"]),
    (
        "en",
        "General Assembly",
        "Report of the Fifth United Nations Conference on the Least Developed Countries, New York, 17 March 2022, and Doha, 5–9 March 2023 (A/CONF.219/2023/3), chap. I, resolution 2.",
        ["A/CONF.219/2023/3"],
    ),
    # A_HRC_WG.6_34_ITA_3.en.pdf
    (
        "en",
        "Human Rights Council",
        "pursuant to Human Rights Council resolutions 5/1 and 16/21",
        ["A/HRC/RES/5/1", "A/HRC/RES/16/21"],
    ),
    ("en", "Human Rights Council", "implement Security Council Resolution 1325/2000 on women", ["S/RES/1325 (2000)"]),
    # A_RES_78_8.en.xml: IAEA documents are not UN documents
    ("en", "General Assembly", "Takes note of resolutions GC(67)/RES/7, entitled “Nuclear and radiation safety”", []),
    # A_RES_79_1.en.pdf footnote 10: a decision inside another body's document
    (
        "en",
        "General Assembly",
        "United Nations Environment Programme, document CBD/COP/15/17, decision 15/4, annex.",
        ["CBD/COP/15/17"],
    ),
    # A_RES_75_101A-B.es.xml: organ between keyword and number
    (
        "es",
        "General Assembly",
        "las resoluciones del Consejo de Seguridad 2242 (2015), de 13 de octubre de 2015, y 2272 (2016), de 11 de marzo de 2016",
        ["S/RES/2242 (2015)", "S/RES/2272 (2016)"],
    ),
    # A_RES_ES-11_1.ar.xml: Arabic part letters and session written "(د-5)"
    (
        "ar",
        "General Assembly",
        "وإذ تشير إلى قرار الجمعية العامة 377 ألف (د-5) المؤرخ 3 تشرين الثاني/نوفمبر 1950",
        ["A/RES/377 A (V)"],
    ),
    # A_RES_78_25.zh.xml: keyword after the numbers, dates in between
    (
        "zh",
        "General Assembly",
        "回顾其1995年12月12日第50/70 M号、1996年12月10日第51/45 E号决议",
        ["A/RES/50/70 M", "A/RES/51/45 E"],
    ),
    # A_RES_75_101A-B.zh.xml
    ("zh", "General Assembly", "回顾其2019年12月13日第74/92A和B号决议", ["A/RES/74/92 A-B"]),
]


@pytest.mark.parametrize("code,organ,text,expected", CASES)
def test_citations(code: str, organ: str, text: str, expected: list[str]) -> None:
    assert references([text], load(code), default_organ=organ, own=[]) == expected


def test_own_symbol_and_duplicates_left_out() -> None:
    text = "A/RES/80/4 recalls resolution 79/7 and again resolution 79/7."
    assert references([text], load("en"), default_organ="General Assembly", own=["A/RES/80/4"]) == ["A/RES/79/7"]
