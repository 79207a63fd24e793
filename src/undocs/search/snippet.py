"""Snippets: the original text of a paragraph, HTML-escaped, hits wrapped in <mark>.

The index holds folded text; users read the original. So the paragraph is split into
runs of word characters with their offsets (`normalize.token_spans`), each run is
folded as the index folded it, and the query's terms are matched on those tokens:
what gets marked is exactly the original characters that matched (`résolution` for
the query `resolution`, `الأمم` for `الامم`, the three characters of `安理会`).
"""

from __future__ import annotations

import html

from undocs.search.normalize import iter_token_spans
from undocs.search.query import Term

#: Longest snippet, in characters of original text (a paragraph shorter than this is shown whole).
WIDTH = 280
_LEAD = 60  # characters kept before the first hit when a long paragraph is cut


def _matches(term: Term, spans: list[tuple[int, int, str]], i: int) -> bool:
    n = len(term.tokens)
    if i + n > len(spans):
        return False
    for k, want in enumerate(term.tokens):
        got = spans[i + k][2]
        if k == n - 1 and term.prefix:
            if not got.startswith(want):
                return False
        elif got != want:
            return False
    return True


def hit_spans(text: str, terms: list[Term], *, reach: int | None = None) -> list[tuple[int, int]]:
    """Character spans of `text` that match any of `terms` (merged, in order).

    With `reach`, the text is read only up to `reach` characters past the first hit:
    a snippet shows no more, and paragraphs can be very long."""
    spans: list[tuple[int, int, str]] = []
    source = iter_token_spans(text)

    def fill(n: int) -> bool:
        while len(spans) < n:
            nxt = next(source, None)
            if nxt is None:
                return False
            spans.append(nxt)
        return True

    firsts = {t.tokens[0] for t in terms if not (t.prefix and len(t.tokens) == 1)}
    prefixes = tuple(t.tokens[0] for t in terms if t.prefix and len(t.tokens) == 1)
    longest = max((len(t.tokens) for t in terms), default=1)
    found: list[tuple[int, int]] = []
    stop: int | None = None
    i = 0
    while fill(i + 1):
        start, _, tok = spans[i]
        if stop is not None and start >= stop:
            break
        if tok in firsts or (prefixes and tok.startswith(prefixes)):
            fill(i + longest)
            for term in terms:
                if _matches(term, spans, i):
                    found.append((start, spans[i + len(term.tokens) - 1][1]))
                    if stop is None and reach is not None:
                        stop = start + reach
        i += 1
    found.sort()
    merged: list[tuple[int, int]] = []
    for a, b in found:
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged


def _window(text: str, spans: list[tuple[int, int]], width: int) -> tuple[int, int]:
    """Cut a long paragraph around its first hit, at spaces where possible."""
    if len(text) <= width:
        return 0, len(text)
    first = spans[0][0] if spans else 0
    start = max(0, first - _LEAD)
    if start:
        space = text.find(" ", start, first)
        start = space + 1 if space != -1 else start
    end = min(len(text), start + width)
    if end < len(text):
        space = text.rfind(" ", max(start, (spans[0][1] if spans else start)), end)
        end = space if space != -1 else end
    return start, end


def snippet(text: str, terms: list[Term], *, width: int = WIDTH) -> str:
    """HTML snippet of `text`: escaped, hits in <mark>...</mark>, `…` where cut."""
    spans = hit_spans(text, terms, reach=width) if terms else []
    start, end = _window(text, spans, width)
    out = ["…"] if start > 0 else []
    pos = start
    for a, b in spans:
        if b <= start or a >= end:
            continue
        a, b = max(a, start), min(b, end)
        out.append(html.escape(text[pos:a]))
        out.append(f"<mark>{html.escape(text[a:b])}</mark>")
        pos = b
    out.append(html.escape(text[pos:end]))
    if end < len(text):
        out.append("…")
    return "".join(out)
