"""What a widget shows, resolved from coordinates, a ``PrayerTimes`` or a ``Timetable``.

The widgets know nothing of astronomy: they read times by name from the core's results
(duck-typed, so tests can pass small fakes) and never by position.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any
from collections.abc import Mapping, Sequence

import numpy as np

from salat.names import FIVE_PRAYERS, PRAYER_NAMES, TIME_NAMES
from salat.inputs import InputError, InputTypeError, month_end, one_date
from salat.places import MAX_NAME, Place, place_named

__all__ = ["DEFAULT_ROWS", "NEXT_CANDIDATES", "Day", "Month", "PlaceLike", "date_span",
           "is_mosque", "mosque_day", "resolve_day", "resolve_month", "resolve_places"]

#: The rows of a day widget and the columns of a month table, in day order.
DEFAULT_ROWS = PRAYER_NAMES
#: The times that can be "the next prayer" (sunrise, midnight ... are not prayers).
NEXT_CANDIDATES = FIVE_PRAYERS

Time = datetime.datetime | None


@dataclass(frozen=True)
class Day:
    """One date's times by name (``None`` = does not occur) and, if known, the next date's."""

    date: datetime.date
    times: dict[str, Time]
    tomorrow: Day | None = None
    #: A mosque's iqama times by prayer (and ``taraweeh`` on Ramadan nights), if any.
    iqama: dict[str, datetime.datetime] = field(default_factory=dict)
    #: The Jumu'ah times of the coming Friday (this date's, on a Friday).
    jumuah: list[datetime.datetime] = field(default_factory=list)
    #: Iqama times that change in the next days: ``(prayer, date, time)`` triples.
    changes: list[tuple[str, datetime.date, datetime.datetime]] = field(default_factory=list)

    def at(self, name: str) -> Time:
        """The time counted to for ``name``: its iqama where the mosque sets one, else the
        time itself.
        """
        return self.iqama.get(name) or self.times.get(name)

    def next_prayer(self, now: datetime.datetime) -> str | None:
        """The name of the first prayer whose iqama (or time, where none is set) is after
        ``now`` on this date, or ``None``.
        """
        later = [(t, n) for n in NEXT_CANDIDATES
                 if n in self.times and (t := self.at(n)) and t > now]
        return min(later)[1] if later else None


@dataclass(frozen=True)
class Month:
    """Consecutive dates' times by name, for a month table."""

    days: list[Day]


def check_rows(rows: Sequence[str]) -> tuple[str, ...]:
    """Validate the requested time names (``ValueError`` naming the bad one)."""
    rows = tuple(rows)
    for name in rows:
        if name not in TIME_NAMES:
            raise InputError(f"times: unknown time {name!r}; allowed: {', '.join(TIME_NAMES)}")
    if not rows:
        raise InputError("times: need at least one time name")
    return rows


def _day_of(times: Any, rows: Sequence[str]) -> Day:
    return Day(times.date, {name: getattr(times, name) for name in rows})


def _is_timetable(obj: Any) -> bool:
    return hasattr(obj, "dates") and hasattr(obj, "local")


def _is_times(obj: Any) -> bool:
    return hasattr(obj, "date") and hasattr(obj, "fajr")


def _aware_now(now: datetime.datetime | None, tz: datetime.tzinfo) -> datetime.datetime:
    if now is None:
        return datetime.datetime.now(tz)
    if now.tzinfo is None or now.utcoffset() is None:
        raise InputError(f"now: must be a timezone-aware datetime, got {now!r}")
    return now.astimezone(tz)


