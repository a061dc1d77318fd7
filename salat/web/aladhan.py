"""AlAdhan-compatible endpoints under ``/v1/``, computed by salat.

An AlAdhan client works against this server with only its base URL changed:
the same paths, parameter names, method ids, ``tune`` order, response
envelope (``{"code": 200, "status": "OK", "data": ...}``) and error shape.
The times are salat's: each method id maps to the authority's published rules
(:data:`METHOD_IDS`), and with no ``method`` the place's own authority is used
(:func:`salat.method_for`) instead of AlAdhan's nearest-of-23.

Where we differ on purpose (also in the README): a bad value is a 400 naming
it (AlAdhan falls back silently to a default or to today); latitude 0 and
longitude 0 are places; Hijri dates are Umm al-Qura's (``"method": "UAQ"``);
with no ``latitudeAdjustmentMethod`` salat's recommended rule applies.
"""

from __future__ import annotations

import datetime as _dt
import functools
import math
import re
import time
from urllib.parse import urlencode

import hijridate

import salat
from salat.hijri import MONTH_NAMES, hijri_date, is_tabular_leap
from salat.inputs import InputError, month_end
from salat.methods import METHODS, Method, Minutes, get_method
from salat.timezones import localize, resolve_tz, tz_name

from . import caching
from .caching import Answer, next_local_midnight
from .core import Service, today
from .core import now as local_now
from .endpoint import ALADHAN_ERRORS, Endpoint, Query
from .endpoint import json_body as _json
from .params import Param, ParamError

__all__ = ["ENDPOINTS", "METHOD_IDS", "PARAMS", "ERRORS", "PREFIX", "owns", "aladhan_endpoint",
           "hh_mm"]

#: Where the AlAdhan API lives on this server, and its error shape.
PREFIX = "/v1"
ERRORS = ALADHAN_ERRORS


def owns(path: str) -> bool:
    """Whether a request path belongs to the AlAdhan API (its errors take AlAdhan's shape)."""
    return path == PREFIX or path.startswith((PREFIX + "/", "/timings/"))

#: AlAdhan method id -> (AlAdhan code, the salat method used for it).
METHOD_IDS = {
    0: ("JAFARI", "jafari"), 1: ("KARACHI", "karachi"), 2: ("ISNA", "isna"),
    3: ("MWL", "mwl"), 4: ("MAKKAH", "umm_al_qura"), 5: ("EGYPT", "egypt"),
    7: ("TEHRAN", "tehran"), 8: ("GULF", "gulf"), 9: ("KUWAIT", "kuwait"),
    10: ("QATAR", "qatar"), 11: ("SINGAPORE", "singapore"), 12: ("FRANCE", "france"),
    13: ("TURKEY", "diyanet"), 14: ("RUSSIA", "russia"), 15: ("MOONSIGHTING", "moonsighting"),
    16: ("DUBAI", "dubai"), 17: ("JAKIM", "jakim"), 18: ("TUNISIA", "tunisia"),
    19: ("ALGERIA", "algeria"), 20: ("KEMENAG", "kemenag"), 21: ("MOROCCO", "morocco"),
    22: ("PORTUGAL", "portugal"), 23: ("JORDAN", "jordan"),
}
CUSTOM = 99
#: Each method's reference point, as AlAdhan gives it in ``meta.method.location``
#: (ids 0-16: islamic-network/prayer-times ``Method.php``; 17-23: AlAdhan's
#: ``/v1/methods``). Moonsighting (15) and custom (99) have none.
LOCATIONS = {
    0: (34.6415764, 50.8746035), 1: (24.8614622, 67.0099388),
    2: (39.70421229999999, -86.39943869999999), 3: (51.5194682, -0.1360365),
    4: (21.3890824, 39.8579118), 5: (30.0444196, 31.2357116), 7: (35.6891975, 51.3889736),
    8: (24.1323638, 53.3199527), 9: (29.375859, 47.9774052), 10: (25.2854473, 51.5310398),
    11: (1.352083, 103.819836), 12: (48.856614, 2.3522219), 13: (39.9333635, 32.8597419),
    14: (54.73479099999999, 55.9578555), 16: (25.0762677, 55.087404),
    17: (3.139003, 101.686855), 18: (36.8064948, 10.1815316), 19: (36.753768, 3.0587561),
    20: (-6.2087634, 106.845599), 21: (33.9715904, -6.8498129), 22: (38.7222524, -9.1393366),
    23: (31.9461222, 35.923844),
}
#: What /v1/ does on days without sunrise or sunset: the times of the nearest latitude
#: where all of them occur (the Saudi Council of Senior Scholars, resolution 61 of
#: 1398 AH, and the Muslim World League's Fiqh Council, 1406 AH: "the nearest land
#: where night and day are distinct"), so that every AlAdhan client gets a clock time.
POLAR = "nearest_latitude"
_ID_OF = {name: i for i, (_, name) in METHOD_IDS.items()}
_ID_OF.update({"jakim_kelantan": 17, "moonsighting_ahmer": 15, "moonsighting_abyad": 15})
_SHAFAQ = {"general": "moonsighting", "ahmer": "moonsighting_ahmer",
           "abyad": "moonsighting_abyad"}
