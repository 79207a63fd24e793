"""Paragraph and sentence alignment of the language versions of one UN document.

>>> from undocs import parse
>>> from undocs.align import align, to_jsonl
>>> a = align([parse("A_RES_78_8.en.xml"), parse("A_RES_78_8.fr.xml")])
>>> a.pair("en", "fr").links[0]
Link(src=[0], tgt=[0], score=0.999)

Entry points, one call per mode: `align(records, level=...)` for versions of a
document, `align_segments(src, tgt, src_lang, tgt_lang)` for presegmented lines;
`to_jsonl`, `to_tsv`, `to_tmx` turn either result into text.
"""

from undocs.align.core import Alignment, PairAlignment, align, align_segments
from undocs.align.encoder import Encoder, UseEncoder, default_encoder
from undocs.align.errors import AlignError
from undocs.align.export import jsonl_lines, rows, to_jsonl, to_tmx, to_tsv
from undocs.align.pairwise import Link, Params
from undocs.align.sentences import split_sentences
from undocs.align.units import Unit, record_units

__all__ = [
    "align",
    "align_segments",
    "Alignment",
    "PairAlignment",
    "Link",
    "Params",
    "AlignError",
    "Encoder",
    "UseEncoder",
    "default_encoder",
    "to_jsonl",
    "jsonl_lines",
    "to_tsv",
    "to_tmx",
    "rows",
    "split_sentences",
    "Unit",
    "record_units",
]
