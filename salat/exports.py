"""Writing timetables: CSV, JSON and iCalendar, streamed and atomic.

The writers take an iterable of tables (one, or the chunks that
:func:`salat.tables.table_chunks` yields for many places), so a job over any
number of places keeps one chunk in memory. A table is anything that has what
:class:`TableLike` declares: a computed :class:`salat.Timetable`, or a
published timetable. Cells are formatted as whole numpy byte arrays: no Python
object is made per CSV cell. A path is written under a temporary name and
renamed when complete (:func:`atomic_output`), so an interrupted job never
leaves a truncated file.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as _dt
import hashlib
import io
import json
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import IO, Protocol

import numpy as np

from .inputs import CHUNK_CELLS, InputError
from .names import FIVE_PRAYERS, TIME_NAMES
from .rules import rule_label
from .timezones import tz_name

__all__ = ["write_csv", "write_json", "write_ics", "atomic_output", "export", "TableLike",
           "JSON_FORMAT", "ICS_PRAYERS", "FORMULA_STARTS", "PathOrFile"]

#: The ``format`` tag of :meth:`Timetable.to_json` documents.
JSON_FORMAT = "salat.timetable/1"
#: The times that become iCalendar events by default: the five prayers.
ICS_PRAYERS = FIVE_PRAYERS

PathOrFile = str | os.PathLike | IO


class HasName(Protocol):
    """A calculation method as the writers see it: its name only."""

    name: str


class TableLike(Protocol):
    """What the writers read: :class:`salat.Timetable` has it, so can a published table.

    The arrays are per place (``P``), date (``D``) and time (``len(TIME_NAMES)``).
    """

    #: The dates, ``datetime64[D]``, shape (D,).
    dates: np.ndarray
    #: One name per place; ``None`` for a single place that was given no name.
    names: Sequence[str | None]
    #: Per place, shape (P,): degrees north, degrees east, metres.
    latitude: np.ndarray
    longitude: np.ndarray
    elevation: np.ndarray
    #: Per place: its time zone.
    tzs: Sequence[_dt.tzinfo]
    #: Per place: the calculation method (only ``.name`` is read).
    methods: Sequence[HasName]
    #: One place given as numbers: the CSV has no place columns.
    single: bool
    #: ``None`` when every time is calculated; else uint8 (P, D, T): 0 calculated,
    #: 1 published.
    sources: np.ndarray | None

    @property
    def places(self) -> int:
        """The number of places, P."""

    @property
    def utc_seconds(self) -> np.ndarray:
        """Unix seconds (float), NaN where undefined, shape (P, D, T)."""

    @property
    def offset_seconds(self) -> np.ndarray:
        """The local clock's UTC offset at each time, seconds, shape (P, D, T)."""

    @property
    def rule_flags(self) -> np.ndarray:
        """uint8 bits of :mod:`salat.rules` (zeros for a published table), (P, D, T)."""

    def __len__(self) -> int:
        """The number of dates, D."""


# ---------------------------------------------------------------- writing files

@contextlib.contextmanager
def atomic_output(path: str | os.PathLike, binary: bool = True) -> Iterator[IO]:
    """Open a temporary file beside ``path``; rename it to ``path`` only when
    the block ends normally. On any error or interruption (Ctrl-C, a full disk)
    the temporary file is removed and ``path`` is left as it was.
    """
    target = os.fspath(path)
    folder = os.path.dirname(os.path.abspath(target))
    fd, tmp = tempfile.mkstemp(prefix=f".{os.path.basename(target)}.", suffix=".part",
                               dir=folder)
    try:
        f = os.fdopen(fd, "wb") if binary else \
            os.fdopen(fd, "w", encoding="utf-8", newline="")
        with f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        try:
            mode = os.stat(target).st_mode & 0o7777
        except OSError:
            mask = os.umask(0)
            os.umask(mask)
            mode = 0o666 & ~mask
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def export(write: Callable[[IO], None], path_or_file, binary: bool) -> str | None:
    """Run ``write`` on a file: a path (written atomically), an open file, or ``None``
    for the text (bytes with ``binary``) returned.
    """
    if path_or_file is None:
        buf = io.BytesIO()
        write(buf)
        return buf.getvalue().decode("utf-8")
    if isinstance(path_or_file, (str, os.PathLike)):
        with atomic_output(path_or_file) as f:
            write(f)
        return None
    if isinstance(path_or_file, io.TextIOBase) or "b" not in getattr(path_or_file, "mode", "b"):
        write(_TextSink(path_or_file))
        return None
    write(path_or_file)
    return None


