"""Provenance (issue 11, part 2): what meetings adopted and what it became, read from what the
documents print. Expected values are the adoption lines of the real verbatim records, as
printed (quoted beside each), and the origin lines of the dev corpus's resolutions."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import httpx
import pytest

from undocs import parse
from undocs.enrich.provenance import adoptions
from web_helpers import artefacts_dir, chromium_page, library_of, serving

#: (subject, draft, report, number, outcome, recorded vote?) per adoption line, in order
ADOPTIONS = {
    "A_64_PV.121.en.pdf": [
        (
            "Draft resolution A/64/L.72",
            "A/64/L.72",
            None,
            None,
            "A/RES/64/299",
            False,
        ),  # "... was adopted (resolution 64/299)."
        ("The draft resolution A/64/L.68", "A/64/L.68", None, None, "A/RES/64/300", False),
        ("Draft decision A/64/L.70", "A/64/L.70", None, None, None, False),  # "Draft decision A/64/L.70 was adopted."
        # "The draft resolution was adopted (resolution 64/301).": the draft of the report of the Ad Hoc
        # Working Group on the Revitalization of the General Assembly, "(A/64/903)", its paragraph 64
        ("The draft resolution", None, "A/64/903", None, "A/RES/64/301", False),
    ],
    "A_76_PV.102.en.pdf": [
        ("Draft resolution A/76/L.86", "A/76/L.86", None, None, "A/RES/76/305", False),
        ("Draft decision A/76/L.79", "A/76/L.79", None, None, "A/DEC/76/575", False),  # "(decision 76/575)"
        ("Draft resolution A/76/L.85", "A/76/L.85", None, None, "A/RES/76/306", False),
        # announced: "The Assembly will now take a decision on draft resolution A/76/L.87, ..."
        ("The draft resolution", "A/76/L.87", None, None, "A/RES/76/307", False),
    ],
    "A_48_PV.46.en.pdf": [
        ("Draft resolution A/48/L.13 and Corr.1", "A/48/L.13", None, None, "A/RES/48/14", True),
    ],
}


@pytest.mark.parametrize("name", sorted(ADOPTIONS))
def test_adoption_lines_give_draft_and_outcome(real: Path, name: str) -> None:
    found = adoptions(parse(real / name))
    got = [(a.subject, a.draft, a.report, a.number, a.outcome, a.vote is not None) for a in found]
    assert got == ADOPTIONS[name]
    assert all(a.meeting == f"A/{name.split('_')[1]}/PV.{name.split('.')[1]}" for a in found)


def test_numbered_drafts_of_committee_reports(real: Path) -> None:
    """A/65/PV.71 takes up the Third Committee's reports: "Report of Third Committee (A/65/448)",
    then "Draft resolution I was adopted (resolution 65/182)."; "Report of the Third Committee
    (A/65/449)", then "... (resolution 65/187)" (the record's text); the recorded votes are the
    drafts' own ("Draft resolution I was adopted by 123 votes to 1, / with 55 abstentions
    (resolution 65/195).", its result cut over two lines)."""
    found = adoptions(parse(real / "A_65_PV.71.en.pdf"))
    first_of_448 = next(a for a in found if a.outcome == "A/RES/65/182")
    assert (first_of_448.subject, first_of_448.number, first_of_448.report) == ("Draft resolution I", "I", "A/65/448")
    assert next(a for a in found if a.outcome == "A/RES/65/187").report == "A/65/449"
    cut = next(a for a in found if a.outcome == "A/RES/65/195")
    assert cut.vote is not None and cut.number == "I"
    assert sum(a.vote is not None for a in found) == 14  # 15 recorded votes (eval/expected/votes), one on an amendment
    assert all(a.outcome for a in found if a.kind == "resolution")


