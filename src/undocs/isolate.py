"""Parse a file in a child process, under a memory ceiling and a wall-clock limit.

Why: the limits in `undocs.limits` bound what a file may inflate to and check the time
between steps, but a server that parses what strangers send must also survive what no
check foresaw (a PDF that makes pdfium allocate without end, a crash inside a C
library). The child's address space is capped (`RLIMIT_AS` = `Limits.memory_limit`), it
is killed when the time limit passes, and whatever happens to it, the caller gets a
`ParseError` naming the file, while the server's own memory stays where it was.

Children fork from a forkserver that has imported the parser once, so a parse costs a
fork, not an interpreter start.
"""

from __future__ import annotations

import multiprocessing as mp
import resource
import signal
import time
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from undocs.errors import BadEncoding, EmptyDocument, NotUNDocument, ParseError, TooLarge, UnsupportedFormat
from undocs.limits import Limits, TimeLimitExceeded, on_extend
from undocs.record import Record

__all__ = ["parse_isolated"]

#: Seconds a child gets beyond its own time budget to notice it and report (then it is killed).
GRACE = 5.0

_CONTEXT: Any = None
#: The errors a child can report, by name (what crosses the pipe is plain data).
_ERRORS: dict[str, type[ParseError]] = {
    c.__name__: c
    for c in (ParseError, UnsupportedFormat, EmptyDocument, TooLarge, BadEncoding, NotUNDocument, TimeLimitExceeded)
}


def _context() -> Any:
    global _CONTEXT
    if _CONTEXT is None:
        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload(["undocs.parse", "undocs.isolate"])
        _CONTEXT = ctx
    return _CONTEXT


def parse_isolated(path: str | Path, *, language: str | None = None, limits: Limits | None = None) -> Record:
    """`undocs.parse` in a child process; the same record, or the same `ParseError`, and a
    `ParseError` too when the child runs out of memory, time or dies."""
    limits = limits or Limits.from_env()
    path = Path(path)
    receive, send = _context().Pipe(duplex=False)
    child = _context().Process(target=_child, args=(send, str(path), language, limits), daemon=True)
    child.start()
    send.close()
    deadline = time.monotonic() + limits.time_limit + GRACE
    allowed = limits.time_limit
    try:
        while True:
            if not receive.poll(max(0.0, deadline - time.monotonic())):
                raise TimeLimitExceeded(path, f"parsing took longer than the {allowed:g} s limit (UNDOCS_TIME_LIMIT)")
            try:
                outcome = receive.recv()
            except (EOFError, OSError):
                child.join(GRACE)
                raise _death(path, child.exitcode, limits) from None
            if outcome[0] != "more":
                break
            deadline += outcome[1]  # the child's budget grew (OCR, by the page): so does the wait
            allowed += outcome[1]
    finally:
        receive.close()
        if child.is_alive():
            child.kill()
        child.join()
    if outcome[0] == "ok":
        return Record.from_dict(outcome[1])
    _, kind, reason = outcome
    raise _ERRORS.get(kind, ParseError)(path, reason)


def _death(path: Path, exitcode: int | None, limits: Limits) -> ParseError:
    """Why a child ended without an answer."""
    if exitcode is not None and exitcode < 0:
        name = signal.Signals(-exitcode).name if -exitcode in signal.Signals._value2member_map_ else str(-exitcode)
        if -exitcode == signal.SIGKILL:
            return TooLarge(
                path,
                f"the parser was stopped (SIGKILL): likely over the memory limit of {_mib(limits.memory_limit)} (UNDOCS_MEMORY_LIMIT)",
            )
        return ParseError(path, f"the reader crashed on this file ({name})")
    return ParseError(path, f"the parser ended without an answer (exit code {exitcode})")


def _mib(n: int) -> str:
    return f"{n / 2**20:.0f} MiB"


def _reached(ceiling: int) -> bool:
    """Whether this process's address space came within 5 % of `ceiling` (Linux: VmPeak)."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmPeak:"):
                    return int(line.split()[1]) * 1024 >= 0.95 * ceiling
    except OSError:  # pragma: no cover - no /proc
        pass
    except MemoryError:
        return True  # not even the few bytes to read it: the ceiling is reached
    return False


def _child(send: Connection, path: str, language: str | None, limits: Limits) -> None:
    """In the child: cap the address space, parse, send back the record or the error."""
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    ceiling = limits.memory_limit if hard == resource.RLIM_INFINITY else min(limits.memory_limit, hard)
    try:
        resource.setrlimit(resource.RLIMIT_AS, (ceiling, hard))
    except (ValueError, OSError):  # pragma: no cover - a platform without RLIMIT_AS
        pass
    from undocs.parse import parse

    on_extend(lambda seconds: send.send(("more", seconds)))
    try:
        record = parse(path, language=language, limits=limits)
        message: tuple[Any, ...] = ("ok", record.to_dict())
    except (ParseError, MemoryError) as exc:
        if isinstance(exc, MemoryError) or _reached(ceiling):
            # a C library out of address space says so in its own words ("unknown error",
            # "Memory allocation failed"): whatever failed here failed for want of memory
            reason = f"parsing needs more than the memory limit of {_mib(limits.memory_limit)} (UNDOCS_MEMORY_LIMIT)"
            message = ("error", "TooLarge", reason)
        else:
            message = ("error", type(exc).__name__, exc.reason)
    except Exception as exc:  # noqa: BLE001 - reported to the parent, which names the file
        message = ("error", "ParseError", f"{type(exc).__name__}: {exc}")
    try:
        send.send(message)
    except MemoryError:
        send.send(("error", "TooLarge", f"the record is over the memory limit of {_mib(limits.memory_limit)}"))
    finally:
        send.close()
