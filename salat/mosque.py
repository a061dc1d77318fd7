"""A mosque in one TOML file: its place, method or published table, iqama
rules, Jumu'ah and Eid; :class:`Mosque` and the day it gives, :class:`MosqueDay`.

    >>> import salat
    >>> m = salat.Mosque.from_toml("east-london-mosque.toml")
    >>> d = m.day("2026-03-01")
    >>> d.adhan.fajr, d.iqama["fajr"], d.sources["fajr"]
    >>> d.next(now)                     # counts to the iqama where one is set

The profile (paths are relative to the profile's own folder)::

    name = "Example Mosque"
    slug = "example"                 # default: from the name
    locale = "en_GB"
    hijri_offset = 0                 # days, for Ramadan by local sighting

    [place]
    lat = 51.5175                    # or: city = "London"
    lon = -0.0654
    tz = "Europe/London"             # default: the place's own
    elevation = 0

    [times]
    method = "london_unified"        # default: the place's authority
    asr = "standard"
    published = ["timetable-2026.csv"]   # optional; see salat.published
    hours = 24                       # 12: a table in 12-hour time without am/pm
    dst = "local"                    # "standard": a table in winter time all year
    select = {zone = "WLY01"}        # optional: one place's rows of a many-place file
    columns = {"Subuh" = "fajr"}     # optional: what a column means

    [iqama]
    step = 5                         # the default step of every rule

    [iqama.fajr]
    after = 20
    before_sunrise = 15
    [iqama.dhuhr]
    at = "13:30"
    [[iqama.dhuhr.changes]]          # from a date (until the next change)
    from = 2026-10-25
    at = "12:45"
    [iqama.isha]
    after = 10
    not_before = "19:30"
    [iqama.isha.ramadan]
    at = "21:00"
    [iqama.taraweeh]                 # Ramadan nights only
    after = 10

    [jumuah]
    times = ["13:15", "14:15"]       # or minutes after Dhuhr: [30]
    [[jumuah.changes]]
    from = 2026-10-25
    times = ["12:45", "13:45"]

    [[eid]]
    name = "Eid al-Fitr"
    date = 2026-03-20
    times = ["07:30", "09:00"]

A mistake in a profile is one :class:`salat.InputError` naming the file, the
key and what is allowed.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import re
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from .inputs import MAX_DATE, InputError, InputTypeError, check_aware, fold, one_date
from .iqama import (IQAMA_NAMES, EidPrayer, IqamaRule, IqamaRules, JumuahRule, jumuah_rule)
from .methods import get_method
from . import places
from .places import Place
from .published import CALCULATED, PublishedTable, PublishedTimetable
from .names import TIME_NAMES
from .options import merge_place_options
from .tables import Timetable, table as _table
from .times import PrayerTimes, times_for
from .timezones import resolve_tz, tz_name

if sys.version_info >= (3, 11):
    import tomllib
else:                                              # pragma: no cover - Python 3.10
    import tomli as tomllib

__all__ = ["Mosque", "MosqueDay", "IqamaChange", "NextPrayer", "read_mosques", "CHANGES_AHEAD",
           "EID_AHEAD"]

#: Days ahead that :attr:`MosqueDay.changes` looks for iqama changes.
CHANGES_AHEAD = 7
#: Days ahead that :attr:`MosqueDay.eid` lists Eid prayers.
EID_AHEAD = 7

_TOP = ("name", "slug", "locale", "hijri_offset", "place", "times", "iqama", "jumuah", "eid")
_PLACE = ("lat", "lon", "city", "country", "tz", "elevation")
_TIMES = ("method", "asr", "high_latitude", "rounding", "adjustments", "published", "hours",
          "dst", "columns", "select")
_RULE = ("after", "at", "table", "none", "step", "not_before", "not_after", "before_sunrise",
         "start", "end")
_MODES = ("after", "at", "table", "none")


class IqamaChange(NamedTuple):
    """An iqama time that changes: from ``date`` the ``prayer`` is at ``time``."""

    prayer: str
    date: _dt.date
    time: _dt.datetime


class NextPrayer(NamedTuple):
    """The next prayer: its name, adhan, iqama (None where none is set) and
    ``at``, the time counted to (the iqama where set, else the adhan).
    """

    name: str
    adhan: _dt.datetime
    iqama: _dt.datetime | None
    at: _dt.datetime


@dataclass(frozen=True, eq=False)
class MosqueDay:
    """One date at a mosque.

    Attributes
    ----------
    date : datetime.date
    adhan : PrayerTimes
        The day's times: published where the mosque's table covers the date,
        calculated elsewhere.
    sources : dict
        ``{time name: "published" | "calculated"}`` for the ten times.
    iqama : dict
        ``{prayer: aware datetime}`` for the prayers that have one (and
        ``taraweeh`` on Ramadan nights where set).
    jumuah : list of datetime
        The Jumu'ah times of the Friday on or after ``date`` (the coming one).
    eid : list of (str, datetime)
        Eid prayers from ``date`` to :data:`EID_AHEAD` days after it.
    changes : list of IqamaChange
        Iqama times that change in the next :data:`CHANGES_AHEAD` days
        (prayers whose rule moves with the adhan minute by minute, ``after``
        with no step, are left out).
    """

    date: _dt.date
    adhan: PrayerTimes
    sources: Mapping[str, str]
    iqama: Mapping[str, _dt.datetime]
    jumuah: list[_dt.datetime]
    eid: list[tuple[str, _dt.datetime]]
    changes: list[IqamaChange]
    mosque: Mosque = field(repr=False)

    def as_dict(self) -> dict:
        """The day as plain data for JSON: ISO 8601 times with their UTC offsets
        (``None`` where a time does not occur), the source of each time, iqama,
        Jumu'ah, Eid and the coming changes.
        """
        def iso(w):
            return None if w is None else w.isoformat(timespec="seconds")
        m = self.mosque
        return {"name": m.name, "slug": m.slug, "date": self.date.isoformat(),
                "tz": tz_name(self.adhan.tz), "method": self.adhan.method.name,
                "times": {k: iso(v) for k, v in self.adhan.as_dict().items()},
                "sources": dict(self.sources),
                "iqama": {k: iso(v) for k, v in self.iqama.items()},
                "jumuah": [iso(j) for j in self.jumuah],
                "eid": [{"name": n, "time": iso(w)} for n, w in self.eid],
                "changes": [{"prayer": c.prayer, "date": c.date.isoformat(),
                             "time": iso(c.time)} for c in self.changes]}

    def prayers(self) -> list[NextPrayer]:
        """The day's five prayers (and Taraweeh), in order, each with its adhan,
        iqama and the time counted to; on a Friday with Jumu'ah times, Dhuhr is
        replaced by one entry per Jumu'ah.
        """
        out = []
        friday = self.date.weekday() == 4 and self.jumuah and self.jumuah[0].date() == self.date
        for name in ("fajr", "dhuhr", "asr", "maghrib", "isha", "taraweeh"):
            if name == "taraweeh":
                at = self.iqama.get("taraweeh")
                if at is not None:
                    out.append(NextPrayer("taraweeh", at, at, at))
                continue
            adhan = getattr(self.adhan, name)
            if adhan is None:
                continue
            if name == "dhuhr" and friday:
                out.extend(NextPrayer("jumuah", adhan, j, j) for j in self.jumuah)
                continue
            iq = self.iqama.get(name)
            out.append(NextPrayer(name, adhan, iq, iq or adhan))
        return out

    def next(self, now: _dt.datetime) -> NextPrayer:
        """The first prayer whose iqama (or adhan, where no iqama is set) is
        after ``now`` (an aware datetime), on this date or the next.
        """
        now = check_aware("now", now)
        for p in self.prayers():
            if p.at > now:
                return p
        return self.mosque.day(self.date + _dt.timedelta(days=1)).prayers()[0]


@dataclass(frozen=True, eq=False)
class Mosque:
    """A mosque: place, method, published table, iqama rules, Jumu'ah, Eid.

    Build one with :meth:`from_toml` (a profile file) or :meth:`from_dict`.
    """

    name: str
    slug: str
    place: Place
    tz: _dt.tzinfo
    options: Mapping[str, Any]
    published: PublishedTimetable | None = None
    iqama: IqamaRules = IqamaRules()
    jumuah: tuple[JumuahRule, ...] = ()
    eid: tuple[EidPrayer, ...] = ()
    locale: str | None = None
    path: str | None = None

    # -- reading
    @classmethod
    def from_toml(cls, path: str | Path) -> Mosque:
        """Read a profile (see the module docstring)."""
        p = Path(path)
        try:
            raw = p.read_bytes()
        except FileNotFoundError:
            raise InputError(f"mosque profile: no such file {str(p)!r}") from None
        try:
            doc = tomllib.loads(raw.decode("utf-8-sig"))
        except UnicodeDecodeError as e:
            raise InputError(f"{p}: not UTF-8 text ({e.reason})") from None
        except tomllib.TOMLDecodeError as e:
            raise InputError(f"{p}: not valid TOML: {e}") from None
        return cls.from_dict(doc, base=p.parent, where=str(p))

    @classmethod
    def from_dict(cls, doc: Mapping, *, base: str | Path = ".", where: str = "profile"
                  ) -> Mosque:
        """A mosque from the profile's contents (a dict as TOML gives it)."""
        return _Profile(doc, Path(base), where).mosque()

    # -- the times
    def adhan(self, day) -> tuple[PrayerTimes, dict[str, str]]:
        """The adhan times of a date and the source of each."""
        t = times_for(self.place.lat, self.place.lon, day, tz=self.tz, **self.options)
        if self.published is None:
            return t, dict.fromkeys(TIME_NAMES, CALCULATED)
        return self.published.apply(t)

    def _iqama(self, adhan: PrayerTimes) -> dict[str, _dt.datetime]:
        table = self.published.iqama(adhan.date) if self.published is not None else None
        return self.iqama.times(adhan, table)

    def jumuah_on(self, day) -> list[_dt.datetime]:
        """The Jumu'ah times of the Friday on or after ``day``: the published
        table's where its row for that Friday lists them, else the rules'.
        """
        d = _day(day, self.tz)
        friday = d + _dt.timedelta(days=(4 - d.weekday()) % 7)
        if friday > MAX_DATE:           # the week runs past the last supported date
            return []
        published = self.published.jumuah(friday) if self.published is not None else []
        rule = jumuah_rule(self.jumuah, friday)
        if rule is None or published:
            return published
        adhan, _ = self.adhan(friday)
        return rule.on(adhan)

    def day(self, day=None) -> MosqueDay:
        """One date (``datetime.date``, ``"YYYY-MM-DD"``, or None: today at the
        mosque) as a :class:`MosqueDay`.
        """
        d = _day(day, self.tz)
        adhan, sources = self.adhan(d)
        iqama = self._iqama(adhan)
        eid = [pair for e in self.eid if 0 <= (e.date - d).days <= EID_AHEAD
               for pair in e.on(self.tz)]
        return MosqueDay(d, adhan, sources, iqama, self.jumuah_on(d), sorted(eid,
                         key=lambda x: x[1]), self._changes(d, iqama), self)

    def _changes(self, d: _dt.date, iqama: dict) -> list[IqamaChange]:
        out = []
        prev = {k: v.time() for k, v in iqama.items()}
        for k in range(1, CHANGES_AHEAD + 1):
            day = d + _dt.timedelta(days=k)
            if day > MAX_DATE:          # nothing is known past the last supported date
                break
            adhan, _ = self.adhan(day)
            now = self._iqama(adhan)
            for prayer in IQAMA_NAMES:
                rule = self.iqama.rule(prayer, day)
                if rule is not None and rule.after is not None and rule.step == 0:
                    continue
                t = now.get(prayer)
                if t is not None and prev.get(prayer) != t.time():
                    out.append(IqamaChange(prayer, day, t))
            prev = {p: v.time() for p, v in now.items()}
        return out

    def next(self, now: _dt.datetime) -> NextPrayer:
        """The next prayer after ``now`` (aware), counting to the iqama where set."""
        now = check_aware("now", now)
        return self.day(now.astimezone(self.tz).date()).next(now)

    def table(self, start=None, end=None, *, year: int | None = None) -> Timetable:
        """The adhan times as a table (:func:`salat.table`), published on the
        dates the mosque's table covers (a :class:`salat.published.PublishedTable`
        with ``sources``); default: the current year.
        """
        calc = _table(self.place.lat, self.place.lon, start, end, year=year, tz=self.tz,
                      names=[self.name], **self.options)
        if self.published is None:
            return calc
        return PublishedTable.overlay(calc, self.published)


