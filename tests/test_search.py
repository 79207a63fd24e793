"""Search on the real dev corpus: six scripts, query syntax, symbols, facets checked
against an independent count, filters, sorting, snippets, malformed queries."""

from __future__ import annotations

import html
import re
from collections import Counter
from pathlib import Path

import pytest

from undocs.enrich.links import state_links
from undocs.errors import UndocsError
from undocs.record import Record
from undocs.search import QueryError, fold, tokens
from undocs.search.normalize import token_spans
from undocs.store import SearchQuery
from undocs.store.sqlite import SQLiteStore


@pytest.fixture(scope="module")
def records(store: SQLiteStore) -> dict[tuple[str, str], Record]:
    """The version search shows for each (symbol, language), read back from the store."""
    out = {}
    total, docs = store.documents(limit=1000)
    for d in docs:
        for lang in d.languages:
            rec = store.version(d.symbol, lang)
            assert rec is not None
            out[(d.symbol, lang)] = rec
    return out


def found(store: SQLiteStore, q: str, **filters: str) -> set[tuple[str, str]]:
    result = store.search(SearchQuery(q=q, limit=500, **filters))
    assert result.total == len(result.hits)
    return {(h.symbol, h.language) for h in result.hits}


def containing(records: dict[tuple[str, str], Record], word: str) -> set[tuple[str, str]]:
    """Independent of FTS: versions whose title or blocks hold the word's tokens in a row."""
    want = tokens(word)
    out = set()
    for key, rec in records.items():
        for text in [rec.title or "", *(b.text for b in rec.blocks)]:
            toks = tokens(text)
            if any(toks[i : i + len(want)] == want for i in range(len(toks))):
                out.add(key)
                break
    return out


# ---- normalisation ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Résolution", "resolution"),
        ("L’Ouzbékistan", "l’ouzbekistan"),
        ("ŒUVRE", "oeuvre"),
        ("Ёлка", "елка"),
        ("йод", "йод"),  # й is a letter, not и with a breve
        ("الأمم", "الامم"),
        ("إسرائيل", "اسرائيل"),
        ("آثار", "اثار"),
        ("ٱلله", "الله"),
        ("الأُمَمِ", "الامم"),  # harakat
        ("الأمـــم", "الامم"),  # tatweel
        ("مسؤولية", "مسؤوليه"),  # hamza on waw kept; teh marbuta -> heh
        ("على", "علي"),  # alef maksura -> yeh
        ("٢٠٢٣", "2023"),
        ("ﻻ", "لا"),  # presentation form
    ],
)
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded
    assert fold(fold(text)) == fold(text)


def test_chinese_is_one_token_per_character() -> None:
    assert tokens("安全理事会第2049号决议") == ["安", "全", "理", "事", "会", "第", "2049", "号", "决", "议"]
    assert [(a, b) for a, b, _ in token_spans("见安理会")] == [(0, 1), (1, 2), (2, 3), (3, 4)]


# ---- what the acceptance names -------------------------------------------------


def test_resolution_finds_résolution_in_the_french_seed(store: SQLiteStore) -> None:
    result = store.search(SearchQuery(q="resolution", lang="fr", limit=100))
    hit = next(h for h in result.hits if h.symbol == "A/C.2/72/3")
    assert hit.language == "fr"
    assert "<mark>résolution</mark>" in hit.snippet


def test_french_phrase_from_the_seed(store: SQLiteStore) -> None:
    result = store.search(SearchQuery(q='"la sécurité et au développement durable en Asie centrale"'))
    assert [(h.symbol, h.language) for h in result.hits] == [("A/C.2/72/3", "fr")]
    assert "<mark>la sécurité et au développement durable en Asie centrale</mark>" in result.hits[0].snippet
    # the same words, not in a row, are not that phrase
    assert found(store, '"centrale Asie"') == set()


