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
from dataclasses import asdict, dataclass, field
from importlib import import_module
from pathlib import Path
from typing import Annotated, Any, Final
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape

from undocs import lang as langs
from undocs import symbols
from undocs.align import Alignment, Unit, record_units, to_tmx, to_tsv
from undocs.align import rows as align_rows
from undocs.enrich.families import Member, family, root
from undocs.enrich.provenance import adoptions, history
from undocs.enrich.states import state
from undocs.enrich.votes import LISTS, Vote, votes
from undocs.errors import UndocsError
from undocs.files import original_of
from undocs.lang import available as available_langs
from undocs.lang import load as load_lang
from undocs.record import Block, Record
from undocs.serve import i18n
from undocs.serve.api import (
    UN_ORDER,
    StoreDep,
    agenda_item_number,
    agenda_organ,
    aligned,
    choose_languages,
    external_url,
    find_state,
    official_languages,
    original_response,
    state_page,
)
from undocs.serve.render import markdown
from undocs.store import DocumentInfo, SearchQuery, Store

# the module, not the function of the same name that `undocs.parse` re-exports
citing = import_module("undocs.parse.references")

TEMPLATES = Path(__file__).parent / "templates"
templates = Jinja2Templates(directory=TEMPLATES)

#: Each language's name in itself (for the switcher: a reader looks for their own script),
#: its English name (the masthead panel) and the right-to-left ones: from the language files.
NATIVE_NAMES = {c: load_lang(c).data.get("native_name", load_lang(c).name) for c in available_langs()}
ENGLISH_NAMES = {c: load_lang(c).name for c in available_langs()}
RTL_LANGUAGES = frozenset(c for c in available_langs() if load_lang(c).data.get("direction") == "rtl")

