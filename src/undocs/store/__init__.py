"""Stage: records <-> storage, behind one narrow interface.

`Store` is all that ingest, search, the CLI, the HTTP API and the web pages may use.
SQLite (`store/sqlite.py`) is the embedded default; a PostgreSQL backend can follow
by implementing the same protocol, without touching callers.

Model: a *document* is one symbol; it holds *versions*, one per (language, format),
each with the hash of its source file; a version holds its record (blocks and
references included).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Final, Protocol, runtime_checkable

from undocs.errors import UndocsError
from undocs.record import Record


class StoreError(UndocsError):
    """The store cannot be opened or used (bad path, unknown backend, corrupt file)."""


class VersionConflict(StoreError):
    """Another file is stored for this symbol, language and format, and replacing it was not asked for."""

    def __init__(self, symbol: str, language: str, fmt: str, stored_path: str):
        self.symbol, self.language, self.format, self.stored_path = symbol, language, fmt, stored_path
        super().__init__(
            f"{symbol} already has a {language} {fmt} version from another file; "
            "replacing it must be asked for explicitly"
        )


class IngestStatus(StrEnum):
    ADDED = "added"  # a new version
    UPDATED = "updated"  # same (symbol, language, format), new content: replaced
    UNCHANGED = "unchanged"  # same file content as stored: nothing written


@dataclass
class VersionInfo:
    symbol: str
    language: str
    format: str  # pdf, text, akn, docx
    sha256: str
    path: str
    title: str | None = None
    date: str | None = None
    blocks: int = 0


@dataclass
class DocumentInfo:
    symbol: str
    organ: str | None = None
    body: str | None = None
    session: str | None = None
    doc_type: str | None = None
    date: str | None = None
    titles: dict[str, str] = field(default_factory=dict)  # language -> title
    agenda_items: list[dict] = field(default_factory=list)
    versions: list[VersionInfo] = field(default_factory=list)

    @property
    def languages(self) -> list[str]:
        return sorted({v.language for v in self.versions})

    @property
    def reading_language(self) -> str:
        """The version read where one is enough (votes, adoption lines, catalogue records):
        English where held, else the first."""
        return "en" if "en" in self.languages else (self.languages or ["en"])[0]


#: hits one search returns at most, whichever way it is asked (library, CLI, API, web)
MAX_LIMIT: Final = 500


@dataclass
class SearchQuery:
    """What a user asks: words (with "phrases", prefix*, AND/OR/NOT) and/or a symbol
    pattern (`A/C.2/72/*`), narrowed by facets."""

    q: str = ""
    # each filter takes one value or several (any of them: `organ=["General Assembly",
    # "Security Council"]`); filters of different facets all apply
    lang: str | list[str] | None = None
    organ: str | list[str] | None = None
    body: str | list[str] | None = None
    session: str | list[str] | None = None
    doc_type: str | list[str] | None = None
    year: str | list[str] | None = None
    agenda: str | list[str] | None = None  # agenda item number, "19 (a)" or "19"
    state: str | list[str] | None = None  # a State the document names (or sent, sponsored, voted): alpha-3 code
    sort: str = "relevance"  # relevance | date
    limit: int = 20
    offset: int = 0
    group: bool = False  # one hit per document (its best version), its matching versions inside it

    @classmethod
    def from_params(cls, **params: str | int | list[str] | None) -> SearchQuery:
        """From request parameters, where an empty value (or list) means "no filter"."""
        out: dict[str, object] = {}
        for k, v in params.items():
            if isinstance(v, list):
                v = [x for x in v if x != ""] or None
            out[k] = None if v == "" and k != "q" else v
        return cls(**out)  # type: ignore[arg-type]

    def chosen(self, name: str) -> list[str]:
        """The values a filter is set to: none, one or several."""
        value = getattr(self, name)
        if value is None or value == "":
            return []
        return [str(v) for v in value if v != ""] if isinstance(value, list) else [str(value)]


@dataclass
class SearchHit:
    symbol: str
    language: str
    title: str | None
    date: str | None
    doc_type: str | None
    snippet: str  # HTML-escaped text with the hit wrapped in <mark>...</mark>
    score: float
    block: int | None = None  # index of the block the snippet comes from
    versions: list[str] = field(default_factory=list)  # grouped: the languages of the document's matching versions


@dataclass
class SearchResult:
    total: int
    hits: list[SearchHit]
    facets: dict[
        str, list[tuple[str, int]]
    ]  # organ, body, session, doc_type, language, year, agenda, state -> [(value, count)]
    took_ms: float = 0.0


@dataclass
class AgendaEntry:
    """One item of an organ's session agenda, as the library's documents print it."""

    number: str  # "19 (a)"
    titles: dict[str, str] = field(default_factory=dict)  # language -> title as printed
    documents: list[str] = field(default_factory=list)  # symbols filed under the item, in symbol order


@dataclass
class StateMention:
    """A document's link to a State (enrich/links.py): one per document, role and vote."""

    symbol: str
    role: str  # author, sponsor, in_favour, against, abstaining, mentioned
    ref: str  # which vote: "3: Draft resolution A/61/L.67"
    count: int  # mentions: the most any version of the document names the State
    doc_type: str | None
    date: str | None
    title: str | None


