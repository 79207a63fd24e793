"""Two lists of units -> links, by dynamic programming over beads.

A bead links `a` source units to `b` target units, (a, b) in 1-1, 1-2, 2-1, 1-0, 0-1.
The similarity of a bead is a weighted mean of the evidence available for it, each
in [0, 1]: lengths (Gale-Church-like log ratio, in English-equivalent characters with
the per-language `unit_ratio` of `languages.toml`, digits counted one for one, and the
pair's spread from the languages' `length_spread`), hard anchors (digits, dates, symbols:
Dice), shared name-like Latin tokens (positive evidence only), the printed paragraph
numbers, the block kinds, the closing punctuation ("," preambular, ";" operative, none
for a heading, in every script), the number of brackets, and the encoder's cosine
(rescaled per text pair). Evidence that is absent (no digits on either side, no
encoder) has no weight rather than a neutral value, so lengths and anchors alone still
align. A 1-1 bead costs 1 - similarity, a 1-2 or 2-1 bead `merge_factor` times that
plus `merge`, plus a charge for the length evidence it loses when its absorbed unit
shares no anchor with the other side (`_merge_penalty`); an unlinked unit costs `skip`. The path of least cost wins. The weights
were set on the dev corpus with eval/align_run.py.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from undocs.align import anchors, langdata
from undocs.align.units import Unit


@dataclass
class Link:
    """`src` and `tgt` are 0-based positions of the linked units (either list may be
    empty: a unit with no counterpart); `score` is the bead's similarity in [0, 1]."""

    src: list[int]
    tgt: list[int]
    score: float


@dataclass(frozen=True)
class Params:
    """Weights and costs, set on the dev corpus (eval/align_run.py)."""

    skip: float = 0.3  # cost of a unit left unlinked
    merge: float = 0.2  # extra cost of a 1-2 or 2-1 bead
    w_length: float = 1.0
    w_anchor_max: float = 3.0  # digits/symbols: weight grows with their count up to this
    w_name_max: float = 1.5
    w_number: float = 3.0
    w_kind: float = 1.0
    w_ending: float = 1.0  # the closing punctuation: "," preambular, ";" operative, none for a heading
    w_parens: float = 0.5  # the number of opening brackets
    w_encoder: float = 4.0
    enc_low: float = 0.2  # cosine mapped to 0 ...
    enc_high: float = 0.8  # ... and to 1 (when too few units to read them off the text)
    calibrate: bool = True  # read "unrelated" and "translation" cosines off the text
    calibrate_min: int = 6
    merge_factor: float = 1.5  # a 2-unit bead's dissimilarity counts this many times
    merge_length: float = 0.2  # charged per unit of length evidence a merge loses against its better unit alone ...
    merge_length_tolerance: float = 0.1  # ... beyond this, when the absorbed unit shares no anchor
    short_text: float = 2.0  # how fast length evidence fades for short units
    band: int = 2_000_000  # above this many DP cells, search a band around the diagonal


BEADS = ((1, 1), (2, 1), (1, 2))


@dataclass
class _Groups:
    """Evidence for every run of 1 and of 2 consecutive units of one side."""

    length: dict[int, np.ndarray]
    hard: dict[int, list[frozenset[str]]]
    names: dict[int, list[frozenset[str]]]
    number: dict[int, list[str | None]]
    kind: dict[int, list[str | None]]
    ending: dict[int, list[str | None]]
    parens: dict[int, np.ndarray]
    vectors: dict[int, np.ndarray] | None


def unit_length(text: str, ratio: float) -> float:
    """English-equivalent length of one unit: digits count one for one (a date or a
    resolution number is printed alike in every language), every other non-space
    character 1/`ratio`."""
    chars = len(text) - text.count(" ")
    digits = sum(c.isdigit() for c in text)
    return digits + (chars - digits) / ratio