#: Facets: Store facet key -> (query parameter, heading).
FACETS: dict[str, tuple[str, str]] = {
    "organ": ("organ", "Organ"),
    "body": ("body", "Body"),
    "session": ("session", "Session"),
    "doc_type": ("type", "Document type"),
    "language": ("lang", "Language"),
    "year": ("year", "Year"),
    "agenda": ("agenda", "Agenda item"),
    "state": ("state", "State named"),
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


def english_name(code: str | None) -> str:
    return ENGLISH_NAMES.get(code or "", code or "?")


def un_sorted(codes: list[str]) -> list[str]:
    return sorted(codes, key=lambda c: (UN_ORDER.index(c) if c in UN_ORDER else len(UN_ORDER), c))


def agenda_url(organ: str, session: str, number: str | None = None) -> str:
    """/agenda/General%20Assembly/80/19%20(a)"""
    path = f"/agenda/{quote(organ)}/{quote(session)}"
    return f"{path}/{quote(number, safe='()')}" if number else path


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
    return Markup(
        "".join(p if p in ("<mark>", "</mark>") else p.replace("<", "&lt;").replace(">", "&gt;") for p in parts)
    )


templates.env.filters["english_name"] = english_name
templates.env.globals.update(
    doc_url=doc_url,
    agenda_url=agenda_url,
    lang_name=lang_name,
    english_name=english_name,
    text_dir=text_dir,
    is_rtl=is_rtl,
    type_name=type_name,
    safe_snippet=safe_snippet,
    undocs_url=external_url,
    native_name=lang_name,
)


def ui_language_name(code: str) -> str:
    """A language's name in the interface's language (CLDR, through Babel): "French" on an
    English page, "الفرنسية" on an Arabic one."""
    from babel import Locale

    return Locale.parse(i18n.current()).languages.get(code, english_name(code))


templates.env.filters["ui_language_name"] = ui_language_name
templates.env.add_extension("jinja2.ext.i18n")
templates.env.install_gettext_callables(i18n.gettext, i18n.ngettext, newstyle=True)  # type: ignore[attr-defined]


def render(request: Request, name: str, context: dict[str, Any], status_code: int = 200) -> HTMLResponse:
    """A page in the reader's interface language (serve/i18n.py): asked for (`?ui=`, then
    kept in a cookie), else the document version's, else the browser's."""
    asked = request.query_params.get("ui")
    document = context.get("lang") if name == "document.html" else None
    ui = i18n.choose(asked, request.cookies.get(i18n.COOKIE), document, request.headers.get("accept-language", ""))
    i18n.use(ui)

    def ui_url(code: str) -> str:
        query = [(k, v) for k, v in request.query_params.multi_items() if k != "ui"] + [("ui", code)]
        return request.url.path + "?" + urlencode(query)

    context = {
        **context,
        "ui": ui,
        "ui_dir": text_dir(ui),
        "ui_languages": un_sorted(list(i18n.languages())),
        "ui_url": ui_url,
    }
    response = templates.TemplateResponse(request, name, context, status_code=status_code)
    if asked and asked in i18n.languages():
        response.set_cookie(i18n.COOKIE, asked, max_age=365 * 24 * 3600, samesite="lax")
    return response


def error_page(request: Request, status: int, message: str) -> Response:
    """Errors on pages are pages (the API gets JSON from the same handlers)."""
    titles = {404: "Not found", 422: "Cannot run this search", 401: "Not allowed", 403: "Not allowed"}
    context: dict[str, Any] = {
        "status": status,
        "heading": titles.get(status, "Something went wrong"),
        "message": message,
    }
    asked = _symbol_asked(request.url.path) if status == 404 else None
    if asked is not None:  # a document the library lacks: where the UN publishes it, how to fetch it
        context["asked"] = {"symbol": asked, "url": external_url(asked, "en")}
    return render(request, "error.html", context, status_code=status)


def _symbol_asked(path: str) -> str | None:
    """The UN symbol a /documents/... address names, without a language or view after it."""
    from urllib.parse import unquote

    if not path.startswith("/documents/"):
        return None
    rest = unquote(path[len("/documents/") :]).rstrip("/")
    for tail in ("/parallel", "/original", "/markdown", *(f"/{c}" for c in official_languages())):
        rest = rest.removesuffix(tail)
    try:
        return symbols.normalize(rest)
    except symbols.SymbolError:
        return None


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


Params = dict[str, Any]  # q and sort: a string; a facet: the list of its chosen values


def page_url(params: Params, **changes: str | list[str] | None) -> str:
    """The search URL with some parameters changed (None removes one); a new filter
    always goes back to the first page."""
    merged = {k: v for k, v in params.items() if v}
    for key, value in changes.items():
        if value is None or value == []:
            merged.pop(key, None)
        else:
            merged[key] = value
    if "page" not in changes:
        merged.pop("page", None)
    return "/?" + urlencode(merged, doseq=True) if merged else "/"


def toggle_url(params: Params, param: str, value: str) -> str:
    """The search URL with one value of a facet chosen as well, or no longer chosen."""
    chosen = list(params.get(param) or [])
    return page_url(params, **{param: [v for v in chosen if v != value] if value in chosen else [*chosen, value]})


def facet_label(param: str, value: str) -> str:
    """Languages by their own names, document types in words, the rest as stored."""
    if param == "state":
        return _state_name(value, "en")
    return lang_name(value) if param == "lang" else type_name(value) if param == "type" else value


def facet_groups(facets: dict[str, list[tuple[str, int]]], params: Params) -> list[FacetGroup]:
    """Each facet's values as links that choose them (several of one facet: any of them)
    or take them back; a chosen value stays listed even where it counts nothing."""
    groups = []
    for key, (param, heading) in FACETS.items():
        group = FacetGroup(key, param, heading)
        chosen = list(params.get(param) or [])
        values = list(facets.get(key, []))
        listed = {str(v) for v, _ in values}
        values[:0] = [(c, 0) for c in chosen if c not in listed]  # an active filter stays visible so it can be removed
        for value, count in values:
            value = str(value)
            label = facet_label(param, value)
            group.links.append(FacetLink(value, label, count, toggle_url(params, param, value), value in chosen))
        if group.links:
            groups.append(group)
    return groups


@router.get("/favicon.ico", include_in_schema=False)
def favicon() -> Response:
    """Browsers ask for it whatever the page says: the same icon the pages name."""
    return Response((Path(__file__).parent / "static" / "undocs.svg").read_bytes(), media_type="image/svg+xml")


@dataclass
class SearchForm:
    """The search page's parameters, as the page's links carry them, and the query they make."""

    params: Params

    def query(self, limit: int, offset: int = 0) -> SearchQuery:
        p = self.params
        query = SearchQuery.from_params(
            q=p["q"],
            lang=p["lang"],
            organ=p["organ"],
            body=p["body"],
            session=p["session"],
            doc_type=p["type"],
            year=p["year"],
            agenda=p["agenda"],
            state=p["state"],
            sort="date" if p["sort"] == "date" else "relevance",
            limit=limit,
            offset=offset,
        )
        query.group = True  # one card per document, its other matching versions on it
        return query


def search_form(
    q: str = "",
    lang: Annotated[list[str] | None, Query()] = None,
    organ: Annotated[list[str] | None, Query()] = None,
    body: Annotated[list[str] | None, Query()] = None,
    session: Annotated[list[str] | None, Query()] = None,
    doc_type: Annotated[list[str] | None, Query(alias="type")] = None,
    year: Annotated[list[str] | None, Query()] = None,
    agenda: Annotated[list[str] | None, Query()] = None,
    state: Annotated[list[str] | None, Query()] = None,
    sort: str = "relevance",
) -> SearchForm:
    """The page's parameters: each facet may be given several times (`organ=...&organ=...`)."""

    def values(given: list[str] | None, upper: bool = False) -> list[str]:
        return list(dict.fromkeys(v.strip().upper() if upper else v.strip() for v in given or [] if v.strip()))

    return SearchForm(
        {
            "q": q.strip(),
            "lang": values(lang),
            "organ": values(organ),
            "body": values(body),
            "session": values(session),
            "type": values(doc_type),
            "year": values(year),
            "agenda": values(agenda),
            "state": values(state, upper=True),
            "sort": sort if sort == "date" else "",
        }
    )


FormDep = Annotated[SearchForm, Depends(search_form)]


@router.api_route("/", methods=["GET", "HEAD"], response_class=HTMLResponse)
def search_page(
    request: Request,
    store: StoreDep,
    form: FormDep,
    page: int = Query(1, ge=1, le=10_000),
) -> Response:
    """The home page is the search page: with no query it lists the library through
    the same facets, so the first visit already shows what is there."""
    params = form.params
    query = form.query(PAGE_SIZE, (page - 1) * PAGE_SIZE)
    error = None
    try:
        result = store.search(query)
    except UndocsError as exc:  # a malformed query: said on the page, the form stays usable
        error, result = str(exc), None
    active = [
        (heading, facet_label(param, value), toggle_url(params, param, value))
        for param, heading in FACETS.values()
        for value in params[param]
    ]
    context = {
        "params": params,
        "result": result,
        "error": error,
        "groups": facet_groups(result.facets, params) if result else [],
        "active": active,
        "page": page,
        "pages": max(1, -(-result.total // PAGE_SIZE)) if result else 1,
        "prev_url": page_url(params, page=str(page - 1)) if page > 1 else None,
        "next_url": page_url(params, page=str(page + 1)) if result and page * PAGE_SIZE < result.total else None,
        "sort_url": page_url(params, sort=None if params["sort"] else "date"),
        "export_query": page_url(params).removeprefix("/"),
    }
    partial = request.headers.get("hx-request") == "true" and request.headers.get("hx-target") == "results"
    return render(request, "_results.html" if partial else "search.html", context, status_code=422 if error else 200)


#: results a download holds at most (the search's own limit)
EXPORT_LIMIT = 500


@router.get("/search.csv")
@router.get("/search.json")
def search_export(request: Request, store: StoreDep, form: FormDep) -> Response:
    """The results of a search (its first 500 documents) as CSV or JSON: symbol, language,
    the other matching versions, title, date, type, score and the snippet's text."""
    import csv
    import html as html_module
    import io
    import json

    try:
        result = store.search(form.query(EXPORT_LIMIT))
    except UndocsError as exc:
        raise HTTPException(422, str(exc)) from None
    rows = [
        {
            "symbol": h.symbol,
            "language": h.language,
            "versions": " ".join(h.versions),
            "title": h.title or "",
            "date": h.date or "",
            "type": h.doc_type or "",
            "score": round(h.score, 4),
            "snippet": html_module.unescape(re.sub(r"</?mark>", "", h.snippet)),
            "url": str(request.base_url).rstrip("/") + doc_url(h.symbol, h.language),
        }
        for h in result.hits
    ]
    if request.url.path.endswith(".json"):
        body = json.dumps({"query": form.params, "total": result.total, "hits": rows}, ensure_ascii=False, indent=1)
        return Response(body, media_type="application/json; charset=utf-8", headers=_attachment("undocs-search.json"))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]) if rows else ["symbol"], lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return Response(out.getvalue(), media_type="text/csv; charset=utf-8", headers=_attachment("undocs-search.csv"))


def _attachment(name: str) -> dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="{name}"'}


@router.get("/documents", response_class=HTMLResponse)
def documents_page(request: Request, store: StoreDep, page: int = Query(1, ge=1, le=100_000)) -> Response:
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


# --------------------------------------------------------------------------- completeness


@router.get("/status", response_class=HTMLResponse)
def status_page(request: Request, store: StoreDep) -> Response:
    """What the library lacks (as `undocs status`): each document's missing language versions,
    each cited document not held, with where to find them and the command that fetches them."""
    from undocs.fetch import missing, uneven

    gaps = missing(store)
    rows = []
    for symbol, lacking in gaps.items():
        held = store.document(symbol) is not None
        rows.append(
            {
                "symbol": symbol,
                "held": held,
                "links": [(code, external_url(symbol, code)) for code in lacking],
            }
        )
    partial = [
        {**asdict(u), "links": [(code, external_url(u.symbol, code)) for code in u.lacking]} for u in uneven(store)
    ]
    return render(request, "status.html", {"rows": rows, "partial": partial, "un_sorted": un_sorted})


# --------------------------------------------------------------------------- State pages


@router.get("/states/{code}", response_class=HTMLResponse)
def state_html(request: Request, code: str, store: StoreDep) -> Response:
    """A State's page: the letters it sent, the drafts it sponsored, its recorded votes and
    the documents that name it, in the library."""
    found = find_state(code)
    if code != found.code:
        return RedirectResponse(f"/states/{found.code}", status_code=301)
    links = state_page(store, found)
    votes_rows = sorted(
        ((role, link) for role, rows in links["votes"].items() for link in rows),
        key=lambda pair: (pair[1].date or "", pair[1].symbol, pair[1].ref),
        reverse=True,
    )
    return render(
        request,
        "state.html",
        {"state": found, "links": links, "vote_rows": votes_rows, "un_sorted": un_sorted},
    )


# --------------------------------------------------------------------------- agenda pages


@router.get("/agenda/{organ}/{session}", response_class=HTMLResponse)
def agenda_page(request: Request, organ: str, session: str, store: StoreDep) -> Response:
    """A session's agenda as the library's documents print it, each item with its documents."""
    return _agenda(request, store, organ, session, None)


@router.get("/agenda/{organ}/{session}/{item}", response_class=HTMLResponse)
def agenda_item_page(request: Request, organ: str, session: str, item: str, store: StoreDep) -> Response:
    """One agenda item: its title in each language found, and every document filed under it."""
    return _agenda(request, store, organ, session, item)


def _agenda(request: Request, store: Store, organ: str, session: str, item: str | None) -> Response:
    name = agenda_organ(organ)
    number = agenda_item_number(item) if item is not None else None
    entries = store.agenda(name, session, number)
    if number is not None and not entries:
        raise HTTPException(
            404, f"No document in this library is filed under item {number} of the {name}'s session {session}."
        )
    docs = {sym: store.document(sym) for e in entries for sym in e.documents}
    context = {
        "organ": name,
        "organ_url": agenda_url(name, session),
        "session": session,
        "number": number,
        "entries": entries,
        "docs": docs,
        "un_sorted": un_sorted,
    }
    return render(request, "agenda.html", context)


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
    Offsets index the unescaped text; a marker that falls inside a link goes after it,
    one past the end of the text goes at the end (a marker is never lost)."""
    spans: list[tuple[int, int, str, bool]] = []
    for start, end, url, internal in sorted(links):
        if not spans or start >= spans[-1][1]:
            spans.append((start, end, url, internal))
    points: list[tuple[int, str]] = []
    for offset, marker in notes:
        at = max(0, min(offset, len(text)))
        for start, end, _, _ in spans:
            if start < at < end:
                at = end
        points.append((at, marker))
    points.sort(key=lambda p: p[0])

    def note(marker: str) -> str:
        m = escape(marker)
        return (
            f'<sup class="fnref"><a href="#{fn_prefix}{m}" id="{fn_prefix}ref-{m}" aria-label="note {m}">{m}</a></sup>'
        )

    out: list[str] = []
    pos = 0
    pi = 0
    for start, end, url, internal in spans + [(len(text), len(text), "", False)]:
        while pi < len(points) and points[pi][0] <= start:
            out.append(str(escape(text[pos : points[pi][0]])))
            pos = points[pi][0]
            out.append(note(points[pi][1]))
            pi += 1
        out.append(str(escape(text[pos:start])))
        if end > start:
            cls = "ref" if internal else "ref external"
            out.append(f'<a class="{cls}" href="{escape(url)}">{escape(text[start:end])}</a>')
        pos = end
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


def cited_spans(text: str, record: Record) -> list[tuple[int, int, str]]:
    """(start, end, symbol) of what a block cites: printed symbols ("A/78/304") and
    running-text citations ("resolution 79/7"), the latter through the parser's own
    reader and only when it resolved them into the record's references, so a link
    never says more than the record does. Texts the reader rewrites before matching
    (Arabic "(د-12)") keep only their printed symbols: offsets would not hold."""
    found = symbols.find_symbols(text) if "/" in text or "(" in text else []
    if not record.references or not record.language or not any(c.isdigit() for c in text):
        return found
    lang = langs.load(record.language)
    if citing.normalise(text, lang) != text:
        return found
    cited = set(record.references)
    taken = [(s, e) for s, e, _ in found]
    default = record.organ or "General Assembly"
    for offset, sym in citing.citations(text, lang, default):
        m = citing.ITEM.match(text, offset)
        if sym not in cited or m is None or any(s <= offset < e for s, e in taken):
            continue
        end = offset + len(m.group(0).rstrip())
        found.append((offset, end, sym))
        taken.append((offset, end))
    return sorted(found)


def show_block(index: int, b: Block, link: Linker, fn_prefix: str, record: Record) -> ShownBlock:
    links = [(s, e, *link(sym)[:2]) for s, e, sym in cited_spans(b.text, record)]
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
        current = out[-1]
        opens_annex = b.kind == "annex_heading" and (
            current.annex is None or any(x.kind == "annex_heading" for x in current.blocks)
        )
        if b.annex != current.annex or opens_annex:
            out.append(Section(b.annex))
        prefix = f"fn{out[-1].annex or 0}-"
        shown = show_block(i, b, link, prefix, record)
        (out[-1].footnotes if b.kind == "footnote" else out[-1].blocks).append(shown)
    return [s for s in out if s.blocks or s.footnotes]


#: a document gets a table of contents from this many headings (annex headings included)
TOC_FROM: Final = 4


def contents(record: Record) -> list[tuple[int, str, bool]]:
    """The table of contents of a long document: (block index, heading, is an annex), for
    documents with enough headings to need one."""
    found = [
        (i, b.text if len(b.text) <= 120 else b.text[:117] + "…", b.kind == "annex_heading")
        for i, b in enumerate(record.blocks)
        if b.kind in ("heading", "annex_heading") and b.text.strip()
    ]
    return found if len(found) >= TOC_FROM else []


@dataclass
class Cited:
    symbol: str
    url: str
    internal: bool


def cited(link: Linker, symbol: str) -> Cited:
    url, internal, canonical = link(symbol)
    return Cited(canonical, url, internal)


def _votes(record: Record, found: list[Vote], lang: str, link: Linker) -> list[dict[str, Any]]:
    """A meeting record's recorded votes for the page: the result, a bar per way of voting
    (shares of the votes cast and abstentions), and the States by name in the page's language."""
    if record.doc_type != "meeting_record":
        return []
    out = []
    for vote in found:
        lists = {key: getattr(vote, key) for key in LISTS}
        out.append(
            {
                "vote": vote,
                "resolution": cited(link, vote.resolution) if vote.resolution else None,
                "bars": _bars([len(codes) for codes in lists.values()], list(lists)),
                "names": {key: [(code, _state_name(code, lang)) for code in codes] for key, codes in lists.items()},
            }
        )
    return out


def _history(store: Store, symbol: str, record: Record, recorded: list[Vote], link: Linker) -> dict[str, Any] | None:
    """Where the document came from and what it became, for the page (enrich/provenance.py)."""
    found = history(store, symbol)
    own = adoptions(record, recorded) if record.doc_type == "meeting_record" else []
    if found is None or not (found.came_from or found.became or found.adopted or own):
        return None
    return {
        "came_from": [cited(link, s) for s in found.came_from],
        "became": [cited(link, s) for s in found.became],
        "adopted": [(a, cited(link, a.meeting) if a.meeting else None) for a in found.adopted],
        "own": [
            (a, cited(link, a.draft) if a.draft else None, cited(link, a.outcome) if a.outcome else None) for a in own
        ],
    }


def _bars(counts: list[int], keys: list[str]) -> list[tuple[str, float, float, int]]:
    """(key, width, x, count) of each part of a vote's bar, in shares of 100."""
    total = sum(counts) or 1
    out, x = [], 0.0
    for key, n in zip(keys, counts, strict=True):
        width = round(100 * n / total, 2)
        out.append((key, width, round(x, 2), n))
        x += width
    return out


def _state_name(code: str, lang: str) -> str:
    found = state(code)
    return (found.names.get(lang) or found.names.get("en") or code) if found else code


def _family(store: Store, symbol: str) -> list[Member]:
    """The document's family (enrich/families.py), or none for a symbol the grammar cannot read."""
    try:
        return family(symbol, store.symbols_under(root(symbol)))
    except symbols.SymbolError:
        return []


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
    add("Language", [record.language] if record.language else [])  # codes: named in the interface's language
    add("Original", list(record.original_languages))
    job = record.job_number and f"{record.job_number}{f' ({record.job_language})' if record.job_language else ''}"
    add("Job number", job)
    add("Type", type_name(record.doc_type))
    return rows


# --------------------------------------------------------------------------- parallel view


@dataclass
class Cell:
    """What one version says in one row: its units (number, text), or nothing (a gap)."""

    lang: str
    units: list[tuple[str | None, str | None, str]]  # (printed number, block kind, text)


@dataclass
class Row:
    index: int
    part: str  # body or footnote
    cells: list[Cell]


def parallel_rows(alignment: Alignment, records: dict[str, Record], order: list[str]) -> list[Row]:
    """The aligner's rows as table rows, one cell per language in the reader's order.
    At paragraph level, positions index `record_units` of each version (the aligner's
    own list), which also gives each paragraph's printed number."""
    meta: dict[str, list[Unit]] = {}
    if alignment.level == "paragraph":
        for lang in alignment.langs:
            units = record_units(records[lang])
            if len(units) == len(alignment.units[lang]):
                meta[lang] = units
    out = []
    for i, group in enumerate(align_rows(alignment)):
        cells = []
        part = "body"
        for lang in order:
            shown = []
            for pos in group.get(lang, []):
                unit = meta[lang][pos] if lang in meta else None
                if unit is not None and unit.part == "footnote":
                    part = "footnote"
                shown.append((unit.number if unit else None, unit.kind if unit else None, alignment.units[lang][pos]))
            cells.append(Cell(lang, shown))
        out.append(Row(i, part, cells))
    return out


def _level(level: str) -> str:
    """The units the parallel view aligns: paragraphs unless sentences are asked for."""
    return level if level in ("paragraph", "sentence") else "paragraph"


@router.get("/documents/{symbol:path}/parallel.tmx")
@router.get("/documents/{symbol:path}/parallel.tsv")
def parallel_export(
    request: Request,
    symbol: str,
    store: StoreDep,
    langs: Annotated[list[str] | None, Query()] = None,
    level: str = "paragraph",
) -> Response:
    """The alignment the parallel view shows, as a translation memory (TMX 1.4) or a table
    (TSV: one row per aligned group, a column per language)."""
    fmt = request.url.path.rsplit(".", 1)[-1]
    doc = find(store, symbol)
    level = _level(level)
    try:
        chosen = choose_languages(doc, langs or None)
        alignment = aligned(store, doc, chosen, level, "auto")
    except UndocsError as exc:
        raise HTTPException(422, str(exc)) from None
    name = doc.symbol.replace("/", "_").replace(" ", "") + f".{'-'.join(chosen)}.{level}.{fmt}"
    body, media = (
        (to_tmx(alignment), "application/x-tmx+xml")
        if fmt == "tmx"
        else (to_tsv(alignment), "text/tab-separated-values")
    )
    return Response(
        body, media_type=f"{media}; charset=utf-8", headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )


@router.get("/documents/{symbol:path}/parallel", response_class=HTMLResponse)
def parallel_page(
    request: Request,
    symbol: str,
    store: StoreDep,
    langs: Annotated[list[str] | None, Query()] = None,
    level: str = "paragraph",
) -> Response:
    """Two to six versions in columns, each row one aligned group, so a reader sees the
    same paragraph in every language side by side (Arabic columns right to left)."""
    doc = find(store, symbol)
    level = _level(level)
    context: dict[str, Any] = {
        "doc": doc,
        "versions": un_sorted(doc.languages),
        "level": level,
        "chosen": [],
        "rows": [],
        "message": None,
    }
    status = 200
    try:
        if len(doc.languages) < 2:
            raise HTTPException(422, f"{doc.symbol} has only one version here: nothing to set side by side.")
        context["chosen"] = [c for c in ",".join(langs or []).split(",") if c in doc.languages]
        chosen = context["chosen"] = choose_languages(doc, langs or None)
        alignment = aligned(store, doc, chosen, level, "auto")
        records = {lang: store.version(doc.symbol, lang) for lang in chosen}
        context["rows"] = parallel_rows(alignment, {k: r for k, r in records.items() if r is not None}, chosen)
    except HTTPException as exc:  # languages not chosen well: said above the form
        context["message"], status = str(exc.detail), exc.status_code
    except UndocsError as exc:  # the aligner refused: say why instead of showing a garbage table
        context["message"], status = str(exc), 422
    if request.headers.get("hx-request") == "true" and request.headers.get("hx-target") == "parallel":
        # htmx swaps only 2xx answers; the message must replace the table all the same
        return render(request, "_parallel.html", context)
    return render(request, "parallel.html", context, status_code=status)


@router.get("/documents/{symbol:path}/{lang:lang}", response_class=HTMLResponse)
def document_page(request: Request, symbol: str, lang: str, store: StoreDep) -> Response:
    """One version, read as printed: masthead panel, numbered body, annexes and notes,
    cited documents as links, the other language versions one click away."""
    doc = find(store, symbol)
    record = store.version(doc.symbol, lang)
    if record is None:
        raise HTTPException(
            404, f"{doc.symbol} has no {lang_name(lang)} version here (versions: {', '.join(doc.languages)})."
        )
    if symbol != doc.symbol:  # another spelling (`a/c.2/72/3`): one URL per page
        return RedirectResponse(doc_url(doc.symbol, lang), status_code=301)
    link = Linker(store, lang)
    cites = [cited(link, s) for s in store.references_out(doc.symbol, lang)]
    cited_by = [cited(link, s) for s in store.references_in(doc.symbol)]
    relatives = [(cited(link, m.symbol), m.relation) for m in _family(store, doc.symbol)]
    recorded = votes(record) if record.doc_type == "meeting_record" else []  # read once: bars and history
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
        "family": relatives if len(relatives) > 1 else [],
        "votes": _votes(record, recorded, lang, link),
        "history": _history(store, doc.symbol, record, recorded, link),
        "official": official_languages(),
        "side_by_side": [lang]
        + [c for c in ("en", "fr", "es", "ru", "ar", "zh") if c != lang and c in doc.languages][:2],
        "external": external_url(doc.symbol, lang),
        "original": original_of(record.source) is not None,
        "toc": contents(record),
    }
    return render(request, "document.html", context)


