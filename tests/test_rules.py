"""The rules stage (``salat.rules``) on events made by hand.

A made-up day at latitude 30: sunrise 06:00, transit 12:00, Asr 15:30, sunset
18:00 every day, the 18 deg event at 04:30 and the 17 deg one at 19:30 (UTC,
as Unix seconds). Every expected value below is worked out from the method's
definition on those numbers, not by the code under test.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from salat import rules
from salat.methods import TIME_NAMES, Method, Minutes
from salat.scalars import FLOATS

H = 3600.0
DATES = np.arange(np.datetime64("2026-03-01"), np.datetime64("2026-03-04"))   # 3 days
DAY0 = DATES.astype("datetime64[s]").astype(np.int64).astype(float)[None, :]   # (1, 3)


def events(**hours):
    """Event name -> Unix seconds (1 place x 3 dates) from hours after 0h UT."""
    base = dict(rise=6.0, set=18.0, transit=12.0, asr=15.5, fajr=4.5, isha=19.5,
                maghrib=18.3, imsak=4.2)
    base.update(hours)
    return {k: DAY0 + (np.nan if v is None else v) * H for k, v in base.items()}


def hours(x, day=1):
    """Hours after 0h UT of date ``day`` (the middle one, with both neighbours)."""
    return (x[0, day] - DAY0[0, day]) / H


def run(method, lat=30.0, rule="recommended", ramadan=None, **ev):
    return rules.apply_rules(events(**ev), method, np.array([[lat]]), DATES, rule, ramadan)


# ---------------------------------------------------------------- apply_rules

def test_angle_method_passes_events_through():
    t, flags = run(Method("a", fajr=18.0, isha=17.0))
    assert hours(t["fajr"]) == 4.5 and hours(t["isha"]) == 19.5
    assert hours(t["dhuhr"]) == 12.0 and hours(t["asr"]) == 15.5
    assert hours(t["sunrise"]) == 6.0 and hours(t["sunset"]) == 18.0
    assert hours(t["maghrib"]) == 18.0                        # Minutes(0) after sunset
    assert hours(t["imsak"]) == pytest.approx(4.5 - 10 / 60)  # 10 min before Fajr
    # night: sunset 18:00 to the next sunrise 06:00, 12 h
    assert hours(t["midnight"]) == 24.0 and hours(t["last_third"]) == 26.0
    assert not any(f.any() for f in flags.values())


def test_jafari_midnight_runs_from_sunset_to_the_next_fajr():
    t, _ = run(Method("j", fajr=16.0, isha=14.0, midnight="jafari"))
    # 18:00 to 04:30 next day: 10.5 h; half is 23:15, two thirds 01:00
    assert hours(t["midnight"]) == pytest.approx(23.25)
    assert hours(t["last_third"]) == pytest.approx(25.0)


def test_interval_method():
    m = Method("i", fajr=Minutes(100), isha=Minutes(90), maghrib=Minutes(3),
               imsak=Minutes(15))
    t, _ = run(m)
    assert hours(t["fajr"]) == pytest.approx(6.0 - 100 / 60)
    assert hours(t["maghrib"]) == pytest.approx(18.05)
    assert hours(t["isha"]) == pytest.approx(18.05 + 1.5)     # after Maghrib
    assert hours(t["imsak"]) == pytest.approx(6.0 - 115 / 60)


def test_ramadan_interval_on_ramadan_days_only():
    m = Method("r", fajr=18.0, isha=Minutes(90), isha_ramadan=Minutes(120))
    t, flags = run(m, ramadan=np.array([False, True, False]))
    assert hours(t["isha"], 0) == 19.5 and hours(t["isha"], 1) == 20.0
    assert hours(t["isha"], 2) == 19.5
    np.testing.assert_array_equal(np.broadcast_to(flags["isha"], (1, 3))[0],
                                  [0, rules.RAMADAN, 0])
    assert rules.rule_label(rules.RAMADAN) == ""              # not a rule: not named
    # without a Ramadan calendar, the plain interval
    t, _ = run(m, ramadan=None)
    assert hours(t["isha"], 1) == 19.5


def test_maghrib_by_angle():
    t, _ = run(Method("m", fajr=16.0, isha=14.0, maghrib=4.0))
    assert hours(t["maghrib"]) == pytest.approx(18.3)


@pytest.mark.parametrize("rule, portion", [
    ("middle_of_night", 1 / 2), ("seventh_of_night", 1 / 7), ("twilight_angle", None),
    ("recommended", 1 / 2),            # latitude 30: below 48 degrees
])
def test_high_latitude_rule_replaces_missing_twilight(rule, portion):
    """No 18/17 deg event (the Sun never gets that low): Fajr is sunrise minus
    the portion of the night, Isha sunset plus it (night 12 h)."""
    t, flags = run(Method("h", fajr=18.0, isha=17.0), rule=rule, fajr=None, isha=None)
    fajr_portion = 18 / 60 if portion is None else portion
    isha_portion = 17 / 60 if portion is None else portion
    assert hours(t["fajr"]) == pytest.approx(6.0 - 12 * fajr_portion)
    assert hours(t["isha"]) == pytest.approx(18.0 + 12 * isha_portion)
    assert (flags["fajr"][0] == rules.ADJUSTED).all()
    assert (flags["isha"][0] == rules.ADJUSTED).all()
    assert rules.rule_label(int(flags["isha"][0, 1])) == "high_latitude"
    # Imsak, 10 minutes before the rule's Fajr, is the rule's too
    assert hours(t["imsak"]) == pytest.approx(hours(t["fajr"]) - 10 / 60)
    assert (flags["imsak"][0] == rules.ADJUSTED).all()


def test_recommended_is_a_seventh_above_48_degrees():
    t, _ = run(Method("h", fajr=18.0, isha=17.0), lat=-55.0, fajr=None, isha=None)
    assert hours(t["fajr"]) == pytest.approx(6.0 - 12 / 7)
    t, _ = run(Method("h", fajr=18.0, isha=17.0), lat=48.0, fajr=None, isha=None)
    assert hours(t["fajr"]) == pytest.approx(6.0 - 6.0)       # 48 itself: half


def test_recommended_for_many_places_at_once():
    """The same rule over an array of places (a table): a seventh of the night
    beyond 48 degrees either side, half of it at 48 itself and below."""
    lat = np.array([[48.0], [48.5], [-55.0], [30.0], [-48.0]])
    ev = {k: np.repeat(v, len(lat), axis=0) for k, v in events(fajr=None, isha=None).items()}
    t, flags = rules.apply_rules(ev, Method("h", fajr=18.0, isha=17.0), lat, DATES,
                                 "recommended", None)
    portion = np.array([1 / 2, 1 / 7, 1 / 7, 1 / 2, 1 / 2])
    np.testing.assert_allclose((t["fajr"][:, 1] - DAY0[0, 1]) / H, 6.0 - 12 * portion)
    np.testing.assert_allclose((t["isha"][:, 1] - DAY0[0, 1]) / H, 18.0 + 12 * portion)
    assert (flags["fajr"] == rules.ADJUSTED).all()


def test_high_latitude_rule_bounds_a_late_twilight():
    # Isha at 19.5 h is before sunset + 1/7 night (19.71): kept; at 20.0 it is bounded
    t, flags = run(Method("h", fajr=18.0, isha=17.0), rule="seventh_of_night", isha=20.0,
                   fajr=4.0)
    assert hours(t["isha"]) == pytest.approx(18 + 12 / 7)
    assert hours(t["fajr"]) == pytest.approx(6 - 12 / 7)
    t, flags = run(Method("h", fajr=18.0, isha=17.0), rule="seventh_of_night")
    assert hours(t["isha"]) == 19.5 and hours(t["fajr"]) == 4.5
    assert not flags["isha"].any() and not flags["fajr"].any()


def test_rule_none_leaves_undefined_undefined():
    t, _ = run(Method("h", fajr=18.0, isha=17.0), rule="none", fajr=None, isha=None)
    assert np.isnan(t["fajr"]).all() and np.isnan(t["isha"]).all()
    assert np.isnan(t["imsak"]).all()                         # follows Fajr


def test_nights_next_to_a_polar_day_use_the_other_night():
    # no sunrise on the last day: tonight's end is unknown, yesterday's night is used
    ev = events(fajr=None, isha=None)
    ev["rise"][0, 2] = np.nan
    t, _ = rules.apply_rules(ev, Method("h"), np.array([[60.0]]), DATES,
                             "middle_of_night", None)
    assert hours(t["isha"]) == pytest.approx(24.0)      # 18 + 12/2: tonight's night
    assert hours(t["fajr"], 1) == pytest.approx(0.0)    # 6 - 12/2
    assert np.isnan(t["midnight"][0, 1])                # no end to this night


def test_moonsighting_seasonal_bounds():
    # latitude 30 on 2 March: 71 days after the winter solstice (21 Dec)
    m = Method("ms", shafaq="general")
    t, flags = run(m, fajr=3.0, isha=21.0)
    a, b = 75 + 25.60 * 30 / 55, 75 + 2.05 * 30 / 55
    isha_minutes = a + (b - a) * 71 / 91
    assert hours(t["isha"]) == pytest.approx(18 + isha_minutes / 60)
    fa, fb = 75 + 28.65 * 30 / 55, 75 + 19.44 * 30 / 55
    assert hours(t["fajr"]) == pytest.approx(6 - (fa + (fb - fa) * 71 / 91) / 60)
    assert flags["isha"][0, 1] == rules.ADJUSTED
    # the 18 deg times win where they are nearer sunrise / sunset
    t, flags = run(m, fajr=5.5, isha=18.5)
    assert hours(t["isha"]) == 18.5 and hours(t["fajr"]) == 5.5
    assert not flags["isha"].any()


def test_moonsighting_seventh_of_the_night_from_55_degrees():
    # a 6 h night (sunset 22:00, sunrise 04:00): 1/7 of it is inside the season
    short = dict(fajr=None, isha=None, rise=4.0, set=22.0)
    t, _ = run(Method("ms", shafaq="ahmer"), lat=56.0, **short)
    assert hours(t["isha"]) == pytest.approx(22 + 6 / 7)
    assert hours(t["fajr"]) == pytest.approx(4 - 6 / 7)
    # below 55 degrees the 18 deg event (missing here) gives way to the season
    t, _ = run(Method("ms", shafaq="ahmer"), lat=54.0, **short)
    a, b = 62 + 17.40 * 54 / 55, 62 - 7.16 * 54 / 55
    assert hours(t["isha"]) == pytest.approx(22 + (a + (b - a) * 71 / 91) / 60)


# ---------------------------------------------------------------- the seasons

SHAUKAT = {   # base, coefficients at 0, 91, 137, 183 days after the winter solstice
    "fajr": (75.0, (28.65, 19.44, 32.74, 48.10)),
    "general": (75.0, (25.60, 2.05, -9.21, 6.14)),
    "ahmer": (62.0, (17.40, -7.16, 5.12, 19.44)),
    "abyad": (75.0, (25.60, 7.16, 36.84, 81.84)),
}


@pytest.mark.parametrize("kind", sorted(SHAUKAT))
@pytest.mark.parametrize("lat, days", [
    (40.0, ("2025-12-21", "2026-03-22", "2026-05-07", "2026-06-22")),
    (-40.0, ("2026-06-21", "2026-09-20", "2026-11-05", "2026-12-21")),
])
def test_seasonal_minutes_at_shaukats_anchors(kind, lat, days):
    base, k = SHAUKAT[kind]
    got = rules.seasonal_minutes(kind, np.array([lat]), np.array(days, "datetime64[D]"))
    np.testing.assert_allclose(got, [base + c * abs(lat) / 55 for c in k], atol=1e-9)


def test_seasonal_minutes_fall_back_symmetrically():
    lat = np.array([40.0])
    # 229 days after the solstice mirrors 137, 275 mirrors 91; linear between
    d = np.array(["2026-08-07", "2026-09-22", "2026-11-06"], "datetime64[D]")   # 229, 275, 320
    got = rules.seasonal_minutes("ahmer", lat, d)
    a, b, c = (62 + x * 40 / 55 for x in (17.40, -7.16, 5.12))
    np.testing.assert_allclose(got, [c, b, b + (a - b) * 45 / 91], atol=1e-9)


# ---------------------------------------------------------------- helpers

@pytest.mark.parametrize("mode, expect", [
    (None, [59.5, 60.0, 89.99, 90.0, 119.0, -30.0]),
    ("nearest", [60, 60, 60, 120, 120, 0]),
    ("up", [60, 60, 120, 120, 120, 0]),
    ("down", [0, 60, 60, 60, 60, -60]),
])
def test_round_local(mode, expect):
    x = np.array([59.5, 60.0, 89.99, 90.0, 119.0, -30.0])
    np.testing.assert_array_equal(rules.round_local(x, mode), expect)


def test_rule_label():
    assert rules.rule_label(0) == ""
    assert rules.rule_label(rules.ADJUSTED) == "high_latitude"
    assert rules.rule_label(rules.ADJUSTED | rules.NEAREST_DAY) == "high_latitude+nearest_day"
    assert rules.rule_label(rules.NEAREST_LATITUDE | rules.RAMADAN) == "nearest_latitude"
    assert len({rules.ADJUSTED, rules.NEAREST_LATITUDE, rules.NEAREST_DAY, rules.RAMADAN}) == 4


def test_neighbours():
    run_ = np.arange(np.datetime64("2026-01-01"), np.datetime64("2026-01-05"))
    before, after = rules.neighbours(run_)
    np.testing.assert_array_equal(before, [-1, 0, 1, 2])
    np.testing.assert_array_equal(after, [1, 2, 3, -1])
    gaps = np.array(["2026-01-01", "2026-01-02", "2026-01-05", "2026-01-06"], "datetime64[D]")
    before, after = rules.neighbours(gaps)
    np.testing.assert_array_equal(before, [-1, 0, -1, 2])
    np.testing.assert_array_equal(after, [1, -1, 3, -1])


def _first(*arrays):
    """(places, dates, times) arrays seen time-first, as the stages take them."""
    return [np.moveaxis(a, -1, 0) for a in arrays]


def _day(**hours_):
    order = dict(imsak=4.0, fajr=4.2, sunrise=6.0, dhuhr=12.0, asr=15.5, sunset=18.0,
                 maghrib=18.0, isha=19.5, midnight=24.0, last_third=26.0)
    order.update(hours_)
    return np.array([[[order[k] * H for k in TIME_NAMES]]])


def test_keep_day_order():
    utc = _day()
    flags = np.zeros(utc.shape, np.uint8)
    rules.keep_day_order(*_first(utc, flags))                 # an ordinary day: untouched
    np.testing.assert_array_equal(utc, _day())
    assert not flags.any()
    utc = _day(isha=17.9, fajr=6.5, imsak=6.6)       # Isha before Maghrib, Fajr after sunrise
    rules.keep_day_order(*_first(utc, flags))
    ix = {k: TIME_NAMES.index(k) for k in TIME_NAMES}
    assert utc[0, 0, ix["isha"]] == 18.0 * H and utc[0, 0, ix["fajr"]] == 6.0 * H
    assert utc[0, 0, ix["imsak"]] == 6.0 * H
    moved = {k for k in TIME_NAMES if flags[0, 0, ix[k]]}
    assert moved == {"isha", "fajr", "imsak"}
    assert all(flags[0, 0, ix[k]] == rules.ADJUSTED for k in moved)
    assert utc[0, 0, ix["midnight"]] == 24.0 * H     # the night's times are left alone


def test_keep_day_order_moves_only_what_is_out_of_order():
    """Two days: the first has Isha before an angle Maghrib (and Imsak equal to
    Fajr, which is in order); the second is ordinary. Rule bits already set
    (a polar resolution) are kept."""
    utc = np.concatenate([_day(maghrib=18.3, isha=18.1, imsak=4.2), _day()], axis=1)
    flags = np.zeros(utc.shape, np.uint8)
    ix = {k: TIME_NAMES.index(k) for k in TIME_NAMES}
    flags[0, :, ix["isha"]] = rules.NEAREST_DAY
    flags[0, 1, ix["fajr"]] = rules.NEAREST_DAY
    rules.keep_day_order(*_first(utc, flags))
    assert utc[0, 0, ix["isha"]] == 18.3 * H
    np.testing.assert_array_equal(utc[0, 1], _day()[0, 0])
    np.testing.assert_array_equal(utc[0, 0, [ix[k] for k in TIME_NAMES if k != "isha"]],
                                  _day(maghrib=18.3, imsak=4.2)[0, 0, [ix[k] for k in TIME_NAMES
                                                            if k != "isha"]])
    assert flags[0, 0, ix["isha"]] == rules.NEAREST_DAY | rules.ADJUSTED
    assert flags[0, 1, ix["isha"]] == rules.NEAREST_DAY
    assert flags[0, 1, ix["fajr"]] == rules.NEAREST_DAY
    others = [ix[k] for k in TIME_NAMES if k != "isha"]
    assert not flags[0, 0, others].any()            # imsak == fajr is not moved


def test_neighbours_of_grids_with_gaps():
    for days in ([0, 2, 3], [0, 1, 3], [0, 2, 3, 4], [0, 1, 2, 4], [5, 9]):
        grid = np.array(days).astype("datetime64[D]")
        before, after = rules.neighbours(grid)
        want_before = [days.index(d - 1) if d - 1 in days else -1 for d in days]
        want_after = [days.index(d + 1) if d + 1 in days else -1 for d in days]
        assert before.tolist() == want_before and after.tolist() == want_after, days


def test_recommended_portion_switches_above_48_degrees():
    for lat, portion in ((48.0, 1 / 2), (48.5, 1 / 7), (-48.5, 1 / 7), (47.9, 1 / 2)):
        t, _ = run(Method("h", fajr=18.0, isha=17.0), lat=lat, fajr=None, isha=None)
        assert hours(t["isha"]) == pytest.approx(18 + 12 * portion), lat


def test_moonsighting_seventh_from_55_degrees_exactly():
    short = dict(fajr=None, isha=None, rise=4.0, set=22.0)
    t, _ = run(Method("ms", shafaq="general"), lat=55.0, **short)
    assert hours(t["isha"]) == pytest.approx(22 + 6 / 7)
    t, _ = run(Method("ms", shafaq="general"), lat=-55.5, **short)
    assert hours(t["isha"]) == pytest.approx(22 + 6 / 7)


def test_authority_horizon_events():
    """A method with its own horizon: sunrise is its rise_m event and Maghrib
    follows its set_m event; the night still runs from the standard sunset."""
    m = Method("k", fajr=20.0, isha=18.0, horizon=1.0, maghrib=Minutes(2))
    ev = events()
    ev["rise_m"], ev["set_m"] = DAY0 + 5.9 * H, DAY0 + 18.1 * H
    t, _ = rules.apply_rules(ev, m, np.array([[30.0]]), DATES, "recommended", None)
    assert hours(t["sunrise"]) == pytest.approx(5.9)
    assert hours(t["maghrib"]) == pytest.approx(18.1 + 2 / 60)
    assert hours(t["sunset"]) == 18.0 and hours(t["midnight"]) == 24.0


@pytest.mark.parametrize("rule, angle_portion", [("twilight_angle", True),
                                                 ("middle_of_night", False)])
def test_angle_maghrib_and_imsak_are_bounded_like_isha_and_fajr(rule, angle_portion):
    m = Method("a", fajr=18.0, isha=17.0, maghrib=4.0, imsak=19.5)
    t, flags = run(m, rule=rule)                         # events present: used as they are
    assert hours(t["maghrib"]) == pytest.approx(18.3) and hours(t["imsak"]) == 4.2
    t, flags = run(m, rule=rule, maghrib=None, imsak=None)
    maghrib = 4.0 / 60 if angle_portion else 0.5
    imsak = 19.5 / 60 if angle_portion else 0.5
    assert hours(t["maghrib"]) == pytest.approx(18 + 12 * maghrib)
    assert hours(t["imsak"]) == pytest.approx(6 - 12 * imsak)
    assert flags["maghrib"][0, 1] == rules.ADJUSTED and flags["imsak"][0, 1] == rules.ADJUSTED


def _shaukat(kind: str, lat: float, day: np.datetime64) -> float:
    """Shaukat's seasonal minutes, written from the published description:
    days since the local winter solstice (north: day of year + 10; south: day
    of year - 172, - 173 in leap years), anchors a, b, c, d at 0, 91, 137 and
    183 days, straight lines a-b-c-d-c-b and back to a over 91 days."""
    base, k = SHAUKAT[kind]
    a, b, c, d = (base + x * abs(lat) / 55 for x in k)
    year = int(str(day)[:4])
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    length = 366 if leap else 365
    day_of_year = int((day - np.datetime64(f"{year}-01-01")).astype(int)) + 1
    n = day_of_year + 10 if lat >= 0 else day_of_year - (173 if leap else 172)
    n = n - length if n >= length else n + length if n < 0 else n
    legs = [(0, 91, a, b), (91, 137, b, c), (137, 183, c, d), (183, 229, d, c),
            (229, 275, c, b)]
    for lo, hi, v0, v1 in legs:
        if n < hi:
            return v0 + (v1 - v0) * (n - lo) / (hi - lo)
    return b + (a - b) * (n - 275) / 91


@pytest.mark.parametrize("year", [2026, 2024])
@pytest.mark.parametrize("lat", [0.0, 0.5, 40.0, -40.0, 54.9])
def test_seasonal_minutes_every_day_of_the_year(year, lat):
    days = np.arange(np.datetime64(f"{year}-01-01"), np.datetime64(f"{year + 1}-01-01"))
    for kind in SHAUKAT:
        got = rules.seasonal_minutes(kind, np.array([lat]), days)
        want = [_shaukat(kind, lat, d) for d in days]
        np.testing.assert_allclose(got.reshape(-1), want, atol=1e-9, err_msg=kind)


def test_keep_day_order_backward_moves_only_what_is_out_of_order():
    utc = np.concatenate([_day(fajr=6.2, imsak=6.1), _day()], axis=1)
    flags = np.zeros(utc.shape, np.uint8)
    ix = {k: TIME_NAMES.index(k) for k in TIME_NAMES}
    flags[0, :, ix["imsak"]] = rules.NEAREST_DAY
    rules.keep_day_order(*_first(utc, flags))
    assert utc[0, 0, ix["fajr"]] == 6.0 * H and utc[0, 0, ix["imsak"]] == 6.0 * H
    np.testing.assert_array_equal(utc[0, 1], _day()[0, 0])
    assert flags[0, 0, ix["imsak"]] == rules.NEAREST_DAY | rules.ADJUSTED
    assert flags[0, 0, ix["fajr"]] == rules.ADJUSTED
    assert flags[0, 1, ix["imsak"]] == rules.NEAREST_DAY
    assert not flags[0, 1, [ix[k] for k in TIME_NAMES if k != "imsak"]].any()


# ---------------------------------------------------------------- keep_on_date
# One place, two dates on a UTC+2 clock; times as local clock seconds after the
# first date's midnight, turned into Unix seconds for the function.

_DAYS = np.array(["2026-06-20", "2026-06-21"], "datetime64[D]")
_MIDNIGHT = _DAYS.astype(np.int64) * 86400.0             # local 00:00 of each date
_OFFSET = 7200.0
_I = {name: k for k, name in enumerate(TIME_NAMES)}
_H = 3600.0


def day_of(**local_hours):
    """(utc, offset, flags) of both dates with the same local clock times;
    a name given as a tuple ``(hours, flag)`` carries that flag bit."""
    base = dict(imsak=2.5, fajr=2.75, sunrise=4.0, dhuhr=13.0, asr=17.0, sunset=21.5,
                maghrib=21.5, isha=23.0, midnight=24.75, last_third=26.0)
    base.update(local_hours)
    utc = np.zeros((1, 2, len(TIME_NAMES)))
    flags = np.zeros(utc.shape, np.uint8)
    for name, value in base.items():
        h, bit = value if isinstance(value, tuple) else (value, 0)
        utc[0, :, _I[name]] = _MIDNIGHT + h * _H - _OFFSET
        flags[0, :, _I[name]] = bit
    return utc, np.full(utc.shape, _OFFSET), flags


def local_hours(utc, name):
    return (utc[0, :, _I[name]] + _OFFSET - _MIDNIGHT) / _H


def test_keep_on_date_holds_a_rule_time_at_the_date_edges():
    """A rule's Fajr and Imsak before the date's 00:00 go to 00:00, its Isha
    after 23:59 to 23:59, all flagged LOCAL_DATE; the rest is untouched."""
    utc, offset, flags = day_of(imsak=(-0.3, rules.ADJUSTED), fajr=(-0.1, rules.NEAREST_DAY),
                                isha=(24.2, rules.ADJUSTED))
    before = utc.copy()
    assert rules.keep_on_date(*_first(utc, offset, flags), _DAYS) is True
    np.testing.assert_allclose(local_hours(utc, "imsak"), [0.0, 0.0])
    np.testing.assert_allclose(local_hours(utc, "fajr"), [0.0, 0.0])
    np.testing.assert_allclose(local_hours(utc, "isha"), [23 + 59 / 60] * 2)
    for name in ("imsak", "fajr", "isha"):
        assert (flags[0, :, _I[name]] & rules.LOCAL_DATE).all(), name
        assert (flags[0, :, _I[name]] & rules.RULES).all(), name      # the rule's bit stays
    others = [k for n, k in _I.items() if n not in ("imsak", "fajr", "isha")]
    np.testing.assert_array_equal(utc[..., others], before[..., others])
    assert not (flags[..., others] & rules.LOCAL_DATE).any()


def test_keep_on_date_leaves_what_it_must_not_move():
    cases = [
        day_of(fajr=-0.1, imsak=-0.3),                                  # the Sun's own times
        day_of(fajr=-0.1, imsak=-0.3, isha=(23.0, rules.ADJUSTED)),     # ... beside a rule's
        day_of(fajr=(-0.5, rules.ADJUSTED), sunrise=-0.2),              # sunrise is off it too
        day_of(isha=(24.5, rules.ADJUSTED), maghrib=24.1, sunset=24.1),  # so is Maghrib
        day_of(maghrib=(24.1, rules.ADJUSTED), sunset=24.05),           # Maghrib after sunset
        day_of(fajr=(0.0, rules.ADJUSTED), imsak=(0.0, rules.ADJUSTED)),  # exactly at 00:00
        day_of(isha=(23 + 59 / 60, rules.ADJUSTED)),                    # exactly at 23:59
        day_of(midnight=(25.0, rules.ADJUSTED), dhuhr=(13.0, rules.ADJUSTED)),  # not clamped
    ]
    for k, (utc, offset, flags) in enumerate(cases):
        before, bits = utc.copy(), flags.copy()
        assert rules.keep_on_date(*_first(utc, offset, flags), _DAYS) is False, k
        np.testing.assert_array_equal(utc, before, err_msg=str(k))
        np.testing.assert_array_equal(flags, bits, err_msg=str(k))


def test_keep_on_date_neighbour_exactly_at_the_edge():
    """The neighbour exactly at 00:00 (sunrise) or 23:59 (Maghrib) is on the
    date, so the rule's time beyond it is held."""
    utc, offset, flags = day_of(fajr=(-0.2, rules.ADJUSTED), sunrise=0.0,
                                isha=(24.3, rules.ADJUSTED), maghrib=23 + 59 / 60)
    assert rules.keep_on_date(*_first(utc, offset, flags), _DAYS) is True
    np.testing.assert_allclose(local_hours(utc, "fajr"), [0.0, 0.0])
    np.testing.assert_allclose(local_hours(utc, "isha"), [23 + 59 / 60] * 2)


