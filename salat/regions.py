"""Which authority's method applies where: :func:`method_for`.

The catalogue (:mod:`salat.methods`) says what each method is; this module
says where each is used. The country of a place comes from its time zone,
found offline (:func:`salat.timezones.tz_at`), and :data:`COUNTRY_METHODS`; a
few regions inside a country have a method of their own (Greater London,
Kelantan).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from functools import lru_cache
from types import MappingProxyType

import pytz

from .methods import METHODS, Method, get_method
from .prayer_zones import Zone, zone_for
from .timezones import tz_at, tz_name

__all__ = ["COUNTRY_METHODS", "ZONE_METHODS", "authority_at", "country_at", "method_for"]


#: The method of each country's authority (ISO 3166 code), where we have one.
#: Countries not listed get ``mwl``.
COUNTRY_METHODS: Mapping[str, str] = MappingProxyType({
    "SA": "umm_al_qura", "YE": "umm_al_qura",
    "EG": "egypt", "SY": "egypt", "LB": "egypt",
    "PK": "karachi", "IN": "karachi", "BD": "karachi", "AF": "karachi",
    "IR": "tehran",
    "KW": "kuwait", "QA": "qatar", "AE": "dubai", "BH": "gulf", "OM": "gulf",
    "SG": "singapore", "MY": "jakim", "ID": "kemenag",
    "TR": "diyanet", "MA": "morocco", "DZ": "algeria", "TN": "tunisia",
    "FR": "france", "RU": "russia", "PT": "portugal", "JO": "jordan",
    "US": "isna", "CA": "moonsighting", "GB": "moonsighting",
})

# Greater London, roughly the M25 ring, where the London Unified timetable applies:
# (south, north, west, east) in degrees.
_LONDON = (51.28, 51.70, -0.52, 0.34)


@lru_cache(maxsize=1)
def _tz_countries() -> dict:
    out: dict = {}
    for country, names in pytz.country_timezones.items():
        for name in names:
            out.setdefault(name, country)
    return out


def country_at(lat: float, lon: float) -> str | None:
    """ISO 3166 code of the country whose time zone holds the place, or None
    (at sea, or in a zone that no country uses alone).
    """
    return _tz_countries().get(tz_name(tz_at(lat, lon)))


def _inside(box, lat, lon) -> bool:
    s, n, w, e = box
    return s <= lat <= n and w <= lon <= e


#: The methods whose authority publishes a table per prayer zone (JAKIM's): with one
#: of these, or with the default, a point in Malaysia gets its zone's table.
ZONE_METHODS = ("jakim", "jakim_kelantan")


def authority_at(lat: float, lon: float, method=None, *,
                 place_tz: _dt.tzinfo | None = None) -> tuple[Method, Zone | None]:
    """The method and the prayer zone that apply at a point by default.

    ``method`` is None (the local authority's, :func:`method_for`), a name or a
    :class:`~salat.methods.Method`. In Malaysia, when it is None or one of
    JAKIM's (:data:`ZONE_METHODS`), the zone is the JAKIM zone that holds the
    point (:func:`salat.zone_for`) and the method the zone's own (JAKIM's
    Kelantan variant in Kelantan): JAKIM publishes one table per zone, and that
    table is what every mosque there shows. Elsewhere, or with another method,
    the zone is None and the times are computed at the point. ``place_tz``: the
    place's own time zone (:func:`salat.timezones.tz_at`) where the caller has
    it already, so that it is not looked up twice.

    >>> authority_at(3.139, 101.687)[1].code
    'WLY01'
    """
    lat, lon = float(lat), float(lon)
    if method is not None:
        m = get_method(method)
        if m.name not in ZONE_METHODS or m != METHODS[m.name]:
            return m, None
    country = _tz_countries().get(tz_name(place_tz or tz_at(lat, lon)))
    if country == "MY":
        zone = zone_for(lat, lon)
        if zone is not None:
            return get_method(zone.method), zone
    if method is not None:
        return m, None
    return _method_in(country, lat, lon), None


def _method_in(country: str | None, lat: float, lon: float) -> Method:
    if country == "GB" and _inside(_LONDON, lat, lon):
        return METHODS["london_unified"]
    return METHODS[COUNTRY_METHODS.get(country, "mwl")]


def method_for(lat: float, lon: float) -> Method:
    """The method of the local authority at a place (``mwl`` where none is mapped).

    The country comes from the place's time zone (offline, see
    :func:`salat.timezones.tz_at`) and :data:`COUNTRY_METHODS`; inside Greater
    London the London Unified timetable's method is used, and in Malaysia the
    method of the JAKIM zone the place lies in (:func:`salat.zone_for`), which
    is JAKIM's Kelantan variant in Kelantan.

    >>> method_for(41.01, 28.98).name
    'diyanet'
    """
    return authority_at(lat, lon)[0]
