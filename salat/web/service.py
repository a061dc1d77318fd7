"""The ASGI app of ``salat serve``: native endpoints, widgets, files, calendar feeds.

:func:`create_app` builds a Starlette app; ``salat.web:app`` is one built from
the ``SALAT_WEB_*`` environment variables (what ``salat serve`` sets for its
workers), so it also runs under any ASGI server::

    uvicorn salat.web:app --workers 2
    SALAT_WEB_PLACES=mosques.csv gunicorn -k uvicorn.workers.UvicornWorker salat.web:app

Each endpoint is an :class:`Endpoint`: its path, its parameter table
(:mod:`salat.web.params`) and a function from checked parameters to an
:class:`~salat.web.caching.Answer`. The same list writes ``/openapi.json``.
"""

from __future__ import annotations

import asyncio
import datetime as _dt
import io
import json
import os
import re
import time
import unicodedata
from dataclasses import dataclass, field
from typing import Any
from collections.abc import Callable, Mapping, Sequence

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

import salat
from salat.exports import ICS_PRAYERS, write_csv, write_ics, write_json
from salat.inputs import InputError
from salat.names import FIVE_PRAYERS, TIME_NAMES
from salat.places import Place, read_places
from salat.prayer_zones import get_zone
from salat.places import city as find_city
from salat.timezones import resolve_tz, tz_name

from .caching import Answer, Memo, next_local_midnight, respond
from .params import MAX_QUERY, PLACE_PARAMS, TIME_PARAMS, Param, ParamError, parse

__all__ = ["create_app", "Endpoint", "Places", "WIDGET_PARAMS", "MAX_PLACES", "MAX_DAYS",
           "ENV_PLACES", "ENV_FRAME_ANCESTORS", "ENV_CORS"]

#: Environment variables that carry ``salat serve``'s options to its workers.
ENV_PLACES, ENV_FRAME_ANCESTORS, ENV_CORS = ("SALAT_WEB_PLACES", "SALAT_WEB_FRAME_ANCESTORS",
                                             "SALAT_WEB_CORS")
#: Most places a --places file may hold.
MAX_PLACES = 10_000
#: The most cities one picker widget may hold.
MAX_PICKER = 20
#: Most dates a table, range or feed may span.
MAX_DAYS = 366
_ORIGIN = re.compile(r"\*|'self'|'none'|(https?|wss?)://(\*\.)?[A-Za-z0-9.-]+(:\d{1,5})?|"
                     r"(https?|wss?):")

#: The widget's query parameters, mapped to ``salat.widget`` keywords: the one
#: place where the web side meets that function's signature. ``colors.<role>``
#: targets fill the ``colors`` mapping.
WIDGET_PARAMS = (
    Param("name", "string", "Title shown (the place's name); default: the --places name."),
    Param("locale", "string", "CLDR locale, e.g. ar_EG, ur_PK, fr.", default="en",
          example="ar_EG"),
    Param("date", "date", "Date to show; default: today at the place (tomorrow after Isha)."),
    Param("kind", "string", "One day, a one-line strip, or a printable month.",
          choices=("day", "strip", "month")),
    Param("theme", "string", "Colour theme.", choices=("auto", "light", "dark")),
    Param("transparent", "boolean", "No background of its own."),
    Param("digits", "string", "default, native, latn or a CLDR numbering system id."),
    Param("clock", "integer", "12- or 24-hour clock; default: the locale's.", choices=(12, 24)),
    Param("hijri_offset", "integer", "Days added before converting to the Hijri date.",
          minimum=-3, maximum=3),
    Param("script", "boolean", "Include the small inline script (countdown, roll-over).",
          default=True),
    Param("times", "list", "Rows to show, in order.", choices=TIME_NAMES),
    Param("places", "list", "A city picker instead of one place: this server's places "
                            "(slugs) or city names, comma-separated, at most 20.",
          example="rabat,casablanca"),
    Param("background", "string", "Background colour (#hex, name, rgb()...).",
          target="colors.background"),
    Param("text", "string", "Text colour.", target="colors.text"),
    Param("accent", "string", "Accent colour.", target="colors.accent"),
    Param("border", "string", "Border colour.", target="colors.border"),
)

