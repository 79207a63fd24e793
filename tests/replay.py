"""A local server that replays how the UN's public services answer, for the fetch tests.

- ODS symbol access `/api/symbol/access?s=<symbol>&l=<language>&t=pdf`: a 302 to the file when
  the corpora hold that version (`<symbol with _>.<language>.pdf`, else the Akoma Ntoso `.xml`),
  else 200 with the ODS's HTML "not found" page (as the service does: a page, not an error code);
- undocs.org `/<language>/<symbol>`: the same redirect, or a 404 HTML page;
- the UN Digital Library `/search?p=191__a:"<symbol>"&of=xm`: a MARCXML collection (191, 245,
  269) for a symbol the corpora hold, an empty collection otherwise;
- `/files/<name>`: the file, with ETag and Last-Modified, answering If-None-Match with 304 and
  Range with 206. Behaviours a test switches on for a file name: `flaky` (one 429 with
  Retry-After: 1 first), `cut` (the body stops half-way once, its Content-Length whole), `slow`
  (two seconds before answering), `html` (an HTML page with status 200 instead of the file),
  `stall` (half the body, then silence for a minute: for a client killed mid-download).

Every request is counted (`Replay.hits`, by path), so a test can say what was downloaded.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, quote, unquote, urlsplit

NOT_FOUND_PAGE = b"<!DOCTYPE html><html><head><title>Official Document System</title></head><body><p>Document not found.</p></body></html>"
LAST_MODIFIED = "Mon, 02 Nov 2026 10:00:00 GMT"


@dataclass
class Replay:
    folders: list[Path]
    url: str = ""
    hits: Counter = field(default_factory=Counter)
    downloads: Counter = field(default_factory=Counter)  # file name -> bodies sent (200/206)
    ranges: Counter = field(default_factory=Counter)  # file name -> partial bodies sent (206)
    flaky: set[str] = field(default_factory=set)
    cut: set[str] = field(default_factory=set)
    slow: set[str] = field(default_factory=set)
    html: set[str] = field(default_factory=set)
    stall: set[str] = field(default_factory=set)
    _done: set[tuple[str, str]] = field(default_factory=set)

    def file_for(self, symbol: str, language: str) -> Path | None:
        stem = symbol.replace(" ", "").replace("/", "_")
        for suffix in (".pdf", ".xml"):
            for folder in self.folders:
                path = folder / f"{stem}.{language}{suffix}"
                if path.exists():
                    return path
        return None

    def once(self, behaviour: str, name: str) -> bool:
        """True the first time `behaviour` applies to `name`."""
        if (behaviour, name) in self._done:
            return False
        self._done.add((behaviour, name))
        return True


def _handler(replay: Replay) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:  # quiet
            pass

        def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
            parts = urlsplit(self.path)
            replay.hits[parts.path] += 1
            query = {k: v[0] for k, v in parse_qs(parts.query).items()}
            if parts.path == "/api/symbol/access":
                found = replay.file_for(query.get("s", ""), query.get("l", ""))
                if found is None:
                    return self._send(200, NOT_FOUND_PAGE, "text/html; charset=utf-8")
                return self._redirect(found)
            if parts.path == "/search":
                return self._catalogue(query.get("p", ""))
            if parts.path.startswith("/files/"):
                return self._file(unquote(parts.path[len("/files/") :]))
            segments = unquote(parts.path).lstrip("/").split("/", 1)
            if len(segments) == 2 and len(segments[0]) == 2:
                found = replay.file_for(segments[1], segments[0])
                if found is not None:
                    return self._redirect(found)
            return self._send(404, b"<html><body>Not found</body></html>", "text/html")

        def _redirect(self, path: Path) -> None:
            self.send_response(302)
            self.send_header("Location", f"/files/{quote(path.name)}")
            self.send_header("Content-Length", "0")
            self.end_headers()

        def _catalogue(self, p: str) -> None:
            symbol = p.split(":", 1)[-1].strip('"')
            records = ""
            if replay.file_for(symbol, "en") is not None:
                records = (
                    '<record><datafield tag="191" ind1=" " ind2=" "><subfield code="a">'
                    f"{symbol}</subfield></datafield>"
                    '<datafield tag="245" ind1="1" ind2="0"><subfield code="a">(catalogue title)</subfield></datafield>'
                    "</record>"
                )
            body = f'<?xml version="1.0" encoding="UTF-8"?><collection xmlns="http://www.loc.gov/MARC21/slim">{records}</collection>'
            self._send(200, body.encode(), "application/xml")

        def _file(self, name: str) -> None:
            path = next((f / name for f in replay.folders if (f / name).exists()), None)
            if path is None:
                return self._send(404, b"<html>no file</html>", "text/html")
            if name in replay.slow:
                time.sleep(2.0)
            if name in replay.flaky and replay.once("flaky", name):
                self.send_response(429)
                self.send_header("Retry-After", "1")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if name in replay.html:
                return self._send(200, NOT_FOUND_PAGE, "text/html")
            data = path.read_bytes()
            etag = '"' + hashlib.sha256(data).hexdigest()[:16] + '"'
            kind = "application/pdf" if name.endswith(".pdf") else "application/xml"
            if self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.send_header("ETag", etag)
                self.end_headers()
                return
            start = 0
            ranged = self.headers.get("Range")
            if ranged and self.headers.get("If-Range", etag) == etag and ranged.startswith("bytes="):
                start = int(ranged[6:].split("-")[0])
            body = data[start:]
            replay.downloads[name] += 1
            replay.ranges[name] += bool(start)
            self.send_response(206 if start else 200)
            self.send_header("Content-Type", kind)
            self.send_header("ETag", etag)
            self.send_header("Last-Modified", LAST_MODIFIED)
            self.send_header("Accept-Ranges", "bytes")
            self.send_header("Content-Length", str(len(body)))
            if start:
                self.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
            self.end_headers()
            if name in replay.cut and not start and replay.once("cut", name):
                self.wfile.write(body[: len(body) // 2])
                self.wfile.flush()
                self.close_connection = True
                return
            if name in replay.stall and not start:
                self.wfile.write(body[: len(body) // 2])
                self.wfile.flush()
                time.sleep(60.0)
                return
            self.wfile.write(body)

        def _send(self, status: int, body: bytes, kind: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    return Handler


def start(folders: list[Path]) -> tuple[Replay, ThreadingHTTPServer]:
    replay = Replay(folders)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(replay))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    replay.url = f"http://127.0.0.1:{server.server_address[1]}"
    return replay, server
