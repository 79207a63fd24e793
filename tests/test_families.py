"""Document families (issue 11, part 1): from the symbol grammar, on real documents.

The families of the real corpus, as its files' mastheads print their symbols (eval/expected/real):
the Fifth Committee's A/80/604/Add.2 to Add.6 (PDF and DOCX), ESCWA's E/ESCWA/2017/EC.4/4 and
its parts I, II, III and V, a joint letter A/45/155 - S/21174. What each member is to its root
follows the UN's symbol conventions (../shared/design/un-systems-and-conventions.md).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest

from undocs.enrich.families import family, implied, relation, root
from undocs.ingest import ingest
from undocs.serve.app import create_app
from undocs.store import open_store
from web_helpers import live_server

RELATIONS = {  # symbol as printed -> (root, relation), by the grammar
    "A/80/604/Add.3": ("A/80/604", "addendum 3"),
    "A/81/6 (Sect. 11)/Part A": ("A/81/6", "section 11, part A"),
    "A/RES/75/101 A-B": ("A/RES/75/101", "parts A-B"),
    "E/ESCWA/2017/EC.4/4(Part II)": ("E/ESCWA/2017/EC.4/4", "part II"),
    "E/ESCWA/EDID/2017/IG.1/9/Report": ("E/ESCWA/EDID/2017/IG.1/9", "report"),
    "A/C.2/78/L.12/Rev.1/Corr.1": ("A/C.2/78/L.12", "corrigendum 1 to revision 1"),
    "S/2012/197*": ("S/2012/197", "document"),
}


@pytest.mark.parametrize("symbol", sorted(RELATIONS))
def test_root_and_relation(symbol: str) -> None:
    assert (root(symbol), relation(symbol)) == RELATIONS[symbol]


def test_a_member_implies_what_came_before_it() -> None:
    assert implied("A/C.2/78/L.12/Rev.2/Corr.1") == [
        "A/C.2/78/L.12",
        "A/C.2/78/L.12/Rev.2",
        "A/C.2/78/L.12/Rev.1",
    ]


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory, real: Path):
    folder = tmp_path_factory.mktemp("families")
    for name in [
        *(f"A_80_604_Add.{n}.en.pdf" for n in range(2, 7)),
        *(f"E_ESCWA_2017_EC.4_4{part}.en.pdf" for part in ("", "(PART_I)", "(PART_II)", "(PART_III)", "(PART_V)")),
        "A_45_155.en.pdf",
    ]:
        shutil.copy(real / name, folder / name)
    store = open_store(folder / "library.sqlite")
    report = ingest([folder], store)
    assert not report.failed, report.failed
    with live_server(create_app(store)) as url, httpx.Client(base_url=url, timeout=30) as client:
        yield client
    store.close()


def test_a_family_lists_held_and_implied_members(library: httpx.Client) -> None:
    got = library.get(f"/api/documents/{quote('A/80/604/Add.3', safe='')}/family").json()
    assert got["root"] == "A/80/604"
    members = {m["symbol"]: (m["relation"], m["in_library"]) for m in got["members"]}
    assert members == {
        "A/80/604": ("document", False),  # the report the addenda add to: implied, not held
        "A/80/604/Add.1": ("addendum 1", False),  # implied by Add.2
        **{f"A/80/604/Add.{n}": (f"addendum {n}", True) for n in range(2, 7)},
    }
    outside = next(m for m in got["members"] if m["symbol"] == "A/80/604/Add.1")
    assert outside["url"] == "https://undocs.org/en/A/80/604/Add.1"


def test_parts_belong_to_their_document(library: httpx.Client) -> None:
    got = library.get(f"/api/documents/{quote('E/ESCWA/2017/EC.4/4', safe='')}/family").json()
    assert [(m["symbol"], m["relation"], m["in_library"]) for m in got["members"]] == [
        ("E/ESCWA/2017/EC.4/4", "document", True),
        ("E/ESCWA/2017/EC.4/4(Part I)", "part I", True),
        ("E/ESCWA/2017/EC.4/4(Part II)", "part II", True),
        ("E/ESCWA/2017/EC.4/4(Part III)", "part III", True),
        ("E/ESCWA/2017/EC.4/4(Part V)", "part V", True),
    ]


def test_every_symbol_of_a_joint_document_finds_it(library: httpx.Client) -> None:
    got = library.get(f"/api/documents/{quote('S/21174', safe='')}")
    assert got.status_code == 200 and got.json()["symbol"] == "A/45/155"
    family_of_second = library.get(f"/api/documents/{quote('S/21174', safe='')}/family").json()
    assert family_of_second["root"] == "A/45/155"


def test_a_symbol_not_held_has_a_family_and_a_bad_one_is_422(library: httpx.Client) -> None:
    got = library.get(f"/api/documents/{quote('A/80/604/Add.9', safe='')}/family").json()
    assert {m["symbol"] for m in got["members"] if m["in_library"]} == {f"A/80/604/Add.{n}" for n in range(2, 7)}
    assert library.get("/api/documents/not-a-symbol/family").status_code == 422


def test_the_document_page_shows_its_family(library: httpx.Client) -> None:
    page = library.get(f"/documents/{quote('A/80/604/Add.3', safe='/')}/en").text
    assert 'id="family-h"' in page and "addendum 1" in page and "https://undocs.org/en/A/80/604/Add.1" in page


def test_family_without_a_store() -> None:
    assert [m.symbol for m in family("A/RES/78/12 A-B", [])] == ["A/RES/78/12", "A/RES/78/12 A-B"]
