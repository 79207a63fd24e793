"""The HTTP API: JSON over the Store, one thin route per question.

Shapes: a version is exactly the record of `design/record.md`; documents, hits and
facets are the Store's dataclasses as JSON, with `url`s so a client can walk from a
hit to the document, its versions and what it cites without building paths itself.

Symbols in paths: UN symbols contain slashes, so a symbol is either URL-encoded
(`/api/documents/A%2FC.2%2F72%2F3`) or written as is (`/api/documents/A/C.2/72/3`).
ASGI servers decode `%2F` before routing, so both arrive as the same path and one
`{symbol:path}` route serves both; a trailing language code is told apart from the
last symbol component by the `lang` convertor, which only matches an official
language (no UN symbol ends in `/fr`).
"""

from __future__ import annotations

import hashlib
import re
import secrets
import tempfile
from collections.abc import AsyncGenerator, AsyncIterator
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Annotated, Any, Literal
from urllib.parse import quote

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field
from starlette.convertors import Convertor, register_url_convertor
from starlette.formparsers import MultiPartException, MultiPartParser

from undocs import lang as langs
from undocs import symbols
from undocs.align import Alignment, align, jsonl_lines, rows
from undocs.enrich.families import family, root
from undocs.enrich.provenance import adoptions, history
from undocs.enrich.states import State, code_of, state
from undocs.enrich.votes import votes
from undocs.errors import ParseError
from undocs.files import MEDIA_TYPES, original_of
from undocs.isolate import parse_isolated
from undocs.parse import parse
from undocs.record import Record
from undocs.store import (
    MAX_LIMIT,
    DocumentInfo,
    SearchHit,
    SearchQuery,
    SearchResult,
    Store,
    VersionConflict,
    VersionInfo,
)

#: The UN's order of the six languages (alphabetical in English), for lists and switchers.
UN_ORDER = langs.OFFICIAL
#: Room for the multipart envelope (boundaries, part headers) around the file itself.
MULTIPART_SLACK = 64 * 1024


# --------------------------------------------------------------------------- paths


def official_languages() -> tuple[str, ...]:
    """The languages undocs reads: one `lang/<code>.toml` each, so adding one needs no code here."""
    return tuple(langs.available())


class LangConvertor(Convertor[str]):
    """A path segment that is an official language code, and nothing else; this is what
    lets `{symbol:path}/{lang:lang}` and `{symbol:path}` coexist."""

    regex = "(?:" + "|".join(sorted(official_languages())) + ")"

    def convert(self, value: str) -> str:
        return value

    def to_string(self, value: str) -> str:
        return value


def register_convertors() -> None:
    """Idempotent: Starlette keeps convertors in a module-level registry."""
    register_url_convertor("lang", LangConvertor())


register_convertors()


def symbol_path(symbol: str) -> str:
    """A symbol as one path segment (`A%2FC.2%2F72%2F3`): the encoding the API documents."""
    return quote(symbol, safe="")


def api_document_url(symbol: str) -> str:
    return f"/api/documents/{symbol_path(symbol)}"


def external_url(symbol: str, language: str = "en") -> str:
    """Where the UN serves a document the library does not hold."""
    try:
        return symbols.parse(symbol).url(language)
    except symbols.SymbolError:
        return f"https://undocs.org/{language}/{quote(symbol, safe='/()')}"


# --------------------------------------------------------------------------- models


class ErrorOut(BaseModel):
    error: str = Field(description="What went wrong, for a person to read.")


class FacetValue(BaseModel):
    value: str
    count: int


class HitOut(BaseModel):
    symbol: str
    language: str
    title: str | None
    date: str | None
    doc_type: str | None
    snippet: str = Field(description="HTML-escaped text, the matched words wrapped in <mark>...</mark>.")
    score: float
    block: int | None = Field(description="Index (0-based) of the block the snippet comes from.")
    url: str = Field(description="This version's record in the API.")
    versions: list[str] = Field(
        default_factory=list,
        description="With group=true: the languages of the document's versions that match, this hit's first.",
    )


class SearchOut(BaseModel):
    total: int
    offset: int
    limit: int
    took_ms: float
    hits: list[HitOut]
    facets: dict[str, list[FacetValue]] = Field(
        description="organ, body, session, doc_type, language, year, agenda, state (alpha-3) -> values with counts."
    )


class VersionOut(BaseModel):
    language: str
    format: str
    title: str | None
    date: str | None
    blocks: int
    sha256: str
    path: str
    url: str


class DocumentOut(BaseModel):
    symbol: str
    organ: str | None
    body: str | None
    session: str | None
    doc_type: str | None
    date: str | None
    titles: dict[str, str]
    agenda_items: list[dict[str, Any]]
    languages: list[str]
    versions: list[VersionOut]
    url: str


class DocumentList(BaseModel):
    total: int
    offset: int
    limit: int
    documents: list[DocumentOut]


class ReferenceOut(BaseModel):
    symbol: str
    in_library: bool
    url: str = Field(description="The API document when the library holds it, else undocs.org.")


class ReferencesOut(BaseModel):
    symbol: str
    cites: list[ReferenceOut] = Field(description="Documents this one cites (references out), in order.")
    cited_by: list[ReferenceOut] = Field(description="Stored documents that cite this one (references in).")


