"""Shared by the API and web tests: a real uvicorn server on loopback over a real store.

The dev corpus is ingested once per test session (a few seconds) into a SQLite file;
each test module opens its own Store on that file and serves it, so the tests talk
HTTP over TCP to the same code `undocs serve` runs, not to an in-process shortcut.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import uvicorn

from undocs.ingest import ingest
from undocs.store import open_store

_LIBRARY: dict[str, Path] = {}

#: Flags that keep Debian's chromium quiet and offline in a container.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def library_db(tmp_path_factory: pytest.TempPathFactory, corpus: Path) -> Path:
    """A store holding the whole dev corpus, built once per session and then only read."""
    if "db" not in _LIBRARY:
        db = tmp_path_factory.mktemp("library") / "u.sqlite"
        store = open_store(db)
        try:
            report = ingest([corpus], store)
        finally:
            store.close()
        assert report.added, report.summary()
        _LIBRARY["db"] = db
    return _LIBRARY["db"]


@contextmanager
def live_server(app: object) -> Iterator[str]:
    """Serve `app` with uvicorn in a thread on a free 127.0.0.1 port; yields the base URL.

    The socket is bound here and handed to uvicorn, so no other process can take the
    port between choosing and serving it.
    """
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, log_level="warning", lifespan="off", access_log=False)  # type: ignore[arg-type]
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


def artefacts_dir(tmp_path: Path) -> Path:
    """Where screenshots go: $UNDOCS_ARTEFACTS when set (CI keeps it), else the test's tmp dir."""
    target = Path(os.environ.get("UNDOCS_ARTEFACTS") or tmp_path)
    target.mkdir(parents=True, exist_ok=True)
    return target


def chromium_path() -> str | None:
    """Debian's chromium (never a browser downloaded by Playwright)."""
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


def library_of(folder: Path, files: list[Path]) -> Path:
    """A store of just `files` (copied into `folder`, then ingested), for a module's own library."""
    folder.mkdir(parents=True, exist_ok=True)
    for path in files:
        shutil.copy(path, folder / path.name)
    db = folder / "library.sqlite"
    store = open_store(db)
    try:
        report = ingest([folder], store)
    finally:
        store.close()
    assert not report.failed, report.failed
    return db


@contextmanager
def serving(db: Path) -> Iterator[str]:
    """The web app and API over the store at `db`, on loopback; yields the base URL."""
    from undocs.serve.app import create_app

    store = open_store(db)
    try:
        with live_server(create_app(store)) as url:
            yield url
    finally:
        store.close()


@contextmanager
def chromium_page() -> Iterator[object]:
    """A page of Debian's chromium driven by Playwright (skips the test where either is missing)."""
    sync_api = pytest.importorskip("playwright.sync_api")
    executable = chromium_path()
    if executable is None:
        pytest.skip("no chromium binary on PATH (Debian package `chromium`)")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.set_default_timeout(15_000)
            yield page
        finally:
            browser.close()
