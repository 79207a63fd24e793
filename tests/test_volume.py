"""Pages of printed volumes of resolutions (parse/volume.py) and words broken at a scanned
line's end (extract/hyphens.py), on the dev corpus's scan A_RES_2758(XXVI).ru.pdf: page 2 of the
Russian volume of the twenty-sixth session's resolutions, two columns, no masthead."""

from __future__ import annotations

from pathlib import Path

import pytest

from undocs.clean import join_lines
from undocs.extract import extract
from undocs.extract.hyphens import mark_breaks
from undocs.extract.lines import Line
from undocs.parse.volume import _session, printed_resolutions

PAGE = "A_RES_2758(XXVI).ru.pdf"


@pytest.fixture(scope="module")
def page(corpus: Path) -> list[Line]:
    return extract(corpus / PAGE, ocr="always", language="ru").lines


def test_the_resolutions_a_page_prints_come_in_reading_order(page: list[Line]) -> None:
    """Read from the page image: left column 2751, 2752, 2753; right column 2754, 2758, 2763.
    The order holds only if OCR's two columns are read apart (each a column of its own)."""
    found = printed_resolutions(page)
    assert [(p.number, p.session) for p in found] == [
        ("2751", 26), ("2752", 26), ("2753", 26), ("2754", 26), ("2758", 26), ("2763", 26)
    ]  # fmt: skip
    assert [p.symbol for p in found][4] == "A/RES/2758 (XXVI)"
    assert all(a.end == b.heading for a, b in zip(found, found[1:], strict=False))


@pytest.mark.parametrize(
    ("printed", "session"),
    # as Tesseract's Russian model read the bold "(XXVI)" of this page's headings
    [
        ("ХХУ!)", 26),
        ("ХХУЮ", 26),
        ("ХХ\\!)", 26),
        ("XXVI", 26),
        ("XXX", 30),
        ("XXXI", None),
        ("1967", None),
        ("a", None),
    ],
)
def test_a_roman_session_is_read_through_ocr_look_alikes(printed: str, session: int | None) -> None:
    assert _session(printed) == session


def test_words_broken_at_a_line_end_are_joined_and_compounds_kept() -> None:
    """Lines of the page as printed (the third paragraph of 2758 (XXVI)); and a compound the
    same document prints whole inside a line, broken at a line's end elsewhere."""
    lines = [
        Line("считая, что восстановление законных прав Ки-"),
        Line("тайской Народной Республики является необхо-"),
        Line("димым как для соблюдения Устава Организации"),
        Line("лишить представителей Чан Кай-ши места, которые"),
        Line("представителей Чан Кай-"),
        Line("ши"),
    ]
    mark_breaks([lines], "ru")
    text = join_lines([ln.text for ln in lines])
    assert "законных прав Китайской Народной Республики является необходимым как" in text
    assert text.endswith("представителей Чан Кай-ши")
    arabic = [Line("قرار-"), Line("ات")]
    mark_breaks([arabic], "ar")  # no hyphenation patterns for Arabic: nothing changes
    assert arabic[0].text == "قرار-"