class MemberOut(BaseModel):
    symbol: str
    relation: str = Field(
        description='How it relates to the family\'s root: "document", "revision 1", "corrigendum 1 to revision 1", "addendum 13", "section 10, part A".'
    )
    in_library: bool
    url: str = Field(description="The library's API URL when held, else the document at undocs.org.")


class FamilyOut(BaseModel):
    symbol: str
    root: str = Field(description="The symbol without modifiers and sections: what the members attach to.")
    members: list[MemberOut] = Field(
        description="The root, every member the library holds, and the members their symbols imply (Rev.1 before Rev.2), in symbol order."
    )


class VoteOut(BaseModel):
    subject: str | None = Field(
        description='What was voted on, as the result line prints it: "Draft resolution A/61/L.67", "Operative paragraph 7".'
    )
    result: str | None = Field(description="adopted, rejected or retained.")
    totals: dict[str, int] | None = Field(
        description="The totals the result line prints: in_favour, against, abstaining."
    )
    in_favour: list[str] = Field(description="ISO 3166-1 alpha-3 codes, in printed order.")
    against: list[str]
    abstaining: list[str]
    unresolved: list[str] = Field(description="Names in the lists that no State's name matches, as printed.")
    agrees: bool = Field(description="The lists hold as many States as the totals say, every name resolved.")
    resolution: str | None = Field(
        description='The resolution the result names: "(resolution 61/295)" -> "A/RES/61/295".'
    )
    page: int | None


class VotesOut(BaseModel):
    symbol: str
    language: str
    votes: list[VoteOut] = Field(description="The recorded votes the meeting record prints, in order.")


class AdoptionOut(BaseModel):
    meeting: str | None = Field(description="The meeting record that says it.")
    block: int = Field(description="Index of the block of that record that says it.")
    subject: str = Field(description='As printed: "Draft resolution III, as amended".')
    kind: str
    result: str
    draft: str | None = Field(description="The draft's symbol where the record names or announced it.")
    report: str | None = Field(description="The committee report whose numbered draft it is.")
    number: str | None = Field(description='A numbered draft\'s number: "III".')
    outcome: str | None = Field(description='What it became: "A/RES/65/208".')
    vote: int | None = Field(description="Index into the meeting record's votes when it was a recorded vote.")


class HistoryOut(BaseModel):
    symbol: str
    origin: dict[str, Any] | None = Field(description="A resolution's printed origin line and the documents it names.")
    came_from: list[ReferenceOut] = Field(description="Drafts or reports it came from.")
    became: list[ReferenceOut] = Field(description="Resolutions or decisions it became.")
    adopted: list[AdoptionOut] = Field(description="Adoption lines of stored meeting records that name it.")
    adoptions: list[AdoptionOut] = Field(description="For a meeting record: every draft it acted on.")


class StateLinkOut(BaseModel):
    symbol: str
    url: str = Field(description="The document in the library's API.")
    title: str | None
    date: str | None
    doc_type: str | None
    ref: str = Field(description='Which vote, for a vote: "0: Draft resolution A/61/L.67".')
    count: int = Field(description="How often it names the State (mentions).")


class StateOut(BaseModel):
    code: str = Field(description="ISO 3166-1 alpha-3 (ISO 3166-3 for States that are no more).")
    m49: str
    status: str = Field(description="member, observer or former.")
    names: dict[str, str] = Field(description="The UN's short name in each official language.")
    authored: list[StateLinkOut] = Field(description="Letters and notes verbales it sent.")
    sponsored: list[StateLinkOut] = Field(description="Drafts it sponsored.")
    votes: dict[str, list[StateLinkOut]] = Field(description="Recorded votes: in_favour, against, abstaining.")
    mentioned: list[StateLinkOut] = Field(description="Documents that name it, most mentions first.")


class AgendaItemOut(BaseModel):
    number: str = Field(description='Canonical item number: "19 (a)".')
    titles: dict[str, str] = Field(description="The item's title per language, as the documents print it.")
    documents: list[str] = Field(description="Symbols of the documents filed under the item, in symbol order.")


class AgendaOut(BaseModel):
    organ: str
    session: str
    items: list[AgendaItemOut]


class AlignLinkOut(BaseModel):
    """One link, as `undocs align --format jsonl` prints it."""

    src_lang: str
    tgt_lang: str
    src: list[int] = Field(description="0-based positions in units[src_lang].")
    tgt: list[int] = Field(description="0-based positions in units[tgt_lang].")
    src_text: str
    tgt_text: str
    score: float


class AlignmentOut(BaseModel):
    symbol: str
    level: str
    pivot: str = Field(description="Every other language is aligned to this one.")
    langs: list[str]
    links: list[AlignLinkOut] = Field(description="Pairwise links, pivot to each other language.")
    rows: list[dict[str, list[int]]] = Field(
        description="The links joined across languages: positions per language that say the same thing, in reading order."
    )
    units: dict[str, list[str]] = Field(description="Paragraphs (or sentences) of each version, body then footnotes.")