#: latitudeAdjustmentMethod ids -> salat's high_latitude rules.
_LATITUDE = {0: ("NONE", "none"), 1: ("MIDDLE_OF_THE_NIGHT", "middle_of_night"),
             2: ("ONE_SEVENTH", "seventh_of_night"), 3: ("ANGLE_BASED", "twilight_angle")}
#: The order of the nine ``tune`` values.
TUNE = ("Imsak", "Fajr", "Sunrise", "Dhuhr", "Asr", "Maghrib", "Sunset", "Isha", "Midnight")
#: The timings keys, in AlAdhan's order, and the salat time each one is.
TIMINGS = (("Fajr", "fajr"), ("Sunrise", "sunrise"), ("Dhuhr", "dhuhr"), ("Asr", "asr"),
           ("Sunset", "sunset"), ("Maghrib", "maghrib"), ("Isha", "isha"), ("Imsak", "imsak"),
           ("Midnight", "midnight"), ("Firstthird", None), ("Lastthird", "last_third"))
_WEEKDAYS_HIJRI = (("Al Athnayn", "الاثنين"), ("Al Thalaata", "الثلاثاء"),
                   ("Al Arba'a", "الاربعاء"), ("Al Khamees", "الخميس"),
                   ("Al Juma'a", "الجمعة"), ("Al Sabt", "السبت"), ("Al Ahad", "الاحد"))
_MONTHS_AR = ("مُحَرَّم", "صَفَر", "رَبيع الأوَّل", "رَبيع الثاني", "جُمادى الأولى",
              "جُمادى الآخرة", "رَجَب", "شَعْبان", "رَمَضان", "شَوّال", "ذوالقعدة", "ذوالحجة")
_EN_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December")
_EN_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_DMY = re.compile(r"(\d{1,2})-(\d{1,2})-(\d{1,4})")
UNDEFINED = "-----"

#: The AlAdhan query parameters (unknown ones are ignored, as AlAdhan does).
PARAMS = (
    Param("latitude", "number", "Latitude, degrees north.", minimum=-90, maximum=90,
          example=25.2048),
    Param("longitude", "number", "Longitude, degrees east.", minimum=-180, maximum=180,
          example=55.2708),
    Param("method", "integer", "AlAdhan method id (GET /v1/methods); omitted: the local "
                               "authority's method.", choices=tuple(METHOD_IDS) + (CUSTOM,)),
    Param("school", "integer", "Asr: 0 standard, 1 Hanafi.", choices=(0, 1)),
    Param("midnightMode", "integer", "0 standard (sunset to sunrise), 1 Jafari (to Fajr).",
          choices=(0, 1)),
    Param("latitudeAdjustmentMethod", "integer", "0 none, 1 middle of the night, 2 one "
          "seventh, 3 angle based; omitted: salat's recommended rule.", choices=(0, 1, 2, 3)),
    Param("tune", "string", "Minutes added to Imsak,Fajr,Sunrise,Dhuhr,Asr,Maghrib,Sunset,"
                            "Isha,Midnight (comma-separated)."),
    Param("methodSettings", "string", "Method 99: fajr,maghrib,isha, each degrees, 'N min' "
                                      "or null."),
    Param("shafaq", "string", "Method 15: which twilight.", choices=tuple(_SHAFAQ)),
    Param("timezonestring", "string", "IANA zone; default: the place's own (offline)."),
    Param("iso8601", "string", "'true': times as ISO 8601 with offset.",
          choices=("true", "false")),
    Param("adjustment", "integer", "Days added to the Hijri date.", minimum=-30, maximum=30),
    Param("calendarMethod", "string", "Accepted; the Hijri date is always Umm al-Qura's."),
)
_CALENDAR = PARAMS + (
    Param("annual", "string", "'true': the whole year.", choices=("true", "false")),
    Param("year", "integer", "Gregorian year (legacy query form).", minimum=1800, maximum=2200),
    Param("month", "integer", "Month 1-12 (legacy query form).", minimum=1, maximum=12),
)
_HIJRI = (Param("date", "string", "DD-MM-YYYY (redirects to the path form)."),
          Param("adjustment", "integer", "Days added to the Hijri date.", minimum=-30,
                maximum=30),
          Param("calendarMethod", "string", "Accepted; always Umm al-Qura."))


