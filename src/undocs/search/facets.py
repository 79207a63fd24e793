"""Facet codes of every version, in numpy arrays indexed by version id.

Why in memory: a common word matches most versions of a large store (10,000 of
21,000 at a million paragraphs). Counting seven facets over those in SQL costs a
GROUP BY pass each, or a sort over 10,000 distinct combinations (sessions and agenda
items make nearly every version's combination unique), 25-40 ms in all. Here the
matching ids come from one FTS5 pass, and filters, counts and ordering are array
operations: about a millisecond.

The arrays are rebuilt when the store's `generation` (bumped by every write, read
inside the search's own snapshot) differs from the one they were built at: about
30 ms per 20,000 versions, once after each batch of writes.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

#: Facets with one value per version, in SearchResult order; agenda (several) is apart.
SCALAR_FACETS = ("organ", "body", "session", "doc_type", "language", "year")
_CASELESS = {"organ", "body", "session", "doc_type"}
_RE_BASE = re.compile(r"\s*(\d+)")


@dataclass(frozen=True)
class Multi:
    """A facet with several values per version, as CSR arrays."""

    ptr: np.ndarray  # int64 offsets by version id (len = ids + 1)
    codes: np.ndarray  # int32 value codes
    values: list[str]

    @classmethod
    def build(cls, rows: Iterable[tuple[int, str]], size: int) -> Multi:
        lookup: dict[str, int] = {}
        values: list[str] = []
        per_version: dict[int, set[int]] = {}
        for vid, value in rows:
            code = lookup.get(value)
            if code is None:
                code = lookup[value] = len(values)
                values.append(value)
            per_version.setdefault(vid, set()).add(code)
        counts = np.zeros(size, dtype=np.int64)
        for vid, cs in per_version.items():
            counts[vid] = len(cs)
        ptr = np.zeros(size + 1, dtype=np.int64)
        np.cumsum(counts, out=ptr[1:])
        flat = np.empty(int(ptr[-1]), dtype=np.int32)
        for vid, cs in per_version.items():
            flat[ptr[vid] : ptr[vid + 1]] = sorted(cs)
        return cls(ptr, flat, values)

    def of(self, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(version id, value code) pairs of `ids`, flattened."""
        starts = self.ptr[ids]
        lengths = self.ptr[ids + 1] - starts
        total = int(lengths.sum())
        if total == 0:
            return np.empty(0, dtype=ids.dtype), np.empty(0, dtype=np.int32)
        owner = np.repeat(ids, lengths)
        offsets = np.arange(total) - np.repeat(np.cumsum(lengths) - lengths, lengths)
        return owner, self.codes[np.repeat(starts, lengths) + offsets]

    def having(self, ids: np.ndarray, targets: list[int]) -> np.ndarray:
        """Mask of `ids` with one of the value codes `targets`."""
        if not targets or ids.shape[0] == 0:
            return np.zeros(ids.shape[0], dtype=bool)
        vids, codes = self.of(ids)
        return np.isin(ids, vids[np.isin(codes, np.array(targets, dtype=np.int32))])