def test_two_character_chinese_term(store: SQLiteStore, records: dict[tuple[str, str], Record]) -> None:
    # 原子 ("atom"), from A_RES_78_8.zh.xml, first preambular paragraph:
    # "收到国际原子能机构2022年的报告，" (the International Atomic Energy Agency)
    result = store.search(SearchQuery(q="原子"))
    assert ("A/RES/78/8", "zh") in {(h.symbol, h.language) for h in result.hits}
    assert found(store, "原子") == containing(records, "原子")
    hit = next(h for h in result.hits if h.symbol == "A/RES/78/8")
    assert "<mark>原子</mark>" in hit.snippet
    # characters must stand together: 子原 is not 原子
    assert found(store, "子原") == containing(records, "子原")


def test_arabic_word_with_and_without_hamza(store: SQLiteStore) -> None:
    # الأمم ("the nations"), e.g. A_RES_78_8.ar.xml: "الأمم المتحدة"
    with_hamza = found(store, "الأمم")
    assert ("A/RES/78/8", "ar") in with_hamza
    assert found(store, "الامم") == with_hamza
    assert found(store, "الأُمَم") == with_hamza  # with harakat
    assert found(store, "الإمم") == with_hamza  # hamza under the alef
    hit = next(h for h in store.search(SearchQuery(q="الامم", lang="ar")).hits if h.symbol == "A/RES/78/8")
    assert "<mark>الأمم</mark>" in hit.snippet  # the original spelling is what is marked


def test_search_matches_an_independent_scan(store: SQLiteStore, records: dict[tuple[str, str], Record]) -> None:
    for word in ["development", "Ouzbékistan", "desarrollo", "развития", "التنمية", "粮食", "mise en œuvre"]:
        q = f'"{word}"'
        assert found(store, q) == containing(records, word), word


# ---- query syntax -----------------------------------------------------------------------


def test_prefix(store: SQLiteStore, records: dict[tuple[str, str], Record]) -> None:
    prefixed = found(store, "nucl*")
    assert found(store, "nuclear") <= prefixed
    assert found(store, "nucléaire") <= prefixed
    hit = store.search(SearchQuery(q="dével*", lang="fr")).hits[0]
    assert re.search(r"<mark>[Dd]éve\w+</mark>", hit.snippet)


def test_boolean_operators(store: SQLiteStore) -> None:
    a, b = found(store, "nuclear"), found(store, "disarmament")
    assert found(store, "nuclear AND disarmament") == a & b
    assert found(store, "nuclear disarmament") == a & b  # adjacent terms are ANDed
    assert found(store, "nuclear OR disarmament") == a | b
    assert found(store, "nuclear NOT disarmament") == a - b
    c = found(store, "Palestine")
    assert found(store, "(nuclear OR disarmament) AND Palestine") == (a | b) & c
    assert found(store, "nuclear and disarmament") == a & b & found(store, "and")  # lowercase: a word


def test_symbol_search_forgives_spelling(store: SQLiteStore) -> None:
    assert found(store, "a/c.2/72/3") == {("A/C.2/72/3", "fr")}
    assert found(store, "S/RES/2672(2023)") == {("S/RES/2672 (2023)", "en")}
    assert found(store, "s/res/2672 (2023)") == {("S/RES/2672 (2023)", "en")}
    assert found(store, "A/99/999") == set()


def test_symbol_wildcard(store: SQLiteStore) -> None:
    total, docs = store.documents(limit=1000)
    expected = {(d.symbol, lang) for d in docs if d.symbol.startswith("A/RES/78/") for lang in d.languages}
    result = store.search(SearchQuery(q="A/RES/78/*", limit=500))
    assert {(h.symbol, h.language) for h in result.hits} == expected
    assert {h.symbol for h in result.hits} == {"A/RES/78/1", "A/RES/78/3", "A/RES/78/8", "A/RES/78/25", "A/RES/78/50"}
    order = list(dict.fromkeys(h.symbol for h in result.hits))
    assert order == ["A/RES/78/1", "A/RES/78/3", "A/RES/78/8", "A/RES/78/25", "A/RES/78/50"]  # numeric order
    assert found(store, "a/c.2/72/*") == {("A/C.2/72/3", "fr")}
    assert found(store, "A/C.2/*") == {("A/C.2/72/3", "fr"), ("A/C.2/80/L.26", "en"), ("A/C.2/80/L.5", "en")}
    assert found(store, "A/RES/78/*", lang="zh") == {(s, "zh") for s in ("A/RES/78/8", "A/RES/78/25")}


