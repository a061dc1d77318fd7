"""Iqama rules: when a mosque's congregation stands, from the adhan and its rules.

    >>> from salat.iqama import IqamaRule, IqamaRules
    >>> rules = IqamaRules([IqamaRule("fajr", after=20, step=5, before_sunrise=15),
    ...                     IqamaRule("asr", at="15:30", start="2026-12-05"),
    ...                     IqamaRule("isha", at="21:00", ramadan=True)])
    >>> rules.times(adhan)                   # {"fajr": datetime, "isha": datetime, ...}

A rule sets one prayer's iqama in one of four ways: ``after`` minutes after
the adhan, ``at`` a fixed local clock time, ``table`` (the published
timetable's iqama for the date) or ``none``. Then, in this order:

1. ``after`` is rounded up to a multiple of ``step`` minutes of the local
   clock (a time already on the step stays: 13:15 with step 5 is 13:15);
2. ``not_before`` / ``not_after`` (clock times) bound the result, and for Fajr
   ``before_sunrise`` keeps it at least that many minutes before sunrise
   (rounded down to the step, so the bound holds): bounds win over rounding;
3. an iqama is never before its adhan (a result before it is the adhan).

A fixed time is a wall-clock time on each date, so it stays the same clock
time across a daylight-saving change.

Which rule holds on a date: of a prayer's rules whose dates (``start`` ..
``end``, inclusive, either open) include it and whose ``ramadan`` condition
matches, a Ramadan-only rule beats the others, then the latest ``start``
(a rule "from Friday 5 December" replaces the season's), then the later in
the list. Ramadan is read with :func:`salat.hijri.is_ramadan` (Umm al-Qura;
``hijri_offset`` days for a local sighting). Isha and Taraweeh are prayers of
the night, which belongs to the next Hijri day: the first Ramadan night is the
evening before the first fast, the last is the evening before the last fast
(the evening after it is Eid's night). The other prayers are in Ramadan on
its days.

``taraweeh`` is a Ramadan-night prayer: ``after`` counts from the Isha iqama
(or the Isha adhan where Isha has none).

Jumu'ah (:class:`JumuahRule`): one to six times, each a clock time or minutes
after Dhuhr, over date ranges like the iqama rules. Eid (:class:`EidPrayer`):
a name, a date and its prayer times.
"""

from __future__ import annotations

import datetime as _dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from .hijri import is_ramadan
from .inputs import InputError, InputTypeError, finite_in_range, one_date
from .published import localize_wall, parse_clock
from .times import PrayerTimes

__all__ = ["IqamaRule", "IqamaRules", "JumuahRule", "EidPrayer", "IQAMA_NAMES",
           "NIGHT_PRAYERS", "MAX_JUMUAH", "ramadan_on", "clock_time"]

#: The prayers an iqama rule may name (the five, and Taraweeh in Ramadan).
IQAMA_NAMES = ("fajr", "dhuhr", "asr", "maghrib", "isha", "taraweeh")
#: Prayers of the night: in Ramadan when the next day is.
NIGHT_PRAYERS = ("isha", "taraweeh")
#: Most Jumu'ah times a rule may give.
MAX_JUMUAH = 6
_MODES = ("after", "at", "table", "none")


def clock_time(name: str, value) -> _dt.time:
    """A local clock time from ``"HH:MM"`` or a ``datetime.time`` (InputError else)."""
    if isinstance(value, _dt.time):
        return value.replace(tzinfo=None)
    if isinstance(value, str):
        try:
            t, _ = parse_clock(value)
            return t
        except ValueError:
            pass
        raise InputError(f"{name}: got {value!r}; allowed: a clock time HH:MM (24-hour)")
    raise InputTypeError(f"{name}: got {type(value).__name__} {value!r}; allowed: a clock "
                         f"time HH:MM (24-hour)")


def _date(name: str, value) -> _dt.date | None:
    """A rule's date (None: open), from a date or ``"YYYY-MM-DD"``."""
    if value is None:
        return None
    return value.date() if isinstance(value, _dt.datetime) else one_date(value, name)


def _minutes(name: str, value, lo: float, hi: float) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InputTypeError(f"{name}: got {value!r}; allowed: a number of minutes "
                             f"{lo:g} to {hi:g}")
    return float(finite_in_range(name, value, lo, hi, "minutes"))