class UploadOut(BaseModel):
    status: str = Field(description="added, updated (replaced on request) or unchanged")
    symbol: str
    language: str
    format: str = Field(description="pdf, docx, text or akn")
    sha256: str = Field(description="Of the uploaded bytes: what identifies an upload")
    message: str = Field(description="What happened, in a sentence")
    url: str


def version_out(symbol: str, v: VersionInfo) -> VersionOut:
    return VersionOut(
        language=v.language,
        format=v.format,
        title=v.title,
        date=v.date,
        blocks=v.blocks,
        sha256=v.sha256,
        path=v.path,
        url=f"{api_document_url(symbol)}/{v.language}",
    )


def document_out(d: DocumentInfo) -> DocumentOut:
    return DocumentOut(
        symbol=d.symbol,
        organ=d.organ,
        body=d.body,
        session=d.session,
        doc_type=d.doc_type,
        date=d.date,
        titles=d.titles,
        agenda_items=d.agenda_items,
        languages=d.languages,
        versions=[version_out(d.symbol, v) for v in d.versions],
        url=api_document_url(d.symbol),
    )


def hit_out(h: SearchHit) -> HitOut:
    return HitOut(
        symbol=h.symbol,
        language=h.language,
        title=h.title,
        date=h.date,
        doc_type=h.doc_type,
        snippet=h.snippet,
        score=h.score,
        block=h.block,
        url=f"{api_document_url(h.symbol)}/{h.language}",
        versions=h.versions,
    )


def facets_out(result: SearchResult) -> dict[str, list[FacetValue]]:
    return {name: [FacetValue(value=str(v), count=c) for v, c in values] for name, values in result.facets.items()}


# --------------------------------------------------------------------------- helpers


def get_store(request: Request) -> Store:
    """The app's one Store (set by `create_app`)."""
    return request.app.state.store


#: A route's Store parameter: routes take the store by dependency so tests and the CLI
#: can build apps over different stores in one process.
StoreDep = Annotated[Store, Depends(get_store)]


def find_document(store: Store, symbol: str) -> DocumentInfo:
    """The document, in any spelling of its symbol, or 404 saying which symbol is missing."""
    doc = store.document(symbol)
    if doc is None:
        raise HTTPException(404, f"no document {symbol!r} in the library")
    return doc


def references(store: Store, symbol: str, language: str | None = None) -> tuple[list[str], list[str]]:
    """(cites, cited_by) symbols; the web page shares it."""
    return store.references_out(symbol, language), store.references_in(symbol)


def choose_languages(doc: DocumentInfo, wanted: list[str] | None) -> list[str]:
    """The versions to align, in order (the first is the pivot): what was asked for, or
    every version present, English first (the aligner's anchors are richest there).
    422 for a code that is no official language or a count outside 2..6; 404 for a
    version the library does not hold."""
    if not wanted:
        have = doc.languages
        ordered = (["en"] if "en" in have else []) + [c for c in UN_ORDER if c in have and c != "en"]
        return ordered + [c for c in have if c not in ordered]
    codes = list(dict.fromkeys(c.strip().lower() for w in wanted for c in w.split(",") if c.strip()))
    unknown = [c for c in codes if c not in official_languages()]
    if unknown:
        raise HTTPException(422, f"not an official language: {', '.join(unknown)} (use {', '.join(UN_ORDER)})")
    if not 2 <= len(codes) <= 6:
        raise HTTPException(422, f"choose two to six languages, not {len(codes)}")
    missing = [c for c in codes if c not in doc.languages]
    if missing:
        raise HTTPException(
            404, f"{doc.symbol} has no {', '.join(missing)} version here (versions: {', '.join(doc.languages)})"
        )
    return codes


def aligned(store: Store, doc: DocumentInfo, langs: list[str], level: str, encoder: str) -> Alignment:
    """The alignment of `langs` versions of `doc`; the aligner's refusals (a much shorter
    version, text in the wrong language) are AlignErrors, 422 with its message.
    Remembered per content hash: the web page and the API ask for the same thing twice,
    and an upload that changes a version changes the key."""
    hashes = tuple(sorted((v.language, v.format, v.sha256) for v in doc.versions if v.language in langs))
    return _aligned(store, doc.symbol, tuple(langs), level, encoder, hashes)  # type: ignore[arg-type]  # by identity


@lru_cache(maxsize=64)
def _aligned(
    store: Store,
    symbol: str,
    langs: tuple[str, ...],
    level: str,
    encoder: str,
    hashes: tuple[tuple[str, str, str], ...],
) -> Alignment:
    records = [store.version(symbol, lang) for lang in langs]
    found = [r for r in records if r is not None]
    if len(found) != len(records):
        raise HTTPException(404, f"{symbol}: a version disappeared while aligning; try again")
    # English as pivot when present, whatever the column order: its anchors are richest
    pivot = "en" if "en" in langs else langs[0]
    return align(found, level=level, encoder="auto" if encoder == "auto" else None, pivot=pivot)


ERRORS: dict[int | str, dict[str, Any]] = {404: {"model": ErrorOut, "description": "No such document or version."}}

router = APIRouter(prefix="/api")


