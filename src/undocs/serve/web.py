"""The web pages: search with facets, a document read as the UN printed it, versions
side by side. Server-rendered (Jinja2) so every page is a plain URL that works
without JavaScript; htmx only refreshes the results while typing and the parallel
columns when a language is ticked.

What is computed here is presentation only: where a footnote marker or a cited
symbol sits in a block's text becomes a link, which language is right-to-left,
which facet link adds or removes which filter. Records, hits and references come
from the Store as they are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape

from undocs import symbols
from undocs.record import Block, Record
from undocs.serve.api import external_url, get_store, official_languages
from undocs.store import DocumentInfo, SearchQuery, Store

TEMPLATES = Path(__file__).parent / "templates"
templates = Jinja2Templates(directory=TEMPLATES)

#: Each language's name in itself, for the switcher: a reader looks for their own script.
NATIVE_NAMES = {
    "ar": "العربية",
    "zh": "中文",
    "en": "English",
    "fr": "Français",
    "ru": "Русский",
    "es": "Español",
}
#: Scripts written right to left (of the official six, Arabic).
RTL_LANGUAGES = frozenset({"ar", "fa", "he", "ur"})
#: The UN's own order of the six languages (alphabetical in English), used for switchers.
UN_ORDER = ("ar", "zh", "en", "fr", "ru", "es")

#: Facets: Store facet key -> (query parameter, heading).
FACETS: dict[str, tuple[str, str]] = {
    "organ": ("organ", "Organ"),
    "body": ("body", "Body"),
    "session": ("session", "Session"),
    "doc_type": ("type", "Document type"),
    "language": ("lang", "Language"),
    "year": ("year", "Year"),
    "agenda": ("agenda", "Agenda item"),
}
FILTER_PARAMS = tuple(param for param, _ in FACETS.values())
PAGE_SIZE = 20

DOC_TYPE_NAMES = {
    "letter": "letter",
    "note_verbale": "note verbale",
    "report": "report",
    "note": "note",
    "resolution": "resolution",
    "decision": "decision",
    "draft_resolution": "draft resolution",
    "draft_decision": "draft decision",
    "amendment": "amendment",
    "meeting_record": "meeting record",
    "agenda": "agenda",
    "statement": "statement",
    "other": "other",
}

router = APIRouter(include_in_schema=False)


# --------------------------------------------------------------------------- template helpers


def is_rtl(language: str | None) -> bool:
    return (language or "") in RTL_LANGUAGES


def text_dir(language: str | None) -> str:
    return "rtl" if is_rtl(language) else "ltr"


def lang_name(code: str | None) -> str:
    return NATIVE_NAMES.get(code or "", code or "?")


def un_sorted(codes: list[str]) -> list[str]:
    return sorted(codes, key=lambda c: (UN_ORDER.index(c) if c in UN_ORDER else len(UN_ORDER), c))


def doc_url(symbol: str, language: str | None = None) -> str:
    """A readable page URL: the symbol keeps its slashes (`/documents/A/C.2/72/3/fr`);
    spaces and the rest are percent-encoded."""
    path = "/documents/" + quote(symbol, safe="/().-")
    return f"{path}/{language}" if language else path


def type_name(doc_type: str | None) -> str:
    return DOC_TYPE_NAMES.get(doc_type or "", (doc_type or "").replace("_", " "))


def safe_snippet(snippet: str) -> Markup:
    """The Store hands snippets HTML-escaped with `<mark>` around hits; keep exactly
    those tags and neutralise any other markup, should a backend get escaping wrong."""
    parts = re.split(r"(</?mark>)", snippet)
    return Markup("".join(p if p in ("<mark>", "</mark>") else p.replace("<", "&lt;").replace(">", "&gt;") for p in parts))


templates.env.globals.update(
    doc_url=doc_url,
    lang_name=lang_name,
    text_dir=text_dir,
    is_rtl=is_rtl,
    type_name=type_name,
    safe_snippet=safe_snippet,
)


def render(request: Request, name: str, context: dict[str, Any], status_code: int = 200) -> HTMLResponse:
    return templates.TemplateResponse(request, name, context, status_code=status_code)


def error_page(request: Request, status: int, message: str) -> Response:
    """Errors on pages are pages (the API gets JSON from the same handlers)."""
    titles = {404: "Not found", 422: "Cannot run this search", 401: "Not allowed", 403: "Not allowed"}
    return render(
        request,
        "error.html",
        {"status": status, "heading": titles.get(status, "Something went wrong"), "message": message},
        status_code=status,
    )


# --------------------------------------------------------------------------- search page


@dataclass
class FacetLink:
    value: str
    label: str
    count: int
    url: str
    active: bool


@dataclass
class FacetGroup:
    key: str
    param: str
    heading: str
    links: list[FacetLink] = field(default_factory=list)


def page_url(params: dict[str, str], **changes: str | None) -> str:
    """The search URL with some parameters changed (None removes one); a new filter
    always goes back to the first page."""
    merged = {k: v for k, v in params.items() if v}
    for key, value in changes.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = value
    if "page" not in changes:
        merged.pop("page", None)
    return "/?" + urlencode(merged) if merged else "/"


def facet_groups(facets: dict[str, list[tuple[str, int]]], params: dict[str, str]) -> list[FacetGroup]:
    groups = []
    for key, (param, heading) in FACETS.items():
        group = FacetGroup(key, param, heading)
        current = params.get(param)
        values = list(facets.get(key, []))
        if current and all(str(v) != current for v, _ in values):
            values.insert(0, (current, 0))  # an active filter stays visible so it can be removed
        for value, count in values:
            value = str(value)
            active = value == current
            label = lang_name(value) if param == "lang" else type_name(value) if param == "type" else value
            url = page_url(params, **{param: None if active else value})
            group.links.append(FacetLink(value, label, count, url, active))
        if group.links:
            groups.append(group)
    return groups


@router.get("/", response_class=HTMLResponse)
def search_page(
    request: Request,
    store: Store = Depends(get_store),
    q: str = "",
    lang: str | None = None,
    organ: str | None = None,
    body: str | None = None,
    session: str | None = None,
    doc_type: str | None = Query(None, alias="type"),
    year: str | None = None,
    agenda: str | None = None,
    sort: str = "relevance",
    page: int = Query(1, ge=1, le=10_000),
) -> Response:
    """The home page is the search page: with no query it lists the library through
    the same facets, so the first visit already shows what is there."""
    params = {
        "q": q.strip(),
        "lang": lang or "",
        "organ": organ or "",
        "body": body or "",
        "session": session or "",
        "type": doc_type or "",
        "year": year or "",
        "agenda": agenda or "",
        "sort": sort if sort == "date" else "",
    }
    query = SearchQuery(
        q=params["q"],
        lang=lang or None,
        organ=organ or None,
        body=body or None,
        session=session or None,
        doc_type=doc_type or None,
        year=year or None,
        agenda=agenda or None,
        sort="date" if sort == "date" else "relevance",
        limit=PAGE_SIZE,
        offset=(page - 1) * PAGE_SIZE,
    )
    error = None
    try:
        result = store.search(query)
    except Exception as exc:  # noqa: BLE001 - shown on the page, the form stays usable
        from undocs.errors import UndocsError

        if not isinstance(exc, UndocsError):
            raise
        error, result = str(exc), None
    active = [(FACETS[k][1], params[FACETS[k][0]], page_url(params, **{FACETS[k][0]: None})) for k in FACETS]
    context = {
        "params": params,
        "result": result,
        "error": error,
        "groups": facet_groups(result.facets, params) if result else [],
        "active": [(h, lang_name(v) if h == "Language" else v, u) for h, v, u in active if v],
        "page": page,
        "pages": max(1, -(-result.total // PAGE_SIZE)) if result else 1,
        "prev_url": page_url(params, page=str(page - 1)) if page > 1 else None,
        "next_url": page_url(params, page=str(page + 1)) if result and page * PAGE_SIZE < result.total else None,
        "sort_url": page_url(params, sort=None if params["sort"] else "date"),
    }
    partial = request.headers.get("hx-request") == "true" and request.headers.get("hx-target") == "results"
    return render(request, "_results.html" if partial else "search.html", context, status_code=422 if error else 200)


@router.get("/documents", response_class=HTMLResponse)
def documents_page(
    request: Request, store: Store = Depends(get_store), page: int = Query(1, ge=1, le=100_000)
) -> Response:
    """Every document, a page at a time: browsing without knowing what to search for."""
    total, docs = store.documents(offset=(page - 1) * 50, limit=50)
    return render(
        request,
        "documents.html",
        {
            "docs": docs,
            "total": total,
            "page": page,
            "prev_url": f"/documents?page={page - 1}" if page > 1 else None,
            "next_url": f"/documents?page={page + 1}" if page * 50 < total else None,
            "un_sorted": un_sorted,
        },
    )


# --------------------------------------------------------------------------- document page


def find(store: Store, symbol: str) -> DocumentInfo:
    doc = store.document(symbol)
    if doc is None:
        raise HTTPException(404, f"There is no document {symbol} in this library.")
    return doc


def preferred_language(doc: DocumentInfo, accept_language: str) -> str:
    """The reader's browser language when that version exists, else English, else the first."""
    have = doc.languages
    for part in accept_language.split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in have:
            return code
    if "en" in have:
        return "en"
    return un_sorted(have)[0] if have else "en"


