"""What the endpoints share: :class:`Service` (the places, the frame ancestors, the
memo), the server's :class:`Places`, and the parameter groups every endpoint reads
as typed, frozen values (:class:`PlaceQuery`, :class:`TimeQuery`).
"""

from __future__ import annotations

import asyncio
import datetime as _dt
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, fields
from typing import Any

from starlette.concurrency import run_in_threadpool

from salat.inputs import InputError
from salat.widgets import Widget
from salat.options import merge_place_options
from salat.places import Place, find_place, read_places
from salat.prayer_zones import get_zone

from . import caching
from .caching import Answer, Memo
from .endpoint import Query
from .params import PLACE_PARAMS, TIME_PARAMS, ParamError, check_text

__all__ = ["Service", "Places", "ZonePlace", "PlaceQuery", "TimeQuery", "slug",
           "where", "now", "today", "MAX_PLACES"]

#: Most places a --places file may hold.
MAX_PLACES = 10_000


def slug(text: str) -> str:
    """``"Grande Mosquée, Paris"`` -> ``"grande-mosquee-paris"``."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    ascii_ = "".join(c for c in folded if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", ascii_).strip("-") or "place"


class Places:
    """The server's named places (``--places FILE``), by slug."""

    def __init__(self, places: Sequence[Place] = ()):
        if len(places) > MAX_PLACES:
            raise InputError(f"places: {len(places)} places; at most {MAX_PLACES}",
                             argument="places")
        self.by_slug: dict[str, Place] = {}
        for p in places:
            check_text("places", p.name)
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

    def find(self, name: str, parameter: str = "city") -> Place:
        """A place by slug, else a place by name from salat's gazetteer
        (:func:`salat.find_place`: ``"Tripoli, LB"`` names the country too).
        """
        p = self.by_slug.get(name) or self.by_slug.get(slug(name))
        if p is not None:
            return p
        try:
            return find_place(name)
        except InputError as e:
            hint = str(e).partition("; ")[2]          # the gazetteer's nearest names
            raise ParamError(parameter, f"{parameter}: {name[:60]!r} is neither a place of "
                                        f"this server (GET /places) nor a known city "
                                        f"name" + (f"; {hint}" if hint else "")) from None


@dataclass(frozen=True)
class ZonePlace(Place):
    """A prayer zone asked for with ``zone=``: named and located at its reference
    point (for the clock and the Qibla), computed by the zone's own rule.
    """

    zone: str = ""


def where(place: Place) -> tuple[tuple, dict]:
    """Where to compute, as arguments of ``salat.times_for``, ``table`` and
    ``widget``: ``((lat, lon), {})``, or ``((None, None), {"zone": code})``.
    """
    if isinstance(place, ZonePlace):
        return (None, None), {"zone": place.zone}
    return (place.lat, place.lon), {}


@dataclass(frozen=True, kw_only=True)
class PlaceQuery:
    """Where a request is about: ``lat`` and ``lon``, or ``city``, or ``zone``, or
    ``mosque`` (answered by :mod:`.mosques`).
    """

    lat: float | None = None
    lon: float | None = None
    city: str | None = None
    zone: str | None = None
    mosque: str | None = None

    @classmethod
    def of(cls, query: Query) -> PlaceQuery:
        """The place parameters of a request (:data:`~.params.PLACE_PARAMS`)."""
        return cls(**{name: query.get(key) for name, key in _PLACE_KEYS})

    def given(self) -> list[str]:
        """The names of the parameters sent."""
        return [f.name for f in fields(self) if getattr(self, f.name) is not None]


@dataclass(frozen=True, kw_only=True)
class TimeQuery:
    """How to compute (:data:`~.params.TIME_PARAMS`): ``salat.times_for`` keywords."""

    method: str | None = None
    asr: str | None = None
    tz: str | None = None
    elevation: float | None = None
    high_latitude: str | None = None
    polar: str | None = None

    @classmethod
    def of(cls, query: Query) -> TimeQuery:
        """The time parameters of a request."""
        return cls(**{key: query.get(key) for key in _TIME_KEYS})

    def given(self) -> dict:
        """The options sent, by keyword."""
        return {key: value for key in _TIME_KEYS if (value := getattr(self, key)) is not None}

    def for_place(self, place: Place) -> dict:
        """The keywords for ``place``: what was sent wins, the place's own tz,
        elevation and method fill the rest (:func:`salat.options.merge_place_options`).
        """
        return merge_place_options(place, self.given())


#: (field, query keyword) of PlaceQuery, and TimeQuery's keywords (its fields).
_PLACE_KEYS = tuple((p.name, p.key) for p in PLACE_PARAMS)
_TIME_KEYS = tuple(p.key for p in TIME_PARAMS)
assert _TIME_KEYS == tuple(f.name for f in fields(TimeQuery))


class Service:
    """What the endpoints share: the places, the CSP sources, the memo, and the
    mosques (``--mosques DIR``: :class:`salat.Mosque` by slug).
    """

    def __init__(self, places: Places, ancestors: str, memo: Memo,
                 mosques: Mapping[str, Any] | None = None):
        self.places, self.ancestors, self.memo = places, ancestors, memo
        self.mosques: Mapping[str, Any] = dict(mosques or {})
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

    def answer_inline(self, key, compute: Callable[[], Answer]) -> Answer:
        """The memoized answer for ``key``, else ``compute()`` here, on the event loop."""
        found = self.memo.lookup(key)
        if found is None:
            found = compute()
            self.memo.store(key, found)
        return found

    def place(self, q: PlaceQuery) -> Place:
        """The place of a request, or a :class:`ParamError` naming what is missing."""
        if q.mosque is not None:      # the endpoints that take one answer it first
            raise ParamError("mosque", "mosque: not taken by this endpoint")
        if q.zone is not None:
            if q.lat is not None or q.lon is not None or q.city is not None:
                raise ParamError("zone", "give either zone, or city, or lat and lon")
            try:
                z = get_zone(q.zone)
            except InputError as e:
                raise ParamError("zone", str(e)) from None
            return ZonePlace(f"{z.code} {z.name}", z.latitude, z.longitude, zone=z.code)
        if q.city is not None:
            if q.lat is not None or q.lon is not None:
                raise ParamError("city", "give either city or lat and lon, not both")
            return self.places.find(q.city)
        if q.lat is None or q.lon is None:
            raise ParamError("lat" if q.lat is None else "lon",
                             "give a place: lat and lon (degrees), or city")
        return Place("", q.lat, q.lon)

    def csp(self, page: Widget) -> str:
        """The policy of a widget page this server sends: exactly its own inline style
        and script (:meth:`salat.widgets.Widget.csp`, the one CSP builder), framed by
        this server's ``frame-ancestors``.
        """
        return page.csp(self.ancestors)


def now(tz: _dt.tzinfo) -> _dt.datetime:
    """The time now on the clocks of ``tz``, from the web layer's clock
    (:func:`salat.web.caching.clock`).
    """
    return _dt.datetime.fromtimestamp(caching.clock(), tz)


def today(tz: _dt.tzinfo) -> _dt.date:
    """The date now on the clocks of ``tz``."""
    return now(tz).date()
