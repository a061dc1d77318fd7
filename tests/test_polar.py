"""Polar days and nights: Tromso, Longyearbyen, Utqiagvik and McMurdo.

On the solstices and on the days around the first and last sunrise and
sunset of the year, for every ``high_latitude`` rule and every ``polar``
resolution, checked against DE421 (skyfield) for the physical truth:

* ``polar="unresolved"``: sunrise, sunset and Maghrib are ``None`` exactly on
  the days when DE421 has the Sun stay above (midnight sun) or below (polar
  night) the -0.8333 deg horizon through the 24 hours around transit; Dhuhr
  and Asr are always defined where the Sun is up at noon. A Fajr or Isha that
  DE421 says does not occur (the Sun never gets down to the angle) is either
  ``None`` or named in ``PrayerTimes.adjusted`` (``"high_latitude"``) by the
  rule that set it; with ``high_latitude="none"`` it is ``None``.
* ``polar="nearest_day"`` / ``"nearest_latitude"``: on a day without sunrise
  or sunset every one of the six times is defined and every one is named in
  or sunset, sunrise, Dhuhr and Maghrib are defined (Fajr and Isha too, unless
  ``high_latitude="none"``: the borrowed day may itself have no true night),
  and every defined time is named in ``adjusted`` with the resolution
  (``"nearest_day"`` / ``"nearest_latitude"``, joined with ``"high_latitude"``
  when a rule also bounded it). Asr may stay ``None``: the borrowed day or
  latitude is the *first* where the Sun rises and sets, so in winter it may be
  up for minutes only, too low to cast an Asr shadow (Tromso on 2026-12-21
  borrows sunrise 11:21, Maghrib 11:41 and has no Asr). On ordinary days the
  resolution changes nothing.

Documented results on the June solstice 2026 (polar, "unresolved", any rule):
Tromso / Longyearbyen / Utqiagvik have no sunrise, sunset, Maghrib, Fajr or
Isha (None); Dhuhr and Asr are defined. McMurdo (polar night) has only Dhuhr,
at which the Sun is below the horizon. On the December solstice the roles swap.
"""

from __future__ import annotations


import numpy as np
import pytest

import salat
from salat import inputs

PLACES = {
    "Tromso": (69.6492, 18.9553, "Europe/Oslo"),
    "Longyearbyen": (78.2232, 15.6267, "Arctic/Longyearbyen"),
    "Utqiagvik": (71.2906, -156.7886, "America/Anchorage"),
    "McMurdo": (-77.8419, 166.6863, "Antarctica/McMurdo"),
}
# Solstices and the days around the last/first sunrise and sunset (2026):
# Tromso's midnight sun ~May 20 - Jul 22, polar night ~Nov 27 - Jan 15;
# Longyearbyen ~Apr 19 - Aug 23 and ~Oct 26 - Feb 15; Utqiagvik ~May 11 - Aug 1
# and ~Nov 18 - Jan 22; McMurdo ~Oct 20 - Feb 21 and ~Apr 24 - Aug 19.
DATES = {
    "Tromso": ["2026-06-21", "2026-12-21", "2026-05-17", "2026-05-20", "2026-05-23",
               "2026-07-20", "2026-07-23", "2026-11-25", "2026-11-28", "2026-01-14",
               "2026-01-17"],
    "Longyearbyen": ["2026-06-21", "2026-12-21", "2026-04-17", "2026-04-20", "2026-08-22",
                     "2026-08-25", "2026-10-24", "2026-10-27", "2026-02-14", "2026-02-17"],
    "Utqiagvik": ["2026-06-21", "2026-12-21", "2026-05-09", "2026-05-12", "2026-07-31",
                  "2026-08-03", "2026-11-17", "2026-11-20", "2026-01-21", "2026-01-24"],
    "McMurdo": ["2026-06-21", "2026-12-21", "2026-10-19", "2026-10-22", "2026-02-19",
                "2026-02-22", "2026-04-23", "2026-04-26", "2026-08-18", "2026-08-21"],
}
CASES = [(p, d) for p in PLACES for d in DATES[p]]
METHOD = salat.Method("polar_test", fajr=18.0, isha=17.0)
HORIZON = -50.0 / 60.0
GRAZE = 0.05        # degrees; days this close to the threshold are not judged


