"""Language knowledge, loaded from one TOML file per official language.

The parser never branches on a language code: it asks the `Lang` for patterns and
names. Adding a language is adding `<code>.toml` with the keys of `en.toml`.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from typing import Any, Final

#: The six official languages, in the UN's (English alphabetical) order.
OFFICIAL: Final = ("ar", "zh", "en", "fr", "ru", "es")
APOSTROPHES: Final = "[’'‘`]"


_WS: Final = re.compile(r"\s+")


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Case- and accent-insensitive key: how names are looked up (Arabic: without
    tatweel and harakat)."""
    if text.isascii():
        return _WS.sub(" ", text.lower().replace("`", "'")).strip()
    text = unicodedata.normalize("NFKD", text.casefold()).replace("\u0640", "")
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[’'‘`]", "'", re.sub(r"\s+", " ", text)).strip()


class LangDataError(ValueError):
    """A language file is missing or malformed; names the file and the key."""


@dataclass
class Lang:
    code: str
    name: str
    job_letter: str
    data: dict[str, Any]
    months: dict[str, int] = field(default_factory=dict)
    patterns: dict[str, list[re.Pattern[str]]] = field(default_factory=dict)
    _names: dict[str, dict[str, str]] = field(default_factory=dict)
    _compiled: dict[str, re.Pattern[str]] = field(default_factory=dict)
    gates: dict[str, re.Pattern[str]] = field(default_factory=dict)  # key -> gate(key)
    _firsts: dict[tuple[str, str], re.Match[str] | None] = field(default_factory=dict, repr=False)
    _found_names: dict[tuple[str, str], tuple[str, int] | None] = field(default_factory=dict, repr=False)

    # -- the look-up chain: this language, then English ---------------------------------
    @property
    def chain(self) -> tuple[Lang, ...]:
        """Where to look a printed form up: this language, then English, which every UN
        masthead prints some lines in (Distr., dates on Russian, Arabic, Chinese pages)."""
        return (self,) if self.code == "en" else (self, load("en"))

    def first(self, key: str, text: str) -> re.Match[str] | None:
        """The first pattern of `key` along the chain that matches at the start of `text`
        (remembered: the same lines are asked about again and again)."""
        memo_key = (key, text)
        if memo_key in self._firsts:
            return self._firsts[memo_key]
        found = None
        if self.gate(key).match(text):
            found = next((m for lg in self.chain for rx in lg.pats(key) if (m := rx.match(text))), None)
        if len(self._firsts) > 20000:
            self._firsts.clear()
        self._firsts[memo_key] = found
        return found

    def find_name(self, section: str, text: str) -> tuple[str, int] | None:
        """The longest printed name of `section` (organs, bodies, places) at the start of
        `text`, along the chain: (canonical name, characters of `text` it covers)."""
        memo_key = (section, text)
        if memo_key in self._found_names:
            return self._found_names[memo_key]
        found = self._longest_name(section, text)
        if len(self._found_names) > 20000:
            self._found_names.clear()
        self._found_names[memo_key] = found
        return found

    def _longest_name(self, section: str, text: str) -> tuple[str, int] | None:
        best: tuple[str, int] | None = None
        folded = fold(text)
        for lg in self.chain:
            for printed, canonical in lg.names(section).items():
                if folded.startswith(printed) and (len(folded) == len(printed) or not folded[len(printed)].isalnum()):
                    if best is None or len(printed) > best[1]:
                        best = (canonical, len(printed))
        if best is None:
            return None
        return best[0], _unfolded_length(text, best[1])

    def values(self, section: str, key: str) -> list:
        """A list of `section.key` along the chain, this language's first."""
        return [v for lg in self.chain for v in lg.section(section).get(key, [])]

    def pats(self, key: str) -> list[re.Pattern[str]]:
        """Compiled patterns of `masthead.<key>` (or of any dotted key)."""
        if key not in self.patterns:
            section, _, name = key.rpartition(".")
            raw = (self.data.get(section or "masthead") or {}).get(name, [])
            self.patterns[key] = [self.compile(p) for p in raw]
        return self.patterns[key]

    def any_of(self, key: str, *others: Lang) -> re.Pattern[str]:
        """One pattern matching wherever any pattern of `key` (here or in `others`)
        would: a cheap first test before the patterns are tried one by one."""
        cache_key = "any:" + key + ":" + ",".join(o.code for o in others)
        hit = self._compiled.get(cache_key)
        if hit is None:
            pats = [rx.pattern for lg in (self, *others) for rx in lg.pats(key)]
            anonymous = [re.sub(r"\(\?P<\w+>", "(?:", p) for p in pats]
            hit = re.compile("|".join(f"(?:{p})" for p in anonymous) or "(?!)", re.IGNORECASE)
            self._compiled[cache_key] = hit
        return hit

    def gate(self, key: str) -> re.Pattern[str]:
        """`any_of` for this language and English (UN mastheads print English lines too),
        kept in `gates`, where readers made per document find it in one look-up."""
        hit = self.gates.get(key)
        if hit is None:
            hit = self.gates[key] = self.any_of(key, *(() if self.code == "en" else (load("en"),)))
        return hit

    def compile(self, pattern: str) -> re.Pattern[str]:
        hit = self._compiled.get(pattern)
        if hit is not None:
            return hit
        self._compiled[pattern] = rx = self._compile(pattern)
        return rx

    def _compile(self, pattern: str) -> re.Pattern[str]:
        months = "|".join(sorted((re.escape(m) for m in self.month_names()), key=len, reverse=True))
        pattern = pattern.replace("{months}", months or "(?!)").replace("{apos}", APOSTROPHES)
        try:
            return re.compile(pattern, re.IGNORECASE)
        except re.error as exc:
            raise LangDataError(f"lang/{self.code}.toml: bad pattern {pattern!r}: {exc}") from exc

    @property
    def words(self) -> frozenset[str]:
        """Folded names of languages and of this language, as a masthead prints them alone."""
        if "_words" not in self._names:
            names = [self.name] + self.data.get("self_names", [])
            for code_names in self.section("language_names").values():
                names += code_names
            self._names["_words"] = {fold(n): n for n in names}
        return frozenset(self._names["_words"])

    def month_names(self) -> list[str]:
        return [n for names in self.data.get("months", {}).values() for n in names]

    def month(self, name: str) -> int | None:
        if name.isdigit():
            n = int(name)
            return n if 1 <= n <= 12 else None
        return self.months.get(fold(name))

    def section(self, name: str) -> dict[str, Any]:
        return self.data.get(name) or {}

    def names(self, section: str) -> dict[str, str]:
        """Folded printed name -> canonical value, for organs, bodies, language names."""
        cached = self._names.get(section)
        if cached is not None:
            return cached
        out: dict[str, str] = {}
        self._names[section] = out
        for canonical, printed in self.section(section).items():
            for p in printed if isinstance(printed, list) else [printed]:
                out[fold(p)] = canonical
        return out


def _unfolded_length(text: str, folded_length: int) -> int:
    """How many characters of `text` make `folded_length` characters once folded (fold
    collapses runs of spaces and drops tatweel and combining marks)."""
    if text.isascii() and "  " not in text:
        return min(folded_length, len(text))
    seen = 0
    for i, c in enumerate(text):
        if seen >= folded_length:
            return i
        if fold(c) == "" and not c.isspace():
            continue  # a mark or a tatweel: no folded character of its own
        if c.isspace() and i and text[i - 1].isspace():
            continue
        seen += 1
    return len(text)


REQUIRED: Final = (
    "code",
    "name",
    "job_letter",
    "months",
    "dates",
    "language_names",
    "ordinals",
    "masthead",
    "organs",
    "bodies",
    "doc_types",
    "references",
)


@cache
def load(code: str) -> Lang:
    """The `Lang` for an ISO 639-1 code; raises LangDataError naming what is wrong."""
    try:
        raw = resources.files(__package__).joinpath(f"{code}.toml").read_bytes()
    except FileNotFoundError:
        raise LangDataError(f"no language file lang/{code}.toml (languages: {', '.join(available())})") from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise LangDataError(f"lang/{code}.toml: {exc}") from exc
    missing = [k for k in REQUIRED if k not in data]
    if missing:
        raise LangDataError(f"lang/{code}.toml lacks {', '.join(missing)}")
    lang = Lang(code=data["code"], name=data["name"], job_letter=data["job_letter"], data=data)
    for number, names in data["months"].items():
        for n in names:
            lang.months[fold(n)] = int(number)
            for half in n.split("/"):
                lang.months.setdefault(fold(half), int(number))
    return lang


@cache
def available() -> tuple[str, ...]:
    files = resources.files(__package__).iterdir()
    codes = sorted(f.name[:-5] for f in files if f.name.endswith(".toml"))
    return tuple(c for c in OFFICIAL if c in codes) + tuple(c for c in codes if c not in OFFICIAL)