#: The salat.widget keyword of the title (the table's ``name`` row).
_TITLE = next(p.key for p in WIDGET_PARAMS if p.name == "name")
_DATE = (Param("date", "date", "YYYY-MM-DD; default: today at the place."),)
_RANGE = (
    Param("year", "integer", "A calendar year (default: this year at the place).",
          minimum=1800, maximum=2200),
    Param("month", "month", "A month, YYYY-MM, instead of year."),
    Param("start", "date", "First date, instead of year/month."),
    Param("end", "date", f"Last date (at most {MAX_DAYS} days after start)."),
)
_CSV = (Param("iso", "boolean", "ISO 8601 times with UTC offset instead of HH:MM."),)
_FEED = (
    Param("days", "integer", "How many days from today the feed holds.", minimum=1,
          maximum=MAX_DAYS, default=60),
    Param("locale", "string", "Language of the event names (CLDR locale).", default="en"),
    Param("alarm", "integer", "A reminder this many minutes before each prayer.", minimum=0,
          maximum=1440),
    Param("times", "list", "Which times become events.", choices=TIME_NAMES),
)


@dataclass
class Endpoint:
    """One GET endpoint: path, OpenAPI summary, parameters, media type, and
    ``compute(service, params) -> Answer``.
    """

    path: str
    name: str
    summary: str
    params: Sequence[Param]
    media_type: str
    compute: Callable[[Service, dict], Answer]
    required: Mapping[str, bool] = field(default_factory=dict)
    path_params: Sequence[Param] = ()
    tag: str = "salat"
    strict: bool = True
    redirects: bool = False
    #: Cheap enough to compute on the event loop (no worker-thread hop).
    inline: bool = False


def slug(text: str) -> str:
    """``"Grande Mosquée, Paris"`` -> ``"grande-mosquee-paris"``."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    ascii_ = "".join(c for c in folded if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", ascii_).strip("-") or "place"


class Places:
    """The server's named places (``--places FILE``), by slug."""

    def __init__(self, places: Sequence[Place] = ()):
        if len(places) > MAX_PLACES:
            raise InputError(f"places: {len(places)} places; at most {MAX_PLACES}")
        self.by_slug: dict[str, Place] = {}
        for p in places:
            key = slug(p.name)
            if key in self.by_slug:
                key = f"{key}-{len(self.by_slug)}"
            self.by_slug[key] = p

    @classmethod
    def from_file(cls, path: str | None) -> Places:
        """The places of a CSV file (none without a path)."""
        if not path:
            return cls()
        found = read_places(path)
        found.check()
        return cls(found.places)

    def find(self, name: str) -> Place:
        """A place by slug, else a city by name from the offline city database."""
        p = self.by_slug.get(name) or self.by_slug.get(slug(name))
        if p is not None:
            return p
        try:
            return find_city(name)
        except InputError:
            raise ParamError("city", f"city: {name[:60]!r} is neither a place of this server "
                                     f"(GET /places) nor a known city name") from None


def check_frame_ancestors(value: str | None) -> str:
    """The CSP ``frame-ancestors`` sources from a comma- or space-separated list."""
    if value is None or not value.strip():
        return "*"
    items = value.replace(",", " ").split()
    for item in items:
        if not _ORIGIN.fullmatch(item):
            raise InputError(f"frame-ancestors: {item!r} is not an origin; give origins such as "
                             f"https://example.org, 'self', 'none' or *")
    return " ".join(items)


def cors_origins(value: str | None) -> list[str]:
    """Origins allowed to read responses from a browser script (``*``: any)."""
    if value is None:
        return ["*"]
    items = value.replace(",", " ").split()
    for item in items:
        if item != "*" and not re.fullmatch(r"https?://[A-Za-z0-9.-]+(:\d{1,5})?", item):
            raise InputError(f"cors: {item!r} is not an origin; give origins such as "
                             f"https://example.org, or *")
    return items


# ---------------------------------------------------------------- the service

