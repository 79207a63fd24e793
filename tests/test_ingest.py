"""Ingest on the real dev corpus: report, idempotence, a changed file, failures that
do not stop the run, progress, and kill -9 in the middle of an ingest."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import textwrap
import time
from collections import Counter
from pathlib import Path

import pytest

from undocs.ingest import IngestProgress, IngestReport, ingest
from undocs.record import Record
from undocs.store import SearchQuery
from undocs.store.sqlite import SQLiteStore

#: the scanned page of a printed volume A_RES_2758(XXVI).ru.pdf under a name that names none of
#: the six resolutions it prints: read by OCR, and refused as no one document
IMAGE_ONLY = "volume_page.ru.pdf"


@pytest.fixture(scope="module")
def extra(tmp_path_factory: pytest.TempPathFactory, corpus: Path) -> Path:
    folder = tmp_path_factory.mktemp("extra")
    shutil.copy(corpus / "A_RES_2758(XXVI).ru.pdf", folder / IMAGE_ONLY)
    return folder


@pytest.fixture(scope="module")
def first(
    tmp_path_factory: pytest.TempPathFactory, corpus: Path, extra: Path
) -> tuple[SQLiteStore, IngestReport, list]:
    store = SQLiteStore(tmp_path_factory.mktemp("ingest") / "dev.sqlite")
    events: list[IngestProgress] = []
    report = ingest([corpus, extra], store, progress=events.append)
    yield store, report, events
    store.close()


def _documents(corpus: Path, extra: Path) -> list[Path]:
    """The dev corpus's documents and the one file undocs refuses."""
    return sorted(p for p in corpus.iterdir() if p.suffix in (".pdf", ".txt", ".xml")) + [extra / IMAGE_ONLY]


def test_first_ingest_adds_every_readable_file(first, corpus: Path, extra: Path) -> None:
    store, report, _ = first
    files = _documents(corpus, extra)
    assert sorted(report.added) == sorted(str(p.resolve()) for p in files if p.name != IMAGE_ONLY)
    assert report.updated == [] and report.unchanged == []
    assert [(Path(p).name, "printed volume" in reason) for p, reason in report.failed] == [(IMAGE_ONLY, True)]
    assert store.failures() == [(str((extra / IMAGE_ONLY).resolve()), report.failed[0][1])]
    assert store.stats()["versions"] == len(files) - 1
    summary = report.summary()
    assert f"{len(files)} files in" in summary and f"{len(files) - 1} added" in summary
    assert "1 failed" in summary and IMAGE_ONLY in summary and "printed volume" in summary


def test_progress_reports_every_file(first, corpus: Path, extra: Path) -> None:
    _, report, events = first
    n = len(_documents(corpus, extra))
    assert events[0] == IngestProgress(0, n)
    assert [e.done for e in events] == list(range(n + 1))
    assert all(e.total == n and e.path is not None for e in events[1:])
    assert Counter(e.status for e in events[1:]) == {"added": n - 1, "failed": 1}
    assert next(e for e in events if e.status == "failed").reason


def test_reingest_changes_nothing(first, corpus: Path, extra: Path) -> None:
    store, _, _ = first
    before = store.stats()
    again = ingest([corpus, extra], store)
    assert again.added == [] and again.updated == []
    assert len(again.unchanged) == len(_documents(corpus, extra)) - 1
    assert [Path(p).name for p, _ in again.failed] == [IMAGE_ONLY]  # still unreadable, still said so
    assert store.stats() == before
    assert store.integrity_check() == []


