"""The interface's catalogues (serve/locale/<code>.po) cover every message the pages use, in
each of the five languages besides English, so that no page shows English chrome in part."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from undocs.serve import i18n, web

TEMPLATES = Path(web.__file__).parent / "templates"
_CALL = re.compile(r"""_\(\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')\s*\)""")


def used() -> set[str]:
    """The messages of the templates, the facets' headings and the masthead's labels."""
    found = {a or b for path in TEMPLATES.glob("*.html") for a, b in _CALL.findall(path.read_text(encoding="utf-8"))}
    found |= {heading for _, heading in web.FACETS.values()}
    source = Path(web.__file__).read_text(encoding="utf-8")
    found |= set(re.findall(r'add\("([A-Z][a-z ]+)"', source))
    found |= set(re.findall(r'\d{3}: "([A-Z][a-z ]+)"', source))  # the error pages' headings
    found.add("Something went wrong")
    return found


def test_the_interface_has_five_catalogues() -> None:
    assert set(i18n.languages()) == {"ar", "zh", "en", "fr", "ru", "es"}


@pytest.mark.parametrize("code", ["ar", "zh", "fr", "ru", "es"])
def test_every_message_is_translated(code: str) -> None:
    messages = used()
    assert len(messages) > 60
    missing = sorted(m for m in messages if not i18n.catalogue(code).get(m))
    assert not missing, missing


def test_the_choice_of_language() -> None:
    assert i18n.choose(None, None, None, "fr-CH,fr;q=0.9,en;q=0.8") == "fr"
    assert i18n.choose(None, None, "ar", "fr") == "ar"  # the document's language first
    assert i18n.choose(None, "ru", "ar", "fr") == "ru"  # the reader's kept choice before it
    assert i18n.choose("zh", "ru", "ar", "fr") == "zh"  # and the choice just made before all
    assert i18n.choose("de", None, None, "de-DE") == "en"  # not an interface language
