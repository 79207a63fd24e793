"""Search over the SQLite store: one FTS5 row per version for matching and ranking;
one FTS5 row per block only to pick each hit's snippet; facets in memory.

Why these levels: a common word is in most paragraphs. Counting facets over a million
matching paragraph rows cannot be done in tens of milliseconds; over the versions
that hold them (some 50 times fewer) it can. The block index is then asked only
about the page of hits shown, each time inside one version's block-id range.

Per query: one FTS5 pass returns every matching version with its bm25 score; filters,
total, the seven facet counts and the order are then array operations over
`FacetIndex`; the page's hits and snippets come last. Queries of words use
`fts_terms` (each token at most `normalize.CAP` times per version, so bm25 stays
cheap for words like `the`); queries with a phrase use `fts_versions`.

Modes, from the query text:
- empty: browse by the filters, newest first;
- a symbol, or a symbol with a trailing `*` (`a/c.2/72/3`, `A/RES/78/*`): symbol
  search, in symbol order (numbers numerically), then language;
- anything else: words (see `search.query`), by bm25 (title weighted 4:1) or date. Words
  typed without quotes rank higher where they stand side by side in the order typed (the
  phrase), and a little higher where they stand within a few words of each other (`Boosts`):
  "développement durable" puts the versions holding the phrase above those holding the two
  words pages apart.

Facet counts are over the matching set after all filters (a filtered facet shows only
the chosen value), once per version (a document in one language).
"""

from __future__ import annotations

import html
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

import numpy as np

from undocs import lang as langs
from undocs.search.facets import FacetIndex
from undocs.search.normalize import stem_token, token_spans
from undocs.search.query import (
    And,
    Node,
    QueryError,
    SymbolPattern,
    Term,
    all_terms,
    any_of,
    parse,
    positive_terms,
    symbol_pattern,
    to_fts5,
)
from undocs.search.snippet import WIDTH, snippet
from undocs.store import MAX_LIMIT, SearchHit, SearchQuery, SearchResult

#: languages whose words are matched by stem as well (lang/<code>.toml [search] stemmer)
STEMMED = tuple(c for c in langs.available() if langs.load(c).section("search").get("stemmer"))
FACETS = ("organ", "body", "session", "doc_type", "language", "year", "agenda", "state")
_TITLE_WEIGHT, _BODY_WEIGHT = 4.0, 1.0


@dataclass(frozen=True)
class Boosts:
    """How much a version's bm25 score grows when the words typed (two or more, no quotes)
    stand side by side in order, or within `NEAR_WORDS` of each other; and whether the other
    forms of a word are found (eval/search.py turns them off for its baselines)."""

    phrase: float = 0.5
    near: float = 0.2
    word_forms: bool = True


BOOSTS = Boosts()
NEAR_WORDS: Final = 8
_BODY_KINDS = ("paragraph", "preambular", "operative", "subparagraph")


def _validate(q: SearchQuery) -> None:
    if q.sort not in ("relevance", "date"):
        raise QueryError(f"sort={q.sort!r}: use 'relevance' or 'date'")
    if not 0 <= q.limit <= MAX_LIMIT:
        raise QueryError(f"limit={q.limit}: use 0 to {MAX_LIMIT}")
    if q.offset < 0:
        raise QueryError(f"offset={q.offset}: must be 0 or more")
    for lang in q.chosen("lang"):
        if lang.lower() not in langs.available():
            raise QueryError(f"lang={lang!r}: not an official language (use {', '.join(langs.available())})")


def _symbol_ids(conn: sqlite3.Connection, p: SymbolPattern) -> np.ndarray:
    """Every version of the documents printed under a matching symbol."""
    cond, params = ("s.symbol_key = ?", [p.key])
    if p.prefix:
        hi = p.key[:-1] + chr(ord(p.key[-1]) + 1)
        cond, params = ("s.symbol_key >= ? AND s.symbol_key < ?", [p.key, hi])
    sql = f"""SELECT DISTINCT v.id FROM symbols s JOIN versions v2 ON v2.id = s.version_id
              JOIN versions v ON v.document_id = v2.document_id WHERE {cond}"""
    return np.fromiter((r[0] for r in conn.execute(sql, params)), dtype=np.int64)


#: the query's filters and the facets they narrow
_FILTERS: Final = (
    ("lang", "language"),
    ("organ", "organ"),
    ("body", "body"),
    ("session", "session"),
    ("doc_type", "doc_type"),
    ("year", "year"),
    ("agenda", "agenda"),
    ("state", "state"),
)


def _filter(index: FacetIndex, ids: np.ndarray, q: SearchQuery, skip: str | None = None) -> np.ndarray:
    """Mask of `ids` that search shows and that pass the query's facet filters (any of a
    filter's values), but the filter of facet `skip`."""
    mask = index.known(ids)
    for name, facet in _FILTERS:
        values = q.chosen(name)
        if not values or facet == skip:
            continue
        either = np.zeros(ids.shape[0], dtype=bool)
        for value in values:
            if facet == "agenda":
                either |= index.filter_agenda(ids, value)
            elif facet == "state":
                either |= index.filter_state(ids, value)
            else:
                either |= index.filter(ids, facet, value.lower() if facet == "language" else value)
        mask &= either
    return mask