def _ok(data, expires: float | None = None) -> Answer:
    return Answer(_json({"code": 200, "status": "OK", "data": data}), "application/json",
                  expires)


def _redirect(request_path: str, query: list, status: int = 302,
              expires: float | None = None) -> Answer:
    location = request_path + ("?" + urlencode(query) if query else "")
    return Answer(b"", "application/json", expires, {"Location": location}, status=status)


# ---------------------------------------------------------------- requests -> salat

def _method(kw: Query, lat: float, lon: float) -> tuple[Method, int]:
    mid = kw.get("method")
    if mid is None:
        m = salat.method_for(lat, lon)
        mid = _ID_OF.get(m.name, CUSTOM)
    elif mid == CUSTOM:
        m = _custom(kw.get("methodSettings"))
    elif mid == 15:
        m = METHODS[_SHAFAQ[kw.get("shafaq") or "general"]]
    else:
        m = get_method(METHOD_IDS[mid][1])
    if kw.get("midnightMode") is not None:
        m = m.replace(midnight=("standard", "jafari")[kw["midnightMode"]])
    return m, mid


def _setting(text: str, default):
    text = text.strip()
    if text in ("", "null", "0"):
        return default
    m = re.fullmatch(r"(\d+(?:\.\d+)?)\s*min", text)
    if m:
        return Minutes(float(m.group(1)))
    try:
        value = float(text)
    except ValueError:
        raise ParamError("methodSettings", f"methodSettings: {text[:20]!r} is neither degrees "
                                           f"nor 'N min'") from None
    if not 0 < value <= 30:
        raise ParamError("methodSettings", f"methodSettings: {value:g} degrees; allowed: 0 to 30")
    return value


def _custom(settings: str | None) -> Method:
    parts = (settings or "").split(",")
    if len(parts) > 3:
        raise ParamError("methodSettings", "methodSettings: give fajr,maghrib,isha")
    parts += [""] * (3 - len(parts))
    return Method("custom", fajr=_setting(parts[0], 15.0), maghrib=_setting(parts[1], Minutes(0)),
                  isha=_setting(parts[2], 15.0), title="Custom")


def _tune(text: str | None) -> dict[str, float]:
    if not text:
        return {}
    parts = text.split(",")
    if len(parts) > len(TUNE):
        raise ParamError("tune", f"tune: {len(parts)} values; at most {len(TUNE)} "
                                 f"({','.join(TUNE)})")
    out = {}
    for name, part in zip(TUNE, parts):
        try:
            v = float(part) if part.strip() not in ("", "null") else 0.0
        except ValueError:
            raise ParamError("tune", f"tune: {part[:20]!r} is not a number of minutes") from None
        if not math.isfinite(v) or abs(v) > 240:
            raise ParamError("tune", f"tune: {part[:20]!r}; allowed: minutes from -240 to 240")
        out[name] = v
    return out