def _on_floats(fn, utc, flags, *rest):
    """``fn`` run on each place-day as lists (``xp=FLOATS``): the new arrays."""
    utc, flags = utc.copy(), flags.copy()
    for d in range(utc.shape[1]):
        u, f = utc[0, d].tolist(), flags[0, d].tolist()
        args = [r[0, d].tolist() for r in rest[:1]] + [int(_DAYS[d].astype(np.int64))
                                                       for _ in rest[1:]]
        fn(u, *args[:1], f, *args[1:], xp=FLOATS) if rest else fn(u, f, xp=FLOATS)
        assert all(type(x) is float for x in u) and all(type(x) is int for x in f)
        utc[0, d], flags[0, d] = u, f
    return utc, flags


@pytest.mark.parametrize("hours", [{}, dict(isha=17.9, fajr=6.5, imsak=6.6),
                                   dict(maghrib=18.3, isha=18.1, imsak=4.2),
                                   dict(fajr=6.2, imsak=6.1), dict(asr=11.0, dhuhr=12.0)])
def test_keep_day_order_on_floats_is_the_arrays(hours):
    utc = np.concatenate([_day(**hours), _day(**hours)], axis=1)
    flags = np.zeros(utc.shape, np.uint8)
    flags[0, 1, TIME_NAMES.index("isha")] = rules.NEAREST_DAY
    want_utc, want_flags = utc.copy(), flags.copy()
    rules.keep_day_order(*_first(want_utc, want_flags))
    got_utc, got_flags = _on_floats(rules.keep_day_order, utc, flags)
    np.testing.assert_array_equal(got_utc, want_utc)
    np.testing.assert_array_equal(got_flags, want_flags)