class _TextSink:
    """Lets the byte writers write UTF-8 to a text file."""

    def __init__(self, f):
        self.f = f

    def write(self, data: bytes) -> None:
        self.f.write(data.decode("utf-8"))


def _check_times(times: Sequence[str]) -> list[int]:
    if isinstance(times, str):
        times = (times,)
    bad = [t for t in times if t not in TIME_NAMES]
    if bad or not times:
        raise InputError(f"times: got {list(times)!r}; allowed: {', '.join(TIME_NAMES)}")
    return [TIME_NAMES.index(t) for t in times]


def _put_digits(buf: np.ndarray, col: int, values: np.ndarray, width: int) -> None:
    """Write ``values`` (non-negative ints) as ``width`` ASCII digits at ``col``."""
    v = values
    for k in range(width - 1, -1, -1):
        buf[..., col + k] = 48 + v % 10
        v = v // 10


def _lookup(count: int, fmt: str) -> np.ndarray:
    """uint8 rows of ``fmt % i`` for i < count (all the same width)."""
    text = "".join(fmt % i for i in range(count)).encode("ascii")
    return np.frombuffer(text, np.uint8).reshape(count, -1)


#: "HH:MM" for each minute of a day (and, as offsets, up to 24 hours).
_HHMM = np.frombuffer("".join(f"{m // 60:02d}:{m % 60:02d}" for m in range(1441))
                      .encode("ascii"), np.uint8).reshape(1441, 5)
#: "00".."59"
_TWO = _lookup(60, "%02d")


def _hhmm(local: np.ndarray) -> np.ndarray:
    """``HH:MM`` (nearest minute) as uint8 (..., 5) from local clock seconds."""
    minutes = np.floor((np.nan_to_num(local) + 30.0) / 60.0).astype(np.int64) % 1440
    return _HHMM[minutes]


