"""A polite, robust HTTP client for the UN's public services.

- One httpx client, redirects followed, timeouts on connecting and reading.
- A User-Agent that names undocs and where to read about it.
- A pause between two requests to one host (`UNDOCS_FETCH_INTERVAL`, default 1 s).
- Retries with exponential backoff (`UNDOCS_FETCH_BACKOFF`, 1 s, doubling) on 429 and 5xx
  answers and on broken connections, honouring Retry-After (capped at 60 s), at most
  `UNDOCS_FETCH_RETRIES` (4) times; `UNDOCS_FETCH_TIMEOUT` (30 s) to read an answer.
- A content-addressed cache on disk: each body stored once under its SHA-256, each URL's
  last answer (ETag, Last-Modified, the body's hash) beside it; a cached URL is asked again
  conditionally (If-None-Match / If-Modified-Since): a 304 downloads nothing.
- Resumable downloads: a body cut short is kept as a part file and continued with a Range
  request (If-Range) by the next attempt or the next run.
"""

from __future__ import annotations

import email.utils
import hashlib
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Final
from urllib.parse import urlsplit

import httpx

from undocs import __version__
from undocs.errors import UndocsError
from undocs.files import sha256_file

__all__ = ["Client", "Fetched", "ServiceError", "USER_AGENT"]

USER_AGENT: Final = f"undocs/{__version__} (UN documents as data; https://pypi.org/project/undocs/)"
#: the longest Retry-After honoured (seconds); longer waits are a service to come back to later
MAX_RETRY_AFTER: Final = 60.0
_CHUNK: Final = 1 << 16


class ServiceError(UndocsError):
    """A service did not give what was asked: says which URL and why."""


@dataclass
class Fetched:
    """A body the client holds: where it is on disk, and what the server said it was."""

    url: str  # the URL asked for
    final_url: str  # after redirects
    path: Path  # the cached body
    sha256: str
    content_type: str
    downloaded: bool  # False when the cache answered (a 304, or no need to ask)