def _given(value) -> bool:
    """A mode is given unless None or False (``after = 0`` is given: 0 == False)."""
    return value is not None and value is not False


def ramadan_on(day: _dt.date, prayer: str, hijri_offset: int = 0) -> bool:
    """Whether ``prayer`` on Gregorian ``day`` is a Ramadan prayer (the night
    prayers belong to the next day's Hijri date; see the module docstring).
    """
    d = day + _dt.timedelta(days=1) if prayer in NIGHT_PRAYERS else day
    return _in_ramadan(d, hijri_offset)


@lru_cache(maxsize=4096)
def _in_ramadan(day: _dt.date, hijri_offset: int) -> bool:
    return bool(is_ramadan(np.array([day], "datetime64[D]"), hijri_offset)[0])


@dataclass(frozen=True)
class IqamaRule:
    """How one prayer's iqama is set on the dates the rule holds.

    Parameters
    ----------
    prayer : str
        One of :data:`IQAMA_NAMES`.
    after, at, table, none
        Exactly one: minutes after the adhan (0 to 300), a clock time
        ``"HH:MM"``, ``True`` (the published table's iqama), ``True`` (no iqama).
    step : int
        ``after`` is rounded up to a multiple of this many minutes (0: none).
    not_before, not_after : str, optional
        Clock times bounding the iqama.
    before_sunrise : float, optional
        Fajr only: at least this many minutes before sunrise.
    start, end : date or "YYYY-MM-DD", optional
        The first and last dates the rule holds (inclusive; open if None).
    ramadan : bool, optional
        True: only in Ramadan; False: only outside it; None: either.
    """

    prayer: str
    after: float | None = None
    at: _dt.time | str | None = None
    table: bool = False
    none: bool = False
    step: int = 0
    not_before: _dt.time | str | None = None
    not_after: _dt.time | str | None = None
    before_sunrise: float | None = None
    start: _dt.date | str | None = None
    end: _dt.date | str | None = None
    ramadan: bool | None = None

    def __post_init__(self):
        put = object.__setattr__
        if self.prayer not in IQAMA_NAMES:
            raise InputError(f"prayer: got {self.prayer!r}; allowed: {', '.join(IQAMA_NAMES)}")
        given = [m for m in _MODES if _given(getattr(self, m))]
        if len(given) != 1:
            raise InputError(f"iqama rule for {self.prayer}: give exactly one of after "
                             f"(minutes), at (HH:MM), table (true), none (true); got "
                             f"{', '.join(given) or 'none of them'}")
        if self.after is not None:
            put(self, "after", _minutes(f"{self.prayer}.after", self.after, 0, 300))
        for k in ("table", "none"):
            if not isinstance(getattr(self, k), bool):
                raise InputTypeError(f"{self.prayer}.{k}: got {getattr(self, k)!r}; allowed: "
                                     f"true, false")
        for k in ("at", "not_before", "not_after"):
            if getattr(self, k) is not None:
                put(self, k, clock_time(f"{self.prayer}.{k}", getattr(self, k)))
        if isinstance(self.step, bool) or not isinstance(self.step, int) \
                or not 0 <= self.step <= 60:
            raise InputError(f"{self.prayer}.step: got {self.step!r}; allowed: whole minutes "
                             f"0 to 60")
        if self.before_sunrise is not None:
            if self.prayer != "fajr":
                raise InputError(f"{self.prayer}.before_sunrise: only Fajr has it; allowed "
                                 f"for: fajr")
            put(self, "before_sunrise", _minutes("fajr.before_sunrise", self.before_sunrise,
                                                 0, 120))
        put(self, "start", _date(f"{self.prayer}.start", self.start))
        put(self, "end", _date(f"{self.prayer}.end", self.end))
        if self.start and self.end and self.end < self.start:
            raise InputError(f"{self.prayer}: end {self.end} is before start {self.start}")
        if self.ramadan not in (None, True, False):
            raise InputError(f"{self.prayer}.ramadan: got {self.ramadan!r}; allowed: true, "
                             f"false")
        if self.prayer == "taraweeh" and self.ramadan is False:
            raise InputError("taraweeh.ramadan: Taraweeh is a Ramadan prayer; allowed: true")
        if self.prayer == "taraweeh" and self.table:
            raise InputError("taraweeh.table: published tables have no Taraweeh column; "
                             "allowed: after, at, none")

    @property
    def mode(self) -> str:
        """``"after"``, ``"at"``, ``"table"`` or ``"none"``."""
        return next(m for m in _MODES if _given(getattr(self, m)))

    def holds(self, day: _dt.date, in_ramadan: bool) -> bool:
        """Whether the rule applies on ``day`` (Ramadan as given)."""
        if self.start is not None and day < self.start:
            return False
        if self.end is not None and day > self.end:
            return False
        if self.ramadan is not None and self.ramadan != in_ramadan:
            return False
        return self.prayer != "taraweeh" or in_ramadan


