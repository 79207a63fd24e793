"""States and observers named in any of the six languages, resolved to ISO 3166-1 alpha-3
codes (and their M49 numbers).

`data/states.csv` holds the 193 Member States and the two observer States with the UN's short
names in the six languages (English written by hand from the UN's list of Member States; the
other languages started from CLDR's names, by ICU, and corrected by hand to the UN's forms where
they differ: "Iran (République islamique d’)", "Венесуэла (Боливарианская Республика)",
"多民族玻利维亚国"), and States that are no more, under their ISO 3166-3 codes (SUN, YUG, CSK).
`data/state_variants.csv` holds other names documents print for a State: names the UN used
before ("Swaziland", "Libyan Arab Jamahiriya", "the former Yugoslav Republic of Macedonia",
"Zaire") and common short forms.

Names are matched whole, case- and accent-insensitively, apostrophes alike; a name broken by a
stray space or a line-end hyphen ("Guinea- Bissau", "Mo zambique") is found by its letters.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Final

from undocs import lang as langs
from undocs.lang import fold

__all__ = ["State", "state", "code_of", "find_states", "sponsor_states", "author_states", "LANGUAGES"]

LANGUAGES: Final = ("en", "fr", "es", "ru", "zh", "ar")
_LETTERS: Final = re.compile(r"[\W_]+")
_SPACES: Final = re.compile(r"\s+")
_WORD: Final = re.compile(r"\w+")


@dataclass(frozen=True)
class State:
    code: str  # ISO 3166-1 alpha-3 (ISO 3166-3 for States that are no more)
    m49: str
    status: str  # member, observer, former
    names: dict[str, str]  # language -> the UN's short name


@dataclass
class _Name:
    """One name as running text may print it: its pattern from the anchor word on."""

    pattern: re.Pattern[str]
    code: str
    lower: bool  # the name starts in lower case ("the former Yugoslav Republic of Macedonia")


@dataclass
class _Tables:
    states: dict[str, State]
    by_name: dict[str, dict[str, str]]  # language -> folded name -> code
    by_letters: dict[str, dict[str, str]]  # language -> letters only -> code
    # language -> the first word of a name (its stem, where words decline; its first character
    # in Chinese) -> the names starting with it, longest first
    anchors: dict[str, dict[str, list[_Name]]]
    forms: dict[str, _Forms]
    not_names: dict[str, re.Pattern[str]]  # language -> names holding a State's that name something else


class _Forms:
    """The forms a name takes in running text, from the language file's `[states]`: clitics
    before it (Arabic و ب ل ف, and ل + ال written لل) and case endings (Russian: a word of five
    letters or more is its stem, without the longest of `endings` it ends in, and up to `ending`
    letters: "Российская Федерация" reads "Российской Федерации", "Соединенных Штатов Америки")."""

    def __init__(self, spec: dict) -> None:
        self.clitics = sorted((fold(c) for c in spec.get("clitics", [])), key=len, reverse=True)
        self.article = fold(spec.get("article", ""))
        self.contracted = [fold(c) for c in spec.get("article_after_l", [])]
        stem = spec.get("stem", {})
        self.min_letters = int(stem.get("min_letters", 0))
        self.endings = sorted((fold(e) for e in stem.get("endings", [])), key=len, reverse=True)
        self.ending = int(stem.get("ending", 0))
        self.by_char = bool(spec.get("segmented"))

    def _stem(self, word: str) -> str | None:
        """The stem a declining word is matched by, or None for a word matched whole."""
        if self.ending and len(word) >= self.min_letters and word.isalpha():
            cut = next((e for e in self.endings if word.endswith(e) and len(word) - len(e) >= 3), "")
            return word[: len(word) - len(cut)]
        return None

    def _word(self, word: str) -> str:
        stem = self._stem(word)
        return re.escape(word) if stem is None else re.escape(stem) + r"\w{0," + str(self.ending) + "}"

    def spellings(self, name: str) -> list[str]:
        """The name, and its form after ل where it starts with the article (العراق, للعراق)."""
        if self.article and name.startswith(self.article):
            return [name] + [c + name[len(self.article) :] for c in self.contracted]
        return [name]

    def pattern(self, name: str) -> str:
        text = r"\s+".join("-".join(self._word(part) for part in word.split("-")) for word in name.split(" "))
        return text if self.by_char else text + r"(?!\w)"

    def anchor(self, name: str) -> str:
        """The key a name is looked up by: its first character (Chinese), or its first word's
        stem where words decline, or its first word."""
        if self.by_char:
            return name[:1]
        first = _WORD.match(name)
        word = first.group(0) if first else name
        return self._stem(word) or word

    def keys(self, token: str) -> list[tuple[str, int]]:
        """(anchor key, characters before it) a token of running text may start a name with:
        itself, without a clitic written joined to it, its stems."""
        out = [(token, 0)]
        for clitic in self.clitics:
            if token.startswith(clitic) and len(token) > len(clitic) + 1:
                out.append((token[len(clitic) :], len(clitic)))
        if self.ending:
            out += [(token[: len(token) - j], 0) for j in range(1, self.ending + 1) if len(token) - j >= 3]
        return out


def _read(name: str) -> list[dict[str, str]]:
    text = resources.files("undocs").joinpath(f"data/{name}").read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


@cache
def _tables() -> _Tables:
    states: dict[str, State] = {}
    names: dict[str, list[tuple[str, str]]] = {lang: [] for lang in LANGUAGES}
    for row in _read("states.csv"):
        own = {lang: row[lang] for lang in LANGUAGES if row[lang]}
        states[row["code"]] = State(code=row["code"], m49=row["m49"], status=row["status"], names=own)
        for lang, name in own.items():
            names[lang].append((name, row["code"]))
    for row in _read("state_variants.csv"):
        names[row["language"]].append((row["name"], row["code"]))
    by_name = {lang: {fold(n): c for n, c in pairs} for lang, pairs in names.items()}
    by_letters = {lang: {_LETTERS.sub("", fold(n)): c for n, c in pairs} for lang, pairs in names.items()}
    anchors: dict[str, dict[str, list[_Name]]] = {}
    forms_of: dict[str, _Forms] = {}
    for lang, pairs in names.items():
        forms = forms_of[lang] = _Forms(langs.load(lang).section("states"))
        table: dict[str, list[_Name]] = {}
        seen: set[str] = set()
        for n, c in sorted(pairs, key=lambda pair: len(pair[0]), reverse=True):
            for spelling in forms.spellings(fold(n)):
                if spelling in seen:
                    continue
                seen.add(spelling)
                entry = _Name(re.compile(forms.pattern(spelling)), c, not n[:1].isupper())
                table.setdefault(forms.anchor(spelling), []).append(entry)
        anchors[lang] = table
    not_names = {}
    for lang in LANGUAGES:
        others = [re.escape(fold(n)) for n in langs.load(lang).section("states").get("not_names", [])]
        if others:
            not_names[lang] = re.compile("|".join(sorted(others, key=len, reverse=True)))
    return _Tables(states, by_name, by_letters, anchors, forms_of, not_names)


def state(code: str) -> State | None:
    """The State with this alpha-3 code."""
    return _tables().states.get(code.upper())


def code_of(name: str, language: str = "en") -> str | None:
    """The alpha-3 code of a State's name as printed ("Iran (Islamic Republic of)" -> "IRN"),
    looked up in `language` and then in English (names in Latin letters in other versions)."""
    tables = _tables()
    key = fold(name.strip().rstrip(".;,").strip())
    key = key[4:] if key.startswith("the ") and key not in tables.by_name["en"] else key
    for lang in dict.fromkeys((language, "en")):
        if lang not in tables.by_name:
            continue
        hit = tables.by_name[lang].get(key) or tables.by_letters[lang].get(_LETTERS.sub("", key))
        if hit:
            return hit
    return None


def find_states(text: str, language: str = "en") -> list[tuple[str, int, int]]:
    """Every State named in `text`: (code, start, end) in the text with its whitespace runs
    made one space (`re.sub(r"\\s+", " ", text)`). Where the language writes names with a capital, a match in lower case is
    a common word ("того" is not Togo); in Chinese a name stands between word boundaries (ICU's)
    and is not followed by a word that makes it a language ("葡萄牙语")."""
    tables = _tables()
    if language not in tables.anchors:
        return []
    plain = _SPACES.sub(" ", text)
    folded, origin = _fold_map(plain)
    spec = langs.load(language).section("states")
    cased = bool(spec.get("capitalised"))
    anchors, forms = tables.anchors[language], tables.forms[language]
    found = []
    end = 0
    starts = (
        ((i, ch) for i, ch in enumerate(folded) if ch in anchors)
        if forms.by_char
        else ((m.start(), m.group(0)) for m in _WORD.finditer(folded))
    )
    for at, token in starts:
        if at < end:
            continue  # inside the name found last
        hit = None
        for key, skip in forms.keys(token):
            for name in anchors.get(key, ()):
                m = name.pattern.match(folded, at + skip)
                if m and (hit is None or m.end() > hit[1].end()):
                    hit = (name, m)
        if hit is None:
            continue
        name, m = hit
        start, stop = origin[m.start()], origin[m.end()]
        if cased and not name.lower and not plain[start].isupper():
            continue
        found.append((name.code, start, stop))
        end = m.end()
    others = tables.not_names.get(language)
    if found and others is not None:
        taken = [(origin[m.start()], origin[m.end()]) for m in others.finditer(folded)]
        found = [f for f in found if not any(a < f[2] and f[1] < b for a, b in taken)]
    after = tuple(spec.get("not_after", []))
    if after:
        found = [f for f in found if not plain.startswith(after, f[2])]
    if spec.get("segmented") and found:
        edges = _word_edges(plain, language)
        found = [f for f in found if f[1] in edges and f[2] in edges]
    return found


def _fold_map(plain: str) -> tuple[str, Sequence[int]]:
    """`plain` folded as names are (lang.fold), one character at a time, with where each
    folded character comes from in `plain` (folding can change lengths: "…" is "...")."""
    if plain.isascii():
        return plain.lower().replace("`", "'"), range(len(plain) + 1)
    parts: list[str] = []
    origin: list[int] = []
    folds: dict[str, str] = {}
    for i, ch in enumerate(plain):
        piece = folds.get(ch)
        if piece is None:
            piece = folds[ch] = " " if ch == " " else fold(ch)
        parts.append(piece)
        if len(piece) == 1:
            origin.append(i)
        else:
            origin.extend([i] * len(piece))
    origin.append(len(plain))
    return "".join(parts), origin


def _word_edges(text: str, language: str) -> set[int]:
    """Where ICU's dictionary-based word segmentation puts word boundaries (Chinese and other
    languages written without spaces), as offsets in `text`."""
    import icu

    breaker = icu.BreakIterator.createWordInstance(icu.Locale(language))
    breaker.setText(text)
    edges = {0}
    utf16_to_index = _utf16_offsets(text)
    for b in breaker:
        edges.add(utf16_to_index.get(b, b))
    return edges


def _utf16_offsets(text: str) -> dict[int, int]:
    """ICU counts UTF-16 code units; Python counts code points."""
    out, unit = {}, 0
    for i, ch in enumerate(text):
        out[unit] = i
        unit += 2 if ord(ch) > 0xFFFF else 1
    out[unit] = len(text)
    return out


def sponsor_states(printed: str, language: str = "en") -> tuple[list[str], list[str]]:
    """The States of a draft's sponsor line when it is a list of their names ("Barbados,
    Burkina Faso and Ghana"), and the items of the list that name none (OCR noise:
    "Nicar~gua"); nothing when most items are not States' names (a committee's Vice-Chair,
    the country in brackets after the name)."""
    joiners = langs.load(language).section("states").get("joiners", []) if language in LANGUAGES else []
    items = [item.strip(" :*.") for item in re.split(r"\s*[,،、;]\s*", printed) if item.strip(" :*.")]
    codes: list[str] = []
    unknown: list[str] = []
    for item in items:
        found = _item_states(item, language, joiners)
        if found:
            codes += found
        else:
            unknown.append(item)
    if not items or 3 * len(codes) < 2 * len(items):
        return [], []
    return codes, unknown


def _item_states(item: str, language: str, joiners: list[str]) -> list[str]:
    """One item of a list: a State's name ("Bosnia and Herzegovina"), or the list's last two
    names joined ("Zambia and State of Palestine")."""
    code = code_of(item, language)
    if code is not None:
        return [code]
    for joiner in joiners:
        for m in re.finditer(
            rf"\s+{re.escape(joiner)}\s+" if joiner.isalpha() and len(joiner) > 1 else re.escape(joiner), item
        ):
            left, right = code_of(item[: m.start()], language), code_of(item[m.end() :], language)
            if left and right:
                return [left, right]
    return []


def author_states(title: str, language: str = "en") -> tuple[str, list[str]] | None:
    """Who sent a letter or note verbale, as its title says ("from the Permanent Representative
    of Uzbekistan to the United Nations"), and the States named there; None when the title
    names no sender or no State in it (a letter of the Secretary-General, of a committee)."""
    if language not in LANGUAGES:
        return None
    for rx in langs.load(language).pats("states.author"):
        m = rx.search(title)
        if m:
            who = m.group("who").strip(" ,.")
            codes = list(dict.fromkeys(code for code, _, _ in find_states(who, language)))
            return (who, codes) if codes else None
    return None
