"""Stage: every UN document the text cites, as canonical symbols.

Two kinds of citation: symbols printed as such ("A/78/304", found by the symbol
grammar) and running-text citations ("resolutions 61/194, 62/188 and 63/211",
"résolution 68/218 de l'Assemblée générale", "Security Council resolution 2231
(2015)"), which are resolved to the citing organ's series unless another organ is
named or the number's form says whose it is ("(2015)": Security Council; "(XII)":
General Assembly before 1976). Words and organ names come from the language file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from undocs import symbols
from undocs.lang import Lang, load

ITEM = re.compile(
    r"(?P<num>(?:ES|S)-\d{1,2}/\d{1,4}|\d{1,4}/\d{1,4}(?![/\d])|\d{1,4}\s*(?P<oldpart>[A-Z]\s*)?\((?P<paren>[IVXL]{1,7}|\d{4})\))"
    r"(?P<part>\s?[A-Z](?:(?:\s(?:and|et|y|и)\s|-)[A-Z])?(?=[\s,;.:)\]]|$))?"
)
SERIES = {
    ("General Assembly", "resolution"): "A/RES/",
    ("General Assembly", "decision"): "A/DEC/",
    ("Security Council", "resolution"): "S/RES/",
    ("Economic and Social Council", "resolution"): "E/RES/",
    ("Economic and Social Council", "decision"): "E/DEC/",
    ("Human Rights Council", "resolution"): "A/HRC/RES/",
    ("Human Rights Council", "decision"): "A/HRC/DEC/",
}


@cache
def _patterns(code: str) -> dict[str, object]:
    lang = load(code)
    ref = lang.section("references")
    months = "|".join(sorted((re.escape(m) for m in lang.month_names()), key=len, reverse=True)) or "(?!)"
    date_words = "|".join(ref.get("date_words", [])) or "(?!)"
    topic_words = "|".join(ref.get("topic_words", [])) or "(?!)"
    seps = "|".join(re.escape(s.strip()) if s.strip() else re.escape(s) for s in ref.get("list_separators", [","]))
    keywords = {
        kind: "|".join(ref.get(kind, [])) for kind in ("resolution", "decision")
    }
    kw = re.compile(
        r"(?<!\w)(?:(?P<res>" + (keywords["resolution"] or "(?!)") + r")|(?P<dec>" + (keywords["decision"] or "(?!)") + r"))\s*(?=\S)",
        re.I,
    )
    connector = re.compile(
        r"(?:\s*(?:" + date_words + r")\s+(?:\d{1,2}(?:er)?\s+)?(?:" + months + r")\s+\d{4})?"
        r"(?:\s+(?:" + topic_words + r")\s+[^;:]{1,250}?)?"
        r"\s*(?:" + seps + r")\s*(?:(?:" + seps + r")\s*)?(?=(?:ES-|S-)?\d)",
        re.I,
    )
    before = {org: [lang.compile(p + r"\W{0,3}$") for p in pats] for org, pats in ref.get("organ_before", {}).items()}
    after = {org: [lang.compile(r"^\s*(?:\d{1,2}\s+\S+\s+\d{4}\s+)?" + p) for p in pats] for org, pats in ref.get("organ_after", {}).items()}
    foreign = [lang.compile(r"^\s*(?:" + p + ")") for p in ref.get("foreign_after", [])]
    return {"kw": kw, "connector": connector, "before": before, "after": after, "foreign": foreign, "lang": lang, "ref": ref}


def _organ_near(pats: dict[str, list[re.Pattern[str]]], text: str) -> str | None:
    for organ, rxs in pats.items():
        for rx in rxs:
            if rx.search(text):
                return organ
    return None


def citations(text: str, lang: Lang, default_organ: str) -> list[tuple[int, str]]:
    """(offset, canonical symbol) of running-text resolution/decision citations."""
    p = _patterns(lang.code)
    ref = p["ref"]
    out: list[tuple[int, str]] = []
    items_found: list[tuple[re.Match[str], str]] = []
    if ref.get("keyword_after"):
        prefix = "|".join(map(re.escape, ref.get("number_prefix", []))) or "(?!)"
        suffix = "|".join(map(re.escape, ref.get("number_suffix", []))) or "(?!)"
        keyword = "|".join(ref.get("resolution", []) + ref.get("decision", []))
        rx = re.compile(
            r"(?:" + prefix + r")?(?P<list>[\dA-Z/ES\- ()IVXL、和及,，]+?)(?:" + suffix + r")?(?P<kw>" + keyword + r")"
        )
        for m in rx.finditer(text):
            kind = "decision" if any(re.fullmatch(d, m.group("kw")) for d in ref.get("decision", [])) else "resolution"
            for im in ITEM.finditer(m.group("list")):
                items_found.append((im, kind))
                out.append((m.start() + im.start(), _build(im, kind, _organ_before_text(p, text[: m.start()]), default_organ)))
        return [(o, s) for o, s in out if s]
    kw: re.Pattern[str] = p["kw"]  # type: ignore[assignment]
    connector: re.Pattern[str] = p["connector"]  # type: ignore[assignment]
    for m in kw.finditer(text):
        kind = "decision" if m.group("dec") else "resolution"
        pos = m.end()
        items: list[re.Match[str]] = []
        while True:
            im = ITEM.match(text, pos)
            if not im:
                break
            items.append(im)
            pos = im.end()
            cm = connector.match(text, pos)
            if not cm or cm.end() == pos or not ITEM.match(text, cm.end()):
                # "resolutions 47/19 of 24 November 1992" ends with a date
                cm2 = connector.match(text, pos)
                if cm2 and cm2.end() > pos:
                    pass
                break
            pos = cm.end()
        if not items:
            continue
        tail = re.sub(r"^\s*(?:(?:" + "|".join(ref.get("date_words", [])) + r")\s+)?\d{1,2}(?:er)?\s+\S+\s+\d{4},?", "", text[pos : pos + 120]) if ref.get("date_words") else text[pos : pos + 120]
        if any(rx.search(tail) for rx in p["foreign"]):  # type: ignore[union-attr]
            continue
        organ = _organ_before_text(p, text[max(0, m.start() - 60) : m.start()])
        if organ is None:
            organ = _organ_near(p["after"], text[pos : pos + 80])  # type: ignore[arg-type]
        for im in items:
            sym = _build(im, kind, organ, default_organ)
            if sym:
                out.append((im.start(), sym))
    return out


def _organ_before_text(p: dict[str, object], before: str) -> str | None:
    return _organ_near(p["before"], before)  # type: ignore[arg-type]


def _build(im: re.Match[str], kind: str, organ: str | None, default: str) -> str | None:
    num = re.sub(r"\s+", " ", im.group("num")).strip()
    paren = im.group("paren")
    if paren and paren.isdigit():
        organ = "Security Council"
    elif paren or num.startswith(("ES-", "S-")):
        organ = organ if organ == "General Assembly" else "General Assembly"
    first = num.split("/")[0]
    if organ is None and "/" in num and len(first) == 4 and first.startswith(("19", "20")):
        organ = "Economic and Social Council"  # ECOSOC numbers by year: 1996/31
    if organ == "Security Council" and re.fullmatch(r"\d+/(?:19|20)\d\d", num):
        num = num.replace("/", " (") + ")"  # "resolution 1325/2000" is S/RES/1325 (2000)
    organ = organ or default
    prefix = SERIES.get((organ, kind)) or SERIES.get(("General Assembly", kind))
    part = im.group("part")
    text = prefix + num
    if part:
        letters = re.findall(r"[A-Z]", part)
        text += " " + "-".join(letters)
    try:
        return symbols.normalize(text)
    except symbols.SymbolError:
        return None


def _part_of_other(text: str, offset: int, explicit: list[tuple[int, int, str]]) -> bool:
    """'CBD/COP/15/17, decision 15/4': a decision inside another body's document."""
    for _start, end, sym in explicit:
        if end <= offset and offset - end < 30 and sym.split("/")[0] not in ("A", "S", "E", "T"):
            between = text[end:offset]
            if re.fullmatch(r"[,;]?\s*\w+\s*", between):
                return True
    return False


def references(texts: Iterable[str], lang: Lang, *, default_organ: str, own: Iterable[str]) -> list[str]:
    """Canonical symbols cited in `texts` (in reading order), first appearance, no repeats."""
    own_set = set(own)
    seen: list[str] = []
    langs = [lang] if lang.code == "en" else [lang, load("en")]
    for text in texts:
        if not text:
            continue
        found: list[tuple[int, str]] = []
        explicit = symbols.find_symbols(text)
        for start, _end, sym in explicit:
            found.append((start, sym))
        for lg in langs:
            for offset, sym in citations(text, lg, default_organ):
                if not _part_of_other(text, offset, explicit):
                    found.append((offset, sym))
        for _, sym in sorted(found, key=lambda x: x[0]):
            if sym not in own_set and sym not in seen:
                seen.append(sym)
    return seen
