"""Tests for undocs.symbols: the UN document symbol grammar.

Expected values are written by hand; each says where it comes from:
- record.md = shared/design/record.md, "Canonical symbol spelling";
- grammar = shared/design/un-systems-and-conventions.md, section (c);
- manifest = shared/corpus/dev/manifest.csv; corpus file names are given where a
  sentence was copied from a dev document.
"""

from __future__ import annotations

import csv
from dataclasses import fields
from pathlib import Path

import pytest

from undocs.symbols import (
    Symbol,
    SymbolError,
    find_symbols,
    is_symbol,
    normalize,
    parse,
    relation,
    same_document,
)

MANIFEST = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "dev" / "manifest.csv"


def _manifest_symbols() -> list[str]:
    if not MANIFEST.is_file():
        return []
    with MANIFEST.open(encoding="utf-8", newline="") as fh:
        return sorted({row["symbol"] for row in csv.DictReader(fh)})


@pytest.mark.skipif(not MANIFEST.is_file(), reason=f"dev corpus manifest not found at {MANIFEST}")
def test_manifest_is_not_empty() -> None:
    assert len(_manifest_symbols()) >= 40


@pytest.mark.skipif(not MANIFEST.is_file(), reason=f"dev corpus manifest not found at {MANIFEST}")
@pytest.mark.parametrize("raw", _manifest_symbols() or ["(no manifest)"])
def test_manifest_symbol_parses_and_round_trips(raw: str) -> None:
    sym = parse(raw)
    assert parse(sym.text) == sym  # canonical text parses to the same thing
    assert normalize(sym.text) == sym.text
    assert same_document(raw, sym.text)
    # The manifest spells symbols as the file names do, with no spaces
    # (A/RES/2758(XXVI), A/RES/75/101A-B): canonical differs from it by spaces only.
    assert sym.text.replace(" ", "") == raw


# Every component of the edge cases named in the brief (plus one ES-n session).
NONE = {
    "bodies": (),
    "body": None,
    "session": None,
    "year": None,
    "doc_type": None,
    "serial": None,
    "parts": None,
    "modifiers": (),
    "country": None,
}
GA = dict(NONE, series="A", organ="General Assembly")
SC = dict(NONE, series="S", organ="Security Council")
EDGE = {
    # manifest; grammar 3: emergency special session resolutions "A/RES/ES-11/2"
    "A/RES/ES-11/1": dict(GA, text="A/RES/ES-11/1", session="ES-11", doc_type="RES", serial="1"),
    # grammar 3 (ES-n); a 4-character session must not be taken for a year
    "a/res/es-9/1": dict(GA, text="A/RES/ES-9/1", session="ES-9", doc_type="RES", serial="1"),
    # record.md "A/RES/2758 (XXVI)"; grammar 3: Roman session before 1976
    "A/RES/2758 (XXVI)": dict(GA, text="A/RES/2758 (XXVI)", session="XXVI", doc_type="RES", serial="2758"),
    # manifest "A/RES/75/101A-B"; AKN docNumber in A_RES_75_101A-B.en.xml "A/RES/75/101 A-B"
    "A/RES/75/101A-B": dict(GA, text="A/RES/75/101 A-B", session="75", doc_type="RES", serial="101", parts="A-B"),
    # grammar 2 example; 1987 name of the Sub-Commission
    "E/CN.4/Sub.2/AC.2/1987/WP.4/Add.1": dict(
        NONE,
        text="E/CN.4/Sub.2/AC.2/1987/WP.4/Add.1",
        series="E",
        organ="Economic and Social Council",
        bodies=("CN.4", "Sub.2", "AC.2"),
        body="Sub-Commission on Prevention of Discrimination and Protection of Minorities",
        year="1987",
        doc_type="WP",
        serial="4",
        modifiers=(("Add", "1"),),
    ),
    # manifest; record.md (HRC documents are printed under the General Assembly)
    "A/HRC/WG.6/34/ITA/3": dict(
        GA,
        text="A/HRC/WG.6/34/ITA/3",
        bodies=("HRC", "WG.6"),
        body="Working Group on the Universal Periodic Review",
        session="34",
        serial="3",
        country="ITA",
    ),
    # record.md
    "S/RES/242 (1967)": dict(SC, text="S/RES/242 (1967)", year="1967", doc_type="RES", serial="242"),
    # brief: spacing variant of S/RES/2049 (2012)
    "S/RES/2049(2012)": dict(SC, text="S/RES/2049 (2012)", year="2012", doc_type="RES", serial="2049"),
    # grammar 6: ODS verbatim-record variant; session 74, verbatim record of meeting 1
    "A/74/PV.1(OR)": dict(GA, text="A/74/PV.1", session="74", doc_type="PV", serial="1"),
    # record.md example column (A/C.2/72/3, French): Second Committee, session 72
    "A/C.2/72/3": dict(GA, text="A/C.2/72/3", bodies=("C.2",), body="Second Committee", session="72", serial="3"),
}


