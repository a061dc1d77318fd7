"""Prayer zones: authorities that publish one table per zone, computed at the
zone's reference point(s) rather than at a town.

JAKIM (Malaysia) publishes one timetable for each of its 60 zones (``JHR02``,
``SGR01``...). By published Malaysian practice a zone's table is computed
either at one west point, or at several points on its boundary taking the
latest time of each prayer and the earliest Syuruk (sunrise). The west point is
the westernmost town JAKIM lists for the zone in Sabah and Sarawak, and the
point of the outline due west of the zone's centre elsewhere::

    >>> import salat
    >>> z = salat.prayer_zones.get_zone("JHR02")
    >>> z.rule, len(z.points)
    ('westernmost', 1)
    >>> salat.times_for(zone="JHR02", date="2026-03-01").maghrib

The catalogue ships as ``salat/data/jakim_zones.json`` (built by
``tools/build_jakim_zones.py``; sources and licences in the file and in the
README): codes and names from JAKIM's zone list, points from the outlines of the
zones' districts (Department of Statistics Malaysia, DOSM Open Data Licence) and
from GeoNames' towns (CC BY 4.0).
"""

from __future__ import annotations

import dataclasses
import json
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np

from . import inputs
from .engine import Solution, compute
from .inputs import InputError, InputTypeError
from .methods import TIME_NAMES, Method, get_method
from .options import METHOD_ROUNDING, Options
from .rules import round_local

__all__ = ["Zone", "RULES", "zones", "get_zone", "zone_for", "licence", "place"]

#: How a zone's points make one time: ``westernmost`` (one point) or
#: ``boundary`` (latest time over the points, earliest sunrise).
RULES = ("westernmost", "boundary")
#: Times taken as the earliest over a zone's points (the rest: the latest).
_EARLIEST = ("sunrise",)


@dataclass(frozen=True)
class Zone:
    """One prayer zone of an authority.

    Parameters
    ----------
    code: the authority's code, e.g. ``"JHR02"``.
    state: the state the zone belongs to.
    name: the places the authority lists for the zone.
    districts: the districts (DOSM names) that make the zone, empty for a zone that
        is part of a district (an island, a hill).
    rule: ``"westernmost"`` or ``"boundary"`` (see :data:`RULES`).
    points: reference points, ``((lat, lon), ...)``; empty where none is known.
    elevation: metres, for hill zones (the horizon's dip), else 0.
    sunrise_points: where Syuruk is taken, if not at ``points`` (an enclave such as
        WLY01 takes its other times from the zone around it, Syuruk from itself).
    tz: the IANA time zone the tables are printed in.
    method: the catalogue method the zone's tables follow.
    source: where the points come from.
    """

    code: str
    state: str
    name: str
    districts: tuple[str, ...]
    rule: str
    points: tuple[tuple[float, float], ...]
    elevation: float
    method: str
    source: str
    sunrise_points: tuple[tuple[float, float], ...] = ()
    #: The IANA time zone the authority's tables are printed in (a west point
    #: may lie at sea or across a border, where the zone found there would not be).
    tz: str = "Asia/Kuala_Lumpur"

    @property
    def latitude(self) -> float:
        """Latitude of the zone's first reference point (where its times are shown)."""
        return self._first()[0]

    @property
    def longitude(self) -> float:
        """Longitude of the zone's first reference point."""
        return self._first()[1]

    def _first(self) -> tuple[float, float]:
        if not self.points:
            raise InputError(f"zone {self.code!r} ({self.name}): no reference point is known "
                             f"for it; give lat and lon instead")
        return (self.sunrise_points or self.points)[0]     # an enclave: inside itself

    def solve(self, lat, lon, dates, *, method: Method, tzs, elevation=0.0,
              options: Options | None = None) -> Solution:
        """The zone's times, as :func:`salat.engine.compute` gives them for one place.

        ``lat``, ``lon`` and ``elevation`` are ignored (the zone has its own);
        the time at each of the zone's points is reduced by the zone's rule
        (latest, earliest for sunrise) before the method's rounding.
        """
        options = Options() if options is None else options
        self._first()
        points = self.points + self.sunrise_points
        la = np.array([p[0] for p in points])
        lo = np.array([p[1] for p in points])
        tz = tzs[0]
        sol = compute(la, lo, dates, method=method, tzs=[tz] * la.size,
                      elevation=np.full(la.size, float(self.elevation)),
                      options=dataclasses.replace(options, rounding=None))
        n = len(self.points)
        latest, early = sol.utc[:n], sol.utc[n:] if self.sunrise_points else sol.utc[:n]
        earliest = np.array([k in _EARLIEST for k in TIME_NAMES])
        with np.errstate(invalid="ignore"):
            utc = np.where(earliest, np.nanmin(early, axis=0), np.nanmax(latest, axis=0))
        undefined = np.where(earliest, np.isnan(early).any(axis=0), np.isnan(latest).any(axis=0))
        utc[undefined] = np.nan                 # undefined at any point: undefined
        offset = sol.offset[0]
        mode = method.rounding if options.rounding == METHOD_ROUNDING else options.rounding
        if mode is not None:
            utc = round_local(utc + offset, mode) - offset
        flags = np.bitwise_or.reduce(sol.flags, axis=0)
        return Solution(sol.dates, utc[None], offset[None], flags[None])



