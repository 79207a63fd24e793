"""Each front-page recogniser alone, on lines printed by real documents of every kind and
era: (recogniser, language, line as printed, value read). A new era's form is a new row
here and a pattern in a language file. Sources: ../shared/corpus/dev and real, the file
named in each row's comment."""

from __future__ import annotations

from pathlib import Path

import pytest

from undocs.extract.lines import Line
from undocs.lang import load
from undocs.parse.front import items as it
from undocs.parse.front import read_front, scan
from undocs.parse.front.items import Front
from undocs.record import Record

CASES = [
    # symbols
    (it.Symbols, "en", "A/81/6 (Sect. 11)/Part A*", ["A/81/6 (Sect. 11)/Part A"]),  # A_81_6_(Sect.11)
    (it.Symbols, "en", "E/ESCWA/2017/EC.4/4(Part I)", ["E/ESCWA/2017/EC.4/4(Part I)"]),  # E_ESCWA_2017_EC.4_4(PART_I)
    (it.Symbols, "en", "E/ESCWA/2017/EC.4/4/(Part III)", ["E/ESCWA/2017/EC.4/4(Part III)"]),  # its misprint
    (it.Symbols, "en", "S/2014/258*", ["S/2014/258"]),  # S_2014_258, a reissue
    (it.Symbols, "en", "A/42/521-S/19085", ["A/42/521", "S/19085"]),  # a joint symbol on one line
    (it.Symbols, "en", "E/ESCWA/SDD/2017/Technical Paper.8 17-00489", ["E/ESCWA/SDD/2017/Technical Paper.8"]),
    (it.Symbols, "en", "A /76/PV.102", ["A/76/PV.102"]),  # A_76_PV.102: a space after the big A
    # distribution
    (it.Distribution, "en", "Distr.: General", "general"),
    (it.Distribution, "en", "Distr. LIMITED", "limited"),  # ESCWA, "Distr." and "LIMITED" read together
    (it.Distribution, "fr", "Distr. générale", "general"),
    (it.Distribution, "ar", "Distr.: General", "general"),  # printed in English on Arabic mastheads
    # original language
    (it.Original, "en", "ORIGINAL: ARABIC", ["ar"]),  # ESCWA
    (it.Original, "en", "ORIGINAL8 ENGLISH", ["en"]),  # A_45_155: a scan's colon
    (it.Original, "fr", "Original : anglais", ["en"]),
    (it.Original, "ar", "ORIGINAL: ENGLISH", ["en"]),
    # job number
    (it.JobNumber, "fr", "17-20793 (F) 291117 051217", ("17-20793", "F", ["2017-11-29", "2017-12-05"])),
    (it.JobNumber, "en", "90-05282 1299c (E)", ("90-05282", "E", [])),  # A_45_155: typist's code
    (it.JobNumber, "en", "17-00775", ("17-00775", None, [])),  # ESCWA: no language letter
    (it.JobNumber, "en", "GE.19-13879", ("GE.19-13879", None, [])),
    # issue date
    (it.IssueDate, "en", "12December 2017", "2017-12-12"),  # E_ESCWA_2017_EC.4_4: a typing slip
    (it.IssueDate, "en", "-25 March-1991", "1991-03-25"),  # A_45_984: a scan's dashes
    (it.IssueDate, "ar", "5 December 2017", "2017-12-05"),
    # session, a Security Council year, a committee's meeting
    (it.Session, "en", "Seventy-second session", ("session", "72")),
    (it.Session, "en", "Twelfth session (Financing for development)", ("session", "12")),  # ESCWA committee
    (it.Session, "en", "Forty-fifth year", ("year", "45")),  # joint masthead, Security Council side
    (it.Session, "en", "Fourth meeting", ("meeting", "4")),  # ESCWA Executive Committee
    (it.Session, "ar", "الدورة الثلاثون", ("session", "30")),
    (it.Session, "ar", "الاجتماع الرابع", ("meeting", "4")),
    (it.Session, "ar", "الدورة الثانية عشرة (تمويل التنمية)", ("session", "12")),
    # bodies and organs
    (
        it.Body,
        "en",
        "Economic and Social Commission for Western Asia (ESCWA)",
        "Economic and Social Commission for Western Asia",
    ),
    (it.Body, "ar", "اللجنة التنفيذية", "Executive Committee"),
    (it.Organ, "en", "ECONOMIC AND SOCIAL COUNCIL", "Economic and Social Council"),
    (it.Organ, "ar", "المجلس الاقتصادي والاجتماعي", "Economic and Social Council"),
    # agenda items
    (it.Agenda, "en", "Items 23, 35 and 78 of the preliminary list*", (["23", "35", "78"], None)),  # A_45_155
    (it.Agenda, "en", "Item 4 (b) of the provisional agenda", (["4 (b)"], None)),  # ESCWA
    (it.Agenda, "ar", "البند 4 (أ) من جدول الأعمال المؤقت", (["4 (a)"], None)),
    (it.Agenda, "ar", "البند 4 (ھ) من جدول الأعمال المؤقت", (["4 (e)"], None)),  # heh doachashmee
    (it.Agenda, "en", "Agenda items 21 to 26", (["21", "22", "23", "24", "25", "26"], None)),  # A_64_PV.121
    # meeting records
    (it.MeetingNumber, "en", "102nd plenary meeting", "102"),
    (it.MeetingNumber, "en", "46th PLENARY MEETING", "46"),  # A_48_PV.46
    (it.MeetingTime, "en", "Thursday, 8 September 2022, 3 p.m.", ("2022-09-08", "15:00")),
    (it.MeetingTime, "en", "Monday, 1 November 1993", ("1993-11-01", None)),
    (it.MeetingTime, "en", "at 3 p.m.", (None, "15:00")),
    (it.President, "en", "President: Mr. Shahid . . . . . . . . . (Maldives)", ("Mr. Shahid", "Maldives")),
    (it.President, "en", "President: Mr. INSANALLY", ("Mr. INSANALLY", None)),
    (it.Place, "en", "Beirut, 25-28 June 2018", "Beirut"),
    (it.Place, "ar", "بيروت، 13-14 كانون الأول/ديسمبر 2017", "Beirut"),
    (it.Place, "ar", "بيروت، 72-72 تشرين الثاني/نوفمبر 7102", "Beirut"),  # a font's garbled digits
    (it.Place, "en", "NEW YORK", "New York"),
]