@runtime_checkable
class Store(Protocol):
    def put(self, record: Record, *, path: str, sha256: str, replace: bool = True) -> IngestStatus:
        """Store one version in one transaction, replacing the same symbol, language and
        format; with replace=False another file's version is kept and `VersionConflict` raised."""

    def unchanged(self, path: str, sha256: str) -> bool:
        """True when this exact file content is already stored (ingest skips parsing it)."""

    def record_failure(self, path: str, reason: str) -> None: ...

    def document(self, symbol: str) -> DocumentInfo | None:
        """A document by symbol in any spelling (`a/c.2/72/3`, `S/RES/2049(2012)`)."""

    def version(self, symbol: str, language: str, format: str | None = None) -> Record | None: ...

    def documents(self, *, offset: int = 0, limit: int = 50) -> tuple[int, list[DocumentInfo]]: ...

    def references_out(self, symbol: str, language: str | None = None) -> list[str]: ...

    def references_in(self, symbol: str) -> list[str]:
        """Symbols of stored documents that cite `symbol`."""

    def symbols_under(self, root: str) -> list[str]:
        """Every symbol of a stored document that starts with `root` (any of a joint
        document's symbols): the held members of a family (enrich/families.py)."""

    def search(self, query: SearchQuery) -> SearchResult: ...

    def state_mentions(self, code: str, role: str | None = None) -> list[StateMention]:
        """The stored documents that link to the State `code` (alpha-3), newest first: as
        sender, sponsor, voter or by naming it (`role` for one of these only)."""

    def agenda(self, organ: str, session: str, item: str | None = None) -> list[AgendaEntry]:
        """An organ's session agenda as the stored documents print it: each item with its
        titles per language and the documents filed under it (`item`: that item and its
        sub-items only, "19" giving "19 (a)" too)."""

    def integrity_check(self) -> list[str]:
        """Problems found ([] when the store is sound)."""

    def stats(self) -> dict: ...

    def close(self) -> None: ...


def default_db_path() -> Path:
    """`UNDOCS_DB`, else `undocs.sqlite` in the user's data directory."""
    env = os.environ.get("UNDOCS_DB")
    if env:
        return Path(env)
    from platformdirs import user_data_dir

    return Path(user_data_dir("undocs")) / "undocs.sqlite"


def open_store(target: str | Path | None = None, *, create: bool = True) -> Store:
    """Open (creating and migrating if needed) the store at `target`: a path or
    `sqlite:///path`; `postgresql://...` is reserved for the PostgreSQL backend.
    With create=False (what reading commands use) a library that does not exist is an
    error, not a new empty one that answers every search with nothing."""
    text = str(target) if target is not None else str(default_db_path())
    if text.startswith(("postgres://", "postgresql://")):
        raise StoreError(f"{text}: the PostgreSQL backend is not implemented yet; use a SQLite file path")
    if text.startswith("sqlite:///"):
        text = text[len("sqlite:///") :]
    from undocs.store.sqlite import SQLiteStore

    return SQLiteStore(Path(text), create=create)