@lru_cache(maxsize=1)
def _catalogue() -> tuple[dict, dict, str]:
    text = resources.files("salat").joinpath("data", "jakim_zones.json").read_text("utf-8")
    doc = json.loads(text)
    out, outlines = {}, {}
    for z in doc["zones"]:
        out[z["code"]] = Zone(z["code"], z["state"], z["name"], tuple(z["districts"]),
                              z["rule"], tuple((float(a), float(b)) for a, b in z["points"]),
                              float(z["elevation"]), z["method"], z["source"],
                              tuple((float(a), float(b)) for a, b in z["sunrise_points"]))
        outlines[z["code"]] = [np.array(r, float) for r in z["outline"]]
    return out, outlines, doc["licence"]


def zones() -> dict[str, Zone]:
    """The catalogue: zone code -> :class:`Zone` (JAKIM's 60 zones)."""
    return dict(_catalogue()[0])


def licence() -> str:
    """Where the catalogue's data come from, and on what terms."""
    return _catalogue()[2]


def get_zone(code) -> Zone:
    """The :class:`Zone` of a code (case-insensitive), e.g. ``get_zone("sgr01")``."""
    if isinstance(code, Zone):
        return code
    if not isinstance(code, str):
        raise InputTypeError(f"zone must be a zone code such as 'JHR02', got "
                             f"{type(code).__name__}")
    key = code.strip().upper()
    found = _catalogue()[0].get(key)
    if found is None:
        raise InputError(f"zone: unknown zone {code!r}; allowed: "
                         f"{', '.join(sorted(_catalogue()[0]))}")
    return found


def zone_for(lat: float, lon: float) -> Zone | None:
    """The JAKIM zone whose districts hold the place, or None outside them.

    Outlines are DOSM's district boundaries simplified to about 500 m, so a
    place within about 500 m of a zone boundary may get the neighbouring zone.
    Zones that are parts of districts (islands and hills such as ``PHG06``)
    are not returned: the district's zone is.

    >>> zone_for(3.139, 101.687).code
    'WLY01'
    """
    la, lo = inputs.coordinates(lat, lon)
    if la.ndim:
        raise InputTypeError("zone_for takes one place (numbers for lat and lon)")
    y, x = float(la), float(lo)
    # Outlines are outer rings only, so an enclave (Putrajaya inside Sepang) lies in
    # two: the smaller ring is the enclave's.
    codes, rings, boxes, areas = _rings()
    near = np.flatnonzero((boxes[:, 0] <= x) & (x <= boxes[:, 1])
                          & (boxes[:, 2] <= y) & (y <= boxes[:, 3]))
    best, size = None, math.inf
    for i in near.tolist():
        if areas[i] < size and _inside(rings[i], x, y):
            best, size = codes[i], areas[i]
    return None if best is None else _catalogue()[0][best]


@lru_cache(maxsize=1)
def _rings() -> tuple[list[str], list[np.ndarray], np.ndarray, list[float]]:
    """Every outline ring with its zone code, bounding box (west, east, south,
    north) and area, for :func:`zone_for` to test only the rings whose box holds
    the point.
    """
    codes, rings = [], []
    for code, outline in _catalogue()[1].items():
        for r in outline:
            codes.append(code)
            rings.append(r)
    boxes = np.array([(r[:, 0].min(), r[:, 0].max(), r[:, 1].min(), r[:, 1].max())
                      for r in rings])
    return codes, rings, boxes, [abs(_area(r)) for r in rings]


def _area(ring: np.ndarray) -> float:
    """Signed area of a ring (shoelace), square degrees."""
    x, y = ring[:, 0], ring[:, 1]
    return 0.5 * float(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1)))


def _inside(ring: np.ndarray, x: float, y: float) -> bool:
    """Even-odd rule for a point in one ring of (lon, lat) vertices."""
    x0, y0 = ring[:, 0], ring[:, 1]
    x1, y1 = np.roll(x0, -1), np.roll(y0, -1)
    crosses = (y0 > y) != (y1 > y)
    with np.errstate(divide="ignore", invalid="ignore"):
        at = x0 + (y - y0) * (x1 - x0) / (y1 - y0)
    return bool(np.count_nonzero(crosses & (x < at)) % 2)


def place(zone, lat, lon, method, elevation):
    """What :func:`salat.times_for` and :func:`salat.table` use for ``zone=``:
    ``(zone, lat, lon, method)`` with the zone's point and method filled in.

    Giving both a zone and coordinates is an error (which one would be meant?).
    """
    z = get_zone(zone)
    if lat is not None or lon is not None:
        raise InputError(f"zone={zone!r} and lat/lon were both given; give one of them")
    if elevation not in (0, 0.0, None):
        raise InputError(f"zone={zone!r}: elevation={elevation!r} cannot be given with a "
                         f"zone (the zone has its own: {z.elevation:g} m)")
    return z, z.latitude, z.longitude, (z.method if method is None else get_method(method))
