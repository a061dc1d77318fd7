"""salat's own endpoints: times, tables, calendar feeds, widgets, the Qibla, the
catalogues (:data:`ENDPOINTS`), each a pure function from a checked
:class:`~.endpoint.Query` to an :class:`~.caching.Answer`.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import salat
from salat.exports import ICS_PRAYERS, write_csv, write_ics, write_json
from salat.inputs import InputError
from salat.names import FIVE_PRAYERS, TIME_NAMES
from salat.options import PLACE_OPTIONS
from salat.places import Place
from salat.timezones import iso_seconds, resolve_tz, tz_name

from . import caching
from .caching import Answer, next_local_midnight
from .core import PlaceQuery, Service, TimeQuery, slug, today, where
from .core import now as local_now
from .endpoint import Endpoint, Query, json_body
from .params import PLACE_PARAMS, TIME_PARAMS, Param, ParamError

__all__ = ["ENDPOINTS", "WIDGET_PARAMS", "MAX_PICKER", "MAX_DAYS", "RangeQuery"]

#: The most cities one picker widget may hold.
MAX_PICKER = 20
#: Most dates a table, range or feed may span.
MAX_DAYS = 366

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
          minimum=salat.inputs.MIN_DATE.year, maximum=salat.inputs.MAX_DATE.year),
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


def _iso(when: _dt.datetime | None) -> str | None:
    return None if when is None else iso_seconds(when)


def _located(svc: Service, q: Query) -> tuple[Place, dict, _dt.tzinfo]:
    """The place of a request, its ``times_for`` keywords and its time zone."""
    place = svc.place(PlaceQuery.of(q))
    opts = TimeQuery.of(q).for_place(place)
    return place, opts, resolve_tz(opts.get("tz"), place.lat, place.lon)


def _times(svc: Service, q: Query) -> Answer:
    place, opts, tz = _located(svc, q)
    (lat, lon), at = where(place)
    t = salat.times_for(lat, lon, q.get("date") or today(tz), **at, **opts)
    doc = {"place": place.name or None, "date": t.date.isoformat(), "latitude": t.latitude,
           "longitude": t.longitude, "tz": tz_name(t.tz), "method": t.method.name, "zone": t.zone,
           "times": {k: _iso(v) for k, v in t.as_dict().items()}, "adjusted": dict(t.adjusted)}
    expires = None if q.get("date") else next_local_midnight(t.tz)
    return Answer(json_body(doc), "application/json", expires)


@dataclass(frozen=True, kw_only=True)
class RangeQuery:
    """Which dates a table holds: a ``year``, a ``month`` or ``start``/``end``."""

    year: int | None = None
    month: tuple[int, int] | None = None
    start: _dt.date | None = None
    end: _dt.date | None = None

    @classmethod
    def of(cls, query: Query) -> RangeQuery:
        """The range parameters of a request."""
        return cls(**{p.key: query.get(p.key) for p in _RANGE})

    def dates(self, tz: _dt.tzinfo) -> tuple[_dt.date, _dt.date, bool]:
        """First and last date, and whether they follow "today" (no date given)."""
        given = [n for n in ("year", "month", "start") if getattr(self, n) is not None]
        if len(given) > 1:
            raise ParamError(given[1], f"give one of year, month or start/end, not "
                                       f"{' and '.join(given)}")
        if self.end is not None and self.start is None:
            raise ParamError("end", "end needs start")
        if self.month is not None:
            y, m = self.month
            return _dt.date(y, m, 1), _dt.date(y, m, salat.inputs.month_end(y, m)), False
        if self.start is not None:
            end = self.end or self.start
            if end < self.start:
                raise ParamError("end", f"end {end} is before start {self.start}")
            if (end - self.start).days + 1 > MAX_DAYS:
                raise ParamError("end", f"end: {self.start}..{end} is "
                                        f"{(end - self.start).days + 1} days; at most {MAX_DAYS}")
            return self.start, end, False
        y = self.year if self.year is not None else today(tz).year
        return _dt.date(y, 1, 1), _dt.date(y, 12, 31), self.year is None


def table_answer(tt, fmt: str, first: _dt.date, last: _dt.date, stem: str,
                 expires_tz: _dt.tzinfo | None, q: Query) -> Answer:
    """A table written as ``fmt`` (csv, json, ics) for download as
    ``salat-{stem}-{first}-{last}.{fmt}``; it expires at the local midnight of
    ``expires_tz`` (a rolling range), never where that is None (fixed dates).
    """
    buf = io.BytesIO()
    if fmt == "csv":
        write_csv([tt], buf, iso=bool(q.get("iso")))
        media = "text/csv; charset=utf-8"
    elif fmt == "json":
        write_json([tt], buf)
        media = "application/json"
    else:
        write_ics([tt], buf, stamp=_dt.datetime(first.year, first.month, first.day,
                                                 tzinfo=_dt.timezone.utc))
        media = "text/calendar; charset=utf-8"
    name = f"salat-{stem}-{first.isoformat()}-{last.isoformat()}.{fmt}"
    headers = {"Content-Disposition": f'attachment; filename="{name}"'}
    return Answer(buf.getvalue(), media,
                  None if expires_tz is None else next_local_midnight(expires_tz), headers)


def _table(fmt: str) -> Callable[[Service, Query], Answer]:
    def compute(svc: Service, q: Query) -> Answer:
        place, opts, tz = _located(svc, q)
        first, last, rolling = RangeQuery.of(q).dates(tz)
        (lat, lon), at = where(place)
        names = [place.name] if place.name else None
        tt = salat.table(lat, lon, first, last, names=names, **at, **opts)
        stem = slug(place.name) if place.name else f"{place.lat:.4f}_{place.lon:.4f}"
        return table_answer(tt, fmt, first, last, stem, tz if rolling else None, q)
    return compute


def feed_labels(locale: str):
    """The localized names of a feed's events (a bad locale is a 400 naming it)."""
    from salat.widgets.i18n import Labels, parse_locale

    try:
        return Labels(parse_locale(locale))
    except InputError as e:
        raise ParamError("locale", str(e)) from None