# ---- facets and filters -------------------------------------------------------------------


def _facet_values(rec: Record) -> dict[str, list[str]]:
    year = rec.date[:4] if rec.date else None
    values = {
        "organ": [rec.organ],
        "body": [rec.body],
        "session": [rec.session],
        "doc_type": [rec.doc_type],
        "language": [rec.language],
        "year": [year],
        "agenda": list(dict.fromkeys(a.number for a in rec.agenda_items)),
        "state": list(dict.fromkeys(link.code for link in state_links(rec))),
    }
    return {k: [x for x in v if x is not None] for k, v in values.items()}


@pytest.mark.parametrize(
    ("q", "filters"),
    [
        ("development", {}),
        ("resolution", {"lang": "en"}),
        ("", {}),
        ("A/RES/*", {}),
        ("nations", {"organ": "General Assembly"}),
    ],
)
def test_facet_counts_match_an_independent_count(
    store: SQLiteStore, records: dict[tuple[str, str], Record], q: str, filters: dict[str, str]
) -> None:
    result = store.search(SearchQuery(q=q, limit=500, **filters))
    assert result.total == len(result.hits) > 0
    facet_of = {"lang": "language"}
    filtered = {facet_of.get(k, k): k for k in filters}
    assert set(result.facets) == {"organ", "body", "session", "doc_type", "language", "year", "agenda", "state"}
    for name, pairs in result.facets.items():
        # a facet that filters counts as if it did not (issue 13: its other values show what
        # choosing them as well would add); the others count the hits
        others = {k: v for k, v in filters.items() if k != filtered.get(name)}
        hits = store.search(SearchQuery(q=q, limit=500, **others)).hits if name in filtered else result.hits
        expected: Counter[str] = Counter()
        for h in hits:
            expected.update(_facet_values(records[(h.symbol, h.language)])[name])
        assert dict(pairs) == dict(expected), name
        assert [n for _, n in pairs] == sorted((n for _, n in pairs), reverse=True)


def test_several_values_of_a_filter_take_any_of_them(store: SQLiteStore) -> None:
    """Multi-select facets (issue 13): two organs give the versions of either; two
    languages the same; the other facets still narrow."""
    ga = found(store, "", organ="General Assembly")
    sc = found(store, "", organ="Security Council")
    assert ga and sc and found(store, "", organ=["General Assembly", "Security Council"]) == ga | sc
    fr, ru = found(store, "development", lang="fr"), found(store, "development", lang="ru")
    assert found(store, "development", lang=["fr", "ru"]) == fr | ru
    both = found(store, "", organ=["General Assembly", "Security Council"], year="2024")
    assert both == {k for k in ga | sc if k in found(store, "", year="2024")}


def test_total_counts_versions_across_pages(store: SQLiteStore) -> None:
    everything = store.search(SearchQuery(q="development", limit=500))
    paged = []
    for offset in range(0, everything.total, 7):
        paged += store.search(SearchQuery(q="development", limit=7, offset=offset)).hits
    assert [(h.symbol, h.language) for h in paged] == [(h.symbol, h.language) for h in everything.hits]
    assert store.search(SearchQuery(q="development", limit=0)).hits == []


@pytest.mark.parametrize(
    ("field", "value", "check"),
    [
        ("lang", "fr", lambda r: r.language == "fr"),
        ("organ", "security council", lambda r: r.organ == "Security Council"),
        ("body", "Second Committee", lambda r: r.body == "Second Committee"),
        ("session", "78", lambda r: r.session == "78"),
        ("doc_type", "draft_resolution", lambda r: r.doc_type == "draft_resolution"),
        ("year", "2023", lambda r: (r.date or "").startswith("2023")),
        ("agenda", "89", lambda r: any(a.number == "89" for a in r.agenda_items)),
        ("agenda", "19", lambda r: any(a.number.split()[0] == "19" for a in r.agenda_items)),
        ("agenda", "19 (a)", lambda r: any(a.number == "19 (a)" for a in r.agenda_items)),
    ],
)
def test_filters(store: SQLiteStore, records: dict[tuple[str, str], Record], field: str, value: str, check) -> None:
    got = found(store, "", **{field: value})
    assert got == {k for k, r in records.items() if check(r)}
    assert got
    assert found(store, "the", **{field: value}) == got & found(store, "the")