def _wall(when: _dt.datetime) -> _dt.datetime:
    return when.replace(tzinfo=None)


def _on_clock(tz: _dt.tzinfo, wall: _dt.datetime) -> _dt.datetime:
    """A wall-clock time as an aware datetime; in a skipped hour, the instant
    an hour later (the clock's reading after the change).
    """
    out = localize_wall(tz, wall)
    while out is None:
        wall += _dt.timedelta(minutes=30)
        out = localize_wall(tz, wall)
    return out


def _round(tz: _dt.tzinfo, when: _dt.datetime, step: int, up: bool) -> _dt.datetime:
    """``when`` rounded on the local clock to a multiple of ``step`` minutes."""
    if step <= 0:
        return when
    wall = _wall(when)
    midnight = wall.replace(hour=0, minute=0, second=0, microsecond=0)
    seconds = (wall - midnight).total_seconds()
    unit = step * 60
    k = math.ceil(seconds / unit) if up else math.floor(seconds / unit)
    if k * unit == seconds:
        return when
    return _on_clock(tz, midnight + _dt.timedelta(seconds=k * unit))


def _at(tz: _dt.tzinfo, day: _dt.date, t: _dt.time) -> _dt.datetime:
    return _on_clock(tz, _dt.datetime.combine(day, t))


@dataclass(frozen=True)
class IqamaRules:
    """All of a mosque's iqama rules; :meth:`times` applies them to a day.

    ``hijri_offset``: days added to the Umm al-Qura date for Ramadan (a local
    sighting a day later is -1).
    """

    rules: tuple[IqamaRule, ...] = ()
    hijri_offset: int = 0

    def __post_init__(self):
        rules = tuple(self.rules)
        for r in rules:
            if not isinstance(r, IqamaRule):
                raise InputTypeError(f"rules: got {type(r).__name__}; allowed: IqamaRule")
        object.__setattr__(self, "rules", rules)
        if isinstance(self.hijri_offset, bool) or not isinstance(self.hijri_offset, int) \
                or not -3 <= self.hijri_offset <= 3:
            raise InputError(f"hijri_offset: got {self.hijri_offset!r}; allowed: whole days "
                             f"-3 to 3")

    def rule(self, prayer: str, day: _dt.date) -> IqamaRule | None:
        """The rule that holds for ``prayer`` on ``day`` (None: no iqama rule)."""
        in_ramadan = ramadan_on(day, prayer, self.hijri_offset)
        best, key = None, None
        for i, r in enumerate(self.rules):
            if r.prayer != prayer or not r.holds(day, in_ramadan):
                continue
            k = (r.ramadan is True, r.start or _dt.date.min, i)
            if key is None or k > key:
                best, key = r, k
        return best

    def times(self, adhan: PrayerTimes,
              table: Mapping[str, _dt.datetime] | None = None) -> dict[str, _dt.datetime]:
        """``{prayer: aware datetime}`` for the prayers that have an iqama on
        ``adhan.date``; ``table`` holds the published iqama times of that date.
        """
        out: dict = {}
        table = table or {}
        for prayer in IQAMA_NAMES:
            r = self.rule(prayer, adhan.date)
            if r is None or r.none:
                continue
            if prayer == "taraweeh":
                base = out.get("isha") or adhan.isha
            else:
                base = getattr(adhan, prayer)
            if base is None:
                continue
            when = self._one(r, base, adhan, table.get(prayer))
            if when is not None:
                out[prayer] = when
        return out

    @staticmethod
    def _one(r: IqamaRule, base: _dt.datetime, adhan: PrayerTimes,
             published: _dt.datetime | None) -> _dt.datetime | None:
        tz, day = adhan.tz, adhan.date
        if r.table:
            if published is None:
                return None
            when = published
        elif r.at is not None:
            when = _at(tz, day, r.at)
        else:
            when = _round(tz, base + _dt.timedelta(minutes=r.after), r.step, up=True)
        if r.not_before is not None:
            when = max(when, _at(tz, day, r.not_before))
        if r.not_after is not None:
            when = min(when, _at(tz, day, r.not_after))
        if r.before_sunrise is not None and adhan.sunrise is not None:
            latest = adhan.sunrise - _dt.timedelta(minutes=r.before_sunrise)
            if when > latest:
                when = _round(tz, latest, r.step, up=False)
        return max(when, base) if r.prayer != "taraweeh" else when


