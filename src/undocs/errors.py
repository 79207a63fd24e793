"""Every error undocs raises, in one place.

Policy (after pypdf): raise when the caller must act (the file cannot be read);
repairs undocs makes by itself (a page break mended, a header dropped) are not errors.
The CLI turns an `UndocsError` into one line naming the file, and exit code 2.
"""

from __future__ import annotations

import zlib
from pathlib import Path


class UndocsError(Exception):
    """Base of all undocs errors."""


class ParseError(UndocsError):
    """A file could not be turned into a record; says which file and why."""

    def __init__(self, path: str | Path, reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class UnsupportedFormat(ParseError):
    """The file is of a kind undocs does not read (yet): scanned PDF, .doc, image..."""


class EmptyDocument(ParseError):
    """The file holds no text at all."""


class TooLarge(ParseError):
    """The file is larger than the configured limit."""


class BadEncoding(ParseError):
    """A text file that is not in an encoding undocs can read faithfully."""


class NotUNDocument(ParseError):
    """A readable file that is not a UN document (no masthead, symbol or job number)."""


#: Why a file that ran out of memory is refused (the limit applies where it is parsed isolated)
MEMORY_REFUSAL = "the file needs more memory than the parser is given (UNDOCS_MEMORY_LIMIT where it runs isolated)"


def as_parse_error(path: str | Path, exc: BaseException, otherwise: str) -> ParseError:
    """A failure that is not undocs' own (a reader's library on a broken file, a parser bug)
    as the error that names the file; `otherwise` says what other failures mean, with
    `{error}` for the exception."""
    if isinstance(exc, RecursionError):
        return ParseError(path, "the file nests its content too deeply to read")
    if isinstance(exc, MemoryError):
        return TooLarge(path, MEMORY_REFUSAL)
    if isinstance(exc, zlib.error | EOFError):
        return ParseError(path, f"a compressed part of the file is corrupt ({exc})")
    return ParseError(path, otherwise.format(error=f"{type(exc).__name__}: {exc}"))
