"""Published timetables: a mosque's or an authority's own times, read as data.

    >>> import salat
    >>> pub = salat.PublishedTimetable.read("paris-2026-03.csv", tz="Europe/Paris")
    >>> t, sources = pub.apply(salat.times_for(48.8566, 2.3522, "2026-03-01"))
    >>> sources["fajr"]                      # 'published' on the table's dates
    >>> tt = pub.table(48.8566, 2.3522, year=2026)   # calculated where not covered

A table is read from CSV (one file per year or per month) or JSON. Times are
the local clock of the place (``tz``). On the dates the table covers its
times replace the calculated ones; everywhere else the calculation stands,
and every time says which it is (``"published"`` or ``"calculated"``).

CSV: a header row, then one row per date, comma or semicolon separated.

* The date: a ``date`` column holding ISO ``2026-03-01`` or day/month/year
  ``01/03/2026`` (also ``1.3.2026``, ``01-03-2026``; day first, never
  month first), or a bare day of the month (Mawaqit's month files:
  ``Day,Fajr,Shuruk,Duhr,Asr,Maghrib,Isha``), with the month from a
  ``month`` column, the ``month=`` argument or the file name (``03.csv``,
  ``paris-2026-03.csv``, ``march.csv``, ``2026 février.csv``) and the year
  from ``year=`` or the file name.
* Times: any of imsak, fajr, sunrise, dhuhr, asr, maghrib, isha under their
  usual names in several languages (``Shuruk``, ``Duhr``, ``Zuhr``,
  ``Subuh``, ``Isyak``, ``Fajr Begins``...); a column whose name adds
  *jamaat*, *jama'ah*, *iqama(h)* or *congregation* holds that prayer's iqama
  (``Fajr Jamaat``, ``isha_iqama``); ``Jumuah``/``Jummah 1`` .. ``6`` hold
  Friday prayers. An iqama cell may be ``+10`` (minutes after the adhan, as in
  Mawaqit's iqama calendar). Other columns (Hijri date, weekday, a second Asr) are
  ignored. ``HH:MM`` or ``HH:MM:SS``, ``05h30``, ``5:30 pm``; tables printed
  in 12-hour time without am/pm read with ``hours=12`` (a time earlier than
  the one before it in the day is in the afternoon).

JSON: ``{"tz": ..., "days": [{"date": ..., "fajr": ..., ...}]}`` (the form of
``tests/data/official``; ``lat``, ``lon``, ``elevation_m`` and a fixed
``utc_offset`` are read when present), a list of such day objects, or an
object keyed by date; the keys are read like CSV column names, and a day may
hold ``"iqama": {"fajr": ...}``.

Checks: a row that cannot be read is an :class:`salat.InputError` naming the
file, line and column; so is a day whose times are out of day order (imsak <=
fajr < sunrise < dhuhr < asr < maghrib < isha, each iqama not before its
adhan), a date given twice, or a time the clock skipped.

Clock changes: a published time is a wall-clock time on its date. In the
hour a clock change repeats (autumn) the first of the two instants is taken
(daylight time); a time in the hour a change skips (spring) is refused. A
table kept in standard time all year (as Mawaqit asks mosques to enter
times) reads with ``dst="standard"``: the daylight-saving shift is then added
on the dates it applies.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as _dt
import io
import json
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import numpy as np

from .inputs import InputError, InputTypeError, fold, one_date
from .names import TIME_NAMES
from .tables import Timetable, table as _table
from .times import PrayerTimes
from .timezones import resolve_tz, tz_name

__all__ = ["PublishedTimetable", "PublishedTable", "PUBLISHED", "CALCULATED",
           "PUBLISHED_TIMES", "IQAMA_PRAYERS", "localize_wall", "parse_clock"]

#: The two sources a time can have.
PUBLISHED, CALCULATED = "published", "calculated"
#: The times a published table may give, in day order.
PUBLISHED_TIMES = ("imsak", "fajr", "sunrise", "dhuhr", "asr", "maghrib", "isha")
#: The prayers that can have an iqama.
IQAMA_PRAYERS = ("fajr", "dhuhr", "asr", "maghrib", "isha")
#: Most Friday prayers a row may list.
MAX_JUMUAH = 6

_ALIASES = {
    "imsak": ("imsak", "imsaak", "sehri", "sehr", "suhoor", "suhur", "sahur", "imsakiyah"),
    "fajr": ("fajr", "fajar", "fadjr", "fadjer", "fajer", "subuh", "subh", "sobh",
             "sabah", "fecr"),
    "sunrise": ("sunrise", "shuruk", "shurooq", "shuruq", "shorouk", "chourouk", "chorouk",
                "syuruk", "terbit", "gunes", "ishraq", "shurook"),
    "dhuhr": ("dhuhr", "duhr", "zuhr", "zohr", "zuhur", "zohor", "dhur", "thuhr", "luhr",
              "dzuhur", "zuhar", "ogle", "dohr", "dhohr", "zawal_dhuhr"),
    "asr": ("asr", "asar", "ashar", "ikindi", "asr1"),
    "maghrib": ("maghrib", "magrib", "maghreb", "aksam", "iftar", "magreb"),
    "isha": ("isha", "ishaa", "esha", "isya", "isyak", "yatsi", "ichaa", "icha", "isha1"),
    "jumuah": ("jumuah", "jumua", "jummah", "jumma", "jumah", "juma", "jumaa", "jumaah",
               "friday", "khutbah", "jumu"),
}
_NAME_OF = {alias: name for name, aliases in _ALIASES.items() for alias in aliases}
_IQAMA_WORDS = {"iqama", "iqamah", "iqamat", "jamaat", "jamaah", "jamat", "jama", "jamah",
                "jamaa", "congregation", "ikamah", "jamaah1", "jamat1", "first"}
_BEGIN_WORDS = {"begins", "begin", "start", "starts", "adhan", "azan", "athan", "adhaan",
                "time", "beginning", "mithl", "1"}
_DATE_WORDS = {"date", "gregorian", "datum", "tarih", "tanggal", "tarikh", "fecha", "data"}
_DAY_WORDS = {"day", "jour", "dag", "tag", "gun", "dia", "hari", "d"}
_MONTH_WORDS = {"month", "mois", "monat", "ay", "bulan", "mes", "m"}


# ---------------------------------------------------------------- small readers

def _fold(text: str) -> str:
    """:func:`salat.inputs.fold`, apostrophes dropped and other punctuation a space
    (``"Fajr Jama'ah"`` -> ``"fajr jamaah"``).
    """
    text = re.sub(r"['\u2018\u2019\u02bb\u02bc\u02be\u02bf`\u00b4]", "", str(text))
    return " ".join(re.sub(r"[^a-z0-9]+", " ", fold(text)).split())


def _column(header: str) -> tuple[str, str] | None:
    """``(kind, name)`` of a header: ``("time", "fajr")``, ``("iqama", "fajr")``,
    ``("jumuah", "1")``, ``("date", "")``, ``("day", "")``, ``("month", "")``,
    or None for a column salat does not read.
    """
    words = _fold(header).split()
    if not words:
        return None
    joined = "".join(words)
    if joined in _DATE_WORDS or words[0] in _DATE_WORDS:
        return "date", ""
    if joined in _DAY_WORDS:
        return "day", ""
    if joined in _MONTH_WORDS:
        return "month", ""
    name = _NAME_OF.get(words[0]) or _NAME_OF.get(joined)
    if name is None and len(words) > 1:
        name = _NAME_OF.get(words[0] + words[1])
    if name is None:
        return None
    rest = words[1:]
    if name == "jumuah":
        n = next((w for w in rest if w.isdigit()), "1")
        return ("jumuah", n) if 1 <= int(n) <= MAX_JUMUAH else None
    if any(w in _IQAMA_WORDS for w in rest):
        return ("iqama", name) if name in IQAMA_PRAYERS else None
    if rest and not all(w in _BEGIN_WORDS for w in rest):
        return None             # "Asr Mithl 2", "Asr Hanafi", "Isha Second Jamat", ...
    return "time", name


_CLOCK = re.compile(r"^\s*(\d{1,2})\s*[:h.]\s*(\d{2})(?:\s*[:.]\s*(\d{2}))?\s*"
                    r"(am|pm|a\.m\.|p\.m\.)?\s*$", re.IGNORECASE)


def parse_clock(text: str) -> tuple[_dt.time, str | None]:
    """``"05:30"``, ``"5:30:15"``, ``"05h30"``, ``"5:30 pm"`` -> ``(time, "am" | "pm" |
    None)``; raises ``ValueError`` for anything else.
    """
    m = _CLOCK.match(text)
    if not m:
        raise ValueError(text)
    h, mi, s = int(m.group(1)), int(m.group(2)), int(m.group(3) or 0)
    half = m.group(4).lower().replace(".", "") if m.group(4) else None
    if half is not None:
        if not 1 <= h <= 12:
            raise ValueError(text)
        h = h % 12 + (12 if half == "pm" else 0)
    if h > 23 or mi > 59 or s > 59:
        raise ValueError(text)
    return _dt.time(h, mi, s), half


_PLUS = re.compile(r"^\+\s*(\d{1,3})$")
_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")
_DMY = re.compile(r"^\s*(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})\s*$")
_BARE_DAY = re.compile(r"^\s*(\d{1,2})\s*$")


def localize_wall(tz: _dt.tzinfo, naive: _dt.datetime) -> _dt.datetime | None:
    """The aware datetime a wall clock in ``tz`` shows as ``naive``: in a repeated
    hour the first instant (daylight time); ``None`` in a skipped hour.
    """
    if hasattr(tz, "localize"):                       # pytz
        import pytz
        try:
            return tz.localize(naive, is_dst=None)
        except pytz.AmbiguousTimeError:
            return tz.localize(naive, is_dst=True)
        except pytz.NonExistentTimeError:
            return None
    aware = naive.replace(tzinfo=tz, fold=0)
    back = aware.astimezone(_dt.timezone.utc).astimezone(tz).replace(tzinfo=None)
    return aware if back == naive else None


def _standard_to_wall(tz: _dt.tzinfo, naive: _dt.datetime) -> _dt.datetime:
    """A time given in the zone's standard time (no daylight saving), as the
    aware instant on the zone's clock of that date.
    """
    noon = localize_wall(tz, naive.replace(hour=12, minute=0, second=0))
    std = noon.utcoffset() - (noon.dst() or _dt.timedelta(0))
    return _in_tz((naive - std).replace(tzinfo=_dt.timezone.utc), tz)


# ---------------------------------------------------------------- one day

@dataclasses.dataclass(frozen=True)
class _Day:
    """The published times of one date (aware datetimes)."""

    times: Mapping[str, _dt.datetime]
    iqama: Mapping[str, _dt.datetime]
    jumuah: tuple[_dt.datetime, ...]
    where: str                                    # "file, line N" for messages


def _merge(a: _Day, b: _Day, d: _dt.date) -> _Day:
    """One date's rows from two files that give different times (e.g. the adhan
    in one file, the iqama in another); the same time twice is refused.
    """
    if set(a.times) & set(b.times) or set(a.iqama) & set(b.iqama) or \
            (a.jumuah and b.jumuah):
        raise InputError(f"{b.where}: date {d.isoformat()} is given twice (also {a.where})")
    times, iqama = {**a.times, **b.times}, {**a.iqama, **b.iqama}
    for name, when in iqama.items():
        if name in times and when < times[name]:
            raise InputError(f"{b.where}: {name} iqama {when:%H:%M} is before its adhan "
                             f"{times[name]:%H:%M} ({a.where})")
    return _Day(times, iqama, a.jumuah or b.jumuah, a.where)


class PublishedTimetable:
    """A published timetable: per date, the adhan times it gives, and the
    iqama and Friday times where it has them.

    Build one with :meth:`read` (CSV or JSON files) or :meth:`from_days`.

    Attributes
    ----------
    tz : tzinfo
        The clock the times are on.
    files : tuple of str
        Where the table was read from.
    latitude, longitude, elevation, name : optional
        The place, when the file says (JSON of ``tests/data/official``).
    """

    def __init__(self, days: Mapping[_dt.date, _Day], tz: _dt.tzinfo, *,
                 files: Sequence[str] = (), latitude: float | None = None,
                 longitude: float | None = None, elevation: float | None = None,
                 name: str | None = None):
        self._days = dict(sorted(days.items()))
        self.tz = tz
        self.files = tuple(files)
        self.latitude, self.longitude, self.elevation = latitude, longitude, elevation
        self.name = name

    # -- reading
    @classmethod
    def read(cls, *paths: str | os.PathLike, tz=None, year: int | None = None,
             month: int | None = None, hours: int = 24, dst: str = "local",
             columns: Mapping[str, str] | None = None,
             select: Mapping[str, str] | None = None) -> PublishedTimetable:
        """Read one or more CSV or JSON files (by suffix) into one table.

        Parameters
        ----------
        *paths : path
            CSV (``.csv``, ``.txt``) or JSON (``.json``) files; two files may give
            the same date only with different times (say, the adhan in one and
            the iqama in the other).
        tz : str or tzinfo, optional
            The table's clock (IANA name); required unless a JSON file names it.
        year, month : int, optional
            For rows that give only the day of the month (else from the file
            name or a ``month`` column).
        hours : {24, 12}
            12: times printed without am/pm in 12-hour time.
        dst : {"local", "standard"}
            "standard": the times are in standard time all year.
        columns : mapping, optional
            Column name -> meaning, overriding the names salat recognises, e.g.
            ``{"İmsak": "fajr"}`` (Diyanet's "imsak" column is Fajr) or
            ``{"Notes": "ignore"}``; a meaning is a time, ``"<prayer>_iqama"``,
            ``"jumuah_<n>"``, ``"date"``, ``"day"``, ``"month"`` or ``"ignore"``.
        select : mapping, optional
            Keep only the rows whose columns hold these values, e.g.
            ``{"zone": "WLY01"}`` in a file of many places.

        A ``.gz`` suffix (``table.csv.gz``) is read through gzip.
        """
        if not paths:
            raise InputError("PublishedTimetable.read: no files given")
        if hours not in (12, 24):
            raise InputError(f"hours: got {hours!r}; allowed: 24, 12")
        if dst not in ("local", "standard"):
            raise InputError(f"dst: got {dst!r}; allowed: 'local', 'standard'")
        over = _overrides(columns)
        days: dict = {}
        meta: dict = {}
        zone = None if tz is None else resolve_tz(tz)
        for p in paths:
            path = Path(p)
            try:
                text = _read_text(path)
            except FileNotFoundError:
                raise InputError(f"published timetable: no such file {str(path)!r}") from None
            except UnicodeDecodeError as e:
                raise InputError(f"{path}: not UTF-8 text ({e.reason} at byte {e.start})") \
                    from None
            if _suffix(path) == ".json":
                rows, info = _json_rows(text, str(path))
                if info.get("tz") and zone is None:
                    zone = resolve_tz(info["tz"])
                for k in ("latitude", "longitude", "elevation", "name"):
                    meta.setdefault(k, info.get(k))
                offset = info.get("utc_offset")
            else:
                rows, offset = _csv_rows(text, str(path)), None
            if select:
                rows = _selected(rows, select, str(path))
            if zone is None:
                raise InputError(f"{path}: tz: the table's time zone is not given; pass "
                                 f"tz='Area/City' (an IANA name)")
            clock = zone if offset is None else offset
            ym = _year_month(path, year, month)
            for day in _days(rows, clock, ym, hours, dst, over, str(path)):
                d, parsed = day
                if d in days:
                    parsed = _merge(days[d], parsed, d)
                days[d] = parsed
        if not days:
            raise InputError(f"{', '.join(map(str, paths))}: no dated rows")
        return cls(days, zone, files=[str(p) for p in paths], **meta)

    @classmethod
    def from_days(cls, days: Mapping, tz, *, hours: int = 24, name: str | None = None,
                  latitude: float | None = None, longitude: float | None = None,
                  elevation: float | None = None) -> PublishedTimetable:
        """A table from ``{date: {"fajr": "05:30", "fajr_iqama": "06:00", ...}}``
        (the keys read like CSV column names; times ``HH:MM`` local).
        """
        zone = resolve_tz(tz)
        rows = [{"date": d.isoformat() if isinstance(d, _dt.date) else str(d), **dict(v)}
                for d, v in days.items()]
        out = dict(_days([(i + 1, r) for i, r in enumerate(rows)], zone, (None, None),
                         hours, "local", {}, "days"))
        return cls(out, zone, files=(), name=name, latitude=latitude, longitude=longitude,
                   elevation=elevation)

    # -- access
    @property
    def dates(self) -> list[_dt.date]:
        """The dates the table covers, in order."""
        return list(self._days)

    @property
    def first(self) -> _dt.date:
        """The first date covered."""
        return next(iter(self._days))

    @property
    def last(self) -> _dt.date:
        """The last date covered."""
        return next(reversed(self._days))

    def __len__(self) -> int:
        return len(self._days)

    def __contains__(self, day) -> bool:
        return _as_date(day) in self._days

    def __repr__(self) -> str:
        return (f"<PublishedTimetable {len(self)} days {self.first}..{self.last}, "
                f"{tz_name(self.tz)}>")

    def times(self, day) -> dict[str, _dt.datetime]:
        """The published adhan times of a date (empty where not covered)."""
        d = self._days.get(_as_date(day))
        return {} if d is None else dict(d.times)

    def iqama(self, day) -> dict[str, _dt.datetime]:
        """The published iqama times of a date (empty where none)."""
        d = self._days.get(_as_date(day))
        return {} if d is None else dict(d.iqama)

    def jumuah(self, day) -> list[_dt.datetime]:
        """The Friday prayer times the row of a date lists (empty where none)."""
        d = self._days.get(_as_date(day))
        return [] if d is None else list(d.jumuah)

    def apply(self, calculated: PrayerTimes) -> tuple[PrayerTimes, dict[str, str]]:
        """``calculated`` with the published times of its date put in, and the
        source of each of its ten times (``"published"`` or ``"calculated"``).
        """
        day = self._days.get(calculated.date)
        if day is None or not day.times:
            return calculated, dict.fromkeys(TIME_NAMES, CALCULATED)
        tz = calculated.tz
        swap = {}
        for name, when in day.times.items():
            swap[name] = when if when.tzinfo is tz else _in_tz(when, tz)
        adjusted = {k: v for k, v in calculated.adjusted.items() if k not in swap}
        if "maghrib" in swap and calculated.sunset is not None \
                and calculated.sunset > swap["maghrib"]:
            swap["sunset"] = swap["maghrib"]       # keep the day in order
        out = dataclasses.replace(calculated, adjusted=adjusted, **swap)
        sources = {n: PUBLISHED if n in day.times else CALCULATED for n in TIME_NAMES}
        return out, sources

    def table(self, lat=None, lon=None, start=None, end=None, *, year: int | None = None,
              **kw) -> PublishedTable:
        """:func:`salat.table` for one place (default: the table's own, if it
        has one) with the published times on the dates covered: a
        :class:`PublishedTable`, whose ``sources`` say which times are
        published. Default dates: the dates the table covers. ``tz`` is the
        table's own unless given.
        """
        lat = self.latitude if lat is None else lat
        lon = self.longitude if lon is None else lon
        if lat is None or lon is None:
            raise InputError("PublishedTimetable.table: lat and lon: not given and the "
                             "table has no place of its own")
        if start is None and year is None:
            start, end = self.first, self.last
        kw.setdefault("tz", self.tz)
        if np.ndim(lat) or np.ndim(lon):
            raise InputTypeError("PublishedTimetable.table takes one place")
        calc = _table(lat, lon, start, end, year=year, **kw)
        return PublishedTable.overlay(calc, self)


def _suffix(path: Path) -> str:
    """The file's type suffix, under a ``.gz``."""
    suffixes = [x.lower() for x in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    return suffixes[-1] if suffixes else ""


def _read_text(path: Path) -> str:
    if path.suffix.lower() == ".gz":
        import gzip
        with gzip.open(path, "rt", encoding="utf-8-sig", newline="") as f:
            return f.read()
    return path.read_text(encoding="utf-8-sig")


def _selected(rows: list, select: Mapping, where: str) -> list:
    """The header and the rows whose cells equal ``select``'s values."""
    header = rows[0][1]
    for k in select:
        if k not in header:
            raise InputError(f"{where}, line 1: select: no column {k!r}; columns: "
                             f"{', '.join(header)}")
    keep = [r for r in rows[1:] if all(str(r[1].get(k, "")).strip() == str(v)
                                       for k, v in select.items())]
    if not keep:
        raise InputError(f"{where}: select: no rows with "
                         f"{', '.join(f'{k}={v!r}' for k, v in select.items())}")
    return [rows[0]] + keep


def _in_tz(when: _dt.datetime, tz: _dt.tzinfo) -> _dt.datetime:
    out = when.astimezone(tz)
    return tz.normalize(out) if hasattr(tz, "normalize") else out


def _as_date(day) -> _dt.date:
    """A date from a date, a datetime (its own date), ISO text or datetime64."""
    return day.date() if isinstance(day, _dt.datetime) else one_date(day)


# ---------------------------------------------------------------- files to rows

def _overrides(columns) -> dict:
    if columns is None:
        return {}
    if not isinstance(columns, Mapping):
        raise InputTypeError(f"columns must be a mapping of column name -> meaning, got "
                             f"{type(columns).__name__}")
    allowed = (list(PUBLISHED_TIMES) + [f"{p}_iqama" for p in IQAMA_PRAYERS]
               + [f"jumuah_{i}" for i in range(1, MAX_JUMUAH + 1)]
               + ["date", "day", "month", "ignore"])
    out = {}
    for k, v in columns.items():
        if v not in allowed:
            raise InputError(f"columns[{k!r}]: got {v!r}; allowed: {', '.join(allowed)}")
        if v == "ignore":
            out[_fold(k)] = None
        elif v.endswith("_iqama"):
            out[_fold(k)] = ("iqama", v[:-6])
        elif v.startswith("jumuah_"):
            out[_fold(k)] = ("jumuah", v[7:])
        elif v in ("date", "day", "month"):
            out[_fold(k)] = (v, "")
        else:
            out[_fold(k)] = ("time", v)
    return out


def _csv_rows(text: str, where: str) -> list[tuple[int, dict]]:
    """``[(line, {header: cell})]`` of a CSV text (comma, semicolon or tab)."""
    first = text.split("\n", 1)[0]
    delim = max((",", ";", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim)
    try:
        header = next(reader)
    except StopIteration:
        raise InputError(f"{where}: empty file; expected a header row such as "
                         f"Date,Fajr,Sunrise,Dhuhr,Asr,Maghrib,Isha") from None
    header = [h.strip() for h in header]
    rows = []
    for cells in reader:
        if not any(c.strip() for c in cells):
            continue
        line = reader.line_num
        if len(cells) > len(header) and any(c.strip() for c in cells[len(header):]):
            raise InputError(f"{where}, line {line}: {len(cells)} cells for {len(header)} "
                             f"columns")
        rows.append((line, {h: c for h, c in zip(header, cells)}))
    rows.insert(0, (1, {h: h for h in header}))       # the header, for column checks
    return rows


def _json_rows(text: str, where: str) -> tuple[list[tuple[int, dict]], dict]:
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as e:
        raise InputError(f"{where}, line {e.lineno}: not JSON ({e.msg})") from None
    info: dict = {}
    if isinstance(doc, dict) and "days" in doc:
        days = doc["days"]
        info = {"tz": doc.get("tz"), "latitude": doc.get("lat", doc.get("latitude")),
                "longitude": doc.get("lon", doc.get("longitude")),
                "elevation": doc.get("elevation_m", doc.get("elevation")),
                "name": doc.get("city") or doc.get("name")}
        off = doc.get("utc_offset")
        if off:
            info["utc_offset"] = _fixed_offset(off, where)
    elif isinstance(doc, dict):
        days = [v if not isinstance(v, dict) or any(_column(c) == ("date", "") for c in v)
                else {"date": k, **v} for k, v in doc.items()]
    else:
        days = doc
    if not isinstance(days, list):
        raise InputError(f"{where}: days: expected a list of day objects, got "
                         f"{type(days).__name__}")
    rows = []
    header: dict = {}
    for i, d in enumerate(days):
        if not isinstance(d, dict):
            raise InputError(f"{where}, day {i + 1}: expected an object with date and "
                             f"times, got {type(d).__name__}")
        flat = {k: v for k, v in d.items() if k != "iqama"}
        if isinstance(d.get("iqama"), dict):
            flat.update({f"{k} iqama": v for k, v in d["iqama"].items()})
        rows.append((i + 1, flat))
        header.update({k: k for k in flat})
    rows.insert(0, (0, header))
    return rows, info


def _fixed_offset(text: str, where: str) -> _dt.timezone:
    m = re.match(r"^([+-])(\d{2}):?(\d{2})$", str(text).strip())
    if not m:
        raise InputError(f"{where}: utc_offset: got {text!r}; allowed: +HH:MM")
    sign = -1 if m.group(1) == "-" else 1
    return _dt.timezone(sign * _dt.timedelta(hours=int(m.group(2)), minutes=int(m.group(3))))


def _year_month(path: Path, year, month) -> tuple[int | None, int | None]:
    """The year and month a file of bare days is for: given, else from its name."""
    stem = path.stem
    y = m = None
    hit = re.search(r"(?<!\d)(\d{4})[-_.]?(\d{2})(?!\d)", stem)
    if hit and 1 <= int(hit.group(2)) <= 12:
        y, m = int(hit.group(1)), int(hit.group(2))
    else:
        four = re.search(r"(?<!\d)(\d{4})(?!\d)", stem)
        y = int(four.group(1)) if four else None
        rest = re.sub(r"(?<!\d)\d{4}(?!\d)", "", stem)
        nums = [int(n) for n in re.findall(r"(?<!\d)(\d{1,2})(?!\d)", rest)]
        months = [n for n in nums if 1 <= n <= 12]
        m = months[-1] if len(months) == 1 else None
        if m is None:
            named = {_MONTH_NAMES[w] for w in _fold(stem).split() if w in _MONTH_NAMES}
            m = named.pop() if len(named) == 1 else None
    return (year if year is not None else y), (month if month is not None else m)


#: Month names a file of bare days may be named by (English, French; folded).
_MONTH_NAMES = {name: i + 1 for names in (
    ("january", "february", "march", "april", "may", "june", "july", "august",
     "september", "october", "november", "december"),
    ("janvier", "fevrier", "mars", "avril", "mai", "juin", "juillet", "aout", "septembre",
     "octobre", "novembre", "decembre"),
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"))
    for i, name in enumerate(names)}


# ---------------------------------------------------------------- rows to days

def _kinds(header: dict, over: dict, where: str) -> dict:
    """Header -> ``(kind, name)`` for the columns salat reads, checked."""
    kinds: dict = {}
    for h in header:
        key = _fold(h)
        kind = over[key] if key in over else _column(h)
        if kind is not None:
            kinds[h] = kind
    named = set(kinds.values())
    if not any(k[0] in ("time", "iqama") for k in named):
        raise InputError(f"{where}, line 1: no time columns among {', '.join(header)}; "
                         f"expected e.g. Date,Fajr,Sunrise,Dhuhr,Asr,Maghrib,Isha")
    if not any(k[0] in ("date", "day") for k in named):
        raise InputError(f"{where}, line 1: no date column among {', '.join(header)}; "
                         f"expected 'Date' (YYYY-MM-DD or DD/MM/YYYY) or 'Day'")
    seen: dict = {}
    for h, k in kinds.items():
        if k in seen:
            raise InputError(f"{where}, line 1: columns {seen[k]!r} and {h!r} both give "
                             f"{k[1] or k[0]}{' iqama' if k[0] == 'iqama' else ''}")
        seen[k] = h
    return kinds


def _cells(row: dict, kinds: dict, at: str) -> list:
    """The row's times in day order: ``[order, kind, name, column, time, am/pm]``."""
    order = _day_order()
    naive: list = []
    for h, (kind, name) in kinds.items():
        if kind not in ("time", "iqama", "jumuah"):
            continue
        cell = row.get(h)
        cell = "" if cell is None else str(cell).strip()
        if cell in ("", "-", "--", "--:--"):
            continue
        plus = _PLUS.match(cell) if kind == "iqama" else None
        if plus:                          # Mawaqit's "+10": minutes after the adhan
            naive.append([order[(kind, name)], "after", name, h, int(plus.group(1)), None])
            continue
        try:
            t, half = parse_clock(cell)
        except ValueError:
            raise InputError(f"{at}, column {h!r}: got {cell!r}; allowed: HH:MM "
                             f"(24-hour), HH:MM:SS or H:MM am/pm") from None
        naive.append([order[(kind, name)], kind, name, h, t, half])
    naive.sort(key=lambda x: x[0])
    return naive


def _days(rows, clock: _dt.tzinfo, ym, hours: int, dst: str, over: dict,
          where: str) -> Iterable[tuple[_dt.date, _Day]]:
    """Check and convert rows: yields ``(date, _Day)``."""
    (_, header), body = rows[0], rows[1:]
    kinds = _kinds(header, over, where)
    for line, row in body:
        at = f"{where}, line {line}"
        d = _row_date(row, kinds, ym, at)
        naive = _cells(row, kinds, at)
        if hours == 12:
            _afternoons(naive)
        found: dict = {"time": {}, "iqama": {}, "jumuah": {}}
        steady = _steady_clock(clock, d) if dst == "local" else None
        for _, kind, name, h, t, _half in naive:
            if kind == "after":
                if name not in found["time"]:
                    raise InputError(f"{at}, column {h!r}: '+{t}' (minutes after the adhan) "
                                     f"but the row gives no {name} adhan")
                found["iqama"][name] = found["time"][name] + _dt.timedelta(minutes=t)
                continue
            wall = _dt.datetime.combine(d, t)
            if steady is not None:        # no clock change that day: one offset for all
                aware = wall.replace(tzinfo=steady)
            elif dst == "standard":
                aware = _standard_to_wall(clock, wall)
            else:
                aware = localize_wall(clock, wall)
            if aware is None:
                raise InputError(f"{at}, column {h!r}: {t:%H:%M} did not occur on "
                                 f"{d.isoformat()} in {tz_name(clock)} (the clocks "
                                 f"skipped it); give the time the clock showed")
            found[kind][name] = aware
        _check_order(found["time"], found["iqama"], naive, at)
        yield d, _Day(found["time"], found["iqama"], tuple(sorted(found["jumuah"].values())),
                      at)


def _steady_clock(tz: _dt.tzinfo, d: _dt.date) -> _dt.tzinfo | None:
    """The tzinfo that holds all day on ``d`` if its clock does not change that day
    (for pytz the period's own tzinfo), else None (each time is then localized).
    """
    first = localize_wall(tz, _dt.datetime.combine(d, _dt.time(0, 0)))
    last = localize_wall(tz, _dt.datetime.combine(d, _dt.time(23, 59, 59)))
    if first is None or last is None or first.utcoffset() != last.utcoffset() \
            or first.tzname() != last.tzname():
        return None
    return first.tzinfo if hasattr(tz, "localize") else tz


def _day_order() -> dict:
    """Sort keys: each adhan, then its iqama; Friday prayers beside Dhuhr."""
    order = {}
    for i, name in enumerate(PUBLISHED_TIMES):
        order[("time", name)] = 10 * i
        order[("iqama", name)] = 10 * i + 1
    for n in range(1, MAX_JUMUAH + 1):
        order[("jumuah", str(n))] = 10 * PUBLISHED_TIMES.index("dhuhr") + 2
    return order


def _afternoons(naive: list) -> None:
    """12-hour times without am/pm: a time before the one before it is p.m."""
    prev = None
    for item in naive:
        t, half = item[4], item[5]
        if item[1] == "after":
            continue
        if item[1] == "jumuah":
            if half is None and t.hour < 12 and t.hour < 9:
                item[4] = t.replace(hour=t.hour + 12)
            continue
        if half is None and prev is not None and t < prev and t.hour < 12:
            t = t.replace(hour=t.hour + 12)
            item[4] = t
        prev = t


def _check_order(times: dict, iqama: dict, naive: list, at: str) -> None:
    col = {(k, n): h for _, k, n, h, _, _ in naive}
    prev_name = None
    for name in PUBLISHED_TIMES:
        if name not in times:
            continue
        if prev_name is not None:
            a, b = times[prev_name], times[name]
            if b < a or (b == a and prev_name != "imsak"):
                raise InputError(f"{at}, column {col[('time', name)]!r}: {name} "
                                 f"{b:%H:%M} is not after {prev_name} {a:%H:%M}; times "
                                 f"must be in day order (imsak, fajr, sunrise, dhuhr, asr, "
                                 f"maghrib, isha) on the row's date")
        prev_name = name
    for name, when in iqama.items():
        adhan = times.get(name)
        if adhan is not None and when < adhan:
            raise InputError(f"{at}, column {col[('iqama', name)]!r}: {name} iqama "
                             f"{when:%H:%M} is before its adhan {adhan:%H:%M}")


def _row_date(row: dict, kinds: dict, ym, at: str) -> _dt.date:
    by_kind = {k[0]: h for h, k in kinds.items() if k[0] in ("date", "day", "month")}
    if "date" in by_kind:
        h = by_kind["date"]
        cell = str(row.get(h, "")).strip()
        d = _parse_date(cell, ym, row, by_kind)
        if d is None:
            raise InputError(f"{at}, column {h!r}: got {cell!r}; allowed: YYYY-MM-DD, "
                             f"DD/MM/YYYY or a day of the month")
        return d
    h = by_kind["day"]
    cell = str(row.get(h, "")).strip()
    d = _parse_date(cell, ym, row, by_kind)
    if d is None:
        raise InputError(f"{at}, column {h!r}: got {cell!r}; allowed: a day of the month "
                         f"(with the month and year from the file name, a month column "
                         f"or year=/month=), YYYY-MM-DD or DD/MM/YYYY")
    return d


def _parse_date(cell: str, ym, row: dict, by_kind: dict) -> _dt.date | None:
    try:
        if m := _ISO.match(cell):
            return _dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if m := _DMY.match(cell):
            return _dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        if m := _BARE_DAY.match(cell):
            year, month = ym
            if "month" in by_kind:
                mc = str(row.get(by_kind["month"], "")).strip()
                month = int(mc) if mc.isdigit() else None
            if year is None or month is None:
                return None
            return _dt.date(year, month, int(m.group(1)))
    except ValueError:
        return None
    return None


# ---------------------------------------------------------------- as a table

class PublishedTable(Timetable):
    """A :class:`salat.Timetable` of one place whose times are published on the
    dates a :class:`PublishedTimetable` covers and calculated elsewhere.

    ``sources`` is a uint8 array shaped like :attr:`utc_seconds` (places,
    dates, len(TIME_NAMES)): 1 where the time is published, 0 where it is
    calculated; the writers of :mod:`salat.exports` read it.
    """

    __slots__ = ()

    @classmethod
    def overlay(cls, calc: Timetable, pub: PublishedTimetable) -> PublishedTable:
        """``calc`` (one place) with ``pub``'s times put in on its dates."""
        utc = np.array(calc.utc_seconds, copy=True)
        offset = np.array(calc.offset_seconds, copy=True)
        flags = np.array(calc.rule_flags, copy=True)
        sources = np.zeros(utc.shape, np.uint8)
        for j, d64 in enumerate(calc.dates):
            times = pub.times(d64.item())
            for name, when in times.items():
                k = TIME_NAMES.index(name)
                utc[0, j, k] = when.timestamp()
                offset[0, j, k] = when.utcoffset().total_seconds()
                flags[0, j, k] = 0
                sources[0, j, k] = 1
            if "maghrib" in times:            # sunset no later than a published Maghrib
                s, m = TIME_NAMES.index("sunset"), TIME_NAMES.index("maghrib")
                if utc[0, j, s] > utc[0, j, m]:
                    utc[0, j, s], offset[0, j, s] = utc[0, j, m], offset[0, j, m]
        return cls(calc.dates, utc, offset, flags, calc.latitude, calc.longitude,
                   calc.elevation, tuple(calc.tzs), calc.methods, calc.names,
                   single=calc.single, sources=sources)

    def source(self, name: str) -> np.ndarray:
        """``"published"`` / ``"calculated"`` for one time on each date (str array)."""
        s = self.sources[..., self._index(name)]
        return self._shape(np.where(s == 1, PUBLISHED, CALCULATED))

