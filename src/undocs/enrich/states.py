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
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Final

from undocs import lang as langs
from undocs.lang import fold

__all__ = ["State", "state", "code_of", "find_states", "LANGUAGES"]

LANGUAGES: Final = ("en", "fr", "es", "ru", "zh", "ar")
_LETTERS: Final = re.compile(r"[\W_]+")


@dataclass(frozen=True)
class State:
    code: str  # ISO 3166-1 alpha-3 (ISO 3166-3 for States that are no more)
    m49: str
    status: str  # member, observer, former
    names: dict[str, str]  # language -> the UN's short name


@dataclass
class _Tables:
    states: dict[str, State]
    by_name: dict[str, dict[str, str]]  # language -> folded name -> code
    by_letters: dict[str, dict[str, str]]  # language -> letters only -> code
    pattern: dict[str, re.Pattern[str]]  # language -> every name, longest first, one group each
    codes: dict[str, list[str]]  # language -> the code of each group of the pattern


class _Forms:
    """The forms a name takes in running text, from the language file's `[states]`: clitics
    before it (Arabic و ب ل ف, and ل + ال written لل) and case endings (Russian: a word of five
    letters or more is its stem, without the vowels it ends in, and up to `ending` letters:
    "Российская Федерация" reads "Российской Федерации", "Соединенных Штатов Америки")."""

    def __init__(self, spec: dict) -> None:
        clitics = [re.escape(fold(c)) for c in spec.get("clitics", [])]
        self.before = f"(?:{'|'.join(clitics)})?" if clitics else ""
        self.article = fold(spec.get("article", ""))
        self.contracted = [fold(c) for c in spec.get("article_after_l", [])]
        stem = spec.get("stem", {})
        self.min_letters = int(stem.get("min_letters", 0))
        self.drop = fold(stem.get("drop", ""))
        self.ending = int(stem.get("ending", 0))

    def _word(self, word: str) -> str:
        if self.ending and len(word) >= self.min_letters and word.isalpha():
            base = word.rstrip(self.drop) if len(word.rstrip(self.drop)) >= 3 else word
            return re.escape(base) + r"\w{0," + str(self.ending) + "}"
        return re.escape(word)

    def pattern(self, name: str) -> str:
        text = r"\s+".join("-".join(self._word(part) for part in word.split("-")) for word in name.split(" "))
        if self.article and name.startswith(self.article) and self.contracted:
            rest = re.escape(name[len(self.article) :])
            return "|".join([text] + [re.escape(c) + rest for c in self.contracted])
        return text


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
    pattern = {}
    codes: dict[str, list[str]] = {}
    for lang, pairs in names.items():
        ordered = sorted({fold(n): c for n, c in pairs}.items(), key=lambda item: len(item[0]), reverse=True)
        forms = _Forms(langs.load(lang).section("states"))
        edge = "" if lang == "zh" else r"\b"
        body = "|".join(f"({forms.pattern(name)})" for name, _ in ordered)
        pattern[lang] = re.compile(edge + forms.before + "(?:" + body + ")" + edge)
        codes[lang] = [c for _, c in ordered]
    return _Tables(states, by_name, by_letters, pattern, codes)


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
    """Every State named in `text`: (code, start, end) in the folded text's positions, which
    are the text's own wherever folding keeps lengths (it does for the names of the table)."""
    tables = _tables()
    if language not in tables.pattern:
        return []
    folded = fold(text)
    codes = tables.codes[language]
    return [
        (codes[m.lastindex - 1], m.start(), m.end()) for m in tables.pattern[language].finditer(folded) if m.lastindex
    ]
