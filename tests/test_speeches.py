"""Meeting records: the meeting, speaker turns, procedure, agenda items taken up. Speaker
labels are as printed in the GA verbatim records of ../shared/corpus/real."""

from __future__ import annotations

from pathlib import Path

import pytest

from undocs import parse
from undocs.lang import load
from undocs.parse.speeches import speaker_of


@pytest.mark.parametrize(
    ("label", "speaker", "affiliation", "language"),
    [
        ("Mr. Kimani (Kenya): It was not long ago", "Mr. Kimani", "Kenya", None),  # A_76_PV.102
        ("The President: Before we proceed", "The President", None, None),
        ("Mr. Hilale (spoke in French) (Morocco): Le Maroc", "Mr. Hilale", "Morocco", "fr"),  # country after language
        (
            "Mr. Briz Gutiérrez: (Guatemala) (spoke in Spanish): Guatemala",
            "Mr. Briz Gutiérrez",
            "Guatemala",
            "es",
        ),  # A_61_PV.107
        ("Mr. Garayev (Azerbaijan), Rapporteur of the Third Committee: I have", "Mr. Garayev", "Azerbaijan", None),
        (
            "Mr. INDERFURTH (United States of America): On behalf",
            "Mr. INDERFURTH",
            "United States of America",
            None,
        ),  # 1993
        ("The PRESIDENT: I call on", "The PRESIDENT", None, None),
        (
            "Ms. Sharma (Department for General Assembly and Conference Management): The",
            "Ms. Sharma",
            "Department for General Assembly and Conference Management",
            None,
        ),
    ],
)
def test_speaker_labels(label: str, speaker: str, affiliation: str | None, language: str | None) -> None:
    found = speaker_of(label, load("en"))
    assert found is not None
    assert found[0] == {"speaker": speaker, "affiliation": affiliation, "language": language}


@pytest.mark.parametrize(
    "text", ["In favour: Afghanistan, Albania", "Note: the figures are", "The meeting rose at 6 p.m."]
)
def test_not_a_speaker(text: str) -> None:
    assert speaker_of(text, load("en")) is None


def test_a_verbatim_record(real: Path) -> None:
    rec = parse(real / "A_76_PV.102.en.pdf")
    assert rec.doc_type == "meeting_record" and rec.title is None and rec.date == "2022-09-08"
    assert rec.meeting == {
        "number": "102",
        "date": "2022-09-08",
        "time": "15:00",
        "place": "New York",
        "president": "Mr. Shahid",
        "president_country": "Maldives",
    }
    assert [a.number for a in rec.agenda_items][:3] == ["66", "100", "124"]
    assert rec.agenda_items[0].title == "Peacebuilding and sustaining peace"
    kinds = [b.kind for b in rec.blocks]
    assert kinds[0] == "procedure"  # "The meeting was called to order at 3.15 p.m."
    kimani = [b for b in rec.blocks if b.speaker == "Mr. Kimani"]
    assert kimani and {b.turn for b in kimani} == {kimani[0].turn} and kimani[0].affiliation == "Kenya"
    adopted = next(b for b in rec.blocks if b.text.startswith("Draft resolution A/76/L.86 was adopted"))
    assert adopted.kind == "procedure" and adopted.turn is None
    assert not any("This record contains the text of speeches" in b.text for b in rec.blocks)  # the page's notice


def test_an_old_two_column_record_with_its_masthead_split(real: Path) -> None:
    rec = parse(real / "A_48_PV.46.en.pdf")
    assert rec.symbol == "A/48/PV.46"  # from the block at the foot of page one
    assert rec.meeting == {
        "number": "46",
        "date": "1993-11-01",
        "time": "15:00",
        "place": "New York",
        "president": "Mr. INSANALLY",
        "president_country": "Guyana",
    }
    assert rec.agenda_items[0].number == "14"