def _groups(units: Sequence[Unit], lang: str, vectors: np.ndarray | None) -> _Groups:
    ratio = langdata.get(lang).unit_ratio
    lengths = np.array([unit_length(u.text, ratio) for u in units], dtype=np.float64)
    hard = [anchors.hard_anchors(u.text, lang) for u in units]
    names = [anchors.name_anchors(u.text) for u in units]
    numbers = [anchors.canonical_number(u.number) for u in units]
    kinds = [u.kind for u in units]
    endings: list[str | None] = [anchors.ending(u.text) for u in units]
    parens = np.array([anchors.parentheses(u.text) for u in units], dtype=np.float64)
    g = _Groups({1: lengths}, {1: hard}, {1: names}, {1: numbers}, {1: kinds}, {1: endings}, {1: parens}, None)
    n = len(units)
    g.length[2] = lengths[:-1] + lengths[1:] if n > 1 else np.zeros(0)
    g.hard[2] = [hard[k] | hard[k + 1] for k in range(n - 1)]
    g.names[2] = [names[k] | names[k + 1] for k in range(n - 1)]
    g.number[2] = [numbers[k] if numbers[k] is not None else numbers[k + 1] for k in range(n - 1)]
    # a run of two kinds (a heading and a paragraph) is of neither
    g.ending[2] = endings[1:]
    g.parens[2] = parens[:-1] + parens[1:] if n > 1 else np.zeros(0)
    # a heading run into a paragraph reads as the paragraph: the kind of the longer unit
    g.kind[2] = [kinds[k] if lengths[k] >= lengths[k + 1] else kinds[k + 1] for k in range(n - 1)]
    if vectors is not None:
        pair = vectors[:-1] + vectors[1:] if n > 1 else np.zeros((0, vectors.shape[1]), dtype=vectors.dtype)
        norms = np.linalg.norm(pair, axis=1, keepdims=True)
        g.vectors = {1: vectors, 2: pair / np.maximum(norms, 1e-9)}
    return g


def _binary(sets_a: list[frozenset[str]], sets_b: list[frozenset[str]]) -> tuple[np.ndarray, np.ndarray]:
    vocab: dict[str, int] = {}
    for s in (*sets_a, *sets_b):
        for t in s:
            vocab.setdefault(t, len(vocab))
    ma = np.zeros((len(sets_a), max(1, len(vocab))), dtype=np.float32)
    mb = np.zeros((len(sets_b), max(1, len(vocab))), dtype=np.float32)
    for m, sets in ((ma, sets_a), (mb, sets_b)):
        for r, s in enumerate(sets):
            for t in s:
                m[r, vocab[t]] = 1.0
    return ma, mb


def _codes(values_a: list[str | None], values_b: list[str | None]) -> tuple[np.ndarray, np.ndarray]:
    table: dict[str, int] = {}
    a = np.array([-1 if v is None else table.setdefault(v, len(table)) for v in values_a], dtype=np.int64)
    b = np.array([-1 if v is None else table.setdefault(v, len(table)) for v in values_b], dtype=np.int64)
    return a, b


def _cosine_scale(s: _Groups, t: _Groups, p: Params) -> tuple[float, float]:
    """The cosines that mean "unrelated" and "translation" for this pair of texts.

    They differ by language pair (en-fr translations score near 0.9, en-zh near 0.8)
    and by text, so where there are enough units they are read off the cosine matrix:
    its median (most pairs are unrelated) and the median of the best match per unit.
    """
    if s.vectors is None or t.vectors is None:
        return p.enc_low, p.enc_high
    cos = s.vectors[1] @ t.vectors[1].T
    if min(cos.shape) < p.calibrate_min:
        return p.enc_low, p.enc_high
    low = min(max(float(np.median(cos)), 0.0), 0.4)
    # capped: text left untranslated (a list of names, URLs) scores 1.0 and would lift it
    high = min(max(float(np.median(np.concatenate([cos.max(axis=0), cos.max(axis=1)]))), 0.6), 0.9)
    return low, high