def _feed(svc: Service, q: Query) -> Answer:
    """A rolling calendar feed: today and the next ``days - 1`` days."""
    place, opts, tz = _located(svc, q)
    labels = feed_labels(q["locale"])
    first = today(tz)
    (lat, lon), at = where(place)
    last = min(first + _dt.timedelta(days=q["days"] - 1), salat.inputs.MAX_DATE)
    tt = salat.table(lat, lon, first, last, **at, **opts)
    events = q.get("times") or ICS_PRAYERS
    buf = io.BytesIO()
    title = labels.widget("title") + (f" \u2014 {place.name}" if place.name else "")
    write_ics([tt], buf, times=events, labels={n: labels.prayer(n) for n in events},
              alarm=q.get("alarm"), calendar_name=title, refresh=12,
              stamp=_dt.datetime(first.year, first.month, first.day, tzinfo=_dt.timezone.utc))
    return Answer(buf.getvalue(), "text/calendar; charset=utf-8", next_local_midnight(tz))


def widget_args(q: Query) -> dict:
    """The ``salat.widget`` keywords of a request (:data:`WIDGET_PARAMS`), the
    ``colors.<role>`` ones gathered into ``colors``; ``places`` is not one.
    """
    out: dict = {}
    for p in WIDGET_PARAMS:
        value = q.get(p.key)
        if value is None or p.key == "places":
            continue
        if p.key.startswith("colors."):
            out.setdefault("colors", {})[p.key.split(".", 1)[1]] = value
        else:
            out[p.key] = value
    return out


def _widget(page: bool) -> Callable[[Service, Query], Answer]:
    def compute(svc: Service, q: Query) -> Answer:
        picks = q.get("places")
        if picks is not None:
            return _picker(svc, q, picks, page)
        place, opts, tz = _located(svc, q)
        args = widget_args(q)
        if args.get(_TITLE) is None and place.name:
            args[_TITLE] = place.name
        now = local_now(tz)
        (lat, lon), at = where(place)
        text = salat.widget(lat, lon, page=page, now=now, **args, **at, **opts)
        return Answer(text.encode("utf-8"), "text/html; charset=utf-8",
                      _widget_expiry(place, opts, tz, now, args),
                      {"Content-Security-Policy": svc.csp(text)})
    return compute


def _picker(svc: Service, q: Query, picks: Sequence[str], page: bool) -> Answer:
    """A city picker (``salat.widget(places=...)``) of this server's places or
    city names: each city with its own zone, elevation and method, unless the
    request gives one (:func:`salat.options.merge_place_options`).
    """
    if len(picks) > MAX_PICKER:
        raise ParamError("places", f"places: {len(picks)} places; at most {MAX_PICKER}")
    given = PlaceQuery.of(q).given()
    if given:
        raise ParamError("places", f"give either places or {given[0]}")
    time_query = TimeQuery.of(q)
    # Each city with its options merged here, so the widget shows what the expiry is
    # computed from (the request's method=, say, over the place's own).
    places, owns = [], []
    for name in picks:
        place = svc.places.find(name, "places")
        own = time_query.for_place(place)
        places.append(dataclasses.replace(
            place, **{k: own[k] for k in PLACE_OPTIONS if k in own}))
        owns.append(own)
    rest = {k: v for k, v in time_query.given().items() if k not in PLACE_OPTIONS}
    args = widget_args(q)
    now = local_now(_dt.timezone.utc)
    text = salat.widget(places=places, page=page, now=now, **args, **rest)
    expires = []
    for place, own in zip(places, owns):   # the picker changes when any of its cities does
        tz = resolve_tz(own.get("tz"), place.lat, place.lon)
        expires.append(_widget_expiry(place, own, tz, now.astimezone(tz), args))
    known = [e for e in expires if e is not None]
    return Answer(text.encode("utf-8"), "text/html; charset=utf-8",
                  min(known) if known else None, {"Content-Security-Policy": svc.csp(text)})


