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
from dataclasses import dataclass, field
from types import MappingProxyType
from collections.abc import Mapping
from .inputs import InputError, InputTypeError, finite_in_range
from .names import TIME_NAMES

__all__ = ["Minutes", "Method", "METHODS", "TIME_NAMES", "ROUNDINGS", "MIDNIGHTS",
           "SHAFAQ", "get_method", "describe_methods", "describe_parameters", "check_offsets"]

ROUNDINGS = (None, "nearest", "up", "down")
MIDNIGHTS = ("standard", "jafari")
SHAFAQ = ("general", "ahmer", "abyad")


@dataclass(frozen=True)
class Minutes:
    """A fixed interval in minutes, as opposed to an angle in degrees."""

    value: float

    def __post_init__(self):
        object.__setattr__(self, "value", finite_in_range("Minutes", self.value, 0, 600,
                                                          "minutes"))

    def __repr__(self) -> str:
        return f"Minutes({self.value:g})"


Angle = float | Minutes


def _check_angle(owner: str, field_name: str, value):
    if isinstance(value, Minutes):
        return value
    return finite_in_range(f"Method {owner!r}: {field_name}", value, 0, 30,
                           "degrees of depression",
                           hint="; or salat.Minutes(n) for an interval")


@dataclass(frozen=True)
class Method:
    """How one authority defines the times.

    Parameters
    ----------
    name : str
        Short key, e.g. ``"mwl"``.
    fajr : float or Minutes
        Depression angle (degrees) or ``Minutes`` before sunrise.
    isha : float or Minutes
        Depression angle or ``Minutes`` after Maghrib.
    isha_ramadan : Minutes, optional
        Isha interval used during Ramadan (Umm al-Qura calendar).
    maghrib : float or Minutes
        ``Minutes`` after sunset (default 0) or a depression angle.
    imsak : float or Minutes
        ``Minutes`` before Fajr (default 10) or a depression angle.
    midnight : {"standard", "jafari"}
        Halfway from sunset to sunrise, or from sunset to Fajr.
    offsets : mapping of str to float
        The authority's own minutes added to each time (ihtiyat, temkin), by name.
    rounding : {None, "nearest", "up", "down"}
        ``None`` keeps seconds.
    horizon : float, optional
        Depression (degrees) of the Sun's centre at sunrise and Maghrib where an
        authority uses its own horizon instead of the standard 0.8333.
    sunrise_horizon : float, optional
        The same for sunrise only, where it differs from Maghrib's.
    dip : float
        The fraction of the standard dip of the horizon (``0.0347 * sqrt(elevation)``
        degrees) by which the authority lowers its sunrise and Maghrib horizon for a
        place's ``elevation``: 1 (default) is the full geometric dip; Habous uses
        about 0.6 (measured on its tables of 8 Moroccan cities from 10 to 2,150 m).
    shafaq : {None, "general", "ahmer", "abyad"}
        Moonsighting Committee seasonal model, or None for plain angles.
    sun_at : float, optional
        Hour of Universal Time on each date at which the authority takes the
        Sun's declination and equation of time for *all* of that date's times
        (Diyanet: 0, i.e. 0h UT); ``None`` (default) follows the Sun to each
        event. With a fixed Sun, hour angles turn at 15 degrees per hour from
        the transit the equation of time gives.
    ramadan_offsets : mapping of str to float
        Minutes added on top of ``offsets`` on the days of Ramadan (Umm al-Qura
        calendar), for authorities whose Ramadan tables carry an extra margin
        (Qatar: Maghrib and Isha +1).
    title, region, source, checked : str
        Documentation: the authority, where it is used, where the parameters
        come from, the date they were last checked.

    Raises
    ------
    salat.InputError
        For a value outside the limits above, naming the field and the value.
    """

    name: str
    fajr: Angle = 18.0
    isha: Angle = 17.0
    isha_ramadan: Minutes | None = None
    maghrib: Angle = Minutes(0)
    imsak: Angle = Minutes(10)
    midnight: str = "standard"
    offsets: Mapping[str, float] = field(default_factory=dict)
    rounding: str | None = None
    horizon: float | None = None
    sunrise_horizon: float | None = None
    dip: float = 1.0
    shafaq: str | None = None
    title: str = ""
    region: str = ""
    source: str = ""
    checked: str = ""
    sun_at: float | None = None
    ramadan_offsets: Mapping[str, float] = field(default_factory=dict)

    def __post_init__(self):
        if not isinstance(self.name, str) or not self.name:
            raise InputError(f"Method: name must be a non-empty string, got {self.name!r}")
        fix = lambda k, v: object.__setattr__(self, k, v)  # noqa: E731 (frozen)
        for k in ("fajr", "isha", "maghrib", "imsak"):
            fix(k, _check_angle(self.name, k, getattr(self, k)))
        if self.isha_ramadan is not None and not isinstance(self.isha_ramadan, Minutes):
            raise InputError(f"Method {self.name!r}: isha_ramadan must be salat.Minutes(n) "
                             f"or None, got {self.isha_ramadan!r}")
        for k in ("horizon", "sunrise_horizon"):
            v = getattr(self, k)
            if v is not None:
                fix(k, finite_in_range(f"Method {self.name!r}: {k}", v, -5, 10, "degrees",
                                       hint="; or None for the standard 0.8333"))
        fix("dip", finite_in_range(f"Method {self.name!r}: dip", self.dip, 0, 2,
                                   hint="; the fraction of the standard dip of the horizon "
                                        "(1 is the full dip)"))
        if self.sun_at is not None:
            fix("sun_at", finite_in_range(f"Method {self.name!r}: sun_at", self.sun_at, -12, 36,
                                          "hours of Universal Time",
                                          hint="; or None for the Sun at each event"))
        if self.midnight not in MIDNIGHTS:
            raise InputError(f"Method {self.name!r}: midnight={self.midnight!r}; "
                             f"allowed: {', '.join(MIDNIGHTS)}")
        if self.rounding not in ROUNDINGS:
            raise InputError(f"Method {self.name!r}: rounding={self.rounding!r}; "
                             f"allowed: None, 'nearest', 'up', 'down'")
        if self.shafaq is not None and self.shafaq not in SHAFAQ:
            raise InputError(f"Method {self.name!r}: shafaq={self.shafaq!r}; "
                             f"allowed: None, {', '.join(SHAFAQ)}")
        fix("offsets", MappingProxyType(dict(check_offsets(
            self.offsets, f"Method {self.name!r}: offsets"))))
        fix("ramadan_offsets", MappingProxyType(dict(check_offsets(
            self.ramadan_offsets, f"Method {self.name!r}: ramadan_offsets"))))

    def replace(self, **changes) -> Method:
        """A copy with some fields changed (validated like a new Method)."""
        return dataclasses.replace(self, **changes)

    def __hash__(self):
        # Computed once (the value is frozen): a method is part of every memo's key.
        h = self.__dict__.get("_hash")
        if h is None:
            h = hash((self.name, self.fajr, self.isha, self.maghrib, self.imsak,
                      tuple(sorted(self.offsets.items())), self.rounding))
            object.__setattr__(self, "_hash", h)
        return h

    def __eq__(self, other):
        if self is other:
            return True
        if not isinstance(other, Method):
            return NotImplemented
        return all(getattr(self, f.name) == getattr(other, f.name)
                   for f in dataclasses.fields(self))


