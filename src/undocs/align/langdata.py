"""The aligner's per-language data (`languages.toml`), loaded once."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from undocs.align.errors import AlignError


@dataclass(frozen=True)
class AlignLang:
    code: str
    length_ratio: float
    unit_ratio: float
    length_spread: float
    icu_locale: str
    abbreviations: frozenset[str]
    sentence_ends: str


@cache
def _table() -> dict[str, Any]:
    with resources.files("undocs.align").joinpath("languages.toml").open("rb") as fh:
        return tomllib.load(fh)


def codes() -> tuple[str, ...]:
    return tuple(_table())


@cache
def get(code: str) -> AlignLang:
    """The data of one language; an unknown code is the caller's error, said plainly."""
    entry = _table().get(code)
    if entry is None:
        raise AlignError(f"no alignment data for language {code!r} (known: {', '.join(codes())})")
    return AlignLang(
        code=code,
        length_ratio=float(entry["length_ratio"]),
        unit_ratio=float(entry.get("unit_ratio", entry["length_ratio"])),
        length_spread=float(entry["length_spread"]),
        icu_locale=str(entry["icu_locale"]),
        abbreviations=frozenset(entry.get("abbreviations", [])),
        sentence_ends=str(entry.get("sentence_ends", ".!?")),
    )
