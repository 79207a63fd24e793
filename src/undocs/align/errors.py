"""The aligner's one error class (kept here so the package stands alone; the lead may
move it into `undocs.errors`)."""

from __future__ import annotations

from undocs.errors import UndocsError


class AlignError(UndocsError):
    """Versions that cannot be aligned faithfully: missing, of different documents, of very
    different length (a corrigendum?), in another language than declared, or unaligned."""