def check_offsets(offsets, what: str = "adjustments") -> dict:
    """Validate a mapping of time name -> minutes; return it as a plain dict."""
    if offsets is None:
        return {}
    if not isinstance(offsets, Mapping):
        raise InputTypeError(f"{what} must be a mapping of time name to minutes, "
                        f"e.g. {{'dhuhr': 2}}; got {type(offsets).__name__}")
    out = {}
    for k, v in offsets.items():
        if k not in TIME_NAMES:
            raise InputError(f"{what}: unknown time {k!r}; allowed: {', '.join(TIME_NAMES)}")
        v = finite_in_range(f"{what}: {k}", v, -240, 240, "minutes")
        if v:
            out[k] = v
    return out


_CHECKED = "2026-11-27"


def _m(name, **kw) -> Method:
    kw.setdefault("checked", _CHECKED)
    return Method(name, **kw)


# JAKIM's rounding and margins, shared by its zones: every time rounded up to the
# minute, Syuruk down (up, less one minute), Zohor one minute after transit.
_JAKIM_MARGINS = {"sunrise": -1, "dhuhr": 1}

# Every entry names its sources; tags as in the project's research notes:
# AlAdhan = islamic-network/prayer-times Method.php and the api.aladhan.com tunes,
# PrayTimes = praytimes.org v2/v3, Adhan = batoulapps/adhan CalculationMethod,
# ITL = arabeyes libitl. "Official table" means a timetable the authority itself
# published, compared minute by minute in docs/accuracy.md.
_CATALOGUE = [
    # --- International conventions (no authority table to round like) -------------
    _m("mwl", fajr=18.0, isha=17.0, title="Muslim World League",
       region="Europe, Far East, parts of the Americas",
       source="AlAdhan method 3, PrayTimes, Adhan and ITL agree on 18/17. Adhan alone adds "
              "Dhuhr +1; we follow the majority (no margin)."),
    _m("isna", fajr=15.0, isha=15.0, title="Islamic Society of North America",
       region="USA (15/15 convention)",
       source="AlAdhan method 2, PrayTimes, Adhan, ITL (15/15). A 2014 claim of Fajr 17.5 "
              "was never adopted by ITL. ISNA Canada's own tables follow the Moonsighting "
              "Committee instead, so method_for maps Canada to 'moonsighting'."),
    _m("egypt", fajr=19.5, isha=17.5, rounding="down",
       title="Egyptian General Authority of Survey", region="Egypt, Syria, Lebanon",
       source="AlAdhan method 5, PrayTimes, Adhan (19.5/17.5; ITL's 20/18 is the older "
              "'EgyptBis' variant). The 2025 Cairo table of the Egyptian Survey Authority "
              "fits 19.5/17.5 with times truncated to the minute and no margins."),
    _m("karachi", fajr=18.0, isha=18.0, title="University of Islamic Sciences, Karachi",
       region="Pakistan, India, Bangladesh, Afghanistan",
       source="AlAdhan method 1, PrayTimes, Adhan (18/18). Use asr='hanafi' for the "
              "Hanafi Asr (ITL's 'Karachi-Hanafi' entry)."),
    _m("umm_al_qura", fajr=18.5, isha=Minutes(90), isha_ramadan=Minutes(120),
       offsets={"sunrise": -1}, rounding="up", title="Umm al-Qura University, Makkah",
       region="Saudi Arabia",
       source="AlAdhan method 4 and Adhan: Fajr 18.5 since Muharram 1430 AH (19 before; "
              "ITL still has 19), Isha 90 min after Maghrib and 120 min in Ramadan (AlAdhan; "
              "Adhan leaves the Ramadan rule to apps). The published Makkah 2016 and Riyadh "
              "2025 tables round times up and sunrise down (up with -1 here)."),
    _m("tehran", fajr=17.7, isha=14.0, maghrib=4.5, midnight="jafari",
       title="Institute of Geophysics, University of Tehran", region="Iran",
       source="AlAdhan method 7, PrayTimes, Adhan (17.7/14, Maghrib at 4.5 deg, midnight "
              "sunset to Fajr). The Institute states no Isha angle; 14 is the libraries' "
              "common choice."),
    _m("jafari", fajr=16.0, isha=14.0, maghrib=4.0, midnight="jafari",
       title="Shia Ithna-Ashari, Leva Institute, Qum", region="Shia communities",
       source="AlAdhan method 0, PrayTimes v2 and v3 (16/14, Maghrib at 4 deg, midnight "
              "sunset to Fajr)."),
    # --- The Gulf -------------------------------------------------------------------
    _m("gulf", fajr=19.5, isha=Minutes(90), title="Gulf Region (fixed Isha interval)",
       region="Bahrain, Oman",
       source="AlAdhan method 8 and ITL 'Fixed Ishaa Interval' (19.5 deg, Isha 90 min). "
              "The bilal docs' 120 min in Ramadan is not in AlAdhan or ITL; not applied."),
    _m("kuwait", fajr=18.0, isha=17.5, title="Kuwait", region="Kuwait",
       source="AlAdhan method 9, Adhan (18/17.5); the 2016 official table fits within "
              "about +-1 min. Shaukat's 1993 survey listed 16.5/16.5 (superseded)."),
    _m("qatar", fajr=18.0, isha=Minutes(90), rounding="nearest",
       offsets={"fajr": -0.5, "maghrib": 2, "isha": 2},
       ramadan_offsets={"maghrib": 1, "isha": 1},
       title="Qatar (Qatar Calendar House / Ministry of Awqaf)", region="Qatar",
       source="AlAdhan method 10, Adhan (18 deg, Isha 90 min after Maghrib). Qatar Calendar "
              "House tables put Maghrib (and Isha with it) about 2 min after sunset in its "
              "perpetual table and 3 min in its dated Ramadan 1446 imsakiya (1 min later on "
              "22 of 28 days), hence +2 and +1 more in Ramadan; the ministry's 2016 table "
              "had about +1. Both Calendar House tables print Fajr about half a minute "
              "early (-0.5: truncated where the others are rounded to the nearest minute)."),
    _m("dubai", fajr=18.2, isha=18.2, rounding="nearest",
       offsets={"sunrise": -3, "dhuhr": 3, "asr": 1, "maghrib": 3},
       title="General Authority of Islamic Affairs and Endowments (Awqaf), UAE",
       region="United Arab Emirates",
       source="Adhan 'Dubai' preset (18.2/18.2, sunrise -3, Dhuhr +3, Asr +3, Maghrib +3) "
              "fitted on Awqaf's 2018 tables; AlAdhan method 16 (+3 on Dhuhr and Maghrib). "
              "Awqaf's Sept 2025 table has Asr only +1, so we follow the newer table for Asr."),
    # --- South-East Asia --------------------------------------------------------------
    _m("singapore", fajr=20.0, isha=18.0, offsets={"dhuhr": 1}, rounding="up",
       title="Majlis Ugama Islam Singapura (MUIS)", region="Singapore",
       source="AlAdhan method 11, Adhan 'Singapore' preset (20/18, Dhuhr +1, rounded up; "
              "a rumoured Isha 17 was rejected in batoulapps/Adhan #104). Checked against "
              "MUIS's 2023-2025 yearly timetables."),
    _m("jakim", fajr=18.0, isha=18.0, rounding="up",
       offsets=_JAKIM_MARGINS,
       title="Jabatan Kemajuan Islam Malaysia (JAKIM)", region="Malaysia",
       source="Subuh 18 deg since the 116th Muzakarah of the National Fatwa Committee "
              "(20-21 Nov 2019; AlAdhan method 17 still has the old 20), Isyak 18 "
              "(adhan-swift PR 100). JAKIM computes each zone's table at the zone's "
              "reference point(s) (times_for(zone='SGR01'); salat.prayer_zones): at them "
              "its 2026 tables of 56 zones fit every time rounded up to the minute, "
              "Syuruk rounded down and Zohor 1 min after transit, with no other margin; "
              "imsak is Subuh - 10 min. Kelantan's Isyak is 17 deg: see 'jakim_kelantan'."),
    _m("jakim_kelantan", fajr=18.0, isha=17.0, rounding="up",
       offsets=_JAKIM_MARGINS,
       title="JAKIM, Kelantan zones", region="Kelantan (Malaysia)",
       source="As 'jakim', with Isyak 17 deg: JAKIM's Kelantan tables (Rantau Panjang, "
              "Sept 2025; zones KTN01 and KTN02 in 2026) fit 17 and miss 18 by 4.5 min; "
              "masaajid-hub 'JAKIM-Kelantan'."),
    _m("kemenag", fajr=20.0, isha=18.0, horizon=1.0, rounding="up",
       offsets={"imsak": 2, "fajr": 2, "sunrise": -3, "dhuhr": 3, "asr": 2,
                "maghrib": 2, "isha": 2},
       title="Kementerian Agama Republik Indonesia (Kemenag), Bimas Islam",
       region="Indonesia",
       source="Subuh 20, Isya 18 (AlAdhan method 20; T. Djamaluddin, Anadolu Agency "
              "2020-01-17). Kemenag's ihtiyat, horizon and rounding from adhan-swift PR 103: "
              "sunrise and Maghrib at a 1 deg horizon, +2 min on the times, Dhuhr +3, "
              "sunrise -3, rounded up. Imsak is Subuh - 10 min, as the tables print (so it "
              "carries Subuh's +2)."),
    # --- Turkey, North Africa -------------------------------------------------------------
    _m("diyanet", fajr=18.0, isha=17.0, sun_at=0.0, rounding="nearest",
       offsets={"sunrise": -7, "dhuhr": 5, "asr": 4, "maghrib": 7},
       title="Diyanet Isleri Baskanligi", region="Turkey",
       source="18/17 with temkin sunrise -7, Dhuhr +5, Asr +4, Maghrib +7 (Adhan 'Turkey' "
              "preset; AlAdhan method 13, 'experimental'). Diyanet's Istanbul 2025-2026 "
              "tables take the Sun's declination and equation of time once a day at 0h UT "
              "(the Maghrib and Isha residuals swing 2 min with the season otherwise) and "
              "round to the nearest minute. Its 'imsak' column is Fajr. The -2 deg Maghrib "
              "of awqat's 'diyanet' variant does not fit these tables."),
    _m("morocco", fajr=19.1, isha=17.0, rounding="nearest", dip=0.6,
       offsets={"sunrise": -3, "dhuhr": 5, "maghrib": 3.75},
       title="Ministry of Habous and Islamic Affairs, Morocco", region="Morocco",
       source="Fajr 19 / Isha 17 (AlAdhan method 21, ITL 'Morocco Awqaf'); Fajr 19.1 "
              "fitted over 7 cities in batoulapps/adhan-js PR 17 and confirmed by the Habous "
              "tables of 2026, which also give Dhuhr +5 (tamkin). Habous lowers the horizon "
              "of sunrise and Maghrib with the city's elevation: measured on its 2026 "
              "tables of 8 cities from 10 m (Essaouira) to about 2,150 m (Imilchil), the "
              "extension grows as 0.6 of the standard dip (0.0208 deg x sqrt(h)), on top "
              "of sunrise -3 and Maghrib +3.75 min; pass the city's elevation "
              "(times_for(..., elevation=h), salat --elevation). The ministry publishes "
              "no method."),
    _m("algeria", fajr=18.0, isha=17.0,
       title="Ministry of Religious Affairs and Wakfs, Algeria", region="Algeria",
       source="AlAdhan method 19 and adhan_dart PR 29 (18/17, no Dhuhr margin). The mawaqit "
              "crate adds Maghrib +3; not followed (no official table to settle it)."),
    _m("tunisia", fajr=18.0, isha=18.0, title="Ministry of Religious Affairs, Tunisia",
       region="Tunisia", source="AlAdhan method 18, adhan_dart PR 32 (18/18)."),
    # --- Europe ---------------------------------------------------------------------------
    _m("france", fajr=12.0, isha=12.0,
       title="Union des Organisations Islamiques de France (Musulmans de France)",
       region="France",
       source="AlAdhan method 12, awqat, masaajid-hub (12/12). Other French conventions "
              "are 'france_15' and 'france_18'."),
    _m("france_15", fajr=15.0, isha=15.0, title="France, 15 degrees", region="France",
       source="masaajid-hub and awqat 'France 15' (15/15)."),
    _m("france_18", fajr=18.0, isha=18.0, title="France, 18 degrees", region="France",
       source="masaajid-hub and awqat 'France 18' (18/18), attributed by some to the "
              "Grande Mosquee de Paris (unconfirmed)."),
    _m("russia", fajr=16.0, isha=15.0, rounding="down",
       title="Spiritual Administration of Muslims of Russia", region="Russia",
       source="AlAdhan method 14, awqat, masaajid-hub (16/15). A Moscow 2025 table "
              "(voshod-solnca.ru, not the authority) fits with times truncated."),
    _m("portugal", fajr=18.0, isha=Minutes(77), maghrib=Minutes(3), offsets={"dhuhr": 5},
       title="Comunidade Islamica de Lisboa", region="Portugal",
       source="AlAdhan method 22 and its fixed Dhuhr +5 tune; awqat agrees (18 deg, "
              "Maghrib 3 min after sunset, Isha 77 min after Maghrib)."),
    _m("london_unified", fajr=18.0, isha=18.0, shafaq="general", rounding="nearest",
       offsets={"sunrise": -3, "dhuhr": 5, "asr": 0.5, "maghrib": 3},
       title="London Unified Prayer Timetable", region="Greater London (inside the M25)",
       source="The 2026 London Unified timetable (londonprayertimes.com): sunrise 3 min "
              "early, Dhuhr +5, Maghrib +3, Asr about half a minute late (rounded up). Its "
              "Fajr and Isha rules are unpublished ('mushahada-guided'); we use the "
              "Moonsighting Committee's seasonal model, the nearest documented one, which "
              "stays within about 10 min of them."),
    _m("jordan", fajr=18.0, isha=18.0, maghrib=Minutes(5),
       title="Ministry of Awqaf, Islamic Affairs and Holy Places, Jordan", region="Jordan",
       source="AlAdhan method 23 (requested in api.aladhan.com #73 citing awqaf.gov.jo); "
              "awqat agrees (18/18, Maghrib 5 min after sunset)."),
    # --- Moonsighting Committee Worldwide ---------------------------------------------------
    _m("moonsighting", fajr=18.0, isha=18.0, shafaq="general",
       offsets={"dhuhr": 5, "maghrib": 3},
       title="Moonsighting Committee Worldwide (Khalid Shaukat)",
       region="North America, UK",
       source="Shaukat, 'Fajr and Isha' (2015), seasonal minutes bounded by 18 deg and by "
              "1/7 of the night from 55 deg, Dhuhr +5, Maghrib +3, as moonsighting.com's "
              "generator and Adhan compute it (AlAdhan method 15 omits the bounds and "
              "margins). Shafaq 'general'; see 'moonsighting_ahmer' and "
              "'moonsighting_abyad', or Method.replace(shafaq=...)."),
    _m("moonsighting_ahmer", fajr=18.0, isha=18.0, shafaq="ahmer",
       offsets={"dhuhr": 5, "maghrib": 3},
       title="Moonsighting Committee, shafaq ahmer (red twilight)",
       region="North America, UK",
       source="As 'moonsighting', with Shaukat's red-twilight (ahmer) Isha coefficients."),
    _m("moonsighting_abyad", fajr=18.0, isha=18.0, shafaq="abyad",
       offsets={"dhuhr": 5, "maghrib": 3},
       title="Moonsighting Committee, shafaq abyad (white twilight)",
       region="North America, UK",
       source="As 'moonsighting', with Shaukat's white-twilight (abyad) Isha coefficients."),
]

