"""The web application: the HTTP API (`/api/...`) and the HTML pages over one Store.

`undocs serve` is `uvicorn.run(create_app(open_store(db), ...))`; tests build the same
app over a temporary store. The app owns no data of its own: every route asks the
Store (and, for uploads, the parser), so a PostgreSQL backend can replace SQLite
without touching this package.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from undocs import __version__
from undocs.errors import UndocsError
from undocs.serve import api, web
from undocs.serve.api import register_convertors
from undocs.store import Store, StoreError, VersionConflict

STATIC = Path(__file__).parent / "static"

#: Default upload limit: the parser's own default ceiling (UNDOCS_MAX_BYTES is 64 MiB).
DEFAULT_MAX_UPLOAD_BYTES = 64 * 1024 * 1024


def create_app(
    store: Store,
    *,
    upload_token: str | None = None,
    max_upload_bytes: int = DEFAULT_MAX_UPLOAD_BYTES,
    isolate: bool = True,
) -> FastAPI:
    """The API and the web pages over `store`.

    upload_token: uploads (`POST /api/documents`) are refused unless a token is
    configured, and then need `Authorization: Bearer <token>`; the library is
    read-only by default because `undocs serve` may be exposed beyond localhost.
    max_upload_bytes: larger uploads get 413 before they are parsed.
    isolate: parse uploads in a child process under the memory and time limits
    (`undocs.isolate`); off only where a test wants the parser in-process.
    """
    register_convertors()
    app = FastAPI(
        title="undocs",
        version=__version__,
        summary="United Nations official documents as data: search, read and cite them in six languages.",
        description=(
            "Read-only JSON over a library of UN documents. Records follow `design/record.md`; "
            "a symbol in a path is URL-encoded (`A%2FC.2%2F72%2F3`) or written with its slashes. "
            'Errors are `{"error": "message"}`.'
        ),
        docs_url=None,  # served below from /static, so the docs work offline
        redoc_url=None,
        openapi_tags=[
            {"name": "search", "description": "Full-text and symbol search with facets."},
            {"name": "documents", "description": "Documents (one per symbol) and their language versions."},
        ],
    )
    app.add_middleware(SecurityHeaders)
    app.state.store = store
    app.state.upload_token = upload_token or None
    app.state.max_upload_bytes = max_upload_bytes
    app.state.isolate = isolate

    app.include_router(api.router)

    @app.get("/docs", include_in_schema=False)
    def swagger_ui(request: Request) -> Response:
        """Swagger UI from the vendored files (the docs work offline), started by a script
        file rather than FastAPI's inline one, so the CSP can forbid inline script."""
        return web.templates.TemplateResponse(
            request, "swagger.html", {"openapi_url": app.openapi_url or "/openapi.json"}
        )

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.include_router(web.router)

    def wants_json(request: Request) -> bool:
        return request.url.path.startswith("/api/") or request.url.path == "/api"

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        """One error shape for API clients, a readable page for people."""
        headers = getattr(exc, "headers", None)
        if wants_json(request):
            return JSONResponse({"error": str(exc.detail)}, status_code=exc.status_code, headers=headers)
        return web.error_page(request, exc.status_code, str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        """FastAPI's nested error list flattened to one sentence, plus the details for programs."""
        message = "; ".join(_describe(e) for e in exc.errors())
        if wants_json(request):
            return JSONResponse({"error": message, "details": _jsonable(exc.errors())}, status_code=422)
        return web.error_page(request, 422, message)

    @app.exception_handler(UndocsError)
    async def undocs_error(request: Request, exc: UndocsError) -> Response:
        """A library error reaching the top is the request's fault (a malformed query,
        an unreadable upload: 422), a clash with what is stored (409), or the library
        being unavailable (locked, unreadable: 503), with the library's own message."""
        status = 409 if isinstance(exc, VersionConflict) else 503 if isinstance(exc, StoreError) else 422
        if wants_json(request):
            return JSONResponse({"error": str(exc)}, status_code=status)
        return web.error_page(request, status, str(exc))

    @app.exception_handler(Exception)
    async def internal_error(request: Request, exc: Exception) -> Response:
        """A bug still answers in the error shape of its side (the traceback goes to the
        server log, never to the client)."""
        message = f"internal error ({type(exc).__name__}); the server log has the details"
        if wants_json(request):
            return JSONResponse({"error": message}, status_code=500)
        return web.error_page(request, 500, message)

    return app


#: On every response: pages run only our own script and style files, no other site may frame
#: them, a link followed elsewhere does not carry the query, and no response is sniffed
#: into another type.
SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = tuple(
    (k.lower().encode(), v.encode())
    for k, v in {
        "Content-Security-Policy": (
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
        ),
        "X-Frame-Options": "DENY",
        "Referrer-Policy": "same-origin",
        "X-Content-Type-Options": "nosniff",
        "Cross-Origin-Opener-Policy": "same-origin",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    }.items()
)


class SecurityHeaders:
    """Pure ASGI middleware (streams pass through untouched) that adds SECURITY_HEADERS."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [
                    (k, v) for k, v in SECURITY_HEADERS if k not in present
                ]
            await send(message)

        await self.app(scope, receive, with_headers)


def _describe(error: dict) -> str:
    where = ".".join(str(p) for p in error.get("loc", ()) if p not in ("query", "path", "body"))
    return f"{where}: {error.get('msg', 'invalid')}" if where else str(error.get("msg", "invalid"))


def _jsonable(errors: object) -> object:
    """Validation errors may carry exception objects in `ctx`; keep only what JSON can say."""
    if isinstance(errors, dict):
        return {k: _jsonable(v) for k, v in errors.items()}
    if isinstance(errors, list | tuple):
        return [_jsonable(v) for v in errors]
    if isinstance(errors, str | int | float | bool) or errors is None:
        return errors
    return str(errors)
