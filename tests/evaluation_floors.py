"""Where the parser stands today on the hand-checked corpora (fractions, any language):
tests/test_eval.py fails when a field falls below its floor. Raise a floor when the
parser gets better; never lower one to make a change pass.

Measured 2026-11-29 (make eval-real), after OCR (issue 10): the two image-only scans
now count, and a scan whose layer is noise is read afresh. Under the 95 % bar of issue 8:
agenda_items, title, references, _joint.
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
    "agenda_items": 0.92,
    "title": 0.92,
    "doc_type": 0.95,
    "references": 0.82,
    "_joint": 0.75,
}

#: real corpus, body facts
REAL_BODY = {
    "footnotes": 0.64,
    "annexes": 0.92,
    "last_paragraph_number": 0.48,
    "summary": 0.97,
    "signature": 0.75,
    "speeches": 1.0,
    "first_speeches": 1.0,
    "last_speech": 1.0,
}

#: real corpus, Arabic and English twins: the share of fields printed alike that the records
#: give alike (others: 100 %)
TWINS = {
    "symbol": 0.97,
    "symbols": 0.97,
    "body": 0.97,
    "distribution": 0.97,
    "original_languages": 0.97,
    "doc_type": 0.95,
    "agenda": 0.87,
}
