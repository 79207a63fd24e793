"""The interface in the six official languages: gettext catalogues, one per language.

The words of the pages' chrome (headings, labels, buttons, the masthead's field names) are
English in the templates, wrapped in `_()`, and translated through `locale/<code>.po`, read
with Babel. Which language a page speaks: the reader's choice (`?ui=fr`, kept in a cookie),
else the language of the document version shown, else the browser's (Accept-Language), else
English. Arabic pages are laid out right to left. Adding a language is adding a catalogue.
"""

from __future__ import annotations

from contextvars import ContextVar
from functools import cache
from pathlib import Path
from typing import Final

from babel.messages.pofile import read_po

LOCALE_DIR: Final = Path(__file__).parent / "locale"
DEFAULT: Final = "en"
#: the cookie that keeps a reader's choice of interface language
COOKIE: Final = "undocs_ui"
_current: ContextVar[str] = ContextVar("ui_language", default=DEFAULT)


@cache
def catalogue(code: str) -> dict[str, str]:
    """msgid -> translation of one language (empty for English, the templates' own)."""
    path = LOCALE_DIR / f"{code}.po"
    if not path.exists():
        return {}
    with path.open("rb") as f:
        po = read_po(f, locale=code)
    return {str(m.id): str(m.string) for m in po if m.id and m.string and not m.fuzzy}


def languages() -> tuple[str, ...]:
    """The interface languages: English and every catalogue."""
    return (DEFAULT, *sorted(p.stem for p in LOCALE_DIR.glob("*.po")))


def use(code: str) -> None:
    """Speak `code` for the rest of this request."""
    _current.set(code if code in languages() else DEFAULT)


def current() -> str:
    return _current.get()


def gettext(message: str) -> str:
    return catalogue(_current.get()).get(message, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Plural forms by the English rule, each form translated: the catalogues give one form
    per English form (the pages only count in numerals, so the translations read either way)."""
    return gettext(singular if n == 1 else plural)


def choose(asked: str | None, cookie: str | None, document: str | None, accept: str) -> str:
    """The language a page speaks (see the module's docstring)."""
    known = languages()
    for code in (asked, cookie, document):
        if code and code in known:
            return code
    for part in accept.split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in known:
            return code
    return DEFAULT
