"""The embedded store: one SQLite file (WAL), the default backend of `Store`.

Layout (schema version 2, see MIGRATIONS):

    documents  one row per canonical symbol; metadata of its preferred version
    versions   one per (document, language, format): file hash and path, facet
               columns (organ, body, session, doc_type, year...), `searchable`
               (1 for the one version per language that search shows: AKN, then
               DOCX, PDF, text), and the id range of its blocks
    records    the full record JSON (the contract form, zlib-compressed: under a third of
               the size; it repeats the blocks' text), so `version()` gives back an
               equal Record
    blocks     the body, one row per block, ids contiguous per version
    refs       cited symbols per version (canonical, plus an upper-case key)
    agenda     agenda items per version (number, base number, title)
    symbols    every symbol a version is printed under (lookup and wildcard keys)
    state_links the States a version names, sends, sponsors or votes (code, role, ref,
               count; enrich/links.py), for a State's page
    failures   files that could not be ingested, with the reason
    fts_terms     FTS5, one row per version (title, all blocks), each token at most
                  `normalize.CAP` times: matching, ranking, totals and facets for
                  queries of words (see `normalize.capped`)
    fts_versions  FTS5, the same with every token in place: queries with phrases
    fts_blocks    FTS5, one row per block: which paragraph a snippet comes from

The FTS tables are contentless (the text lives once, in `blocks`); they index
`search.normalize.fold()` of the text. A row is removed by giving FTS5 the same folded
text back, recomputed from `blocks`; so a store whose `meta.normalizer` differs from
the running code's is re-indexed when opened.

Durability: every `put` is one IMMEDIATE transaction; with WAL and `synchronous=FULL`
a committed document survives kill -9 and power loss, and an interrupted one leaves
no trace. Connections are per thread (a web server's worker threads read in parallel).
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import threading
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from undocs import symbols
from undocs.enrich.links import state_links
from undocs.record import Record
from undocs.search.facets import FacetIndex, agenda_base, natural
from undocs.search.normalize import BLOCK_SEPARATOR, capped, index_text, stems
from undocs.search.normalize import VERSION as NORMALIZER_VERSION
from undocs.search.query import symbol_key
from undocs.store import (
    AgendaEntry,
    DocumentInfo,
    IngestStatus,
    SearchQuery,
    SearchResult,
    StateMention,
    StoreError,
    VersionConflict,
    VersionInfo,
)

#: Preference among formats of one language: the most faithful source first.
FORMAT_ORDER = ("akn", "docx", "pdf", "text")
#: Which version's metadata a document shows when versions disagree.
LANGUAGE_ORDER = ("en", "fr", "es", "ru", "ar", "zh")

MIGRATIONS: tuple[tuple[int, str, tuple[str, ...]], ...] = (
    (
        1,
        "documents, versions, records, blocks, references, agenda, symbols, failures, FTS5",
        (
            "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
            "INSERT INTO meta VALUES ('generation', '0')",
            """CREATE TABLE documents (
                id INTEGER PRIMARY KEY,
                symbol TEXT NOT NULL UNIQUE,
                symbol_key TEXT NOT NULL UNIQUE,
                sort_key TEXT NOT NULL,
                organ TEXT, body TEXT, session TEXT, doc_type TEXT, date TEXT,
                added_at TEXT NOT NULL, updated_at TEXT NOT NULL)""",
            "CREATE INDEX documents_sort ON documents(sort_key)",
            """CREATE TABLE versions (
                id INTEGER PRIMARY KEY,
                document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
                language TEXT NOT NULL,
                format TEXT NOT NULL,
                sha256 TEXT NOT NULL,
                path TEXT NOT NULL,
                title TEXT, date TEXT, year TEXT,
                organ TEXT, body TEXT, session TEXT, doc_type TEXT,
                searchable INTEGER NOT NULL DEFAULT 0,
                first_block INTEGER, block_count INTEGER NOT NULL DEFAULT 0,
                added_at TEXT NOT NULL, updated_at TEXT NOT NULL,
                UNIQUE (document_id, language, format))""",
            "CREATE INDEX versions_sha256 ON versions(sha256)",
            "CREATE INDEX versions_path ON versions(path)",
            "CREATE INDEX versions_date ON versions(date)",
            """CREATE TABLE records (
                version_id INTEGER PRIMARY KEY REFERENCES versions(id) ON DELETE CASCADE,
                json_z BLOB NOT NULL)""",
            """CREATE TABLE blocks (
                id INTEGER PRIMARY KEY,
                version_id INTEGER NOT NULL REFERENCES versions(id) ON DELETE CASCADE,
                idx INTEGER NOT NULL,
                kind TEXT NOT NULL, number TEXT, annex INTEGER, page INTEGER,
                text TEXT NOT NULL,
                UNIQUE (version_id, idx))""",
            """CREATE TABLE refs (
                version_id INTEGER NOT NULL REFERENCES versions(id) ON DELETE CASCADE,
                idx INTEGER NOT NULL,
                target TEXT NOT NULL,
                target_key TEXT NOT NULL,
                PRIMARY KEY (version_id, idx)) WITHOUT ROWID""",
            "CREATE INDEX refs_target ON refs(target_key)",
            """CREATE TABLE agenda (
                version_id INTEGER NOT NULL REFERENCES versions(id) ON DELETE CASCADE,
                idx INTEGER NOT NULL,
                number TEXT NOT NULL,
                base TEXT NOT NULL,
                title TEXT,
                PRIMARY KEY (version_id, idx)) WITHOUT ROWID""",
            "CREATE INDEX agenda_number ON agenda(number)",
            "CREATE INDEX agenda_base ON agenda(base)",
            """CREATE TABLE symbols (
                symbol_key TEXT NOT NULL,
                version_id INTEGER NOT NULL REFERENCES versions(id) ON DELETE CASCADE,
                PRIMARY KEY (symbol_key, version_id)) WITHOUT ROWID""",
            "CREATE INDEX symbols_version ON symbols(version_id)",
            """CREATE TABLE failures (
                path TEXT PRIMARY KEY,
                reason TEXT NOT NULL,
                at TEXT NOT NULL)""",
            "CREATE VIRTUAL TABLE fts_terms USING fts5(title, body, content='', tokenize='unicode61 remove_diacritics 0')",
            "CREATE VIRTUAL TABLE fts_versions USING fts5(title, body, content='', tokenize='unicode61 remove_diacritics 0')",
            "CREATE VIRTUAL TABLE fts_blocks USING fts5(text, content='', tokenize='unicode61 remove_diacritics 0')",
        ),
    ),
    (
        2,
        "state links: the States a version names, sends, sponsors or votes (enrich/links.py)",
        (
            """CREATE TABLE state_links (
                version_id INTEGER NOT NULL REFERENCES versions(id) ON DELETE CASCADE,
                code TEXT NOT NULL,
                role TEXT NOT NULL,
                ref TEXT NOT NULL DEFAULT '',
                count INTEGER NOT NULL DEFAULT 1,
                PRIMARY KEY (version_id, code, role, ref)) WITHOUT ROWID""",
            "CREATE INDEX state_links_code ON state_links(code, role)",
        ),
    ),
)
#: what a migration needs beyond its SQL: rows computed from the stored records
MIGRATION_BACKFILL = {2: "_backfill_state_links"}
SCHEMA_VERSION = MIGRATIONS[-1][0]

_RE_DIGITS = re.compile(r"\d+")


def _insert_state_links(conn: sqlite3.Connection, vid: int, rec: Record) -> None:
    conn.executemany(
        "INSERT OR IGNORE INTO state_links (version_id, code, role, ref, count) VALUES (?, ?, ?, ?, ?)",
        [(vid, link.code, link.role, link.ref, link.count) for link in state_links(rec)],
    )


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def sort_key(symbol: str) -> str:
    """Natural order of symbols: numbers zero-padded (A/RES/78/8 before A/RES/78/25)."""
    return _RE_DIGITS.sub(lambda m: m.group().zfill(6), symbol_key(symbol))


def _pack(record: Record) -> bytes:
    return zlib.compress(record.to_json(indent=None).encode("utf-8"), 1)  # level 1: 5x faster than 6, 30 % vs 24 %


def _unpack(blob: bytes) -> dict[str, Any]:
    return dict(json.loads(zlib.decompress(blob).decode("utf-8")))


FTS_TABLES = ("fts_terms", "fts_versions", "fts_blocks")


def _index_version(
    conn: sqlite3.Connection,
    vid: int,
    title: str | None,
    blocks: list[tuple[int, str]],
    *,
    language: str | None = None,
    delete: bool = False,
) -> None:
    """Add (or, with `delete`, remove) a version's rows in the three FTS tables.

    Contentless FTS5 removes a row only when given back the very text it indexed, so
    insertion and deletion both go through here, computing it from the stored text."""
    folded = [(bid, index_text(text)) for bid, text in blocks]
    folded_title = index_text(title or "")
    body = BLOCK_SEPARATOR.join(t for _, t in folded)
    rows: dict[str, list[tuple[int, str]] | list[tuple[int, str, str]]] = {
        "fts_blocks": folded,
        "fts_versions": [(vid, folded_title, body)],
        # the word index also holds each token's stem in the version's language (capped too)
        "fts_terms": [(vid, _with_stems(capped(folded_title), language), _with_stems(capped(body), language))],
    }
    for table, values in rows.items():
        cols = "rowid, text" if table == "fts_blocks" else "rowid, title, body"
        marks = "?, ?" if table == "fts_blocks" else "?, ?, ?"
        if delete:
            conn.executemany(f"INSERT INTO {table} ({table}, {cols}) VALUES ('delete', {marks})", values)
        else:
            conn.executemany(f"INSERT INTO {table} ({cols}) VALUES ({marks})", values)


def _with_stems(folded: str, language: str | None) -> str:
    extra = stems(folded, language or "")
    return f"{folded} {extra}" if extra else folded


def _bump_generation(conn: sqlite3.Connection) -> None:
    """Say, in the writing transaction, that what search reads has changed."""
    conn.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'generation'")


def _version_rank(language: str, fmt: str) -> tuple[int, int]:
    lang = LANGUAGE_ORDER.index(language) if language in LANGUAGE_ORDER else len(LANGUAGE_ORDER)
    form = FORMAT_ORDER.index(fmt) if fmt in FORMAT_ORDER else len(FORMAT_ORDER)
    return lang, form


def _format_rank_sql(column: str) -> str:
    whens = " ".join(f"WHEN '{f}' THEN {i}" for i, f in enumerate(FORMAT_ORDER))
    return f"CASE {column} {whens} ELSE {len(FORMAT_ORDER)} END"


class SQLiteStore:
    """`Store` on one SQLite file: created and migrated on open."""

    def __init__(self, path: str | Path, *, synchronous: str = "FULL", create: bool = True, timeout: float = 30.0):
        self.path = Path(path)
        self._timeout = timeout
        if synchronous.upper() not in ("OFF", "NORMAL", "FULL", "EXTRA"):
            raise StoreError(f"synchronous={synchronous!r}: use OFF, NORMAL, FULL or EXTRA")
        self._synchronous = synchronous.upper()
        self._local = threading.local()
        self._lock = threading.Lock()
        self._connections: list[sqlite3.Connection] = []
        self._closed = False
        self._facets: FacetIndex | None = None
        self._facets_lock = threading.Lock()
        self._check_place(create)
        try:
            self._migrate()
            self._check_normalizer()
        except StoreError:
            self.close()
            raise
        except sqlite3.DatabaseError as exc:
            self.close()
            raise StoreError(f"{self.path}: not a usable undocs store ({exc})") from exc

    def _check_place(self, create: bool) -> None:
        """Say precisely why a library cannot be opened, before SQLite says it vaguely."""
        path, folder = self.path, self.path.parent
        if path.is_dir():
            raise StoreError(f"{path}: is a folder, not a library file")
        if not path.exists():
            if not create:
                raise StoreError(f"{path}: no library here (create one with: undocs ingest FILES --db {path})")
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"{path}: cannot create its folder {folder} ({exc.strerror or exc})") from exc
        if not os.access(folder, os.W_OK | os.X_OK):
            raise StoreError(
                f"{path}: the folder {folder} is read-only; SQLite writes its journal files beside the "
                "library, so copy the library to a writable folder"
            )
        if path.exists() and not os.access(path, os.R_OK | os.W_OK):
            raise StoreError(f"{path}: the library file is not readable and writable by this user")

    # ---- connections and transactions ------------------------------------------

    def _conn(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is not None:
            return conn
        if self._closed:
            raise StoreError(f"{self.path}: the store is closed")
        try:
            conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=self._timeout)
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: cannot open ({exc})") from exc
        mode = conn.execute("PRAGMA journal_mode=WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            conn.close()
            raise StoreError(f"{self.path}: cannot use write-ahead logging (journal mode {mode})")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute(f"PRAGMA synchronous={self._synchronous}")
        conn.execute("PRAGMA cache_size=-65536")  # 64 MiB: the FTS index pages of a large store stay hot
        conn.execute("PRAGMA temp_store=MEMORY")
        conn.execute("PRAGMA mmap_size=268435456")
        self._local.conn = conn
        with self._lock:
            self._connections.append(conn)
        return conn

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One IMMEDIATE transaction: all of it is committed, or none of it."""
        conn = self._conn()
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise self._unavailable(exc) from exc
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        try:
            conn.execute("COMMIT")
        except sqlite3.OperationalError as exc:
            conn.execute("ROLLBACK")
            raise self._unavailable(exc) from exc

    def _unavailable(self, exc: sqlite3.OperationalError) -> StoreError:
        """A locked or read-only library, said so."""
        text = str(exc).lower()
        if "locked" in text or "busy" in text:
            return StoreError(
                f"{self.path}: the library is locked by another process (waited {self._timeout:g} s); "
                "try again when it has finished writing"
            )
        if "readonly" in text or "read-only" in text:
            return StoreError(f"{self.path}: the library is read-only for this user")
        return StoreError(f"{self.path}: the library cannot be written ({exc})")

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        """A read transaction: several SELECTs see one snapshot while an ingest writes."""
        conn = self._conn()
        if conn.in_transaction:
            yield conn
            return
        try:
            conn.execute("BEGIN")
            try:
                yield conn
            finally:
                conn.execute("COMMIT")
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc).lower() or "busy" in str(exc).lower():
                raise self._unavailable(exc) from exc
            raise

    def close(self) -> None:
        with self._lock:
            conns, self._connections = self._connections, []
            self._closed = True
        for conn in conns:
            try:
                conn.close()
            except sqlite3.Error:  # pragma: no cover - closing a broken connection
                pass
        self._local = threading.local()

    def __enter__(self) -> SQLiteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- schema --------------------------------------------------------------------

    def _migrate(self) -> None:
        """Apply the migrations this store lacks, each in its own transaction (a crash
        between two leaves the store at the earlier version, which the next open resumes)."""
        conn = self._conn()
        conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations "
            "(version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
        )
        if self.schema_version() == SCHEMA_VERSION:
            return
        for version, name, statements in MIGRATIONS:
            with self._write() as c:
                current = c.execute("SELECT coalesce(max(version), 0) FROM schema_migrations").fetchone()[0]
                if current > SCHEMA_VERSION:
                    raise StoreError(
                        f"{self.path}: schema version {current} is newer than this undocs knows ({SCHEMA_VERSION}); "
                        "upgrade undocs"
                    )
                if current >= version:
                    continue
                for sql in statements:
                    c.execute(sql)
                if version in MIGRATION_BACKFILL:
                    getattr(self, MIGRATION_BACKFILL[version])(c)
                c.execute("INSERT INTO schema_migrations VALUES (?, ?, ?)", (version, name, _now()))

    def schema_version(self) -> int:
        return int(self._conn().execute("SELECT coalesce(max(version), 0) FROM schema_migrations").fetchone()[0])

    def _check_normalizer(self) -> None:
        row = self._conn().execute("SELECT value FROM meta WHERE key = 'normalizer'").fetchone()
        if row is not None and row[0] == NORMALIZER_VERSION:
            return
        with self._write() as conn:
            row = conn.execute("SELECT value FROM meta WHERE key = 'normalizer'").fetchone()
            if row is not None and row[0] == NORMALIZER_VERSION:
                return
            if row is not None:
                self._reindex(conn)
                _bump_generation(conn)
            conn.execute("INSERT OR REPLACE INTO meta VALUES ('normalizer', ?)", (NORMALIZER_VERSION,))

    def _reindex(self, conn: sqlite3.Connection) -> None:
        """Rebuild both FTS indexes from `blocks` (the normalisation changed)."""
        for table in FTS_TABLES:
            conn.execute(f"INSERT INTO {table}({table}) VALUES ('delete-all')")
        for vid, title, language in conn.execute("SELECT id, title, language FROM versions").fetchall():
            rows = conn.execute("SELECT id, text FROM blocks WHERE version_id = ? ORDER BY idx", (vid,)).fetchall()
            _index_version(conn, vid, title, rows, language=language)

    def reindex(self) -> None:
        """Rebuild the full-text indexes from the stored text, in one transaction."""
        with self._write() as conn:
            self._reindex(conn)
            conn.execute("INSERT OR REPLACE INTO meta VALUES ('normalizer', ?)", (NORMALIZER_VERSION,))
            _bump_generation(conn)

    # ---- writing -------------------------------------------------------------------

    def put(self, record: Record, *, path: str, sha256: str, replace: bool = True) -> IngestStatus:
        """Store one version in one transaction, replacing the same symbol, language and format.

        Same content as stored (same hash): nothing is rewritten (the path is updated if the
        file moved) and the status is UNCHANGED. A version that came from the same path but
        now parses to another symbol, language or format is removed: the file says otherwise now.
        With replace=False a version from other content is kept and `VersionConflict` raised,
        decided inside the transaction, so two writers racing for one symbol cannot both win.
        """
        if not record.symbol:
            raise StoreError(f"{path}: the record has no symbol; a document without a symbol cannot be filed")
        try:
            canonical = symbols.normalize(record.symbol)
        except symbols.SymbolError as exc:
            raise StoreError(f"{path}: {exc}") from exc
        language = record.language
        fmt = str(record.source.get("format") or "")
        if not language or not fmt:
            raise StoreError(f"{path}: the record has no {'language' if not language else 'source format'}")
        now = _now()
        with self._write() as conn:
            doc_id = self._document_id(conn, canonical, now)
            row = conn.execute(
                "SELECT id, sha256, path FROM versions WHERE document_id = ? AND language = ? AND format = ?",
                (doc_id, language, fmt),
            ).fetchone()
            if row is not None and row[1] != sha256 and not replace:
                raise VersionConflict(canonical, language, fmt, str(row[2]))
            if row is not None and row[1] == sha256 and self._same_record(conn, int(row[0]), record):
                vid, status = int(row[0]), IngestStatus.UNCHANGED
                if row[2] != path:
                    conn.execute("UPDATE versions SET path = ? WHERE id = ?", (path, vid))
                    conn.execute("UPDATE records SET json_z = ? WHERE version_id = ?", (_pack(record), vid))
            else:
                added_at = now
                if row is not None:
                    added_at = conn.execute("SELECT added_at FROM versions WHERE id = ?", (row[0],)).fetchone()[0]
                    self._delete_version(conn, int(row[0]))
                vid = self._insert_version(conn, doc_id, record, path=path, sha256=sha256, added_at=added_at, now=now)
                status = IngestStatus.ADDED if row is None else IngestStatus.UPDATED
            touched = {doc_id}
            for old_vid, old_doc in conn.execute(
                "SELECT id, document_id FROM versions WHERE path = ? AND id != ?", (path, vid)
            ).fetchall():
                self._delete_version(conn, int(old_vid))
                touched.add(int(old_doc))
            for d in touched:
                self._refresh_document(conn, d, now)
            conn.execute("DELETE FROM failures WHERE path = ?", (path,))
            if status is not IngestStatus.UNCHANGED or len(touched) > 1:
                _bump_generation(conn)
        return status

    @staticmethod
    def _same_record(conn: sqlite3.Connection, vid: int, record: Record) -> bool:
        """Same record as stored, but for where the file lies (a re-parse by a newer parser may differ)."""
        row = conn.execute("SELECT json_z FROM records WHERE version_id = ?", (vid,)).fetchone()
        if row is None:
            return False
        stored = _unpack(row[0])
        fresh = json.loads(record.to_json(indent=None))
        stored.get("source", {}).pop("path", None)
        fresh.get("source", {}).pop("path", None)
        return bool(stored == fresh)

    def _document_id(self, conn: sqlite3.Connection, canonical: str, now: str) -> int:
        row = conn.execute("SELECT id FROM documents WHERE symbol = ?", (canonical,)).fetchone()
        if row is not None:
            return int(row[0])
        cur = conn.execute(
            "INSERT INTO documents (symbol, symbol_key, sort_key, added_at, updated_at) VALUES (?, ?, ?, ?, ?)",
            (canonical, symbol_key(canonical), sort_key(canonical), now, now),
        )
        return int(cur.lastrowid or 0)

    def _insert_version(
        self, conn: sqlite3.Connection, doc_id: int, rec: Record, *, path: str, sha256: str, added_at: str, now: str
    ) -> int:
        fmt = str(rec.source.get("format"))
        year = rec.date[:4] if rec.date and rec.date[:4].isdigit() else None
        cur = conn.execute(
            """INSERT INTO versions (document_id, language, format, sha256, path, title, date, year,
                   organ, body, session, doc_type, block_count, added_at, updated_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            (
                doc_id,
                rec.language,
                fmt,
                sha256,
                path,
                rec.title,
                rec.date,
                year,
                rec.organ,
                rec.body,
                rec.session,
                rec.doc_type,
                len(rec.blocks),
                added_at,
                now,
            ),
        )
        vid = int(cur.lastrowid or 0)
        conn.execute("INSERT INTO records (version_id, json_z) VALUES (?, ?)", (vid, _pack(rec)))
        first = int(conn.execute("SELECT coalesce(max(id), 0) + 1 FROM blocks").fetchone()[0])
        conn.executemany(
            "INSERT INTO blocks (id, version_id, idx, kind, number, annex, page, text) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(first + i, vid, i, b.kind, b.number, b.annex, b.page, b.text) for i, b in enumerate(rec.blocks)],
        )
        _index_version(
            conn, vid, rec.title, [(first + i, b.text) for i, b in enumerate(rec.blocks)], language=rec.language
        )
        conn.execute("UPDATE versions SET first_block = ? WHERE id = ?", (first if rec.blocks else None, vid))
        conn.executemany(
            "INSERT INTO refs (version_id, idx, target, target_key) VALUES (?, ?, ?, ?)",
            [(vid, i, ref, symbol_key(ref)) for i, ref in enumerate(rec.references)],
        )
        conn.executemany(
            "INSERT INTO agenda (version_id, idx, number, base, title) VALUES (?, ?, ?, ?, ?)",
            [(vid, i, a.number, agenda_base(a.number), a.title) for i, a in enumerate(rec.agenda_items)],
        )
        keys = {symbol_key(symbols.normalize(rec.symbol or ""))}
        for s in rec.symbols:
            try:
                keys.add(symbol_key(symbols.normalize(s)))
            except symbols.SymbolError:
                keys.add(symbol_key(s))
        conn.executemany("INSERT INTO symbols (symbol_key, version_id) VALUES (?, ?)", [(k, vid) for k in keys])
        _insert_state_links(conn, vid, rec)
        return vid

    def _backfill_state_links(self, conn: sqlite3.Connection) -> None:
        """Migration 2: the state links of the versions stored before it."""
        for vid, blob in conn.execute("SELECT version_id, json_z FROM records").fetchall():
            _insert_state_links(conn, vid, Record.from_dict(_unpack(blob)))

    def _delete_version(self, conn: sqlite3.Connection, vid: int) -> None:
        """Remove a version, its FTS rows first (contentless FTS5 wants the indexed text back)."""
        title, language = conn.execute("SELECT title, language FROM versions WHERE id = ?", (vid,)).fetchone()
        rows = conn.execute("SELECT id, text FROM blocks WHERE version_id = ? ORDER BY idx", (vid,)).fetchall()
        _index_version(conn, vid, title, rows, language=language, delete=True)
        conn.execute("DELETE FROM versions WHERE id = ?", (vid,))

    def _refresh_document(self, conn: sqlite3.Connection, doc_id: int, now: str) -> None:
        """Document metadata from its preferred versions; which version search shows per
        language; a document left without versions is removed."""
        rows = conn.execute(
            "SELECT id, language, format, organ, body, session, doc_type, date FROM versions WHERE document_id = ?",
            (doc_id,),
        ).fetchall()
        if not rows:
            conn.execute("DELETE FROM documents WHERE id = ?", (doc_id,))
            return
        rows.sort(key=lambda r: _version_rank(r[1], r[2]))
        values = [next((r[i] for r in rows if r[i] is not None), None) for i in range(3, 8)]
        conn.execute(
            "UPDATE documents SET organ = ?, body = ?, session = ?, doc_type = ?, date = ?, updated_at = ? WHERE id = ?",
            (*values, now, doc_id),
        )
        best: dict[str, int] = {}
        for r in rows:
            best.setdefault(r[1], r[0])
        chosen = set(best.values())
        for r in rows:
            conn.execute(
                "UPDATE versions SET searchable = ? WHERE id = ? AND searchable != ?",
                (int(r[0] in chosen), r[0], int(r[0] in chosen)),
            )

    def unchanged(self, path: str, sha256: str) -> bool:
        """True when a version from this path with this content is stored."""
        row = (
            self._conn()
            .execute("SELECT 1 FROM versions WHERE sha256 = ? AND path = ? LIMIT 1", (sha256, path))
            .fetchone()
        )
        return row is not None

    def record_failure(self, path: str, reason: str) -> None:
        with self._write() as conn:
            conn.execute("INSERT OR REPLACE INTO failures (path, reason, at) VALUES (?, ?, ?)", (path, reason, _now()))

    def failures(self) -> list[tuple[str, str]]:
        """(path, reason) of every file that could not be ingested, by path."""
        return [(str(p), str(r)) for p, r in self._conn().execute("SELECT path, reason FROM failures ORDER BY path")]

    # ---- reading -------------------------------------------------------------------

    def _find_document(self, conn: sqlite3.Connection, symbol: str) -> tuple[Any, ...] | None:
        """A document row by any spelling of any of its symbols."""
        try:
            key = symbol_key(symbols.normalize(symbol))
        except symbols.SymbolError:
            key = symbol_key(symbol)
        cols = "d.id, d.symbol, d.organ, d.body, d.session, d.doc_type, d.date"
        row = conn.execute(f"SELECT {cols} FROM documents d WHERE d.symbol_key = ?", (key,)).fetchone()
        if row is None:
            row = conn.execute(
                f"""SELECT {cols} FROM symbols s JOIN versions v ON v.id = s.version_id
                    JOIN documents d ON d.id = v.document_id WHERE s.symbol_key = ?
                    ORDER BY d.sort_key LIMIT 1""",
                (key,),
            ).fetchone()
        return tuple(row) if row is not None else None

    def _info(self, conn: sqlite3.Connection, row: tuple[Any, ...]) -> DocumentInfo:
        doc_id, symbol, organ, body, session, doc_type, date = row
        vrows = conn.execute(
            f"""SELECT id, language, format, sha256, path, title, date, block_count, searchable
                FROM versions WHERE document_id = ? ORDER BY language, {_format_rank_sql("format")}""",
            (doc_id,),
        ).fetchall()
        versions = [VersionInfo(symbol, r[1], r[2], r[3], r[4], r[5], r[6], r[7]) for r in vrows]
        titles = {r[1]: r[5] for r in vrows if r[8] and r[5]}
        agenda: list[dict] = []
        if vrows:
            best = min(vrows, key=lambda r: _version_rank(r[1], r[2]))
            agenda = [
                {"number": n, "title": t}
                for n, t in conn.execute(
                    "SELECT number, title FROM agenda WHERE version_id = ? ORDER BY idx", (best[0],)
                )
            ]
        return DocumentInfo(
            symbol=symbol,
            organ=organ,
            body=body,
            session=session,
            doc_type=doc_type,
            date=date,
            titles=titles,
            agenda_items=agenda,
            versions=versions,
        )

    def document(self, symbol: str) -> DocumentInfo | None:
        """A document by symbol in any spelling (`a/c.2/72/3`, `S/RES/2049(2012)`)."""
        with self._read() as conn:
            row = self._find_document(conn, symbol)
            return self._info(conn, row) if row is not None else None

    def version(self, symbol: str, language: str, format: str | None = None) -> Record | None:
        """The record of one version; without `format`, the preferred one (AKN, DOCX, PDF, text)."""
        with self._read() as conn:
            row = self._find_document(conn, symbol)
            if row is None:
                return None
            sql = f"""SELECT r.json_z FROM versions v JOIN records r ON r.version_id = v.id
                      WHERE v.document_id = ? AND v.language = ? {"AND v.format = ?" if format else ""}
                      ORDER BY {_format_rank_sql("v.format")} LIMIT 1"""
            params: tuple[Any, ...] = (row[0], language.lower(), format) if format else (row[0], language.lower())
            got = conn.execute(sql, params).fetchone()
        return Record.from_dict(_unpack(got[0])) if got is not None else None

    def documents(self, *, offset: int = 0, limit: int = 50) -> tuple[int, list[DocumentInfo]]:
        """A page of documents in symbol order (numbers in numeric order), and the total."""
        with self._read() as conn:
            total = int(conn.execute("SELECT count(*) FROM documents").fetchone()[0])
            rows = conn.execute(
                "SELECT id, symbol, organ, body, session, doc_type, date FROM documents ORDER BY sort_key LIMIT ? OFFSET ?",
                (max(0, limit), max(0, offset)),
            ).fetchall()
            return total, [self._info(conn, tuple(r)) for r in rows]

    def references_out(self, symbol: str, language: str | None = None) -> list[str]:
        """Symbols the document cites, in reading order (all its versions, or one language's)."""
        with self._read() as conn:
            row = self._find_document(conn, symbol)
            if row is None:
                return []
            sql = f"""SELECT r.target FROM refs r JOIN versions v ON v.id = r.version_id
                      WHERE v.document_id = ? {"AND v.language = ?" if language else ""}
                      ORDER BY v.searchable DESC, v.language, r.idx"""
            params = (row[0], language.lower()) if language else (row[0],)
            return list(dict.fromkeys(t for (t,) in conn.execute(sql, params)))

    def references_in(self, symbol: str) -> list[str]:
        """Symbols of stored documents that cite `symbol` (stored itself or not)."""
        try:
            key = symbol_key(symbols.normalize(symbol))
        except symbols.SymbolError:
            key = symbol_key(symbol)
        rows = (
            self._conn()
            .execute(
                """SELECT DISTINCT d.symbol, d.sort_key FROM refs r JOIN versions v ON v.id = r.version_id
               JOIN documents d ON d.id = v.document_id
               WHERE r.target_key = ? AND d.symbol_key != ? ORDER BY d.sort_key""",
                (key, key),
            )
            .fetchall()
        )
        return [r[0] for r in rows]

    def state_mentions(self, code: str, role: str | None = None) -> list[StateMention]:
        """The stored documents that link to the State `code` (see Store.state_mentions)."""
        sql = """SELECT d.symbol, l.role, l.ref, max(l.count), d.doc_type, d.date, d.sort_key,
                        (SELECT v2.title FROM versions v2 WHERE v2.document_id = d.id AND v2.title IS NOT NULL
                         ORDER BY v2.language != 'en', v2.language LIMIT 1)
                 FROM state_links l JOIN versions v ON v.id = l.version_id JOIN documents d ON d.id = v.document_id
                 WHERE l.code = ? {role}
                 GROUP BY d.id, l.role, l.ref
                 ORDER BY coalesce(d.date, '') DESC, d.sort_key, l.role, l.ref"""
        params: list[Any] = [code.upper()]
        if role is not None:
            params.append(role)
        with self._read() as conn:
            rows = conn.execute(sql.format(role="AND l.role = ?" if role else ""), params).fetchall()
        return [StateMention(r[0], r[1], r[2], int(r[3]), r[4], r[5], r[7]) for r in rows]

    def agenda(self, organ: str, session: str, item: str | None = None) -> list[AgendaEntry]:
        """An organ's session agenda as the stored documents print it (see Store.agenda)."""
        sql = """SELECT a.number, a.base, a.title, v.language, d.symbol, d.sort_key
                 FROM agenda a JOIN versions v ON v.id = a.version_id JOIN documents d ON d.id = v.document_id
                 WHERE v.organ = ? AND v.session = ?"""
        params: list[Any] = [organ, session]
        if item is not None:
            sql += " AND (a.number = ? OR a.base = ?)"
            params += [item, item]
        entries: dict[str, AgendaEntry] = {}
        order: dict[str, dict[str, str]] = {}
        with self._read() as conn:
            for number, _base, title, language, symbol, key in conn.execute(sql, params):
                entry = entries.setdefault(number, AgendaEntry(number=number))
                if title and language not in entry.titles:
                    entry.titles[language] = title
                order.setdefault(number, {})[symbol] = key
        for number, entry in entries.items():
            entry.documents = sorted(order[number], key=lambda sym: order[number][sym])
        return [entries[n] for n in sorted(entries, key=natural)]  # "9", "19", "19 (a)"

    def symbols_under(self, root: str) -> list[str]:
        """Every symbol of a stored document that starts with `root`, as stored (any of a
        joint document's symbols)."""
        key = symbol_key(root)
        like = key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        found: set[str] = set()
        with self._read() as conn:
            for (symbol,) in conn.execute("SELECT symbol FROM documents WHERE symbol_key LIKE ? ESCAPE '\\'", (like,)):
                found.add(symbol)
            # a joint document's other symbols are keys only: their spelling is in a record
            rows = conn.execute(
                """SELECT DISTINCT s.version_id FROM symbols s JOIN versions v ON v.id = s.version_id
                   JOIN documents d ON d.id = v.document_id
                   WHERE s.symbol_key LIKE ? ESCAPE '\\' AND d.symbol_key NOT LIKE ? ESCAPE '\\'""",
                (like, like),
            ).fetchall()
            for (version_id,) in rows:
                got = conn.execute("SELECT json_z FROM records WHERE version_id = ?", (version_id,)).fetchone()
                if got is not None:
                    record = Record.from_dict(_unpack(got[0]))
                    found.update(x for x in record.symbols if symbol_key(x).startswith(key))
        return sorted(found)

    def search(self, query: SearchQuery) -> SearchResult:
        """Words, phrases, prefixes, AND/OR/NOT or a symbol pattern, with facets (see `undocs.search`)."""
        from undocs.search.engine import search_sqlite

        with self._read() as conn:
            return search_sqlite(conn, query, self._facet_index(conn))

    def _facet_index(self, conn: sqlite3.Connection) -> FacetIndex:
        """The in-memory facet arrays for the snapshot `conn` reads, rebuilt after writes."""
        generation = int(conn.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()[0])
        index = self._facets
        if index is not None and index.generation == generation:
            return index
        with self._facets_lock:
            index = self._facets
            if index is None or index.generation != generation:
                index = FacetIndex.load(conn, generation)
                self._facets = index
        return index

    # ---- health --------------------------------------------------------------------

    def integrity_check(self) -> list[str]:
        """Problems found ([] when sound): SQLite's own checks, foreign keys, each document
        once under its canonical symbol, every version complete, FTS rows one per row."""
        problems: list[str] = []
        conn = self._conn()
        rows = [r[0] for r in conn.execute("PRAGMA integrity_check")]
        if rows != ["ok"]:
            problems += [f"sqlite: {r}" for r in rows]
        for table, rowid, parent, _ in conn.execute("PRAGMA foreign_key_check"):
            problems.append(f"foreign key: {table} row {rowid} points to a missing {parent} row")
        with self._read() as conn:
            for key, n in conn.execute(
                "SELECT symbol_key, count(*) FROM documents GROUP BY symbol_key HAVING count(*) > 1"
            ):
                problems.append(f"document {key} is stored {n} times")
            for (symbol,) in conn.execute("SELECT symbol FROM documents"):
                try:
                    canonical = symbols.normalize(symbol)
                except symbols.SymbolError as exc:
                    problems.append(f"document {symbol!r}: {exc}")
                    continue
                if canonical != symbol:
                    problems.append(f"document {symbol!r} is not under its canonical symbol {canonical!r}")
            for (symbol,) in conn.execute(
                "SELECT symbol FROM documents d WHERE NOT EXISTS (SELECT 1 FROM versions v WHERE v.document_id = d.id)"
            ):
                problems.append(f"document {symbol} has no version")
            for vid, symbol, lang, fmt in conn.execute(
                """SELECT v.id, d.symbol, v.language, v.format FROM versions v JOIN documents d ON d.id = v.document_id
                   WHERE NOT EXISTS (SELECT 1 FROM records r WHERE r.version_id = v.id)"""
            ):
                problems.append(f"version {symbol} [{lang}, {fmt}] (id {vid}) has no record")
            for vid, want, got, lo, hi in conn.execute(
                """SELECT v.id, v.block_count, count(b.id), min(b.id), max(b.id) FROM versions v
                   LEFT JOIN blocks b ON b.version_id = v.id GROUP BY v.id
                   HAVING v.block_count != count(b.id)
                       OR (count(b.id) > 0 AND (min(b.id) != v.first_block OR max(b.id) - min(b.id) + 1 != count(b.id)))"""
            ):
                problems.append(f"version id {vid}: {got} blocks stored (ids {lo}..{hi}), {want} expected contiguously")
            for doc, lang, n in conn.execute(
                "SELECT document_id, language, sum(searchable) FROM versions GROUP BY document_id, language HAVING sum(searchable) != 1"
            ):
                problems.append(f"document id {doc} [{lang}]: {n} searchable versions, 1 expected")
            for table, content in (("fts_terms", "versions"), ("fts_versions", "versions"), ("fts_blocks", "blocks")):
                extra = conn.execute(
                    f"SELECT count(*) FROM {table}_docsize WHERE id NOT IN (SELECT id FROM {content})"
                ).fetchone()[0]
                missing = conn.execute(
                    f"SELECT count(*) FROM {content} WHERE id NOT IN (SELECT id FROM {table}_docsize)"
                ).fetchone()[0]
                if extra or missing:
                    problems.append(f"{table}: {missing} rows of {content} not indexed, {extra} index rows without one")
        for table in FTS_TABLES:
            try:
                conn.execute(f"INSERT INTO {table}({table}) VALUES ('integrity-check')")
            except sqlite3.DatabaseError as exc:
                problems.append(f"{table}: {exc}")
        return problems

    def stats(self) -> dict:
        """Counts and sizes, for `undocs` status lines and the API."""
        with self._read() as conn:

            def one(sql: str) -> int:
                return int(conn.execute(sql).fetchone()[0])

            page_size = one("PRAGMA page_size")
            out = {
                "path": str(self.path),
                "schema_version": self.schema_version(),
                "documents": one("SELECT count(*) FROM documents"),
                "versions": one("SELECT count(*) FROM versions"),
                "blocks": one("SELECT count(*) FROM blocks"),
                "references": one("SELECT count(*) FROM refs"),
                "failures": one("SELECT count(*) FROM failures"),
                "languages": dict(conn.execute("SELECT language, count(*) FROM versions GROUP BY language ORDER BY 1")),
                "formats": dict(conn.execute("SELECT format, count(*) FROM versions GROUP BY format ORDER BY 1")),
                "size_bytes": one("PRAGMA page_count") * page_size,
            }
        return out
