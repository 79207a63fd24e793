"""A State's place in the library (issue 11, parts 3, 4 and 6): the letters it sent, the drafts
it sponsored, its recorded votes and the documents that name it, stored per version
(`state_links`, enrich/links.py) and shown by the API and a page. Expected values: the
documents' own lines (eval/expected/votes for the vote; the titles and sponsor lines)."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import httpx
import pytest

from undocs.store import open_store
from web_helpers import artefacts_dir, chromium_page, library_of, serving


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory, corpus: Path, real: Path) -> Path:
    files = [
        corpus / "A_80_L.9.en.pdf",
        corpus / "A_C.2_72_3.fr.txt",
        real / "A_61_PV.107.en.pdf",
        real / "A_53_568.en.pdf",
    ]
    return library_of(tmp_path_factory.mktemp("states"), files)


def _roles(store, code: str) -> set[tuple[str, str]]:
    return {(m.symbol, m.role) for m in store.state_mentions(code) if m.role != "mentioned"}


def test_a_states_links_by_role(db: Path) -> None:
    with open_store(db) as store:
        # "Against: Australia, Canada, New Zealand, United States of America" (A/61/PV.107)
        assert _roles(store, "AUS") == {("A/61/PV.107", "against")}
        assert _roles(store, "RUS") == {("A/61/PV.107", "abstaining")}
        # the seed letter "... par le Représentant permanent de l’Ouzbékistan ..."
        assert _roles(store, "UZB") == {("A/C.2/72/3", "author")}
        # A/53/568 from "the Permanent Observer of Palestine"; A/80/L.9's sponsor line ends
        # "... Zambia and State of Palestine"
        assert _roles(store, "PSE") == {("A/53/568", "author"), ("A/80/L.9", "sponsor")}
        named = {m.symbol: m.count for m in store.state_mentions("UZB", "mentioned")}
        assert named["A/C.2/72/3"] >= 5


def test_an_older_store_gets_its_links_when_opened(db: Path, tmp_path: Path) -> None:
    """A store written before state links existed (schema 1) is given them by migration 2."""
    old = tmp_path / "old.sqlite"
    shutil.copy(db, old)
    conn = sqlite3.connect(old)
    conn.execute("DROP TABLE state_links")
    conn.execute("DELETE FROM schema_migrations WHERE version = 2")
    conn.commit()
    conn.close()
    with open_store(old) as store:
        assert store.schema_version() == 2
        assert _roles(store, "AUS") == {("A/61/PV.107", "against")}
        assert store.integrity_check() == []


@pytest.fixture(scope="module")
def server(db: Path):
    with serving(db) as url:
        yield url


def test_the_api_gives_a_states_page(server: str) -> None:
    with httpx.Client(base_url=server, timeout=30) as api:
        got = api.get("/api/states/AUS").json()
        assert got["names"]["en"] == "Australia" and got["m49"] == "036" and got["status"] == "member"
        assert [(v["symbol"], v["ref"]) for v in got["votes"]["against"]] == [
            ("A/61/PV.107", "0: Draft resolution A/61/L.67")
        ]
        # by name, in any official language
        assert api.get("/api/states/Ouzbékistan").json()["code"] == "UZB"
        assert api.get("/api/states/XYZ").status_code == 404


def test_from_a_vote_to_a_states_page_in_chromium(server: str, tmp_path: Path) -> None:
    with chromium_page() as page:
        from playwright.sync_api import expect

        page.goto(f"{server}/documents/A/61/PV.107/en")
        votes = page.get_by_role("region", name="Recorded votes")
        votes.get_by_text("Who voted how").click()
        votes.get_by_role("link", name="Australia", exact=True).click()
        expect(page).to_have_url(f"{server}/states/AUS")
        expect(page.get_by_role("heading", level=1)).to_contain_text("Australia")
        votes_table = page.get_by_role("table", name="How Australia voted")
        row = votes_table.get_by_role("row").filter(has_text="A/61/PV.107")
        expect(row).to_contain_text("Draft resolution A/61/L.67")
        expect(row).to_contain_text("against")
        page.screenshot(path=str(artefacts_dir(tmp_path) / "state.png"), full_page=True)


def test_search_narrows_by_the_state_named(server: str) -> None:
    """The State facet (issue 13): documents that name a State, send, sponsor or vote as it."""
    with httpx.Client(base_url=server, timeout=30) as api:
        everything = api.get("/api/search").json()
        states = {f["value"]: f["count"] for f in everything["facets"]["state"]}
        assert states["PSE"] == 2 and states["UZB"] == 1  # A/53/568 and A/80/L.9; the seed letter
        got = api.get("/api/search", params={"state": "uzb"}).json()
        assert [h["symbol"] for h in got["hits"]] == ["A/C.2/72/3"]
        assert api.get("/api/search", params={"state": "XX"}).status_code == 422