class Service:
    """What the endpoints share: the places, the CSP sources, the memo."""

    def __init__(self, places: Places, ancestors: str, memo: Memo):
        self.places, self.ancestors, self.memo = places, ancestors, memo
        self._pending: dict = {}

    async def answer(self, key, compute: Callable[[], Answer]) -> Answer:
        """The memoized answer for ``key``, else ``compute()`` run in a worker
        thread (the event loop keeps accepting requests and answering from the
        memo meanwhile). Requests for a key being computed wait for that one
        computation instead of starting their own (a popular city at midnight).
        """
        found = self.memo.lookup(key)
        if found is not None:
            return found
        running = self._pending.get(key)
        if running is None:
            running = self._pending[key] = asyncio.ensure_future(run_in_threadpool(compute))
            running.add_done_callback(lambda _: self._pending.pop(key, None))
        found = await asyncio.shield(running)
        self.memo.store(key, found)
        return found

    def place(self, kw: dict) -> Place:
        """The place of a request: ``lat`` and ``lon``, or ``city``, or ``zone``."""
        lat, lon, name = kw.pop("lat", None), kw.pop("lon", None), kw.pop("place", None)
        zone = kw.pop("zone", None)
        if zone is not None:
            if lat is not None or lon is not None or name is not None:
                raise ParamError("zone", "give either zone, or city, or lat and lon")
            try:
                z = get_zone(zone)
            except InputError as e:
                raise ParamError("zone", str(e)) from None
            return ZonePlace(f"{z.code} {z.name}", z.latitude, z.longitude, zone=z.code)
        if name is not None:
            if lat is not None or lon is not None:
                raise ParamError("city", "give either city or lat and lon, not both")
            return self.places.find(name)
        if lat is None or lon is None:
            raise ParamError("lat" if lat is None else "lon",
                             "give a place: lat and lon (degrees), or city")
        return Place("", lat, lon)

    @staticmethod
    def time_options(kw: dict, place: Place) -> dict:
        """``salat.times_for`` keywords from the request, the place's own as defaults."""
        opts = {k: kw.pop(k) for k in [p.key for p in TIME_PARAMS] if k in kw}
        for key, own in (("tz", place.tz), ("elevation", place.elevation),
                         ("method", place.method)):
            if opts.get(key) is None and own is not None:
                opts[key] = own
        return opts

    def csp(self, page: str) -> str:
        """A strict policy for an HTML page: its own inline style and script by
        hash, nothing else loaded, framed only by ``frame-ancestors``.
        """
        from salat.widgets.assets import csp_hash

        styles = re.findall(r"<style[^>]*>(.*?)</style>", page, re.S)
        scripts = re.findall(r"<script[^>]*>(.*?)</script>", page, re.S)
        src = lambda found: " ".join(csp_hash(x) for x in found) or "'none'"  # noqa: E731
        return (f"default-src 'none'; style-src {src(styles)}; script-src {src(scripts)}; "
                f"img-src 'none'; base-uri 'none'; form-action 'none'; "
                f"frame-ancestors {self.ancestors}")


def _json(doc: Any) -> bytes:
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _iso(when: _dt.datetime | None) -> str | None:
    return None if when is None else when.isoformat(timespec="seconds")


def _today(tz: _dt.tzinfo) -> _dt.date:
    return _dt.datetime.now(tz).date()


# ---------------------------------------------------------------- native endpoints

def _times(svc: Service, kw: dict) -> Answer:
    place = svc.place(kw)
    opts = svc.time_options(kw, place)
    (lat, lon), where = _at(place)
    t = salat.times_for(lat, lon, kw.get("date"), **where, **opts)
    doc = {"place": place.name or None, "date": t.date.isoformat(), "latitude": t.latitude,
           "longitude": t.longitude, "tz": tz_name(t.tz), "method": t.method.name, "zone": t.zone,
           "times": {k: _iso(v) for k, v in t.as_dict().items()}, "adjusted": dict(t.adjusted)}
    expires = None if kw.get("date") else next_local_midnight(t.tz)
    return Answer(_json(doc), "application/json", expires)


@dataclass(frozen=True)
class ZonePlace(Place):
    """A prayer zone asked for with ``zone=``: named and located at its reference
    point (for the clock and the Qibla), computed by the zone's own rule.
    """

    zone: str = ""


