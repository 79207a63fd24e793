"""An alignment as JSONL (one link a line), TSV (one row per aligned group, one column
per language) and TMX 1.4 (one translation unit per aligned group).

JSONL keeps the pairwise links exactly as found. TSV and TMX need rows across all
versions: links of every pair are joined through the pivot's units (a pivot unit and
everything linked to it, transitively, make one row), rows in the pivot's order.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from xml.sax.saxutils import escape, quoteattr

from undocs.align.core import Alignment

_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def jsonl_lines(alignment: Alignment) -> Iterator[str]:
    """One JSON object per link: languages, 0-based positions, texts joined with a space, score."""
    for pair in alignment.pairs:
        src, tgt = alignment.units[pair.src_lang], alignment.units[pair.tgt_lang]
        for lk in pair.links:
            yield json.dumps(
                {
                    "src_lang": pair.src_lang,
                    "tgt_lang": pair.tgt_lang,
                    "src": lk.src,
                    "tgt": lk.tgt,
                    "src_text": " ".join(src[i] for i in lk.src),
                    "tgt_text": " ".join(tgt[j] for j in lk.tgt),
                    "score": lk.score,
                },
                ensure_ascii=False,
            )


def to_jsonl(alignment: Alignment) -> str:
    return "".join(line + "\n" for line in jsonl_lines(alignment))


def rows(alignment: Alignment, *, with_orphans: bool = True) -> list[dict[str, list[int]]]:
    """Groups of positions per language that say the same thing, in the pivot's order.

    Without orphans, only rows holding two languages or more (what a translation
    memory wants); with them, every unit of every version appears in one row.
    """
    parent: dict[tuple[str, int], tuple[str, int]] = {}

    def find(x: tuple[str, int]) -> tuple[str, int]:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for pair in alignment.pairs:
        for lk in pair.links:
            nodes = [(pair.src_lang, i) for i in lk.src] + [(pair.tgt_lang, j) for j in lk.tgt]
            for node in nodes:
                find(node)
            for node in nodes[1:]:
                ra, rb = find(nodes[0]), find(node)
                if ra != rb:
                    parent[rb] = ra
    for lang in alignment.langs:
        for i in range(len(alignment.units[lang])):
            if alignment.units[lang][i].strip():
                find((lang, i))
    groups: dict[tuple[str, int], dict[str, list[int]]] = {}
    for node in list(parent):
        groups.setdefault(find(node), {}).setdefault(node[0], []).append(node[1])
    # order: by the pivot position of the row; a row without the pivot comes after the
    # row holding the previous unit of its own language
    key: dict[tuple[str, int], tuple[float, int, float]] = {}
    for root, g in groups.items():
        if alignment.pivot in g:
            key[root] = (min(g[alignment.pivot]), 0, 0.0)
    for li, lang in enumerate(alignment.langs):
        last = -1.0
        for i in range(len(alignment.units[lang])):
            node = (lang, i)
            if node not in parent:
                continue
            root = find(node)
            if root in key:
                last = key[root][0]
            else:
                key[root] = (last + 0.5, li, i)
    out = []
    for root in sorted(groups, key=lambda r: key[r]):
        g = {lang: sorted(v) for lang, v in groups[root].items()}
        if with_orphans or len(g) >= 2:
            out.append({lang: g[lang] for lang in alignment.langs if lang in g})
    return out


def _one_line(text: str) -> str:
    return re.sub(r"[\t\r\n]+", " ", text)


def to_tsv(alignment: Alignment, *, positions: bool = False) -> str:
    """A header of language codes, then one row per group (empty cell: no counterpart).

    With `positions`, each language also gets a column of its 0-based positions.
    """
    header: list[str] = []
    for lang in alignment.langs:
        header += [lang] + ([f"{lang}_pos"] if positions else [])
    lines = ["\t".join(header)]
    for row in rows(alignment):
        cells: list[str] = []
        for lang in alignment.langs:
            idx = row.get(lang, [])
            cells.append(_one_line(" ".join(alignment.units[lang][i] for i in idx)))
            if positions:
                cells.append(" ".join(map(str, idx)))
        lines.append("\t".join(cells))
    return "\n".join(lines) + "\n"


def to_tmx(alignment: Alignment, *, tool_version: str | None = None) -> str:
    """TMX 1.4 (valid against the 1.4b DTD): one <tu> per group of two languages or
    more, `xml:lang` the ISO 639-1 code, each <tuv> with its positions as a prop."""
    if tool_version is None:
        from undocs import __version__ as tool_version
    segtype = {"paragraph": "paragraph", "sentence": "sentence"}.get(alignment.level, "block")
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<!DOCTYPE tmx SYSTEM "tmx14.dtd">',
        '<tmx version="1.4">',
        f'<header creationtool="undocs" creationtoolversion={quoteattr(str(tool_version))} segtype="{segtype}"'
        f' o-tmf="undocs" adminlang="en" srclang={quoteattr(alignment.pivot)} datatype="plaintext">',
    ]
    if alignment.symbol:
        out.append(f'<prop type="x-symbol">{escape(alignment.symbol)}</prop>')
    out += ["</header>", "<body>"]
    for n, row in enumerate(rows(alignment, with_orphans=False), 1):
        out.append(f'<tu tuid="{n}">')
        for lang, idx in row.items():
            text = _XML_BAD.sub("", " ".join(alignment.units[lang][i] for i in idx))
            out.append(
                f'<tuv xml:lang={quoteattr(lang)}><prop type="x-position">{" ".join(map(str, idx))}</prop>'
                f"<seg>{escape(text)}</seg></tuv>"
            )
        out.append("</tu>")
    out += ["</body>", "</tmx>"]
    return "\n".join(out) + "\n"
