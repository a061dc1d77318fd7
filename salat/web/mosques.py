"""``?mosque=slug``: the endpoints of :mod:`.native` for the mosques of
``salat serve --mosques DIR`` (one TOML profile each, :class:`salat.Mosque`).

With ``mosque`` the profile sets the place, the method and the published
timetable: ``/times`` adds ``iqama``, ``jumuah``, ``eid``, ``changes`` and the
source (``published`` or ``calculated``) of each time; the tables mark every
time by source; ``/calendar.ics`` has an event at each iqama (at the adhan
where none is set) and at each Jumu'ah, its reminder ``alarm`` minutes before
the iqama; the widget shows the mosque's adhan and iqama and expires at the
next iqama. ``mosque`` with ``lat``/``lon``/``city``/``zone`` or with a time
option (``method``, ``tz``...) is a 400 naming ``mosque``.

:func:`with_mosques` wraps the native endpoints (their parameter tables hold
``mosque`` already, in :data:`~.params.PLACE_PARAMS`): a request without
``mosque`` goes to the native compute unchanged.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import hashlib
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import salat
from salat.exports import ics_duration, ics_head, ics_line, ics_text
from salat.inputs import MAX_DATE
from salat.mosque import Mosque, read_mosques
from salat.timezones import tz_name

from .caching import Answer, next_local_midnight
from .core import PlaceQuery, Service, TimeQuery, today
from .core import now as local_now
from .endpoint import Endpoint, Query, json_body
from .native import RangeQuery, far_from_today, feed_labels, table_answer, widget_args
from .params import ParamError

__all__ = ["with_mosques", "load_mosques", "mosque_of", "feed_events", "MOSQUE_ENDPOINTS",
           "ENDPOINTS"]

#: The native endpoints that answer ``?mosque=`` (by endpoint name).
MOSQUE_ENDPOINTS = ("times", "table_csv", "table_json", "table_ics", "calendar", "widget",
                    "widget_fragment", "qibla")


def load_mosques(folder: str | Path | None) -> dict[str, Mosque]:
    """The mosques of a folder of profiles, by slug (none without a folder).

    A bad profile is one :class:`salat.InputError` naming its file and key.
    """
    if not folder:
        return {}
    return read_mosques(folder)


def mosque_of(svc: Service, q: Query) -> Mosque | None:
    """The mosque a request names (None where it names none), or a
    :class:`~.params.ParamError` naming ``mosque``: an unknown slug (the
    message lists the known ones), or a place or time option given with it.
    """
    name = q.get("mosque")
    if name is None:
        return None
    others = [n for n in PlaceQuery.of(q).given() if n != "mosque"]
    others += [p for p in ("places",) if q.get(p) is not None]
    others += list(TimeQuery.of(q).given())
    if others:
        raise ParamError("mosque", f"mosque: give either mosque or {others[0]}, not both "
                                   f"(the mosque's profile sets its place and times)")
    found = svc.mosques.get(name)
    if found is None:
        known = ", ".join(svc.mosques) or "none (the server was started without --mosques)"
        raise ParamError("mosque", f"mosque: got {name[:60]!r}; allowed: {known}")
    return found


def _times(svc: Service, m: Mosque, q: Query) -> Answer:
    day = q.get("date") or today(m.tz)
    doc = m.day(day).as_dict()
    doc = {"place": m.name, "latitude": m.place.lat, "longitude": m.place.lon, **doc}
    expires = None if q.get("date") else next_local_midnight(m.tz)
    return Answer(json_body(doc), "application/json", expires)


def _table(fmt: str) -> Callable[[Service, Mosque, Query], Answer]:
    def compute(svc: Service, m: Mosque, q: Query) -> Answer:
        first, last, rolling = RangeQuery.of(q).dates(m.tz)
        return table_answer(m.table(first, last), fmt, first, last, m.slug,
                            m.tz if rolling else None, q)
    return compute


def _utc(when: _dt.datetime) -> str:
    return when.astimezone(_dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def _hhmm(when: _dt.datetime) -> str:
    return when.strftime("%H:%M")


#: In a feed's ``times`` filter, Jumu'ah goes with Dhuhr and Taraweeh with Isha.
_COUNTS_AS = {"jumuah": "dhuhr", "taraweeh": "isha"}
_PRAYERS = ("fajr", "dhuhr", "asr", "maghrib", "isha")


def feed_events(m: Mosque, first: _dt.date, last: _dt.date, *, labels: Mapping[str, str],
                iqama_word: str, alarm: int | None, stamp: _dt.datetime,
                prayers: Sequence[str] | None = None) -> list[bytes]:
    """The VEVENTs of a mosque's feed from ``first`` to ``last``: one per prayer at
    its iqama (at the adhan where none is set), Jumu'ah instead of Dhuhr on
    Fridays, Taraweeh on Ramadan nights; the reminder ``alarm`` minutes before.
    ``prayers`` (default: all) picks among the five (Jumu'ah goes with Dhuhr,
    Taraweeh with Isha).
    """
    out = []
    stamp_text = _utc(stamp)
    d = first
    while d <= last:
        day = m.day(d)
        for k, p in enumerate(day.prayers()):
            base = _COUNTS_AS.get(p.name, p.name)
            if prayers is not None and base not in prayers:
                continue
            title = labels.get(p.name) or p.name.title()
            if p.iqama is not None and p.name not in ("jumuah", "taraweeh"):
                title = f"{title} {iqama_word}"
            source = day.sources.get(base)
            desc = [f"Adhan {_hhmm(p.adhan)}"] if p.adhan != p.at else []
            if p.iqama is not None:
                desc.append(f"{iqama_word} {_hhmm(p.iqama)}")
            if source is not None and p.name != "taraweeh":
                desc.append(f"adhan {source}")
            key = f"{m.slug}|{d.isoformat()}|{p.name}|{k}".encode()
            uid = f"{hashlib.sha1(key).hexdigest()[:24]}-{p.name}@salat"
            lines = [b"BEGIN:VEVENT\r\n",
                     ics_line("SUMMARY:" + ics_text(f"{title} ({m.name})")),
                     f"DTSTART:{_utc(p.at)}\r\nDTSTAMP:{stamp_text}\r\nUID:{uid}\r\n".encode(),
                     b"CATEGORIES:Prayer times\r\n",
                     ics_line("DESCRIPTION:" + ics_text("; ".join(desc) or title)),
                     f"GEO:{m.place.lat!r};{m.place.lon!r}\r\nTRANSP:TRANSPARENT\r\n".encode()]
            if source is not None:
                lines.append(f"X-SALAT-SOURCE:{source}\r\n".encode())
            if alarm is not None:
                lines += [b"BEGIN:VALARM\r\nACTION:DISPLAY\r\n",
                          ics_line("DESCRIPTION:" + ics_text(title)),
                          f"TRIGGER:{ics_duration(-alarm)}\r\nEND:VALARM\r\n".encode()]
            lines.append(b"END:VEVENT\r\n")
            out.append(b"".join(lines))
        d += _dt.timedelta(days=1)
    return out


def _feed(svc: Service, m: Mosque, q: Query) -> Answer:
    picked = q.get("times")
    wrong = [n for n in picked or () if n not in _PRAYERS]
    if wrong:
        raise ParamError("times", f"times: got {wrong[0]!r}; allowed with a mosque: "
                                  f"{', '.join(_PRAYERS)} (its events are at the iqama)")
    labels = feed_labels(q["locale"])
    first = today(m.tz)
    last = min(first + _dt.timedelta(days=q["days"] - 1), MAX_DATE)
    names = {n: labels.prayer(n) for n in _PRAYERS}
    names.update({n: labels.widget(n) for n in ("jumuah", "taraweeh")})
    stamp = _dt.datetime(first.year, first.month, first.day, tzinfo=_dt.timezone.utc)
    events = feed_events(m, first, last, labels=names, iqama_word=labels.widget("iqama"),
                         alarm=q.get("alarm"), stamp=stamp, prayers=picked)
    title = labels.widget("title") + f" \u2014 {m.name}"
    body = ics_head(title, 12) + b"".join(events) + b"END:VCALENDAR\r\n"
    return Answer(body, "text/calendar; charset=utf-8", next_local_midnight(m.tz))


def _expiry(m: Mosque, now: _dt.datetime, args: dict) -> float | None:
    """When a mosque's widget changes: never for a date far from today; else at the
    next iqama (the adhan where none is set) or at midnight, whichever is first.
    """
    current = now.date()
    if far_from_today(args, current):
        return None
    midnight = next_local_midnight(m.tz, now.timestamp())
    later = [p.at.timestamp() for p in m.day(current).prayers() if p.at > now]
    return min([midnight] + later)


def _widget(page: bool) -> Callable[[Service, Mosque, Query], Answer]:
    def compute(svc: Service, m: Mosque, q: Query) -> Answer:
        args = widget_args(q)
        now = local_now(m.tz)
        text = salat.widget(m, page=page, now=now, **args)
        return Answer(text.encode("utf-8"), "text/html; charset=utf-8", _expiry(m, now, args),
                      {"Content-Security-Policy": svc.csp(text)})
    return compute


def _qibla(svc: Service, m: Mosque, q: Query) -> Answer:
    found = salat.qibla(m.place.lat, m.place.lon)
    return Answer(json_body({"latitude": m.place.lat, "longitude": m.place.lon,
                             "mosque": m.slug, "direction": found.direction,
                             "distance_km": found.distance_km}), "application/json")


_COMPUTE: dict[str, Callable[[Service, Mosque, Query], Answer]] = {
    "times": _times, "table_csv": _table("csv"), "table_json": _table("json"),
    "table_ics": _table("ics"), "calendar": _feed, "widget": _widget(True),
    "widget_fragment": _widget(False), "qibla": _qibla,
}


def _either(native: Callable[[Service, Query], Answer],
            mosque: Callable[[Service, Mosque, Query], Answer]
            ) -> Callable[[Service, Query], Answer]:
    def compute(svc: Service, q: Query) -> Answer:
        m = mosque_of(svc, q)
        return native(svc, q) if m is None else mosque(svc, m, q)
    return compute


def with_mosques(endpoints: Sequence[Endpoint]) -> list[Endpoint]:
    """The endpoints, those of :data:`MOSQUE_ENDPOINTS` answering ``?mosque=`` too."""
    out = []
    for ep in endpoints:
        mosque = _COMPUTE.get(ep.name)
        if mosque is not None:
            ep = dataclasses.replace(ep, compute=_either(ep.compute, mosque))
        out.append(ep)
    return out


def _list(svc: Service, q: Query) -> Answer:
    doc = [{"slug": k, "name": m.name, "lat": m.place.lat, "lon": m.place.lon,
            "tz": tz_name(m.tz), "method": m.day(today(m.tz)).adhan.method.name,
            "published": None if m.published is None else
            [m.published.first.isoformat(), m.published.last.isoformat()]}
           for k, m in svc.mosques.items()]
    return Answer(json_body(doc), "application/json", next_local_midnight(_dt.timezone.utc))


#: The endpoint of this module's own: the list of the server's mosques.
ENDPOINTS: list[Endpoint] = [
    Endpoint(path="/mosques", name="mosques",
             summary="The mosques this server was started with (--mosques), by slug: "
                     "the values of ?mosque=.", media_type="application/json", compute=_list),
]