def resolve_day(source: Any, lon: float | None, *, date: Any, now: datetime.datetime | None,
                rows: Sequence[str], times_kwargs: dict) -> tuple[Day, datetime.datetime, bool]:
    """The day to show, the current time in its zone, and whether "next" applies to it.

    From coordinates with ``date=None`` the day is today at the place, or tomorrow once
    today's last prayer has passed; the next date's times are included for the script's
    roll-over.  A given ``PrayerTimes`` is shown as is (with no roll-over data).
    """
    if _is_times(source):
        if lon is not None or times_kwargs or date is not None:
            raise InputTypeError("widget: lon, date and time options are not used with a "
                                 "PrayerTimes")
        day = _day_of(source, rows)
        local_now = _aware_now(now, source.tz)
        return day, local_now, local_now.date() == day.date
    if _is_timetable(source):
        raise InputTypeError("widget: a Timetable needs kind='month'")
    if is_mosque(source):
        return _resolve_mosque_day(source, lon, date=date, now=now, rows=rows,
                                   times_kwargs=times_kwargs)
    if lon is None and times_kwargs.get("zone") is None:
        raise InputTypeError("widget: give (lat, lon), zone= or a PrayerTimes / Timetable")
    from salat.times import times_for  # late import: salat/__init__ may import the widgets

    first = times_for(source, lon, date, **times_kwargs)
    local_now = _aware_now(now, first.tz)
    if date is None and local_now.date() != first.date:
        first = times_for(source, lon, local_now.date(), **times_kwargs)
    day = _day_of(first, rows)
    current = date is None or day.date == local_now.date()
    if date is None and day.next_prayer(local_now) is None:
        day = _day_of(times_for(source, lon, day.date + datetime.timedelta(days=1),
                                **times_kwargs), rows)
    try:
        following = _day_of(times_for(source, lon, day.date + datetime.timedelta(days=1),
                                      **times_kwargs), rows)
    except InputError:        # the last supported date: no roll-over beyond it
        following = None
    return Day(day.date, day.times, following), local_now, current


def is_mosque(obj: Any) -> bool:
    """Whether ``obj`` is a mosque (:class:`salat.Mosque`, or anything with its ``day``,
    ``jumuah_on`` and ``tz``).
    """
    return all(hasattr(obj, a) for a in ("day", "jumuah_on", "tz"))


def mosque_day(mosque: Any, date: datetime.date, rows: Sequence[str]) -> Day:
    """One date at a mosque (its :class:`salat.mosque.MosqueDay`) as a widget's day."""
    mday = mosque.day(date)
    return Day(mday.date, {n: getattr(mday.adhan, n) for n in rows}, None,
               dict(mday.iqama), list(mday.jumuah),
               [(c.prayer, c.date, c.time) for c in mday.changes])


def _resolve_mosque_day(mosque: Any, lon: float | None, *, date: Any,
                        now: datetime.datetime | None, rows: Sequence[str],
                        times_kwargs: dict) -> tuple[Day, datetime.datetime, bool]:
    if lon is not None or times_kwargs:
        raise InputTypeError("widget: lon and time options are not used with a mosque "
                             "(its profile sets them)")
    local_now = _aware_now(now, mosque.tz)
    if date is not None:
        date = one_date(date)
    day = mosque_day(mosque, date or local_now.date(), rows)
    current = date is None or day.date == local_now.date()
    if date is None and day.next_prayer(local_now) is None:
        day = mosque_day(mosque, day.date + datetime.timedelta(days=1), rows)
    following = mosque_day(mosque, day.date + datetime.timedelta(days=1), rows)
    return (Day(day.date, day.times, following, day.iqama, day.jumuah, day.changes),
            local_now, current)


def _month_days(timetable: Any, rows: Sequence[str]) -> list[Day]:
    dates = [d.item() for d in np.asarray(timetable.dates, dtype="datetime64[D]")]
    columns = {}
    for name in rows:
        local = np.asarray(timetable.local(name), dtype="datetime64[s]")
        offset = np.asarray(timetable.utc_offset(name))
        if local.ndim != 1:
            raise InputError("widget: a month table shows one place; pass a one-place Timetable")
        columns[name] = [None if np.isnat(t) else
                         t.item().replace(tzinfo=datetime.timezone(datetime.timedelta(seconds=int(o))))
                         for t, o in zip(local, offset)]
    return [Day(d, {name: columns[name][i] for name in rows}) for i, d in enumerate(dates)]


def date_span(anchor: datetime.date, days: int | None) -> tuple[datetime.date, datetime.date]:
    """The first and last date shown: the month of ``anchor`` (``days=None``), or ``days``
    dates from it.
    """
    if days is None:
        start = anchor.replace(day=1)
        return start, start.replace(day=month_end(start.year, start.month))
    return anchor, anchor + datetime.timedelta(days=days - 1)


