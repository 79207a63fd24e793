"""Where the parser stands today on the hand-checked corpora (fractions, any language):
tests/test_eval.py fails when a field falls below its floor. Raise a floor when the
parser gets better; never lower one to make a change pass.

Measured 2026-11-29 (make eval-real), after OCR (issue 10): the two image-only scans
now count, and a scan whose layer is noise is read afresh. Raised 2026-11-29 (night) when
the digits of fonts whose text layer lies were read from their glyphs (extract/digits.py).
Under the 95 % bar of issue 8: title, references, _joint.
"""

#: dev corpus, body facts (the fields are gated at 98 %); a (field, language) pair has its own
#: floor where one document of few pulls it under the field's
DEV_BODY: dict[str | tuple[str, str], float] = {
    # the page of the 1971 Russian volume (A_RES_2758(XXVI).ru.pdf), counted since it is read
    # (2026-11-29): OCR garbles the enacting words that open its paragraphs, which stay untyped
    ("preambular_paragraphs", "ru"): 0.875,
    "preambular_paragraphs": 0.93,
    "operative_paragraphs": 0.85,
    "footnotes": 1.0,
    "annexes": 1.0,
    "signature": 1.0,
}

#: real corpus, record fields (others: 95 %)
REAL_FIELDS = {
    "agenda_items": 0.95,
    "title": 0.94,
    "doc_type": 0.96,
    "references": 0.85,
    "_joint": 0.75,
}

#: real corpus, body facts
REAL_BODY = {
    "footnotes": 0.64,
    "annexes": 0.92,
    "last_paragraph_number": 0.77,
    "summary": 0.97,
    "signature": 0.75,
    "speeches": 1.0,
    "first_speeches": 1.0,
    "last_speech": 1.0,
}

#: real corpus, Arabic and English twins: the share of fields printed alike that the records
#: give alike (others: 100 %)
TWINS = {
    # E/ESCWA/SD/2017/WG.3/Report in Arabic: its masthead's Arabic font has no usable text layer
    "distribution": 0.97,
}