def _counts(
    index: FacetIndex, ids: np.ndarray, mask: np.ndarray, q: SearchQuery, language_ids: np.ndarray | None = None
) -> dict[str, list[tuple[str, int]]]:
    """Facet counts over the matches; a facet that filters counts as if it did not, so that
    its other values show what choosing them as well would add (the language facet over
    `language_ids` when given: the matches of the words' forms in every language)."""
    facets = index.counts(ids[mask])
    for name, facet in _FILTERS:
        if q.chosen(name):
            among = language_ids if facet == "language" and language_ids is not None else ids
            facets[facet] = index.counts(among[_filter(index, among, q, skip=facet)])[facet]
    return facets


def search_sqlite(conn: sqlite3.Connection, q: SearchQuery, index: FacetIndex) -> SearchResult:
    """Run `q` on a store connection, inside a read transaction whose snapshot `index` matches."""
    started = time.perf_counter()
    _validate(q)
    text = q.q.strip()
    node: Node | None = None
    pattern = symbol_pattern(text) if text else None
    scores: np.ndarray | None = None
    language_ids: np.ndarray | None = None  # matches for the language facet, where they differ
    if pattern is not None:
        ids = _symbol_ids(conn, pattern)
        if ids.shape[0] == 0 and not pattern.prefix:
            # "S/RES/2729" for S/RES/2729 (2024): a symbol without the year or session in
            # parentheses that the library's symbol has
            ids = _symbol_ids(conn, SymbolPattern(pattern.key + "(", prefix=True))
    elif text:
        node = parse(text)
        table = "fts_versions" if any(len(t.tokens) > 1 for t in all_terms(node)) else "fts_terms"
        sql = f"SELECT rowid, bm25({table}, {_TITLE_WEIGHT}, {_BODY_WEIGHT}) FROM {table} WHERE {table} MATCH ?"
        forms = _stems_of(q.chosen("lang")) if table == "fts_terms" and BOOSTS.word_forms else None
        try:
            rows = conn.execute(sql, (to_fts5(node, forms),)).fetchall()
        except sqlite3.OperationalError as exc:
            raise QueryError(f"the search index cannot run this query: {exc}") from exc
        ids = np.array([r[0] for r in rows], dtype=np.int64)
        scores = np.array([r[1] for r in rows], dtype=np.float64)
        if q.sort == "relevance" and ids.shape[0] > 1:
            _boost(conn, node, ids, scores)
        if forms is not None and q.chosen("lang"):
            # the language facet counts as if no language were chosen: the words' forms in
            # every language then (what choosing another language as well would find)
            every = conn.execute(
                f"SELECT rowid FROM {table} WHERE {table} MATCH ?", (to_fts5(node, _stems_of([])),)
            ).fetchall()
            language_ids = np.array([r[0] for r in every], dtype=np.int64)
    else:
        ids = np.nonzero(index.searchable)[0].astype(np.int64)
    mask = _filter(index, ids, q)
    facets = _counts(index, ids, mask, q, language_ids)
    ids = ids[mask]
    if scores is not None:
        scores = scores[mask]
    if scores is not None and q.sort == "relevance":
        order = np.lexsort((ids, scores))  # bm25: lower is better
    elif pattern is not None and q.sort == "relevance":
        order = np.argsort(index.symbol_rank[ids], kind="stable")
    else:
        day = index.date[ids]
        order = np.lexsort((ids, -day, day == 0))  # newest first, undated last
    total = int(ids.shape[0])
    if q.group:
        # a document's best version stands for it: the first of its versions in this order
        _, first = np.unique(index.document[ids[order]], return_index=True)
        order = order[np.sort(first)]
        total = int(order.shape[0])
    page = order[q.offset : q.offset + q.limit]
    picked = [(int(ids[i]), -float(scores[i]) if scores is not None else 0.0) for i in page]
    hits = _hits(conn, picked, node)
    if q.group:
        _versions(hits, [int(ids[i]) for i in page], ids, index)
    return SearchResult(total=total, hits=hits, facets=facets, took_ms=(time.perf_counter() - started) * 1000)


def _versions(hits: list[SearchHit], picked: list[int], ids: np.ndarray, index: FacetIndex) -> None:
    """Each grouped hit's matching versions: its own language first, then the others in the
    official order."""
    documents = index.document[ids]
    languages = index.values["language"]
    codes = index.codes["language"]
    for hit, vid in zip(hits, picked, strict=True):
        found = {languages[c] for c in codes[ids[documents == index.document[vid]]] if c >= 0}
        hit.versions = [hit.language] + [lg for lg in langs.OFFICIAL if lg in found and lg != hit.language]