def resolve_month(source: Any, lon: float | None, *, date: Any, now: datetime.datetime | None,
                  rows: Sequence[str], times_kwargs: dict,
                  days: int | None = None) -> tuple[Month, datetime.date | None]:
    """The dates to show and today's date: from a Timetable (all its dates), or at a place
    or a mosque the month of ``date`` (``days=None``) or ``days`` dates from ``date``
    (default: today there; a week's sidebar table).

    Today is taken from ``now`` (or the clock) in the zone of the first time shown.
    """
    if _is_times(source):
        raise InputTypeError("widget: kind='month' needs coordinates or a Timetable, "
                             "not a PrayerTimes")
    if _is_timetable(source):
        if lon is not None or times_kwargs or date is not None:
            raise InputTypeError("widget: lon, date and time options are not used with a "
                                 "Timetable")
        found = _month_days(source, rows)
    elif is_mosque(source):
        if lon is not None or times_kwargs:
            raise InputTypeError("widget: lon and time options are not used with a mosque")
        anchor = one_date(date) if date is not None else _aware_now(now, source.tz).date()
        start, end = date_span(anchor, days)
        found = [mosque_day(source, start + datetime.timedelta(days=k), rows)
                 for k in range((end - start).days + 1)]
    else:
        if lon is None and times_kwargs.get("zone") is None:
            raise InputTypeError("widget: give (lat, lon), zone= or a PrayerTimes / Timetable")
        from salat.tables import table
        from salat.times import times_for

        first = times_for(source, lon, date, **times_kwargs)
        anchor = first.date
        if date is None and now is not None:   # today at the place, by the given clock
            anchor = _aware_now(now, first.tz).date()
        start, end = date_span(anchor, days)
        found = [d for d in _month_days(table(source, lon, start, end, **times_kwargs), rows)
                 if start <= d.date <= end]
    tz = next((t.tzinfo for d in found for t in d.times.values() if t), datetime.timezone.utc)
    today = _aware_now(now, tz).date()
    return Month(found), today


#: A place of a city picker: a ``Place``, a ``(name, lat, lon)`` tuple or a mapping with
#: keys ``name``, ``lat``, ``lon`` and optionally ``tz``, ``elevation``, ``method``.
PlaceLike = Place | Sequence[Any] | Mapping[str, Any]
_PLACE_KEYS = ("name", "lat", "lon", "tz", "elevation", "method")


def _as_place(item: Any, i: int) -> Place:
    item = place_named(item) if isinstance(item, str) else item     # a name: the gazetteer's
    if isinstance(item, Place):
        place = item
    elif isinstance(item, Mapping):
        unknown = set(item) - set(_PLACE_KEYS)
        if unknown or not {"name", "lat", "lon"} <= set(item):
            raise InputError(f"places[{i}]: got keys {sorted(item)}; need name, lat, lon and "
                             f"allowed tz, elevation, method")
        place = Place(**item)
    elif isinstance(item, (tuple, list)) and len(item) == 3:
        place = Place(*item)
    else:
        raise InputTypeError(f"places[{i}]: got {item!r}; give a salat.places.Place, a "
                             "(name, lat, lon) tuple or a mapping with name, lat, lon")
    if not isinstance(place.name, str) or not place.name.strip() or len(place.name) > MAX_NAME:
        raise InputError(f"places[{i}]: name must be a non-empty text of at most {MAX_NAME} "
                         f"characters, got {place.name!r}")
    return place


def resolve_places(places: Sequence[PlaceLike]) -> list[Any]:
    """The places of a city picker, checked (``InputError`` naming the bad item); mosques
    (:func:`is_mosque`) are kept as they are.
    """
    if isinstance(places, (str, bytes, Mapping)) or not isinstance(places, Sequence):
        raise InputTypeError(f"places: got {type(places).__name__}; give a list of places")
    if not places:
        raise InputError("places: got an empty list; give at least one place")
    return [item if is_mosque(item) else _as_place(item, i) for i, item in enumerate(places)]
