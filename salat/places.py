"""Places: files of places (CSV) and cities by name.

A places file is CSV, UTF-8, one place a row: ``name, lat, lon`` and optionally
``tz, elevation, method`` (empty cells: the place's own zone, 0 m, its local
authority's method). A row may give a name and no coordinates (``Oujda`` alone, or
``Oujda,,,,,mwl``): the place of that name in the gazetteer (:func:`find_place`), with its
zone and, where its authority follows it, its elevation; the row's own cells still win.
A first row naming the columns (``name,lat,lon,...``,
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
from dataclasses import dataclass, field, replace
from typing import IO
from collections.abc import Iterator

from . import inputs
from .gazetteer import gazetteer
from .methods import get_method
from .regions import method_for
from .timezones import resolve_tz
from .inputs import InputError, InputTypeError, fold

__all__ = ["Place", "PlaceError", "PlacesFile", "read_places", "parse_places", "city",
           "find_place", "find_address", "nearest_place", "place_named", "local_name",
           "COLUMNS", "MAX_NAME", "NEAREST_KM"]

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

    A place from the gazetteer (:func:`find_place`) also has its ``country`` (ISO 3166
    code), first-level ``region``, ``population`` and ``names`` (the official name, the
    ASCII one and its names in other scripts, as GeoNames lists them); ``line`` is the
    row of a places file (0 otherwise).
    """

    name: str
    lat: float
    lon: float
    tz: str | None = None
    elevation: float | None = None
    method: str | None = None
    line: int = 0
    country: str | None = None
    region: str | None = None
    population: int | None = None
    names: tuple[str, ...] = ()


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
    row = dict(zip(cols, cells))
    named = bool(row.get("name")) and not row.get("lat") and not row.get("lon")
    need = max(cols.index("lat"), cols.index("lon")) + 1
    if len(cells) < need and not named:
        raise InputError(f"{len(cells)} column(s); need at least {', '.join(cols[:need])}")
    name = row.get("name", "") or f"line {line}"
    if len(name) > MAX_NAME:
        raise InputError(f"name is longer than {MAX_NAME} characters")
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") and ch not in "\u200c\u200d"
           for ch in name):
        raise InputError(f"name {name[:40]!r} holds control characters")
    found = None
    if named:       # a name and no coordinates: the gazetteer's place of that name
        found = find_place(name)
    elif not row.get("lat") or not row.get("lon"):
        raise InputError("lat and lon are required (or a name and neither)")
    if found is None:
        lat, lon = inputs.coordinates(_number("lat", row["lat"]), _number("lon", row["lon"]))
    tz = row.get("tz") or None
    if tz is not None:
        resolve_tz(tz)
    elevation = float(inputs.elevations(_number("elevation", row["elevation"]), ())) \
        if row.get("elevation") else None
    method = row.get("method") or None
    if method is not None:
        get_method(method)
    if found is not None:
        return replace(found, name=name, line=line, tz=tz or found.tz,
                       elevation=found.elevation if elevation is None else elevation,
                       method=method)
    return Place(name, float(lat), float(lon), tz, elevation, method, line)


# ---------------------------------------------------------------- the gazetteer

#: How far (km) :func:`nearest_place` looks by default.
NEAREST_KM = 25.0
#: Letters of Persian and Urdu (not of Arabic): a name holding one is not an Arabic name.
_FA_UR = set("پچژگکیۀہےۓٹڈڑںۂۃ")
_UR = set("ہےۓٹڈڑںۂۃ")
#: Letters of Arabic-script languages salat has no locale for (Uyghur, Kurdish...).
_OTHER = set("ەېۆۇۈڭێڵڕڤۋ")
_AR_ONLY = set("ةى")


