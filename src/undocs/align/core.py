"""Align two to six versions of one document: checks, paragraphs, then sentences.

Every non-pivot version is aligned to the pivot (the first version unless named), so
an alignment of k versions is k-1 pairwise alignments sharing the pivot's positions.
Before aligning, the versions are checked: a wrong input gives an `AlignError` with a
plain message, never a garbage alignment.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from undocs.align import langdata
from undocs.align.encoder import Encoder, resolve
from undocs.align.errors import AlignError
from undocs.align.pairwise import Link, Params, align_units
from undocs.align.sentences import split_sentences
from undocs.align.units import Unit, parts, record_units
from undocs.parse.language import detect
from undocs.record import Record
from undocs.symbols import SymbolError, relation, same_document

LEVELS = ("paragraph", "sentence")
#: A version whose English-equivalent length is below this share of another's is not
#: a translation of the same text (a corrigendum, an extract, another document).
MIN_LENGTH_RATIO = 0.6
#: Past these, the alignment found is not one a reader could trust.
MAX_UNLINKED = 0.25
MIN_MEAN_SCORE = 0.8


@dataclass
class PairAlignment:
    """Links from the `src_lang` version (the pivot) to the `tgt_lang` version."""

    src_lang: str
    tgt_lang: str
    links: list[Link]


@dataclass
class Alignment:
    """Pairwise links against the pivot; `units[lang]` are the texts positions refer to."""

    level: str  # "paragraph", "sentence" or "segment" (presegmented input)
    pivot: str
    langs: list[str]
    units: dict[str, list[str]]
    pairs: list[PairAlignment]
    symbol: str | None = None
    names: dict[str, str] = field(default_factory=dict)  # lang -> where the version came from

    def pair(self, src_lang: str, tgt_lang: str) -> PairAlignment:
        for p in self.pairs:
            if p.src_lang == src_lang and p.tgt_lang == tgt_lang:
                return p
        raise KeyError(f"no {src_lang}-{tgt_lang} pair in this alignment (pivot {self.pivot})")


@dataclass
class _Version:
    lang: str
    name: str
    units: list[Unit]
    symbol: str | None


def _name(record: Record, index: int) -> str:
    path = record.source.get("path") if record.source else None
    return str(path) if path else f"version {index + 1}"


def _english_length(units: Sequence[Unit], lang: str) -> float:
    return sum(len(u.text.replace(" ", "")) for u in units) / langdata.get(lang).length_ratio


def _check_language(declared: str, text: str, name: str) -> None:
    found = detect(text)
    if found is not None and found != declared:
        raise AlignError(f"{name}: declared {declared} but its text reads as {found}")


def _check_lengths(pivot: _Version, other: _Version) -> None:
    a, b = _english_length(pivot.units, pivot.lang), _english_length(other.units, other.lang)
    ratio = min(a, b) / max(a, b) if max(a, b) else 1.0
    if ratio < MIN_LENGTH_RATIO:
        short = other if b < a else pivot
        raise AlignError(
            f"{short.name} ({short.lang}) is {ratio:.0%} of the length of the other version: "
            "a corrigendum, an extract or a different document, not a translation of the whole"
        )


def _check_symbols(pivot: _Version, other: _Version) -> None:
    if not pivot.symbol or not other.symbol:
        return
    try:
        if same_document(pivot.symbol, other.symbol):
            return
        rel = relation(pivot.symbol, other.symbol) or relation(other.symbol, pivot.symbol)
    except SymbolError:
        rel = None
    what = f" ({rel} of the other)" if rel else ""
    raise AlignError(
        f"versions of different documents: {pivot.symbol} ({pivot.name}) and {other.symbol} ({other.name}){what}"
    )


def _check_result(links: list[Link], pivot: _Version, other: _Version) -> None:
    def in_body(lk: Link) -> bool:
        if lk.src:
            return pivot.units[lk.src[0]].part == "body"
        return other.units[lk.tgt[0]].part == "body"

    body_links = [lk for lk in links if in_body(lk)]
    units = sum(len(lk.src) + len(lk.tgt) for lk in body_links)
    unlinked = sum(len(lk.src) + len(lk.tgt) for lk in body_links if not lk.src or not lk.tgt)
    linked = [lk.score for lk in body_links if lk.src and lk.tgt]
    mean = sum(linked) / len(linked) if linked else 0.0
    if units and (unlinked / units > MAX_UNLINKED or mean < MIN_MEAN_SCORE):
        raise AlignError(
            f"{pivot.name} ({pivot.lang}) and {other.name} ({other.lang}) do not align: "
            f"{unlinked} of {units} units without a counterpart, mean link score {mean:.2f}; "
            "are they versions of the same text?"
        )


def _vectors(encoder: Encoder | None, versions: list[_Version]) -> dict[str, np.ndarray | None]:
    if encoder is None:
        return {v.lang: None for v in versions}
    texts = [u.text for v in versions for u in v.units]
    matrix = encoder.encode(texts) if texts else np.zeros((0, 1), dtype=np.float32)
    out: dict[str, np.ndarray | None] = {}
    start = 0
    for v in versions:
        out[v.lang] = matrix[start : start + len(v.units)]
        start += len(v.units)
    return out


def _align_parts(
    pivot: _Version, other: _Version, vec: dict[str, np.ndarray | None], params: Params | None
) -> list[Link]:
    """Body with body, footnotes with footnotes; everything together when one version has
    no footnotes (its parser may have read them as body paragraphs)."""
    links: list[Link] = []
    ps, po = parts(pivot.units), parts(other.units)
    if "footnote" in ps and "footnote" in po:
        spans = [(ps.get(part, (0, 0)), po.get(part, (0, 0))) for part in ("body", "footnote")]
    else:
        spans = [((0, len(pivot.units)), (0, len(other.units)))]
    for (s0, s1), (t0, t1) in spans:
        vs, vt = vec[pivot.lang], vec[other.lang]
        found = align_units(
            pivot.units[s0:s1],
            other.units[t0:t1],
            pivot.lang,
            other.lang,
            src_vectors=None if vs is None else vs[s0:s1],
            tgt_vectors=None if vt is None else vt[t0:t1],
            params=params,
        )
        links += [Link([i + s0 for i in lk.src], [j + t0 for j in lk.tgt], lk.score) for lk in found]
    return links


def _sentence_level(
    versions: list[_Version], pairs: list[PairAlignment], encoder: Encoder | None, params: Params | None
) -> tuple[dict[str, list[str]], list[PairAlignment]]:
    """Split every unit into sentences, then align sentences inside each paragraph link."""
    sents: dict[str, list[list[Unit]]] = {}
    first: dict[str, list[int]] = {}
    for v in versions:
        per_unit = [[Unit(s) for s in split_sentences(u.text, v.lang)] for u in v.units]
        sents[v.lang] = per_unit
        offsets, k = [], 0
        for group in per_unit:
            offsets.append(k)
            k += len(group)
        first[v.lang] = offsets
    flat = {lang: [s for group in groups for s in group] for lang, groups in sents.items()}
    vectors: dict[str, np.ndarray | None] = {lang: None for lang in flat}
    if encoder is not None:
        texts = [s.text for lang in flat for s in flat[lang]]
        matrix = encoder.encode(texts)
        start = 0
        for lang in flat:
            vectors[lang] = matrix[start : start + len(flat[lang])]
            start += len(flat[lang])

    def positions(lang: str, units: list[int]) -> list[int]:
        return [first[lang][u] + k for u in units for k in range(len(sents[lang][u]))]

    out: list[PairAlignment] = []
    for pa in pairs:
        links: list[Link] = []
        for lk in pa.links:
            sp, tp = positions(pa.src_lang, lk.src), positions(pa.tgt_lang, lk.tgt)
            if not sp or not tp:
                links += [Link([i], [], 0.0) for i in sp] + [Link([], [j], 0.0) for j in tp]
                continue
            if len(sp) == 1 or len(tp) == 1:  # nothing to choose: the paragraph link stands
                links.append(Link(sp, tp, lk.score))
                continue
            vs, vt = vectors[pa.src_lang], vectors[pa.tgt_lang]
            found = align_units(
                [flat[pa.src_lang][i] for i in sp],
                [flat[pa.tgt_lang][j] for j in tp],
                pa.src_lang,
                pa.tgt_lang,
                src_vectors=None if vs is None else vs[sp],
                tgt_vectors=None if vt is None else vt[tp],
                params=params,
            )
            links += [Link([sp[i] for i in f.src], [tp[j] for j in f.tgt], f.score) for f in found]
        out.append(PairAlignment(pa.src_lang, pa.tgt_lang, links))
    return {lang: [s.text for s in flat[lang]] for lang in flat}, out


def align(
    records: Sequence[Record],
    *,
    level: str = "paragraph",
    encoder: str | Encoder | None = "auto",
    langs: Sequence[str] | None = None,
    pivot: str | None = None,
    check: bool = True,
    params: Params | None = None,
) -> Alignment:
    """Align versions (records) of one document, each against the pivot.

    `langs`, if given, declares each record's language in order (what the user said);
    otherwise the record's own `language` is the declaration. Either way the declaration
    must agree with the language the text reads as. `encoder="auto"` uses the
    shipped sentence encoder when installed, None uses lengths and anchors only.
    `check=False` skips the sanity checks (for experiments, never for users).
    """
    if level not in LEVELS:
        raise ValueError(f"level must be one of {LEVELS}, not {level!r}")
    if len(records) < 2:
        raise AlignError(f"need at least two versions to align, got {len(records)}: a version is missing")
    if langs is not None and len(langs) != len(records):
        raise AlignError(f"{len(langs)} languages declared for {len(records)} versions")
    versions: list[_Version] = []
    for i, record in enumerate(records):
        name = _name(record, i)
        declared = langs[i] if langs is not None else record.language
        if not declared:
            raise AlignError(f"{name}: language unknown; declare it")
        langdata.get(declared)  # an unknown code is an AlignError
        units = record_units(record)
        if not units:
            raise AlignError(f"{name} ({declared}): no body text to align (a missing or empty version?)")
        if check:
            _check_language(declared, " ".join(u.text for u in units[:60]), name)
        versions.append(_Version(declared, name, units, record.symbol))
    seen: dict[str, str] = {}
    for v in versions:
        if v.lang in seen:
            raise AlignError(f"two {v.lang} versions: {seen[v.lang]} and {v.name}")
        seen[v.lang] = v.name
    pivot_lang = pivot or versions[0].lang
    if pivot_lang not in seen:
        raise AlignError(f"pivot language {pivot_lang} is not among the versions ({', '.join(seen)})")
    head = next(v for v in versions if v.lang == pivot_lang)
    others = [v for v in versions if v.lang != pivot_lang]
    if check:
        for v in others:
            _check_symbols(head, v)
            _check_lengths(head, v)
    enc = resolve(encoder)
    vec = _vectors(enc, versions)
    pairs: list[PairAlignment] = []
    for v in others:
        links = _align_parts(head, v, vec, params)
        if check:
            _check_result(links, head, v)
        pairs.append(PairAlignment(head.lang, v.lang, links))
    ordered = [head, *others]
    texts = {v.lang: [u.text for u in v.units] for v in ordered}
    if level == "sentence":
        texts, pairs = _sentence_level(ordered, pairs, enc, params)
    return Alignment(
        level=level,
        pivot=head.lang,
        langs=[v.lang for v in ordered],
        units=texts,
        pairs=pairs,
        symbol=head.symbol,
        names={v.lang: v.name for v in ordered},
    )


def align_segments(
    src: Sequence[str],
    tgt: Sequence[str],
    src_lang: str,
    tgt_lang: str,
    *,
    encoder: str | Encoder | None = "auto",
    check: bool = True,
    params: Params | None = None,
) -> Alignment:
    """Align two presegmented texts (one segment a line, as other aligners take them).

    Positions are 0-based line numbers of the inputs; blank lines take part in nothing
    but keep their numbers.
    """
    if src_lang == tgt_lang:
        raise AlignError(f"both sides declared {src_lang}")
    rows = {"src": [i for i, s in enumerate(src) if s.strip()], "tgt": [j for j, t in enumerate(tgt) if t.strip()]}
    for side, lang, lines in (("source", src_lang, src), ("target", tgt_lang, tgt)):
        langdata.get(lang)
        kept = [s for s in lines if s.strip()]
        if not kept:
            raise AlignError(f"the {side} ({lang}) has no segments: a version is missing")
        if check:
            _check_language(lang, " ".join(kept[:200]), f"the {side}")
    sv = _Version(src_lang, "the source", [Unit(src[i].strip()) for i in rows["src"]], None)
    tv = _Version(tgt_lang, "the target", [Unit(tgt[j].strip()) for j in rows["tgt"]], None)
    if check:
        _check_lengths(sv, tv)
    vec = _vectors(resolve(encoder), [sv, tv])
    found = align_units(
        sv.units, tv.units, src_lang, tgt_lang, src_vectors=vec[src_lang], tgt_vectors=vec[tgt_lang], params=params
    )
    if check:
        _check_result(found, sv, tv)
    links = [Link([rows["src"][i] for i in lk.src], [rows["tgt"][j] for j in lk.tgt], lk.score) for lk in found]
    return Alignment(
        level="segment",
        pivot=src_lang,
        langs=[src_lang, tgt_lang],
        units={src_lang: [s.strip() for s in src], tgt_lang: [t.strip() for t in tgt]},
        pairs=[PairAlignment(src_lang, tgt_lang, links)],
        names={src_lang: "the source", tgt_lang: "the target"},
    )