def far_from_today(args: dict, today_: _dt.date) -> bool:
    """Whether a widget's ``date`` (of ``args``) is far enough from today that it never
    changes: another day than yesterday, today or tomorrow; for a month, another
    month than those around today's.
    """
    day: _dt.date | None = args.get("date")
    if day is None:
        return False
    if args.get("kind") == "month":
        near = {((today_ + _dt.timedelta(days=k)).year,
                 (today_ + _dt.timedelta(days=k)).month) for k in (-1, 0, 1)}
        return (day.year, day.month) not in near
    return abs((day - today_).days) > 1


def _widget_expiry(place: Place, opts: dict, tz: _dt.tzinfo, now: _dt.datetime,
                   args: dict) -> float | None:
    """When a widget changes: never for a date far from today; else at the next
    prayer (the "next" mark moves) or at midnight, whichever comes first.
    """
    current = now.date()
    if far_from_today(args, current):
        return None
    midnight = next_local_midnight(tz, now.timestamp())
    (lat, lon), at = where(place)
    t = salat.times_for(lat, lon, current, **at, **opts)
    later = [w.timestamp() for n in FIVE_PRAYERS
             if (w := getattr(t, n)) is not None and w > now]
    return min([midnight] + later)


def _places(svc: Service, q: Query) -> Answer:
    doc = [{"slug": k, "name": p.name, "lat": p.lat, "lon": p.lon, "tz": p.tz,
            "method": p.method} for k, p in svc.places.by_slug.items()]
    return Answer(json_body(doc), "application/json", caching.clock() + 300)


def _methods(svc: Service, q: Query) -> Answer:
    return Answer(json_body(salat.describe_methods()), "application/json",
                  caching.clock() + 3600)


def _qibla(svc: Service, q: Query) -> Answer:
    place = svc.place(PlaceQuery.of(q))
    found = salat.qibla(place.lat, place.lon)
    return Answer(json_body({"latitude": place.lat, "longitude": place.lon,
                             "direction": found.direction, "distance_km": found.distance_km}),
                  "application/json")


def _health(svc: Service, q: Query) -> Answer:
    return Answer(json_body({"status": "ok", "version": salat.__version__}), "application/json",
                  caching.clock())


_WIDGET = PLACE_PARAMS + WIDGET_PARAMS + TIME_PARAMS
ENDPOINTS: list[Endpoint] = [
    Endpoint(path="/health", name="health", summary="Liveness: 200 and the version.",
             media_type="application/json", compute=_health, inline=True, memoize=False),
    Endpoint(path="/times", name="times",
             summary="One day's times at one place (ISO 8601 with offsets).",
             params=PLACE_PARAMS + _DATE + TIME_PARAMS, media_type="application/json",
             compute=_times, inline=True),
    Endpoint(path="/table.csv", name="table_csv",
             summary="A table for a year, a month or a range, as CSV.",
             params=PLACE_PARAMS + _RANGE + TIME_PARAMS + _CSV, media_type="text/csv",
             compute=_table("csv")),
    Endpoint(path="/table.json", name="table_json",
             summary="The same table as JSON (salat.timetable/1).",
             params=PLACE_PARAMS + _RANGE + TIME_PARAMS, media_type="application/json",
             compute=_table("json")),
    Endpoint(path="/table.ics", name="table_ics", summary="The same table as an iCalendar file.",
             params=PLACE_PARAMS + _RANGE + TIME_PARAMS, media_type="text/calendar",
             compute=_table("ics")),
    Endpoint(path="/calendar.ics", name="calendar",
             summary="A calendar feed to subscribe to (webcal://): today and the next days, "
                     "localized names, optional reminders.",
             params=PLACE_PARAMS + _FEED + TIME_PARAMS, media_type="text/calendar",
             compute=_feed),
    Endpoint(path="/widget", name="widget",
             summary="A standalone widget page, made for an <iframe>.", params=_WIDGET,
             media_type="text/html", compute=_widget(True)),
    Endpoint(path="/widget.html", name="widget_fragment",
             summary="The bare widget fragment, for server-side includes.", params=_WIDGET,
             media_type="text/html", compute=_widget(False)),
    Endpoint(path="/qibla", name="qibla",
             summary="Great-circle direction (degrees from true north) and distance to the "
                     "Kaaba.", params=PLACE_PARAMS, media_type="application/json",
             compute=_qibla, inline=True),
    Endpoint(path="/places", name="places",
             summary="The places this server was started with (--places).",
             media_type="application/json", compute=_places),
    Endpoint(path="/methods", name="methods",
             summary="The calculation methods, with their sources.",
             media_type="application/json", compute=_methods),
]