def _boost(conn: sqlite3.Connection, node: Node, ids: np.ndarray, scores: np.ndarray) -> None:
    """Scores (bm25: lower is better) of the versions holding the words typed as a phrase,
    or near each other, made better in place."""
    words = _plain_words(node)
    if len(words) < 2:
        return
    quoted = " ".join(f'"{w}"' for w in words)
    for expr, factor in ((f'"{" ".join(words)}"', BOOSTS.phrase), (f"NEAR({quoted}, {NEAR_WORDS})", BOOSTS.near)):
        if not factor:
            continue
        try:
            found = np.array(
                [r[0] for r in conn.execute("SELECT rowid FROM fts_versions WHERE fts_versions MATCH ?", (expr,))],
                dtype=np.int64,
            )
        except sqlite3.OperationalError:
            continue  # an expression FTS5 will not run: no boost
        scores[np.isin(ids, found)] *= 1 + factor


def _plain_words(node: Node) -> list[str]:
    """The words of a query of words alone ("développement durable"): an AND of one-word
    terms typed without quotes or a star; none for anything else."""
    terms = node.children if isinstance(node, And) else ()
    if not terms or not all(isinstance(t, Term) and len(t.tokens) == 1 and not (t.prefix or t.exact) for t in terms):
        return []
    return [t.tokens[0] for t in terms if isinstance(t, Term)]


def _stems_of(chosen: list[str]) -> Callable[[str], list[str]]:
    """A word's stems in the query's language, or in every language with a stemmer: the
    other forms of the word it finds ("resolutions" finds "resolution"; an exact match
    ranks higher, since it matches both the word and its stem)."""
    languages = [c.lower() for c in chosen] or list(STEMMED)

    def forms(token: str) -> list[str]:
        return list(dict.fromkeys(s for lang in languages if (s := stem_token(token, lang)) is not None))

    return forms


def _hits(conn: sqlite3.Connection, page: list[tuple[int, float]], node: Node | None) -> list[SearchHit]:
    if not page:
        return []
    marks = ",".join("?" * len(page))
    rows = {
        r[0]: r
        for r in conn.execute(
            f"""SELECT v.id, d.symbol, v.language, v.title, v.date, v.doc_type, v.first_block, v.block_count
                FROM versions v JOIN documents d ON d.id = v.document_id WHERE v.id IN ({marks})""",
            [vid for vid, _ in page],
        )
    }
    hits = []
    for vid, score in page:
        _, symbol, language, title, date, doc_type, first, count = rows[vid]
        text, block = _snippet(conn, node, first, count, title, language)
        hits.append(SearchHit(symbol, language, title, date, doc_type, text, score, block))
    return hits


def _snippet(
    conn: sqlite3.Connection, node: Node | None, first: int | None, count: int, title: str | None, language: str = ""
) -> tuple[str, int | None]:
    """The first matching block of one version (or its first body paragraph when there
    are no words), as an HTML snippet, with the block's index."""
    if first is None or count == 0:
        return snippet(title or "", positive_terms(node) if node else []), None
    last = first + count - 1
    if node is None:
        row = conn.execute(
            f"""SELECT idx, text FROM blocks WHERE id BETWEEN ? AND ?
                ORDER BY kind NOT IN ({",".join("?" * len(_BODY_KINDS))}), idx LIMIT 1""",
            (first, last, *_BODY_KINDS),
        ).fetchone()
        return (html.escape(_cut(row[1])), int(row[0])) if row else ("", None)
    terms = positive_terms(node)
    for expr in (node, any_of(node)):
        # The first matching block in reading order. Not bm25: its IDF pass reads the
        # term's whole doclist, once per hit, which at a million blocks costs more than all else.
        got = conn.execute(
            "SELECT rowid FROM fts_blocks WHERE fts_blocks MATCH ? AND rowid BETWEEN ? AND ? LIMIT 1",
            (to_fts5(expr), first, last),
        ).fetchone()
        if got is not None:
            idx, text = conn.execute("SELECT idx, text FROM blocks WHERE id = ?", (got[0],)).fetchone()
            return snippet(text, terms), int(idx)
    found = _by_stem(conn, terms, first, last, language)  # matched by another form of its words
    if found is not None:
        return found
    return snippet(title or "", terms), None


#: how many blocks of a version are read for another form of the query's words
_STEM_SCAN: Final = 400


def _by_stem(
    conn: sqlite3.Connection, terms: list[Term], first: int, last: int, language: str
) -> tuple[str, int] | None:
    """The first block holding another form of a one-word term (the word index matched its
    stem), with that form marked."""
    wanted = {stem_token(t.tokens[0], language) for t in terms if len(t.tokens) == 1 and not t.prefix} - {None}
    if not wanted:
        return None
    rows = conn.execute(
        "SELECT idx, text FROM blocks WHERE id BETWEEN ? AND ? ORDER BY idx LIMIT ?", (first, last, _STEM_SCAN)
    )
    for idx, text in rows:
        forms = {tok for _, _, tok in token_spans(text) if stem_token(tok, language) in wanted}
        if forms:
            return snippet(text, [Term((tok,)) for tok in forms]), int(idx)
    return None


def _cut(text: str) -> str:
    if len(text) <= WIDTH:
        return text
    space = text.rfind(" ", 0, WIDTH)
    return text[: space if space > 0 else WIDTH] + "…"