class _Request:
    """One AlAdhan request turned into salat's terms."""

    def __init__(self, kw: Query):
        if kw.get("latitude") is None or kw.get("longitude") is None:
            raise ParamError("latitude" if kw.get("latitude") is None else "longitude",
                             "Please specify a latitude and longitude.")
        self.lat, self.lon = kw["latitude"], kw["longitude"]
        self.method, self.method_id = _method(kw, self.lat, self.lon)
        self.tune = _tune(kw.get("tune"))
        self.school = kw.get("school") or 0
        rule = kw.get("latitudeAdjustmentMethod")
        self.rule = None if rule is None else _LATITUDE[rule]
        self.zone = resolve_tz(kw.get("timezonestring"), self.lat, self.lon)
        self.iso = kw.get("iso8601") == "true"
        self.adjustment = kw.get("adjustment") or 0
        self.options = dict(method=self.method, tz=self.zone, polar=POLAR,
                            asr=("standard", "hanafi")[self.school],
                            high_latitude=None if self.rule is None else self.rule[1],
                            adjustments={k.lower(): v for k, v in self.tune.items() if v})

    def today(self) -> _dt.date:
        return today(self.zone)

    def meta(self) -> dict:
        m = self.method
        return {"latitude": self.lat, "longitude": self.lon, "timezone": tz_name(self.zone),
                "method": _method_meta(self.method_id, m),
                "latitudeAdjustmentMethod": "RECOMMENDED" if self.rule is None else self.rule[0],
                "midnightMode": m.midnight.upper(),
                "school": ("STANDARD", "HANAFI")[self.school],
                "offset": {name: _number(self.tune.get(name, 0)) for name in TUNE}}

    def day(self, t: salat.PrayerTimes, *, calendar: bool, clock: _dt.time) -> dict:
        timings = {}
        for key, name in TIMINGS:
            if name is None:                      # first third = 2 x midnight - last third
                mid, last = t.midnight, t.last_third
                when = None if mid is None or last is None else \
                    mid - (last - mid) - _dt.timedelta(minutes=self.tune.get("Midnight", 0))
            else:
                when = getattr(t, name)
            timings[key] = self._time(when, calendar)
        return {"timings": timings, "date": self.date(t.date, clock), "meta": self.meta()}

    def _time(self, when: _dt.datetime | None, calendar: bool) -> str:
        if when is None:
            return UNDEFINED
        if self.iso:
            when = when + _dt.timedelta(seconds=30)
            return when.replace(second=0, microsecond=0).isoformat()
        text = hh_mm(when)
        return f"{text} ({when.tzname()})" if calendar else text

    def date(self, d: _dt.date, clock: _dt.time) -> dict:
        """AlAdhan's date object; ``timestamp`` is ``clock`` on that date at the place
        (AlAdhan uses 07:00:00 for a day's timings and 09:01:01 in calendars).
        """
        return date_part(d, self.zone, clock, self.adjustment)


@functools.lru_cache(maxsize=4096)
def date_part(d: _dt.date, zone: _dt.tzinfo, clock: _dt.time, adjustment: int = 0) -> dict:
    """AlAdhan's date object of ``d`` in ``zone`` (kept, like its parts: a server
    answers the same few dates in every zone; the answers only read it).
    """
    stamp = localize(zone, _dt.datetime.combine(d, clock)).timestamp()
    return {"readable": f"{d.day:02d} {_EN_MONTHS[d.month - 1][:3]} {d.year}",
            "timestamp": str(int(stamp)),
            "hijri": hijri_part(d, adjustment),
            "gregorian": gregorian_part(d)}


@functools.lru_cache(maxsize=256)
def _method_meta(method_id: int, m: Method) -> dict:
    """``meta.method`` of a method (kept: the answers only read it)."""
    params = {"Fajr": _param(m.fajr), "Isha": _param(m.isha)}
    if m.maghrib != Minutes(0):
        params["Maghrib"] = _param(m.maghrib)
    return {"id": method_id, "name": m.title or m.name, "params": params,
            **_location(method_id), "salat": m.name}


def hh_mm(when: _dt.datetime | _dt.time) -> str:
    """``when`` to the nearest minute (half a minute rounds up) as ``HH:MM`` on
    its own clock, as AlAdhan shows times (23:59:30 is ``00:00``).
    """
    minutes = when.hour * 60 + when.minute + (when.second >= 30)
    return f"{minutes // 60 % 24:02d}:{minutes % 60:02d}"


def _location(method_id: int) -> dict:
    """``{"location": {...}}`` for a method AlAdhan places, else nothing."""
    if method_id not in LOCATIONS:
        return {}
    lat, lon = LOCATIONS[method_id]
    return {"location": {"latitude": lat, "longitude": lon}}


def _number(v: float) -> float | int:
    return int(v) if float(v).is_integer() else v


def _param(a) -> object:
    return f"{a.value:g} min" if isinstance(a, Minutes) else a