def test_sort_by_date(store: SQLiteStore) -> None:
    hits = store.search(SearchQuery(q="development", sort="date", limit=500)).hits
    dates = [h.date for h in hits if h.date]
    assert dates == sorted(dates, reverse=True)
    assert all(h.date for h in hits[: len(dates)])  # undated last
    assert all(h.score > 0 for h in hits)
    relevance = store.search(SearchQuery(q="development", limit=500)).hits
    assert [h.score for h in relevance] == sorted((h.score for h in relevance), reverse=True)


# ---- snippets --------------------------------------------------------------------------------


def test_snippets_are_escaped_original_text(store: SQLiteStore, records: dict[tuple[str, str], Record]) -> None:
    for q in ["development", '"General Assembly"', "Ouzbékistan", "原子", "الامم", "nucl*"]:
        for h in store.search(SearchQuery(q=q, limit=50)).hits:
            assert "<mark>" in h.snippet, (q, h)
            plain = re.sub(r"</?mark>", "", h.snippet)
            assert "<" not in plain and ">" not in plain
            rec = records[(h.symbol, h.language)]
            source = rec.blocks[h.block].text if h.block is not None else rec.title or ""
            for piece in html.unescape(plain).split("…"):
                assert piece in source


def test_snippet_escapes_markup(tmp_path: Path) -> None:
    from undocs.record import Block

    with SQLiteStore(tmp_path / "s.sqlite") as s:
        rec = Record(
            symbol="A/99/1",
            symbols=["A/99/1"],
            language="en",
            blocks=[Block(kind="paragraph", text="Tom & Jerry <script>alert(1)</script> peace")],
            source={"format": "text"},
        )
        s.put(rec, path="/f", sha256="a")
        hit = s.search(SearchQuery(q="peace")).hits[0]
        assert hit.snippet == "Tom &amp; Jerry &lt;script&gt;alert(1)&lt;/script&gt; <mark>peace</mark>"


# ---- malformed queries -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("q", "message"),
    [
        ('"unclosed phrase', "quote"),
        ("peace AND", "AND"),
        ("OR peace", "OR"),
        ("NOT peace", "NOT"),
        ("(peace OR war", r"unbalanced '\('"),
        ("peace)", r"unbalanced '\)'"),
        ("()", "empty parentheses"),
        ("*", "\\*"),
        ("pe*ace", "\\*"),
        ("e*", "prefix"),
        ("– ,", "nothing to search"),
    ],
)
def test_malformed_query(store: SQLiteStore, q: str, message: str) -> None:
    with pytest.raises(QueryError, match=message):
        store.search(SearchQuery(q=q))
    assert issubclass(QueryError, UndocsError)


@pytest.mark.parametrize(
    "query", [SearchQuery(q="peace", sort="newest"), SearchQuery(q="peace", limit=-1), SearchQuery(offset=-5)]
)
def test_bad_parameters(store: SQLiteStore, query: SearchQuery) -> None:
    with pytest.raises(QueryError):
        store.search(query)


def test_browse_without_words(store: SQLiteStore) -> None:
    result = store.search(SearchQuery(lang="zh", limit=100))
    assert result.total == 7
    assert all(h.language == "zh" and h.snippet for h in result.hits)


# ---- word forms (issue 13) ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("forms", "lang"),
    [
        # the cases of issue 13, as a user typed them against the dev corpus
        (("устойчивое развитие", "устойчивого развития"), "ru"),
        (("التنمية", "والتنمية", "للتنمية"), "ar"),
        (("resolution", "resolutions"), "en"),
        (("développement", "développements"), "fr"),
        (("resolución", "resoluciones"), "es"),
    ],
)
def test_every_form_of_a_word_finds_the_same_documents(store: SQLiteStore, forms: tuple[str, ...], lang: str) -> None:
    found = [found_set for found_set in (_documents_found(store, f, lang) for f in forms)]
    assert found[0] and all(f == found[0] for f in found), forms