def read_mosques(folder: str | Path) -> dict[str, Mosque]:
    """Every profile (``*.toml``) in a folder, by slug, in slug order.

    A bad profile raises its own :class:`salat.InputError` (file, key, allowed
    values); two profiles with one slug raise one naming both files.
    """
    root = Path(folder)
    if not root.is_dir():
        raise InputError(f"mosques: {str(root)!r} is not a folder; allowed: a folder of "
                         f"mosque profiles (*.toml)")
    found: dict[str, Mosque] = {}
    for path in sorted(root.glob("*.toml")):
        m = Mosque.from_toml(path)
        if m.slug in found:
            raise InputError(f"{path}: slug: {m.slug!r} is also the slug of "
                             f"{found[m.slug].path}; allowed: one profile per slug")
        found[m.slug] = m
    if not found:
        raise InputError(f"mosques: no profiles (*.toml) in {str(root)!r}")
    return dict(sorted(found.items()))


def _day(day, tz) -> _dt.date:
    """A date: None is today at the mosque, an aware datetime its date there."""
    if day is None:
        return _dt.datetime.now(tz).date()
    if isinstance(day, _dt.datetime):
        return day.astimezone(tz).date() if day.tzinfo else day.date()
    return one_date(day)


def slugify(name: str) -> str:
    """A URL slug from a name: ASCII letters and digits joined by hyphens."""
    return "-".join(re.findall(r"[a-z0-9]+", fold(name)))