def _check_name(what: str, name: object) -> str:
    if not isinstance(name, str):
        raise InputTypeError(f"{what}: got {type(name).__name__}; allowed: a place name "
                             f"such as 'Oujda'")
    key = name.strip()
    if not key or len(key) > MAX_NAME or not fold(key):
        raise InputError(f"{what}: got {name[:40]!r}; allowed: a place name such as 'Oujda' "
                         f"(at most {MAX_NAME} characters)")
    return key


def _from_gazetteer(i: int) -> Place:
    r = gazetteer().record(i)
    # The elevation comes along where the place's own authority's tables follow it
    # (Method.dip differs from the plain geometric dip: Habous).
    elevation = r.elevation if method_for(r.lat, r.lon).dip != 1.0 else None
    return Place(r.name, r.lat, r.lon, r.tz, elevation, None, 0, r.country, r.region,
                 r.population, r.names)


def _country(what: str, country: str) -> int:
    g = gazetteer()
    found = g.country_index(country) if isinstance(country, str) else None
    if found is None:
        raise InputError(f"{what}: got {country!r}; allowed: a country's name or ISO code "
                         f"('Morocco', 'MA', 'MAR')")
    return found


def _miss(what: str, name: str, within=None, where: str = "") -> InputError:
    near = gazetteer().suggest(name, within=within)
    hint = (f"; did you mean {' or '.join(repr(n) for n in near)}?" if near else
            "; give its coordinates instead (lat, lon)")
    return InputError(f"{what}: {name[:60]!r} is not a place salat knows{where}{hint}")


def _choose(what: str, name: str, country: int | None, region: str | None) -> int:
    g = gazetteer()
    found = g.lookup(name)
    where = ""
    within = None
    if country is not None:
        found = found[g.country[found] == country]
        where = f" in {g.country_names[country]}"
        within = g.country == country
    if region is not None and len(found):
        narrowed = g.region_matches(region, found)
        if not len(narrowed):
            raise InputError(f"{what}: {name[:60]!r}{where} is not in a region named "
                             f"{region[:60]!r}")
        found = narrowed
    if not len(found):
        raise _miss(what, name, within, where)
    return int(found[0])        # the most populous: the gazetteer is in that order


def find_place(name: str, country: str | None = None, region: str | None = None) -> Place:
    """A populated place by its name, from the gazetteer shipped with salat.

    Case, accents, hyphens and spacing do not matter (``"ksar el kebir"``,
    ``"Ksar-el-Kébir"``); names in other scripts work (``"الدار البيضاء"``). Among places
    of one name the most populous wins, unless a country (a name or ISO code, also
    written after a comma: ``"Tripoli, LB"``) or a first-level region narrows it.

    Parameters
    ----------
    name : str
        The place's name, optionally followed by ``, country`` or ``, region, country``.
    country : str, optional
        The country's name, ISO 3166 alpha-2 or alpha-3 code.
    region : str, optional
        The first-level region's name (e.g. ``"Fès-Meknès"``).

    Returns
    -------
    Place
        With ``country``, ``region``, ``population``, ``names``, its IANA ``tz``, and its
        ``elevation`` where its authority's method follows the elevation (Habous), else
        ``None``.

    Raises
    ------
    salat.InputError
        For a name the gazetteer lacks, with the nearest names it has.
    """
    key = _check_name("name", name)
    cidx = None if country is None else _country("country", country)
    if region is not None:
        _check_name("region", region)
    parts = [p.strip() for p in key.split(",")]
    if len(parts) > 1 and cidx is None and region is None:
        return find_address(key)
    return _from_gazetteer(_choose("name", parts[0] if len(parts) == 1 else key, cidx, region))


