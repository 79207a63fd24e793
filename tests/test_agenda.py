"""Agenda items as an authority (issue 11, part 5): per organ and session, each item's titles
and the documents filed under it, from the dev corpus's documents. Expected values read from
the documents' front pages (eval/expected/dev): A/80/L.6 and A/RES/80/4 print item 38,
"Necessity of ending the economic, commercial and financial embargo imposed by the United
States of America against Cuba"; the seed letter A/C.2/72/3 prints item 19 (a) in French."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from web_helpers import artefacts_dir, chromium_page, library_db, serving

EMBARGO = "Necessity of ending the economic, commercial and financial embargo imposed by the United States of America against Cuba"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, corpus: Path):
    with serving(library_db(tmp_path_factory, corpus)) as url:
        yield url


@pytest.fixture(scope="module")
def api(server: str):
    with httpx.Client(base_url=server, timeout=30) as client:
        yield client


def test_an_item_lists_its_documents_and_titles(api: httpx.Client) -> None:
    got = api.get("/api/agenda/General%20Assembly/80/38")
    assert got.status_code == 200, got.text
    (item,) = got.json()["items"]
    assert item == {"number": "38", "titles": {"en": EMBARGO}, "documents": ["A/80/L.6", "A/RES/80/4"]}
    # the organ by its series letter, the item as "19a": the seed letter's item, in French
    seed = api.get("/api/agenda/A/72/19a").json()
    assert seed["organ"] == "General Assembly" and [i["number"] for i in seed["items"]] == ["19 (a)"]
    assert seed["items"][0]["documents"] == ["A/C.2/72/3"]
    assert seed["items"][0]["titles"]["fr"].startswith("Développement durable : mise en œuvre d’Action 21")


def test_a_session_agenda_is_in_item_order(api: httpx.Client) -> None:
    numbers = [i["number"] for i in api.get("/api/agenda/ga/80").json()["items"]]
    assert numbers[:2] == ["18", "21 (a)"] and "38" in numbers
    heads = [int(n.split()[0]) for n in numbers]
    assert heads == sorted(heads)


def test_errors_name_what_is_missing(api: httpx.Client) -> None:
    assert api.get("/api/agenda/General%20Assembly/80/999").status_code == 404
    assert api.get("/api/agenda/Assembly/80").status_code == 404
    assert api.get("/api/agenda/ga/80/abc").status_code == 422


def test_from_a_document_to_its_agenda_item_in_chromium(server: str, tmp_path: Path) -> None:
    """A reader opens resolution 80/4, follows its agenda item, finds the draft it came from."""
    with chromium_page() as page:
        from playwright.sync_api import expect

        page.goto(f"{server}/documents/A/RES/80/4/en")
        page.get_by_role("link", name="38", exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Agenda item 38")
        expect(page.get_by_role("heading", level=2)).to_contain_text(EMBARGO)
        rows = page.get_by_role("row")
        expect(rows).to_have_count(3)  # the header and two documents
        page.screenshot(path=str(artefacts_dir(tmp_path) / "agenda-item.png"))
        page.get_by_role("link", name="A/80/L.6").click()
        expect(page).to_have_url(f"{server}/documents/A/80/L.6/en")