@pytest.mark.parametrize("raw", list(EDGE))
def test_edge_case_components(raw: str) -> None:
    sym = parse(raw)
    assert {f: getattr(sym, f) for f in EDGE[raw]} == EDGE[raw]
    assert set(EDGE[raw]) == {f.name for f in fields(Symbol)}  # every field checked


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        # record.md and brief
        ("S/RES/2049(2012)", "S/RES/2049 (2012)"),
        ("S/RES/2049  (2012)", "S/RES/2049 (2012)"),
        ("s/res/2049(2012)", "S/RES/2049 (2012)"),
        ("S/RES/2049\u00a0(2012)", "S/RES/2049 (2012)"),
        ("a/c.2/72/3", "A/C.2/72/3"),
        (" A / C.2 / 72 / 3 ", "A/C.2/72/3"),
        ("A/RES/75/101A-B", "A/RES/75/101 A-B"),
        ("A/RES/217(III)A", "A/RES/217 A (III)"),
        ("A/RES/217 A (III)", "A/RES/217 A (III)"),
        ("a/res/2758(xxvi)", "A/RES/2758 (XXVI)"),
        ("A/78/304/add.1", "A/78/304/Add.1"),
        ("A/78/304/ADD.1", "A/78/304/Add.1"),
        ("A/78/304/Add. 1", "A/78/304/Add.1"),
        ("A/C.3/78/L.60/rev.1", "A/C.3/78/L.60/Rev.1"),
        ("e/cn.4/sub.2/ac.2/1987/wp.4", "E/CN.4/Sub.2/AC.2/1987/WP.4"),
        ("a/conf.219/2023/3", "A/CONF.219/2023/3"),
        ("A/74/PV.1 (OR)", "A/74/PV.1"),
        ("A/74/PV.1(or)", "A/74/PV.1"),
        ("A/78/304*", "A/78/304"),
        ("A/78/304/Add.1/Corr.1 *", "A/78/304/Add.1/Corr.1"),
        ("a/res/es-11/1", "A/RES/ES-11/1"),
        # A/C.3/80/L.41.en.pdf footnote "A/CONF.157/24 (Part I), chap. III."
        # a part keeps the spacing it was printed with (record.md, clarified 2026-11-29)
        ("A/CONF.157/24(part i)", "A/CONF.157/24(Part I)"),
        ("A/CONF.157/24 (part i)", "A/CONF.157/24 (Part I)"),
        ("E/ESCWA/2017/EC.4/4/(Part III)", "E/ESCWA/2017/EC.4/4(Part III)"),
        ("A/81/6 (SECT. 11)/part a", "A/81/6 (Sect. 11)/Part A"),
        ("E/ESCWA/30/17/CRP.1", "E/ESCWA/30/17/CRP.1"),
        ("E/ESCWA/EDID/2017/IG.2/3(Part I)", "E/ESCWA/EDID/2017/IG.2/3(Part I)"),
        ("E/ESCWA/ECW/2017/IG.1/7/REPORT", "E/ESCWA/ECW/2017/IG.1/7/Report"),
        ("E/ESCWA/SDD/2017/TECHNICAL PAPER.8", "E/ESCWA/SDD/2017/Technical Paper.8"),
    ],
)
def test_normalize_variants(raw: str, canonical: str) -> None:
    assert normalize(raw) == canonical


@pytest.mark.parametrize(
    "junk",
    [
        "",
        "   ",
        "hello",
        "A//3",
        "A/",
        "/A/3",
        "A/B",
        "S/he",
        "12/2023",
        "1/2",
        "GC(67)/RES/7",  # IAEA General Conference, not a UN series
        "A/78/304 (1990)",  # a year in parentheses follows only a resolution number
        "A/RES/2758 (XXVI) (1967)",
        "A/78/304 A",  # lettered parts belong to resolutions/decisions
        "A/80/C.2/1",  # body after the session
        "A/72/73/74/3",
        "A/C.2/72/3 hello",
    ],
)
def test_junk_raises(junk: str) -> None:
    with pytest.raises(SymbolError) as err:
        parse(junk)
    assert repr(junk) in str(err.value)  # the message names the text
    assert isinstance(err.value, ValueError)
    assert not is_symbol(junk)