def _at(place: Place) -> tuple[tuple, dict]:
    """Where to compute, as arguments of ``salat.times_for``, ``table`` and
    ``widget``: the zone, or the coordinates.
    """
    if isinstance(place, ZonePlace):
        return (None, None), {"zone": place.zone}
    return (place.lat, place.lon), {}


def _dates(kw: dict, tz: _dt.tzinfo) -> tuple[_dt.date, _dt.date, bool]:
    """First and last date of a table request, and whether it followed "today"."""
    year, month = kw.pop("year", None), kw.pop("month", None)
    start, end = kw.pop("start", None), kw.pop("end", None)
    given = [n for n, v in (("year", year), ("month", month), ("start", start)) if v is not None]
    if len(given) > 1:
        raise ParamError(given[1], f"give one of year, month or start/end, not {' and '.join(given)}")
    if end is not None and start is None:
        raise ParamError("end", "end needs start")
    if month is not None:
        y, m = month
        first = _dt.date(y, m, 1)
        last = (_dt.date(y + (m == 12), m % 12 + 1, 1) - _dt.timedelta(days=1))
        return first, last, False
    if start is not None:
        end = end or start
        if end < start:
            raise ParamError("end", f"end {end} is before start {start}")
        if (end - start).days + 1 > MAX_DAYS:
            raise ParamError("end", f"end: {start}..{end} is {(end - start).days + 1} days; "
                                    f"at most {MAX_DAYS}")
        return start, end, False
    y = year if year is not None else _today(tz).year
    return _dt.date(y, 1, 1), _dt.date(y, 12, 31), year is None


def _table(fmt: str) -> Callable[[Service, dict], Answer]:
    def compute(svc: Service, kw: dict) -> Answer:
        place = svc.place(kw)
        opts = svc.time_options(kw, place)
        zone = resolve_tz(opts.get("tz"), place.lat, place.lon)
        first, last, rolling = _dates(kw, zone)
        (lat, lon), where = _at(place)
        tt = salat.table(lat, lon, first, last, names=place.name or None, **where, **opts)
        buf = io.BytesIO()
        if fmt == "csv":
            write_csv([tt], buf, iso=bool(kw.get("iso")))
            media = "text/csv; charset=utf-8"
        elif fmt == "json":
            write_json([tt], buf)
            media = "application/json"
        else:
            write_ics([tt], buf, stamp=_dt.datetime(first.year, first.month, first.day,
                                                     tzinfo=_dt.timezone.utc))
            media = "text/calendar; charset=utf-8"
        stem = slug(place.name) if place.name else f"{place.lat:.4f}_{place.lon:.4f}"
        name = f"salat-{stem}-{first.isoformat()}-{last.isoformat()}.{fmt}"
        headers = {"Content-Disposition": f'attachment; filename="{name}"'}
        return Answer(buf.getvalue(), media, next_local_midnight(zone) if rolling else None,
                      headers)
    return compute


def _feed(svc: Service, kw: dict) -> Answer:
    """A rolling calendar feed: today and the next ``days - 1`` days."""
    from salat.widgets.i18n import Labels, parse_locale

    place = svc.place(kw)
    opts = svc.time_options(kw, place)
    zone = resolve_tz(opts.get("tz"), place.lat, place.lon)
    try:
        labels = Labels(parse_locale(kw["locale"]))
    except InputError as e:
        raise ParamError("locale", str(e)) from None
    except Exception:      # babel's own errors for malformed identifiers
        raise ParamError("locale", f"locale: got {kw['locale'][:40]!r}; allowed: a CLDR "
                                   f"locale such as en, ar_EG, ur_PK") from None
    first = _today(zone)
    (lat, lon), where = _at(place)
    tt = salat.table(lat, lon, first, first + _dt.timedelta(days=kw["days"] - 1), **where,
                     **opts)
    events = kw.get("times") or ICS_PRAYERS
    buf = io.BytesIO()
    title = labels.widget("title") + (f" \u2014 {place.name}" if place.name else "")
    write_ics([tt], buf, times=events, labels={n: labels.prayer(n) for n in events},
              alarm=kw.get("alarm"), calendar_name=title, refresh=12,
              stamp=_dt.datetime(first.year, first.month, first.day, tzinfo=_dt.timezone.utc))
    return Answer(buf.getvalue(), "text/calendar; charset=utf-8", next_local_midnight(zone))