def _documents_found(store: SQLiteStore, q: str, lang: str) -> set[tuple[str, str]]:
    return {(h.symbol, h.language) for h in store.search(SearchQuery(q=q, lang=lang, limit=500)).hits}


def test_an_exact_form_ranks_above_another_form(store: SQLiteStore) -> None:
    """Both the word and its stem match where the word is printed: such a version ranks
    first; in quotes, only that form is found."""
    hits = store.search(SearchQuery(q="resolutions", lang="en", limit=500)).hits
    assert "resolutions" in tokens(hits[0].snippet)
    quoted = _documents_found(store, '"resolutions"', "en")
    assert quoted < {(h.symbol, h.language) for h in hits}


def test_stems_are_of_the_language_and_its_script() -> None:
    from undocs.search.normalize import stem_token

    assert stem_token("resolutions", "en") == stem_token("resolution", "en")
    assert stem_token("resolution", "ru") is None  # a Latin word in a Russian text
    assert stem_token(fold("والتنمية"), "ar") == stem_token(fold("التنمية"), "ar")
    assert stem_token("安理会", "zh") is None


def test_grouped_one_hit_per_document_with_its_matching_versions(store: SQLiteStore) -> None:
    """Issue 13: a symbol search showed six cards for one document. Grouped, A/RES/78/8 is one
    hit whose versions are the six languages the dev corpus holds it in (its AKN files and its
    English PDF, one searchable version per language); a word search gives each document once,
    its best version first, and the same documents as the ungrouped search."""
    (hit,) = store.search(SearchQuery(q="A/RES/78/8", group=True)).hits
    assert hit.symbol == "A/RES/78/8" and sorted(hit.versions) == ["ar", "en", "es", "fr", "ru", "zh"]
    assert hit.versions[0] == hit.language
    flat = store.search(SearchQuery(q="development", limit=500))
    grouped = store.search(SearchQuery(q="development", limit=500, group=True))
    symbols = [h.symbol for h in grouped.hits]
    assert len(symbols) == len(set(symbols)) == grouped.total < flat.total
    assert set(symbols) == {h.symbol for h in flat.hits}
    best = {}
    for h in flat.hits:  # the ungrouped order is by relevance: a document's first version is its best
        best.setdefault(h.symbol, h.language)
    assert all(h.language == best[h.symbol] for h in grouped.hits)
    for h in grouped.hits:
        assert set(h.versions) == {x.language for x in flat.hits if x.symbol == h.symbol}
    # pages of grouped hits join up to the whole
    paged = []
    for offset in range(0, grouped.total, 7):
        paged += store.search(SearchQuery(q="development", limit=7, offset=offset, group=True)).hits
    assert [h.symbol for h in paged] == symbols


def test_the_words_typed_side_by_side_rank_higher(store: SQLiteStore) -> None:
    """Issue 13: for two words typed without quotes, a version holding them as the phrase
    ranked below one holding them pages apart. Against plain BM25 on the same index, undocs
    multiplies the score of a version holding the phrase by 1.5 x 1.2 (the phrase is also
    "near"), of one holding the words within eight of each other by 1.2, and leaves the rest."""
    from undocs.search import engine

    query = SearchQuery(q="nuclear energy", lang="en", limit=500)
    ours = {(h.symbol, h.language): h.score for h in store.search(query).hits}
    saved = engine.BOOSTS
    engine.BOOSTS = engine.Boosts(phrase=0.0, near=0.0)
    try:
        plain = {(h.symbol, h.language): h.score for h in store.search(query).hits}
    finally:
        engine.BOOSTS = saved
    phrase = found(store, '"nuclear energy"', lang="en")
    assert ours.keys() == plain.keys() and phrase and set(ours) - phrase
    ratios = {key: round(ours[key] / plain[key], 6) for key in ours}
    assert {ratios[k] for k in phrase} == {round(1.5 * 1.2, 6)}
    assert {ratios[k] for k in set(ours) - phrase} <= {1.0, 1.2}
