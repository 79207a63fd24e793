"""One text normalisation for the index, the query and the highlighter.

Why our own: SQLite's `unicode61` tokenizer folds case and Latin accents but knows
nothing of Arabic spelling variants or of Chinese, which is written without spaces,
and the stdlib cannot register a custom FTS5 tokenizer. So every text goes through
`fold()` in Python first, and FTS5 (`unicode61 remove_diacritics 0`) only splits the
folded text into tokens on spaces and punctuation. The same `fold()` runs on query
words and, run by run, on the original text to find what to highlight.

What `fold()` does, in order:

1. NFKD: compatibility forms become plain letters (Arabic presentation forms
   `ﻻ` -> `لا`, ligatures `ﬁ` -> `fi`, full-width `Ａ` -> `A`), and accents split off.
2. casefold (`É` -> `é`, `ß` -> `ss`).
3. Combining marks are dropped: Latin and Cyrillic accents (`résolution` ->
   `resolution`, `ё` -> `е`, but `й` is kept as a letter of its own), Arabic
   harakat, shadda, sukun, superscript alef, and the hamza and madda *on alef*
   (`أ إ آ` -> `ا`). A hamza on waw or yeh (`ؤ ئ`) is kept: those are distinct
   spellings, not variants. Tatweel (`ـ`) is dropped.
4. Letters folded as Lucene's ArabicNormalizer does: alef wasla `ٱ` -> `ا`,
   alef maksura `ى` -> `ي`, teh marbuta `ة` -> `ه` (final-letter variants that
   writers and OCR confuse); Persian `ی ک` -> `ي ك`; Arabic-Indic digits -> 0-9;
   `œ æ ø ł đ` -> `oe ae o l d`. Private-use characters become spaces (one of them
   is our block separator).
5. Chinese and Japanese ideographs and kana become one-character tokens (a space
   on each side), so any run of characters in a query is a phrase of characters:
   `安理会` matches wherever those three characters stand in a row.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import cache, lru_cache

#: Occurrences of one token kept per column in the word index (`capped`).
CAP = 8

#: Bump when fold(), capped() or the stems change: a store indexed otherwise is re-indexed on open.
VERSION = f"3/cap-{CAP}/stems-2/unicode-{unicodedata.unidata_version}"

#: Marks a stem token in the word index: "ǂ" + language + stem ("ǂenresolut"). A letter (so
#: FTS5's unicode61 keeps it inside the token) that no official language writes.
STEM_MARK = "\u01c2"

#: Separates blocks in a version's one FTS row, so a phrase never spans two blocks.
BLOCK_SEPARATOR = " \ue000 "

_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f"
_RE_CJK = re.compile(f"([{_CJK}])")
_RE_CJK_RUN = re.compile(f"[{_CJK}]+")
_RE_HAS_CJK = re.compile(f"[{_CJK}]")

_FOLD = {
    0x0671: "\u0627",  # alef wasla
    0x0649: "\u064a",  # alef maksura -> yeh
    0x0629: "\u0647",  # teh marbuta -> heh
    0x06CC: "\u064a",  # Persian yeh
    0x06A9: "\u0643",  # keheh -> kaf
    0x0640: "",  # tatweel
    0x0153: "oe",
    0x00E6: "ae",
    0x00F8: "o",
    0x0142: "l",
    0x0111: "d",
    **{0x0660 + i: str(i) for i in range(10)},  # Arabic-Indic digits
    **{0x06F0 + i: str(i) for i in range(10)},  # extended (Persian) digits
    **{cp: " " for cp in range(0xE000, 0xF900)},  # private use, incl. BLOCK_SEPARATOR
}
_RE_FOLD = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_FOLD) if c < 0xE000) + "\ue000-\uf8ff]")
# After NFKD: keep the letters that are more than a base plus a mark.
_RECOMPOSE = (("\u0648\u0654", "\u0624"), ("\u064a\u0654", "\u0626"), ("\u0438\u0306", "\u0439"))


# Ideographs, Hangul syllables, surrogates and private use hold no marks: not scanned.
_NO_MARKS = ((0x3400, 0x9FFF), (0xAC00, 0xF8FF))


@cache
def _marks() -> str:
    """Character class body of every combining mark (Unicode categories M*), BMP."""
    ranges: list[tuple[int, int]] = []
    scan = [range(0, _NO_MARKS[0][0]), range(_NO_MARKS[0][1] + 1, _NO_MARKS[1][0]), range(_NO_MARKS[1][1] + 1, 0x10000)]
    for cp in (cp for r in scan for cp in r):
        if unicodedata.category(chr(cp)).startswith("M"):
            if ranges and ranges[-1][1] == cp - 1:
                ranges[-1] = (ranges[-1][0], cp)
            else:
                ranges.append((cp, cp))
    return "".join(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges)


@cache
def _re_marks() -> re.Pattern[str]:
    return re.compile(f"[{_marks()}]+")


@cache
def _re_runs() -> re.Pattern[str]:
    """A run of original text that folds to word characters: letters, digits, marks, tatweel."""
    return re.compile(f"(?:[^\\W_]|[{_marks()}\u0640])+")


def _space_out(m: re.Match[str]) -> str:
    return " " + " ".join(m.group()) + " "


def fold(text: str) -> str:
    """The searchable form of `text` (see the module docstring); idempotent."""
    s = unicodedata.normalize("NFKD", text).casefold()
    if "\u0654" in s or "\u0306" in s:
        for a, b in _RECOMPOSE:
            s = s.replace(a, b)
    s = _re_marks().sub("", s)
    if _RE_FOLD.search(s):
        s = s.translate(_FOLD)
    if _RE_HAS_CJK.search(s):
        s = _RE_CJK_RUN.sub(_space_out, s)
    return s


def tokens(text: str) -> list[str]:
    """The index tokens of `text`: what FTS5 (unicode61) makes of `fold(text)`."""
    return [t for run in _re_runs().findall(fold(text)) for t in run.split()]


@lru_cache(maxsize=65536)
def _run_tokens(run: str) -> tuple[str, ...]:
    """Tokens of one run of word characters (cached: documents repeat their words)."""
    if run.isascii():
        return (run.lower(),)
    return tuple(tokens(run))


def iter_token_spans(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, token) over the *original* text, in order, for highlighting: each
    run of word characters is folded on its own, so offsets stay those of `text`; a run
    that folds to several tokens (`½`) gives each the run's span, and each ideograph
    gets its own one-character span."""
    for m in _re_runs().finditer(text):
        run = m.group()
        if _RE_HAS_CJK.search(run):
            pos = m.start()
            for part in _RE_CJK.split(run):
                if part:
                    for t in _run_tokens(part):
                        yield pos, pos + len(part), t
                    pos += len(part)
        else:
            for t in _run_tokens(run):
                yield m.start(), m.end(), t