def _widget_kwargs(kw: dict) -> dict:
    out: dict = {}
    for key, value in kw.items():
        if key.startswith("colors."):
            out.setdefault("colors", {})[key.split(".", 1)[1]] = value
        else:
            out[key] = value
    return out


def _widget(page: bool) -> Callable[[Service, dict], Answer]:
    def compute(svc: Service, kw: dict) -> Answer:
        picks = kw.pop("places", None)
        if picks is not None:
            return _picker(svc, kw, picks, page)
        place = svc.place(kw)
        opts = svc.time_options(kw, place)
        args = _widget_kwargs(kw)
        if args.get(_TITLE) is None and place.name:
            args[_TITLE] = place.name
        zone = resolve_tz(opts.get("tz"), place.lat, place.lon)
        now = _dt.datetime.now(zone)
        (lat, lon), where = _at(place)
        text = salat.widget(lat, lon, page=page, now=now, **args, **where, **opts)
        return Answer(text.encode("utf-8"), "text/html; charset=utf-8",
                      _widget_expiry(place, opts, zone, now, args),
                      {"Content-Security-Policy": svc.csp(text)})
    return compute


def _picker(svc: Service, kw: dict, picks: Sequence[str], page: bool) -> Answer:
    """A city picker (``salat.widget(places=...)``) of this server's places or
    city names: each city with its own zone, elevation and method.
    """
    if len(picks) > MAX_PICKER:
        raise ParamError("places", f"places: {len(picks)} places; at most {MAX_PICKER}")
    given = [n for n in ("lat", "lon", "place", "zone") if kw.get(n) is not None]
    if given:
        raise ParamError("places", f"give either places or {given[0].replace('place', 'city')}")
    try:
        places = [svc.places.find(name) for name in picks]
    except ParamError as e:
        raise ParamError("places", str(e).replace("city: ", "places: ", 1)) from None
    opts = svc.time_options(kw, Place("", 0.0, 0.0))
    args = _widget_kwargs(kw)
    now = _dt.datetime.now(_dt.timezone.utc)
    text = salat.widget(places=places, page=page, now=now, **args, **opts)
    expires = []
    for place in places:            # the picker changes when any of its cities does
        own = svc.time_options({}, place) | opts
        zone = resolve_tz(own.get("tz"), place.lat, place.lon)
        expires.append(_widget_expiry(place, own, zone, now.astimezone(zone), args))
    known = [e for e in expires if e is not None]
    return Answer(text.encode("utf-8"), "text/html; charset=utf-8",
                  min(known) if known else None, {"Content-Security-Policy": svc.csp(text)})


def _widget_expiry(place: Place, opts: dict, zone: _dt.tzinfo, now: _dt.datetime,
                   args: dict) -> float | None:
    """When a widget changes: never for a date far from today; else at the next
    prayer (the "next" mark moves) or at midnight, whichever comes first.
    """
    day: _dt.date | None = args.get("date")
    today = now.date()
    if day is not None:
        if args.get("kind") == "month":
            near = {((today + _dt.timedelta(days=k)).year, (today + _dt.timedelta(days=k)).month)
                    for k in (-1, 0, 1)}
            if (day.year, day.month) not in near:
                return None
        elif abs((day - today).days) > 1:
            return None
    midnight = next_local_midnight(zone, now.timestamp())
    (lat, lon), where = _at(place)
    t = salat.times_for(lat, lon, today, **where, **opts)
    later = [w.timestamp() for n in FIVE_PRAYERS
             if (w := getattr(t, n)) is not None and w > now]
    return min([midnight] + later)


def _places(svc: Service, kw: dict) -> Answer:
    doc = [{"slug": k, "name": p.name, "lat": p.lat, "lon": p.lon, "tz": p.tz,
            "method": p.method} for k, p in svc.places.by_slug.items()]
    return Answer(_json(doc), "application/json", time.time() + 300)