@router.get("/documents/{symbol:path}/{lang:lang}/original")
def original_page(symbol: str, lang: str, store: StoreDep) -> Response:
    """The file the version was read from, as the reader would want to cite or print it."""
    return original_response(store, symbol, lang)


@router.get("/documents/{symbol:path}/{lang:lang}/markdown")
def markdown_page(symbol: str, lang: str, store: StoreDep) -> Response:
    """The version as Markdown (`undocs parse --markdown`): masthead table, then the text."""
    doc = find(store, symbol)
    record = store.version(doc.symbol, lang)
    if record is None:
        raise HTTPException(404, f"{doc.symbol} has no {lang_name(lang)} version here.")
    name = doc.symbol.replace("/", "_").replace(" ", "") + f".{lang}.md"
    return Response(
        markdown(record),
        media_type="text/markdown; charset=utf-8",
        headers={"Content-Disposition": f'inline; filename="{name}"'},
    )


@router.get("/documents/{symbol:path}", response_class=HTMLResponse)
def document_redirect(request: Request, symbol: str, store: StoreDep) -> Response:
    """A symbol without a language opens the reader's language when present; a symbol the
    library does not hold but cites gets a page saying who cites it and where to find it."""
    if store.document(symbol) is None:
        try:
            canonical = symbols.normalize(symbol)
        except symbols.SymbolError:
            canonical = symbol
        cited_by = store.references_in(canonical)
        if cited_by:
            link = Linker(store, "en")
            context = {
                "symbol": canonical,
                "cited_by": [cited(link, s) for s in cited_by],
                "external": external_url(canonical, "en"),
            }
            return render(request, "cited.html", context)
    doc = find(store, symbol)
    lang = preferred_language(doc, request.headers.get("accept-language", ""))
    return RedirectResponse(doc_url(doc.symbol, lang), status_code=302)