# The date objects depend on the date alone, and every place asks for the same few dates:
# computed once (read-only: the answers only serialize them).
@functools.lru_cache(maxsize=1024)
def gregorian_part(d: _dt.date) -> dict:
    return {"date": _dd(d), "format": "DD-MM-YYYY",
            "day": f"{d.day:02d}", "weekday": {"en": _EN_DAYS[d.weekday()]},
            "month": {"number": d.month, "en": _EN_MONTHS[d.month - 1]},
            "year": f"{d.year:04d}",
            "designation": {"abbreviated": "AD", "expanded": "Anno Domini"},
            "lunarSighting": False}


def _month_days(year: int, month: int) -> int:
    try:
        return hijridate.Hijri(year, month, 1).month_length()
    except (ValueError, OverflowError):
        # Tabular calendar: odd months 30, even 29, Dhu al-Hijjah 30 in leap years.
        return 30 if month % 2 or (month == 12 and is_tabular_leap(year)) else 29


@functools.lru_cache(maxsize=1024)
def hijri_part(d: _dt.date, adjustment: int = 0) -> dict:
    h = hijri_date(d, adjustment)
    shifted = d + _dt.timedelta(days=adjustment)
    en, ar = _WEEKDAYS_HIJRI[shifted.weekday()]
    return {"date": _dd(h), "format": "DD-MM-YYYY",
            "day": str(h.day), "weekday": {"en": en, "ar": ar},
            "month": {"number": h.month, "en": MONTH_NAMES[h.month - 1],
                      "ar": _MONTHS_AR[h.month - 1], "days": _month_days(h.year, h.month)},
            "year": str(h.year),
            "designation": {"abbreviated": "AH", "expanded": "Anno Hegirae"},
            "holidays": [], "adjustedHolidays": [], "method": "UAQ"}


def _dmy(text: str, what: str = "date") -> _dt.date:
    m = _DMY.fullmatch(text.strip())
    try:
        if not m:
            raise ValueError
        d = _dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    except ValueError:
        raise ParamError(what, f"{what}: got {text[:30]!r}; allowed: a date DD-MM-YYYY") from None
    return salat.inputs.one_date(d, what)


# ---------------------------------------------------------------- endpoints

def _query(q: Query) -> list:
    return list(q.raw)


def _from_timestamp(raw: str, tz) -> _dt.datetime:
    """The local time of a Unix timestamp, within salat's dates (else a 400)."""
    try:
        when = _dt.datetime.fromtimestamp(int(raw), _dt.timezone.utc).astimezone(tz)
    except (OverflowError, OSError, ValueError):
        when = None
    if when is None or not salat.inputs.MIN_DATE <= when.date() <= salat.inputs.MAX_DATE:
        raise ParamError("date", f"date: got {raw[:20]!r}; allowed: a Unix timestamp from "
                                 f"{salat.inputs.MIN_DATE} to {salat.inputs.MAX_DATE}, or a "
                                 f"date DD-MM-YYYY")
    return when


def _timings(svc: Service, kw: Query, base: str = PREFIX + "/timings") -> Answer:
    req = _Request(kw)
    raw = kw.get("date")
    if raw is None or re.fullmatch(r"\d{1,12}", raw.strip()):
        when = local_now(req.zone) if raw is None else _from_timestamp(raw, req.zone)
        return _redirect(f"{base}/{_dd(when.date())}", _query(kw),
                         expires=next_local_midnight(req.zone) if raw is None else None)
    d = _dmy(raw)
    t = salat.times_for(req.lat, req.lon, d, **req.options)
    return _ok(req.day(t, calendar=False, clock=_dt.time(7)))


def _calendar(svc: Service, kw: Query, base: str = PREFIX + "/calendar") -> Answer:
    req = _Request(kw)
    year, month = kw.get("year_path"), kw.get("month_path")
    if year is None:                               # the legacy query form: redirect
        today = req.today()
        y = kw.get("year") or today.year
        q = [(k, v) for k, v in _query(kw) if k not in ("year", "month", "annual")]
        moving = None if kw.get("year") and (kw.get("month") or kw.get("annual") == "true") \
            else next_local_midnight(req.zone)
        if kw.get("annual") == "true":
            return _redirect(f"{base}/{y}", q, expires=moving)
        return _redirect(f"{base}/{y}/{kw.get('month') or today.month}", q,
                         expires=moving)
    if not 1800 <= year <= 2200:
        raise ParamError("year", f"year: got {year}; allowed: 1800 to 2200")
    annual = month is None or kw.get("annual") == "true"
    first = _dt.date(year, 1 if annual else month, 1)
    last = _dt.date(year, 12, 31) if annual else _dt.date(year, month, month_end(year, month))
    tt, days = _days(req, first, last)
    if not annual:
        return _ok(days)
    by_month: dict[str, list] = {}
    for d, item in zip(tt.dates.tolist(), days):
        by_month.setdefault(str(d.month), []).append(item)
    return _ok(by_month)


