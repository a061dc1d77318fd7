"""The ASGI app of ``salat serve``: :func:`create_app` assembles the native
endpoints (:mod:`.native`), the AlAdhan layer (:mod:`.aladhan`) and the OpenAPI
routes (:mod:`.openapi`) behind :class:`Guard`.

``salat.web:app`` is one built from the ``SALAT_WEB_*`` environment variables
(what ``salat serve`` sets for its workers), so it also runs under any ASGI server::

    uvicorn salat.web:app --workers 2
    SALAT_WEB_PLACES=mosques.csv gunicorn -k uvicorn.workers.UvicornWorker salat.web:app
"""

from __future__ import annotations

import datetime as _dt
import os
import re
from collections.abc import Mapping, Sequence
from urllib.parse import parse_qsl

from starlette.applications import Starlette
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from salat.inputs import InputError

from . import aladhan, caching, mosques, native, openapi
from .caching import Memo, respond
from .core import Places, Service
from .mosques import load_mosques
from .endpoint import NATIVE_ERRORS, Endpoint, ErrorShape, Query
from .params import MAX_QUERY, Param, ParamError, parse

__all__ = ["create_app", "route", "query_pairs", "Guard", "check_frame_ancestors",
           "cors_origins", "ENDPOINTS", "HOT_PATHS", "ENV_PLACES", "ENV_FRAME_ANCESTORS",
           "ENV_CORS", "ENV_CLOCK", "ENV_MOSQUES", "MAX_PATH"]

#: Environment variables that carry ``salat serve``'s options to its workers.
ENV_PLACES, ENV_FRAME_ANCESTORS, ENV_CORS = ("SALAT_WEB_PLACES", "SALAT_WEB_FRAME_ANCESTORS",
                                             "SALAT_WEB_CORS")
#: An ISO 8601 instant with its offset: the process's clock starts there (tests, demos).
ENV_CLOCK = "SALAT_WEB_CLOCK"
#: ... and ``--mosques DIR`` (a folder of mosque profiles, :mod:`.mosques`).
ENV_MOSQUES = "SALAT_WEB_MOSQUES"
#: Longest path accepted (bytes, as sent); a longer one is a 414 before any work.
MAX_PATH = 2048
#: Every endpoint the app serves.
ENDPOINTS: list[Endpoint] = (mosques.with_mosques(native.ENDPOINTS) + mosques.ENDPOINTS
                              + aladhan.ENDPOINTS)
#: The paths most requested, tried first: the router tries each route's pattern in
#: turn, and no two patterns match one path (tested), so the order is only speed.
HOT_PATHS = ("/health", "/v1/timings/{date}", "/times", "/widget", "/v1/timingsByCity/{date}",
             "/v1/calendar/{year}/{month}", "/calendar.ics")
_ORIGIN = re.compile(r"\*|'self'|'none'|(https?|wss?)://(\*\.)?[A-Za-z0-9.-]+(:\d{1,5})?|"
                     r"(https?|wss?):")


# ---------------------------------------------------------------- settings

def check_frame_ancestors(value: str | None) -> str:
    """The CSP ``frame-ancestors`` sources from a comma- or space-separated list."""
    if value is None or not value.strip():
        return "*"
    items = value.replace(",", " ").split()
    for item in items:
        if not _ORIGIN.fullmatch(item):
            raise InputError(f"frame-ancestors: {item!r} is not an origin; give origins such as "
                             f"https://example.org, 'self', 'none' or *",
                             argument="frame-ancestors")
    return " ".join(items)


def cors_origins(value: str | None) -> list[str]:
    """Origins allowed to read responses from a browser script (``*``: any)."""
    if value is None:
        return ["*"]
    items = value.replace(",", " ").split()
    for item in items:
        if item != "*" and not re.fullmatch(r"https?://[A-Za-z0-9.-]+(:\d{1,5})?", item):
            raise InputError(f"cors: {item!r} is not an origin; give origins such as "
                             f"https://example.org, or *", argument="cors")
    return items


def _instant(text: str) -> _dt.datetime:
    try:
        instant = _dt.datetime.fromisoformat(text.strip())
    except ValueError:
        instant = None
    if instant is None or instant.tzinfo is None:
        raise InputError(f"{ENV_CLOCK}: got {text[:40]!r}; allowed: an ISO 8601 instant with "
                         f"its offset, e.g. 2026-06-10T03:30:00+00:00", argument=ENV_CLOCK)
    return instant


# ---------------------------------------------------------------- errors

def _errors_of(path: str) -> ErrorShape:
    """The error shape of the API a path belongs to."""
    return aladhan.ERRORS if aladhan.owns(path) else NATIVE_ERRORS


def error_response(path: str, status: int, message: str,
                   parameter: str | None = None) -> Response:
    """An error as every error is sent: JSON in its API's shape, never stored."""
    return Response(_errors_of(path).encode(status, message, parameter), status,
                    media_type="application/json", headers={"Cache-Control": "no-store"})


def parameter_of(error: InputError, table: Sequence[Param]) -> str | None:
    """The query parameter a library error is about: the one whose name or
    library keyword is the error's ``argument`` (``colors.accent`` for the
    widget's ``colors['accent']``).
    """
    argument = getattr(error, "argument", None)
    if isinstance(error, ParamError):       # ours: already a query parameter's name
        return argument
    if argument is None:
        # The library's raise sites outside salat.inputs do not name their argument
        # yet; their messages start with it ("method: got 'x'; allowed: ...").
        head = str(error).lstrip().split(":", 1)[0].split(" ", 1)[0]
        argument = head.replace("['", ".").rstrip("']")
    for p in table:
        if argument in (p.name, p.key):
            return p.name
    return None


# ---------------------------------------------------------------- routes