def _ymd(days: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Year, month, day of ``datetime64[D]`` values, as ints."""
    y = days.astype("datetime64[Y]")
    m = days.astype("datetime64[M]")
    return (y.astype(np.int64) + 1970, (m - y.astype("datetime64[M]")).astype(np.int64) + 1,
            (days - m.astype("datetime64[D]")).astype(np.int64) + 1)


def _date_bytes(days: np.ndarray) -> np.ndarray:
    """``YYYY-MM-DD`` as uint8 (..., 10)."""
    y, m, d = _ymd(days)
    out = np.empty(days.shape + (10,), np.uint8)
    _put_digits(out, 0, y, 4)
    out[..., 4] = out[..., 7] = ord("-")
    _put_digits(out, 5, m, 2)
    _put_digits(out, 8, d, 2)
    return out


def _iso(utc: np.ndarray, offset: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """ISO 8601 local times with offset, ``YYYY-MM-DDTHH:MM:SS+HH:MM[:SS]``, as
    uint8 (..., 28) and a mask of the bytes to keep (the offset's seconds only
    where it has them, as in zones' local mean time before 1900).
    """
    off = np.rint(np.nan_to_num(offset)).astype(np.int64)
    local = np.floor(np.nan_to_num(utc)).astype(np.int64) + off
    days, secs = np.divmod(local, 86400)
    first = days.min(initial=0)
    span = np.arange(first, days.max(initial=0) + 1).astype("datetime64[D]")
    out = np.empty(utc.shape + (28,), np.uint8)
    out[..., :10] = _date_bytes(span)[days - first]
    out[..., 10] = ord("T")
    minute, sec = np.divmod(secs, 60)
    out[..., 11:16] = _HHMM[minute]
    out[..., 16] = out[..., 25] = ord(":")
    out[..., 17:19] = _TWO[sec]
    out[..., 19] = np.where(off < 0, ord("-"), ord("+"))
    a_min, a_sec = np.divmod(np.abs(off), 60)
    out[..., 20:25] = _HHMM[np.minimum(a_min, 1440)]
    out[..., 26:28] = _TWO[a_sec]
    keep = np.ones(out.shape, bool)
    keep[..., 25:] = (a_sec != 0)[..., None]
    return out, keep


def _iso_strings(utc: np.ndarray, offset: np.ndarray) -> np.ndarray:
    """ISO 8601 strings (object array, ``None`` where undefined)."""
    raw, keep = _iso(utc, offset)
    flat, kflat = raw.reshape(-1, 28), keep.reshape(-1, 28)
    text = flat[:, :25].copy().view("S25").reshape(-1).astype("U25").astype(object)
    odd = np.nonzero(kflat[:, 25])[0]
    for j in odd:
        text[j] = flat[j].tobytes().decode("ascii")
    text[np.isnan(utc).reshape(-1)] = None
    return text.reshape(utc.shape)


#: First characters that make a spreadsheet read a cell as a formula (OWASP, CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _csv_field(value: str) -> str:
    """One text cell, quoted as CSV needs. A cell a spreadsheet would run as a
    formula (``=HYPERLINK(...)``, ``@SUM(...)``, ...) gets a leading ``'`` and
    is quoted, as OWASP recommends, so it shows as the text it is.
    """
    if value.startswith(FORMULA_STARTS):
        return '"\'' + value.replace('"', '""') + '"'
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerow([value])   # quotes CR and LF too
    return buf.getvalue()[:-2]


def _place_fields(tt: TableLike, a: int, b: int) -> list[bytes]:
    return [f"{_csv_field(name or '')},{float(la)!r},{float(lo)!r},".encode()
            for name, la, lo in zip(tt.names[a:b], tt.latitude[a:b], tt.longitude[a:b])]


def _csv_rows(tt: TableLike, a: int, b: int, cols: list[int], iso: bool) -> bytes:
    """The CSV rows of places ``a:b`` of a table (no header), built as one
    fixed-width byte matrix; a mask then drops the padding of short place
    fields and the text of undefined cells.
    """
    utc, off = tt.utc_seconds[a:b][..., cols], tt.offset_seconds[a:b][..., cols]
    n, d, t = utc.shape
    undefined = np.isnan(utc)
    if iso:
        cells, keep = _iso(utc, off)
    else:
        cells, keep = _hhmm(utc + off), None
    w = cells.shape[-1] + 1
    fields = [] if tt.single else _place_fields(tt, a, b)
    pw = max((len(f) for f in fields), default=0)
    width = pw + 10 + t * w + 1
    buf = np.empty((n, d, width), np.uint8)
    ragged = False
    if fields:
        pre = np.zeros((n, pw), np.uint8)
        lengths = np.array([len(f) for f in fields])
        for i, f in enumerate(fields):
            pre[i, :len(f)] = np.frombuffer(f, np.uint8)
        buf[:, :, :pw] = pre[:, None, :]
        ragged = bool((lengths != pw).any())
    buf[:, :, pw:pw + 10] = _date_bytes(tt.dates)
    body = buf[:, :, pw + 10:width - 1].reshape(n, d, t, w)
    body[..., 0] = ord(",")
    body[..., 1:] = cells
    buf[:, :, -1] = ord("\n")
    if not (ragged or undefined.any() or (keep is not None and not keep.all())):
        return buf.tobytes()
    mask = np.ones(buf.shape, bool)
    if ragged:
        mask[:, :, :pw] = (np.arange(pw) < lengths[:, None])[:, None, :]
    mb = mask[:, :, pw + 10:width - 1].reshape(n, d, t, w)
    mb[..., 1:] = ~undefined[..., None]
    if keep is not None:
        mb[..., 1:] &= keep
    return buf[mask].tobytes()


def write_csv(tables: Iterable[TableLike], out: IO[bytes], *, iso: bool = False,
              times: Sequence[str] = TIME_NAMES,
              progress: Callable[[int], None] | None = None) -> int:
    """Write the header and the rows of each table (chunks of one job) to a
    binary file; return the number of rows. ``progress(places)`` is called
    after each chunk. Columns: ``[place,latitude,longitude,]date,<times>``.
    """
    cols = _check_times(times)
    rows, header = 0, False
    for tt in tables:
        if not header:
            head = ([] if tt.single else ["place", "latitude", "longitude"]) + ["date"]
            out.write((",".join(head + [TIME_NAMES[c] for c in cols]) + "\n").encode())
            header = True
        step = max(1, CHUNK_CELLS // max(1, len(tt)))
        for a in range(0, tt.places, step):
            out.write(_csv_rows(tt, a, min(tt.places, a + step), cols, iso))
        rows += tt.places * len(tt)
        if progress is not None:
            progress(tt.places)
    return rows


def _adjusted_labels(flags: np.ndarray, names: Sequence[str]) -> list[dict]:
    """Per date: {time name: rule label} for the times a rule set."""
    out = []
    for row in flags.tolist():
        adj = {}
        for name, bits in zip(names, row):
            label = rule_label(bits)
            if label:
                adj[name] = label
        out.append(adj)
    return out


def write_json(tables: Iterable[TableLike], out: IO[bytes], *,
               times: Sequence[str] = TIME_NAMES,
               progress: Callable[[int], None] | None = None) -> int:
    """Write one JSON document for the places of all ``tables``.

    Returns the number of places. The shape::

        {"format": "salat.timetable/1",
         "times": ["imsak", "fajr", ...],
         "places": [{"name": "Rabat", "latitude": 34.02, "longitude": -6.84,
                     "elevation": 0.0, "tz": "Africa/Casablanca", "method": "mwl",
                     "days": [{"date": "2026-01-01",
                               "fajr": "2026-01-01T06:54:00+01:00", ...,
                               "adjusted": {"isha": "high_latitude"}}, ...]}, ...]}

    Times are ISO 8601 local times with their UTC offset, ``null`` where
    undefined; ``adjusted`` (present only when non-empty) names the rule that
    set a time.
    """
    cols = _check_times(times)
    names = [TIME_NAMES[c] for c in cols]
    out.write(b'{"format": "salat.timetable/1", "times": ' + json.dumps(names).encode()
              + b', "places": [')
    count = 0
    for tt in tables:
        dates = [str(d) for d in tt.dates]
        for p in range(tt.places):
            iso = _iso_strings(tt.utc_seconds[p][:, cols],
                               tt.offset_seconds[p][:, cols]).tolist()
            adjusted = _adjusted_labels(tt.rule_flags[p][:, cols], names)
            days = []
            for date, row, adj in zip(dates, iso, adjusted):
                day = {"date": date, **dict(zip(names, row))}
                if adj:
                    day["adjusted"] = adj
                days.append(day)
            place = {"name": tt.names[p], "latitude": float(tt.latitude[p]),
                     "longitude": float(tt.longitude[p]),
                     "elevation": float(tt.elevation[p]), "tz": tz_name(tt.tzs[p]),
                     "method": tt.methods[p].name, "days": days}
            out.write((b",\n" if count else b"\n") + json.dumps(
                place, ensure_ascii=False).encode("utf-8"))
            count += 1
        if progress is not None:
            progress(tt.places)
    out.write(b"\n]}\n")
    return count


def _uid(lat: float, lon: float, date: str, prayer: str) -> str:
    """Stable across runs and method changes, so calendars update events in place."""
    key = f"{lat:.5f},{lon:.5f}|{date}|{prayer}".encode()
    return f"{hashlib.sha1(key).hexdigest()[:24]}-{prayer}@salat"


def write_ics(tables: Iterable[TableLike], out: IO[bytes], *,
              times: Sequence[str] = ICS_PRAYERS, duration: int = 0,
              stamp: _dt.datetime | None = None,
              progress: Callable[[int], None] | None = None,
              labels: Mapping[str, str] | None = None, alarm: int | None = None,
              calendar_name: str = "Prayer times", refresh: int | None = None) -> int:
    """Write one iCalendar (RFC 5545) calendar: a VEVENT per defined prayer time
    per date of the ``times`` named (none where the time is undefined), in UTC, with a UID derived
    from the place, date and prayer, ``TRANSP:TRANSPARENT`` and, for times a
    rule set, a DESCRIPTION naming the rule. ``duration`` (minutes) adds
    DURATION; ``stamp`` sets DTSTAMP (default: now). ``labels`` gives the
    event names by time name (e.g. localized; default: ``"Fajr"``...);
    ``alarm`` (minutes) adds a reminder that many minutes before each event;
    ``refresh`` (hours) tells subscribed calendars how often to fetch the feed
    again. Returns the event count.
    """
    import icalendar

    cols = _check_times(times)
    if isinstance(duration, bool) or not isinstance(duration, int) or not 0 <= duration <= 1440:
        raise InputError(f"duration: got {duration!r}; give whole minutes from 0 to 1440")
    if alarm is not None and (isinstance(alarm, bool) or not isinstance(alarm, int)
                              or not 0 <= alarm <= 1440):
        raise InputError(f"alarm: got {alarm!r}; give whole minutes from 0 to 1440")
    if refresh is not None and (isinstance(refresh, bool) or not isinstance(refresh, int)
                                or not 1 <= refresh <= 24 * 31):
        raise InputError(f"refresh: got {refresh!r}; give whole hours from 1 to 744")
    labels = dict(labels or {})
    if stamp is None:
        stamp = _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0)
    elif stamp.tzinfo is None:
        raise InputError(f"stamp must be timezone-aware, got {stamp!r}")
    cal = icalendar.Calendar()
    cal.add("prodid", "-//salat//salat-times//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", calendar_name)
    if refresh is not None:
        cal.add("refresh-interval", _dt.timedelta(hours=refresh), parameters={"VALUE": "DURATION"})
        # an X- property is text to icalendar: give it the DURATION form Outlook reads
        cal.add("x-published-ttl", icalendar.vDuration(_dt.timedelta(hours=refresh)))
    head = cal.to_ical()
    end = b"END:VCALENDAR\r\n"
    out.write(head[:-len(end)])
    count = 0
    utc = _dt.timezone.utc
    for tt in tables:
        dates = [str(d) for d in tt.dates]
        for p in range(tt.places):
            secs = tt.utc_seconds[p][:, cols]
            flags = tt.rule_flags[p][:, cols]
            lat, lon = float(tt.latitude[p]), float(tt.longitude[p])
            where = "" if tt.single and tt.names[p] == "1" else f" ({tt.names[p]})"
            method = tt.methods[p].name
            for di, date in enumerate(dates):
                for k, c in enumerate(cols):
                    s = secs[di, k]
                    if s != s:
                        continue
                    prayer = TIME_NAMES[c]
                    ev = icalendar.Event()
                    ev.add("uid", _uid(lat, lon, date, prayer))
                    ev.add("dtstamp", stamp)
                    ev.add("dtstart", _dt.datetime.fromtimestamp(round(float(s)), utc))
                    if duration:
                        ev.add("duration", _dt.timedelta(minutes=duration))
                    title = labels.get(prayer) or prayer.replace("_", " ").title()
                    ev.add("summary", title + where)
                    ev.add("geo", (lat, lon))
                    ev.add("transp", "TRANSPARENT")
                    ev.add("categories", ["Prayer times"])
                    desc = f"Method: {method}"
                    bits = int(flags[di, k])
                    label = rule_label(bits)
                    if label:
                        desc += f"; set by the {label} rule"
                    ev.add("description", desc)
                    if alarm is not None:
                        reminder = icalendar.Alarm()
                        reminder.add("action", "DISPLAY")
                        reminder.add("description", title)
                        reminder.add("trigger", _dt.timedelta(minutes=-alarm))
                        ev.add_component(reminder)
                    out.write(ev.to_ical())
                    count += 1
        if progress is not None:
            progress(tt.places)
    out.write(end)
    return count