@pytest.mark.parametrize(
    ("name", "printed", "documents"),
    [
        ("A_RES_80_4.en.pdf", "[without reference to a Main Committee (A/80/L.6)]", ["A/80/L.6"]),
        ("A_RES_ES-11_1.ru.xml", "[без передачи в главные комитеты (A/ES-11/L.1 и A/ES-11/L.1/Add.1)]",
         ["A/ES-11/L.1", "A/ES-11/L.1/Add.1"]),
        ("A_RES_78_25.zh.xml", "[根据第一委员会的报告 (A/78/409，第89段)]", ["A/78/409"]),
    ],
)  # fmt: skip
def test_a_resolution_says_where_it_came_from(corpus: Path, name: str, printed: str, documents: list[str]) -> None:
    assert parse(corpus / name).origin == {"printed": printed, "documents": documents}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, corpus: Path, real: Path):
    files = [corpus / "A_80_L.6.en.pdf", corpus / "A_RES_80_4.en.pdf", real / "A_61_PV.107.en.pdf"]
    with serving(library_of(tmp_path_factory.mktemp("history"), files)) as url:
        yield url


def test_the_api_gives_a_drafts_history(server: str) -> None:
    with httpx.Client(base_url=server, timeout=30) as api:
        draft = api.get(f"/api/documents/{quote('A/80/L.6', safe='')}/history").json()
        assert [b["symbol"] for b in draft["became"]] == ["A/RES/80/4"] and draft["became"][0]["in_library"]
        resolution = api.get(f"/api/documents/{quote('A/RES/80/4', safe='')}/history").json()
        assert [c["symbol"] for c in resolution["came_from"]] == ["A/80/L.6"]
        meeting = api.get(f"/api/documents/{quote('A/61/PV.107', safe='')}/history").json()
        assert [(a["draft"], a["outcome"]) for a in meeting["adoptions"]] == [
            ("A/61/L.68", "A/RES/61/293"),
            ("A/61/L.66", "A/RES/61/294"),
            (None, None),  # "The draft decision was adopted.": no draft announced under its item
            ("A/61/L.67", "A/RES/61/295"),
        ]


def test_a_drafts_history_in_chromium(server: str, tmp_path: Path) -> None:
    """A reader on draft A/80/L.6 sees what it became and goes there."""
    with chromium_page() as page:
        from playwright.sync_api import expect

        page.goto(f"{server}/documents/A/80/L.6/en")
        section = page.get_by_role("region", name="History")
        expect(section).to_contain_text("Became")
        section.screenshot(path=str(artefacts_dir(tmp_path) / "history.png"))
        section.get_by_role("link", name="A/RES/80/4").click()
        expect(page).to_have_url(f"{server}/documents/A/RES/80/4/en")
        expect(page.get_by_role("region", name="History")).to_contain_text("Came from")


def test_the_graph_of_a_draft_a_resolution_and_a_meeting(server: str) -> None:
    """Issue 11: the library's links as edges in one answer (`/links`): the draft A/80/L.6
    became A/RES/80/4, which came from it and cites it; the meeting record A/61/PV.107 acted on
    A/61/L.67 and records the recorded votes' lists as State codes (the United States against,
    France in favour of the Declaration on the Rights of Indigenous Peoples, as the record
    prints them)."""
    with httpx.Client(base_url=server, timeout=30) as api:
        draft = api.get(f"/api/documents/{quote('A/80/L.6', safe='')}/links").json()["links"]
        assert {"kind": "became", "target": "A/RES/80/4", "relation": None, "in_library": True} in draft
        resolution = api.get(f"/api/documents/{quote('A/RES/80/4', safe='')}/links").json()["links"]
        assert {(x["kind"], x["target"]) for x in resolution} >= {("came_from", "A/80/L.6"), ("cites", "A/80/L.6")}
        meeting = api.get(f"/api/documents/{quote('A/61/PV.107', safe='')}/links").json()["links"]
        assert {"kind": "acted_on", "target": "A/61/L.67", "relation": None, "in_library": False} in meeting
        voted = {(x["target"], x["relation"]) for x in meeting if x["kind"] == "voted"}
        assert ("USA", "against") in voted and ("FRA", "in_favour") in voted