class Linker:
    """Where a cited symbol leads: the library's page when the library holds it (in
    the reader's language if that version exists), else undocs.org. Remembers its
    answers, since a resolution cites the same few documents many times."""

    def __init__(self, store: Store, language: str):
        self.store = store
        self.language = language
        self.cache: dict[str, tuple[str, bool, str]] = {}

    def __call__(self, symbol: str) -> tuple[str, bool, str]:
        """(url, in_library, canonical symbol)."""
        if symbol not in self.cache:
            doc = self.store.document(symbol)
            if doc is not None:
                lang = self.language if self.language in doc.languages else None
                self.cache[symbol] = (doc_url(doc.symbol, lang), True, doc.symbol)
            else:
                self.cache[symbol] = (external_url(symbol, self.language), False, symbol)
        return self.cache[symbol]


def inline(text: str, notes: list[tuple[int, str]], links: list[tuple[int, int, str, bool]], fn_prefix: str) -> Markup:
    """A block's text as HTML: `notes` (offset, marker) become superscript links to the
    footnote, `links` (start, end, url, internal) become anchors on the cited symbol.
    Offsets index the unescaped text; a marker that falls inside a link goes after it."""
    out: list[str] = []
    pos = 0
    notes = sorted(notes)
    links = sorted(links)
    ni = 0

    def put_notes(upto: int) -> None:
        nonlocal ni
        while ni < len(notes) and notes[ni][0] <= upto:
            marker = notes[ni][1]
            out.append(
                f'<sup class="fnref"><a href="#{fn_prefix}{escape(marker)}" id="{fn_prefix}ref-{escape(marker)}"'
                f' aria-label="note {escape(marker)}">{escape(marker)}</a></sup>'
            )
            ni += 1

    for start, end, url, internal in links:
        if start < pos:
            continue
        while ni < len(notes) and notes[ni][0] <= start:
            out.append(str(escape(text[pos : notes[ni][0]])))
            pos = notes[ni][0]
            put_notes(pos)
        out.append(str(escape(text[pos:start])))
        cls = "ref" if internal else "ref external"
        out.append(f'<a class="{cls}" href="{escape(url)}">{escape(text[start:end])}</a>')
        pos = end
        while ni < len(notes) and notes[ni][0] < end:  # marker inside the symbol: after it
            put_notes(notes[ni][0])
    while ni < len(notes):
        at = max(pos, min(notes[ni][0], len(text)))
        out.append(str(escape(text[pos:at])))
        pos = at
        put_notes(at)
    out.append(str(escape(text[pos:])))
    return Markup("".join(out))