@pytest.mark.parametrize(("item", "code", "line", "value"), CASES)
def test_recogniser_reads_its_printed_forms(item: type, code: str, line: str, value: object) -> None:
    found = item().match(line, load(code), Front(Record()))
    assert found is not None, line
    assert found.value == value


@pytest.mark.parametrize(
    ("code", "line"),
    [
        ("en", "United Nations system support for the African Union’s Agenda 2063"),  # a title, not the publisher
        ("en", "Executive Committee report on the work of the year"),  # a title beginning with a body's name
        ("en", "Information for participants"),
        ("ar", "قضايا المتابعة"),
    ],
)
def test_a_line_that_only_begins_with_a_name_is_no_masthead(code: str, line: str) -> None:
    found, rest = scan(line, load(code), Front(Record()))
    assert rest, found


def test_a_front_page_ending_on_distr_is_read() -> None:
    """Once an IndexError: the masthead's last line was "Distr." with nothing after it."""
    lines = [Line("United Nations", y=0), Line("A/78/1", y=1), Line("General Assembly", y=2), Line("Distr.", y=3)]
    rec = Record(language="en")
    read_front(lines, load("en"), rec, structured=False)
    assert rec.symbol == "A/78/1" and rec.organ == "General Assembly"


def test_every_item_has_a_row_here() -> None:
    tested = {case[0] for case in CASES}
    assert {type(item) for item in it.ITEMS} - tested <= {
        it.Barcode,
        it.Furniture,
        it.Label,
        it.LanguageLine,
        it.SessionDates,
    }


def test_joint_masthead_of_1990(real: Path) -> None:
    """A_45_155: both symbols, both organs, the Assembly's session and items with their titles
    in capitals, the Council's year."""
    import undocs

    rec = undocs.parse(real / "A_45_155.en.pdf")
    assert rec.symbols == ["A/45/155", "S/21174"] and rec.organ == "General Assembly"
    assert rec.joint == {"organs": ["General Assembly", "Security Council"], "Security Council": {"year": "1990"}}
    assert [(a.number, a.title) for a in rec.agenda_items][:2] == [
        ("23", "QUESTION OF PALESTINE"),
        ("35", "THE SITUATION IN THE MIDDLE EAST"),
    ]
    assert rec.date == "1990-02-28" and rec.distribution == "general" and rec.original_languages == ["en"]