#: The catalogue, keyed by short name (read-only).
METHODS: Mapping[str, Method] = MappingProxyType({m.name: m for m in _CATALOGUE})


def get_method(method) -> Method:
    """A :class:`Method` from a Method or a catalogue name (case-insensitive)."""
    if isinstance(method, Method):
        return method
    if isinstance(method, str):
        found = METHODS.get(method)           # a catalogue key as it is (the usual case)
        if found is not None:
            return found
        key = method.strip().lower().replace("-", "_").replace(" ", "_")
        if key in METHODS:
            return METHODS[key]
        raise InputError(f"method: unknown method {method!r}; allowed: "
                         f"{', '.join(sorted(METHODS))}, or a salat.Method")
    raise InputTypeError(f"method must be a name or a salat.Method, got {type(method).__name__}")


def describe_methods() -> list[dict]:
    """One row per catalogue method: name, title, region, parameters, source, checked.

    This is the ``salat methods`` listing; ``parameters`` reads like
    ``"fajr 18 deg, isha 17 deg, dhuhr +5 min, rounding nearest"``.
    """
    return [{"name": m.name, "title": m.title, "region": m.region,
             "parameters": describe_parameters(m), "source": m.source,
             "checked": m.checked} for m in METHODS.values()]


def describe_parameters(m: Method) -> str:
    """A method's parameters in one line of text."""
    if m.shafaq:
        params = ["fajr seasonal (18 deg bound)",
                  f"isha seasonal, shafaq {m.shafaq} (18 deg bound)"]
    else:
        params = [f"fajr {_fmt(m.fajr)}", f"isha {_fmt(m.isha)}"]
    if m.isha_ramadan:
        params.append(f"isha in Ramadan {m.isha_ramadan.value:g} min")
    if m.maghrib != Minutes(0):
        params.append(f"maghrib {_fmt(m.maghrib)}")
    if m.imsak != Minutes(10):
        params.append(f"imsak {_fmt(m.imsak)}")
    if m.midnight != "standard":
        params.append(f"midnight {m.midnight}")
    if m.horizon is not None:
        params.append(f"horizon {m.horizon:g} deg")
    if m.sunrise_horizon is not None:
        params.append(f"sunrise horizon {m.sunrise_horizon:g} deg")
    if m.dip != 1.0:
        params.append(f"dip {m.dip:g} x standard for the elevation")
    if m.sun_at is not None:
        params.append(f"Sun taken at {m.sun_at:g}h UT")
    params += [f"{k} {v:+g} min" for k, v in m.offsets.items()]
    params += [f"{k} {v:+g} min in Ramadan" for k, v in m.ramadan_offsets.items()]
    if m.rounding:
        params.append(f"rounding {m.rounding}")
    return ", ".join(params)


def _fmt(a: Angle) -> str:
    return f"{a.value:g} min" if isinstance(a, Minutes) else f"{a:g} deg"