@dataclass
class ShownBlock:
    index: int
    kind: str
    number: str | None
    opening: Markup | None
    html: Markup
    original_languages: list[str]


@dataclass
class Section:
    """The main text or one annex, with the footnotes printed in it."""

    annex: int | None
    blocks: list[ShownBlock] = field(default_factory=list)
    footnotes: list[ShownBlock] = field(default_factory=list)


def show_block(index: int, b: Block, link: Linker, fn_prefix: str) -> ShownBlock:
    found = symbols.find_symbols(b.text)
    links = [(s, e, *link(sym)[:2]) for s, e, sym in found]
    notes = [(n.offset, n.marker) for n in b.notes]
    opening = None
    text_start = 0
    if b.opening and b.text.startswith(b.opening):
        # the resolution's opening phrase is printed in italics; keep it out of the links
        text_start = len(b.opening)
        opening = inline(b.opening, [n for n in notes if n[0] < text_start], [], fn_prefix)
        notes = [(o - text_start, m) for o, m in notes if o >= text_start]
        links = [(s - text_start, e - text_start, u, i) for s, e, u, i in links if s >= text_start]
    html = inline(b.text[text_start:], notes, links, fn_prefix)
    return ShownBlock(index, b.kind, b.number, opening, html, list(b.original_languages))


