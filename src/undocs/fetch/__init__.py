"""Stage 0: documents by symbol from the UN's public services, into files and the library.

Where each language version comes from, in order: the Official Document System's symbol access
(`{ods}/api/symbol/access?s=<symbol>&l=<language>&t=pdf`, which redirects to the file, and the
same with the `(OR)` the ODS gives some originals), then `{undocs}/<language>/<symbol>`. The UN
Digital Library's catalogue record (`{undl}/search?p=191__a:"<symbol>"&of=xm`, MARCXML) is kept
beside the files as `<name>.undl.marcxml`: what cataloguers say, never mixed into the record of
what the page prints. An HTML page where a document was asked for is a version not issued (or a
symbol the service does not know), not a document.

Base URLs are configuration (`UNDOCS_ODS_URL`, `UNDOCS_UNDOCS_URL`, `UNDOCS_UNDL_URL`), so the same
code runs against the services, a mirror, or the replay server of the tests.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Final

from undocs import symbols
from undocs.enrich.families import implied
from undocs.errors import UndocsError
from undocs.fetch.client import Client, Fetched, ServiceError
from undocs.files import sha256_file
from undocs.lang import OFFICIAL

if TYPE_CHECKING:
    from undocs.store import DocumentInfo, Store

__all__ = ["LANGUAGES", "Services", "FetchReport", "Fetcher", "Uneven", "fetch", "file_name", "missing", "uneven"]

LANGUAGES: Final = OFFICIAL
#: the modifiers that change a document rather than add to it
_AMENDING: Final = frozenset({"Corr", "Rev"})
#: what a document file starts with (an HTML page is none of these)
_SIGNATURES: Final = {b"%PDF-": ".pdf", b"PK\x03\x04": ".docx"}


@dataclass(frozen=True)
class Services:
    ods: str = "https://documents.un.org"
    undocs: str = "https://undocs.org"
    undl: str = "https://digitallibrary.un.org"

    @classmethod
    def from_env(cls, **override: str | None) -> Services:
        """The environment's base URLs (UNDOCS_ODS_URL, ...), then the options given."""
        base = cls()
        values = {
            "ods": os.environ.get("UNDOCS_ODS_URL", base.ods),
            "undocs": os.environ.get("UNDOCS_UNDOCS_URL", base.undocs),
            "undl": os.environ.get("UNDOCS_UNDL_URL", base.undl),
        }
        values.update({k: v for k, v in override.items() if v})
        return cls(**{k: v.rstrip("/") for k, v in values.items()})


@dataclass
class FetchReport:
    fetched: list[tuple[str, str, Path]] = field(default_factory=list)  # symbol, language, file
    cached: list[tuple[str, str, Path]] = field(default_factory=list)  # the same, from the cache
    missing: list[tuple[str, str, str]] = field(default_factory=list)  # symbol, language, why
    catalogue: list[tuple[str, Path]] = field(default_factory=list)  # symbol, UNDL MARCXML file

    @property
    def files(self) -> list[Path]:
        return [p for _, _, p in self.fetched + self.cached]

    def summary(self) -> str:
        return (
            f"{len(self.fetched)} downloaded, {len(self.cached)} unchanged (cache), {len(self.missing)} not available"
        )


def file_name(symbol: str, language: str, suffix: str) -> str:
    """The file name a version is kept under: the symbol with "/" as "_", then the language
    ("A/RES/2758 (XXVI)" in Russian: "A_RES_2758(XXVI).ru.pdf"), as `files.symbol_from_name` reads."""
    return symbol.replace(" ", "").replace("/", "_").replace("*", "") + f".{language}{suffix}"


class Fetcher:
    """Language versions and catalogue records of documents, by symbol, into a folder."""

    def __init__(self, client: Client, services: Services, into: Path) -> None:
        self.client, self.services, self.into = client, services, into
        into.mkdir(parents=True, exist_ok=True)

    def version(self, symbol: str, language: str) -> tuple[Path, bool]:
        """The file of one language version and whether it was downloaded (False: the cache
        had it). Raises ServiceError saying why no service gave it."""
        tries = [
            (f"{self.services.ods}/api/symbol/access", {"s": symbol, "l": language, "t": "pdf"}),
            (f"{self.services.ods}/api/symbol/access", {"s": f"{symbol}(OR)", "l": language, "t": "pdf"}),
            (f"{self.services.undocs}/{language}/{symbol}", None),
        ]
        problems = []
        for url, params in tries:
            try:
                got = self.client.get(url, params)
            except ServiceError as exc:
                problems.append(str(exc))
                continue
            suffix = _document_suffix(got)
            if suffix is None:
                problems.append(f"{got.final_url}: an HTML page, not a document (no such version there)")
                continue
            target = self.into / file_name(symbol, language, suffix)
            if not target.exists() or sha256_file(target) != got.sha256:
                shutil.copyfile(got.path, target)
            return target, got.downloaded
        raise ServiceError(f"{symbol} ({language}): no version found; " + "; ".join(problems[-2:]))

    def catalogue(self, symbol: str) -> Path | None:
        """The UN Digital Library's MARCXML record of `symbol`, kept beside its files."""
        try:
            got = self.client.get(f"{self.services.undl}/search", {"p": f'191__a:"{symbol}"', "of": "xm"})
        except ServiceError:
            return None
        head = got.path.read_bytes()[:2048]
        if b"<collection" not in head and b"<record" not in head:
            return None
        target = self.into / (file_name(symbol, "undl", "") + ".marcxml")
        shutil.copyfile(got.path, target)
        return target