def _sky_profile(sky, lat, lon, dhuhr):
    """DE421 altitudes over the 24 hours centred on salat's Dhuhr, every 2 min."""
    from skyfield.api import wgs84

    unix = dhuhr.timestamp() + np.arange(-43200.0, 43201.0, 120.0)
    t = sky.ts.ut1_jd(unix / 86400.0 + 2440587.5)
    alt = (sky.earth + wgs84.latlon(lat, lon)).at(t).observe(sky.sun).apparent().altaz()[0]
    return alt.degrees


def _truth(sky, place, day):
    lat, lon, tz = PLACES[place]
    t = salat.times_for(lat, lon, day, method=METHOD, tz=tz, high_latitude="none",
                        rounding=None)
    alt = _sky_profile(sky, lat, lon, t.dhuhr)
    half = alt.size // 2
    am, pm = alt[:half + 1], alt[half:]

    def crosses(a, h):
        if a.min() < h - GRAZE and a.max() > h + GRAZE:
            return True
        if a.min() > h + GRAZE or a.max() < h - GRAZE:
            return False
        return None     # grazing: not judged
    return {"sunrise": crosses(am, HORIZON), "sunset": crosses(pm, HORIZON),
            "fajr": crosses(am, -18.0), "isha": crosses(pm, -17.0),
            "noon_up": alt[half] > 1.0}   # Asr needs a shadow: the Sun clearly up


@pytest.fixture(scope="module")
def truth(sky):
    return {(p, d): _truth(sky, p, d) for p, d in CASES}


@pytest.mark.parametrize("rule", inputs.HIGH_LATITUDE_RULES)
@pytest.mark.parametrize("place, day", CASES)
def test_unresolved_matches_physics(truth, place, day, rule):
    lat, lon, tz = PLACES[place]
    phys = truth[(place, day)]
    t = salat.times_for(lat, lon, day, method=METHOD, tz=tz, high_latitude=rule,
                        polar="unresolved")
    assert t.dhuhr is not None
    for name in ("sunrise", "sunset"):
        if phys[name] is not None:
            assert (getattr(t, name) is not None) == phys[name], (name, t, phys)
    assert (t.maghrib is None) == (t.sunset is None)
    for name in ("fajr", "isha"):
        when = getattr(t, name)
        if phys[name] is True and rule == "none":
            assert when is not None, (name, t)
        if phys[name] is False and when is not None:
            assert "high_latitude" in t.adjusted.get(name, ""), (name, t, t.adjusted)
            assert rule != "none"
        if phys[name] is False and rule == "none":
            assert when is None
    if phys["noon_up"] and t.sunrise is not None and t.sunset is not None:
        assert t.asr is not None
    for name in t.adjusted:
        assert "nearest" not in t.adjusted[name]


@pytest.mark.parametrize("polar", ["nearest_day", "nearest_latitude"])
@pytest.mark.parametrize("rule", inputs.HIGH_LATITUDE_RULES)
@pytest.mark.parametrize("place, day", CASES)
def test_resolved(truth, place, day, rule, polar):
    lat, lon, tz = PLACES[place]
    phys = truth[(place, day)]
    plain = salat.times_for(lat, lon, day, method=METHOD, tz=tz, high_latitude=rule,
                            polar="unresolved")
    t = salat.times_for(lat, lon, day, method=METHOD, tz=tz, high_latitude=rule, polar=polar)
    if plain.sunrise is not None and plain.sunset is not None:
        # an ordinary day: the resolution must not touch it
        assert t.as_dict() == plain.as_dict()
        assert dict(t.adjusted) == dict(plain.adjusted)
        return
    assert phys["sunrise"] is not True or phys["sunset"] is not True
    needed = ["sunrise", "dhuhr", "maghrib"] + ([] if rule == "none" else ["fajr", "isha"])
    for name in needed:
        assert getattr(t, name) is not None, (name, t)
    for name, when in t:
        if when is not None:
            assert polar in t.adjusted.get(name, ""), (name, t.adjusted)
            assert abs((when.date() - t.date).days) <= 1


@pytest.mark.parametrize("place", sorted(PLACES))
def test_solstices_documented(place):
    """Midnight sun / polar night on the solstices, as the docstring says."""
    lat, lon, tz = PLACES[place]
    summer, winter = ("2026-06-21", "2026-12-21") if lat > 0 else ("2026-12-21", "2026-06-21")
    for rule in inputs.HIGH_LATITUDE_RULES:
        day = salat.times_for(lat, lon, summer, method=METHOD, tz=tz, high_latitude=rule)
        assert (day.sunrise, day.sunset, day.maghrib, day.fajr, day.isha) == (None,) * 5
        assert day.dhuhr is not None and day.asr is not None
        night = salat.times_for(lat, lon, winter, method=METHOD, tz=tz, high_latitude=rule)
        assert (night.sunrise, night.sunset, night.maghrib, night.asr) == (None,) * 4
        assert night.dhuhr is not None