#: Paging stops here (a client past it wants a narrower query, and SQLite's integers end at 2**63)
MAX_OFFSET = 10_000_000
#: The longest query accepted, in characters (a query has at most 64 terms anyway)
MAX_QUERY = 2000

# --------------------------------------------------------------------------- routes


@router.get(
    "/search",
    tags=["search"],
    response_model=SearchOut,
    responses={422: {"model": ErrorOut, "description": "Malformed query or parameter."}},
)
def search(
    store: StoreDep,
    q: str = Query(
        "", max_length=MAX_QUERY, description='Words, "a phrase", prefix*, AND/OR/NOT, or a symbol (`A/C.2/72/*`).'
    ),
    lang: Annotated[
        list[str] | None,
        Query(description="Language version (ISO 639-1). Every filter may be repeated: any of its values."),
    ] = None,
    organ: Annotated[list[str] | None, Query(description="Principal organ, e.g. `General Assembly`.")] = None,
    body: Annotated[list[str] | None, Query(description="Subsidiary body, e.g. `Second Committee`.")] = None,
    session: Annotated[list[str] | None, Query(description="Session, e.g. `72` or `ES-11`.")] = None,
    doc_type: Annotated[list[str] | None, Query(alias="type", description="Document type, e.g. `resolution`.")] = None,
    year: Annotated[list[str] | None, Query(description="Year of the document's date, `2023`.")] = None,
    agenda: Annotated[list[str] | None, Query(description="Agenda item, `19 (a)` or `19`.")] = None,
    state: Annotated[
        list[str] | None, Query(description="A State the document names, sent, sponsored or voted: `FRA` (alpha-3).")
    ] = None,
    sort: Literal["relevance", "date"] = Query("relevance"),
    limit: int = Query(20, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
    group: bool = Query(
        False, description="One hit per document (its best version), with the languages of its matching versions."
    ),
) -> SearchOut:
    """Hits with marked snippets, and facet counts over all matches (not just this page).
    With `group=true`, `total` counts documents and each hit lists its matching `versions`.

    A malformed query (an unclosed quote, a dangling operator) is a 422 with the
    search engine's message.
    """
    for value in year or []:
        if not re.fullmatch(r"\d{4}", value):
            raise HTTPException(422, f"year={value!r}: a year is four digits")
    for value in state or []:
        if not re.fullmatch(r"[A-Za-z]{3}", value):
            raise HTTPException(422, f"state={value!r}: use a State's three-letter code (ISO 3166-1 alpha-3)")
    query = SearchQuery.from_params(
        q=q,
        lang=lang,
        organ=organ,
        body=body,
        session=session,
        doc_type=doc_type,
        year=year,
        agenda=agenda,
        state=[v.upper() for v in state] if state else None,
        sort=sort,
        limit=limit,
        offset=offset,
    )
    query.group = group
    result = store.search(query)
    return SearchOut(
        total=result.total,
        offset=offset,
        limit=limit,
        took_ms=result.took_ms,
        hits=[hit_out(h) for h in result.hits],
        facets=facets_out(result),
    )


@router.get("/documents", tags=["documents"], response_model=DocumentList)
def list_documents(
    store: StoreDep,
    limit: int = Query(50, ge=1, le=500),
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
) -> DocumentList:
    """Every document in the library, a page at a time, each with its versions."""
    total, docs = store.documents(offset=offset, limit=limit)
    return DocumentList(total=total, offset=offset, limit=limit, documents=[document_out(d) for d in docs])


UPLOAD_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {
                        "file": {
                            "type": "string",
                            "format": "binary",
                            "description": "One PDF, DOCX, text or AKN XML.",
                        },
                        "language": {"type": "string", "description": "Force the language instead of detecting it."},
                        "replace": {
                            "type": "boolean",
                            "description": "Replace the stored version of the same symbol, language and format "
                            "when it came from another file (otherwise that is a 409).",
                        },
                    },
                }
            }
        },
    },
}
bearer = HTTPBearer(auto_error=False, description="The upload token configured on the server.")


