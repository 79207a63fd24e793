"""Every error undocs raises, in one place.

Policy (after pypdf): raise when the caller must act (the file cannot be read);
repairs undocs makes by itself (a page break mended, a header dropped) are not errors.
The CLI turns an `UndocsError` into one line naming the file, and exit code 2.
"""

from __future__ import annotations

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
