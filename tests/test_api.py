"""The HTTP API over a real server on loopback, with the dev corpus in a real store.

Covers what issue 3 asks of the API: search (hits, facets, filters, symbols), the
paged document list, a document by URL-encoded symbol, a version's record with its
blocks, references in and out, and the error contract ({"error": message} with the
right status: 404 unknown symbol, 422 malformed query, 401 no token, 403 uploads off,
413 too large, 422 unparseable upload), plus a successful authorised upload.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import httpx
import pytest

from undocs.serve.app import create_app
from undocs.store import open_store
from web_helpers import library_db, live_server

TOKEN = "s3cret-token"
UPLOAD_LIMIT = 256 * 1024

pytestmark = pytest.mark.filterwarnings("ignore::ResourceWarning")


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory, corpus: Path):
    """The library, served read-only (no upload token), as `undocs serve` does by default."""
    store = open_store(library_db(tmp_path_factory, corpus))
    with live_server(create_app(store)) as url, httpx.Client(base_url=url, timeout=30) as client:
        yield client
    store.close()


@pytest.fixture()
def uploads(tmp_path: Path):
    """An empty library that accepts uploads with TOKEN, up to UPLOAD_LIMIT bytes."""
    store = open_store(tmp_path / "uploads.sqlite")
    app = create_app(store, upload_token=TOKEN, max_upload_bytes=UPLOAD_LIMIT)
    with live_server(app) as url, httpx.Client(base_url=url, timeout=60) as client:
        yield client
    store.close()


def error_of(response: httpx.Response) -> str:
    """Every error is JSON with a message a person can read."""
    assert response.headers["content-type"].startswith("application/json"), response.text
    body = response.json()
    assert isinstance(body.get("error"), str) and body["error"], body
    return body["error"]


# --------------------------------------------------------------------------- search


def test_search_french_phrase_hits_and_facets(api: httpx.Client) -> None:
    r = api.get("/api/search", params={"q": '"sécurité et au développement durable"'})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["total"] >= 1
    hit = body["hits"][0]
    assert (hit["symbol"], hit["language"]) == ("A/C.2/72/3", "fr")
    assert "<mark>" in hit["snippet"]
    assert hit["url"] == "/api/documents/A%2FC.2%2F72%2F3/fr"
    assert set(body["facets"]) >= {"organ", "body", "session", "doc_type", "language", "year", "agenda"}
    assert {"value": "General Assembly", "count": 1} in body["facets"]["organ"]
    assert {"value": "19 (a)", "count": 1} in body["facets"]["agenda"]


def test_search_facets_count_the_whole_library_and_filters_narrow(api: httpx.Client) -> None:
    everything = api.get("/api/search", params={"limit": 5}).json()
    organs = {f["value"]: f["count"] for f in everything["facets"]["organ"]}
    assert organs["General Assembly"] > organs["Security Council"] > 0
    assert len(everything["hits"]) == 5

    council = api.get("/api/search", params={"organ": "Security Council", "limit": 100}).json()
    assert council["total"] == organs["Security Council"]
    assert council["hits"] and all(h["symbol"].startswith("S/") for h in council["hits"])

    arabic = api.get("/api/search", params={"lang": "ar", "type": "resolution", "limit": 100}).json()
    assert arabic["total"] >= 6
    assert all(h["language"] == "ar" and h["doc_type"] == "resolution" for h in arabic["hits"])


def test_search_grouped_one_hit_per_document(api: httpx.Client) -> None:
    """group=true: one hit for A/RES/78/8, its six matching language versions inside it; the
    default stays one hit per version."""
    body = api.get("/api/search", params={"q": "A/RES/78/8", "group": "true"}).json()
    assert body["total"] == 1
    (hit,) = body["hits"]
    assert sorted(hit["versions"]) == ["ar", "en", "es", "fr", "ru", "zh"] and hit["versions"][0] == hit["language"]
    assert api.get("/api/search", params={"q": "A/RES/78/8"}).json()["total"] == 6


def test_the_original_file_is_downloaded_and_no_server_folder_is_shown(api: httpx.Client, corpus: Path) -> None:
    """Issue 13: the API showed absolute server paths in `source`; now the file's name, and
    where to download the file itself (the bytes ingested, unchanged)."""
    rec = api.get("/api/documents/A%2FRES%2F78%2F8/fr").json()
    assert rec["source"]["path"] == "A_RES_78_8.fr.xml" and "/" not in rec["source"]["path"]
    got = api.get(rec["source"]["original"])
    assert got.status_code == 200 and got.headers["content-type"].startswith("application/xml")
    assert got.content == (corpus / "A_RES_78_8.fr.xml").read_bytes()
    assert 'filename="A_RES_78_8.fr.xml"' in got.headers["content-disposition"]
    missing = api.get("/api/documents/A%2FRES%2F78%2F8/de/original")
    assert missing.status_code == 404


def test_search_filters_take_several_values(api: httpx.Client) -> None:
    """A filter repeated takes any of its values; its facet counts as if it were not set."""
    both = api.get("/api/search", params=[("organ", "General Assembly"), ("organ", "Security Council")]).json()
    ga = api.get("/api/search", params={"organ": "General Assembly"}).json()
    sc = api.get("/api/search", params={"organ": "Security Council"}).json()
    assert both["total"] == ga["total"] + sc["total"] > 0
    organs = {f["value"]: f["count"] for f in ga["facets"]["organ"]}
    assert organs["Security Council"] == sc["total"]  # the chosen facet still counts the others
    bad = api.get("/api/search", params=[("state", "FRA"), ("state", "France")])
    assert bad.status_code == 422 and "three-letter" in bad.json()["error"]


def test_search_by_symbol_in_any_spelling(api: httpx.Client) -> None:
    for q in ("a/c.2/72/3", "A/C.2/72/*"):
        hits = api.get("/api/search", params={"q": q}).json()["hits"]
        assert "A/C.2/72/3" in {h["symbol"] for h in hits}, q


def test_malformed_query_is_422_with_the_engines_message(api: httpx.Client) -> None:
    r = api.get("/api/search", params={"q": '"unclosed phrase'})
    assert r.status_code == 422
    assert "quote" in error_of(r)
    r = api.get("/api/search", params={"q": "water AND"})
    assert r.status_code == 422
    assert "AND" in error_of(r)


def test_bad_parameters_are_422_with_a_message(api: httpx.Client) -> None:
    for params in ({"limit": 0}, {"offset": -1}, {"year": "last"}, {"sort": "random"}):
        r = api.get("/api/search", params=params)
        assert r.status_code == 422, params
        assert error_of(r)


# --------------------------------------------------------------------------- documents


def test_documents_are_paged(api: httpx.Client) -> None:
    first = api.get("/api/documents", params={"limit": 10}).json()
    total = first["total"]
    assert total >= 40
    symbols: list[str] = []
    for offset in range(0, total, 10):
        page = api.get("/api/documents", params={"limit": 10, "offset": offset}).json()
        assert page["total"] == total and page["offset"] == offset
        symbols += [d["symbol"] for d in page["documents"]]
    assert len(symbols) == total == len(set(symbols))
    assert api.get("/api/documents", params={"offset": total}).json()["documents"] == []
    six = api.get("/api/documents/A%2FRES%2F78%2F8").json()
    assert set(six["languages"]) == {"ar", "zh", "en", "fr", "ru", "es"}
    assert {v["format"] for v in six["versions"] if v["language"] == "en"} == {"akn", "pdf"}


def test_document_by_url_encoded_symbol(api: httpx.Client) -> None:
    r = api.get("/api/documents/A%2FC.2%2F72%2F3")
    assert r.status_code == 200, r.text
    doc = r.json()
    assert doc["symbol"] == "A/C.2/72/3"
    assert (doc["organ"], doc["body"], doc["session"], doc["doc_type"]) == (
        "General Assembly",
        "Second Committee",
        "72",
        "letter",
    )
    assert [v["language"] for v in doc["versions"]] == ["fr"]
    assert doc["versions"][0]["url"] == "/api/documents/A%2FC.2%2F72%2F3/fr"
    # the same document with its slashes as they are, and in another spelling
    assert api.get("/api/documents/A/C.2/72/3").json()["symbol"] == "A/C.2/72/3"
    assert api.get("/api/documents/a%2Fc.2%2F72%2F3").json()["symbol"] == "A/C.2/72/3"
    # a space and parentheses in the symbol
    r = api.get("/api/documents/S%2FRES%2F242%20%281967%29")
    assert r.status_code == 200 and r.json()["symbol"] == "S/RES/242 (1967)"


def test_version_record_with_blocks(api: httpx.Client) -> None:
    r = api.get("/api/documents/A%2FRES%2F78%2F8/ar")
    assert r.status_code == 200, r.text
    rec = r.json()
    # the contract of design/record.md, exactly as `undocs parse --json` prints it
    for name in ("symbol", "symbols", "organ", "body", "session", "distribution", "date", "language"):
        assert name in rec
    assert (rec["symbol"], rec["language"], rec["doc_type"]) == ("A/RES/78/8", "ar", "resolution")
    assert rec["agenda_items"][0]["number"] == "89"
    operative = [b["number"] for b in rec["blocks"] if b["kind"] == "operative"]
    assert operative == ["1", "2", "3", "4", "5", "6"]
    assert any(b["kind"] == "footnote" for b in rec["blocks"])
    assert rec["references"] == ["A/78/L.7", "A/78/304", "A/RES/1145 (XII)"]
    # unencoded path, and the French seed
    fr = api.get("/api/documents/A/C.2/72/3/fr").json()
    assert fr["job_number"] == "17-20793" and fr["original_languages"] == ["en"]


def test_references_in_and_out(api: httpx.Client) -> None:
    r = api.get("/api/documents/A%2FRES%2F78%2F8/references")
    assert r.status_code == 200, r.text
    refs = r.json()
    cites = {c["symbol"]: c for c in refs["cites"]}
    assert list(cites) == ["A/78/L.7", "A/78/304", "A/RES/1145 (XII)"]
    assert cites["A/78/304"] == {
        "symbol": "A/78/304",
        "in_library": False,
        "url": "https://undocs.org/en/A/78/304",
    }
    cited_by = {c["symbol"]: c for c in refs["cited_by"]}
    assert cited_by["A/RES/79/55"]["in_library"] is True
    assert cited_by["A/RES/79/55"]["url"] == "/api/documents/A%2FRES%2F79%2F55"
    # and from the other side: 79/55 cites 78/8, which the library holds
    back = api.get("/api/documents/A/RES/79/55/references").json()
    held = [c for c in back["cites"] if c["symbol"] == "A/RES/78/8"]
    assert held and held[0]["in_library"] is True


def test_unknown_symbol_is_404_with_a_message(api: httpx.Client) -> None:
    for path in ("/api/documents/A%2F99%2F999", "/api/documents/A%2F99%2F999/en", "/api/documents/A/99/999/references"):
        r = api.get(path)
        assert r.status_code == 404, path
        assert "A/99/999" in error_of(r)
    r = api.get("/api/documents/A%2FC.2%2F72%2F3/en")  # the document exists, this version does not
    assert r.status_code == 404
    assert "fr" in error_of(r)


def test_openapi_and_docs(api: httpx.Client) -> None:
    spec = api.get("/openapi.json").json()
    paths = spec["paths"]
    for path in (
        "/api/search",
        "/api/documents",
        "/api/documents/{symbol}",
        "/api/documents/{symbol}/{lang}",
        "/api/documents/{symbol}/references",
    ):
        assert path in paths, path
    assert "multipart/form-data" in paths["/api/documents"]["post"]["requestBody"]["content"]
    docs = api.get("/docs")
    assert docs.status_code == 200 and "/static/swagger-ui-bundle.js" in docs.text  # vendored: works offline
    assert api.get("/static/swagger-ui-bundle.js").status_code == 200


# --------------------------------------------------------------------------- uploads


SEED = "A_C.2_72_3.fr.txt"


def test_upload_disabled_without_a_configured_token(api: httpx.Client, corpus: Path) -> None:
    r = api.post(
        "/api/documents",
        files={"file": (SEED, (corpus / SEED).read_bytes(), "text/plain")},
        headers={"Authorization": f"Bearer {TOKEN}"},
    )
    assert r.status_code == 403
    assert "disabled" in error_of(r)


def test_upload_without_or_with_a_wrong_token_is_401(uploads: httpx.Client, corpus: Path) -> None:
    data = (corpus / SEED).read_bytes()
    r = uploads.post("/api/documents", files={"file": (SEED, data, "text/plain")})
    assert r.status_code == 401
    assert "Bearer" in error_of(r)
    assert r.headers["www-authenticate"].startswith("Bearer")
    r = uploads.post(
        "/api/documents", files={"file": (SEED, data, "text/plain")}, headers={"Authorization": "Bearer nope"}
    )
    assert r.status_code == 401
    assert "wrong" in error_of(r)
    assert uploads.get("/api/documents").json()["total"] == 0


def test_oversized_upload_is_413(uploads: httpx.Client) -> None:
    big = b"x" * (UPLOAD_LIMIT * 2)
    r = uploads.post(
        "/api/documents",
        files={"file": ("big.txt", big, "text/plain")},
        headers={"Authorization": f"Bearer {TOKEN}"},
    )
    assert r.status_code == 413
    assert "limit" in error_of(r)

    # a body sent without Content-Length (chunked) is cut off while it streams
    def chunks():
        yield b'--b\r\nContent-Disposition: form-data; name="file"; filename="big.txt"\r\n\r\n'
        for _ in range(8):
            yield b"y" * (UPLOAD_LIMIT // 2)
        yield b"\r\n--b--\r\n"

    r = uploads.post(
        "/api/documents",
        content=chunks(),
        headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "multipart/form-data; boundary=b"},
    )
    assert r.status_code == 413
    assert uploads.get("/api/documents").json()["total"] == 0


def test_unparseable_upload_is_422_with_the_parsers_message(uploads: httpx.Client, fixtures: Path) -> None:
    r = uploads.post(
        "/api/documents",
        files={"file": ("image_only.pdf", (fixtures / "image_only.pdf").read_bytes(), "application/pdf")},
        headers={"Authorization": f"Bearer {TOKEN}"},
    )
    assert r.status_code == 422
    message = error_of(r)
    assert message.startswith("image_only.pdf: ") and "scan that OCR cannot read" in message


def test_authorised_upload_of_a_corpus_file(uploads: httpx.Client, corpus: Path) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    data = (corpus / SEED).read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    # the client's directories are dropped from the name (the parser reads hints from it)
    r = uploads.post("/api/documents", files={"file": ("../../" + SEED, data, "text/plain")}, headers=auth)
    assert r.status_code == 201, r.text
    assert r.json() == {
        "status": "added",
        "symbol": "A/C.2/72/3",
        "language": "fr",
        "format": "text",
        "sha256": digest,
        "message": "stored as the French text version of A/C.2/72/3",
        "url": "/api/documents/A%2FC.2%2F72%2F3/fr",
    }
    rec = uploads.get(r.json()["url"]).json()
    assert rec["title"].startswith("Lettre datée du 14 novembre 2017")
    assert rec["source"]["path"] == f"upload:sha256:{digest}"  # the content names an upload, not the client
    hits = uploads.get("/api/search", params={"q": "Samarkand"}).json()["hits"]
    assert [h["symbol"] for h in hits] == ["A/C.2/72/3"]
    # the same bytes again, under any name: nothing changes
    again = uploads.post("/api/documents", files={"file": ("other.txt", data, "text/plain")}, headers=auth)
    assert again.status_code == 200 and again.json()["status"] == "unchanged", again.text
    assert "nothing changed" in again.json()["message"]
    # a PDF too
    pdf = "A_RES_80_4.en.pdf"
    r = uploads.post(
        "/api/documents", files={"file": (pdf, (corpus / pdf).read_bytes(), "application/pdf")}, headers=auth
    )
    assert r.status_code == 201, r.text
    assert r.json()["symbol"] == "A/RES/80/4"
    assert uploads.get("/api/documents").json()["total"] == 2


def test_uploads_under_one_name_never_replace_each_other(uploads: httpx.Client, corpus: Path) -> None:
    """Issue 9, problem 1: two files sent as `report.txt` (and names that reduce to nothing)
    are two documents; before, the second deleted the first and both answered 201."""
    auth = {"Authorization": f"Bearer {TOKEN}"}
    files = ["A_C.2_72_3.fr.txt", "A_RES_80_4.en.pdf", "A_RES_78_8.fr.xml"]
    for name, file in zip(["report.txt", "report.txt", ".."], files, strict=True):
        r = uploads.post("/api/documents", files={"file": (name, (corpus / file).read_bytes(), "x/y")}, headers=auth)
        assert r.status_code == 201, r.text
    listed = uploads.get("/api/documents").json()
    assert listed["total"] == 3
    assert sorted(d["symbol"] for d in listed["documents"]) == ["A/C.2/72/3", "A/RES/78/8", "A/RES/80/4"]
    # re-sending the first file under the shared name deletes nothing
    r = uploads.post(
        "/api/documents", files={"file": ("report.txt", (corpus / files[0]).read_bytes(), "x/y")}, headers=auth
    )
    assert r.status_code == 200 and r.json()["status"] == "unchanged"
    assert uploads.get("/api/documents").json()["total"] == 3


def test_another_file_for_a_stored_version_needs_an_explicit_replace(uploads: httpx.Client, corpus: Path) -> None:
    """A different file for the same symbol, language and format is a 409 that changes
    nothing; with replace=true (and the token) it replaces that version, and says so."""
    auth = {"Authorization": f"Bearer {TOKEN}"}
    original = (corpus / SEED).read_bytes()
    edited = original.replace(b"Samarkand", b"Samarcande")
    assert edited != original
    assert (
        uploads.post("/api/documents", files={"file": (SEED, original, "text/plain")}, headers=auth).status_code == 201
    )
    r = uploads.post("/api/documents", files={"file": (SEED, edited, "text/plain")}, headers=auth)
    assert r.status_code == 409
    assert "already stored from another file" in error_of(r) and "replace=true" in error_of(r)
    assert [h["symbol"] for h in uploads.get("/api/search", params={"q": "Samarkand"}).json()["hits"]] == ["A/C.2/72/3"]
    r = uploads.post(
        "/api/documents", files={"file": (SEED, edited, "text/plain")}, data={"replace": "true"}, headers=auth
    )
    assert r.status_code == 201 and r.json()["status"] == "updated", r.text
    assert r.json()["message"].startswith("replaced the French text version of A/C.2/72/3")
    assert uploads.get("/api/search", params={"q": "Samarkand"}).json()["total"] == 0
    r = uploads.post(
        "/api/documents", files={"file": (SEED, original, "text/plain")}, data={"replace": "maybe"}, headers=auth
    )
    assert r.status_code == 422 and "replace" in error_of(r)


def test_concurrent_uploads_store_every_document_once(uploads: httpx.Client, corpus: Path) -> None:
    """Several clients at once: the same file by four of them, and four different files under
    one name. Every document is stored once, none is lost."""
    from concurrent.futures import ThreadPoolExecutor

    auth = {"Authorization": f"Bearer {TOKEN}"}
    same = (corpus / SEED).read_bytes()
    others = ["A_RES_80_4.en.pdf", "A_RES_78_8.fr.xml", "A_RES_78_8.en.xml", "A_RES_78_8.ar.xml"]
    sends = [("same.txt", same)] * 4 + [("shared-name.bin", (corpus / f).read_bytes()) for f in others]

    def send(item: tuple[str, bytes]) -> httpx.Response:
        with httpx.Client(base_url=str(uploads.base_url), timeout=120) as client:
            return client.post("/api/documents", files={"file": (item[0], item[1], "x/y")}, headers=auth)

    with ThreadPoolExecutor(max_workers=len(sends)) as pool:
        answers = list(pool.map(send, sends))
    assert all(a.status_code in (200, 201) for a in answers), [a.text for a in answers]
    assert sorted(a.json()["status"] for a in answers[:4]) == ["added", "unchanged", "unchanged", "unchanged"]
    assert all(a.json()["status"] == "added" for a in answers[4:])
    listed = uploads.get("/api/documents").json()
    versions = sorted((d["symbol"], v["language"]) for d in listed["documents"] for v in d["versions"])
    assert versions == [
        ("A/C.2/72/3", "fr"),
        ("A/RES/78/8", "ar"),
        ("A/RES/78/8", "en"),
        ("A/RES/78/8", "fr"),
        ("A/RES/80/4", "en"),
    ]


# --------------------------------------------------------------------------- alignment (issue 4)


def test_alignment_of_three_versions(api: httpx.Client) -> None:
    r = api.get("/api/documents/A%2FRES%2F78%2F8/align", params={"langs": "en,fr,ar", "level": "paragraph"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert (body["symbol"], body["level"], body["pivot"], body["langs"]) == (
        "A/RES/78/8",
        "paragraph",
        "en",
        ["en", "fr", "ar"],
    )
    # the links, as `undocs align --format jsonl` prints them
    first = body["links"][0]
    assert set(first) == {"src_lang", "tgt_lang", "src", "tgt", "src_text", "tgt_text", "score"}
    assert {(lk["src_lang"], lk["tgt_lang"]) for lk in body["links"]} == {("en", "fr"), ("en", "ar")}
    # every operative paragraph of the English finds the same-numbered one in each language
    rec = {lang: api.get(f"/api/documents/A%2FRES%2F78%2F8/{lang}").json() for lang in ("en", "fr", "ar")}
    numbered = {}
    for lang, record in rec.items():
        body_blocks = [b for b in record["blocks"] if b["kind"] != "footnote" and b["text"].strip()]
        numbered[lang] = {i: b.get("number") for i, b in enumerate(body_blocks) if b["kind"] == "operative"}
    rows_with_operatives = [row for row in body["rows"] if any(i in numbered["en"] for i in row.get("en", []))]
    assert len(rows_with_operatives) == 6
    for row in rows_with_operatives:
        en = [numbered["en"][i] for i in row["en"]]
        assert [numbered["fr"].get(i) for i in row["fr"]] == en
        assert [numbered["ar"].get(i) for i in row["ar"]] == en
    assert body["units"]["ar"][0] == "إن الجمعية العامة،"


def test_alignment_errors(api: httpx.Client) -> None:
    r = api.get("/api/documents/A%2FRES%2F78%2F8/align", params={"langs": "en"})
    assert r.status_code == 422 and "two to six" in error_of(r)
    r = api.get("/api/documents/A%2FRES%2F78%2F8/align", params={"langs": "en,de"})
    assert r.status_code == 422 and "de" in error_of(r)
    r = api.get("/api/documents/A%2FC.2%2F72%2F3/align", params={"langs": "fr,en"})
    assert r.status_code == 404 and "no en version" in error_of(r)
    r = api.get("/api/documents/A%2FRES%2F78%2F8/align", params={"level": "word"})
    assert r.status_code == 422
    r = api.get("/api/documents/A%2F99%2F999/align")
    assert r.status_code == 404


def test_parallel_page_without_languages_shows_every_version(api: httpx.Client) -> None:
    # found by type-checking: the page joined a missing `langs` and answered 500
    r = api.get("/documents/A/RES/78/8/parallel")
    assert r.status_code == 200, r.text[:500]
    assert r.text.count('<table class="parallel') == 1
    heads = re.findall(r'<th[^>]*lang="(\w\w)"', r.text.split("<tbody")[0].split('<table class="parallel')[1])
    assert heads[0] == "en" and sorted(heads) == ["ar", "en", "es", "fr", "ru", "zh"]