@pytest.mark.parametrize("lat, lon, day, method, rule, polar", [
    (66.56, 152.6829, "1976-06-03", "kemenag", "recommended", "unresolved"),
    (-65.7548, -24.098, "1925-12-25", "diyanet", "seventh_of_night", "nearest_day"),
    (66.6059, 17.145, "2009-06-08", "diyanet", "seventh_of_night", "nearest_day"),
    (65.3404, 117.119, "2091-06-27", "kemenag", "seventh_of_night", "nearest_latitude"),
])
def test_order_at_the_edge_of_the_midnight_sun(lat, lon, day, method, rule, polar):
    """Nights under ~1.5 h: the night-fraction bound must not put Isha before
    Maghrib or Fajr after sunrise when the method moves those (margins, its
    own horizon). Found by the property sweep."""
    t = salat.times_for(lat, lon, day, method=method, high_latitude=rule, polar=polar)
    # The engine keeps the day's order by moving such a time onto its neighbour
    # (rules.keep_day_order) and says so in `adjusted`. Every case has all four
    # times (a case without them would check nothing).
    assert None not in (t.fajr, t.sunrise, t.maghrib, t.isha), t
    assert t.fajr <= t.sunrise, t
    if t.fajr == t.sunrise:
        assert "high_latitude" in t.adjusted.get("fajr", ""), t.adjusted
    assert t.maghrib <= t.isha, t
    if t.maghrib == t.isha:
        assert "high_latitude" in t.adjusted.get("isha", ""), t.adjusted


# ------------------------------------------------ nearest_latitude, step by step
# The documented search: the same longitude, from 65 degrees (or half a degree
# below the place) toward the equator by half a degree, down to 40, the first
# latitude where all six times occur. The oracle is times_for at the latitude
# that the search must find, checked here to be the first such latitude.

TROMSO = PLACES["Tromso"]
MIDSUMMER = "2026-06-21"
SIX = ("fajr", "sunrise", "dhuhr", "asr", "maghrib", "isha")


def _six(t):
    return {name: getattr(t, name) for name in SIX}


def _at(lat, method="mwl", **kw):
    return salat.times_for(lat, TROMSO[1], MIDSUMMER, method=method, tz=TROMSO[2], **kw)


@pytest.mark.parametrize("elevation", [0.0, 800.0])
def test_nearest_latitude_steps_by_half_a_degree(elevation):
    """With no high-latitude rule the summer night has no Fajr above about
    48.6 degrees (18 deg below the horizon at midnight: 90 - 18 - 23.44), so the
    search walks from 65 down to 48.5, the first half degree with a Fajr; the
    elevation is the place's own at the borrowed latitude too."""
    kw = dict(high_latitude="none", elevation=elevation)
    assert _at(49.0, **kw).fajr is None and _at(48.5, **kw).fajr is not None
    t = _at(TROMSO[0], polar="nearest_latitude", **kw)
    assert _six(t) == _six(_at(48.5, **kw))
    assert all(t.adjusted[name] == "nearest_latitude" for name in SIX), t.adjusted


def test_nearest_latitude_goes_down_to_40_degrees_and_no_further():
    """A Fajr angle of 26.5 deg occurs on midsummer night only up to about 40.06
    degrees: found at 40.0, the last latitude searched; at 27 deg (40 is too
    far north) nothing is found and the times stay None."""
    deep = salat.Method("deep", fajr=26.5, isha=17.0)
    kw = dict(high_latitude="none")
    assert _at(40.5, deep, **kw).fajr is None and _at(40.0, deep, **kw).fajr is not None
    t = _at(TROMSO[0], deep, polar="nearest_latitude", **kw)
    assert _six(t) == _six(_at(40.0, deep, **kw))
    deeper = salat.Method("deeper", fajr=27.0, isha=17.0)
    assert _at(39.5, deeper, **kw).fajr is not None          # it exists further south,
    t = _at(TROMSO[0], deeper, polar="nearest_latitude", **kw)
    assert t.sunrise is None and t.fajr is None               # but is not searched


def test_nearest_latitude_starts_at_65_degrees():
    """Just above the Arctic limit of the midnight sun (65.9 N at midsummer) the
    first latitude tried is 65.0, not half a degree below the place."""
    assert _at(65.9).sunset is None and _at(65.0).sunset is not None
    t = _at(65.9, polar="nearest_latitude")
    assert _six(t) == _six(_at(65.0))


