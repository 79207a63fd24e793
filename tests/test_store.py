"""The SQLite store on the real dev corpus: versions, round trip, symbol lookups,
references, paging, migrations, integrity check (and that it catches damage)."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

import undocs
from undocs.record import Block, Record
from undocs.store import IngestStatus, SearchQuery, Store, StoreError, open_store
from undocs.store.sqlite import SCHEMA_VERSION, SQLiteStore


def _raw(store: SQLiteStore) -> sqlite3.Connection:
    return sqlite3.connect(store.path)


def test_protocol_and_modes(store: SQLiteStore) -> None:
    assert isinstance(store, Store)
    conn = _raw(store)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert [r[0] for r in conn.execute("SELECT version FROM schema_migrations")] == list(range(1, SCHEMA_VERSION + 1))
    assert store._conn().execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_every_parseable_file_is_one_version(store: SQLiteStore, corpus: Path) -> None:
    files = [p for p in corpus.iterdir() if p.suffix in (".pdf", ".txt", ".xml")]
    stats = store.stats()
    assert stats["versions"] == len(files)  # the image-only Russian scan too, by OCR
    # one document per symbol: A/RES/78/25 has 7 versions (en PDF and en XML, 5 more languages)
    info = store.document("A/RES/78/25")
    assert info is not None
    assert sorted((v.language, v.format) for v in info.versions) == [
        ("ar", "akn"),
        ("en", "akn"),
        ("en", "pdf"),
        ("es", "akn"),
        ("fr", "akn"),
        ("ru", "akn"),
        ("zh", "akn"),
    ]
    assert stats["documents"] == 46
    assert store.integrity_check() == []


@pytest.mark.parametrize(
    "name",
    ["A_RES_78_8.fr.xml", "A_RES_78_8.en.pdf", "A_C.2_72_3.fr.txt", "A_RES_75_101A-B.ar.xml", "A_RES_77_3.zh.xml"],
)
def test_round_trip(store: SQLiteStore, corpus: Path, name: str) -> None:
    path = (corpus / name).resolve()
    expected = undocs.parse(path)
    got = store.version(expected.symbol or "", expected.language or "", expected.source["format"])
    assert got == expected
    assert got.to_json() == expected.to_json()


def test_version_prefers_structured_format(store: SQLiteStore) -> None:
    rec = store.version("A/RES/78/25", "en")
    assert rec is not None and rec.source["format"] == "akn"
    assert store.version("A/RES/78/25", "en", "pdf").source["format"] == "pdf"
    assert store.version("A/RES/78/25", "de") is None
    assert store.version("A/99/999", "en") is None


@pytest.mark.parametrize(
    ("spelling", "canonical"),
    [
        ("A/C.2/72/3", "A/C.2/72/3"),
        ("a/c.2/72/3", "A/C.2/72/3"),
        (" A / C.2 / 72 / 3 ", "A/C.2/72/3"),
        ("S/RES/2672(2023)", "S/RES/2672 (2023)"),
        ("s/res/2672 (2023)", "S/RES/2672 (2023)"),
        ("A/RES/75/101A-B", "A/RES/75/101 A-B"),
        ("a/res/es-11/1", "A/RES/ES-11/1"),
        ("A/HRC/WG.6/34/ITA/3", "A/HRC/WG.6/34/ITA/3"),
    ],
)
def test_symbol_lookup_forgives_spelling(store: SQLiteStore, spelling: str, canonical: str) -> None:
    info = store.document(spelling)
    assert info is not None and info.symbol == canonical


@pytest.mark.parametrize("symbol", ["A/99/999", "nonsense", "", "A/RES/78/"])
def test_unknown_symbol(store: SQLiteStore, symbol: str) -> None:
    assert store.document(symbol) is None
    assert store.references_out(symbol) == []


def test_document_info(store: SQLiteStore) -> None:
    info = store.document("A/RES/78/8")
    assert info is not None
    assert info.languages == ["ar", "en", "es", "fr", "ru", "zh"]
    assert (info.organ, info.session, info.doc_type, info.date) == (
        "General Assembly",
        "78",
        "resolution",
        "2023-11-09",
    )
    assert info.titles["fr"] == "Rapport de l’Agence internationale de l’énergie atomique"
    assert info.titles["zh"] == "国际原子能机构的报告"
    assert info.agenda_items == [{"number": "89", "title": "Report of the International Atomic Energy Agency"}]
    en = [v for v in info.versions if v.language == "en"]
    assert {v.format for v in en} == {"akn", "pdf"}
    assert all(len(v.sha256) == 64 and Path(v.path).is_absolute() and v.blocks > 0 for v in info.versions)


def test_references_out_and_in(store: SQLiteStore) -> None:
    assert store.references_out("A/RES/78/8") == ["A/78/L.7", "A/78/304", "A/RES/1145 (XII)"]
    assert store.references_out("a/res/78/8", "zh") == ["A/78/L.7", "A/78/304", "A/RES/1145 (XII)"]
    assert store.references_in("A/78/304") == ["A/RES/78/8"]
    assert store.references_in("a/78/304") == ["A/RES/78/8"]
    # a stored document citing another stored one, and the reverse link
    citing = store.references_in("A/RES/68/218")
    assert "A/C.2/72/3" in citing
    # independent: every document whose stored records list the symbol
    total, docs = store.documents(limit=1000)
    expected = sorted(
        {
            d.symbol
            for d in docs
            for v in d.versions
            if "A/RES/68/218" in (store.version(d.symbol, v.language, v.format) or Record()).references
        }
    )
    assert sorted(citing) == expected


def test_documents_paging_in_natural_order(store: SQLiteStore) -> None:
    total, first = store.documents(limit=10)
    assert total == 46 and len(first) == 10
    seen = []
    for offset in range(0, total, 10):
        seen += [d.symbol for d in store.documents(offset=offset, limit=10)[1]]
    assert len(seen) == len(set(seen)) == total
    assert seen.index("A/RES/78/8") < seen.index("A/RES/78/25") < seen.index("A/RES/78/50")
    assert seen.index("A/RES/78/50") < seen.index("A/RES/2758 (XXVI)")  # numbers, not characters
    assert seen.index("S/RES/78 (1949)") < seen.index("S/RES/242 (1967)") < seen.index("S/RES/2672 (2023)")


def test_reads_from_other_threads(store: SQLiteStore) -> None:
    out: list[object] = []

    def work() -> None:
        out.append(store.document("A/C.2/72/3"))
        out.append(store.search(SearchQuery(q="Ouzbékistan")).total)

    threads = [threading.Thread(target=work) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(out) == 6 and all(o for o in out)


# ---- writing: one store per test ----------------------------------------------------


def _record(
    symbol: str | None, language: str = "en", text: str = "Takes note of the report.", fmt: str = "text"
) -> Record:
    return Record(
        symbol=symbol,
        symbols=[symbol] if symbol else [],
        organ="General Assembly",
        session="99",
        date="2031-01-02",
        language=language,
        title="A title",
        doc_type="resolution",
        references=["A/RES/1/1"],
        blocks=[Block(kind="operative", text=text, number="1")],
        source={"path": "x", "format": fmt},
    )


def test_put_statuses_and_replacement(tmp_path: Path) -> None:
    with SQLiteStore(tmp_path / "s.sqlite") as s:
        assert s.put(_record("A/99/1"), path="/f1", sha256="a") is IngestStatus.ADDED
        assert s.put(_record("A/99/1"), path="/f1", sha256="a") is IngestStatus.UNCHANGED
        assert s.unchanged("/f1", "a") and not s.unchanged("/f1", "b") and not s.unchanged("/f2", "a")
        assert s.put(_record("a/99/1", text="Welcomes the plan."), path="/f1", sha256="b") is IngestStatus.UPDATED
        assert s.stats()["versions"] == 1 and s.stats()["blocks"] == 1
        assert s.version("A/99/1", "en").blocks[0].text == "Welcomes the plan."
        assert s.search(SearchQuery(q="welcomes")).total == 1
        assert s.search(SearchQuery(q="takes")).total == 0  # the old text left the index
        # the same content moved to another path: unchanged, the path follows the file
        assert s.put(_record("a/99/1", text="Welcomes the plan."), path="/moved", sha256="b") is IngestStatus.UNCHANGED
        assert s.document("A/99/1").versions[0].path == "/moved"
        assert s.integrity_check() == []


def test_file_that_now_says_another_symbol_moves_its_version(tmp_path: Path) -> None:
    with SQLiteStore(tmp_path / "s.sqlite") as s:
        s.put(_record("A/99/1"), path="/f", sha256="a")
        assert s.put(_record("A/99/2"), path="/f", sha256="b") is IngestStatus.ADDED
        assert s.document("A/99/1") is None  # nothing else held it
        assert s.document("A/99/2") is not None
        assert s.stats()["documents"] == 1
        assert s.integrity_check() == []


def test_searchable_version_per_language(tmp_path: Path) -> None:
    with SQLiteStore(tmp_path / "s.sqlite") as s:
        s.put(_record("A/99/1", fmt="pdf", text="Alpha words."), path="/a.pdf", sha256="a")
        s.put(_record("A/99/1", fmt="akn", text="Alpha words."), path="/a.xml", sha256="b")
        result = s.search(SearchQuery(q="alpha"))
        assert result.total == 1 and result.hits[0].symbol == "A/99/1"
        assert s.version("A/99/1", "en").source["format"] == "akn"
        assert s.integrity_check() == []


@pytest.mark.parametrize("symbol", [None, "", "not a symbol"])
def test_put_refuses_a_record_it_cannot_file(tmp_path: Path, symbol: str | None) -> None:
    with SQLiteStore(tmp_path / "s.sqlite") as s:
        with pytest.raises(StoreError, match="symbol"):
            s.put(_record(symbol), path="/f", sha256="a")
        assert s.stats()["versions"] == 0


def test_failures_are_recorded_and_cleared(tmp_path: Path) -> None:
    with SQLiteStore(tmp_path / "s.sqlite") as s:
        s.record_failure("/f", "PDF has no text layer")
        assert s.failures() == [("/f", "PDF has no text layer")]
        s.put(_record("A/99/1"), path="/f", sha256="a")
        assert s.failures() == []


def test_integrity_check_finds_damage(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite"
    with SQLiteStore(path) as s:
        s.put(_record("A/99/1"), path="/f1", sha256="a")
        s.put(_record("A/99/2"), path="/f2", sha256="b")
        assert s.integrity_check() == []
    conn = sqlite3.connect(path)
    conn.execute("DELETE FROM records WHERE version_id = (SELECT min(id) FROM versions)")  # foreign keys are off here
    conn.execute("DELETE FROM blocks WHERE id = (SELECT max(id) FROM blocks)")
    conn.execute("INSERT INTO refs VALUES (999, 0, 'A/1', 'A/1')")
    conn.commit()
    conn.close()
    with SQLiteStore(path) as s:
        problems = s.integrity_check()
    text = "\n".join(problems)
    assert "has no record" in text
    assert "blocks stored" in text
    assert "foreign key" in text
    assert "not indexed" in text or "without one" in text


def test_migrations_are_versioned(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite"
    SQLiteStore(path).close()
    SQLiteStore(path).close()  # reopening applies nothing twice
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT count(*) FROM schema_migrations").fetchone()[0] == SCHEMA_VERSION
    conn.execute("INSERT INTO schema_migrations VALUES (?, 'from the future', '2099-01-01')", (SCHEMA_VERSION + 1,))
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="newer"):
        SQLiteStore(path)


def test_normalizer_change_reindexes(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite"
    with SQLiteStore(path) as s:
        s.put(_record("A/99/1", text="Réaffirme sa résolution."), path="/f", sha256="a")
    conn = sqlite3.connect(path)
    conn.execute("UPDATE meta SET value = 'old' WHERE key = 'normalizer'")
    conn.commit()
    conn.close()
    with SQLiteStore(path) as s:
        assert s.search(SearchQuery(q="resolution")).total == 1
        assert s.integrity_check() == []


def test_open_store_targets(tmp_path: Path) -> None:
    s = open_store(f"sqlite:///{tmp_path / 'a.sqlite'}")
    assert isinstance(s, SQLiteStore) and s.path == tmp_path / "a.sqlite"
    s.close()
    with pytest.raises(StoreError, match="PostgreSQL"):
        open_store("postgresql://localhost/undocs")
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(StoreError, match="junk.sqlite"):
        open_store(junk)


def test_closed_store_says_so(tmp_path: Path) -> None:
    s = SQLiteStore(tmp_path / "s.sqlite")
    s.close()
    with pytest.raises(StoreError, match="closed"):
        s.document("A/99/1")