def length_fit(s: _Groups, t: _Groups, a: int, b: int, src_lang: str, tgt_lang: str, p: Params) -> np.ndarray:
    """Length evidence in [0, 1] of every source run of `a` units with every target run
    of `b` units: Gale-Church-like, on the log ratio of English-equivalent lengths."""
    ls, lt = s.length[a][:, None], t.length[b][None, :]
    spread = math.hypot(langdata.get(src_lang).length_spread, langdata.get(tgt_lang).length_spread)
    sigma = np.sqrt(spread**2 + (p.short_text / np.sqrt(np.minimum(ls, lt) + 1.0)) ** 2)
    z = (np.log1p(lt) - np.log1p(ls)) / sigma
    return np.exp(-0.5 * z * z)


def _merge_penalty(s: _Groups, t: _Groups, a: int, b: int, src_lang: str, tgt_lang: str, p: Params) -> np.ndarray:
    """Extra cost of every 2-1 (a=2) or 1-2 (b=2) bead whose absorbed unit (the one of
    the two whose length fits the other side worse) shares no anchor with the other side:
    `merge_length` times the length evidence, beyond `merge_length_tolerance`, that the
    bead loses against linking its better-fitting unit alone.

    Every other piece of evidence of a two-unit run (kind, ending, number, the union of
    anchors, the summed vectors) is carried by one unit as well as by both, so a unit
    whose counterpart was deleted is absorbed into a neighbour's good link at no loss;
    only its own anchors or the lengths can say whether its text is there."""
    merged = length_fit(s, t, a, b, src_lang, tgt_lang, p)
    single = length_fit(s, t, 1, 1, src_lang, tgt_lang, p)
    hs, ht = _binary(s.hard[1], t.hard[1])
    ns, nt = _binary(s.names[1], t.names[1])
    shared = ((hs @ ht.T) + (ns @ nt.T)) > 0
    if a == 2:
        first, second = single[:-1, :], single[1:, :]
        lone = np.where(first >= second, shared[1:, :], shared[:-1, :])
    else:
        first, second = single[:, :-1], single[:, 1:]
        lone = np.where(first >= second, shared[:, 1:], shared[:, :-1])
    loss = np.maximum(0.0, np.maximum(first, second) - merged - p.merge_length_tolerance)
    return np.where(lone, 0.0, p.merge_length * loss)


def similarity(
    s: _Groups,
    t: _Groups,
    a: int,
    b: int,
    src_lang: str,
    tgt_lang: str,
    p: Params,
    scale: tuple[float, float] | None = None,
) -> np.ndarray:
    """Similarity of every source run of `a` units with every target run of `b` units."""
    num = p.w_length * length_fit(s, t, a, b, src_lang, tgt_lang, p)
    den = np.full_like(num, p.w_length)

    hs, ht = _binary(s.hard[a], t.hard[b])
    inter = hs @ ht.T
    size = hs.sum(1)[:, None] + ht.sum(1)[None, :]
    w = np.minimum(p.w_anchor_max, 0.5 * size)
    num += w * np.where(size > 0, 2 * inter / np.maximum(size, 1), 0.0)
    den += w

    ns, nt = _binary(s.names[a], t.names[b])
    shared = ns @ nt.T
    w = np.minimum(p.w_name_max, 0.5 * shared)
    num += w
    den += w

    cs, ct = _codes(s.number[a], t.number[b])
    both = (cs[:, None] >= 0) & (ct[None, :] >= 0)
    num += np.where(both & (cs[:, None] == ct[None, :]), p.w_number, 0.0)
    den += np.where(both, p.w_number, 0.0)

    ks, kt = _codes(s.kind[a], t.kind[b])
    both = (ks[:, None] >= 0) & (kt[None, :] >= 0)
    num += np.where(both & (ks[:, None] == kt[None, :]), p.w_kind, 0.0)
    den += np.where(both, p.w_kind, 0.0)

    es, et = _codes(s.ending[a], t.ending[b])
    num += np.where(es[:, None] == et[None, :], p.w_ending, 0.0)
    den += p.w_ending

    ps, pt = s.parens[a][:, None], t.parens[b][None, :]
    w = p.w_parens * np.minimum(1.0, (ps + pt) / 2)
    num += w * np.exp(-np.abs(ps - pt))
    den += w

    if s.vectors is not None and t.vectors is not None:
        low, high = scale or (p.enc_low, p.enc_high)
        cos = s.vectors[a] @ t.vectors[b].T
        num += p.w_encoder * np.clip((cos - low) / (high - low), 0.0, 1.0)
        den += p.w_encoder
    return num / den