class Client:
    def __init__(
        self,
        cache: Path,
        *,
        interval: float | None = None,
        retries: int | None = None,
        backoff: float | None = None,
        timeout: float | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.cache = cache
        env = os.environ.get
        self.interval = float(env("UNDOCS_FETCH_INTERVAL", "1.0")) if interval is None else interval
        self.retries = int(env("UNDOCS_FETCH_RETRIES", "4")) if retries is None else retries
        self.backoff = float(env("UNDOCS_FETCH_BACKOFF", "1.0")) if backoff is None else backoff
        timeout = float(env("UNDOCS_FETCH_TIMEOUT", "30")) if timeout is None else timeout
        self.requests = 0  # how many requests were sent (tests count them)
        self.downloads = 0  # how many bodies were downloaded (200 or 206)
        self._last: dict[str, float] = {}
        self._http = httpx.Client(
            follow_redirects=True,
            timeout=httpx.Timeout(timeout, connect=min(10.0, timeout)),
            headers={"User-Agent": USER_AGENT},
            transport=transport,
        )
        for sub in ("objects", "urls", "parts"):
            (cache / sub).mkdir(parents=True, exist_ok=True)

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- the one public call --------------------------------------------------------

    def get(self, url: str, params: dict[str, str] | None = None) -> Fetched:
        """The body at `url` (with `params`), from the cache when the server says it has not
        changed. Raises ServiceError after the retries, naming the URL and the last problem."""
        full = str(httpx.URL(url, params=params))
        key = hashlib.sha256(full.encode()).hexdigest()
        meta_path = self.cache / "urls" / f"{key}.json"
        meta = json.loads(meta_path.read_text()) if meta_path.exists() else None
        part = self.cache / "parts" / f"{key}.part"
        problem, wait = "no answer", 0.0
        for attempt in range(self.retries + 1):
            if attempt:
                time.sleep(max(wait, self.backoff * 2 ** (attempt - 1)))
            try:
                result = self._once(full, meta, part)
            except _Retry as exc:
                problem, wait = exc.reason, exc.after
                continue
            if result.downloaded:
                meta_path.write_text(json.dumps(self._meta))
            return result
        raise ServiceError(f"{full}: {problem} (after {self.retries + 1} attempts)")

    # ---- one attempt ----------------------------------------------------------------

    _meta: dict[str, str] = {}

    def _once(self, url: str, meta: dict[str, str] | None, part: Path) -> Fetched:
        headers: dict[str, str] = {}
        have = part.stat().st_size if part.exists() else 0
        cached = self._object(meta["sha256"]) if meta and meta.get("sha256") else None
        if have and meta and meta.get("etag"):
            headers["Range"] = f"bytes={have}-"
            headers["If-Range"] = meta["etag"]
        elif cached is not None and cached.exists() and meta:
            if meta.get("etag"):
                headers["If-None-Match"] = meta["etag"]
            if meta.get("last_modified"):
                headers["If-Modified-Since"] = meta["last_modified"]
        self._pause(url)
        self.requests += 1
        try:
            with self._http.stream("GET", url, headers=headers) as response:
                if response.status_code == 304 and cached is not None and meta:
                    self._meta = meta
                    return Fetched(
                        url, meta.get("final_url", url), cached, meta["sha256"], meta.get("content_type", ""), False
                    )
                if response.status_code == 429 or response.status_code >= 500:
                    after = _retry_after(response.headers.get("Retry-After"))
                    raise _Retry(f"the service answered {response.status_code}", after)
                if response.status_code == 404:
                    raise ServiceError(f"{url}: not found (404)")
                if response.status_code not in (200, 206):
                    raise ServiceError(f"{url}: the service answered {response.status_code}")
                append = response.status_code == 206 and have > 0
                expected = response.headers.get("Content-Length")
                etag = response.headers.get("ETag", "")
                self._meta = {
                    "final_url": str(response.url),
                    "content_type": response.headers.get("Content-Type", ""),
                    "etag": etag,
                    "last_modified": response.headers.get("Last-Modified", ""),
                }
                meta_path = self.cache / "urls" / f"{hashlib.sha256(url.encode()).hexdigest()}.json"
                if etag:  # a part file can be resumed only against the same version of the body
                    meta_path.write_text(
                        json.dumps({**(meta or {}), **self._meta, "sha256": (meta or {}).get("sha256", "")})
                    )
                got = 0
                with part.open("ab" if append else "wb") as f:
                    for chunk in response.iter_bytes(_CHUNK):
                        f.write(chunk)
                        got += len(chunk)
                if expected is not None and got < int(expected):
                    raise _Retry(f"the body was cut short ({got} of {expected} bytes)")
        except httpx.TransportError as exc:
            raise _Retry(f"{type(exc).__name__}: {exc}") from None
        self.downloads += 1
        data_sha = sha256_file(part)
        target = self._object(data_sha)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(part, target)
        self._meta["sha256"] = data_sha
        return Fetched(url, self._meta["final_url"], target, data_sha, self._meta["content_type"], True)

    def _object(self, sha: str) -> Path:
        return self.cache / "objects" / sha[:2] / sha[2:]

    def _pause(self, url: str) -> None:
        host = urlsplit(url).netloc
        last = self._last.get(host)
        if last is not None:
            wait = self.interval - (time.monotonic() - last)
            if wait > 0:
                time.sleep(wait)
        self._last[host] = time.monotonic()


class _Retry(Exception):
    """An attempt that may succeed again: why, and how long the server asked to wait."""

    def __init__(self, reason: str, after: float = 0.0) -> None:
        super().__init__(reason)
        self.reason = reason
        self.after = after


def _retry_after(value: str | None) -> float:
    """Seconds a Retry-After header asks for (a number or an HTTP date), capped."""
    if not value:
        return 0.0
    try:
        seconds = float(value)
    except ValueError:
        parsed = email.utils.parsedate_to_datetime(value) if value else None
        seconds = parsed.timestamp() - time.time() if parsed else 0.0
    return max(0.0, min(MAX_RETRY_AFTER, seconds))