def _methods(svc: Service, kw: dict) -> Answer:
    return Answer(_json(salat.describe_methods()), "application/json", time.time() + 3600)


def _qibla(svc: Service, kw: dict) -> Answer:
    place = svc.place(kw)
    q = salat.qibla(place.lat, place.lon)
    return Answer(_json({"latitude": place.lat, "longitude": place.lon,
                         "direction": q.direction, "distance_km": q.distance_km}),
                  "application/json")


def _health(svc: Service, kw: dict) -> Answer:
    return Answer(_json({"status": "ok", "version": salat.__version__}), "application/json",
                  time.time())


_WHERE = {"lat": False, "lon": False}
ENDPOINTS: list[Endpoint] = [
    Endpoint("/health", "health", "Liveness: 200 and the version.", (), "application/json",
             _health, inline=True),
    Endpoint("/times", "times", "One day's times at one place (ISO 8601 with offsets).",
             PLACE_PARAMS + _DATE + TIME_PARAMS, "application/json", _times),
    Endpoint("/table.csv", "table_csv", "A table for a year, a month or a range, as CSV.",
             PLACE_PARAMS + _RANGE + TIME_PARAMS + _CSV, "text/csv", _table("csv")),
    Endpoint("/table.json", "table_json", "The same table as JSON (salat.timetable/1).",
             PLACE_PARAMS + _RANGE + TIME_PARAMS, "application/json", _table("json")),
    Endpoint("/table.ics", "table_ics", "The same table as an iCalendar file.",
             PLACE_PARAMS + _RANGE + TIME_PARAMS, "text/calendar", _table("ics")),
    Endpoint("/calendar.ics", "calendar", "A calendar feed to subscribe to (webcal://): "
             "today and the next days, localized names, optional reminders.",
             PLACE_PARAMS + _FEED + TIME_PARAMS, "text/calendar", _feed),
    Endpoint("/widget", "widget", "A standalone widget page, made for an <iframe>.",
             PLACE_PARAMS + WIDGET_PARAMS + TIME_PARAMS, "text/html", _widget(True)),
    Endpoint("/widget.html", "widget_fragment", "The bare widget fragment, for server-side "
             "includes.", PLACE_PARAMS + WIDGET_PARAMS + TIME_PARAMS, "text/html",
             _widget(False)),
    Endpoint("/qibla", "qibla", "Great-circle direction (degrees from true north) and "
             "distance to the Kaaba.", PLACE_PARAMS, "application/json", _qibla),
    Endpoint("/places", "places", "The places this server was started with (--places).", (),
             "application/json", _places),
    Endpoint("/methods", "methods", "The calculation methods, with their sources.", (),
             "application/json", _methods),
]


# ---------------------------------------------------------------- errors and plumbing

def _parameter_of(error: InputError, table: Sequence[Param]) -> str | None:
    """The query parameter a library error is about (its message starts with the
    library's argument name).
    """
    if isinstance(error, ParamError):
        return error.parameter
    text = str(error)
    item = re.match(r"\s*(\w+)\['(\w+)'\]", text)          # colors['accent']: ...
    if item:
        for p in table:
            if p.key == f"{item.group(1)}.{item.group(2)}":
                return p.name
    m = re.match(r"\s*([A-Za-z_]+)", text)
    word = m.group(1) if m else ""
    for p in table:
        if word in (p.name, p.key):
            return p.name
    return None


def error_body(path: str, status: int, message: str, parameter: str | None) -> bytes:
    """The JSON of an error: AlAdhan's shape under /v1/, ours elsewhere."""
    if path.startswith("/v1/") or path == "/v1":
        names = {400: "BAD_REQUEST", 404: "RESOURCE_NOT_FOUND", 405: "NOT_ALLOWED"}
        return _json({"code": status, "status": names.get(status, "ERROR"), "data": message})
    return _json({"status": status, "error": message, "parameter": parameter})


def _error(request: Request, status: int, message: str,
           parameter: str | None = None) -> Response:
    return Response(error_body(request.url.path, status, message, parameter), status,
                    media_type="application/json",
                    headers={"Cache-Control": "no-store"})


