"""Stage: files -> store. Parse each document file and file it, one transaction each.

    report = ingest(["../shared/corpus/dev"], store, progress=callback)
    print(report.summary())

Idempotent: a file whose path and content hash are already stored is not even parsed
(UNCHANGED); a changed file replaces its version (UPDATED). A file that cannot be read
or filed is recorded with its reason (`store.record_failure`) and the run goes on: one
bad file never stops an ingest and never touches what is stored. Because each document
is one transaction, an ingest killed at any moment keeps every document it finished;
running it again picks up the rest.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from undocs.errors import ParseError, UndocsError
from undocs.files import document_files, sha256_file
from undocs.parse import parse
from undocs.store import IngestStatus, Store

__all__ = ["IngestProgress", "IngestReport", "ingest", "sha256_file"]


@dataclass(frozen=True)
class IngestProgress:
    """What a progress bar needs: called once before the first file (done=0, path=None),
    then after each file with what became of it."""

    done: int
    total: int
    path: Path | None = None
    status: str | None = None  # added, updated, unchanged, failed
    reason: str | None = None  # why it failed


@dataclass
class IngestReport:
    """What an ingest did, file by file (resolved paths)."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    seconds: float = 0.0

    @property
    def files(self) -> int:
        return len(self.added) + len(self.updated) + len(self.unchanged) + len(self.failed)

    @property
    def ok(self) -> bool:
        return not self.failed

    def summary(self) -> str:
        """One paragraph for the end of `undocs ingest`."""
        rate = f" ({self.files / self.seconds:.0f} files/s)" if self.seconds > 0 and self.files else ""
        text = (
            f"{self.files} file{'s' if self.files != 1 else ''} in {self.seconds:.1f} s{rate}: "
            f"{len(self.added)} added, {len(self.updated)} updated, {len(self.unchanged)} unchanged, "
            f"{len(self.failed)} failed."
        )
        if self.failed:
            text += " Failed: " + "; ".join(f"{Path(p).name}: {reason}" for p, reason in self.failed) + "."
        return text


def _reason(exc: BaseException, path: str) -> str:
    """The reason alone: the report and the failures table name the file already."""
    if isinstance(exc, ParseError):
        return exc.reason
    if isinstance(exc, UndocsError):
        text = str(exc)
        return text[len(path) + 2 :] if text.startswith(path + ": ") else text
    return f"internal error ({type(exc).__name__}: {exc})"


def ingest(
    paths: Iterable[str | Path],
    store: Store,
    *,
    progress: Callable[[IngestProgress], None] | None = None,
    force: bool = False,
    ocr: str = "auto",
) -> IngestReport:
    """Parse and store every document file under `paths` (files, or folders walked
    recursively); returns what happened to each. `ocr`: how scans are read (parse). `force` re-parses files whose content
    is stored (after a parser upgrade: a record that comes out different is replaced)."""
    started = time.perf_counter()
    files = list(document_files(paths))
    report = IngestReport()
    if progress:
        progress(IngestProgress(0, len(files)))
    for i, file in enumerate(files, 1):
        path = file.resolve()
        key = str(path)
        reason: str | None = None
        try:
            sha = sha256_file(path)
            if not force and store.unchanged(key, sha):
                status = IngestStatus.UNCHANGED
            else:
                record = parse(path, ocr=ocr)
                if not record.symbol:
                    raise ParseError(
                        path, "no document symbol found on the front page: a document without a symbol cannot be filed"
                    )
                status = store.put(record, path=key, sha256=sha)
        except OSError as exc:
            reason = f"cannot read the file ({exc.strerror or exc})"
        except Exception as exc:  # noqa: BLE001 - one broken file must not stop the run
            reason = _reason(exc, key)
        if reason is not None:
            report.failed.append((key, reason))
            try:
                store.record_failure(key, reason)
            except Exception:  # noqa: BLE001 - a store that cannot write says so in `reason` already
                pass
            outcome = "failed"
        else:
            {
                IngestStatus.ADDED: report.added,
                IngestStatus.UPDATED: report.updated,
                IngestStatus.UNCHANGED: report.unchanged,
            }[status].append(key)
            outcome = status.value
        if progress:
            progress(IngestProgress(i, len(files), path, outcome, reason))
    report.seconds = time.perf_counter() - started
    return report