@router.post(
    "/documents",
    tags=["documents"],
    status_code=201,
    response_model=UploadOut,
    openapi_extra=UPLOAD_BODY,
    responses={
        200: {"model": UploadOut, "description": "This exact file was already stored; nothing changed."},
        401: {"model": ErrorOut, "description": "Missing or wrong bearer token."},
        403: {"model": ErrorOut, "description": "Uploads are disabled (no token configured)."},
        409: {
            "model": ErrorOut,
            "description": "Another file is stored for this symbol, language and format; send replace=true.",
        },
        413: {"model": ErrorOut, "description": "The file is larger than the configured limit."},
        422: {"model": ErrorOut, "description": "The file could not be parsed; the parser says why."},
    },
)
async def upload(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]
) -> JSONResponse:
    """Parse one uploaded file and store it as a version (multipart field `file`).

    An upload is identified by its content (sha256) and the symbol, language and format
    it parses to, never by the client's file name: the same bytes again change nothing
    (200, unchanged); a file for a version that another file already gave is refused
    (409) unless `replace=true` is sent. The file is parsed in a child process under the
    server's memory and time limits.

    Why the body is read by hand: FastAPI would spool the whole upload before any
    check runs; here the token is checked before a byte of body is read, and the
    stream is cut off as soon as it passes the limit.
    """
    state = request.app.state
    check_token(credentials, state.upload_token)
    limit: int = state.max_upload_bytes
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit + MULTIPART_SLACK:
        raise HTTPException(413, f"upload of {int(declared)} bytes is over the limit of {limit} bytes")
    if not request.headers.get("content-type", "").startswith("multipart/form-data"):
        raise HTTPException(415, "send the file as multipart/form-data in a field named 'file'")
    try:
        form = await MultiPartParser(
            request.headers, _capped(request.stream(), limit + MULTIPART_SLACK), max_files=1, max_fields=4
        ).parse()
    except _TooLarge:
        raise HTTPException(413, f"upload is over the limit of {limit} bytes") from None
    except MultiPartException as exc:
        raise HTTPException(400, f"bad multipart body: {exc.message}") from None
    try:
        upload = form.get("file")
        if upload is None or isinstance(upload, str):
            raise HTTPException(422, "no file: send it in a multipart field named 'file'")
        data = await upload.read()
        language = form.get("language")
        replace = form.get("replace")
    finally:
        await form.close()
    if len(data) > limit:
        raise HTTPException(413, f"upload of {len(data)} bytes is over the limit of {limit} bytes")
    name = safe_filename(upload.filename)
    forced = language if isinstance(language, str) and language else None
    wanted = _flag(replace)
    store: Store = state.store
    body = await run_in_threadpool(_parse_and_store, store, name, data, forced, wanted, state.isolate)
    return JSONResponse(body.model_dump(), status_code=200 if body.status == "unchanged" else 201)


def _flag(value: object) -> bool:
    """A form field read as yes or no; anything else is the client's mistake."""
    if value is None or value == "":
        return False
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off"):
        return False
    raise HTTPException(422, f"replace: {str(value)[:40]!r} is not true or false")


def safe_filename(filename: str | None) -> str:
    """The client's file name reduced to one harmless path component: the parser reads
    hints from it (`A_C.2_72_3.fr.txt`), so letters, digits and `._-()` survive;
    directories, leading dots and anything else do not."""
    name = re.sub(r"[^\w.()\-]+", "_", PurePosixPath((filename or "").replace("\\", "/")).name).lstrip(".")
    return name or "upload"


class _TooLarge(Exception):
    pass


async def _capped(stream: AsyncIterator[bytes], limit: int) -> AsyncGenerator[bytes, None]:
    seen = 0
    async for chunk in stream:
        seen += len(chunk)
        if seen > limit:
            raise _TooLarge
        yield chunk


def check_token(credentials: HTTPAuthorizationCredentials | None, token: str | None) -> None:
    """403 when uploads are off (no token configured), 401 for a missing or wrong token."""
    if not token:
        raise HTTPException(403, "uploads are disabled on this server (no upload token is configured)")
    if credentials is None or not credentials.credentials:
        raise HTTPException(
            401, "uploading needs 'Authorization: Bearer <token>'", headers={"WWW-Authenticate": "Bearer"}
        )
    if not secrets.compare_digest(credentials.credentials.strip().encode(), token.encode()):
        raise HTTPException(401, "wrong upload token", headers={"WWW-Authenticate": 'Bearer error="invalid_token"'})


def _parse_and_store(
    store: Store, name: str, data: bytes, language: str | None, replace: bool, isolate: bool
) -> UploadOut:
    """Parse the upload and file it under its content's hash. The parser reads files (its
    format sniffing and language hints use the name), so the upload is written under its
    own name in a private temporary folder; `isolate` parses it in a child process."""
    digest = hashlib.sha256(data).hexdigest()
    stored_path = f"upload:sha256:{digest}"
    reader = parse_isolated if isolate else parse
    with tempfile.TemporaryDirectory(prefix="undocs-upload-") as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        try:
            record = reader(path, language=language)
        except ParseError as exc:
            raise HTTPException(422, f"{name}: {exc.reason}") from None
    if not record.symbol:
        raise HTTPException(422, f"{name}: no document symbol found on the masthead; cannot file it")
    record.source["path"] = stored_path
    record.source["sha256"] = digest
    fmt = str(record.source.get("format") or "")
    code = record.language or ""
    where = f"the {langs.load(code).name if code in langs.available() else code} {fmt} version of {record.symbol}"
    try:
        status = store.put(record, path=stored_path, sha256=digest, replace=replace)
    except VersionConflict:
        raise HTTPException(
            409,
            f"{name}: {where} is already stored from another file; "
            "send replace=true to replace it (nothing was changed)",
        ) from None
    value = str(getattr(status, "value", status))
    message = {
        "added": f"stored as {where}",
        "updated": f"replaced {where}, which came from another file",
        "unchanged": f"this exact file is already stored as {where}; nothing changed",
    }[value]
    return UploadOut(
        status=value,
        symbol=record.symbol,
        language=record.language or "",
        format=fmt,
        sha256=digest,
        message=message,
        url=f"{api_document_url(record.symbol)}/{record.language}",
    )


