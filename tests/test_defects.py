"""Defects of issue 13's list, each with a test that failed before its fix: the CLI's "1 hits",
HTML entities and snippets cut mid-word; `--lang de` answering 0 hits instead of an error; no
favicon; HEAD / refused; no dir="auto" on the search boxes; static files by absolute http:// URLs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from undocs.serve.app import create_app
from undocs.store import open_store
from web_helpers import library_db, live_server


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory, corpus: Path) -> Path:
    return library_db(tmp_path_factory, corpus)


@pytest.fixture(scope="module")
def web(db: Path):
    store = open_store(db)
    with live_server(create_app(store)) as url, httpx.Client(base_url=url, timeout=30) as client:
        yield client
    store.close()


def undocs(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "COLUMNS": "200"}
    return subprocess.run([sys.executable, "-m", "undocs", *args], capture_output=True, text=True, env=env, timeout=300)


def test_cli_search_says_one_hit_and_prints_text_not_html(db: Path) -> None:
    # the seed's phrase (A/C.2/72/3): one document; its snippet holds a quotation mark
    res = undocs("search", '"la sécurité et au développement durable en Asie centrale"', "--db", str(db))
    assert res.returncode == 0, res.stderr
    assert "1 hit (" in res.stdout and "1 hits" not in res.stdout
    res = undocs("search", "Ouzbékistan", "--db", str(db))
    assert "&quot;" not in res.stdout and "&#x27;" not in res.stdout and "&amp;" not in res.stdout


def test_a_language_that_is_not_official_is_an_error(web: httpx.Client, db: Path) -> None:
    got = web.get("/api/search", params={"q": "development", "lang": "de"})
    assert got.status_code == 422 and "not an official language" in got.text
    res = undocs("search", "development", "--lang", "de", "--db", str(db))
    assert res.returncode == 2 and "not an official language" in res.stderr


def test_favicon_head_and_relative_static_urls(web: httpx.Client) -> None:
    icon = web.get("/favicon.ico")
    assert icon.status_code == 200 and icon.headers["content-type"].startswith("image/svg+xml")
    assert web.head("/").status_code == 200
    page = web.get("/").text
    assert 'href="/static/undocs.css"' in page and "http://" not in page.split("<body")[0]
    assert page.count('dir="auto"') >= 2  # the site's and the page's search boxes


def test_a_resolution_symbol_without_its_year_finds_it(web: httpx.Client) -> None:
    """S/RES/2729 (2024) is in the dev corpus (S_RES_2729(2024).en.xml)."""
    hits = web.get("/api/search", params={"q": "S/RES/2729"}).json()["hits"]
    assert {h["symbol"] for h in hits} == {"S/RES/2729 (2024)"}


def test_a_cited_symbol_outside_the_library_says_who_cites_it(web: httpx.Client) -> None:
    """A/RES/68/218 is cited by the seed letter A/C.2/72/3 ("résolution 68/218") and not held."""
    got = web.get("/api/documents/A%2FRES%2F68%2F218/references")
    assert got.status_code == 200, got.text
    assert got.json()["cites"] == [] and "A/C.2/72/3" in [c["symbol"] for c in got.json()["cited_by"]]
    page = web.get("/documents/A/RES/68/218")
    assert page.status_code == 200 and "does not hold A/RES/68/218" in page.text and "A/C.2/72/3" in page.text
    assert web.get("/api/documents/A%2FRES%2F99%2F999/references").status_code == 404


def test_serve_on_a_busy_port_says_so_and_claims_nothing(db: Path) -> None:
    """Issue 13: `serve` on a port another program listens on first said "serving ... at" and
    then failed; now one line naming the address, and no claim to serve."""
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        res = undocs("serve", "--db", str(db), "--port", str(port))
    assert res.returncode == 2 and "serving" not in res.stdout
    assert f"cannot listen on 127.0.0.1:{port}" in res.stderr and "Traceback" not in res.stderr


def test_the_cli_takes_the_apis_filters_and_limits(db: Path) -> None:
    """Issue 13: the CLI lacked --body and --offset and capped results otherwise than the API."""
    first = undocs("search", "", "--body", "Second Committee", "--limit", "1", "--json", "--db", str(db))
    second = undocs(
        "search", "", "--body", "Second Committee", "--limit", "1", "--offset", "1", "--json", "--db", str(db)
    )
    import json

    a, b = json.loads(first.stdout), json.loads(second.stdout)
    assert a["total"] == b["total"] > 1 and a["hits"][0] != b["hits"][0]
    too_many = undocs("search", "x", "--limit", "501", "--db", str(db))
    assert too_many.returncode == 2 and "less than or equal to 500" in too_many.stderr


def test_closing_lines_keep_their_break_in_every_language(corpus: Path) -> None:
    """Issue 13: "30th plenary meeting 8 November 2023" came out on one line ("30 8" in
    Arabic). A/RES/78/8 prints the meeting over the date, in each language (read on the AKN
    files and the English PDF)."""
    from undocs.parse import parse

    printed = {
        "en.pdf": "30th plenary meeting\n8 November 2023",
        "ar.xml": "الجلسة العامة 30\n8 تشرين الثاني/نوفمبر 2023",
        "zh.xml": "第30次全体会议\n2023年11月8日",
        "fr.xml": "30e séance plénière\n8 novembre 2023",
        "ru.xml": "30‑е пленарное заседание\n8 ноября 2023 года",
        "es.xml": "30a sesión plenaria\n8 de noviembre de 2023",
    }
    for suffix, text in printed.items():
        closing = [b.text for b in parse(corpus / f"A_RES_78_8.{suffix}").blocks if b.kind == "closing"]
        assert closing == [text], suffix
    # a Security Council closing is one sentence: no break inside it
    sc = [b.text for b in parse(corpus / "S_RES_242(1967).en.txt").blocks if b.kind == "closing"]
    assert all("\n" not in t for t in sc)


def test_typed_note_markers_leave_the_text_and_markdown_marks_notes(corpus: Path) -> None:
    """Issue 13: the typed markers of A/RES/48/161 (1993: "on 7 August 1987, 1/ and the")
    stayed in the text, and `parse --markdown` printed note definitions with no marker in the
    text. Now the markers are the blocks' notes, and Markdown puts [^n] where they stood."""
    from undocs.parse import parse
    from undocs.serve.render import markdown

    record = parse(corpus / "A_RES_48_161.en.pdf")
    marked = [(n.marker, b.text[: n.offset][-20:]) for b in record.blocks for n in b.notes]
    assert [m for m, _ in marked] == ["1", "2", "3", "4", "5"]
    assert marked[0][1].endswith("7 August 1987,") and "1987, 1/" not in "\n".join(b.text for b in record.blocks)
    md = markdown(record)
    assert "7 August 1987,[^1] and the" in md and "\n[^1]: A/42/521-S/19085, annex." in md
    assert markdown(parse(corpus / "A_RES_78_8.en.xml")).count("[^1]") == 2  # the marker and its note


def test_missing_versions_link_to_undocs_org_and_the_404_page_helps(web: httpx.Client) -> None:
    """Issue 13: greyed-out languages were not links, and the 404 page offered nothing. The
    seed A/C.2/72/3 is held in French only: its five other languages link to undocs.org; a
    symbol the library lacks gets where the UN publishes it, the command that fetches it and
    a search box."""
    page = web.get("/documents/A/C.2/72/3/fr").text
    for code in ("ar", "zh", "en", "ru", "es"):
        assert f'href="https://undocs.org/{code}/A/C.2/72/3"' in page, code
    missing = web.get("/documents/A/RES/99/99/en")
    assert missing.status_code == 404
    assert 'href="https://undocs.org/en/A/RES/99/99"' in missing.text
    assert 'undocs fetch "A/RES/99/99"' in missing.text and 'name="q"' in missing.text
    other = web.get("/no/such/page")
    assert other.status_code == 404 and "undocs.org" not in other.text.split("<main", 1)[1].split("</main>")[0]