def _days(req: _Request, first: _dt.date, last: _dt.date) -> tuple[salat.Timetable, list]:
    """The calendar entries (timings, date, meta) of every date from first to last."""
    tt = salat.table(req.lat, req.lon, first, last, **req.options)
    return tt, [req.day(tt.day(i), calendar=True, clock=_dt.time(9, 1, 1))
                for i in range(len(tt))]


def _range(svc: Service, kw: Query) -> Answer:
    req = _Request(kw)
    first, last = _dmy(kw["start_path"], "start"), _dmy(kw["end_path"], "end")
    if last < first:
        raise ParamError("end", f"end: {_dd(last)} is before start {_dd(first)}")
    if (last - first).days + 1 > 366:
        raise ParamError("end", f"end: {(last - first).days + 1} days from start; at most 366")
    return _ok(_days(req, first, last)[1])


def _methods(svc: Service, kw: Query) -> Answer:
    data = {}
    for i, (code, name) in METHOD_IDS.items():
        m = METHODS[name]
        params = {"Fajr": _param(m.fajr), "Isha": _param(m.isha)}
        data[code] = {"id": i, "name": m.title, "params": params, **_location(i), "salat": name}
    data["CUSTOM"] = {"id": CUSTOM}
    return _ok(data, time.time() + 3600)


def _qibla(svc: Service, kw: Query) -> Answer:
    lat, lon = kw["lat_path"], kw["lon_path"]
    q = salat.qibla(lat, lon)
    return _ok({"latitude": lat, "longitude": lon, "direction": q.direction})


_CITY = (Param("city", "string", "A city name (salat's gazetteer).", example="Dubai"),
         Param("country", "string", "Its country: name or ISO code.", example="AE"),
         Param("state", "string", "Its first-level region, where names repeat."))
_ADDRESS = (Param("address", "string", "A place name, optionally ', country' (no street "
                                       "geocoding: the gazetteer's towns).",
                  example="Casablanca, Morocco"),)


def _located_by_name(compute, base: str):
    """An AlAdhan compute for ``...ByCity`` / ``...ByAddress``: the place from
    :func:`salat.find_place` (an unknown one is a 400 with the nearest names), its
    time zone unless ``timezonestring`` is given, then ``compute`` as for coordinates.
    """
    def by_name(svc: Service, kw: Query) -> Answer:
        if kw.get("address") is not None:
            parameter, args = "address", (kw["address"],)
        elif kw.get("city") is not None:
            parameter, args = "city", (kw["city"], kw.get("country"), kw.get("state"))
        else:
            raise ParamError("city", "Please specify a city and country." if "City" in base
                             else "Please specify an address.")
        try:
            place = salat.find_place(*args)
        except InputError as e:
            raise ParamError(e.argument if e.argument in ("country", "state") else parameter,
                             str(e)) from None
        values = dict(kw.values, latitude=place.lat, longitude=place.lon,
                      timezonestring=kw.get("timezonestring") or place.tz)
        return compute(svc, Query(values=values, raw=kw.raw), base=base)
    return by_name


def _liveness(svc: Service, kw: Query) -> Answer:
    return Answer(_json({"code": 200, "status": "OK", "data": "OK"}), "application/json",
                  caching.clock())


def _current_time(svc: Service, kw: Query) -> Answer:
    name = kw.get("zone")
    if name is None:
        raise ParamError("zone", "zone: give an IANA time zone, e.g. Europe/London")
    try:
        tz = resolve_tz(name)
    except InputError as e:
        raise ParamError("zone", f"zone: got {name[:40]!r}; allowed: an IANA time zone such "
                                 f"as Europe/London") from e
    now = local_now(tz)
    return _ok(f"{now:%H:%M}", (now.replace(second=0, microsecond=0)
                                + _dt.timedelta(minutes=1)).timestamp())


def _dd(d) -> str:
    """DD-MM-YYYY of a Gregorian or Hijri date."""
    return f"{d.day:02d}-{d.month:02d}-{d.year:04d}"


