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

from .inputs import CHUNK_CELLS, InputError, check_aware, time_indices
from .names import FIVE_PRAYERS, TIME_NAMES
from .rules import rule_label
from .timezones import tz_name

__all__ = ["write_csv", "write_json", "write_ics", "atomic_output", "export", "TableLike",
           "SOURCE_NAMES", "JSON_FORMAT", "ICS_PRAYERS", "FORMULA_STARTS", "PathOrFile",
           "ics_line", "ics_text", "ics_duration", "ics_head"]

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


def _iso_bytes(utc: np.ndarray, offset: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """ISO 8601 local times with offset, ``YYYY-MM-DDTHH:MM:SS+HH:MM[:SS]``, as
    uint8 (..., 28) and a mask of the bytes to keep (the offset's seconds only
    where it has them, as in zones' local mean time before 1900).
    """
    off = np.rint(np.nan_to_num(offset)).astype(np.int64)
    local = np.floor(np.nan_to_num(utc)).astype(np.int64) + off
    days, secs = np.divmod(local, 86400)
    seen = days[~np.isnan(utc)]                  # the dates of undefined cells do not matter
    first, last = (int(seen.min()), int(seen.max())) if seen.size else (0, 0)
    days = np.clip(days, first, last)
    span = np.arange(first, last + 1).astype("datetime64[D]")
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


#: Where a time came from, as the writers spell it: 0 calculated, 1 published.
SOURCE_NAMES = ("calculated", "published")
#: The same as 10-byte fields ("published" padded with a space).
_SOURCE_BYTES = np.frombuffer(b"calculatedpublished ", np.uint8).reshape(2, 10)


def _sources(tt: TableLike, a: int, b: int, cols: list[int]) -> np.ndarray | None:
    """``True`` where a time of places ``a:b`` was published; ``None`` when the
    table says nothing (every time calculated).
    """
    if tt.sources is None:
        return None
    src = np.asarray(tt.sources)
    want = (tt.places, len(tt), len(TIME_NAMES))
    if src.shape != want:
        raise InputError(f"sources: got an array of shape {src.shape}; allowed: None or "
                         f"{want} (places, dates, times)")
    return src[a:b][..., cols] != 0


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
        cells, keep = _iso_bytes(utc, off)
    else:
        cells, keep = _hhmm(utc + off), None
    cw = cells.shape[-1]
    src = _sources(tt, a, b, cols)
    if src is not None:                          # each time, then ",calculated" or ",published"
        comma = np.full(cells.shape[:-1] + (1,), ord(","), np.uint8)
        cells = np.concatenate([cells, comma, _SOURCE_BYTES[src.astype(np.intp)]], axis=-1)
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
    if not (ragged or undefined.any() or (keep is not None and not keep.all())
            or src is not None):
        return buf.tobytes()
    mask = np.ones(buf.shape, bool)
    if ragged:
        mask[:, :, :pw] = (np.arange(pw) < lengths[:, None])[:, None, :]
    mb = mask[:, :, pw + 10:width - 1].reshape(n, d, t, w)
    mb[..., 1:cw + 1] = ~undefined[..., None]
    if keep is not None:
        mb[..., 1:cw + 1] &= keep
    if src is not None:
        mb[..., -1] = ~src                       # the padding of "published"
    return buf[mask].tobytes()


def write_csv(tables: Iterable[TableLike], out: IO[bytes], *, iso: bool = False,
              times: Sequence[str] = TIME_NAMES,
              progress: Callable[[int], None] | None = None) -> int:
    """Write the header and the rows of each table (chunks of one job) to a
    binary file; return the number of rows. ``progress(places)`` is called
    after each chunk. Columns: ``[place,latitude,longitude,]date,<times>``; a
    table that has ``sources`` (a published timetable) adds after each time a
    ``<time>_source`` column, ``published`` or ``calculated``.
    """
    cols = time_indices("times", times)
    rows, header = 0, False
    for tt in tables:
        if not header:
            head = ([] if tt.single else ["place", "latitude", "longitude"]) + ["date"]
            for c in cols:
                head += [TIME_NAMES[c]] if tt.sources is None else \
                    [TIME_NAMES[c], TIME_NAMES[c] + "_source"]
            out.write((",".join(head) + "\n").encode())
            header = True
        step = max(1, CHUNK_CELLS // max(1, len(tt)))
        for a in range(0, tt.places, step):
            out.write(_csv_rows(tt, a, min(tt.places, a + step), cols, iso))
        rows += tt.places * len(tt)
        if progress is not None:
            progress(tt.places)
    return rows


def _labels(flags: np.ndarray) -> dict[int, str]:
    """{bits: rule label} for the distinct non-zero flag values that name a rule."""
    out = {}
    for bits in np.unique(flags).tolist():
        label = rule_label(bits) if bits else ""
        if label:
            out[bits] = label
    return out


def _json_cells(utc: np.ndarray, offset: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """JSON values of times, ``"<ISO 8601>"`` or ``null``, as uint8 (..., 30) and
    the mask of the bytes to keep.
    """
    iso, keep = _iso_bytes(utc, offset)
    cells = np.empty(utc.shape + (30,), np.uint8)
    cells[..., 0] = cells[..., 29] = ord('"')
    cells[..., 1:29] = iso
    mask = np.ones(cells.shape, bool)
    mask[..., 1:29] = keep
    undefined = np.isnan(utc)
    cells[undefined, :4] = np.frombuffer(b"null", np.uint8)
    mask[undefined] = False
    mask[undefined, :4] = True
    return cells, mask


def _put_fields(buf: np.ndarray, mask: np.ndarray, col: int, keys: Sequence[bytes],
                values: np.ndarray, keep: np.ndarray) -> int:
    """Write ``key`` then the bytes of value ``k`` (..., k, width) for each key
    from column ``col`` of rows ``buf`` (and ``keep`` into ``mask``); return the
    column after them.
    """
    width = values.shape[-1]
    for k, key in enumerate(keys):
        buf[..., col:col + len(key)] = np.frombuffer(key, np.uint8)
        col += len(key)
        buf[..., col:col + width] = values[:, :, k]
        mask[..., col:col + width] = keep[:, :, k]
        col += width
    return col


def _json_days(tt: TableLike, a: int, b: int, cols: list[int],
               names: Sequence[str]) -> list[bytes]:
    """Per place of ``a:b``: its ``days`` list, ``{"date": ..., "fajr": ...}, ...``,
    as JSON text built as one byte matrix (no Python object per time).
    """
    utc = tt.utc_seconds[a:b][..., cols]
    n, d, t = utc.shape
    cells, keep = _json_cells(utc, tt.offset_seconds[a:b][..., cols])
    keys = [f', "{name}": '.encode() for name in names]
    src = _sources(tt, a, b, cols)
    width = 21 + sum(len(k) + 30 for k in keys) + 3
    if src is not None:           # , "sources": {"fajr": "published", ...}
        src_keys = [(b', "sources": {' if k == 0 else b", ") + f'"{name}": '.encode()
                    for k, name in enumerate(names)]
        width += sum(len(k) + 12 for k in src_keys) + 1
    buf = np.empty((n, d, width), np.uint8)
    mask = np.ones(buf.shape, bool)
    buf[..., :10] = np.frombuffer(b'{"date": "', np.uint8)
    buf[..., 10:20] = _date_bytes(tt.dates)
    buf[..., 20] = ord('"')
    col = _put_fields(buf, mask, 21, keys, cells, keep)
    if src is not None:
        words = np.full(src.shape + (12,), ord('"'), np.uint8)
        words[..., 1:11] = _SOURCE_BYTES[src.astype(np.intp)]
        words[src, 10] = ord('"')                # "published" is a byte shorter
        short = np.ones(words.shape, bool)
        short[..., 11] = ~src
        col = _put_fields(buf, mask, col, src_keys, words, short)
        buf[..., col] = ord("}")
        col += 1
    buf[..., col:] = np.frombuffer(b"}, ", np.uint8)
    text = buf[mask].tobytes()
    row_ends = np.cumsum(mask.sum(axis=-1).reshape(-1))
    flags = tt.rule_flags[a:b][..., cols]
    labels = _labels(flags)
    out, begin = [], 0
    for p in range(n):
        end = int(row_ends[(p + 1) * d - 1]) if d else begin
        days = text[begin:end - 2]                     # without the last ", "
        if labels:
            days = _with_adjusted(days, row_ends[p * d:(p + 1) * d] - begin, flags[p],
                                  labels, names)
        out.append(days)
        begin = end
    return out


def _with_adjusted(days: bytes, row_ends: np.ndarray, flags: np.ndarray,
                   labels: Mapping[int, str], names: Sequence[str]) -> bytes:
    """``days`` with ``"adjusted": {time: rule}`` added to the dates a rule set."""
    rows = np.nonzero(np.isin(flags, list(labels)).any(axis=-1))[0]
    if not rows.size:
        return days
    parts, at = [], 0
    for di in rows.tolist():
        close = int(row_ends[di]) - 3                  # the row's "}"
        adjusted = {name: labels[f] for name, f in zip(names, flags[di].tolist()) if f in labels}
        parts += [days[at:close], b', "adjusted": ',
                  json.dumps(adjusted, ensure_ascii=False).encode("utf-8")]
        at = close
    parts.append(days[at:])
    return b"".join(parts)


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
    set a time. A table that has ``sources`` (a published timetable) gives each
    day ``"sources": {"fajr": "published", "isha": "calculated", ...}``.
    """
    cols = time_indices("times", times)
    names = [TIME_NAMES[c] for c in cols]
    out.write(b'{"format": "salat.timetable/1", "times": ' + json.dumps(names).encode()
              + b', "places": [')
    count = 0
    for tt in tables:
        step = max(1, CHUNK_CELLS // 4 // max(1, len(tt)))
        for a in range(0, tt.places, step):
            b = min(tt.places, a + step)
            for p, days in zip(range(a, b), _json_days(tt, a, b, cols, names)):
                place = {"name": tt.names[p], "latitude": float(tt.latitude[p]),
                         "longitude": float(tt.longitude[p]),
                         "elevation": float(tt.elevation[p]), "tz": tz_name(tt.tzs[p]),
                         "method": tt.methods[p].name}
                head = json.dumps(place, ensure_ascii=False).encode("utf-8")[:-1]
                out.write((b",\n" if count else b"\n") + head + b', "days": [' + days + b"]}")
                count += 1
        if progress is not None:
            progress(tt.places)
    out.write(b"\n]}\n")
    return count


# ---------------------------------------------------------------- iCalendar

def ics_text(value: str) -> str:
    r"""An iCalendar TEXT value (RFC 5545 3.3.11): ``\ ; ,`` and line breaks escaped;
    other control characters, which TEXT may not hold, dropped.
    """
    value = (value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
             .replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n"))
    if any(c < " " or c == "\x7f" for c in value):
        value = "".join(c for c in value if c == "\t" or not (c < " " or c == "\x7f"))
    return value


def ics_line(line: str) -> bytes:
    """One content line, folded to at most 75 octets a line (RFC 5545 3.1), never
    inside a UTF-8 sequence nor between a backslash and the character it escapes;
    with its CRLF.
    """
    data = line.encode("utf-8")
    if len(data) <= 75:
        return data + b"\r\n"
    lines, current, size, limit = [], [], 0, 75
    for ch in line:
        n = len(ch.encode("utf-8"))
        if size + n > limit:
            carry = current.pop() if len(current) > 1 and current[-1] == "\\" else None
            lines.append("".join(current))
            current, size, limit = [], 0, 74        # after the fold's leading space
            if carry is not None:
                current, size = [carry], 1
        current.append(ch)
        size += n
    lines.append("".join(current))
    return ("\r\n ".join(lines) + "\r\n").encode("utf-8")


def ics_duration(minutes: int) -> str:
    """A DURATION value (RFC 5545 3.3.6) of whole minutes, ``-`` before a negative one."""
    sign, m = ("-" if minutes < 0 else ""), abs(minutes)
    days, rest = divmod(m, 1440)
    hours, mins = divmod(rest, 60)
    clock = (f"{hours}H" if hours else "") + (f"{mins}M" if mins else "")
    return f"{sign}P" + (f"{days}D" if days or not clock else "") + (f"T{clock}" if clock else "")


def _ics_utc(seconds: np.ndarray) -> list[bytes]:
    """UTC DATE-TIME values ``YYYYMMDDTHHMMSSZ`` of whole Unix seconds."""
    days, secs = np.divmod(seconds.astype(np.int64), 86400)
    out = np.empty(seconds.shape + (16,), np.uint8)
    y, m, d = _ymd(days.astype("datetime64[D]"))
    _put_digits(out, 0, y, 4)
    _put_digits(out, 4, m, 2)
    _put_digits(out, 6, d, 2)
    out[..., 8] = ord("T")
    _put_digits(out, 9, secs // 3600, 2)
    _put_digits(out, 11, secs // 60 % 60, 2)
    _put_digits(out, 13, secs % 60, 2)
    out[..., 15] = ord("Z")
    return out.reshape(-1).view("S16").tolist() if out.size else []


def _uid(lat: float, lon: float, date: str, prayer: str) -> str:
    """Stable across runs and method changes, so calendars update events in place."""
    key = f"{lat:.5f},{lon:.5f}|{date}|{prayer}".encode()
    return f"{hashlib.sha1(key).hexdigest()[:24]}-{prayer}@salat"


def _check_whole(name: str, value, lo: int, hi: int, unit: str = "minutes", *,
                 optional: bool = False) -> None:
    """``value`` is an int from ``lo`` to ``hi`` (or ``None`` when ``optional``)."""
    if value is None and optional:
        return
    if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
        raise InputError(f"{name}: got {value!r}; give whole {unit} from {lo} to {hi}")


def ics_head(calendar_name: str, refresh: int | None) -> bytes:
    """The VCALENDAR head: version, product, the calendar's name, and a refresh
    interval in hours (None: none asked).
    """
    lines = [b"BEGIN:VCALENDAR\r\n", b"VERSION:2.0\r\n",
             b"PRODID:-//salat//salat-times//EN\r\n", b"CALSCALE:GREGORIAN\r\n",
             ics_line("X-WR-CALNAME:" + ics_text(calendar_name))]
    if refresh is not None:
        every = ics_duration(refresh * 60)
        # X-PUBLISHED-TTL in the DURATION form Outlook reads
        lines += [f"REFRESH-INTERVAL;VALUE=DURATION:{every}\r\n".encode(),
                  f"X-PUBLISHED-TTL:{every}\r\n".encode()]
    return b"".join(lines)


class _IcsEvents:
    """The fixed parts of the events of one job, and the writing of a place's."""

    def __init__(self, cols: list[int], duration: int, stamp: _dt.datetime,
                 labels: Mapping[str, str], alarm: int | None):
        self.cols = cols
        self.prayers = [TIME_NAMES[c] for c in cols]
        self.titles = [labels.get(p) or p.replace("_", " ").title() for p in self.prayers]
        utc_stamp = stamp.astimezone(_dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        self.mid = ((f"DURATION:{ics_duration(duration)}\r\n" if duration else "")
                    + f"DTSTAMP:{utc_stamp}\r\nUID:").encode()
        self.alarms = [b"" if alarm is None else
                       b"BEGIN:VALARM\r\nACTION:DISPLAY\r\n"
                       + ics_line("DESCRIPTION:" + ics_text(title))
                       + f"TRIGGER:{ics_duration(-alarm)}\r\nEND:VALARM\r\n".encode()
                       for title in self.titles]
        self.dates, self.keys = b"", []

    def place(self, tt: TableLike, p: int) -> tuple[bytes, int]:
        """The VEVENTs of place ``p`` of ``tt`` and their count."""
        cols = self.cols
        lat, lon = float(tt.latitude[p]), float(tt.longitude[p])
        name = tt.names[p]
        where = "" if name is None else f" ({name})"
        method = tt.methods[p].name
        heads = [b"BEGIN:VEVENT\r\n" + ics_line("SUMMARY:" + ics_text(title + where))
                 + b"DTSTART:" for title in self.titles]
        geo = f"GEO:{lat!r};{lon!r}\r\nTRANSP:TRANSPARENT\r\n".encode()
        tails: dict[tuple[int, int], bytes] = {}

        def tail(k: int, bits: int) -> bytes:
            """The event after its UID's hash: bits carry the rule, and a source above 255."""
            label, source = rule_label(bits & 255), bits >> 8
            if source == 2:
                desc = "Published timetable"
            else:
                desc = f"Method: {method}" + (f"; set by the {label} rule" if label else "")
                desc += "; calculated" if source else ""
            mark = f"X-SALAT-SOURCE:{SOURCE_NAMES[source - 1]}\r\n".encode() if source else b""
            return (f"-{self.prayers[k]}@salat\r\nCATEGORIES:Prayer times\r\n".encode()
                    + ics_line("DESCRIPTION:" + ics_text(desc)) + geo + mark
                    + self.alarms[k] + b"END:VEVENT\r\n")

        secs = tt.utc_seconds[p][:, cols]
        flags = tt.rule_flags[p][:, cols].astype(np.intp)
        src = _sources(tt, p, p + 1, cols)
        if src is not None:                      # 1 << 8 calculated, 2 << 8 published
            flags = flags + ((src[0].astype(np.intp) + 1) << 8)
        day, k = np.nonzero(~np.isnan(secs))
        starts = _ics_utc(np.rint(secs[day, k]))
        base = hashlib.sha1(f"{lat:.5f},{lon:.5f}|".encode())
        keys = self._keys(tt.dates)
        parts = []
        for di, ki, start, bits in zip(day.tolist(), k.tolist(), starts,
                                       flags[day, k].tolist()):
            h = base.copy()
            h.update(keys[di][ki])
            end = tails.get((ki, bits))
            if end is None:
                end = tails[ki, bits] = tail(ki, bits)
            parts += (heads[ki], start, b"\r\n", self.mid, h.hexdigest()[:24].encode(), end)
        return b"".join(parts), len(starts)

    def _keys(self, dates: np.ndarray) -> list[list[bytes]]:
        """Per date, ``b"YYYY-MM-DD|prayer"`` per time: the varying part of the
        UIDs' hash (kept while the tables' dates stay the same).
        """
        same = dates.tobytes()
        if same != self.dates:
            ends = [b"|" + p.encode() for p in self.prayers]
            days = np.ascontiguousarray(_date_bytes(dates)).view("S10").reshape(-1).tolist()
            self.dates, self.keys = same, [[d + e for e in ends] for d in days]
        return self.keys


def write_ics(tables: Iterable[TableLike], out: IO[bytes], *,
              times: Sequence[str] = ICS_PRAYERS, duration: int = 0,
              stamp: _dt.datetime | None = None,
              progress: Callable[[int], None] | None = None,
              labels: Mapping[str, str] | None = None, alarm: int | None = None,
              calendar_name: str = "Prayer times", refresh: int | None = None) -> int:
    """Write one iCalendar (RFC 5545) calendar: a VEVENT per defined prayer time
    per date of the ``times`` named (none where the time is undefined), in UTC,
    with a UID derived from the place, date and prayer, ``TRANSP:TRANSPARENT``
    and, for times a rule set, a DESCRIPTION naming the rule.

    ``duration`` (minutes) adds DURATION; ``stamp`` sets DTSTAMP (default:
    now). ``labels`` gives the event names by time name (e.g. localized;
    default: ``"Fajr"``...); ``alarm`` (minutes) adds a reminder that many
    minutes before each event; ``refresh`` (hours) tells subscribed calendars
    how often to fetch the feed again. Returns the event count.

    A table that has ``sources`` (a published timetable) marks each event
    ``X-SALAT-SOURCE:published`` or ``calculated``, and says so in DESCRIPTION.

    The text is written here, not by a general iCalendar library: lines end in
    CRLF and are folded at 75 octets, TEXT values are escaped, times are UTC.
    """
    cols = time_indices("times", times)
    _check_whole("duration", duration, 0, 1440)
    _check_whole("alarm", alarm, 0, 1440, optional=True)
    _check_whole("refresh", refresh, 1, 24 * 31, "hours", optional=True)
    if stamp is None:
        stamp = _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0)
    else:
        check_aware("stamp", stamp)
    events = _IcsEvents(cols, duration, stamp, dict(labels or {}), alarm)
    out.write(ics_head(calendar_name, refresh))
    count = 0
    for tt in tables:
        for p in range(tt.places):
            text, n = events.place(tt, p)
            out.write(text)
            count += n
        if progress is not None:
            progress(tt.places)
    out.write(b"END:VCALENDAR\r\n")
    return count