#: Parameters (by keyword) that name a place: its lookup may read the gazetteer (a second
#: or two, once per process), so such requests are computed in a thread even where the
#: endpoint is inline.
_BY_NAME = frozenset({"place", "address", "city"})


def query_pairs(request: Request) -> tuple[tuple[str, str], ...]:
    """The query's (name, value) pairs in order, as Starlette's ``query_params``
    reads them (latin-1, blank values kept), without building its multi-dict.
    """
    return tuple(parse_qsl(request.scope["query_string"].decode("latin-1"),
                           keep_blank_values=True))


def _path(request: Request) -> str:
    """The path asked for (the scope's, not re-read from a URL built of it)."""
    return request.scope.get("root_path", "") + request.scope["path"]


def route(ep: Endpoint, svc: Service) -> Route:
    """The Starlette route of one endpoint: parse, compute (memoized), respond."""
    table = ep.table

    async def handler(request: Request) -> Response:
        try:
            raw = query_pairs(request)
            values = parse(ep.params, raw, strict=ep.strict)
            values.update(parse(ep.path_params, request.path_params.items(),
                                blank_is_missing=False))
            q = Query(values=values, raw=raw)
            key = (ep.name, _path(request), tuple(sorted(raw)))
            if not ep.memoize:
                answer = ep.compute(svc, q)
            elif ep.inline and not _BY_NAME & values.keys():
                answer = svc.answer_inline(key, lambda: ep.compute(svc, q))
            else:
                answer = await svc.answer(key, lambda: ep.compute(svc, q))
            return respond(request, answer)
        except InputError as e:
            return error_response(_path(request), 400, str(e), parameter_of(e, table))
    return Route(ep.path, handler, methods=["GET"], name=ep.name)


class Guard:
    """ASGI middleware: refuses an over-long path or query before any work (a
    414 naming which), drops any ``Set-Cookie`` and adds the headers every
    response carries (``nosniff``, no referrer, a CSP where there is none).
    """

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Handle one ASGI connection scope."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                del headers["set-cookie"]
                headers["X-Content-Type-Options"] = "nosniff"
                headers["Referrer-Policy"] = "no-referrer"
                if "content-security-policy" not in headers:
                    headers["Content-Security-Policy"] = \
                        "default-src 'none'; frame-ancestors 'none'"
            await send(message)

        path = scope.get("raw_path") or scope.get("path", "").encode()
        qs = scope.get("query_string", b"")
        for what, size, most in (("path", len(path), MAX_PATH), ("query", len(qs), MAX_QUERY)):
            if size > most:
                refusal = error_response(scope.get("path", "")[:MAX_PATH], 414,
                                         f"{what}: {size} bytes; at most {most}", what)
                await refusal(scope, receive, send_with_headers)
                return
        await self.app(scope, receive, send_with_headers)


def create_app(places: str | None = None, *, frame_ancestors: str | None = None,
               cors: str | None = None, mosques: str | None = None,
               memo_items: int = 4096,
               env: Mapping[str, str] | None = None) -> Starlette:
    """The ASGI app.

    Parameters
    ----------
    places : str, optional
        A CSV file of places (``name,lat,lon[,tz,elevation,method]``) served by
        slug as ``?city=``; default: ``$SALAT_WEB_PLACES``.
    frame_ancestors : str, optional
        Origins allowed to frame the widget pages (CSP ``frame-ancestors``), e.g.
        ``"https://example.org"``; default: ``$SALAT_WEB_FRAME_ANCESTORS``, else any.
    cors : str, optional
        Origins whose scripts may read the responses; default: ``$SALAT_WEB_CORS``,
        else any (``*``); ``""`` sends no CORS headers.
    mosques : str, optional
        A folder of mosque profiles (``*.toml``, :class:`salat.Mosque`), each
        served by its slug as ``?mosque=``; default: ``$SALAT_WEB_MOSQUES``. A
        bad profile is an :class:`salat.InputError` naming its file and key.
    memo_items : int
        Answers kept in memory per worker.
    env : mapping, optional
        Where the defaults are read (``os.environ``).

    Returns
    -------
    starlette.applications.Starlette
        The app; ``app.state.service`` is its :class:`~.core.Service`.
    """
    env = os.environ if env is None else env
    places = places if places is not None else env.get(ENV_PLACES)
    ancestors = check_frame_ancestors(frame_ancestors if frame_ancestors is not None
                                      else env.get(ENV_FRAME_ANCESTORS))
    origins = cors_origins(cors if cors is not None else env.get(ENV_CORS))
    if env.get(ENV_CLOCK):
        caching.start_clock_at(_instant(env[ENV_CLOCK]))
    folder = mosques if mosques is not None else env.get(ENV_MOSQUES)
    svc = Service(Places.from_file(places), ancestors, Memo(memo_items),
                  mosques=load_mosques(folder))
    routes = [route(ep, svc) for ep in ENDPOINTS] + openapi.routes(ENDPOINTS)
    routes.sort(key=lambda r: HOT_PATHS.index(r.path) if r.path in HOT_PATHS else len(HOT_PATHS))

    async def not_found(request: Request, exc: HTTPException) -> Response:
        text = {404: "Not found.", 405: "Method not allowed."}.get(exc.status_code,
                                                                 str(exc.detail))
        return error_response(_path(request), exc.status_code, text)

    # No GZipMiddleware: respond() sends large answers gzipped, compressed once per
    # memoized answer and only where the client accepts it.
    middleware = [Middleware(Guard)]
    if origins:
        middleware.append(Middleware(CORSMiddleware, allow_origins=origins,
                                     allow_methods=["GET", "HEAD"], max_age=86400))
    app = Starlette(routes=routes, middleware=middleware,
                    exception_handlers={HTTPException: not_found})
    app.state.service = svc
    return app