def _to_path(name: str, kw: Query, parse, today) -> Answer:
    """``/v1/gToH`` and ``/v1/hToG`` without a date in the path: 301 to the path
    form of ``?date=``, else 302 to today's.
    """
    if kw.get("date"):
        return _redirect(f"/v1/{name}/{_dd(parse(kw['date']))}", [], status=301)
    return _redirect(f"/v1/{name}/{_dd(today)}", _query(kw),
                     expires=next_local_midnight(_dt.timezone.utc))


def _g_to_h(svc: Service, kw: Query) -> Answer:
    path = kw.get("date_path")
    if path is None:
        return _to_path("gToH", kw, _dmy, today(_dt.timezone.utc))
    d = _dmy(path)
    return _ok({"hijri": hijri_part(d, kw.get("adjustment") or 0), "gregorian": gregorian_part(d)})


def _h_to_g(svc: Service, kw: Query) -> Answer:
    path = kw.get("date_path")
    if path is None:
        return _to_path("hToG", kw, _hijri_dmy,
                        hijri_date(today(_dt.timezone.utc)))
    g = _hijri_dmy(path).to_gregorian()
    d = _dt.date(g.year, g.month, g.day)
    return _ok({"hijri": hijri_part(d), "gregorian": gregorian_part(d)})


