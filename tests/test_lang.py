"""Language files: one per official language, the same keys in each, every pattern
compiles. Adding a language is adding a file: nothing else may need to change."""

from __future__ import annotations

import tomllib
from importlib import resources

import pytest

from undocs.lang import OFFICIAL, LangDataError, available, load


def _keys(d: dict, prefix: str = "") -> set[str]:
    out = set()
    for k, v in d.items():
        out.add(prefix + k)
        if isinstance(v, dict) and k not in (
            "months",
            "organs",
            "bodies",
            "places",
            "kind_lines",
            "doc_types",
            "language_names",
            "values",
            "multipliers",
            "agenda_letters",
            "part_letters",
            "session_prefixes",
            "organ_before",
            "organ_after",
            "organ_between",
        ):
            out |= _keys(v, prefix + k + ".")
    return out


def _raw(code: str) -> dict:
    return tomllib.loads(resources.files("undocs.lang").joinpath(f"{code}.toml").read_text(encoding="utf-8"))


def test_the_six_official_languages_are_there() -> None:
    assert set(OFFICIAL) <= set(available())


@pytest.mark.parametrize("code", OFFICIAL)
def test_same_keys_as_english(code: str) -> None:
    assert _keys(_raw(code)) >= _keys(_raw("en")) - {"organ_between", "references.organ_between"}


@pytest.mark.parametrize("code", OFFICIAL)
def test_every_pattern_compiles(code: str) -> None:
    lang = load(code)
    for section in ("masthead", "references", "doc_types", "dates"):
        for _key, value in lang.section(section).items():
            if isinstance(value, list) and value and isinstance(value[0], str) and any(c in value[0] for c in "^\\(["):
                for p in value:
                    lang.compile(p)
    assert len(lang.months) >= 12


def test_unknown_language_is_a_clear_error() -> None:
    with pytest.raises(LangDataError, match="no language file lang/xx.toml"):
        load("xx")
