"""The web UI driven in headless Chromium (Debian's, through Playwright; never a
downloaded browser) against a real server over the dev corpus.

The acceptance scenario of issue 3: search a French phrase from the seed, filter by
organ, open A/C.2/72/3, switch to another document's Arabic version, follow a
reference. Screenshots of the search page and of an Arabic document page are saved
to $UNDOCS_ARTEFACTS (or the test's tmp dir) for a person to look at.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from undocs.serve.app import create_app
from undocs.store import open_store
from web_helpers import CHROMIUM_ARGS, artefacts_dir, chromium_path, library_db, live_server

playwright_api = pytest.importorskip("playwright.sync_api")
expect = playwright_api.expect

SEED_PHRASE = '"sécurité et au développement durable"'  # from A_C.2_72_3.fr.txt


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory, corpus: Path) -> Iterator[str]:
    store = open_store(library_db(tmp_path_factory, corpus))
    with live_server(create_app(store)) as url:
        yield url
    store.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    executable = chromium_path()
    if executable is None:
        pytest.skip("no chromium binary on PATH (Debian package `chromium`); the web UI tests need it")
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture()
def page(browser):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    # the one outside address the pages link to; answered here so no test needs a network
    context.route(
        re.compile(r"^https://undocs\.org/.*"),
        lambda route: route.fulfill(
            status=200, content_type="text/html", body="<!doctype html><title>undocs.org (stub)</title><p>stub</p>"
        ),
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def test_acceptance_scenario(page, base_url: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    shots = artefacts_dir(tmp_path)

    # 1. search a French phrase from the seed
    page.goto(base_url + "/")
    expect(page.get_by_role("search").first).to_be_visible()
    page.get_by_label(re.compile("a phrase")).fill(SEED_PHRASE)
    page.keyboard.press("Enter")
    hit = page.locator(".hit").filter(has_text="A/C.2/72/3")
    expect(hit).to_be_visible()
    expect(hit.locator(".snippet mark").first).to_contain_text("sécurité")
    expect(hit.locator(".badge")).to_have_text("FR")
    page.screenshot(path=str(shots / "search.png"), full_page=True)

    # 2. filter by organ: the facet is a link carrying its count; once chosen it can be removed
    organ = page.locator('a.facet-link[data-facet="organ"][data-value="General Assembly"]')
    expect(organ).to_contain_text("1")
    organ.click()
    expect(page).to_have_url(re.compile(r"organ=General\+Assembly"))
    expect(page.locator(".chip")).to_contain_text("Organ: General Assembly")
    expect(page.locator('a.facet-link.active[data-facet="organ"]')).to_have_attribute("aria-current", "true")
    expect(page.locator(".hit")).to_have_count(1)

    # 3. open A/C.2/72/3: masthead decoded as a panel, body with its annex
    page.locator(".hit a", has_text="A/C.2/72/3").click()
    expect(page).to_have_url(re.compile(r"/documents/A/C\.2/72/3/fr#b-\d+$"))
    expect(page.locator("h1#doc-title")).to_contain_text("Lettre datée du 14 novembre 2017")
    masthead = page.locator(".masthead")
    for text in (
        "General Assembly",
        "Second Committee",
        "72",
        "2017-11-22",
        "17-20793 (F)",
        "19 (a)",
        "letter",
        "anglais",  # the interface speaks the version's language: "Original: anglais"
        "Cote",
    ):
        expect(masthead).to_contain_text(text)
    expect(page.locator("article.document")).to_have_attribute("lang", "fr")
    expect(page.locator(".annex-heading")).to_contain_text("Annexe")
    expect(page.locator(".para:target")).to_have_count(1)  # the paragraph the hit came from
    # the French letter cites a resolution the library lacks: a link to undocs.org in French
    expect(page.locator(".cites a", has_text="A/RES/68/218")).to_have_attribute(
        "href", "https://undocs.org/fr/A/RES/68/218"
    )

    # 4. another document, then its Arabic version through the language switcher
    page.locator("#site-q").fill("A/RES/78/8")
    page.locator("#site-q").press("Enter")
    page.locator(".hit a", has_text="A/RES/78/8").first.click()
    switcher = page.locator("nav.versions")  # named in the version's language
    expect(switcher.locator("li a")).to_have_count(6)
    switcher.locator('a[data-lang="ar"]').click()
    expect(page).to_have_url(re.compile(r"/documents/A/RES/78/8/ar$"))
    article = page.locator("article.document")
    expect(article).to_have_attribute("dir", "rtl")
    expect(article).to_have_attribute("lang", "ar")
    assert article.evaluate("e => getComputedStyle(e).direction") == "rtl"
    assert "Arabic" in article.evaluate("e => getComputedStyle(e).fontFamily")
    expect(switcher.locator('a[aria-current="page"]')).to_have_attribute("lang", "ar")
    operative = page.locator("p.operative")
    expect(operative).to_have_count(6)
    expect(operative.first.locator(".num")).to_have_text("1.")
    expect(page.locator("p.preambular em.opening").first).to_have_text("وقد تلقت")
    # the panel sits on the left of an RTL page, the text on the right
    side = page.locator(".doc-side").bounding_box()
    body = article.bounding_box()
    assert side and body and side["x"] < body["x"]
    page.screenshot(path=str(shots / "document-ar.png"), full_page=True)

    # 5. follow references: the footnote's A/78/304 is not in the library -> undocs.org in Arabic;
    #    "cited by" leads inside the library, where the running-text "78/8" leads back here
    footnote_ref = page.locator(".footnotes a.ref", has_text="A/78/304")
    expect(footnote_ref).to_have_attribute("href", "https://undocs.org/ar/A/78/304")
    page.locator("sup.fnref a").first.click()
    expect(page.locator(".footnotes li:target")).to_contain_text("A/78/304")
    footnote_ref.click()
    expect(page).to_have_url("https://undocs.org/ar/A/78/304")
    page.go_back()
    page.locator("aside.doc-refs").get_by_role("link", name="A/RES/79/55").click()
    expect(page).to_have_url(re.compile(r"/documents/A/RES/79/55/en$"))
    inline_ref = page.locator("article.document a.ref:not(.external)", has_text="78/8").first
    expect(inline_ref).to_have_attribute("href", "/documents/A/RES/78/8/en")
    inline_ref.click()
    expect(page).to_have_url(re.compile(r"/documents/A/RES/78/8/en$"))
    expect(page.locator(".cited-by")).to_contain_text("A/RES/79/55")


def test_a_document_is_one_card_with_its_other_versions(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    """Issue 13: a symbol search showed six cards for one document; now one card, its other
    language versions as links on it."""
    page.goto(base_url + "/?q=A%2FRES%2F78%2F8")
    expect(page.locator(".hit")).to_have_count(1)
    expect(page.locator("#hits-h")).to_have_text("1 document")
    others = page.locator(".hit .version-link")
    expect(others).to_have_count(5)
    other = others.first.get_attribute("lang")
    assert other and other != page.locator(".hit .badge").get_attribute("lang")
    others.first.click()
    expect(page).to_have_url(re.compile(rf"/documents/A/RES/78/8/{other}$"))


def test_contents_and_downloads_on_a_long_document(page, base_url: str, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    """Issue 13: a long document had no table of contents and no download. The OHCHR report
    A/HRC/WG.6/34/ITA/3 (33 headings) gets a contents list whose links reach the headings; its
    original PDF downloads byte for byte; its Markdown starts with its symbol."""
    page.goto(base_url + "/documents/A/HRC/WG.6/34/ITA/3/en")
    toc = page.get_by_role("navigation", name="Contents")
    expect(toc.locator("a")).to_have_count(33)
    entry = toc.locator("a", has_text="Background").first
    target = entry.get_attribute("href")
    entry.click()
    expect(page).to_have_url(re.compile(re.escape(target) + "$"))
    expect(page.locator(target)).to_contain_text("Background")
    with page.expect_download() as pdf:
        page.locator("a.download-original").click()
    assert Path(pdf.value.path()).read_bytes() == (corpus / "A_HRC_WG.6_34_ITA_3.en.pdf").read_bytes()
    with page.expect_download() as md:
        page.locator("a.download-markdown").click()
    assert Path(md.value.path()).read_text(encoding="utf-8").startswith("# A/HRC/WG.6/34/ITA/3")
    page.goto(base_url + "/documents/A/C.2/72/3/fr")  # a short letter: no contents list
    expect(page.locator("nav.toc")).to_have_count(0)


def test_search_results_download_as_csv_and_json(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    """Issue 13: the results of a search, with its filters, download as CSV and JSON: the
    same documents as the page shows, one row per document."""
    import csv
    import json

    page.goto(base_url + "/?q=nuclear&lang=en")
    shown = page.locator(".hit .symbol").all_inner_texts()
    assert shown
    with page.expect_download() as got:
        page.locator("a.export-csv").click()
    with open(got.value.path(), encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert [r["symbol"] for r in rows][: len(shown)] == shown and {r["language"] for r in rows} == {"en"}
    with page.expect_download() as got:
        page.locator("a.export-json").click()
    data = json.loads(Path(got.value.path()).read_text(encoding="utf-8"))
    assert data["query"]["q"] == "nuclear" and data["query"]["lang"] == ["en"]
    assert [h["symbol"] for h in data["hits"]] == [r["symbol"] for r in rows] and data["total"] == len(rows)


def test_facets_take_several_values_and_count_as_if_not_chosen(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    """Issue 13: facets were single-choice and their counts followed their own filter. Choose
    General Assembly, then Security Council as well: the hits are of either organ, both links
    are ticked, the organ counts stay those of the whole search, and each chip takes one back."""
    page.goto(base_url + "/?lang=en")
    organ = 'a.facet-link[data-facet="organ"][data-value="{}"]'
    ga, sc = page.locator(organ.format("General Assembly")), page.locator(organ.format("Security Council"))
    counts = {name: int(link.locator(".count").inner_text()) for name, link in (("ga", ga), ("sc", sc))}
    ga.click()
    expect(page).to_have_url(re.compile(r"organ=General\+Assembly"))
    expect(sc.locator(".count")).to_have_text(str(counts["sc"]))  # not 0: its own filter is ignored
    sc.click()
    expect(page).to_have_url(re.compile(r"organ=General\+Assembly&organ=Security\+Council|organ=Security"))
    expect(page.locator('a.facet-link.active[data-facet="organ"]')).to_have_count(2)
    expect(page.locator("#hits-h")).to_have_text(f"{counts['ga'] + counts['sc']} documents in the library")
    expect(page.locator(".chip", has_text="Organ:")).to_have_count(2)
    page.locator(".chip", has_text="Security Council").click()
    expect(page.locator('a.facet-link.active[data-facet="organ"]')).to_have_count(1)
    expect(page.locator("#hits-h")).to_have_text(f"{counts['ga']} documents in the library")


def test_the_interface_speaks_arabic_right_to_left_and_the_reader_can_choose(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    """Issue 13: on an Arabic page the masthead labels were English. The Arabic version of
    A/RES/78/8 is shown with Arabic chrome laid out right to left (the page, its sidebar, the
    masthead's labels, the language names in Arabic); the reader can choose English instead,
    and the choice is kept for the next page."""
    page.goto(base_url + "/documents/A/RES/78/8/ar")
    html = page.locator("html")
    expect(html).to_have_attribute("lang", "ar")
    expect(html).to_have_attribute("dir", "rtl")
    side = page.locator("aside.doc-side")
    expect(side.locator("#versions-h")).to_have_text("النسخ اللغوية")
    expect(side.locator("#masthead-h")).to_have_text("الترويسة")
    masthead = page.locator(".masthead")
    expect(masthead.locator("dt", has_text="الرمز")).to_have_count(1)
    expect(masthead.locator(".row", has_text="اللغة")).to_contain_text("العربية")  # named in Arabic
    assert side.evaluate("e => getComputedStyle(e).direction") == "rtl"
    expect(page.locator("#site-q")).to_have_attribute("placeholder", "ابحث في الوثائق أو عن رمز")
    # the reader's choice: English, kept by a cookie on the next page
    page.locator('nav.ui-languages a[data-ui="en"]').click()
    expect(html).to_have_attribute("lang", "en")
    expect(side.locator("#masthead-h")).to_have_text("Masthead")
    expect(page.locator("article.document")).to_have_attribute("dir", "rtl")  # the text stays Arabic
    page.goto(base_url + "/documents/A/RES/78/8/fr")
    expect(html).to_have_attribute("lang", "en")
    page.locator('nav.ui-languages a[data-ui="zh"]').click()
    expect(page.locator("#versions-h")).to_have_text("语文版本")


def test_live_search_with_htmx_updates_results_in_place(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(base_url + "/")
    page.evaluate("window.__marker = 1")  # survives only if the page is not reloaded
    page.locator("#q").press_sequentially("Samarkand", delay=20)
    expect(page.locator(".hit a", has_text="A/C.2/72/3")).to_be_visible()
    expect(page).to_have_url(re.compile(r"q=Samarkand"))
    assert page.evaluate("window.__marker") == 1


def test_chinese_two_character_search_and_malformed_query(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(base_url + "/?q=%E5%8F%AF%E6%8C%81%E7%BB%AD")  # 可持续
    expect(page.locator(".hit .badge", has_text="ZH").first).to_be_visible()
    expect(page.locator(".hit .snippet mark").first).to_be_visible()
    response = page.goto(base_url + "/?q=%22unclosed")
    assert response is not None and response.status == 422
    expect(page.get_by_role("alert")).to_contain_text("quote")
    expect(page.locator("#q")).to_have_value('"unclosed')


def test_unknown_document_page_is_a_404_page(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    response = page.goto(base_url + "/documents/A/99/999/en")
    assert response is not None and response.status == 404
    expect(page.locator("h1")).to_have_text("Not found")
    expect(page.get_by_role("alert")).to_contain_text("A/99/999")


def test_phone_width_has_no_sideways_scrolling(browser, base_url: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    shots = artefacts_dir(tmp_path)
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True)
    page = context.new_page()
    try:
        for path, name in (
            ("/?q=" + "d%C3%A9veloppement", "search-phone.png"),
            ("/documents/A/RES/78/8/ar", "document-ar-phone.png"),
            ("/documents/A/C.2/72/3/fr", None),
            ("/documents", None),
        ):
            page.goto(base_url + path)
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at phone width"
            if name:
                page.screenshot(path=str(shots / name))
        # the filters fold away on a phone so that the results come first
        page.goto(base_url + "/?q=d%C3%A9veloppement")
        assert page.locator("details.facets-box").evaluate("d => d.open") is False
    finally:
        context.close()


def test_pages_are_labelled_and_have_landmarks(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    for path in ("/", "/?q=resolution", "/documents/A/RES/78/8/ar", "/documents"):
        page.goto(base_url + path)
        assert page.locator("main").count() == 1
        assert page.locator("header[role=banner]").count() == 1
        assert page.locator("h1").count() == 1, path
        unlabelled = page.evaluate(
            """() => [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
                 .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label'))
                 .map(e => e.outerHTML)"""
        )
        assert unlabelled == [], (path, unlabelled)
        # the interface speaks the document's language on its page, else the browser's (en)
        ui = "ar" if path.endswith("/ar") else "en"
        assert page.locator("html").get_attribute("lang") == ui
        assert page.locator("html").get_attribute("dir") == ("rtl" if ui == "ar" else "ltr")


def test_parallel_view_keeps_the_same_operative_paragraph_in_one_row(page, base_url: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Issue 4: open a resolution, choose three languages, see the same operative
    paragraph in the same row (Arabic column right to left)."""
    page.goto(base_url + "/documents/A/RES/78/8/en")
    page.get_by_role("link", name="Read versions side by side").click()
    expect(page).to_have_url(re.compile(r"/documents/A/RES/78/8/parallel\?langs=en,fr,es$"))
    form = page.locator("form.parallel-form")
    # choose English, French and Arabic: each change redraws the table in place (htmx)
    form.get_by_label("Español").uncheck()
    expect(page.locator("table.parallel thead th")).to_have_count(2)
    form.get_by_label("العربية").check()
    expect(page.locator("table.parallel thead th")).to_have_count(3)
    expect(page).to_have_url(re.compile(r"langs=ar&langs=en&langs=fr"))
    headers = page.locator("table.parallel thead th").all_inner_texts()
    assert headers == ["العربية", "English", "Français"]

    for number in ("1", "3", "6"):
        row = page.locator("table.parallel tbody tr").filter(
            has=page.locator(f'td[data-lang="en"] p.operative[data-number="{number}"]')
        )
        expect(row).to_have_count(1)
        for lang in ("fr", "ar"):
            expect(row.locator(f'td[data-lang="{lang}"] p.operative')).to_have_attribute("data-number", number)
    row = page.locator("table.parallel tbody tr").filter(
        has=page.locator('td[data-lang="en"] p.operative[data-number="3"]')
    )
    expect(row.locator('td[data-lang="en"]')).to_contain_text("Reaffirms its strong support")
    expect(row.locator('td[data-lang="fr"]')).to_contain_text("Réaffirme")
    arabic = row.locator('td[data-lang="ar"]')
    expect(arabic).to_have_attribute("dir", "rtl")
    assert arabic.evaluate("e => getComputedStyle(e).direction") == "rtl"
    # the cells of one row start on the same line
    tops = {round(row.locator(f'td[data-lang="{c}"]').bounding_box()["y"]) for c in ("en", "fr", "ar")}
    assert len(tops) == 1
    row.scroll_into_view_if_needed()
    page.screenshot(path=str(artefacts_dir(tmp_path) / "parallel.png"))

    # the alignment shown, downloaded (issue 13): a TMX valid against the TMX 1.4b DTD whose
    # units hold the three languages, and a TSV with a column per language
    from lxml import etree

    with page.expect_download() as tmx:
        page.locator("a.export-tmx").click()
    root = etree.parse(tmx.value.path())
    dtd = etree.DTD(str(Path(__file__).parent / "fixtures" / "align" / "tmx14.dtd"))
    assert dtd.validate(root), dtd.error_log.filter_from_errors()
    langs_of = {
        tuple(sorted(t.get("{http://www.w3.org/XML/1998/namespace}lang") for t in tu)) for tu in root.iter("tu")
    }
    assert ("ar", "en", "fr") in langs_of
    assert any("Reaffirms its strong support" in (seg.text or "") for seg in root.iter("seg"))
    with page.expect_download() as tsv:
        page.locator("a.export-tsv").click()
    head = Path(tsv.value.path()).read_text(encoding="utf-8").splitlines()[0].split("\t")
    assert {"ar", "en", "fr"} <= set(head)

    # one language only: a message, not a table
    form.get_by_label("Français").uncheck()
    form.get_by_label("English").uncheck()
    expect(page.get_by_role("alert")).to_contain_text("two to six")
    expect(page.locator("table.parallel")).to_have_count(0)


def test_api_docs_render_offline(browser, base_url: str) -> None:  # type: ignore[no-untyped-def]
    """/docs uses the vendored swagger-ui: with every non-loopback request refused, the
    operations still render."""
    context = browser.new_context()
    context.route(re.compile(r"^https?://(?!127\.0\.0\.1[:/]).*"), lambda route: route.abort())
    page = context.new_page()
    try:
        page.goto(base_url + "/docs")
        expect(page.locator(".opblock-summary-path", has_text="/api/search").first).to_be_visible(timeout=15_000)
        expect(page.locator(".opblock-summary-path", has_text="/api/documents/{symbol}/align").first).to_be_visible()
    finally:
        context.close()


SECURITY = {
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
    "x-content-type-options": "nosniff",
}


def test_pages_send_security_headers_and_break_no_rule_of_their_policy(browser, base_url: str) -> None:  # type: ignore[no-untyped-def]
    """Issue 9: a Content-Security-Policy without inline script, framing refused, a referrer
    policy and nosniff, on pages, API answers and errors alike; and the pages, the live
    search, the parallel view and the API docs work under it (no violation reported)."""
    import httpx

    for path in (
        "/",
        "/documents/A/C.2/72/3/fr",
        "/api/search?q=x",
        "/api/documents/Z/9",
        "/docs",
        "/static/undocs.css",
    ):
        r = httpx.get(base_url + path)
        for name, value in SECURITY.items():
            assert r.headers.get(name) == value, (path, name, r.headers.get(name))
        csp = r.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    try:
        page.goto(base_url + "/")
        page.fill("#q", "développement")
        expect(page.locator("#results .hit").first).to_be_visible(timeout=15_000)  # htmx swapped the results in
        page.goto(base_url + "/documents/A/RES/78/8/parallel")
        expect(page.locator("table.parallel")).to_be_visible()
        assert page.locator("#parallel").evaluate("e => getComputedStyle(e).getPropertyValue('--cols').trim()") != ""
        page.goto(base_url + "/docs")
        expect(page.locator(".opblock-summary-path", has_text="/api/search").first).to_be_visible(timeout=15_000)
    finally:
        context.close()
    assert violations == []