@dataclass(frozen=True)
class JumuahRule:
    """Friday prayer times over a date range: each a clock time ``"HH:MM"`` or
    minutes after Dhuhr (a number; rounded up to ``step``).
    """

    times: tuple = ()
    step: int = 0
    start: _dt.date | str | None = None
    end: _dt.date | str | None = None

    def __post_init__(self):
        put = object.__setattr__
        times = self.times
        if isinstance(times, (str, int, float, _dt.time)):
            times = (times,)
        if not isinstance(times, Sequence) or not 1 <= len(times) <= MAX_JUMUAH:
            raise InputError(f"jumuah.times: got {self.times!r}; allowed: 1 to {MAX_JUMUAH} "
                             f"times, each HH:MM or minutes after Dhuhr")
        out = []
        for i, t in enumerate(times):
            if isinstance(t, (int, float)) and not isinstance(t, bool):
                out.append(_minutes(f"jumuah.times[{i}]", t, 0, 300))
            else:
                out.append(clock_time(f"jumuah.times[{i}]", t))
        put(self, "times", tuple(out))
        if isinstance(self.step, bool) or not isinstance(self.step, int) \
                or not 0 <= self.step <= 60:
            raise InputError(f"jumuah.step: got {self.step!r}; allowed: whole minutes 0 to 60")
        put(self, "start", _date("jumuah.start", self.start))
        put(self, "end", _date("jumuah.end", self.end))

    def holds(self, day: _dt.date) -> bool:
        """Whether the rule applies on ``day``."""
        return (self.start is None or day >= self.start) and \
            (self.end is None or day <= self.end)

    def on(self, adhan: PrayerTimes) -> list[_dt.datetime]:
        """The Jumu'ah times of ``adhan``'s date (a Friday), in order."""
        out = []
        for t in self.times:
            if isinstance(t, float):
                if adhan.dhuhr is None:
                    continue
                out.append(_round(adhan.tz, adhan.dhuhr + _dt.timedelta(minutes=t),
                                  self.step, up=True))
            else:
                out.append(_at(adhan.tz, adhan.date, t))
        return sorted(out)


def jumuah_rule(rules: Sequence[JumuahRule], day: _dt.date) -> JumuahRule | None:
    """Of ``rules``, the one for ``day``: the latest start among those that hold."""
    best = None
    for r in rules:
        if r.holds(day) and (best is None or (r.start or _dt.date.min)
                             >= (best.start or _dt.date.min)):
            best = r
    return best


@dataclass(frozen=True)
class EidPrayer:
    """An Eid prayer: its name (e.g. ``"Eid al-Fitr"``), date and clock times."""

    name: str
    date: _dt.date | str
    times: tuple = field(default=())

    def __post_init__(self):
        if not isinstance(self.name, str) or not self.name.strip():
            raise InputError(f"eid.name: got {self.name!r}; allowed: a name such as "
                             f"'Eid al-Fitr'")
        object.__setattr__(self, "date", _date("eid.date", self.date))
        if self.date is None:
            raise InputError("eid.date: missing; allowed: a date YYYY-MM-DD")
        times = (self.times,) if isinstance(self.times, (str, _dt.time)) else self.times
        if not isinstance(times, Sequence) or not 1 <= len(times) <= MAX_JUMUAH:
            raise InputError(f"eid.times: got {self.times!r}; allowed: 1 to {MAX_JUMUAH} "
                             f"clock times HH:MM")
        object.__setattr__(self, "times", tuple(clock_time(f"eid.times[{i}]", t)
                                                for i, t in enumerate(times)))

    def on(self, tz: _dt.tzinfo) -> list[tuple[str, _dt.datetime]]:
        """``[(name, aware datetime)]`` of its prayers."""
        return [(self.name, _at(tz, self.date, t)) for t in self.times]