@router.get("/documents/{symbol:path}/references", tags=["documents"], response_model=ReferencesOut, responses=ERRORS)
def document_references(
    symbol: str,
    store: StoreDep,
    lang: str | None = Query(None, description="Only what this language version cites."),
) -> ReferencesOut:
    """What the document cites (in the library or not) and which stored documents cite it;
    for a symbol the library does not hold but its documents cite, who cites it."""
    held = store.document(symbol)
    if held is None:
        try:
            canonical = symbols.normalize(symbol)
        except symbols.SymbolError:
            canonical = symbol
        cited_by = store.references_in(canonical)
        if not cited_by:
            raise HTTPException(404, f"no document {symbol!r} in the library, and none of its documents cites it")
        return ReferencesOut(
            symbol=canonical, cites=[], cited_by=[reference_out(store, s, lang or "en") for s in cited_by]
        )
    doc = held
    cites, cited_by = references(store, doc.symbol, lang)
    return ReferencesOut(
        symbol=doc.symbol,
        cites=[reference_out(store, s, lang or "en") for s in cites],
        cited_by=[reference_out(store, s, lang or "en") for s in cited_by],
    )


@router.get("/documents/{symbol:path}/family", tags=["documents"], response_model=FamilyOut, responses=ERRORS)
def document_family(symbol: str, store: StoreDep) -> FamilyOut:
    """The document's family from the symbol grammar: its revisions, corrigenda, addenda,
    sections and parts, held or not. A symbol the library does not hold has a family too."""
    held = store.document(symbol)
    asked = held.symbol if held else symbol  # a joint document's family is its first symbol's
    try:
        top = root(asked)
    except symbols.SymbolError as exc:
        raise HTTPException(422, f"{symbol!r} is not a UN document symbol ({exc.reason})") from None
    members = family(asked, store.symbols_under(top))
    return FamilyOut(
        symbol=held.symbol if held else symbols.normalize(symbol),
        root=top,
        members=[
            MemberOut(
                symbol=m.symbol,
                relation=m.relation,
                in_library=m.held,
                url=api_document_url(m.symbol) if m.held else m.url,
            )
            for m in members
        ],
    )


@router.get("/documents/{symbol:path}/votes", tags=["documents"], response_model=VotesOut, responses=ERRORS)
def document_votes(
    symbol: str,
    store: StoreDep,
    lang: str | None = Query(
        None, description="The version to read the votes from (default: English, else the first held)."
    ),
) -> VotesOut:
    """The recorded votes of a meeting record: one list of State codes per way of voting,
    with the totals printed and whether they agree (enrich/votes.py)."""
    doc = find_document(store, symbol)
    language = lang or doc.reading_language
    record = store.version(doc.symbol, language)
    if record is None:
        raise HTTPException(404, f"{doc.symbol} has no {language!r} version (versions: {', '.join(doc.languages)})")
    found = votes(record)
    return VotesOut(
        symbol=doc.symbol,
        language=language,
        votes=[VoteOut(**{k: v for k, v in vote.to_dict().items() if k != "block"}) for vote in found],
    )


@router.get("/documents/{symbol:path}/history", tags=["documents"], response_model=HistoryOut, responses=ERRORS)
def document_history(symbol: str, store: StoreDep) -> HistoryOut:
    """Where the document came from and what it became (enrich/provenance.py): a resolution's
    origin line, the meeting records that say a draft was adopted and as what; for a meeting
    record, every draft it acted on."""
    doc = find_document(store, symbol)
    found = history(store, doc.symbol)
    assert found is not None
    record = store.version(doc.symbol, doc.reading_language)
    own = adoptions(record) if record is not None and record.doc_type == "meeting_record" else []
    return HistoryOut(
        symbol=doc.symbol,
        origin=found.origin,
        came_from=[reference_out(store, s, "en") for s in found.came_from],
        became=[reference_out(store, s, "en") for s in found.became],
        adopted=[AdoptionOut(**a.to_dict()) for a in found.adopted],
        adoptions=[AdoptionOut(**a.to_dict()) for a in own],
    )


class LinkOut(BaseModel):
    kind: str = Field(
        description="cites, cited_by, family (its relation in `relation`), came_from, became, adopted_at,"
        " acted_on (a meeting record's drafts), sponsored_by, sent_by, voted (how, in `relation`)."
    )
    target: str = Field(description="A document symbol, or a State's alpha-3 code.")
    relation: Annotated[
        str | None, Field(description="For family: the member's relation; for voted: in_favour, against, abstaining.")
    ] = None
    in_library: Annotated[bool | None, Field(description="For documents: whether the library holds it.")] = None


class LinksOut(BaseModel):
    symbol: str
    links: list[LinkOut]


