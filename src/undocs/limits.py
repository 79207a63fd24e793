"""How much one file may cost: bytes on disk, bytes inflated from a DOCX, ZIP entries,
XML nesting, seconds, and (where a file is parsed in a child process) memory.

Why limits at all: a 2 MB DOCX can inflate to gigabytes and a few KB of text can be
built to make a scanner work for minutes; a library that serves uploads must refuse such
files with a reason instead of running out of memory or time. The defaults sit far above
every real UN document we have seen (the largest DOCX part in the corpus inflates to
5 MB; the slowest PDF parses in seconds) and each can be set in the environment:

    UNDOCS_MAX_BYTES      file size                     64 MiB
    UNDOCS_MAX_INFLATED   a DOCX's parts, inflated      32 MiB in all
    UNDOCS_MAX_ENTRIES    a DOCX's ZIP entries          2000
    UNDOCS_MAX_XML_DEPTH  XML element nesting           200
    UNDOCS_TIME_LIMIT     seconds to parse one file     60
    UNDOCS_MEMORY_LIMIT   address space of a parse in a child process (uploads)  2 GiB
    UNDOCS_OCR_PAGE_TIME  seconds added to the time limit per page read by OCR  30

The time limit is a budget the parser checks between pages, paragraphs and blocks
(`check_time`): each step is linear in its input, so a file over budget stops within a
step of it, with `TimeLimitExceeded` naming the file.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, fields

from undocs.errors import ParseError

__all__ = ["Limits", "TimeLimitExceeded", "time_budget", "check_time", "extend_time"]

_MIB = 1024 * 1024


class TimeLimitExceeded(ParseError):
    """Parsing the file took longer than the configured budget."""


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 64 * _MIB
    max_inflated: int = 32 * _MIB
    max_entries: int = 2000
    max_xml_depth: int = 200
    time_limit: float = 60.0
    memory_limit: int = 2048 * _MIB
    ocr_page_time: float = 30.0

    @classmethod
    def from_env(cls) -> Limits:
        """The defaults, overridden by UNDOCS_<FIELD> where set (a bad value is an error)."""
        values: dict[str, float | int] = {}
        for f in fields(cls):
            name = "UNDOCS_" + f.name.upper()
            text = os.environ.get(name)
            if text is None or not text.strip():
                continue
            kind = float if isinstance(f.default, float) else int
            try:
                value = kind(text)
            except ValueError:
                raise ValueError(f"{name}={text!r}: not a number") from None
            if value <= 0:
                raise ValueError(f"{name}={text!r}: must be above 0")
            values[f.name] = value
        return cls(**values)  # type: ignore[arg-type]


#: (deadline on the monotonic clock, the budget in seconds, the file) of the parse under way
_BUDGET: ContextVar[tuple[float, float, str] | None] = ContextVar("undocs_time_budget", default=None)


@contextmanager
def time_budget(path: str, seconds: float) -> Iterator[None]:
    """Give the parse of `path` `seconds` from now; nested budgets keep the earlier deadline."""
    deadline = time.monotonic() + seconds
    outer = _BUDGET.get()
    if outer is not None and outer[0] < deadline:
        deadline, seconds = outer[0], outer[1]
    token = _BUDGET.set((deadline, seconds, path))
    try:
        yield
    finally:
        _BUDGET.reset(token)


#: Told of every extension (a child process tells the parent that waits for it)
_ON_EXTEND: list[Callable[[float], None]] = []


def on_extend(hook: Callable[[float], None]) -> None:
    """Call `hook(seconds)` whenever a parse's budget grows (this process, from now on)."""
    _ON_EXTEND[:] = [hook]


def extend_time(seconds: float) -> None:
    """Give the parse under way `seconds` more: work whose cost is known only once the file
    is open (OCR, by the page) adds its own allowance to the budget."""
    budget = _BUDGET.get()
    if budget is not None:
        _BUDGET.set((budget[0] + seconds, budget[1] + seconds, budget[2]))
        for hook in _ON_EXTEND:
            hook(seconds)


def check_time() -> None:
    """Raise `TimeLimitExceeded` if the parse under way has used up its budget."""
    budget = _BUDGET.get()
    if budget is not None and time.monotonic() > budget[0]:
        raise TimeLimitExceeded(budget[2], f"parsing took longer than the {budget[1]:g} s limit (UNDOCS_TIME_LIMIT)")