def test_changed_file_replaces_its_version(tmp_path: Path, corpus: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    seed = folder / "A_C.2_72_3.fr.txt"
    shutil.copy(corpus / "A_C.2_72_3.fr.txt", seed)
    shutil.copy(corpus / "A_RES_78_8.fr.xml", folder)
    with SQLiteStore(tmp_path / "s.sqlite") as store:
        assert len(ingest([folder], store).added) == 2
        assert store.search(SearchQuery(q="Ouzbékistan")).total == 1
        seed.write_text(seed.read_text(encoding="utf-8").replace("Ouzbékistan", "Kirghizistan"), encoding="utf-8")
        report = ingest([folder], store)
        assert report.updated == [str(seed.resolve())]
        assert len(report.unchanged) == 1
        rec = store.version("A/C.2/72/3", "fr")
        assert rec is not None and "Kirghizistan" in rec.title and "Ouzbékistan" not in rec.to_json()
        assert store.search(SearchQuery(q="Ouzbékistan")).total == 0
        assert store.search(SearchQuery(q="Kirghizistan")).hits[0].symbol == "A/C.2/72/3"
        assert store.stats()["versions"] == 2
        assert store.integrity_check() == []


def test_a_bad_file_does_not_stop_the_run(tmp_path: Path, corpus: Path, fixtures: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    for name in ("junk.pdf", "empty.txt", "latin1.txt", "binary.txt"):
        shutil.copy(fixtures / name, folder / name)
    shutil.copy(corpus / "A_C.2_72_3.fr.txt", folder / "zz_seed.fr.txt")  # after the bad ones
    with SQLiteStore(tmp_path / "s.sqlite") as store:
        report = ingest([folder, tmp_path / "missing.pdf"], store)
        assert [Path(p).name for p in report.added] == ["zz_seed.fr.txt"]
        failed = {Path(p).name: reason for p, reason in report.failed}
        assert set(failed) == {"junk.pdf", "empty.txt", "latin1.txt", "binary.txt", "missing.pdf"}
        assert all(reason and not reason.startswith("/") for reason in failed.values())
        assert "cannot read" in failed["missing.pdf"]
        assert len(store.failures()) == 5
        assert store.integrity_check() == []


def test_a_record_without_symbol_is_a_failure(tmp_path: Path, corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import undocs.ingest

    monkeypatch.setattr(undocs.ingest, "parse", lambda path: Record(language="en", source={"format": "text"}))
    with SQLiteStore(tmp_path / "s.sqlite") as store:
        report = ingest([corpus / "A_C.2_72_3.fr.txt"], store)
        assert report.added == []
        assert "symbol" in report.failed[0][1]
        assert store.stats()["versions"] == 0


def test_an_unexpected_error_is_a_failure(tmp_path: Path, corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import undocs.ingest

    def boom(path: Path, **options: object) -> Record:
        raise RuntimeError("parser bug")

    monkeypatch.setattr(undocs.ingest, "parse", boom)
    with SQLiteStore(tmp_path / "s.sqlite") as store:
        report = ingest([corpus / "A_C.2_72_3.fr.txt", corpus / "A_RES_78_8.fr.xml"], store)
        assert [r for _, r in report.failed] == ["internal error (RuntimeError: parser bug)"] * 2


_CHILD = textwrap.dedent(
    """
    import sys
    from undocs.ingest import ingest
    from undocs.store.sqlite import SQLiteStore

    store = SQLiteStore(sys.argv[1])

    def progress(p):
        if p.path is not None:
            print(p.status, p.path, flush=True)  # after the document's transaction committed

    ingest([sys.argv[2]], store, progress=progress)
    print("finished", flush=True)
    """
)


def test_kill_9_during_ingest(tmp_path: Path, corpus: Path, extra: Path) -> None:
    db = tmp_path / "s.sqlite"
    committed: list[str] = []
    for delay in (0.5, 0.9):  # killed twice, at different points of the run
        proc = subprocess.Popen([sys.executable, "-c", _CHILD, str(db), str(corpus)], stdout=subprocess.PIPE, text=True)
        assert proc.stdout is not None
        committed.append(proc.stdout.readline())  # the store is open and one file is done
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        rest = proc.stdout.read()
        assert proc.returncode == -signal.SIGKILL
        assert "finished" not in rest, "the ingest ended before it could be killed"
        committed += rest.split("\n")[:-1]  # complete lines only: a kill may cut the last one

    with SQLiteStore(db) as store:
        assert store.integrity_check() == []
        stored = {v.path for d in store.documents(limit=1000)[1] for v in d.versions}
        for line in committed:  # nothing that was committed is lost
            if " " not in line.strip():
                continue  # no complete report line (the child was killed before it wrote one)
            status, path = line.strip().split(" ", 1)
            if status in ("added", "updated", "unchanged"):
                assert path in stored
        report = ingest([corpus], store)
        assert report.updated == []
        corpus_files = _documents(corpus, extra)[:-1]  # the corpus alone: all read
        assert len(report.added) + len(report.unchanged) == len(corpus_files)
        assert report.unchanged  # what the killed runs committed is not redone
        assert store.integrity_check() == []
        total, docs = store.documents(limit=1000)
        symbols = [d.symbol for d in docs]
        assert len(symbols) == len(set(symbols)) == total == 46
        assert store.stats()["versions"] == len(corpus_files)