def find_address(text: str) -> Place:
    """The place an address names, read offline (for AlAdhan's ``timingsByAddress``).

    Forms read: ``"place"``, ``"place, country"``, ``"place, region, country"``,
    ``"place, region"``, and any of these after street parts (``"12 Rue X, Oujda,
        Morocco"``: the parts are tried from the left, the first that names a place wins,
    the part after it narrowing it as a region where it names one);
    without commas, ``"Oujda Morocco"`` (a country as the last words). A country is a
    name or an ISO code; a region is a GeoNames first-level region's name or code.

    Raises
    ------
    salat.InputError
        When no part names a known place (with suggestions for the first part).
    """
    g = gazetteer()
    key = _check_name("address", text)
    parts = [p.strip() for p in key.split(",") if p.strip()]
    country = None
    if len(parts) > 1 and g.country_index(parts[-1]) is not None:
        country = g.country_index(parts.pop())
    elif len(parts) == 1 and not len(g.lookup(parts[0])):
        words = parts[0].split()
        for cut in range(len(words) - 1, 0, -1):
            if g.country_index(" ".join(words[cut:])) is not None:
                country = g.country_index(" ".join(words[cut:]))
                parts = [" ".join(words[:cut])]
                break
    for j in range(len(parts)):
        found = g.lookup(parts[j])
        if country is not None:
            found = found[g.country[found] == country]
        if j + 1 < len(parts) and len(found):     # the part after it may be its region
            narrowed = g.region_matches(parts[j + 1], found)
            found = narrowed if len(narrowed) else found
        if len(found):
            return _from_gazetteer(int(found[0]))
    where = "" if country is None else f" in {g.country_names[country]}"
    raise _miss("address", parts[0] if parts else key, None if country is None
                else g.country == country, where)


def nearest_place(lat: float, lon: float, max_km: float = NEAREST_KM) -> Place | None:
    """The gazetteer's place nearest (lat, lon), or ``None`` if none is within ``max_km``.

    For titles: a widget or feed given only coordinates may name itself after it.
    """
    la, lo = inputs.coordinates(lat, lon)
    km = inputs.finite_in_range("max_km", max_km, 0, 20_000)
    found = gazetteer().nearest(float(la), float(lo), float(km))
    return None if found is None else _from_gazetteer(found[0])


def place_named(name: str) -> Place:
    """A ``Place`` for a name given where a place is expected (a widget's ``places``).

    :func:`find_place`'s place, titled as the caller wrote it (``"مراكش"`` stays
    ``"مراكش"``; ``"Tripoli, LB"`` is titled ``"Tripoli"``): the one function other
    modules call to turn a name into a place.
    """
    found = find_place(name)
    return replace(found, name=name.split(",")[0].strip() or found.name)


def local_name(place: Place, locale: str | None) -> str:
    """The place's name for ``locale`` (``"ar_EG"``, ``"fa"``, ``"bn"``, ``"ru"``...).

    GeoNames' names carry no language, only a script: Arabic uses the first Arabic-script
    name without Persian or Urdu letters, Persian one with Persian letters where there is
    one, Urdu one with Urdu letters, Bengali and Russian the first Bengali or Cyrillic
    name. Latin-script locales, or a place without such a name, get ``place.name``.
    """
    lang = (locale or "").replace("-", "_").split("_")[0].lower()
    script = {"ar": "ARABIC", "fa": "ARABIC", "ur": "ARABIC", "bn": "BENGALI",
              "ru": "CYRILLIC"}.get(lang)
    if script is None:
        return place.name
    cands = [n for n in place.names if any(ch.isalpha() for ch in n) and all(
        unicodedata.name(ch, "").startswith(script) for ch in n if ch.isalpha())]
    if script == "ARABIC":
        cands = [n for n in cands if not set(n) & _OTHER]
        if lang == "ar":
            cands = [n for n in cands if not set(n) & _FA_UR]
        else:
            own = _UR if lang == "ur" else _FA_UR - _UR
            cands = ([n for n in cands if set(n) & own]
                     or [n for n in cands if not set(n) & _AR_ONLY] or cands)
    return cands[0] if cands else place.name


def city(name: str) -> Place:
    """A city by name: :func:`find_place` (kept for the callers of salat 0.x)."""
    return find_place(name, None)