# ------------------------------------------------ nearest_day, and many at once

def _nearest_full_day(lat, lon, tz, day, elevation=0.0):
    """The oracle's own search: the nearest date (the later one first on a tie)
    on which all six times occur at the place."""
    base = np.datetime64(day)
    for k in range(1, 184):
        for d in (base + k, base - k):
            t = salat.times_for(lat, lon, str(d), method=METHOD, tz=tz, elevation=elevation)
            if all(getattr(t, n) is not None for n in SIX):
                return t
    raise AssertionError("no full day within half a year")


@pytest.mark.parametrize("place, day, tz, elevation", [
    ("Tromso", "2026-12-21", None, 0.0), ("Tromso", "2026-06-21", None, 0.0),
    ("McMurdo", "2026-06-21", None, 0.0), ("Tromso", "2026-12-21", None, 1500.0),
    # Egypt's clocks go forward on 2026-04-24: the borrowed 04-20 is on UTC+2,
    # 04-25 on UTC+3, and the clock times are kept, not the instants' spacing
    ("McMurdo", "2026-04-25", "Africa/Cairo", 0.0),
])
def test_nearest_day_borrows_the_clock_times_of_the_nearest_full_day(place, day, tz,
                                                                     elevation):
    lat, lon, own_tz = PLACES[place]
    tz = tz or own_tz
    ref = _nearest_full_day(lat, lon, tz, day, elevation)
    t = salat.times_for(lat, lon, day, method=METHOD, tz=tz, polar="nearest_day",
                        elevation=elevation)
    assert t.date.isoformat() == day
    for name in SIX:
        got, want = getattr(t, name), getattr(ref, name)
        assert got.time() == want.time(), (name, got, want)
        assert (got.date() - t.date) == (want.date() - ref.date), name
        assert "nearest_day" in t.adjusted[name]           # with the borrowed day's rule
        assert set(ref.adjusted.get(name, "nearest_day").split("+")) <= \
            set(t.adjusted[name].split("+"))
    if tz == "Africa/Cairo":
        assert ref.date.isoformat() == "2026-04-20"
        assert ref.sunrise.utcoffset() != t.dhuhr.utcoffset()


@pytest.mark.parametrize("polar", ["nearest_day", "nearest_latitude"])
def test_resolution_of_many_places_and_days_in_one_call(polar):
    """A table resolves several places on several days in one pass; every row
    is what times_for gives for that place and day alone."""
    names = ["Tromso", "Longyearbyen", "McMurdo"]
    lat = [PLACES[n][0] for n in names]
    lon = [PLACES[n][1] for n in names]
    tz = "UTC"
    tt = salat.table(lat, lon, "2026-06-18", "2026-06-23", method=METHOD, tz=tz, polar=polar)
    for i in range(len(names)):
        for j in range(len(tt)):
            want = salat.times_for(lat[i], lon[i], tt.day(j, i).date, method=METHOD, tz=tz,
                                   polar=polar)
            assert tt.day(j, i).as_dict() == want.as_dict(), (names[i], j)
            assert dict(tt.day(j, i).adjusted) == dict(want.adjusted)


@pytest.mark.parametrize("polar", ["nearest_day", "nearest_latitude"])
def test_a_day_with_only_one_of_sunrise_and_sunset_is_resolved(polar):
    """At the start and end of Tromso's midnight sun one date has a sunrise
    and no sunset (2026-05-18), another a sunset and no sunrise (2026-07-25,
    its sunset after midnight): either missing is enough for a resolution."""
    lat, lon, tz = PLACES["Tromso"]
    for day, has in [("2026-05-18", "sunrise"), ("2026-07-25", "sunset")]:
        plain = salat.times_for(lat, lon, day, method=METHOD, tz=tz)
        assert getattr(plain, has) is not None
        assert (plain.sunrise is None) != (plain.sunset is None), plain
        d = np.datetime64(day)
        kw = dict(method=METHOD, tz=tz, polar=polar)
        # one date alone (the engine's one-day path) and within a run of dates
        for t in (salat.table(lat, lon, day, day, **kw).day(0),
                  salat.table(lat, lon, str(d - 1), str(d + 1), **kw).day(1),
                  salat.times_for(lat, lon, day, **kw)):
            assert all(getattr(t, name) is not None for name in SIX), t
            assert all(polar in t.adjusted[name] for name in SIX), t.adjusted
