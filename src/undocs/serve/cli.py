"""The `undocs` command: thin shells over the library, one call each.

Errors: every `UndocsError` (and any unexpected failure of one file) becomes one
line `undocs: error: FILE: reason` on stderr; the exit code is 2 when any file
failed, after the others were processed.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from undocs import __version__, compiled
from undocs.errors import ParseError, UndocsError
from undocs.files import document_files
from undocs.parse import parse
from undocs.serve.render import markdown, summary
from undocs.store import MAX_LIMIT

app = typer.Typer(add_completion=False, no_args_is_help=True, help="United Nations official documents as data.")


def _error(message: str) -> None:
    typer.echo(f"undocs: error: {message}", err=True)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"undocs {__version__} (compiled: {'yes' if compiled() else 'no'})")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", help="Print the version and exit.", is_eager=True, callback=_version)
    ] = False,
) -> None:
    """United Nations official documents as data."""


class OcrMode(StrEnum):
    auto = "auto"
    always = "always"
    never = "never"


OcrOption = Annotated[
    OcrMode,
    typer.Option(
        "--ocr",
        help="Scanned pages: auto (pages without text, and OCR layers a fresh reading contradicts), "
        "always (every PDF page), never.",
    ),
]


@contextmanager
def _ocr_progress(name: str, bar: Any = None) -> Iterator[None]:
    """A progress bar on stderr while a scan's pages are OCRed (nothing for other files)."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from undocs.extract.ocr import PROGRESS

    state: dict[str, Any] = {}

    def update(done: int, total: int) -> None:
        if bar is not None:
            if "task" not in state:
                state["task"] = bar.add_task(
                    f"OCR {name}" if name else "OCR: pages of the scan being read", total=total
                )
            bar.update(state["task"], completed=done, total=total)
            return
        if "bar" not in state:
            state["bar"] = Progress(
                TextColumn(f"[bold]OCR[/bold] {name}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeRemainingColumn(),
                transient=True,
                console=Console(stderr=True),
            )
            state["bar"].start()
            state["task"] = state["bar"].add_task("", total=total)
        state["bar"].update(state["task"], completed=done, total=total)

    token = PROGRESS.set(update)
    try:
        yield
    finally:
        PROGRESS.reset(token)
        if "bar" in state:
            state["bar"].stop()
        elif "task" in state:
            bar.remove_task(state["task"])


@app.command("parse")
def parse_cmd(
    files: Annotated[list[Path], typer.Argument(help="Files or folders (walked recursively).")],
    as_json: Annotated[
        bool, typer.Option("--json", help="Records as JSON (an object for one file, else an array).")
    ] = False,
    jsonl: Annotated[bool, typer.Option("--jsonl", help="One JSON record per line.")] = False,
    as_markdown: Annotated[bool, typer.Option("--markdown", help="Records as Markdown.")] = False,
    language: Annotated[
        str | None, typer.Option("--language", "-l", help="Force the language (ISO 639-1) instead of detecting it.")
    ] = None,
    no_blocks: Annotated[bool, typer.Option("--no-blocks", help="Leave the body out of JSON output.")] = False,
    ocr: OcrOption = OcrMode.auto,
) -> None:
    """Parse UN documents (PDF, DOCX, text, Akoma Ntoso XML) into records; scans are read by OCR.

    Example: undocs parse A_C.2_72_3.fr.txt --json
    """
    failed: list[str] = []
    records = []
    paths = list(document_files(files))
    for path in paths:
        try:
            with _ocr_progress(path.name):
                rec = parse(path, language=language, ocr=ocr.value)
        except UndocsError as exc:
            failed.append(str(exc) if isinstance(exc, ParseError) else f"{path}: {exc}")
            _error(failed[-1])
            continue
        except Exception as exc:  # noqa: BLE001 - one broken file must not stop the run
            failed.append(f"{path}: internal error ({type(exc).__name__}: {exc})")
            _error(failed[-1])
            continue
        if jsonl:
            typer.echo(rec.to_json(indent=None, with_blocks=not no_blocks))
        elif as_json:
            records.append(rec.to_dict(with_blocks=not no_blocks))
        elif as_markdown:
            typer.echo(markdown(rec))
        else:
            typer.echo(summary(rec) + "\n")
    if as_json and records:
        out = records[0] if len(paths) == 1 else records
        typer.echo(json.dumps(out, ensure_ascii=False, indent=2))
    if len(paths) > 1 and failed:
        _error(f"{len(failed)} of {len(paths)} files failed:")
        for f in failed:
            typer.echo(f"  {f}", err=True)
    if not paths:
        _error("no document files found")
        raise typer.Exit(2)
    if failed:
        raise typer.Exit(2)


@app.command("votes")
def votes_cmd(
    files: Annotated[list[Path], typer.Argument(help="Meeting records (verbatim records print recorded votes).")],
    as_json: Annotated[bool, typer.Option("--json", help="The votes as JSON lines, one per vote.")] = False,
    ocr: OcrOption = OcrMode.auto,
) -> None:
    """Recorded votes in meeting records: what was voted on, the result, and the States
    (ISO 3166-1 alpha-3) in favour, against and abstaining, checked against the totals printed.

    Example: undocs votes A_61_PV.107.en.pdf --json
    """
    from undocs.enrich.votes import votes

    failed = 0
    for path in document_files(files):
        try:
            with _ocr_progress(path.name):
                rec = parse(path, ocr=ocr.value)
        except UndocsError as exc:
            failed += 1
            _error(str(exc) if isinstance(exc, ParseError) else f"{path}: {exc}")
            continue
        for vote in votes(rec):
            if as_json:
                typer.echo(json.dumps({"symbol": rec.symbol, **vote.to_dict()}, ensure_ascii=False))
                continue
            totals = vote.totals or {}
            said = "/".join(str(totals.get(k, "?")) for k in ("in_favour", "against", "abstaining"))
            counted = f"{len(vote.in_favour)}/{len(vote.against)}/{len(vote.abstaining)}"
            check = (
                "agrees"
                if vote.agrees
                else f"DIFFERS (lists {counted}; unresolved: {', '.join(vote.unresolved) or '-'})"
            )
            typer.echo(f"{rec.symbol} p.{vote.page}: {vote.subject} {vote.result or '?'} {said}, {check}")
            typer.echo(f"  against: {' '.join(vote.against) or '-'}")
    if failed:
        raise typer.Exit(2)


DbOption = Annotated[
    Path | None,
    typer.Option(
        "--db",
        help="The store: a SQLite file (default: $UNDOCS_DB, else undocs.sqlite in the user data folder).",
        envvar="UNDOCS_DB",
    ),
]


def _store(db: Path | None, *, create: bool = False):  # noqa: ANN202 - a Store
    """The library; only `ingest` may create one (a search of a mistyped path must not)."""
    from undocs.store import open_store

    try:
        return open_store(db, create=create)
    except UndocsError as exc:
        _error(str(exc))
        raise typer.Exit(2) from None


@app.command("ingest")
def ingest_cmd(
    paths: Annotated[list[Path] | None, typer.Argument(help="Files or folders (walked recursively).")] = None,
    db: DbOption = None,
    ocr: OcrOption = OcrMode.auto,
    fetch_: Annotated[
        list[str] | None,
        typer.Option("--fetch", metavar="SYMBOL", help="Fetch this document first (repeat; as undocs fetch)."),
    ] = None,
    langs: Annotated[str, typer.Option("--langs", help="With --fetch: ar,zh,en,fr,ru,es or all.")] = "all",
) -> None:
    """Parse documents and store them; a file already stored unchanged is skipped. With
    --fetch, the documents are first downloaded by symbol from the UN's services.

    Example: undocs ingest ../shared/corpus/dev --db library.sqlite

    Example: undocs ingest --fetch A/RES/78/8 --langs en,fr --db library.sqlite
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from undocs.ingest import IngestProgress, ingest

    if not paths and not fetch_:
        _error("nothing to ingest: give files or folders, or --fetch SYMBOL")
        raise typer.Exit(2)
    store = _store(db, create=True)
    if fetch_:
        from undocs.fetch import Services

        try:
            got = _fetch_and_ingest(
                {tuple(_languages(langs)): fetch_},
                folder=_files_dir(store),
                store=store,
                services=Services.from_env(),
                ocr=ocr.value,
            )
        except UndocsError as exc:
            store.close()
            _error(str(exc))
            raise typer.Exit(2) from None
        if not paths:
            store.close()
            if not got:
                raise typer.Exit(2)
            return
    try:
        with Progress(
            TextColumn("[bold]ingest"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            TextColumn("{task.description}"),
            transient=True,
            console=None,
        ) as bar:
            task = bar.add_task("", total=None)

            def progress(p: IngestProgress) -> None:
                bar.update(task, completed=p.done, total=p.total, description=Path(p.path).name if p.path else "")

            with _ocr_progress("", bar):
                report = ingest(paths or [], store, progress=progress, ocr=ocr.value)
    finally:
        store.close()
    typer.echo(report.summary())
    if report.failed:
        raise typer.Exit(2)


@app.command("search")
def search_cmd(
    query: Annotated[str, typer.Argument(help='Words, "phrases", prefix*, AND/OR/NOT, or a symbol (A/C.2/72/*).')],
    lang: Annotated[
        list[str] | None,
        typer.Option("--lang", help="Language of the versions (ar zh en fr ru es); repeat for any of several."),
    ] = None,
    organ: Annotated[
        list[str] | None, typer.Option("--organ", help='Principal organ, e.g. "General Assembly".')
    ] = None,
    body: Annotated[list[str] | None, typer.Option("--body", help='Subsidiary body, e.g. "Second Committee".')] = None,
    session: Annotated[list[str] | None, typer.Option("--session", help="Session: 72, ES-11, S-30.")] = None,
    doc_type: Annotated[list[str] | None, typer.Option("--type", help="Document type: resolution, letter, ...")] = None,
    year: Annotated[list[str] | None, typer.Option("--year", help="Year of the masthead date.")] = None,
    agenda: Annotated[list[str] | None, typer.Option("--agenda", help="Agenda item number, e.g. 19 (a).")] = None,
    state: Annotated[
        list[str] | None, typer.Option("--state", help="A State the document names, sent, sponsored or voted: FRA.")
    ] = None,
    sort: Annotated[str, typer.Option("--sort", help="relevance or date.")] = "relevance",
    limit: Annotated[int, typer.Option("--limit", min=1, max=MAX_LIMIT, help="Hits to show.")] = 20,
    offset: Annotated[int, typer.Option("--offset", min=0, help="Hits to skip (the next page).")] = 0,
    group: Annotated[
        bool, typer.Option("--group", help="One hit per document, with the languages of its matching versions.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Hits and facets as JSON.")] = False,
    db: DbOption = None,
) -> None:
    """Search the stored documents in any of the six languages.

    Example: undocs search "développement durable" --lang fr --organ "General Assembly"
    """
    from dataclasses import asdict

    from undocs.store import SearchQuery

    store = _store(db)
    try:
        result = store.search(
            SearchQuery(
                q=query,
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
                group=group,
            )
        )
    except UndocsError as exc:
        _error(str(exc))
        raise typer.Exit(2) from None
    finally:
        store.close()
    if as_json:
        out = {
            "total": result.total,
            "hits": [asdict(h) for h in result.hits],
            "facets": {k: [list(v) for v in vs] for k, vs in result.facets.items()},
        }
        typer.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    from undocs.serve.render import search_table

    search_table(result)


def _languages(value: str) -> list[str]:
    from undocs.fetch import LANGUAGES

    if value.strip().lower() == "all":
        return list(LANGUAGES)
    langs = [c.strip().lower() for c in value.split(",") if c.strip()]
    bad = [c for c in langs if c not in LANGUAGES]
    if bad or not langs:
        _error(f"--langs {value!r}: use official language codes ({', '.join(LANGUAGES)}) or all")
        raise typer.Exit(2)
    return langs


def _cache_dir() -> Path:
    from platformdirs import user_cache_dir

    return Path(os.environ.get("UNDOCS_CACHE") or Path(user_cache_dir("undocs")) / "http")


def _fetch_and_ingest(
    by_langs: dict[tuple[str, ...], list[str]],
    *,
    folder: Path,
    store: object | None,
    cited: bool = False,
    family: bool = False,
    depth: int = 1,
    services: object,
    ocr: str = "auto",
) -> bool:
    """Fetch each group of symbols in its languages into `folder`, ingest what came into
    `store` (when there is one), say what could not be had; whether anything came."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from undocs.fetch import Fetcher, fetch
    from undocs.fetch.client import Client
    from undocs.ingest import ingest

    got_any = False
    bar = Progress(
        TextColumn("[bold]fetch"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.description}"),
        transient=True, console=Console(stderr=True),
    )  # fmt: skip
    task = bar.add_task("", total=None)
    with bar, Client(_cache_dir()) as client:
        fetcher = Fetcher(client, services, folder)  # type: ignore[arg-type]
        for group_langs, group in by_langs.items():
            report = fetch(
                group,
                fetcher,
                languages=group_langs,
                cited=cited,
                family=family,
                depth=depth,
                references=lambda p: parse(p).references,
                progress=lambda what, done, total: bar.update(task, description=what, completed=done, total=total),
            )
            for symbol, language, why in report.missing:
                typer.echo(f"not available: {symbol} [{language}]: {why}", err=True)
            if store is not None and report.files:
                typer.echo(ingest(report.files, store, ocr=ocr).summary())  # type: ignore[arg-type]
            typer.echo(report.summary())
            got_any = got_any or bool(report.files)
    return got_any


@app.command("fetch")
def fetch_cmd(
    symbols_: Annotated[list[str] | None, typer.Argument(metavar="SYMBOL...", help="Document symbols.")] = None,
    langs: Annotated[str, typer.Option("--langs", help="ar,zh,en,fr,ru,es or all.")] = "all",
    into: Annotated[
        Path | None, typer.Option("--into", help="Download into this folder (without --db: only download).")
    ] = None,
    cited: Annotated[bool, typer.Option("--cited", help="Also fetch what the documents cite.")] = False,
    family: Annotated[
        bool, typer.Option("--family", help="Also fetch the revisions and originals their symbols imply.")
    ] = False,
    depth: Annotated[int, typer.Option("--depth", min=1, max=5, help="How many links of citations to follow.")] = 1,
    missing_: Annotated[
        bool, typer.Option("--missing", help="Fetch what the library lacks (see undocs status).")
    ] = False,
    ods_url: Annotated[
        str | None, typer.Option("--ods-url", help="Base URL of the ODS (or a mirror).", envvar="UNDOCS_ODS_URL")
    ] = None,
    undocs_url: Annotated[
        str | None, typer.Option("--undocs-url", help="Base URL of undocs.org.", envvar="UNDOCS_UNDOCS_URL")
    ] = None,
    undl_url: Annotated[
        str | None, typer.Option("--undl-url", help="Base URL of the UN Digital Library.", envvar="UNDOCS_UNDL_URL")
    ] = None,
    db: DbOption = None,
) -> None:
    """Download documents by symbol from the UN's public services (ODS, undocs.org; the UN
    Digital Library's catalogue record beside them), then ingest them into the library.

    Example: undocs fetch "A/RES/78/8" --langs all --cited --db library.sqlite
    """
    from undocs.fetch import Services, missing

    wanted_langs = _languages(langs)
    store = _store(db, create=True) if (db is not None or into is None) else None
    folder = into or _files_dir(store)
    try:
        if missing_:
            if store is None:
                _error("--missing needs the library (--db)")
                raise typer.Exit(2)
            by_langs: dict[tuple[str, ...], list[str]] = {}
            for symbol, lacking in missing(store, wanted_langs).items():
                by_langs.setdefault(tuple(lacking), []).append(symbol)
        else:
            by_langs = {tuple(wanted_langs): list(symbols_ or [])}
        if not any(by_langs.values()):
            typer.echo("nothing to fetch")
            return
        services = Services.from_env(ods=ods_url, undocs=undocs_url, undl=undl_url)
        got_any = _fetch_and_ingest(
            by_langs, folder=folder, store=store, cited=cited, family=family, depth=depth, services=services
        )
    except UndocsError as exc:
        _error(str(exc))
        raise typer.Exit(2) from None
    finally:
        if store is not None:
            store.close()
    if not got_any:
        raise typer.Exit(2)  # nothing at all could be fetched: each reason is said above


def _files_dir(store: object | None) -> Path:
    """Where fetched files are kept when no --into is given: beside the library."""
    return Path(getattr(store, "path", Path("undocs.sqlite"))).parent / "undocs-files"


@app.command("status")
def status_cmd(
    langs: Annotated[
        str, typer.Option("--langs", help="The languages a complete document has: ar,zh,en,fr,ru,es or all.")
    ] = "all",
    as_json: Annotated[
        bool, typer.Option("--json", help='As JSON: {"missing": symbol -> languages, "uneven": [...]}.')
    ] = False,
    db: DbOption = None,
) -> None:
    """What the library lacks: the language versions of each document it does not hold, the
    documents cited that it does not hold at all, and the corrigenda and revisions held in
    fewer languages than what they amend. `undocs fetch --missing` fills them.

    Example: undocs status --langs en,fr
    """
    from dataclasses import asdict

    from undocs.fetch import missing, uneven

    store = _store(db)
    try:
        gaps = missing(store, _languages(langs))
        held = {s for s in gaps if store.document(s) is not None}
        partial = uneven(store)
    finally:
        store.close()
    if as_json:
        typer.echo(json.dumps({"missing": gaps, "uneven": [asdict(u) for u in partial]}, ensure_ascii=False, indent=2))
        return
    if not gaps and not partial:
        typer.echo("complete: every document in every language asked for, every cited document held")
        return
    for symbol, lacking in gaps.items():
        what = "lacks " + ", ".join(lacking) if symbol in held else "cited, not in the library"
        typer.echo(f"{symbol}: {what}")
    for u in partial:
        typer.echo(u.line())
    typer.echo(
        f"{len(held)} documents lack versions; {len(gaps) - len(held)} cited documents are not held;"
        f" {len(partial)} corrigenda or revisions are held in fewer languages than what they amend;"
        " undocs fetch --missing fills them"
    )


@app.command("export")
def export_cmd(
    fmt: Annotated[
        str,
        typer.Option("--format", help="csv, parquet (tables in a folder), marcxml (one file) or akn (a folder)."),
    ],
    out: Annotated[
        Path, typer.Option("--out", help="Folder for tables and Akoma Ntoso; file (or folder) for MARCXML.")
    ],
    symbol: Annotated[
        list[str] | None, typer.Option("--symbol", help="Only these documents (repeat the option).")
    ] = None,
    db: DbOption = None,
) -> None:
    """Export the library: tables of documents, citations, States, votes and adoptions (CSV,
    Parquet), MARCXML records as the UN library catalogues them, or resolutions and decisions
    as Akoma Ntoso (AKN4UN), one file per language version.

    Example: undocs export --format parquet --out library/
    """
    from undocs.store.export import export

    store = _store(db)
    skipped: list[str] = []
    try:
        written = export(store, fmt, out, symbol or None, skipped)
    except UndocsError as exc:
        _error(str(exc))
        raise typer.Exit(2) from None
    finally:
        store.close()
    for path in written:
        typer.echo(str(path))
    for why in skipped:
        typer.echo(f"not written: {why}", err=True)


@app.command("serve")
def serve_cmd(
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8000,
    upload_token: Annotated[
        str | None,
        typer.Option(
            "--upload-token", envvar="UNDOCS_UPLOAD_TOKEN", help="Token that allows uploads (none: read-only)."
        ),
    ] = None,
    db: DbOption = None,
) -> None:
    """Serve the web UI and the HTTP API over the store.

    Example: undocs serve --port 8000   (then open http://127.0.0.1:8000/)
    """
    import socket

    import uvicorn

    from undocs.serve.app import create_app

    store = _store(db, create=bool(upload_token))  # a library that takes uploads may start empty
    try:
        # the address is taken before anything is said: a busy port is said as such, once
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
    except OSError as exc:
        store.close()
        _error(f"cannot listen on {host}:{port} ({exc.strerror}); another program may use it: choose another --port")
        raise typer.Exit(2) from None
    typer.echo(f"undocs: serving {store.stats().get('documents', 0)} documents at http://{host}:{port}/")
    config = uvicorn.Config(create_app(store, upload_token=upload_token), log_level="warning")
    uvicorn.Server(config).run(sockets=[sock])


@app.command("align")
def align_cmd(
    items: Annotated[list[str], typer.Argument(help="Files of the versions, or one symbol of a stored document.")],
    langs: Annotated[
        str | None,
        typer.Option(
            "--langs", help="Languages, comma-separated, in the order of the files (for a symbol: which versions)."
        ),
    ] = None,
    level: Annotated[str, typer.Option("--level", help="paragraph or sentence.")] = "paragraph",
    fmt: Annotated[str, typer.Option("--format", help="jsonl, tsv or tmx.")] = "jsonl",
    presegmented: Annotated[
        bool, typer.Option("--presegmented", help="Two files of one segment per line (SRC TGT).")
    ] = False,
    no_encoder: Annotated[
        bool, typer.Option("--no-encoder", help="Lengths and anchors only, no sentence encoder.")
    ] = False,
    db: DbOption = None,
) -> None:
    """Align the language versions of one document, paragraph by paragraph or sentence by sentence.

    Example: undocs align A_RES_78_8.en.xml A_RES_78_8.fr.xml A_RES_78_8.ar.xml --level sentence --format tmx
    Example: undocs align "A/RES/78/8" --langs en,fr,ar --db library.sqlite
    Example: undocs align --presegmented src.txt tgt.txt --langs en,fr
    """
    from undocs.align import align, align_segments, to_jsonl, to_tmx, to_tsv

    writers = {"jsonl": to_jsonl, "tsv": to_tsv, "tmx": to_tmx}
    if fmt not in writers:
        _error(f"--format must be one of {', '.join(writers)}, not {fmt!r}")
        raise typer.Exit(2)
    codes = [c.strip() for c in langs.split(",")] if langs else None
    encoder = None if no_encoder else "auto"
    try:
        if presegmented:
            if len(items) != 2 or not codes or len(codes) != 2:
                _error("--presegmented takes two files and --langs SRC,TGT")
                raise typer.Exit(2)
            src, tgt = (Path(p).read_text(encoding="utf-8").splitlines() for p in items)
            alignment = align_segments(src, tgt, codes[0], codes[1], encoder=encoder)
        elif len(items) == 1 and not Path(items[0]).exists():
            if not codes:
                _error("a symbol needs --langs to say which versions to align")
                raise typer.Exit(2)
            store = _store(db)
            try:
                records = []
                for code in codes:
                    rec = store.version(items[0], code)
                    if rec is None:
                        _error(f"{items[0]}: no {code} version in the store")
                        raise typer.Exit(2)
                    records.append(rec)
            finally:
                store.close()
            alignment = align(records, level=level, encoder=encoder)
        else:
            records = [parse(Path(p)) for p in items]
            alignment = align(records, level=level, encoder=encoder, langs=codes)
    except (UndocsError, ValueError, OSError) as exc:
        _error(str(exc))
        raise typer.Exit(2) from None
    typer.echo(writers[fmt](alignment), nl=False)


def run() -> None:
    """Console-script entry point: never a traceback for a user's mistake."""
    try:
        app()
    except KeyboardInterrupt:
        _error("interrupted")
        sys.exit(130)
    except UndocsError as exc:
        _error(str(exc))
        sys.exit(2)
    except Exception as exc:  # noqa: BLE001 - a bug: one line, never a traceback
        _error(f"internal error ({type(exc).__name__}: {exc}); please report it")
        sys.exit(1)