@pytest.mark.parametrize("case", [
    dict(imsak=(-0.3, rules.ADJUSTED), fajr=(-0.1, rules.NEAREST_DAY), isha=(24.2, rules.ADJUSTED)),
    dict(fajr=(-0.2, rules.ADJUSTED), sunrise=0.0, isha=(24.3, rules.ADJUSTED),
         maghrib=23 + 59 / 60),
    dict(fajr=(-0.5, rules.ADJUSTED), sunrise=-0.2),
    dict(isha=(24.5, rules.ADJUSTED), maghrib=24.1, sunset=24.1),
    dict(maghrib=(24.1, rules.ADJUSTED), sunset=24.05),
    dict(fajr=-0.1, imsak=-0.3),
])
def test_keep_on_date_on_floats_is_the_arrays(case):
    utc, offset, flags = day_of(**case)
    want_utc, want_flags = utc.copy(), flags.copy()
    moved = rules.keep_on_date(*_first(want_utc, offset, want_flags), _DAYS)
    got_utc, got_flags = _on_floats(rules.keep_on_date, utc, flags, offset, _DAYS)
    np.testing.assert_array_equal(got_utc, want_utc)
    np.testing.assert_array_equal(got_flags, want_flags)
    u, o, f = utc[0, 0].tolist(), offset[0, 0].tolist(), flags[0, 0].tolist()
    assert rules.keep_on_date(u, o, f, int(_DAYS[0].astype(np.int64)), xp=FLOATS) is moved


@pytest.mark.parametrize("mode", [None, "nearest", "up", "down"])
def test_round_local_on_floats_is_the_arrays(mode):
    x = np.array([59.5, 60.0, 89.99, 90.0, 119.0, -30.0, -29.5, 1.78e9 + 30.0, math.nan,
                  math.inf])
    want = rules.round_local(x, mode)
    got = [rules.round_local(v, mode, xp=FLOATS) for v in x.tolist()]
    assert all(type(v) is float for v in got)
    np.testing.assert_array_equal(got, want)
