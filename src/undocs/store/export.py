"""The library as the field's own formats: tables (CSV, Parquet) of documents, citations,
States and votes, and MARCXML records as the UN library catalogues documents.

Tables (one file each, under the output folder):

    documents   symbol, organ, body, session, type, date, languages, a title per language, agenda items
    references  symbol, language, position, cited symbol
    states      symbol, State code (alpha-3), role (author, sponsor, in_favour, against,
                abstaining, mentioned), ref (which vote), count
    votes       meeting record, vote, what was voted on, result, resolution, State, vote
    adoptions   meeting record, what was acted on, draft, report, number, result, outcome

MARCXML (one collection): 191 symbols, 245 title, 269 date, 041 languages held, 710 organ and
body, 991 agenda items (number, title), 993 documents cited, 996 recorded votes (what was
voted on, result, totals); the field tags the UN Digital Library uses for these.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from undocs import lang as langs
from undocs.enrich.links import state_links
from undocs.enrich.provenance import adoptions
from undocs.enrich.votes import LISTS, votes
from undocs.errors import UndocsError
from undocs.record import Record
from undocs.store import DocumentInfo, Store

__all__ = ["FORMATS", "export"]

FORMATS: Final = ("csv", "parquet", "marcxml", "akn")
LANGUAGES: Final = ("en", "fr", "es", "ru", "zh", "ar")
_PAGE: Final = 200


@dataclass
class Tables:
    documents: list[dict[str, Any]]
    references: list[dict[str, Any]]
    states: list[dict[str, Any]]
    votes: list[dict[str, Any]]
    adoptions: list[dict[str, Any]]


def export(
    store: Store, fmt: str, out: Path, symbols: Iterable[str] | None = None, skipped: list[str] | None = None
) -> list[Path]:
    """Write the library (or the documents `symbols` names) in `fmt` under `out` (a folder
    for tables and Akoma Ntoso, a file for MARCXML); the paths written. Versions that Akoma
    Ntoso cannot hold are told in `skipped`, each with why."""
    if fmt not in FORMATS:
        raise UndocsError(f"unknown export format {fmt!r} (use {', '.join(FORMATS)})")
    docs = list(_documents(store, symbols))
    if fmt == "marcxml":
        return [_marcxml(store, docs, out)]
    if fmt == "akn":
        return _akn(store, docs, out, skipped)
    tables = _tables(store, docs)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, rows in vars(tables).items():
        path = out / f"{name}.{fmt}"
        (_write_csv if fmt == "csv" else _write_parquet)(path, rows, _COLUMNS[name])
        written.append(path)
    return written


def _akn(store: Store, docs: list[DocumentInfo], out: Path, skipped: list[str] | None) -> list[Path]:
    """One AKN4UN file per language version of each resolution or decision (store/akn.py)."""
    from undocs.store.akn import exportable, to_akn

    out.mkdir(parents=True, exist_ok=True)
    written = []
    for doc in docs:
        for language in doc.languages:
            record = store.version(doc.symbol, language)
            if record is None:
                continue
            why = exportable(record)
            if why:
                if skipped is not None:
                    skipped.append(f"{why} [{language}]")
                continue
            path = out / (doc.symbol.replace("/", "_").replace(" ", "") + f".{language}.xml")
            path.write_text(to_akn(record), encoding="utf-8")
            written.append(path)
    return written


_COLUMNS: Final = {
    "documents": ["symbol", "organ", "body", "session", "doc_type", "date", "languages"]
    + [f"title_{lang}" for lang in LANGUAGES]
    + ["agenda_items"],
    "references": ["symbol", "language", "position", "cited"],
    "states": ["symbol", "language", "code", "role", "ref", "count"],
    "votes": ["meeting", "vote", "subject", "result", "resolution", "code", "cast"],
    "adoptions": ["meeting", "subject", "kind", "draft", "report", "number", "result", "outcome"],
}


def _documents(store: Store, symbols: Iterable[str] | None) -> Iterator[DocumentInfo]:
    if symbols is not None:
        for symbol in symbols:
            doc = store.document(symbol)
            if doc is None:
                raise UndocsError(f"no document {symbol!r} in the library")
            yield doc
        return
    offset = 0
    while True:
        total, page = store.documents(offset=offset, limit=_PAGE)
        yield from page
        offset += _PAGE
        if offset >= total or not page:
            return


def _records(store: Store, doc: DocumentInfo) -> Iterator[Record]:
    for language in doc.languages:
        record = store.version(doc.symbol, language)
        if record is not None:
            yield record


def _tables(store: Store, docs: list[DocumentInfo]) -> Tables:
    tables = Tables([], [], [], [], [])
    for doc in docs:
        tables.documents.append(
            {
                "symbol": doc.symbol,
                "organ": doc.organ,
                "body": doc.body,
                "session": doc.session,
                "doc_type": doc.doc_type,
                "date": doc.date,
                "languages": " ".join(doc.languages),
                **{f"title_{lang}": doc.titles.get(lang) for lang in LANGUAGES},
                "agenda_items": "; ".join(a["number"] for a in doc.agenda_items),
            }
        )
        for record in _records(store, doc):
            language = record.language or ""
            tables.references += [
                {"symbol": doc.symbol, "language": language, "position": n, "cited": cited}
                for n, cited in enumerate(record.references)
            ]
            tables.states += [
                {
                    "symbol": doc.symbol,
                    "language": language,
                    "code": link.code,
                    "role": link.role,
                    "ref": link.ref,
                    "count": link.count,
                }
                for link in state_links(record)
            ]
            if record.doc_type != "meeting_record" or language != doc.reading_language:
                continue
            for n, vote in enumerate(votes(record)):
                for cast in LISTS:
                    tables.votes += [
                        {
                            "meeting": doc.symbol,
                            "vote": n,
                            "subject": vote.subject,
                            "result": vote.result,
                            "resolution": vote.resolution,
                            "code": code,
                            "cast": cast,
                        }
                        for code in getattr(vote, cast)
                    ]
            tables.adoptions += [
                {
                    "meeting": doc.symbol,
                    "subject": a.subject,
                    "kind": a.kind,
                    "draft": a.draft,
                    "report": a.report,
                    "number": a.number,
                    "result": a.result,
                    "outcome": a.outcome,
                }
                for a in adoptions(record)
            ]
    return tables


def _write_csv(path: Path, rows: list[dict[str, Any]], columns: list[str]) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)


def _write_parquet(path: Path, rows: list[dict[str, Any]], columns: list[str]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    types = {"position": pa.int32(), "count": pa.int32(), "vote": pa.int32()}
    schema = pa.schema([(c, types.get(c, pa.string())) for c in columns])
    pq.write_table(pa.Table.from_pylist(rows, schema=schema), path)


def _marcxml(store: Store, docs: list[DocumentInfo], out: Path) -> Path:
    import pymarc

    path = out if out.suffix else out / "library.marcxml"
    path.parent.mkdir(parents=True, exist_ok=True)
    writer = pymarc.XMLWriter(path.open("wb"))
    try:
        for doc in docs:
            writer.write(_marc_record(store, doc))
    finally:
        writer.close()
    return path


def _marc_language(code: str) -> str | None:
    """MARC 041's code: the language file's bibliographic ISO 639-2 code ("fre", "chi")."""
    return (langs.load(code).data.get("iso639_2") or [None])[0] if code in langs.available() else None


_LEADER = "00000nam a2200000   4500"


def _marc_record(store: Store, doc: DocumentInfo) -> Any:
    import pymarc

    def field(tag: str, pairs: list[tuple[str, str | None]], ind: tuple[str, str] = (" ", " ")) -> None:
        subfields = [pymarc.Subfield(code, value) for code, value in pairs if value]
        if subfields:
            record.add_field(pymarc.Field(tag=tag, indicators=pymarc.Indicators(*ind), subfields=subfields))

    record = pymarc.Record()
    # a new (n) record of language material (a), a monograph (m), in Unicode (a): the UN
    # library's documents are catalogued so; lengths and base address are the writer's
    record.leader = pymarc.Leader(_LEADER)
    record.add_field(pymarc.Field(tag="001", data=doc.symbol))
    main = store.version(doc.symbol, doc.reading_language)
    for symbol in main.symbols if main and main.symbols else [doc.symbol]:
        field("191", [("a", symbol)])
    field("041", [("a", _marc_language(lang)) for lang in doc.languages])
    title = doc.titles.get("en") or next(iter(doc.titles.values()), None)
    field("245", [("a", title)], ("1", "0"))
    field("269", [("a", doc.date)])
    field("710", [("a", doc.organ), ("b", doc.body)], ("2", " "))
    for item in doc.agenda_items:
        field("991", [("b", item["number"]), ("d", item.get("title"))])
    for cited in main.references if main else []:
        field("993", [("a", cited)])
    if main is not None and main.doc_type == "meeting_record":
        for vote in votes(main):
            totals = vote.totals or {}
            said = "-".join(str(totals.get(k, "")) for k in LISTS) if totals else None
            field("996", [("a", vote.subject), ("b", vote.result), ("c", said), ("d", vote.resolution)])
    return record