def token_spans(text: str) -> list[tuple[int, int, str]]:
    """All of `iter_token_spans(text)`."""
    return list(iter_token_spans(text))


def index_text(text: str) -> str:
    """What goes into an FTS row for `text`."""
    return fold(text)


def capped(folded: str, cap: int = CAP) -> str:
    """`folded` text with each token kept only its first `cap` times.

    Why: bm25 reads every position of every matching token, and a word like `the` or
    `de` stands hundreds of times in each version, so ranking one such word over tens
    of thousands of versions cost ~30 ms. BM25's term frequency saturates (k1 = 1.2:
    tf 8 scores 87 % of tf 500), so a row holding each token at most 8 times ranks
    nearly the same, and it still says exactly which words a version contains. Phrase
    positions are lost, so phrases use the full index."""
    seen: dict[str, int] = {}
    out: list[str] = []
    for run in _re_runs().findall(folded):
        for tok in run.split():
            n = seen.get(tok, 0)
            if n < cap:
                seen[tok] = n + 1
                out.append(tok)
    return " ".join(out)


@cache
def _stemmer(language: str) -> object | None:
    from undocs import lang as langs

    if language not in langs.available():
        return None
    name = langs.load(language).section("search").get("stemmer", "")
    if not name:
        return None
    import snowballstemmer

    return snowballstemmer.stemmer(name)


@cache
def _conjunctions(language: str) -> tuple[str, ...]:
    from undocs import lang as langs

    found = langs.load(language).section("search").get("conjunctions", []) if language in langs.available() else []
    return tuple(fold(c) for c in found)


@lru_cache(maxsize=8)
def _endings(language: str) -> tuple[tuple[str, str], ...]:
    """Word endings that folding merged into others (Arabic taa marbuta into ha), given back
    to the stemmer, which strips the one and not the other (lang/<code>.toml [search] endings)."""
    from undocs import lang as langs

    found = langs.load(language).section("search").get("endings", []) if language in langs.available() else []
    return tuple((fold(a), b) for a, b in found)


#: the first letters of the scripts the stemmed languages are written in (after fold())
_SCRIPT_LETTERS = {
    "Latin": re.compile("[a-z]"),
    "Cyrillic": re.compile("[\u0430-\u045f]"),
    "Arabic": re.compile("[\u0620-\u06ff]"),
}


@cache
def _own_script(language: str) -> re.Pattern[str] | None:
    """What a word of `language` starts with (its language file's `[search] scripts`)."""
    from undocs import lang as langs

    names = langs.load(language).section("search").get("scripts", []) if language in langs.available() else []
    parts = [_SCRIPT_LETTERS[n].pattern[1:-1] for n in names if n in _SCRIPT_LETTERS]
    return re.compile("[" + "".join(parts) + "]") if parts else None


@lru_cache(maxsize=262144)
def stem_token(token: str, language: str) -> str | None:
    """The marked stem of one index token in `language` ("resolutions", en -> "ǂenresolut"),
    or None where the language has no stemmer, or the token is not written in its script (a
    Latin word in a Russian text is no Russian word to stem)."""
    stemmer = _stemmer(language)
    script = _own_script(language)
    if stemmer is None or not token or script is None or not script.match(token):
        return None
    for conjunction in _conjunctions(language):
        if token.startswith(conjunction + "\u0627\u0644") and len(token) > len(conjunction) + 3:
            token = token[len(conjunction) :]  # "والتنميه" -> "التنميه"
            break
    for folded, written in _endings(language):
        if token.endswith(folded) and len(token) > len(folded) + 2:
            token = token[: -len(folded)] + written  # "المساعده" -> "المساعدة": the stemmer knows the ending
            break
    return STEM_MARK + language + stemmer.stemWord(token)  # type: ignore[attr-defined]


def stems(folded: str, language: str) -> str:
    """The marked stems of a folded text's tokens, each at most CAP times: what the word
    index holds beside the tokens so that other forms of a word find it."""
    if _stemmer(language) is None:
        return ""
    seen: dict[str, int] = {}
    out: list[str] = []
    for run in _re_runs().findall(folded):
        for tok in run.split():
            stem = stem_token(tok, language)
            if stem is None:
                continue
            n = seen.get(stem, 0)
            if n < CAP:
                seen[stem] = n + 1
                out.append(stem)
    return " ".join(out)