@dataclass(frozen=True)
class FacetIndex:
    """Per-version facet codes (-1: no value) of one store generation."""

    generation: int
    searchable: np.ndarray  # bool, by version id
    codes: dict[str, np.ndarray]  # facet -> int32 code by version id
    values: dict[str, list[str]]  # facet -> value of each code
    date: np.ndarray  # int32 yyyymmdd by version id, 0 when undated
    symbol_rank: np.ndarray  # int32 position of the version's document in symbol order, then language
    document: np.ndarray  # int64 document id by version id (-1: none)
    multi: dict[str, Multi]  # facets with several values per version: agenda, state

    @property
    def size(self) -> int:
        return int(self.searchable.shape[0])

    # ---- building ---------------------------------------------------------------------

    @classmethod
    def load(cls, conn: sqlite3.Connection, generation: int) -> FacetIndex:
        """Read the facet columns of every version (call inside a read transaction)."""
        size = int(conn.execute("SELECT coalesce(max(id), 0) + 1 FROM versions").fetchone()[0])
        searchable = np.zeros(size, dtype=bool)
        codes = {name: np.full(size, -1, dtype=np.int32) for name in SCALAR_FACETS}
        values: dict[str, list[str]] = {name: [] for name in SCALAR_FACETS}
        lookup: dict[str, dict[str, int]] = {name: {} for name in SCALAR_FACETS}
        date = np.zeros(size, dtype=np.int32)
        symbol_rank = np.full(size, np.iinfo(np.int32).max, dtype=np.int32)
        document = np.full(size, -1, dtype=np.int64)
        rows = conn.execute(
            f"""SELECT v.id, v.document_id, v.searchable, v.date, {", ".join(f"v.{n}" for n in SCALAR_FACETS)}
                FROM versions v JOIN documents d ON d.id = v.document_id ORDER BY d.sort_key, v.language, v.id"""
        ).fetchall()
        for rank, (vid, doc, srch, day, *facet_values) in enumerate(rows):
            searchable[vid] = bool(srch)
            document[vid] = doc
            symbol_rank[vid] = rank
            if day and len(day) >= 10 and day[:4].isdigit():
                date[vid] = int(day[:4] + day[5:7] + day[8:10]) if day[5:7].isdigit() and day[8:10].isdigit() else 0
            for name, value in zip(SCALAR_FACETS, facet_values, strict=True):
                if value is not None:
                    table = lookup[name]
                    code = table.get(value)
                    if code is None:
                        code = table[value] = len(values[name])
                        values[name].append(value)
                    codes[name][vid] = code
        agenda = Multi.build(conn.execute("SELECT version_id, number FROM agenda"), size)
        # a State the version names (any role: named, sender, sponsor, voter)
        state = Multi.build(conn.execute("SELECT DISTINCT version_id, code FROM state_links"), size)
        return cls(
            generation=generation,
            searchable=searchable,
            codes=codes,
            values=values,
            date=date,
            symbol_rank=symbol_rank,
            document=document,
            multi={"agenda": agenda, "state": state},
        )

    # ---- using --------------------------------------------------------------------------

    def known(self, ids: np.ndarray) -> np.ndarray:
        """Mask of ids this index knows and search shows (one version per document and language)."""
        inside = (ids >= 0) & (ids < self.size)
        out = np.zeros(ids.shape[0], dtype=bool)
        out[inside] = self.searchable[ids[inside]]
        return out

    def filter(self, ids: np.ndarray, facet: str, value: str) -> np.ndarray:
        """Mask of `ids` whose `facet` is `value` (organ, body, session, type: any case)."""
        wanted = value.strip()
        if facet in _CASELESS:
            wanted = wanted.casefold()
            matches = [i for i, v in enumerate(self.values[facet]) if v.casefold() == wanted]
        else:
            matches = [i for i, v in enumerate(self.values[facet]) if v == wanted]
        return np.isin(self.codes[facet][ids], np.array(matches, dtype=np.int32))

    def filter_agenda(self, ids: np.ndarray, number: str) -> np.ndarray:
        """Mask of `ids` with agenda item `number`: "19" takes 19, 19 (a), 19 (b)...; "19 (a)" only itself."""
        wanted = " ".join(number.split()).casefold()
        values = self.multi["agenda"].values
        if wanted.isdigit():
            targets = [i for i, v in enumerate(values) if agenda_base(v) == wanted]
        else:
            targets = [i for i, v in enumerate(values) if " ".join(v.split()).casefold() == wanted]
        return self.multi["agenda"].having(ids, targets)

    def filter_state(self, ids: np.ndarray, code: str) -> np.ndarray:
        """Mask of `ids` that name the State `code` (alpha-3)."""
        wanted = code.strip().upper()
        return self.multi["state"].having(ids, [i for i, v in enumerate(self.multi["state"].values) if v == wanted])

    def counts(self, ids: np.ndarray) -> dict[str, list[tuple[str, int]]]:
        """Facet -> [(value, versions)] over `ids`, most frequent first (numbers naturally on ties)."""
        out: dict[str, list[tuple[str, int]]] = {}
        for name in SCALAR_FACETS:
            out[name] = self._ranked(self.codes[name][ids], self.values[name])
        for name, facet in self.multi.items():
            _, codes = facet.of(ids)
            out[name] = self._ranked(codes, facet.values)
        return out

    @staticmethod
    def _ranked(codes: np.ndarray, values: list[str]) -> list[tuple[str, int]]:
        codes = codes[codes >= 0]
        if codes.shape[0] == 0:
            return []
        tally = np.bincount(codes, minlength=len(values))
        present = np.nonzero(tally)[0]
        pairs = [(values[i], int(tally[i])) for i in present]
        return sorted(pairs, key=lambda kv: (-kv[1], natural(kv[0])))


def agenda_base(number: str) -> str:
    """The item a sub-item belongs to: "19 (a)" and "19(a)" -> "19"."""
    m = _RE_BASE.match(number)
    return m.group(1) if m else number.strip()


def natural(value: str) -> tuple[int, int, str]:
    """Equal counts: numbers in numeric order ("9" before "19 (a)"), then text."""
    head = value.split()[0] if value.split() else value
    return (0, int(head), value) if head.isdigit() else (1, 0, value)
