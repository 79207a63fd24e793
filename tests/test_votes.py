"""Recorded votes (enrich/votes.py) and States' names (enrich/states.py), on the three General
Assembly verbatim records of corpus/real that print recorded votes. Expected values:
eval/expected/votes/votes.json, read from the records."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest

from conftest import ROOT
from undocs import parse
from undocs.enrich.states import code_of, find_states, state
from undocs.enrich.votes import LISTS, votes
from web_helpers import artefacts_dir, chromium_page, library_of, serving

EXPECTED = json.loads((ROOT / "eval" / "expected" / "votes" / "votes.json").read_text(encoding="utf-8"))
RECORDS = [name for name in EXPECTED if not name.startswith("_")]


@pytest.mark.parametrize("name", RECORDS)
def test_every_recorded_vote_is_read_with_its_totals_and_lists(real: Path, name: str) -> None:
    found = votes(parse(real / name))
    want = EXPECTED[name]
    assert [(v.subject, v.result, v.totals, v.resolution) for v in found] == [
        (w["subject"], w["result"], w["totals"], w["resolution"]) for w in want
    ]
    for vote, w in zip(found, want, strict=True):
        # each list holds as many States as the result line says, every name resolved, none twice
        assert vote.agrees, (vote.subject, vote.unresolved, {k: len(getattr(vote, k)) for k in LISTS})
        everyone = vote.in_favour + vote.against + vote.abstaining
        assert len(everyone) == len(set(everyone))
        if "against" in w:
            assert vote.against == w["against"]


def test_a_vote_row_names_a_state_by_its_code(real: Path) -> None:
    """A/61/PV.107: the Declaration on the Rights of Indigenous Peoples. The record lists
    'Czech Republic' and 'Cape Verde' in favour, and the Russian Federation abstaining."""
    (vote,) = votes(parse(real / "A_61_PV.107.en.pdf"))
    assert {"CZE", "CPV", "MKD", "MDA"} <= set(vote.in_favour)  # names of 2007: Czechia, Cabo Verde, ...
    assert "RUS" in vote.abstaining and "RUS" not in vote.in_favour


@pytest.mark.parametrize(
    ("name", "language", "code"),
    [
        # as the UN prints them (corpus/real records and the UN's list of Member States)
        ("Iran (Islamic Republic of)", "en", "IRN"),
        ("Democratic People’s Republic of Korea", "en", "PRK"),
        ("the former Yugoslav Republic of Macedonia", "en", "MKD"),
        ("Libyan Arab Jamahiriya", "en", "LBY"),
        ("Guinea- Bissau", "en", "GNB"),  # a line-end hyphen joined with a space
        ("Venezuela (Bolivarian Republic of)", "en", "VEN"),
        ("Венесуэла (Боливарианская Республика)", "ru", "VEN"),
        ("Боливия (Многонациональное Государство)", "ru", "BOL"),
        ("多民族玻利维亚国", "zh", "BOL"),
        ("الجمهورية العربية السورية", "ar", "SYR"),
        ("Iran (République islamique d'’)".replace("'’", "’"), "fr", "IRN"),
        ("República Bolivariana de Venezuela", "es", None),  # not the UN's form: no guess
        ("Atlantis", "en", None),
    ],
)
def test_state_names_in_six_languages(name: str, language: str, code: str | None) -> None:
    assert code_of(name, language) == code


def test_states_table_holds_the_members_and_observers() -> None:
    from undocs.enrich import states

    table = states._tables().states
    assert sum(s.status == "member" for s in table.values()) == 193
    assert {c for c, s in table.items() if s.status == "observer"} == {"VAT", "PSE"}
    assert all(len(s.names) == 6 for s in table.values() if s.status != "former")
    assert state("fra") is not None and state("FRA").m49 == "250"


@pytest.mark.parametrize(
    ("text", "language", "codes"),
    [
        # titles as eval/expected prints them: the seed letter (dev), A/45/189 (real), and the
        # Russian title of A/HRC/WG.6/34/ITA/3 (dev), whose "Италии" is a case of "Италия"
        ("Lettre datée du 14 novembre 2017, adressée au Secrétaire général par le Représentant permanent "
         "de l’Ouzbékistan auprès de l’Organisation des Nations Unies", "fr", ["UZB"]),
        ("Letter dated 2 April 1990 from the Chargé d'affaires a.i. of the Permanent Mission of Israel to the "
         "United Nations addressed to the Secretary-General", "en", ["ISR"]),
        ("Резюме материалов по Италии, представленных заинтересованными сторонами", "ru", ["ITA"]),
        # the longest name wins over the names inside it (A/65/PV.71's lists)
        ("Democratic People’s Republic of Korea, Equatorial Guinea, Guinea-Bissau, Niger, Nigeria", "en",
         ["PRK", "GNQ", "GNB", "NER", "NGA"]),
    ],
)  # fmt: skip
def test_states_are_found_in_running_text(text: str, language: str, codes: list[str]) -> None:
    assert [c for c, _, _ in find_states(text, language)] == codes


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, real: Path):
    db = library_of(tmp_path_factory.mktemp("votes"), [real / "A_61_PV.107.en.pdf", real / "A_45_155.en.pdf"])
    with serving(db) as url:
        yield url


@pytest.fixture(scope="module")
def library(server: str):
    with httpx.Client(base_url=server, timeout=30) as client:
        yield client


def test_the_api_gives_a_meeting_records_votes(library) -> None:
    got = library.get(f"/api/documents/{quote('A/61/PV.107', safe='')}/votes")
    assert got.status_code == 200, got.text
    body = got.json()
    assert body["symbol"] == "A/61/PV.107" and body["language"] == "en"
    (vote,) = body["votes"]
    want = EXPECTED["A_61_PV.107.en.pdf"][0]
    assert (vote["subject"], vote["totals"], vote["against"], vote["agrees"]) == (
        want["subject"],
        want["totals"],
        want["against"],
        True,
    )
    assert len(vote["in_favour"]) == 143 and vote["resolution"] == "A/RES/61/295"
    # a letter prints no vote; a symbol the library does not hold is 404
    assert library.get(f"/api/documents/{quote('A/45/155', safe='')}/votes").json()["votes"] == []
    assert library.get(f"/api/documents/{quote('A/61/PV.108', safe='')}/votes").status_code == 404


def test_the_cli_prints_each_vote_and_its_check(real: Path) -> None:
    import subprocess
    import sys

    res = subprocess.run(
        [sys.executable, "-m", "undocs", "votes", "--json", str(real / "A_48_PV.46.en.pdf")],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert res.returncode == 0, res.stderr
    rows = [json.loads(line) for line in res.stdout.splitlines()]
    assert [(r["subject"], r["totals"], r["agrees"]) for r in rows] == [
        (w["subject"], w["totals"], True) for w in EXPECTED["A_48_PV.46.en.pdf"]
    ]
    assert {r["symbol"] for r in rows} == {"A/48/PV.46"}


def test_the_document_page_shows_the_vote_in_chromium(server: str, tmp_path: Path) -> None:
    """As a reader would: the meeting record's page has a Recorded votes section with the bar of
    the vote (143, 4, 11) and, opened, who voted against by name."""
    with chromium_page() as page:
        from playwright.sync_api import expect

        page.goto(f"{server}/documents/A/61/PV.107/en")
        section = page.get_by_role("region", name="Recorded votes")
        expect(section).to_be_visible()
        bar = section.get_by_role("img")
        expect(bar).to_have_attribute("aria-label", "143 in favour, 4 against, 11 abstaining")
        expect(section.get_by_text("The lists agree with the totals printed")).to_be_visible()
        expect(section.locator(".vote-legend")).to_have_text("143 in favour · 4 against · 11 abstaining")
        section.get_by_text("Who voted how").click()  # States named as the UN names them today
        against = section.locator("dd").nth(1)
        expect(against).to_have_text("Australia, Canada, New Zealand, United States of America")
        section.screenshot(path=str(artefacts_dir(tmp_path) / "votes.png"))


@pytest.mark.parametrize(
    ("name", "states", "unresolved"),
    [
        # the sponsor lines as the drafts' front pages print them (corpus/dev)
        ("A_C.6_80_L.5.en.pdf", ["BRB", "BFA", "GHA"], []),  # "Barbados, Burkina Faso and Ghana"
        ("A_80_L.1.en.pdf", ["FRA", "GIN", "IDN", "IRL", "QAT", "SAU", "PSE"], []),
        ("A_C.2_80_L.26.en.pdf", ["IRQ"], []),
        # 60 names, "Bosnia and Herzegovina" and "United Kingdom of Great Britain and Northern
        # Ireland" among them, the last two joined: "Zambia and State of Palestine"
        ("A_80_L.9.en.pdf", 60, []),
        # the 1971 scan's OCR layer reads "Nicar~gua": kept apart, the 19 others resolved
        ("A_L.632.en.pdf", 19, ["Nicar~gua"]),
    ],
)
def test_a_drafts_sponsors_are_states(corpus: Path, name: str, states, unresolved: list[str]) -> None:
    sponsors = parse(corpus / name).sponsors
    assert sponsors is not None
    if isinstance(states, int):
        assert len(sponsors["states"]) == len(set(sponsors["states"])) == states
        assert sponsors["states"][-2:] in (["ZMB", "PSE"], ["USA", "URY"])
    else:
        assert sponsors["states"] == states
    assert sponsors.get("unresolved", []) == unresolved


def _state_score(corpus: Path, labels: str) -> dict:
    import importlib.util

    spec = importlib.util.spec_from_file_location("eval_states", ROOT / "eval" / "states.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    table, _ = module.score(corpus, ROOT / "eval" / "expected" / labels)
    return table


def test_state_names_precision_and_recall_in_six_languages(corpus: Path) -> None:
    """eval/states.py on the dev corpus's labels (every State named in the six language
    versions of the AKN resolutions and in the seed letter, counted by a reader): >= 98 %.
    These labels were seen while the tables were written: a training score."""
    table = _state_score(corpus, "states")
    assert set(table) == {"ar", "zh", "en", "fr", "ru", "es"}
    for lang, (right, found, expected, _) in table.items():
        assert right >= 0.98 * found and right >= 0.98 * expected, (lang, right, found, expected)


def test_state_names_on_held_out_real_documents(real: Path) -> None:
    """The same on labels of 12 files of corpus/real (letters, reports, a verbatim record,
    ESCWA documents in Arabic and English) read after the tables were written and not tuned
    on (eval/expected/states_real): >= 98 %."""
    table = _state_score(real, "states_real")
    assert set(table) == {"ar", "en"}
    for lang, (right, found, expected, _) in table.items():
        assert right >= 0.98 * found and right >= 0.98 * expected, (lang, right, found, expected)


#: every letter of eval/expected (dev and real): the State its title says sent it, read from the
#: title; a committee's chairman is no State ("... of the Palestinian People" is an adjective)
LETTER_AUTHORS = {
    "dev/A_C.2_72_3.fr.txt": ["UZB"],
    "real/A_45_155.en.pdf": ["PSE"],
    "real/A_45_189.en.pdf": ["ISR"],
    "real/A_45_311.en.pdf": ["PSE"],
    "real/A_45_984.en.pdf": ["PSE"],
    "real/A_47_843.en.pdf": ["PSE"],
    "real/A_47_892.en.pdf": ["PSE"],
    "real/A_53_568.en.pdf": ["PSE"],
    "real/A_53_938.en.pdf": None,
}


@pytest.mark.parametrize("name", sorted(LETTER_AUTHORS))
def test_a_letters_sender_is_its_state(name: str, corpus: Path, real: Path) -> None:
    from undocs.enrich.states import author_states

    want = json.loads((ROOT / "eval" / "expected" / f"{name}.json").read_text(encoding="utf-8"))
    found = author_states(want["title"], want["language"])
    assert (found[1] if found else None) == LETTER_AUTHORS[name]
    rec = parse((corpus if name.startswith("dev/") else real) / name.split("/", 1)[1])
    if rec.title == want["title"]:  # where undocs reads the title right, the record says so too
        assert (rec.authors or {}).get("states") == LETTER_AUTHORS[name]