@router.get("/documents/{symbol:path}/links", tags=["documents"], response_model=LinksOut, responses=ERRORS)
def document_links(symbol: str, store: StoreDep) -> LinksOut:
    """Every link of the document in the library's graph, as edges: what it cites and what
    cites it, its family, where it came from and what it became, the meeting that adopted it,
    the States that sent or sponsored it, and for a meeting record how each State voted."""
    doc = find_document(store, symbol)
    held = {
        s: store.document(s) is not None for s in (*store.references_out(doc.symbol), *store.references_in(doc.symbol))
    }
    links = [LinkOut(kind="cites", target=s, in_library=held[s]) for s in store.references_out(doc.symbol)]
    links += [LinkOut(kind="cited_by", target=s, in_library=True) for s in store.references_in(doc.symbol)]
    try:
        members = family(doc.symbol, store.symbols_under(root(doc.symbol)))
    except symbols.SymbolError:
        members = []
    links += [
        LinkOut(kind="family", target=m.symbol, relation=m.relation, in_library=m.held)
        for m in members
        if m.symbol != doc.symbol
    ]
    found = history(store, doc.symbol)
    if found is not None:
        links += [
            LinkOut(kind="came_from", target=s, in_library=store.document(s) is not None) for s in found.came_from
        ]
        links += [LinkOut(kind="became", target=s, in_library=store.document(s) is not None) for s in found.became]
        links += [LinkOut(kind="adopted_at", target=a.meeting, in_library=True) for a in found.adopted if a.meeting]
    record = store.version(doc.symbol, doc.reading_language)
    if record is not None:
        for kind, said in (("sponsored_by", record.sponsors), ("sent_by", record.authors)):
            links += [LinkOut(kind=kind, target=code) for code in (said or {}).get("states", [])]
        if record.doc_type == "meeting_record":
            for a in adoptions(record):
                if a.draft:
                    links.append(
                        LinkOut(kind="acted_on", target=a.draft, in_library=store.document(a.draft) is not None)
                    )
            for vote in votes(record):
                for way in ("in_favour", "against", "abstaining"):
                    links += [LinkOut(kind="voted", target=code, relation=way) for code in getattr(vote, way)]
    return LinksOut(symbol=doc.symbol, links=links)


def find_state(code: str) -> State:
    """The State by its alpha-3 code, or by a name in any official language; 404 otherwise."""
    found = state(code) if len(code) == 3 and code.isalpha() else None
    if found is None:
        named = next((c for lang in ("en", "fr", "es", "ru", "zh", "ar") if (c := code_of(code, lang))), None)
        found = state(named) if named else None
    if found is None:
        raise HTTPException(404, f"no State {code!r} (an ISO 3166-1 alpha-3 code such as FRA, or a State's name)")
    return found


def state_page(store: Store, found: State) -> dict[str, Any]:
    """A State's links in the library, by role (the web page shares it)."""
    links = store.state_mentions(found.code)

    def out(role: str) -> list[StateLinkOut]:
        return [
            StateLinkOut(
                symbol=m.symbol,
                url=api_document_url(m.symbol),
                title=m.title,
                date=m.date,
                doc_type=m.doc_type,
                ref=m.ref,
                count=m.count,
            )
            for m in links
            if m.role == role
        ]

    mentioned = sorted(out("mentioned"), key=lambda link: -link.count)
    return {
        "authored": out("author"),
        "sponsored": out("sponsor"),
        "votes": {role: out(role) for role in ("in_favour", "against", "abstaining")},
        "mentioned": mentioned,
    }


@router.get("/states/{code}", tags=["states"], response_model=StateOut, responses=ERRORS)
def state_links_of(code: str, store: StoreDep) -> StateOut:
    """A State (by alpha-3 code or name) and the library's documents that link to it: the
    letters it sent, the drafts it sponsored, how it voted, the documents that name it."""
    found = find_state(code)
    return StateOut(code=found.code, m49=found.m49, status=found.status, names=found.names, **state_page(store, found))


#: usual short forms of organs' names in URLs, beside the names and their symbol series
_ORGAN_ABBREVIATIONS = {"ga": "General Assembly", "sc": "Security Council", "ecosoc": "Economic and Social Council"}
_ITEM = re.compile(r"^\s*(\d{1,4})\s*(?:\(?\s*([a-z]{1,2})\s*\)?)?\s*$", re.IGNORECASE)


def agenda_organ(organ: str) -> str:
    """The organ's canonical name from a URL's spelling (its name, its symbol series or a usual
    short form), or 404."""
    key = organ.strip().lower().replace("-", " ").replace("_", " ")
    for series, name in symbols.organs().items():
        if key in (series.lower(), name.lower()):
            return name
    found = _ORGAN_ABBREVIATIONS.get(key)
    if found is None:
        names = ", ".join(symbols.organs().values())
        raise HTTPException(404, f"no organ {organ!r} (one of {names}, or its symbol series: A, S, E, T)")
    return found


def agenda_item_number(item: str) -> str:
    """ "19a", "19(a)", "19 (a)" -> "19 (a)"; 422 for what is no item number."""
    m = _ITEM.match(item)
    if m is None:
        raise HTTPException(422, f"{item!r} is not an agenda item number (19, 19 (a))")
    return m.group(1) + (f" ({m.group(2).lower()})" if m.group(2) else "")


@router.get("/agenda/{organ}/{session}", tags=["agenda"], response_model=AgendaOut, responses=ERRORS)
def agenda(organ: str, session: str, store: StoreDep) -> AgendaOut:
    """A session's agenda as the library's documents print it: every item with its titles
    in each language found and the documents filed under it."""
    name = agenda_organ(organ)
    items = store.agenda(name, session)
    return AgendaOut(organ=name, session=session, items=[AgendaItemOut(**vars(e)) for e in items])