def fetch(
    wanted: Iterable[str],
    fetcher: Fetcher,
    *,
    languages: Iterable[str] = LANGUAGES,
    cited: bool = False,
    family: bool = False,
    depth: int = 1,
    references: Callable[[Path], list[str]] | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> FetchReport:
    """Every language version of each symbol wanted; with `cited`, what they cite (as read by
    `references`, from the files fetched) to `depth` links; with `family`, the members their
    symbols imply (the revision a corrigendum corrects, earlier revisions). `progress` is told
    what is being fetched, how many versions were asked for so far and how many are known
    to be wanted (the total grows as citations are followed)."""
    langs = [lang for lang in languages]
    report = FetchReport()
    queue: list[tuple[str, int]] = []
    seen: set[str] = set()

    def add(symbol: str, level: int) -> None:
        try:
            canonical = symbols.normalize(symbol)
        except symbols.SymbolError as exc:
            raise UndocsError(f"{symbol!r} is not a UN document symbol ({exc.reason})") from None
        if canonical not in seen:
            seen.add(canonical)
            queue.append((canonical, level))

    for symbol in wanted:
        add(symbol, 0)
    done = 0
    while queue:
        symbol, level = queue.pop(0)
        files = []
        for k, language in enumerate(langs):
            if progress:
                progress(f"{symbol} [{language}]", done, done + len(langs) - k + len(queue) * len(langs))
            done += 1
            try:
                path, downloaded = fetcher.version(symbol, language)
            except ServiceError as exc:
                report.missing.append((symbol, language, str(exc)))
                continue
            (report.fetched if downloaded else report.cached).append((symbol, language, path))
            files.append(path)
        record = fetcher.catalogue(symbol) if files else None
        if record is not None:
            report.catalogue.append((symbol, record))
        if family:
            try:
                for member in implied(symbol):
                    add(member, level)
            except symbols.SymbolError:
                pass
        if cited and level < depth and references is not None:
            for path in files[:1]:
                for target in references(path):
                    add(target, level + 1)
    return report


def _held(store: Store) -> Iterator[DocumentInfo]:
    """Every document of the library, a page at a time."""
    offset = 0
    while True:
        total, docs = store.documents(offset=offset, limit=500)
        yield from docs
        offset += 500
        if offset >= total or not docs:
            return


def missing(store: Store, languages: Iterable[str] = LANGUAGES) -> dict[str, list[str]]:
    """What the library lacks: symbol -> the official languages it holds no version in, for
    every stored document and every document they cite that is not stored."""
    wanted = list(languages)
    out: dict[str, list[str]] = {}
    for doc in _held(store):
        lacking = [lang for lang in wanted if lang not in doc.languages]
        if lacking:
            out[doc.symbol] = lacking
        for target in store.references_out(doc.symbol):
            if target not in out and store.document(target) is None:
                out[target] = list(wanted)
    return out


@dataclass(frozen=True)
class Uneven:
    """A corrigendum or revision held in fewer languages than the document it amends: a
    reader of the other versions does not see the change (the UN issues some corrigenda in
    a few languages only, "English only"; here the library cannot tell, so it says so)."""

    symbol: str  # the corrigendum or revision
    amends: str  # the document it corrects or revises
    relation: str  # "corrigendum 1", "revision 2", ...
    held: list[str]  # the languages the amendment is held in
    lacking: list[str]  # the languages the amended document is held in and the amendment is not

    def line(self) -> str:
        return (
            f"{self.symbol} ({self.relation} of {self.amends}): held in {', '.join(self.held)} only;"
            f" {self.amends} is held in {', '.join(self.lacking)} too"
        )


def uneven(store: Store) -> list[Uneven]:
    """Corrigenda and revisions the library holds in some of the languages of the document
    they amend, not all."""
    out = []
    for doc in _held(store):
        try:
            parsed = symbols.parse(doc.symbol)
        except symbols.SymbolError:
            continue
        if not parsed.modifiers or parsed.modifiers[-1][0] not in _AMENDING:
            continue
        amends = parsed.base + symbols.format_modifiers(parsed.modifiers[:-1])
        target = store.document(amends)
        if target is None:
            continue
        lacking: list[str] = [lang for lang in LANGUAGES if lang in target.languages and lang not in doc.languages]
        if lacking:
            name, number = parsed.modifiers[-1]
            relation = f"{symbols.modifier_name(name)} {number}".strip()
            out.append(
                Uneven(doc.symbol, target.symbol, relation, [x for x in LANGUAGES if x in doc.languages], lacking)
            )
    return out


def _document_suffix(got: Fetched) -> str | None:
    """The suffix of the file a body is, or None for what is no document (an HTML page)."""
    with got.path.open("rb") as f:
        head = f.read(1024)
    for signature, suffix in _SIGNATURES.items():
        if head.startswith(signature):
            return suffix
    text = head.lstrip().lower()
    if (text.startswith(b"<?xml") or text.startswith(b"<akomantoso")) and b"akomantoso" in text:
        return ".xml"  # the UN's Akoma Ntoso, as a mirror may serve it
    return None
