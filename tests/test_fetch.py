"""Fetching by symbol (issue 12) against a local server that replays the UN's services
(tests/replay.py) with the corpora's real files: a resolution in six languages with what it
cites, the library's gaps and their filling, the cache, resumed downloads, and every failure
mode as one line that leaves the library as it was."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

import replay as replay_server
from undocs.fetch import Fetcher, Services
from undocs.fetch.client import Client, ServiceError
from undocs.store import open_store


@pytest.fixture()
def service(corpus: Path, real: Path):
    replay, server = replay_server.start([corpus, real])
    yield replay
    server.shutdown()


def _env(replay, tmp_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "UNDOCS_ODS_URL": replay.url,
        "UNDOCS_UNDOCS_URL": replay.url,
        "UNDOCS_UNDL_URL": replay.url,
        "UNDOCS_CACHE": str(tmp_path / "cache"),
        "UNDOCS_FETCH_INTERVAL": "0",
        "UNDOCS_FETCH_BACKOFF": "0.05",
    }


def undocs(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "undocs", *args], capture_output=True, text=True, env=env, timeout=600)


def test_a_session_fetch_status_fill_and_cache(service, tmp_path: Path) -> None:
    env = _env(service, tmp_path)
    db = str(tmp_path / "lib.sqlite")
    # 1. A/RES/78/8 in English with what it cites: A/78/L.7, A/RES/1145 (XII) and A/78/304
    #    (its references, eval/expected/dev), none of which the replayed ODS holds
    res = undocs(env, "fetch", "A/RES/78/8", "--langs", "en", "--cited", "--db", db)
    assert res.returncode == 0, res.stderr
    assert "1 downloaded" in res.stdout and "1 added" in res.stdout
    assert res.stderr.count("not available:") == 3 and "A/78/L.7 [en]" in res.stderr
    assert "Traceback" not in res.stderr
    # 2. the library's gaps
    status = undocs(env, "status", "--db", db)
    assert "A/RES/78/8: lacks ar, zh, fr, ru, es" in status.stdout
    assert "A/78/304: cited, not in the library" in status.stdout
    # 3. filled: the five other languages (the UN's Akoma Ntoso files, as the replay serves them)
    filled = undocs(env, "fetch", "--missing", "--db", db)
    assert filled.returncode == 0, filled.stderr
    assert "5 downloaded" in filled.stdout
    with open_store(Path(db)) as store:
        doc = store.document("A/RES/78/8")
        assert doc is not None and doc.languages == ["ar", "en", "es", "fr", "ru", "zh"]
    assert "lacks" not in undocs(env, "status", "--db", db).stdout
    # 4. a second run downloads nothing: the cache asks conditionally, the server answers 304
    before = sum(service.downloads.values())
    again = undocs(env, "fetch", "A/RES/78/8", "--db", db)
    assert again.returncode == 0 and "0 downloaded, 6 unchanged (cache)" in again.stdout
    assert sum(service.downloads.values()) == before
    # the catalogue record is kept beside the files, never in the record
    assert (tmp_path / "undocs-files" / "A_RES_78_8.undl.marcxml").exists()


def test_a_resolution_with_its_draft(service, tmp_path: Path) -> None:
    """A/RES/80/4 prints "[without reference to a Main Committee (A/80/L.6)]": --cited fetches
    the draft, which the replayed ODS holds."""
    env = _env(service, tmp_path)
    res = undocs(env, "fetch", "A/RES/80/4", "--langs", "en", "--cited", "--into", str(tmp_path / "files"))
    assert res.returncode == 0, res.stderr
    assert (tmp_path / "files" / "A_80_L.6.en.pdf").exists() and (tmp_path / "files" / "A_RES_80_4.en.pdf").exists()


def _client(tmp_path: Path, **kw) -> Client:
    return Client(tmp_path / "cache", interval=0, backoff=0.05, **kw)


def test_429_is_retried_after_the_wait_it_asks(service, tmp_path: Path) -> None:
    service.flaky.add("A_RES_78_8.en.pdf")
    with _client(tmp_path) as client:
        started = time.monotonic()
        path, downloaded = Fetcher(client, Services(service.url, service.url, service.url), tmp_path / "f").version(
            "A/RES/78/8", "en"
        )
        assert time.monotonic() - started >= 1.0  # Retry-After: 1
    assert downloaded and path.read_bytes().startswith(b"%PDF-")


def test_a_body_cut_short_is_resumed(service, tmp_path: Path, corpus: Path) -> None:
    """The first answer stops half-way; the retry asks for the rest (Range) and gets a 206.
    A run that gives up (no retries) keeps the part, and the next run resumes it."""
    service.cut.add("A_RES_78_8.en.pdf")
    url = f"{service.url}/files/A_RES_78_8.en.pdf"
    with _client(tmp_path, retries=0) as client, pytest.raises(ServiceError, match="cut short|Protocol"):
        client.get(url)
    assert list((tmp_path / "cache" / "parts").iterdir())  # the part is kept
    with _client(tmp_path) as client:
        got = client.get(url)
    assert got.path.read_bytes() == (corpus / "A_RES_78_8.en.pdf").read_bytes()
    assert service.downloads["A_RES_78_8.en.pdf"] == 2  # the half, then the rest (a 206)
    assert not list((tmp_path / "cache" / "parts").iterdir())


def test_failures_are_one_line_and_leave_the_library_as_it_was(service, tmp_path: Path) -> None:
    env = _env(service, tmp_path)
    db = tmp_path / "lib.sqlite"
    assert undocs(env, "fetch", "A/RES/78/8", "--langs", "en", "--db", str(db)).returncode == 0
    with open_store(db) as store:
        before = store.stats()
    # an unknown symbol: the ODS's HTML page and undocs.org's 404
    res = undocs(env, "fetch", "A/99/123456", "--langs", "en", "--db", str(db))
    assert res.returncode == 2 and "an HTML page, not a document" in res.stderr and "Traceback" not in res.stderr
    # not a symbol at all
    res = undocs(env, "fetch", "hello world", "--db", str(db))
    assert res.returncode == 2 and "is not a UN document symbol" in res.stderr
    # the service down: a port nobody listens on
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{s.getsockname()[1]}"
    down = {
        **env,
        "UNDOCS_ODS_URL": dead,
        "UNDOCS_UNDOCS_URL": dead,
        "UNDOCS_UNDL_URL": dead,
        "UNDOCS_FETCH_RETRIES": "1",
    }
    res = undocs(down, "fetch", "A/RES/80/4", "--langs", "en", "--db", str(db))
    assert res.returncode == 2 and "ConnectError" in res.stderr and len(res.stderr.strip().splitlines()) == 1
    # a page where the file should be
    service.html.add("A_RES_80_4.en.pdf")
    res = undocs(env, "fetch", "A/RES/80/4", "--langs", "en", "--db", str(db))
    assert res.returncode == 2 and "an HTML page, not a document" in res.stderr
    with open_store(db) as store:
        assert store.stats() == before and store.integrity_check() == []


def test_a_slow_answer_times_out_with_its_reason(service, tmp_path: Path) -> None:
    service.slow.add("A_RES_78_8.en.pdf")
    with _client(tmp_path, retries=0, timeout=0.5) as client, pytest.raises(ServiceError, match="ReadTimeout"):
        client.get(f"{service.url}/files/A_RES_78_8.en.pdf")


def test_the_status_page_lists_what_the_library_lacks(service, tmp_path: Path) -> None:
    """After fetching A/RES/78/8 in English only: its five other languages and the three
    documents it cites are missing, each with its undocs.org link."""
    import httpx

    from undocs.serve.app import create_app
    from web_helpers import live_server

    env = _env(service, tmp_path)
    db = tmp_path / "lib.sqlite"
    assert undocs(env, "fetch", "A/RES/78/8", "--langs", "en", "--db", str(db)).returncode == 0
    store = open_store(db)
    try:
        with live_server(create_app(store)) as url:
            page = httpx.get(f"{url}/status", timeout=30).text
    finally:
        store.close()
    assert "1 documents lack language versions; 3 cited documents are not held" in page
    assert "https://undocs.org/fr/A/RES/78/8" in page and "A/78/304" in page


def test_status_names_a_corrigendum_held_in_fewer_languages(corpus: Path, tmp_path: Path, service) -> None:
    """A corrigendum held in English only, of a resolution held in six languages: status says
    so apart from the missing versions (and the status page lists it). The corpora hold no
    corrigendum (a hole their README names), and status reads only symbols and the languages
    held: the corrigendum here is the real English record of A/RES/78/8 (its PDF) filed under
    the symbol A/RES/78/8/Corr.1; the resolution is its six AKN files."""
    from dataclasses import replace

    import httpx

    from undocs.fetch import uneven
    from undocs.files import sha256_file
    from undocs.parse import parse
    from undocs.serve.app import create_app
    from web_helpers import live_server

    db = tmp_path / "lib.sqlite"
    store = open_store(db)
    try:
        for lang in ("ar", "zh", "en", "fr", "ru", "es"):
            path = corpus / f"A_RES_78_8.{lang}.xml"
            store.put(parse(path), path=str(path), sha256=sha256_file(path))
        pdf = corpus / "A_RES_78_8.en.pdf"
        corr = replace(parse(pdf), symbol="A/RES/78/8/Corr.1", symbols=["A/RES/78/8/Corr.1"])
        store.put(corr, path=str(pdf), sha256=sha256_file(pdf))
        got = [(u.symbol, u.amends, u.relation, u.held, u.lacking) for u in uneven(store)]
        assert got == [("A/RES/78/8/Corr.1", "A/RES/78/8", "corrigendum 1", ["en"], ["ar", "zh", "fr", "ru", "es"])]
        with live_server(create_app(store)) as url:
            page = httpx.get(f"{url}/status", timeout=30).text
    finally:
        store.close()
    assert "Corrected or revised in some languages only" in page and "https://undocs.org/fr/A/RES/78/8/Corr.1" in page
    status = undocs(_env(service, tmp_path), "status", "--db", str(db))
    assert (
        "A/RES/78/8/Corr.1 (corrigendum 1 of A/RES/78/8): held in en only; A/RES/78/8 is held in ar, zh, fr, ru, es too"
        in status.stdout
    )
    assert "1 corrigenda or revisions are held in fewer languages" in status.stdout
    as_json = json.loads(undocs(_env(service, tmp_path), "status", "--json", "--db", str(db)).stdout)
    assert as_json["uneven"][0]["lacking"] == ["ar", "zh", "fr", "ru", "es"]
    assert as_json["missing"]["A/RES/78/8/Corr.1"] == ["ar", "zh", "fr", "ru", "es"]


def test_ingest_fetch_downloads_then_ingests(service, tmp_path: Path) -> None:
    """`undocs ingest --fetch SYMBOL` is `undocs fetch SYMBOL --db`: the files land beside
    the library, and a second run finds them in the cache and the library unchanged."""
    env = _env(service, tmp_path)
    db = tmp_path / "lib.sqlite"
    res = undocs(env, "ingest", "--fetch", "A/RES/78/8", "--langs", "en,fr", "--db", str(db))
    assert res.returncode == 0, res.stderr
    assert "2 added" in res.stdout and "2 downloaded" in res.stdout
    assert (tmp_path / "undocs-files" / "A_RES_78_8.fr.xml").exists()
    with open_store(db) as store:
        doc = store.document("A/RES/78/8")
        assert doc is not None and doc.languages == ["en", "fr"]
    again = undocs(env, "ingest", "--fetch", "A/RES/78/8", "--langs", "en,fr", "--db", str(db))
    assert "0 downloaded, 2 unchanged (cache)" in again.stdout and "2 unchanged" in again.stdout
    nothing = undocs(env, "ingest", "--db", str(db))
    assert nothing.returncode == 2 and "nothing to ingest" in nothing.stderr and "Traceback" not in nothing.stderr


def test_a_killed_run_resumes(service, tmp_path: Path, corpus: Path) -> None:
    """`undocs fetch` killed mid-download (SIGKILL while the body is half sent): the next run
    asks only for the rest (a Range request answered 206) and the file is whole."""
    import signal

    env = _env(service, tmp_path)
    service.stall.add("A_RES_78_8.en.pdf")
    into = tmp_path / "files"
    proc = subprocess.Popen(
        [sys.executable, "-m", "undocs", "fetch", "A/RES/78/8", "--langs", "en", "--into", str(into)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    parts = tmp_path / "cache" / "parts"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not any(p.stat().st_size for p in parts.glob("*.part")):
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    (part,) = parts.glob("*.part")
    whole = (corpus / "A_RES_78_8.en.pdf").read_bytes()
    assert 0 < part.stat().st_size < len(whole)
    service.stall.clear()
    res = undocs(env, "fetch", "A/RES/78/8", "--langs", "en", "--into", str(into))
    assert res.returncode == 0, res.stderr
    assert (into / "A_RES_78_8.en.pdf").read_bytes() == whole
    assert service.downloads["A_RES_78_8.en.pdf"] == 2 and service.ranges["A_RES_78_8.en.pdf"] == 1