# ---------------------------------------------------------------- the profile

class _Profile:
    """Reads a profile's dict, naming the file and key in every error."""

    def __init__(self, doc: Mapping, base: Path, where: str):
        if not isinstance(doc, Mapping):
            raise InputTypeError(f"{where}: a profile is a table of keys, got "
                                 f"{type(doc).__name__}")
        self.doc, self.base, self.where = doc, base, where

    def fail(self, key: str, message: str) -> InputError:
        return InputError(f"{self.where}: {key}: {message}")

    def table(self, key: str, value, allowed: Sequence[str]) -> Mapping:
        if not isinstance(value, Mapping):
            raise self.fail(key, f"got {type(value).__name__} {value!r}; allowed: a table "
                                 f"with keys {', '.join(allowed)}")
        for k in value:
            if k not in allowed:
                raise self.fail(f"{key}.{k}" if key else k,
                                f"unknown key; allowed: {', '.join(allowed)}")
        return value

    def string(self, key: str, value, required: bool = False) -> str | None:
        if value is None and not required:
            return None
        if not isinstance(value, str) or not value.strip():
            raise self.fail(key, f"got {value!r}; allowed: a non-empty string")
        return value.strip()

    def mosque(self) -> Mosque:
        doc = self.table("", self.doc, _TOP)
        name = self.string("name", doc.get("name"), required=True)
        slug = self.string("slug", doc.get("slug")) or slugify(name)
        if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug):
            raise self.fail("slug", f"got {slug!r}; allowed: lower-case letters, digits and "
                                    f"single hyphens, e.g. 'east-london-mosque'")
        locale = self.string("locale", doc.get("locale"))
        offset = doc.get("hijri_offset", 0)
        if isinstance(offset, bool) or not isinstance(offset, int) or not -3 <= offset <= 3:
            raise self.fail("hijri_offset", f"got {offset!r}; allowed: whole days -3 to 3")
        if "place" not in doc:
            raise self.fail("place", "missing; allowed: a table with lat and lon, or city")
        place = self.place(doc["place"])
        tz = self.wrap("place.tz", lambda: resolve_tz(place.tz, place.lat, place.lon))
        options, published = self.times(doc.get("times", {}), place, tz)
        rules = self.iqama(doc.get("iqama", {}))
        iqama = IqamaRules(tuple(rules), offset)
        if published is None and any(r.table for r in rules):
            raise self.fail("iqama", "a rule says table = true but [times] has no "
                                     "published table; allowed: after, at, none")
        jumuah = self.jumuah(doc.get("jumuah"))
        eid = self.eid(doc.get("eid", []))
        return Mosque(name, slug, place, tz, options, published, iqama, jumuah, eid, locale,
                      self.where)

    def wrap(self, key: str, make):
        try:
            return make()
        except InputError as e:
            raise self.fail(key, str(e)) from None

    def place(self, value) -> Place:
        p = self.table("place", value, _PLACE)
        tz = self.string("place.tz", p.get("tz"))
        el = p.get("elevation")
        if el is not None and (isinstance(el, bool) or not isinstance(el, (int, float))
                               or not -500 <= el <= 9000):
            raise self.fail("place.elevation", f"got {el!r}; allowed: metres -500 to 9000")
        if "city" in p:
            if "lat" in p or "lon" in p:
                raise self.fail("place", "give either city or lat and lon, not both")
            city = self.string("place.city", p["city"], required=True)
            found = self.wrap("place.city", lambda: _find_city(city, p.get("country")))
            return dataclasses.replace(found, tz=tz or found.tz,
                                       elevation=found.elevation if el is None else float(el))
        for k, lo, hi in (("lat", -90, 90), ("lon", -180, 180)):
            v = p.get(k)
            if isinstance(v, bool) or not isinstance(v, (int, float)) or not lo <= v <= hi:
                raise self.fail(f"place.{k}", f"got {v!r}; allowed: degrees {lo} to {hi}"
                                              f"{' (or give city)' if v is None else ''}")
        return Place("", float(p["lat"]), float(p["lon"]), tz,
                     None if el is None else float(el))

    def times(self, value, place: Place, tz) -> tuple[dict, PublishedTimetable | None]:
        t = self.table("times", value, _TIMES)
        given: dict = {"method": None}
        if t.get("method") is not None:
            name = self.string("times.method", t["method"], required=True)
            given["method"] = self.wrap("times.method", lambda: get_method(name))
        for k in ("asr", "high_latitude", "rounding", "adjustments"):
            if k in t:
                given[k] = t[k]
        # the one rule of precedence: given > the place's own (elevation, method) > default
        opts = merge_place_options(dataclasses.replace(place, tz=None), given)
        # check each option on one day, so that a bad value names its own key
        for k in ("asr", "high_latitude", "rounding", "adjustments"):
            if k in opts:
                self.wrap(f"times.{k}", lambda k=k: times_for(
                    place.lat, place.lon, "2026-01-01", tz=tz, **{k: opts[k]}))
        hours = t.get("hours", 24)
        if hours not in (12, 24) or isinstance(hours, bool):
            raise self.fail("times.hours", f"got {hours!r}; allowed: 24, 12")
        dst = t.get("dst", "local")
        if dst not in ("local", "standard"):
            raise self.fail("times.dst", f"got {dst!r}; allowed: 'local', 'standard'")
        files = t.get("published")
        if files is None:
            return opts, None
        if isinstance(files, str):
            files = [files]
        if not isinstance(files, list) or not files or \
                not all(isinstance(f, str) and f.strip() for f in files):
            raise self.fail("times.published", f"got {files!r}; allowed: a file name or a "
                                               f"list of file names (CSV or JSON)")
        paths = [self.base / f for f in files]
        extra = {}
        for k in ("columns", "select"):
            if k in t:
                extra[k] = self.table(f"times.{k}", t[k], tuple(t[k]) if isinstance(
                    t[k], Mapping) else ())
                if not all(isinstance(v, str) for v in extra[k].values()):
                    raise self.fail(f"times.{k}", "allowed: a table of column name = text")
        pub = self.wrap("times.published", lambda: PublishedTimetable.read(
            *paths, tz=tz, hours=hours, dst=dst, **extra))
        return opts, pub

    def rule(self, key: str, prayer: str, spec: Mapping, inherit: Mapping,
             **fixed) -> IqamaRule:
        kw = {k: v for k, v in inherit.items() if k not in _MODES}
        if not any(m in spec for m in _MODES):
            kw.update({k: v for k, v in inherit.items() if k in _MODES})
        kw.update(spec)
        kw.update(fixed)
        return self.wrap(key, lambda: IqamaRule(prayer, **kw))

    def iqama(self, value) -> list[IqamaRule]:
        allowed = ("step",) + IQAMA_NAMES
        iq = self.table("iqama", value, allowed)
        step = iq.get("step", 0)
        if isinstance(step, bool) or not isinstance(step, int) or not 0 <= step <= 60:
            raise self.fail("iqama.step", f"got {step!r}; allowed: whole minutes 0 to 60")
        rules = []
        for prayer in IQAMA_NAMES:
            if prayer not in iq:
                continue
            key = f"iqama.{prayer}"
            spec = self.table(key, iq[prayer], _RULE + ("ramadan", "changes"))
            base = {k: v for k, v in spec.items() if k not in ("ramadan", "changes")}
            base.setdefault("step", step)
            if prayer == "taraweeh":
                rules.append(self.rule(key, prayer, base, {}, ramadan=True))
            elif any(m in base for m in _MODES):
                rules.append(self.rule(key, prayer, base, {}))
            elif "changes" not in spec:
                raise self.fail(key, "give one of after (minutes), at (HH:MM), table "
                                     "(true), none (true)")
            if "ramadan" in spec:
                sub = self.table(f"{key}.ramadan", spec["ramadan"], _RULE)
                rules.append(self.rule(f"{key}.ramadan", prayer, sub, base, ramadan=True))
            changes = spec.get("changes", [])
            if not isinstance(changes, list):
                raise self.fail(f"{key}.changes", "allowed: an array of tables "
                                                  "([[iqama.<prayer>.changes]])")
            for i, ch in enumerate(changes):
                ck = f"{key}.changes[{i}]"
                c = dict(self.table(ck, ch, _RULE + ("from", "until")))
                if "from" not in c and "start" not in c:
                    raise self.fail(ck, "from: missing; allowed: a date such as 2026-12-05")
                c.setdefault("start", c.pop("from", None))
                if "until" in c:
                    c["end"] = c.pop("until")
                rules.append(self.rule(ck, prayer, c, base))
        return rules

    def jumuah(self, value) -> tuple[JumuahRule, ...]:
        if value is None:
            return ()
        j = self.table("jumuah", value, ("times", "step", "changes"))
        out = []
        if "times" in j:
            out.append(self.wrap("jumuah", lambda: JumuahRule(tuple(j["times"]) if
                                 isinstance(j["times"], list) else j["times"],
                                 j.get("step", 0))))
        changes = j.get("changes", [])
        if not isinstance(changes, list):
            raise self.fail("jumuah.changes", "allowed: an array of tables "
                                              "([[jumuah.changes]])")
        for i, ch in enumerate(changes):
            ck = f"jumuah.changes[{i}]"
            c = self.table(ck, ch, ("times", "step", "from", "until"))
            if "from" not in c or "times" not in c:
                raise self.fail(ck, "allowed: from (a date) and times")
            times = tuple(c["times"]) if isinstance(c["times"], list) else c["times"]
            out.append(self.wrap(ck, lambda c=c, times=times: JumuahRule(
                times, c.get("step", j.get("step", 0)), c["from"], c.get("until"))))
        if not out:
            raise self.fail("jumuah", "times: missing; allowed: 1 to 6 times, each HH:MM "
                                      "or minutes after Dhuhr")
        return tuple(out)

    def eid(self, value) -> tuple[EidPrayer, ...]:
        if not isinstance(value, list):
            raise self.fail("eid", "allowed: an array of tables ([[eid]]) with name, date, "
                                   "times")
        out = []
        for i, e in enumerate(value):
            k = f"eid[{i}]"
            t = self.table(k, e, ("name", "date", "times"))
            times = tuple(t["times"]) if isinstance(t.get("times"), list) else t.get("times")
            out.append(self.wrap(k, lambda t=t, times=times: EidPrayer(
                t.get("name"), t.get("date"), times if times is not None else ())))
        return tuple(out)


def _find_city(name: str, country: str | None) -> Place:
    """A city from the gazetteer (:func:`salat.find_place`)."""
    return places.find_place(name, country=country)