def route(ep: Endpoint, svc: Service) -> Route:
    table = tuple(ep.path_params) + tuple(ep.params)

    async def handler(request: Request) -> Response:
        try:
            query = request.query_params.multi_items()
            kw = parse(ep.params, query, strict=ep.strict)
            kw.update(parse(ep.path_params, request.path_params.items(), blank_is_missing=False))
            if ep.redirects:
                kw["_query"] = query
            key = (ep.name, request.url.path, tuple(sorted(query)))
            if ep.inline:
                answer = ep.compute(svc, kw)
            else:
                answer = await svc.answer(key, lambda: ep.compute(svc, kw))
            return respond(request, answer)
        except InputError as e:
            return _error(request, 400, str(e), _parameter_of(e, table))
    return Route(ep.path, handler, methods=["GET"], name=ep.name)


class Guard:
    """ASGI middleware: refuses over-long queries before any work, and adds the
    headers every response carries (``nosniff``, no referrer, a CSP where none).
    """

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        qs = scope.get("query_string", b"")
        if len(qs) > MAX_QUERY or len(scope.get("path", "")) > MAX_QUERY:
            body = error_body(scope.get("path", ""), 400,
                              f"query: {len(qs)} bytes; at most {MAX_QUERY}", None)
            await send({"type": "http.response.start", "status": 400,
                        "headers": [(b"content-type", b"application/json"),
                                    (b"content-length", str(len(body)).encode()),
                                    (b"x-content-type-options", b"nosniff")]})
            await send({"type": "http.response.body", "body": body})
            return

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", [])
                           if k.lower() != b"set-cookie"]
                names = {k.lower() for k, _ in headers}
                headers.append((b"x-content-type-options", b"nosniff"))
                headers.append((b"referrer-policy", b"no-referrer"))
                if b"content-security-policy" not in names:
                    headers.append((b"content-security-policy",
                                    b"default-src 'none'; frame-ancestors 'none'"))
                message = dict(message, headers=headers)
            await send(message)

        await self.app(scope, receive, send_with_headers)


def create_app(places: str | None = None, *, frame_ancestors: str | None = None,
               cors: str | None = None, memo_items: int = 4096,
               env: Mapping[str, str] | None = None) -> Starlette:
    """The ASGI app.

    Parameters
    ----------
    places: a CSV file of places (``name,lat,lon[,tz,elevation,method]``) served
        by slug as ``?city=``; default: ``$SALAT_WEB_PLACES``.
    frame_ancestors: origins allowed to frame the widget pages (CSP
        ``frame-ancestors``), e.g. ``"https://example.org"``; default:
        ``$SALAT_WEB_FRAME_ANCESTORS``, else any (``*``).
    cors: origins whose scripts may read the responses; default:
        ``$SALAT_WEB_CORS``, else any (``*``); ``""`` sends no CORS headers.
    memo_items: answers kept in memory per worker.
    """
    from . import aladhan, openapi

    env = os.environ if env is None else env
    places = places if places is not None else env.get(ENV_PLACES)
    ancestors = check_frame_ancestors(frame_ancestors if frame_ancestors is not None
                                      else env.get(ENV_FRAME_ANCESTORS))
    origins = cors_origins(cors if cors is not None else env.get(ENV_CORS))
    svc = Service(Places.from_file(places), ancestors, Memo(memo_items))
    endpoints = ENDPOINTS + aladhan.ENDPOINTS
    routes = [route(ep, svc) for ep in endpoints]
    routes += openapi.routes(endpoints, svc)

    async def not_found(request: Request, exc: HTTPException) -> Response:
        text = {404: "Not found.", 405: "Method not allowed."}.get(exc.status_code,
                                                                 str(exc.detail))
        return _error(request, exc.status_code, text)

    middleware = [Middleware(Guard), Middleware(GZipMiddleware, minimum_size=512)]
    if origins:
        middleware.append(Middleware(CORSMiddleware, allow_origins=origins,
                                     allow_methods=["GET", "HEAD"], max_age=86400))
    app = Starlette(routes=routes, middleware=middleware,
                    exception_handlers={HTTPException: not_found})
    app.state.service = svc
    return app