def _band(n: int, m: int, p: Params) -> list[tuple[int, int]]:
    """For each source position, the range of target positions the search visits."""
    if (n + 1) * (m + 1) <= p.band:
        return [(0, m)] * (n + 1)
    width = max(50, abs(n - m) + 20, int(0.05 * max(n, m)))
    return [(max(0, round(i * m / n) - width), min(m, round(i * m / n) + width)) for i in range(n + 1)]


def align_units(
    src: Sequence[Unit],
    tgt: Sequence[Unit],
    src_lang: str,
    tgt_lang: str,
    *,
    src_vectors: np.ndarray | None = None,
    tgt_vectors: np.ndarray | None = None,
    params: Params | None = None,
) -> list[Link]:
    """Links between two unit lists, in order; positions are indexes into the lists."""
    p = params or Params()
    n, m = len(src), len(tgt)
    if n == 0 or m == 0:
        return [Link([i], [], 0.0) for i in range(n)] + [Link([], [j], 0.0) for j in range(m)]
    gs, gt = _groups(src, src_lang, src_vectors), _groups(tgt, tgt_lang, tgt_vectors)
    sims: dict[tuple[int, int], list[list[float]]] = {}
    costs: dict[tuple[int, int], list[list[float]]] = {}
    scale = _cosine_scale(gs, gt, p) if p.calibrate else None
    for a, b in BEADS:
        if n >= a and m >= b:
            sim = similarity(gs, gt, a, b, src_lang, tgt_lang, p, scale)
            sims[a, b] = sim.tolist()
            if (a, b) == (1, 1):
                costs[a, b] = (1.0 - sim).tolist()
            else:
                extra = _merge_penalty(gs, gt, a, b, src_lang, tgt_lang, p)
                costs[a, b] = (p.merge_factor * (1.0 - sim) + p.merge + extra).tolist()
    inf = math.inf
    cost = [[inf] * (m + 1) for _ in range(n + 1)]
    back = [[0] * (m + 1) for _ in range(n + 1)]
    cost[0][0] = 0.0
    skip = p.skip
    c11, c21, c12 = costs.get((1, 1)), costs.get((2, 1)), costs.get((1, 2))
    for i, (lo, hi) in enumerate(_band(n, m, p)):
        row, prev = cost[i], cost[i - 1] if i else None
        prev2 = cost[i - 2] if i >= 2 else None
        brow = back[i]
        for j in range(lo, hi + 1):
            if i == 0 and j == 0:
                continue
            best, how = inf, 0
            if prev is not None:
                c = prev[j] + skip  # 1-0
                if c < best:
                    best, how = c, 1
                if j >= 1 and c11 is not None:
                    c = prev[j - 1] + c11[i - 1][j - 1]
                    if c < best:
                        best, how = c, 3
                if j >= 2 and c12 is not None:
                    c = prev[j - 2] + c12[i - 1][j - 2]
                    if c < best:
                        best, how = c, 5
            if j >= 1:
                c = row[j - 1] + skip  # 0-1
                if c < best:
                    best, how = c, 2
            if prev2 is not None and j >= 1 and c21 is not None:
                c = prev2[j - 1] + c21[i - 2][j - 1]
                if c < best:
                    best, how = c, 4
            row[j], brow[j] = best, how
    links: list[Link] = []
    i, j = n, m
    steps = {1: (1, 0), 2: (0, 1), 3: (1, 1), 4: (2, 1), 5: (1, 2)}
    while i or j:
        how = back[i][j]
        if how == 0:  # outside the band: should not happen, but never loop forever
            raise RuntimeError("alignment search left its band")
        a, b = steps[how]
        if how in (1, 2):
            score = 0.0
        else:
            score = sims[a, b][i - a][j - b]
        links.append(Link(list(range(i - a, i)), list(range(j - b, j)), round(float(score), 3)))
        i, j = i - a, j - b
    links.reverse()
    return links