def _hijri_dmy(text: str) -> hijridate.Hijri:
    m = _DMY.fullmatch(text.strip())
    try:
        if not m:
            raise ValueError
        return hijridate.Hijri(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    except (ValueError, OverflowError):
        raise ParamError("date", f"date: got {text[:30]!r}; allowed: a Hijri date DD-MM-YYYY "
                                 f"from 01-01-1343 to 29-12-1500") from None


_DATE_PATH = (Param("date", "string", "DD-MM-YYYY, or a Unix timestamp (redirects).",
                    target="date"),)
_YEAR = Param("year", "integer", "Gregorian year.", target="year_path")
_MONTH = Param("month", "integer", "Month 1-12.", minimum=1, maximum=12, target="month_path")

_WHERE = {"latitude": True, "longitude": True}


def aladhan_endpoint(path: str, name: str, summary: str, compute, params=(), *,
                     located: bool = False, required=None, **more) -> Endpoint:
    """An endpoint of the AlAdhan API: its tag, its error shape, unknown parameters
    ignored as AlAdhan does; ``located``: latitude and longitude are required.
    """
    return Endpoint(path=PREFIX + path, name=name, summary="AlAdhan: " + summary,
                    params=params, media_type="application/json", compute=compute,
                    required=_WHERE if located else (required or {}), tag="AlAdhan",
                    strict=False,
                    errors=ERRORS, **more)


_RANGE_PATH = (Param("start", "string", "First date, DD-MM-YYYY.", target="start_path"),
               Param("end", "string", "Last date, DD-MM-YYYY.", target="end_path"))
_QIBLA_PATH = (Param("latitude", "number", "Degrees north.", minimum=-90, maximum=90,
                     target="lat_path"),
               Param("longitude", "number", "Degrees east.", minimum=-180, maximum=180,
                     target="lon_path"))
_HIJRI_PATH = (Param("date", "string", "DD-MM-YYYY.", target="date_path"),)

ENDPOINTS = [
    aladhan_endpoint("/liveness", "v1_liveness", "the server is up (200, data \"OK\").",
                     _liveness, inline=True, memoize=False),
    aladhan_endpoint("/currentTime", "v1_current_time", "the time now (HH:MM) in a time zone.",
                     _current_time, (Param("zone", "string", "IANA time zone, e.g. "
                                           "Europe/London.", example="Europe/London"),),
                     required={"zone": True}),
    aladhan_endpoint("/timings", "v1_timings", "today's timings (302 to the dated URL).",
                     _timings, PARAMS, located=True, redirects=True, inline=True),
    aladhan_endpoint("/timings/{date}", "v1_timings_date", "one day's timings.", _timings,
                     PARAMS, located=True, path_params=_DATE_PATH, redirects=True,
                     inline=True),
    aladhan_endpoint("/calendar", "v1_calendar_legacy", "legacy calendar form (302 to "
                     "/v1/calendar/{year}/{month}).", _calendar, _CALENDAR, located=True,
                     redirects=True),
    aladhan_endpoint("/calendar/{year}", "v1_calendar_year", "a year of timings, by month.",
                     _calendar, PARAMS, located=True, path_params=(_YEAR,)),
    aladhan_endpoint("/calendar/{year}/{month}", "v1_calendar_month", "a month of timings.",
                     _calendar, PARAMS + (_CALENDAR[-3],), located=True,
                     path_params=(_YEAR, _MONTH)),
    aladhan_endpoint("/calendar/from/{start}/to/{end}", "v1_calendar_range", "the timings of "
                     "every date from start to end (at most 366 days).", _range, PARAMS,
                     located=True, path_params=_RANGE_PATH),
    aladhan_endpoint("/methods", "v1_methods", "the method ids and the salat methods behind "
                     "them.", _methods),
    aladhan_endpoint("/qibla/{latitude}/{longitude}", "v1_qibla", "Qibla direction.", _qibla,
                     path_params=_QIBLA_PATH),
    aladhan_endpoint("/gToH", "v1_gtoh_today", "today's Hijri date (redirects).", _g_to_h,
                     _HIJRI, redirects=True),
    aladhan_endpoint("/gToH/{date}", "v1_gtoh", "Gregorian DD-MM-YYYY to Hijri.", _g_to_h,
                     _HIJRI[1:], path_params=_HIJRI_PATH),
    aladhan_endpoint("/hToG", "v1_htog_today", "today's Gregorian date (redirects).", _h_to_g,
                     _HIJRI, redirects=True),
    aladhan_endpoint("/hToG/{date}", "v1_htog", "Hijri DD-MM-YYYY to Gregorian.", _h_to_g,
                     _HIJRI[1:], path_params=(Param("date", "string", "DD-MM-YYYY (Hijri).",
                                                    target="date_path"),)),
]
ENDPOINTS += [
    aladhan_endpoint("/timingsByCity", "v1_timings_city", "today's timings at a city "
                     "(302 to the dated URL).", _located_by_name(_timings, "/v1/timingsByCity"),
                     _CITY + PARAMS[2:], required={"city": True}, redirects=True),
    aladhan_endpoint("/timingsByCity/{date}", "v1_timings_city_date", "one day's timings "
                     "at a city.", _located_by_name(_timings, "/v1/timingsByCity"),
                     _CITY + PARAMS[2:], path_params=_DATE_PATH, required={"city": True},
                     redirects=True),
    aladhan_endpoint("/timingsByAddress", "v1_timings_address", "today's timings at a "
                     "named place (302 to the dated URL).",
                     _located_by_name(_timings, "/v1/timingsByAddress"), _ADDRESS + PARAMS[2:],
                     required={"address": True}, redirects=True),
    aladhan_endpoint("/timingsByAddress/{date}", "v1_timings_address_date", "one day's "
                     "timings at a named place.",
                     _located_by_name(_timings, "/v1/timingsByAddress"), _ADDRESS + PARAMS[2:],
                     path_params=_DATE_PATH, required={"address": True}, redirects=True),
    aladhan_endpoint("/calendarByCity", "v1_calendar_city_legacy", "legacy calendar form at "
                     "a city (302 to /v1/calendarByCity/{year}/{month}).",
                     _located_by_name(_calendar, "/v1/calendarByCity"),
                     _CITY + _CALENDAR[2:], required={"city": True}, redirects=True),
    aladhan_endpoint("/calendarByCity/{year}", "v1_calendar_city_year", "a year of timings "
                     "at a city, by month.", _located_by_name(_calendar, "/v1/calendarByCity"),
                     _CITY + PARAMS[2:], path_params=(_YEAR,), required={"city": True}),
    aladhan_endpoint("/calendarByCity/{year}/{month}", "v1_calendar_city_month", "a month of "
                     "timings at a city.", _located_by_name(_calendar, "/v1/calendarByCity"),
                     _CITY + PARAMS[2:] + (_CALENDAR[-3],), path_params=(_YEAR, _MONTH),
                     required={"city": True}),
]
#: Older clients (Home Assistant's for years) call ``/timings/{timestamp}`` without /v1.
ENDPOINTS.append(Endpoint(
    path="/timings/{date}", name="timings_legacy", summary="AlAdhan, without /v1 (older "
    "clients): one day's timings, a timestamp redirected to /v1/timings/{DD-MM-YYYY}.",
    params=PARAMS, path_params=_DATE_PATH, media_type="application/json", compute=_timings,
    required=_WHERE, tag="AlAdhan", strict=False, redirects=True, inline=True, errors=ERRORS))
