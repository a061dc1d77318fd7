"""Iqama, Jumu'ah and Eid rules (salat.iqama) at their edges.

The adhan times are set by hand on each day (so the expected iqama is worked
out here from the rule, not from salat's calculation). Ramadan 1447 in the
Umm al-Qura calendar: 1 Ramadan = 2026-02-18, 30 days, Eid al-Fitr 2026-03-20
(hijridate's table; Saudi announcement).
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
import pytz

import salat
from salat import InputError
from salat.iqama import EidPrayer, IqamaRule, IqamaRules, JumuahRule, ramadan_on

LONDON = pytz.timezone("Europe/London")


def day(date: str, **hhmm) -> salat.PrayerTimes:
    """A London day whose named times are the given clock times."""
    t = salat.times_for(51.5175, -0.0654, date, method="mwl")
    d = dt.date.fromisoformat(date)
    swap = {k: LONDON.localize(dt.datetime.combine(d, dt.time.fromisoformat(v)))
            for k, v in hhmm.items()}
    return dataclasses.replace(t, **swap)


def at(rules, t):
    return {k: v.strftime("%H:%M") for k, v in IqamaRules(rules).times(t).items()}


# ---------------------------------------------------------------- the four modes

def test_after_fixed_none_table():
    t = day("2026-01-10", fajr="06:20", dhuhr="12:10", asr="13:58", maghrib="16:12",
            isha="17:49")
    rules = [IqamaRule("fajr", after=30), IqamaRule("dhuhr", at="12:45"),
             IqamaRule("asr", none=True), IqamaRule("maghrib", after=5),
             IqamaRule("isha", table=True)]
    table = {"isha": LONDON.localize(dt.datetime(2026, 1, 10, 19, 15))}
    got = IqamaRules(rules).times(t, table)
    assert {k: v.strftime("%H:%M") for k, v in got.items()} == \
        {"fajr": "06:50", "dhuhr": "12:45", "maghrib": "16:17", "isha": "19:15"}


def test_zero_minutes_after_is_a_rule():
    # after = 0 (iqama at the adhan) is a mode of its own, not "no mode" (0 == False)
    t = day("2026-01-10", maghrib="16:12")
    assert at([IqamaRule("maghrib", after=0)], t) == {"maghrib": "16:12"}
    assert IqamaRule("maghrib", after=0).mode == "after"


def test_table_rule_without_a_table_value_gives_no_iqama():
    t = day("2026-01-10", isha="17:49")
    assert at([IqamaRule("isha", table=True)], t) == {}


# ---------------------------------------------------------------- rounding

def test_rounding_step_exactly_on_a_boundary_stays():
    # 12:55 + 20 = 13:15, already a multiple of 5: not pushed to 13:20
    t = day("2026-01-10", dhuhr="12:55")
    assert at([IqamaRule("dhuhr", after=20, step=5)], t) == {"dhuhr": "13:15"}


def test_rounding_one_minute_past_goes_up_a_whole_step():
    t = day("2026-01-10", dhuhr="12:56")
    assert at([IqamaRule("dhuhr", after=20, step=5)], t) == {"dhuhr": "13:20"}
    assert at([IqamaRule("dhuhr", after=20, step=15)], t) == {"dhuhr": "13:30"}


def test_seconds_count_when_rounding():
    t = day("2026-01-10", dhuhr="12:55:30")
    assert at([IqamaRule("dhuhr", after=20, step=5)], t) == {"dhuhr": "13:20"}


# ---------------------------------------------------------------- bounds

def test_not_after_wins_over_the_offset():
    t = day("2026-06-21", isha="22:42")
    assert at([IqamaRule("isha", after=20, step=5, not_after="22:45")], t) == \
        {"isha": "22:45"}


def test_not_before_wins_in_winter():
    t = day("2026-01-10", isha="17:49")
    assert at([IqamaRule("isha", after=10, step=5, not_before="19:30")], t) == \
        {"isha": "19:30"}


def test_fajr_before_sunrise_bound_rounds_down_to_the_step():
    # 02:43 + 75 = 03:58 -> 04:00; sunrise 04:40 - 45 = 03:55 wins (already on the step)
    t = day("2026-06-21", fajr="02:43", sunrise="04:40")
    assert at([IqamaRule("fajr", after=75, step=5, before_sunrise=45)], t) == \
        {"fajr": "03:55"}
    # sunrise 04:43 - 45 = 03:58 -> rounded down to 03:55 so that the bound holds
    t = day("2026-06-21", fajr="02:43", sunrise="04:43")
    assert at([IqamaRule("fajr", after=75, step=5, before_sunrise=45)], t) == \
        {"fajr": "03:55"}


def test_never_before_the_adhan():
    t = day("2026-06-21", isha="22:42")
    assert at([IqamaRule("isha", at="21:30")], t) == {"isha": "22:42"}


# ---------------------------------------------------------------- dates and DST

def test_fixed_time_keeps_its_clock_across_the_dst_change():
    rules = [IqamaRule("dhuhr", at="13:30")]
    sat, sun = day("2026-03-28", dhuhr="12:10"), day("2026-03-29", dhuhr="13:10")
    a, b = IqamaRules(rules).times(sat)["dhuhr"], IqamaRules(rules).times(sun)["dhuhr"]
    assert a.strftime("%H:%M") == b.strftime("%H:%M") == "13:30"
    assert b - a == dt.timedelta(hours=23)              # a 23-hour day between them


def test_offset_follows_the_adhan_across_the_dst_change():
    rules = [IqamaRule("dhuhr", after=15, step=5)]
    assert at(rules, day("2026-03-28", dhuhr="12:10")) == {"dhuhr": "12:25"}
    assert at(rules, day("2026-03-29", dhuhr="13:10")) == {"dhuhr": "13:25"}


def test_a_rule_starting_on_a_given_date():
    rules = [IqamaRule("asr", after=10, step=5), IqamaRule("asr", at="15:30",
                                                           start="2026-12-05")]
    assert at(rules, day("2026-12-04", asr="13:36")) == {"asr": "13:50"}
    assert at(rules, day("2026-12-05", asr="13:36")) == {"asr": "15:30"}


def test_a_season_between_dates_and_the_latest_start_wins():
    rules = [IqamaRule("dhuhr", at="13:30"),
             IqamaRule("dhuhr", at="12:45", start="2026-10-25", end="2027-03-27"),
             IqamaRule("dhuhr", at="12:30", start="2026-12-20", end="2027-01-03")]
    t = lambda d: at(rules, day(d, dhuhr="11:58"))  # noqa: E731
    assert t("2026-10-24") == {"dhuhr": "13:30"}
    assert t("2026-10-25") == {"dhuhr": "12:45"}
    assert t("2026-12-20") == {"dhuhr": "12:30"}
    assert t("2027-01-03") == {"dhuhr": "12:30"}
    assert t("2027-01-04") == {"dhuhr": "12:45"}
    assert t("2027-03-28") == {"dhuhr": "13:30"}


# ---------------------------------------------------------------- Ramadan

RAMADAN = [IqamaRule("isha", after=15, step=5), IqamaRule("isha", at="20:30", ramadan=True),
           IqamaRule("taraweeh", after=10, ramadan=True),
           IqamaRule("maghrib", after=10), IqamaRule("maghrib", after=3, ramadan=True)]


@pytest.mark.parametrize("date, isha, taraweeh", [
    ("2026-02-16", "19:05", None),        # two evenings before: not yet
    ("2026-02-17", "20:30", "20:40"),     # first night: the evening before 1 Ramadan
    ("2026-03-18", "20:30", "20:40"),     # last night: the evening before 30 Ramadan
    ("2026-03-19", "19:05", None),        # the evening of the last fast: Eid's night
])
def test_ramadan_first_and_last_night(date, isha, taraweeh):
    got = at(RAMADAN, day(date, maghrib="17:30", isha="18:50"))
    assert got["isha"] == isha
    assert got.get("taraweeh") == taraweeh


@pytest.mark.parametrize("date, maghrib", [
    ("2026-02-17", "17:40"), ("2026-02-18", "17:33"), ("2026-03-19", "17:33"),
    ("2026-03-20", "17:40")])
def test_ramadan_days_for_the_day_prayers(date, maghrib):
    assert at(RAMADAN, day(date, maghrib="17:30", isha="18:50"))["maghrib"] == maghrib


def test_hijri_offset_moves_ramadan():
    # a local sighting one day later: 1 Ramadan on 2026-02-19
    assert ramadan_on(dt.date(2026, 2, 18), "maghrib", 0)
    assert not ramadan_on(dt.date(2026, 2, 18), "maghrib", -1)
    assert ramadan_on(dt.date(2026, 3, 20), "maghrib", -1)


# ---------------------------------------------------------------- bad rules

@pytest.mark.parametrize("kw, msg", [
    ({"prayer": "zuhr", "after": 5}, r"prayer: got 'zuhr'; allowed: fajr, dhuhr"),
    ({"prayer": "fajr"}, r"give exactly one of after .*got none of them"),
    ({"prayer": "fajr", "after": 5, "at": "06:00"}, r"exactly one .*got after, at"),
    ({"prayer": "fajr", "after": -5}, r"fajr.after"),
    ({"prayer": "fajr", "at": "6 am"}, r"fajr.at: got '6 am'; allowed: a clock time"),
    ({"prayer": "isha", "after": 5, "before_sunrise": 10}, r"only Fajr"),
    ({"prayer": "isha", "after": 5, "step": 7.5}, r"isha.step: got 7.5; allowed: whole"),
    ({"prayer": "isha", "after": 5, "start": "2026-05-01", "end": "2026-04-01"},
     r"end 2026-04-01 is before start 2026-05-01"),
    ({"prayer": "taraweeh", "after": 5, "ramadan": False}, r"Taraweeh is a Ramadan prayer"),
])
def test_bad_rules(kw, msg):
    with pytest.raises(InputError, match=msg):
        IqamaRule(**kw)


# ---------------------------------------------------------------- Jumu'ah and Eid

def test_jumuah_fixed_and_from_dhuhr():
    fri = day("2026-01-09", dhuhr="12:09")
    assert [w.strftime("%H:%M") for w in JumuahRule(("13:15", "12:30")).on(fri)] == \
        ["12:30", "13:15"]
    assert [w.strftime("%H:%M") for w in JumuahRule((30, 90), step=15).on(fri)] == \
        ["12:45", "13:45"]


def test_jumuah_counts():
    with pytest.raises(InputError, match=r"1 to 6 times"):
        JumuahRule(())
    with pytest.raises(InputError, match=r"1 to 6 times"):
        JumuahRule(tuple(f"1{i}:00" for i in range(7)))
    assert len(JumuahRule(tuple(f"1{i}:00" for i in range(6))).times) == 6


def test_eid_prayers_keep_their_clock():
    e = EidPrayer("Eid al-Fitr", "2026-03-20", ("07:30", "09:00"))
    assert [(n, w.strftime("%Y-%m-%d %H:%M %Z")) for n, w in e.on(LONDON)] == \
        [("Eid al-Fitr", "2026-03-20 07:30 GMT"), ("Eid al-Fitr", "2026-03-20 09:00 GMT")]
    with pytest.raises(InputError, match=r"eid.date"):
        EidPrayer("Eid", "20/03/2026", ("07:30",))


# ---------------------------------------------------------------- properties

from hypothesis import given, settings, strategies as st  # noqa: E402


@settings(max_examples=200, deadline=None)
@given(minute=st.integers(12 * 60, 14 * 60), second=st.integers(0, 59),
       after=st.integers(0, 120), step=st.sampled_from([0, 1, 5, 10, 15, 30]),
       cap=st.one_of(st.none(), st.integers(12 * 60, 16 * 60)))
def test_after_step_and_cap_properties(minute, second, after, step, cap):
    t = day("2026-01-10", dhuhr=f"{minute // 60:02d}:{minute % 60:02d}:{second:02d}")
    kw = {} if cap is None else {"not_after": f"{cap // 60:02d}:{cap % 60:02d}"}
    got = IqamaRules([IqamaRule("dhuhr", after=after, step=step, **kw)]).times(t)["dhuhr"]
    raw = t.dhuhr + dt.timedelta(minutes=after)
    assert got >= t.dhuhr                                   # never before the adhan
    if cap is None or raw <= LONDON.localize(dt.datetime(2026, 1, 10, cap // 60, cap % 60)):
        if step and cap is None:
            late = got - raw
            assert dt.timedelta(0) <= late < dt.timedelta(minutes=step)
            assert got.second == 0 and (got.hour * 60 + got.minute) % step == 0
        elif not step:
            assert got == raw
    else:                                                   # the cap wins (or the adhan)
        assert got == max(t.dhuhr, LONDON.localize(dt.datetime(2026, 1, 10, cap // 60,
                                                               cap % 60)))