def test_more_series_and_components() -> None:
    # grammar 4: presidential statement, year, serial
    prst = parse("S/PRST/2013/2")
    assert (prst.doc_type, prst.year, prst.serial) == ("PRST", "2013", "2")
    # manifest A/L.632 (1971 draft): a limited-series serial without a session
    assert (parse("A/L.632").doc_type, parse("A/L.632").serial, parse("A/L.632").session) == (
        "L",
        "632",
        None,
    )
    # special series: no principal organ; treaty-body committee named from the table
    ccpr = parse("CCPR/C/ITA/CO/6")
    assert (ccpr.organ, ccpr.body, ccpr.bodies, ccpr.country, ccpr.doc_type, ccpr.serial) == (
        None,
        "Human Rights Committee",
        ("C",),
        "ITA",
        "CO",
        "6",
    )
    fccc = parse("FCCC/CP/2015/10/Add.1")
    assert (fccc.series, fccc.organ, fccc.year, fccc.serial, fccc.modifiers) == (
        "FCCC",
        None,
        "2015",
        "10",
        (("Add", "1"),),
    )
    # modifiers in order, with Summary carrying no number
    sym = parse("A/78/304/Rev.1/Add.2/Summary")
    assert sym.modifiers == (("Rev", "1"), ("Add", "2"), ("Summary", ""))
    assert sym.base == "A/78/304"
    # body of an unknown working group falls back to the nearest known one
    assert parse("A/HRC/WG.99/1/2").body == "Human Rights Council"
    assert parse("A/AC.297/2025/CRP.2/Rev.5").body is None
    assert parse("A/C.4/80/L.3").body == "Fourth Committee"  # record.md: SPECPOL is Fourth
    assert isinstance(parse("A/C.2/72/3"), Symbol)
    assert str(parse("a/c.2/72/3")) == "A/C.2/72/3"


def test_base() -> None:
    assert parse("A/C.3/78/L.60/Rev.1").base == "A/C.3/78/L.60"
    assert parse("S/RES/2049 (2012)").base == "S/RES/2049 (2012)"
    assert parse("A/RES/75/101 A-B").base == "A/RES/75/101 A-B"


def test_same_document() -> None:
    assert same_document("A/74/PV.1(OR)", "A/74/PV.1")
    assert same_document("s/res/2049(2012)", "S/RES/2049 (2012)")
    assert same_document("A/78/304*", "a/78/304")
    assert not same_document("A/78/304", "A/78/304/Add.1")
    assert not same_document("A/RES/75/101 A", "A/RES/75/101 A-B")
    with pytest.raises(SymbolError):
        same_document("A/78/304", "hello")


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("A/C.3/78/L.60", "A/C.3/78/L.60/Rev.1", "revision"),  # brief
        ("A/C.3/78/L.60", "a/c.3/78/l.60", "same"),
        ("A/74/PV.1(OR)", "A/74/PV.1", "same"),
        (
            "A/58/874",
            "A/58/874/Add.1",
            "addendum",
        ),  # A_RES_80_*.en.txt footnote "A/58/874 and A/58/874/Add.1"
        ("A/34/45", "A/34/45/Corr.1", "corrigendum"),  # footnote "(A/34/45 and A/34/45/Corr.1)"
        ("A/78/304/Add.1", "A/78/304/Add.1/Corr.1", "corrigendum"),
        ("A/78/304", "A/78/304/Add.1/Corr.1", "corrigendum"),  # last modifier names what b is
        ("A/78/304", "A/78/304/Rev.1/Add.2", "addendum"),
        ("ST/SGB/2019/8", "ST/SGB/2019/8/Amend.1", "amendment"),
        ("A/78/304", "A/78/304/Summary", "summary"),
        ("A/C.3/78/L.60/Rev.1", "A/C.3/78/L.60", None),  # the original is not a revision of Rev.1
        ("A/78/304/Add.1", "A/78/304/Add.2", None),
        ("A/78/304", "A/78/305/Add.1", None),
        ("A/RES/75/101 A-B", "A/RES/75/101 A", None),
    ],
)
def test_relation(a: str, b: str, expected: str | None) -> None:
    assert relation(a, b) == expected


def test_url() -> None:
    # undocs-undl-api resolver: GET /<lang>/<symbol>
    assert parse("A/C.2/72/3").url() == "https://undocs.org/en/A/C.2/72/3"
    assert parse("A/C.2/72/3").url("fr") == "https://undocs.org/fr/A/C.2/72/3"
    # the UN's own links drop the space: href="https://undocs.org/en/S/RES/2272(2016)" in
    # S_RES_2672(2023).en.xml, "https://undocs.org/en/A/RES/1145(XII)" in the AKN files
    assert parse("S/RES/242 (1967)").url() == "https://undocs.org/en/S/RES/242(1967)"
    assert parse("A/RES/2758 (XXVI)").url("ZH") == "https://undocs.org/zh/A/RES/2758(XXVI)"
    assert parse("A/RES/75/101 A-B").url() == "https://undocs.org/en/A/RES/75/101A-B"
    assert parse("A/RES/ES-11/1").url("de") == "https://undocs.org/ot/A/RES/ES-11/1"
    with pytest.raises(ValueError):
        parse("A/C.2/72/3").url("xx")


