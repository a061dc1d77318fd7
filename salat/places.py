"""Places: files of places (CSV) and cities by name.

A places file is CSV, UTF-8, one place a row: ``name, lat, lon`` and optionally
``tz, elevation, method`` (empty cells: the place's own zone, 0 m, its local
authority's method). A first row naming the columns (``name,lat,lon,...``,
any order, ``latitude``/``longitude``/``lng``/``timezone``/``elev`` accepted)
is a header; without one the columns are in that order. Blank lines and lines
starting with ``#`` are skipped.

    >>> found = read_places("mosques.csv")
    >>> found.errors            # [PlaceError(line=7, message="lat must be ...")]
    >>> tt = salat.table(**found.columns(), year=2026)

Every bad row is reported with its line number; good rows are all kept, in
file order. Deciding what to do with a file that has bad rows is the
caller's (the ``salat`` command stops, unless told to skip them).
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import unicodedata
from dataclasses import dataclass, field
from typing import IO
from collections.abc import Iterator

from . import inputs
from .methods import get_method
from .timezones import resolve_tz
from .inputs import InputError, InputTypeError

__all__ = ["Place", "PlaceError", "PlacesFile", "read_places", "parse_places", "city",
           "COLUMNS", "MAX_NAME"]

#: Columns of a places file, in their order when the file has no header.
COLUMNS = ("name", "lat", "lon", "tz", "elevation", "method")
#: Longest place name accepted (characters).
MAX_NAME = 200
_ALIASES = {"name": "name", "place": "name", "city": "name",
            "lat": "lat", "latitude": "lat",
            "lon": "lon", "lng": "lon", "long": "lon", "longitude": "lon",
            "tz": "tz", "timezone": "tz", "time_zone": "tz", "zone": "tz",
            "elevation": "elevation", "elev": "elevation", "altitude": "elevation",
            "method": "method"}
_MAX_FIELD = 10_000


@dataclass(frozen=True)
class Place:
    """One place: where, its clock, elevation (metres) and method. ``None``
    means not given: the place's own zone and authority, elevation 0.
    """

    name: str
    lat: float
    lon: float
    tz: str | None = None
    elevation: float | None = None
    method: str | None = None
    line: int = 0


@dataclass(frozen=True)
class PlaceError:
    """A row that could not be read: its line number (1-based) and why."""

    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


@dataclass
class PlacesFile:
    """The good rows of a places file and the errors of the bad ones."""

    places: list[Place] = field(default_factory=list)
    errors: list[PlaceError] = field(default_factory=list)
    source: str = "places"

    def columns(self) -> dict:
        """``lat, lon, tz, elevation, method, names`` for :func:`salat.table`
        (``tz`` and ``method`` hold ``None`` where a row gave none).
        """
        p = self.places
        return {"lat": [x.lat for x in p], "lon": [x.lon for x in p],
                "tz": [x.tz for x in p],
                "elevation": [0.0 if x.elevation is None else x.elevation for x in p],
                "method": [x.method for x in p], "names": [x.name for x in p]}

    def summary(self, limit: int = 5) -> str:
        """One line naming the bad rows (the first ``limit`` of them)."""
        shown = "; ".join(str(e) for e in self.errors[:limit])
        more = len(self.errors) - limit
        rows = "row" if len(self.errors) == 1 else "rows"
        return (f"{self.source}: {len(self.errors)} bad {rows} ({shown}"
                f"{f'; and {more} more' if more > 0 else ''})")

    def check(self) -> PlacesFile:
        """Raise ``ValueError`` (one line) if any row was bad or no place was found."""
        if self.errors:
            raise InputError(self.summary())
        if not self.places:
            raise InputError(f"{self.source}: no places found; give rows of "
                             f"{', '.join(COLUMNS[:3])}[, {', '.join(COLUMNS[3:])}]")
        return self


def read_places(source: str | os.PathLike | IO) -> PlacesFile:
    """Read a places file from a path or an open (text or binary) file."""
    if isinstance(source, (str, os.PathLike)):
        name = os.fspath(source)
        try:
            with open(name, "rb") as f:
                data = f.read()
        except OSError as e:
            raise InputError(f"places file {name!r}: cannot read it ({e.strerror})") from None
        return parse_places(data, source=os.path.basename(name))
    data = source.read()
    return parse_places(data, source=getattr(source, "name", "places"))


def parse_places(data: str | bytes, source: str = "places") -> PlacesFile:
    """Parse the text (or UTF-8 bytes) of a places file; never raises for bad rows."""
    if isinstance(data, bytes):
        if data.startswith(codecs.BOM_UTF8):
            data = data[len(codecs.BOM_UTF8):]
        text = data.decode("utf-8", errors="replace")
    elif isinstance(data, str):
        text = data.lstrip("\ufeff")
    else:
        raise InputTypeError(f"places data must be str or bytes, got {type(data).__name__}")
    out = PlacesFile(source=str(source))
    header: list[str] | None = None
    for line, row, problem in _records(text):
        if problem:
            out.errors.append(PlaceError(line, problem))
            continue
        cells = [c.strip() for c in row]
        if not any(cells) or cells[0].startswith("#"):
            continue
        if header is None and not out.places and not out.errors and _is_header(cells):
            header, problem = _header(cells)
            if problem:
                out.errors.append(PlaceError(line, problem))
                return out
            continue
        try:
            out.places.append(_place(cells, header, line))
        except InputError as e:
            out.errors.append(PlaceError(line, _one_line(str(e))))
    return out


def _records(text: str) -> Iterator[tuple[int, list[str], str]]:
    """(first line number, cells, problem) per CSV record; a record the csv
    module cannot read becomes a problem, and reading goes on.
    """
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    last = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as e:
            if reader.line_num == last:     # no progress: give up rather than loop
                yield last + 1, [], f"unreadable CSV ({e})"
                return
            yield last + 1, [], f"unreadable CSV from this line to line {reader.line_num} " \
                                f"({e}; an unclosed quote?)"
            last = reader.line_num
            continue
        start, last = last + 1, reader.line_num
        if "\ufffd" in "".join(row):
            yield start, [], "not valid UTF-8 text"
        elif any(len(c) > _MAX_FIELD for c in row):
            yield start, [], f"a cell is longer than {_MAX_FIELD} characters"
        else:
            yield start, row, ""


def _is_header(cells: list[str]) -> bool:
    keys = {c.lower().replace(" ", "_") for c in cells}
    return ("lat" in keys or "latitude" in keys) and bool(keys & {"lon", "lng", "longitude",
                                                                  "long"})


def _header(cells: list[str]) -> tuple[list[str], str]:
    cols = []
    for c in cells:
        key = _ALIASES.get(c.lower().replace(" ", "_"))
        if key is None:
            return [], (f"unknown column {c[:40]!r} in the header; allowed: "
                        f"{', '.join(COLUMNS)}")
        if key in cols:
            return [], f"column {key!r} appears twice in the header"
        cols.append(key)
    if "lat" not in cols or "lon" not in cols:
        return [], "the header must name lat and lon columns"
    return cols, ""


def _one_line(s: str) -> str:
    return " ".join(s.split())


def _number(what: str, cell: str) -> float:
    try:
        return float(cell)
    except ValueError:
        raise InputError(f"{what} must be a number, got {cell[:40]!r}") from None


def _place(cells: list[str], header: list[str] | None, line: int) -> Place:
    cols = header or list(COLUMNS)
    if len(cells) > len(cols):
        extra = cells[len(cols):]
        if any(extra):
            raise InputError(f"{len(cells)} columns, at most {len(cols)} allowed "
                             f"({', '.join(cols)})")
    need = max(cols.index("lat"), cols.index("lon")) + 1
    if len(cells) < need:
        raise InputError(f"{len(cells)} column(s); need at least {', '.join(cols[:need])}")
    row = dict(zip(cols, cells))
    name = row.get("name", "") or f"line {line}"
    if len(name) > MAX_NAME:
        raise InputError(f"name is longer than {MAX_NAME} characters")
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") and ch not in "\u200c\u200d"
           for ch in name):
        raise InputError(f"name {name[:40]!r} holds control characters")
    if not row.get("lat") or not row.get("lon"):
        raise InputError("lat and lon are required")
    lat, lon = inputs.coordinates(_number("lat", row["lat"]), _number("lon", row["lon"]))
    tz = row.get("tz") or None
    if tz is not None:
        resolve_tz(tz)
    elevation = float(inputs.elevations(_number("elevation", row["elevation"]), ())) \
        if row.get("elevation") else None
    method = row.get("method") or None
    if method is not None:
        get_method(method)
    return Place(name, float(lat), float(lon), tz, elevation, method, line)


# ---------------------------------------------------------------- cities

#: Well-known cities that astral's database lacks: (name, region, lat, lon, zone).
EXTRA_CITIES = (
    ("Casablanca", "Morocco", 33.5731, -7.5898, "Africa/Casablanca"),
    ("Fes", "Morocco", 34.0331, -5.0003, "Africa/Casablanca"),
    ("Marrakesh", "Morocco", 31.6295, -7.9811, "Africa/Casablanca"),
    ("Istanbul", "Turkey", 41.0082, 28.9784, "Europe/Istanbul"),
    ("Karachi", "Pakistan", 24.8607, 67.0011, "Asia/Karachi"),
    ("Lahore", "Pakistan", 31.5204, 74.3587, "Asia/Karachi"),
    ("Delhi", "India", 28.7041, 77.1025, "Asia/Kolkata"),
    ("Dubai", "UAE", 25.2048, 55.2708, "Asia/Dubai"),
    ("Jeddah", "Saudi Arabia", 21.5433, 39.1728, "Asia/Riyadh"),
    ("Sanaa", "Yemen", 15.3694, 44.1910, "Asia/Aden"),
    ("Lagos", "Nigeria", 6.5244, 3.3792, "Africa/Lagos"),
    ("Kano", "Nigeria", 12.0022, 8.5920, "Africa/Lagos"),
    ("Tromsø", "Norway", 69.6492, 18.9553, "Europe/Oslo"),
    ("Longyearbyen", "Svalbard", 78.2232, 15.6267, "Arctic/Longyearbyen"),
)


def _fold(s: str) -> str:
    s = unicodedata.normalize("NFKD", s.casefold())
    return "".join(ch for ch in s if not unicodedata.combining(ch)).replace("ø", "o")


def city(name: str) -> Place:
    """A city by name (``"Rabat"``, ``"London, England"``) from astral's
    database, or the few well-known cities it lacks (:data:`EXTRA_CITIES`).
    """
    if not isinstance(name, str):
        raise InputTypeError(f"city must be a name, got {type(name).__name__}")
    key = name.strip()
    if not key or len(key) > MAX_NAME:
        raise InputError(f"city: got {name[:40]!r}; give a city name such as 'Rabat'")
    from astral.geocoder import database, lookup

    try:
        found = lookup(",".join(part.strip() for part in key.split(",", 1)), database())
    except (KeyError, ValueError, AttributeError, IndexError):
        found = None
    if found is not None and hasattr(found, "latitude"):
        return Place(found.name, float(found.latitude), float(found.longitude),
                     found.timezone or None)
    want = _fold(key.split(",")[0].strip())
    for cname, _region, lat, lon, zone in EXTRA_CITIES:
        if _fold(cname) == want:
            return Place(cname, lat, lon, zone)
    raise InputError(f"city: {key[:60]!r} is not in the city database; give --lat and "
                     f"--lon instead (see astral's list of cities)")