def sections(record: Record, link: Linker) -> list[Section]:
    """Blocks grouped into the main text and annexes, footnotes kept with their section."""
    out: list[Section] = [Section(None)]
    for i, b in enumerate(record.blocks):
        if b.kind == "annex_heading" or (b.annex is not None and b.annex != out[-1].annex):
            if not (b.kind != "annex_heading" and out[-1].annex == b.annex):
                out.append(Section(b.annex))
        prefix = f"fn{out[-1].annex or 0}-"
        shown = show_block(i, b, link, prefix)
        (out[-1].footnotes if b.kind == "footnote" else out[-1].blocks).append(shown)
    return [s for s in out if s.blocks or s.footnotes]


@dataclass
class Cited:
    symbol: str
    url: str
    internal: bool


def masthead(record: Record, doc: DocumentInfo) -> list[tuple[str, Any, bool]]:
    """(label, value, in_document_language) rows of the decoded front page; only what
    is printed (the record holds None for the rest) is shown."""
    rows: list[tuple[str, Any, bool]] = []

    def add(label: str, value: Any, native: bool = False) -> None:
        if value:
            rows.append((label, value, native))

    add("Symbol", " · ".join(record.symbols or [record.symbol or doc.symbol]))
    add("Organ", record.organ)
    add("Body", record.body)
    add("Session", record.session)
    add("Distribution", record.distribution)
    add("Date", record.date)
    add("Language", lang_name(record.language))
    add("Original", ", ".join(lang_name(c) for c in record.original_languages))
    job = record.job_number and f"{record.job_number}{f' ({record.job_language})' if record.job_language else ''}"
    add("Job number", job)
    add("Type", type_name(record.doc_type))
    return rows


@router.get("/documents/{symbol:path}/{lang:lang}", response_class=HTMLResponse)
def document_page(request: Request, symbol: str, lang: str, store: Store = Depends(get_store)) -> Response:
    """One version, read as printed: masthead panel, numbered body, annexes and notes,
    cited documents as links, the other language versions one click away."""
    doc = find(store, symbol)
    record = store.version(doc.symbol, lang)
    if record is None:
        raise HTTPException(
            404, f"{doc.symbol} has no {lang_name(lang)} version here (versions: {', '.join(doc.languages)})."
        )
    if record.symbol and record.symbol != symbol and doc.symbol != symbol:
        return RedirectResponse(doc_url(doc.symbol, lang), status_code=301)
    link = Linker(store, lang)
    cites = [Cited(*reversed(link(s)[::2]), link(s)[1]) for s in store.references_out(doc.symbol, lang)]
    cited_by = [Cited(s, link(s)[0], True) for s in store.references_in(doc.symbol)]
    context = {
        "doc": doc,
        "record": record,
        "lang": lang,
        "dir": text_dir(lang),
        "rows": masthead(record, doc),
        "sections": sections(record, link),
        "versions": un_sorted(doc.languages),
        "cites": cites,
        "cited_by": cited_by,
        "official": official_languages(),
        "external": external_url(doc.symbol, lang),
    }
    return render(request, "document.html", context)


@router.get("/documents/{symbol:path}", response_class=HTMLResponse)
def document_redirect(request: Request, symbol: str, store: Store = Depends(get_store)) -> Response:
    """A symbol without a language opens the reader's language when present."""
    doc = find(store, symbol)
    lang = preferred_language(doc, request.headers.get("accept-language", ""))
    return RedirectResponse(doc_url(doc.symbol, lang), status_code=302)
