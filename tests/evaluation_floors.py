"""Where the parser stands today on the hand-checked corpora (fractions, any language):
tests/test_eval.py fails when a field falls below its floor. Raise a floor when the
parser gets better; never lower one to make a change pass.

Measured 2026-11-29 (python eval/run.py --corpus ../shared/corpus/real). Under the 95 %
bar of issue 8: job_number, agenda_items, title, doc_type, references, _joint.
"""

#: dev corpus, body facts (the fields are gated at 98 %)
DEV_BODY = {
    "preambular_paragraphs": 0.93,
    "operative_paragraphs": 0.85,
    "footnotes": 1.0,
    "annexes": 1.0,
    "signature": 1.0,
}

#: real corpus, record fields (others: 95 %)
REAL_FIELDS = {
    "symbols": 0.94,
    "job_number": 0.93,
    "job_language": 0.93,
    "agenda_items": 0.89,
    "title": 0.78,
    "doc_type": 0.92,
    "references": 0.63,
    "_joint": 0.66,
}

#: real corpus, body facts
REAL_BODY = {
    "footnotes": 0.59,
    "annexes": 0.87,
    "last_paragraph_number": 0.0,
    "summary": 0.42,
    "signature": 0.16,
    "speeches": 0.85,
    "first_speeches": 1.0,
    "last_speech": 0.85,
}

#: real corpus, Arabic and English twins: the share of fields printed alike that the records
#: give alike (others: 100 %)
TWINS = {
    "symbol": 0.97,
    "symbols": 0.97,
    "body": 0.97,
    "distribution": 0.97,
    "original_languages": 0.97,
    "doc_type": 0.94,
    "agenda": 0.87,
}