@router.get("/agenda/{organ}/{session}/{item}", tags=["agenda"], response_model=AgendaOut, responses=ERRORS)
def agenda_item(organ: str, session: str, item: str, store: StoreDep) -> AgendaOut:
    """One item of a session's agenda (an item without a letter gives its sub-items too);
    404 when no stored document is filed under it."""
    name = agenda_organ(organ)
    number = agenda_item_number(item)
    items = store.agenda(name, session, number)
    if not items:
        raise HTTPException(
            404, f"no document in the library is filed under item {number} of the {name}'s session {session}"
        )
    return AgendaOut(organ=name, session=session, items=[AgendaItemOut(**vars(e)) for e in items])


def reference_out(store: Store, symbol: str, language: str) -> ReferenceOut:
    held = store.document(symbol)
    if held is not None:
        return ReferenceOut(symbol=held.symbol, in_library=True, url=api_document_url(held.symbol))
    return ReferenceOut(symbol=symbol, in_library=False, url=external_url(symbol, language))


@router.get(
    "/documents/{symbol:path}/align",
    tags=["documents"],
    response_model=AlignmentOut,
    responses={**ERRORS, 422: {"model": ErrorOut, "description": "Bad languages, or versions that do not align."}},
)
def document_alignment(
    symbol: str,
    store: StoreDep,
    langs: str | None = Query(
        None, description="Two to six versions, comma-separated (default: all); English is the pivot when present."
    ),
    level: Literal["paragraph", "sentence"] = Query("paragraph"),
    encoder: Literal["auto", "none"] = Query(
        "auto", description="`auto`: the shipped sentence encoder when installed; `none`: lengths and anchors only."
    ),
) -> AlignmentOut:
    """The language versions aligned paragraph by paragraph (or sentence by sentence):
    pairwise links to the pivot, and the rows they make across all languages."""
    doc = find_document(store, symbol)
    codes = choose_languages(doc, [langs] if langs else None)
    alignment = aligned(store, doc, codes, level, encoder)
    return AlignmentOut(
        symbol=doc.symbol,
        level=alignment.level,
        pivot=alignment.pivot,
        langs=alignment.langs,
        links=[AlignLinkOut.model_validate_json(line) for line in jsonl_lines(alignment)],
        rows=rows(alignment),
        units=alignment.units,
    )


def original_response(store: Store, symbol: str, lang: str) -> Response:
    """The file a version was read from (web and API): 404 saying why when the library no
    longer finds it unchanged where it was ingested from."""
    doc = find_document(store, symbol)
    record = store.version(doc.symbol, lang)
    if record is None:
        raise HTTPException(404, f"{doc.symbol} has no {lang!r} version (versions: {', '.join(doc.languages)})")
    file = original_of(record.source)
    if file is None:
        raise HTTPException(
            404,
            f"The original file of {doc.symbol} ({lang}) is not available: it was uploaded, or it has moved or"
            f" changed since it was ingested. The UN publishes it at {external_url(doc.symbol, lang)}",
        )
    media = MEDIA_TYPES.get(str(record.source.get("format")), "application/octet-stream")
    return FileResponse(file, media_type=media, filename=file.name)


def public_record(record: Record, symbol: str, lang: str) -> dict[str, Any]:
    """A record as the API shows it: the source file by its name (no server folders), and
    where to download it when the library still has it."""
    out = record.to_dict()
    source = dict(out.get("source") or {})
    path = source.get("path")
    if isinstance(path, str) and not path.startswith("upload:"):
        source["path"] = Path(path).name
        if original_of(record.source) is not None:
            source["original"] = f"{api_document_url(symbol)}/{lang}/original"
    out["source"] = source
    return out


@router.get(
    "/documents/{symbol:path}/{lang:lang}/original",
    tags=["documents"],
    responses={200: {"description": "The original file (PDF, DOCX, XML or text) as ingested."}, **ERRORS},
)
def document_original(symbol: str, lang: str, store: StoreDep) -> Response:
    """The file a language version was read from, unchanged."""
    return original_response(store, symbol, lang)


@router.get(
    "/documents/{symbol:path}/{lang:lang}",
    tags=["documents"],
    responses={200: {"description": "The record of `design/record.md`, blocks included."}, **ERRORS},
)
def document_version(
    symbol: str,
    lang: str,
    store: StoreDep,
    format: str | None = Query(None, description="pdf, text, akn or docx, when a language has several."),
) -> dict[str, Any]:
    """One language version's full record, body blocks included."""
    doc = find_document(store, symbol)
    record = store.version(doc.symbol, lang, format)
    if record is None:
        have = ", ".join(doc.languages) or "none"
        raise HTTPException(
            404, f"{doc.symbol} has no {lang!r} version{' in ' + format if format else ''} (versions: {have})"
        )
    return public_record(record, doc.symbol, lang)


@router.get("/documents/{symbol:path}", tags=["documents"], response_model=DocumentOut, responses=ERRORS)
def document(symbol: str, store: StoreDep) -> DocumentOut:
    """A document (one symbol, any spelling) with the list of its language versions."""
    return document_out(find_document(store, symbol))