def _canon(text: str) -> list[str]:
    return [c for _, _, c in find_symbols(text)]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # A_C.2_80_L.5.en.pdf, footnote
        (
            (
                "Report of the Fifth United Nations Conference on the Least Developed Countries,"
                " New York, 17 March 2022, and Doha, 5–9 March 2023 (A/CONF.219/2023/3), chap. I,"
                " resolution 2."
            ),
            ["A/CONF.219/2023/3"],
        ),
        # brief (French footnote, joint GA/SC document)
        ("1/ A/42/521-S/19085, annexe.", ["A/42/521", "S/19085"]),
        # AKN A_RES_78_8.ar.xml cites IAEA General Conference resolutions: not UN symbols
        ("GC(67)/RES/7", []),
        (
            "of resolutions GC(67)/RES/7, entitled “Nuclear and radiation safety”; GC(67)/RES/8,",
            [],
        ),
        ("بالقرارات GC(67)/RES/7 المعنون ”الأمان النووي والإشعاعي“", []),
        # A_C.2_80_L.5.en.pdf and A_RES_79_1.en.pdf, footnote
        (
            "Adopted under the UNFCCC in FCCC/CP/2015/10/Add.1, decision 1/CP.21.",
            ["FCCC/CP/2015/10/Add.1"],
        ),
        # A_C.2_80_L.5.en.pdf, footnote: joint GA/ECOSOC report
        ("A/80/82-E/2025/63.", ["A/80/82", "E/2025/63"]),
        # A_RES_80_*.en.txt footnotes
        (
            (
                "1 Official Records of the General Assembly, Thirty-fourth Session, Supplement No. 45"
                " and corrigendum (A/34/45 and A/34/45/Corr.1)."
            ),
            ["A/34/45", "A/34/45/Corr.1"],
        ),
        ("6 A/AC.297/2025/CRP.2/Rev.5.", ["A/AC.297/2025/CRP.2/Rev.5"]),
        ("2 A/57/759-S/2003/332, annex I.", ["A/57/759", "S/2003/332"]),
        (
            "9 S/PRST/2013/2; see Resolutions and Decisions of the Security Council",
            ["S/PRST/2013/2"],
        ),
        ("2013 (S/INF/68).", ["S/INF/68"]),
        ("11 CEDAW/C/GC/38.", ["CEDAW/C/GC/38"]),
        ("2 See CD/1839.", ["CD/1839"]),
        ("[S/1410]", ["S/1410"]),
        ("[on the report of the First Committee (A/80/534, para. 7)]", ["A/80/534"]),
        ("Respect and Remedy” Framework (A/HRC/17/31, annex).", ["A/HRC/17/31"]),
        # A_C.3_80_L.41.en.pdf, footnote
        ("A/CONF.157/24 (Part I), chap. III.", ["A/CONF.157/24 (Part I)"]),
        # S_RES_*.en.txt style citations, written out as symbols
        (
            "recalling S/RES/2049(2012) and S/RES/242 (1967),",
            ["S/RES/2049 (2012)", "S/RES/242 (1967)"],
        ),
        ("resolution A/RES/217 A (III) of 10 December 1948", ["A/RES/217 A (III)"]),
        ("See A/78/304.", ["A/78/304"]),
        # things that are not symbols
        ("On 12/2023, 1/2 of the members and/or S/he said A/B testing", []),
        ("decision 1/CP.21 and resolution 68/218", []),
        ("see https://example.org/docs/A/78/1 for details", []),
        ("A/78/1 A new approach", ["A/78/1"]),
    ],
)
def test_find_symbols_sentences(sentence: str, expected: list[str]) -> None:
    assert _canon(sentence) == expected


def test_find_symbols_spans_and_links() -> None:
    text = "1/ A/42/521-S/19085, annexe."
    assert find_symbols(text) == [(3, 11, "A/42/521"), (12, 19, "S/19085")]
    assert text[3:11] == "A/42/521" and text[12:19] == "S/19085"
    # trailing punctuation is outside the span
    text = "See A/78/304."
    ((start, end, _),) = find_symbols(text)
    assert text[start:end] == "A/78/304"
    # undocs.org links, as in the AKN files (A_RES_77_3.en.xml: href=".../A/RES/74/92a-b")
    html = (
        '<a href="https://undocs.org/en/A/RES/74/92a-b">74/92</a> A and B, '
        '<a href="https://undocs.org/en/S/RES/2272(2016)">2272 (2016)</a>'
    )
    assert _canon(html) == ["A/RES/74/92 A-B", "S/RES/2272 (2016)"]
