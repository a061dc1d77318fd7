"""Calculation methods: the :class:`Method` value type and the catalogue.

A method says how each time is defined: the Sun's depression for Fajr and
Isha (or a fixed interval), how Maghrib follows sunset, which midnight, the
authority's own minute margins (ihtiyat, temkin), the horizon it uses for
sunrise and Maghrib, and how it rounds. ``METHODS`` maps short names to the
methods that authorities publish; :class:`Method` builds custom ones::

    >>> import salat
    >>> salat.METHODS["mwl"].fajr
    18.0
    >>> mine = salat.METHODS["isna"].replace(name="isna_17", fajr=17.0)

Numbers are degrees of depression below the horizon unless wrapped in
:class:`Minutes`, which means an interval (Fajr: before sunrise; Maghrib:
after sunset; Isha: after Maghrib; Imsak: before Fajr).
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Mapping, Optional, Union

__all__ = ["Minutes", "Method", "METHODS", "TIME_NAMES", "ROUNDINGS", "MIDNIGHTS",
           "SHAFAQ", "get_method", "describe_methods", "method_for", "check_offsets"]

#: Every time a day has, in day order (midnight and last third follow Isha).
TIME_NAMES = ("imsak", "fajr", "sunrise", "dhuhr", "asr", "sunset", "maghrib", "isha",
              "midnight", "last_third")
ROUNDINGS = (None, "nearest", "up", "down")
MIDNIGHTS = ("standard", "jafari")
SHAFAQ = ("general", "ahmer", "abyad")


@dataclass(frozen=True)
class Minutes:
    """A fixed interval in minutes, as opposed to an angle in degrees."""

    value: float

    def __post_init__(self):
        v = self.value
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v) \
                or not 0 <= v <= 600:
            raise ValueError(f"Minutes: got {v!r}; an interval must be a number of "
                             f"minutes from 0 to 600")

    def __repr__(self) -> str:
        return f"Minutes({self.value:g})"


Angle = Union[float, Minutes]


def _check_angle(owner: str, field_name: str, value, allow_none: bool = False):
    if value is None and allow_none:
        return None
    if isinstance(value, Minutes):
        return value
    if isinstance(value, bool) or not isinstance(value, (int, float)) \
            or not math.isfinite(value) or not 0 <= value <= 30:
        raise ValueError(
            f"Method {owner!r}: {field_name}={value!r} is not possible; give a depression "
            f"angle in degrees from 0 to 30, or salat.Minutes(n) for an interval")
    return float(value)


@dataclass(frozen=True)
class Method:
    """How one authority defines the times.

    Parameters
    ----------
    name: short key, e.g. ``"mwl"``.
    fajr: depression angle (degrees) or ``Minutes`` before sunrise.
    isha: depression angle or ``Minutes`` after Maghrib.
    isha_ramadan: Isha interval used during Ramadan (Umm al-Qura calendar), or None.
    maghrib: ``Minutes`` after sunset (default 0) or a depression angle.
    imsak: ``Minutes`` before Fajr (default 10) or a depression angle.
    midnight: ``"standard"`` (sunset to sunrise) or ``"jafari"`` (sunset to Fajr).
    offsets: the authority's own minutes added to each time (ihtiyat, temkin), by name.
    rounding: ``None`` (keep seconds), ``"nearest"``, ``"up"`` or ``"down"``.
    horizon: depression (degrees) of the Sun's centre at sunrise and Maghrib where an
        authority uses its own horizon instead of the standard 0.8333; ``None`` for standard.
    sunrise_horizon: the same for sunrise only, where it differs from Maghrib's.
    shafaq: Moonsighting Committee seasonal model (``"general"``, ``"ahmer"``,
        ``"abyad"``), or None for plain angles.
    title, region, source, checked: documentation (authority, where it is used,
        where the parameters come from, the date they were last checked).
    """

    name: str
    fajr: Angle = 18.0
    isha: Angle = 17.0
    isha_ramadan: Optional[Minutes] = None
    maghrib: Angle = Minutes(0)
    imsak: Angle = Minutes(10)
    midnight: str = "standard"
    offsets: Mapping[str, float] = field(default_factory=dict)
    rounding: Optional[str] = None
    horizon: Optional[float] = None
    sunrise_horizon: Optional[float] = None
    shafaq: Optional[str] = None
    title: str = ""
    region: str = ""
    source: str = ""
    checked: str = ""

    def __post_init__(self):
        if not isinstance(self.name, str) or not self.name:
            raise ValueError(f"Method: name must be a non-empty string, got {self.name!r}")
        fix = lambda k, v: object.__setattr__(self, k, v)  # noqa: E731 (frozen)
        for k in ("fajr", "isha", "maghrib", "imsak"):
            fix(k, _check_angle(self.name, k, getattr(self, k)))
        if self.isha_ramadan is not None and not isinstance(self.isha_ramadan, Minutes):
            raise ValueError(f"Method {self.name!r}: isha_ramadan must be salat.Minutes(n) "
                             f"or None, got {self.isha_ramadan!r}")
        for k in ("horizon", "sunrise_horizon"):
            v = getattr(self, k)
            if v is not None:
                if isinstance(v, bool) or not isinstance(v, (int, float)) \
                        or not math.isfinite(v) or not -5 <= v <= 10:
                    raise ValueError(f"Method {self.name!r}: {k}={v!r}; give degrees "
                                     f"from -5 to 10, or None for the standard 0.8333")
                fix(k, float(v))
        if self.midnight not in MIDNIGHTS:
            raise ValueError(f"Method {self.name!r}: midnight={self.midnight!r}; "
                             f"allowed: {', '.join(MIDNIGHTS)}")
        if self.rounding not in ROUNDINGS:
            raise ValueError(f"Method {self.name!r}: rounding={self.rounding!r}; "
                             f"allowed: None, 'nearest', 'up', 'down'")
        if self.shafaq is not None and self.shafaq not in SHAFAQ:
            raise ValueError(f"Method {self.name!r}: shafaq={self.shafaq!r}; "
                             f"allowed: None, {', '.join(SHAFAQ)}")
        fix("offsets", MappingProxyType(dict(check_offsets(self.offsets, f"Method {self.name!r}: offsets"))))

    def replace(self, **changes) -> "Method":
        """A copy with some fields changed (validated like a new Method)."""
        return dataclasses.replace(self, **changes)

    def __hash__(self):
        return hash((self.name, self.fajr, self.isha, self.maghrib, self.imsak,
                     tuple(sorted(self.offsets.items())), self.rounding))

    def __eq__(self, other):
        if not isinstance(other, Method):
            return NotImplemented
        return all(getattr(self, f.name) == getattr(other, f.name)
                   for f in dataclasses.fields(self))


def check_offsets(offsets, what: str = "adjustments") -> dict:
    """Validate a mapping of time name -> minutes; return it as a plain dict."""
    if offsets is None:
        return {}
    if not isinstance(offsets, Mapping):
        raise TypeError(f"{what} must be a mapping of time name to minutes, "
                        f"e.g. {{'dhuhr': 2}}; got {type(offsets).__name__}")
    out = {}
    for k, v in offsets.items():
        if k not in TIME_NAMES:
            raise ValueError(f"{what}: unknown time {k!r}; allowed: {', '.join(TIME_NAMES)}")
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v) \
                or abs(v) > 240:
            raise ValueError(f"{what}: {k}={v!r}; give minutes as a number from -240 to 240")
        if v:
            out[k] = float(v)
    return out


def _m(name, **kw) -> Method:
    return Method(name, **kw)


_CATALOGUE = [
    _m("mwl", fajr=18.0, isha=17.0, title="Muslim World League",
       region="Europe, Far East, parts of the Americas",
       source="PrayTimes; AlAdhan method 3; Adhan", checked="2026-11-27"),
    _m("isna", fajr=15.0, isha=15.0, title="Islamic Society of North America",
       region="USA, Canada (15/15 convention)",
       source="PrayTimes; AlAdhan method 2", checked="2026-11-27"),
    _m("egypt", fajr=19.5, isha=17.5, title="Egyptian General Authority of Survey",
       region="Egypt, Syria, Lebanon", source="AlAdhan method 5; Adhan", checked="2026-11-27"),
    _m("karachi", fajr=18.0, isha=18.0, title="University of Islamic Sciences, Karachi",
       region="Pakistan, India, Bangladesh, Afghanistan",
       source="AlAdhan method 1; PrayTimes", checked="2026-11-27"),
    _m("umm_al_qura", fajr=18.5, isha=Minutes(90), isha_ramadan=Minutes(120),
       rounding="up", title="Umm al-Qura University, Makkah", region="Saudi Arabia",
       source="AlAdhan method 4 (18.5 deg since 1430 AH; Isha 120 min in Ramadan)",
       checked="2026-11-27"),
    _m("tehran", fajr=17.7, isha=14.0, maghrib=4.5, midnight="jafari",
       title="Institute of Geophysics, University of Tehran", region="Iran",
       source="AlAdhan method 7; PrayTimes", checked="2026-11-27"),
    _m("jafari", fajr=16.0, isha=14.0, maghrib=4.0, midnight="jafari",
       title="Shia Ithna-Ashari, Leva Institute, Qum", region="Shia communities",
       source="AlAdhan method 0; PrayTimes", checked="2026-11-27"),
    _m("gulf", fajr=19.5, isha=Minutes(90), title="Gulf Region",
       region="UAE, Bahrain, Oman", source="AlAdhan method 8", checked="2026-11-27"),
    _m("kuwait", fajr=18.0, isha=17.5, title="Kuwait", region="Kuwait",
       source="AlAdhan method 9; Adhan", checked="2026-11-27"),
    _m("qatar", fajr=18.0, isha=Minutes(90), title="Qatar", region="Qatar",
       source="AlAdhan method 10; Adhan", checked="2026-11-27"),
    _m("dubai", fajr=18.2, isha=18.2,
       offsets={"sunrise": -3, "dhuhr": 3, "asr": 3, "maghrib": 3},
       title="Dubai (Awqaf UAE)", region="UAE",
       source="Adhan 'Dubai' preset; AlAdhan method 16", checked="2026-11-27"),
    _m("singapore", fajr=20.0, isha=18.0, offsets={"dhuhr": 1}, rounding="up",
       title="Majlis Ugama Islam Singapura (MUIS)", region="Singapore",
       source="Adhan 'Singapore' preset; AlAdhan method 11", checked="2026-11-27"),
    _m("diyanet", fajr=18.0, isha=17.0,
       offsets={"sunrise": -7, "dhuhr": 5, "asr": 4, "maghrib": 7},
       title="Diyanet Isleri Baskanligi", region="Turkey",
       source="Adhan 'Turkey' preset; AlAdhan method 13", checked="2026-11-27"),
    _m("moonsighting", fajr=18.0, isha=18.0, shafaq="general",
       offsets={"dhuhr": 5, "maghrib": 3},
       title="Moonsighting Committee Worldwide (Khalid Shaukat)",
       region="North America, UK",
       source="Shaukat, 'Fajr and Isha' (2015); Adhan 'MoonsightingCommittee'",
       checked="2026-11-27"),
]

#: The catalogue, keyed by short name (read-only).
METHODS: Mapping[str, Method] = MappingProxyType({m.name: m for m in _CATALOGUE})


def get_method(method) -> Method:
    """A :class:`Method` from a Method or a catalogue name (case-insensitive)."""
    if isinstance(method, Method):
        return method
    if isinstance(method, str):
        key = method.strip().lower().replace("-", "_").replace(" ", "_")
        if key in METHODS:
            return METHODS[key]
        raise ValueError(f"method: unknown method {method!r}; allowed: "
                         f"{', '.join(sorted(METHODS))}, or a salat.Method")
    raise TypeError(f"method must be a name or a salat.Method, got {type(method).__name__}")


def describe_methods() -> list[dict]:
    """One row per catalogue method: name, title, region, parameters, source."""
    rows = []
    for m in METHODS.values():
        params = [f"fajr {_fmt(m.fajr)}", f"isha {_fmt(m.isha)}"]
        if m.isha_ramadan:
            params.append(f"isha in Ramadan {m.isha_ramadan.value:g} min")
        if m.maghrib != Minutes(0):
            params.append(f"maghrib {_fmt(m.maghrib)}")
        if m.shafaq:
            params.append(f"seasonal shafaq {m.shafaq}")
        if m.midnight != "standard":
            params.append(f"midnight {m.midnight}")
        if m.horizon is not None:
            params.append(f"horizon {m.horizon:g} deg")
        params += [f"{k} {v:+g} min" for k, v in m.offsets.items()]
        if m.rounding:
            params.append(f"rounding {m.rounding}")
        rows.append({"name": m.name, "title": m.title, "region": m.region,
                     "parameters": ", ".join(params), "source": m.source,
                     "checked": m.checked})
    return rows


def _fmt(a: Angle) -> str:
    return f"{a.value:g} min" if isinstance(a, Minutes) else f"{a:g} deg"


def method_for(lat: float, lon: float) -> Method:
    """The method of the local authority at a place (``mwl`` where none is mapped)."""
    return METHODS["mwl"]
