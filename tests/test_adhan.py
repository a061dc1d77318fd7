"""salat against the Adhan project's shared timetables (``tests/data/adhan``).

Each fixture names an Adhan preset; the test builds that preset as a
``salat.Method`` from Adhan's published parameters (see
``docs/adhan_fixtures.md``), *not* from salat's
catalogue, whose methods may differ on purpose (Adhan adds Dhuhr +1 to
MWL, Egypt, Karachi, North America and Singapore; Adhan's Umm al-Qura rounds
to the nearest minute and has no Ramadan rule). Times are computed with
``high_latitude="middle_of_night"`` (what every core file says; the Moonsighting
Committee preset has its own seasonal bound instead) and Adhan's rounding:
nearest minute, or up for Singapore, Malaysia and Indonesia.

An entry passes when salat's minute is within the file's ``variance``, or
within one minute where the file gives none (the zero-tolerance files were
hand-aligned to Adhan's own rounding, whose numerical quirks we need not
copy). The number that matched to the minute is printed at the end of the
run; measured with the engine at babd2f3:

==================================  =======  =========  ===========  =============
file                                entries  tolerance  within       same minute
==================================  =======  =========  ===========  =============
Ankara-Turkey                           144  2          144          84 (58%)
Doha-Qatar                               72  (1)        72           68 (94%)
Dubai-Gulf                               72  1          72           44 (61%)
Kuwait City-Kuwait                       72  2          72           45 (62%)
London-MoonsightingCommittee             72  (1)        72           70 (97%)
Makkah-UmmAlQura                         72  (1)        72           70 (97%)
Singapore-Singapore                    2196  2          2196         1612 (73%)
Tehran-Tehran                            72  1          72           67 (93%)
core total                             2772             2772         2060 (74%)
extra Oslo-MoonsightingCommittee         72  (1)        72           61 (85%)
extra Kushtia-Karachi (adhan-dart)     2190  (1)        2190         2136 (98%)
extra NewYork-NorthAmerica (dart)      2190  (1)        2190         2048 (94%)
extra Melaka-JAKIM                     2190  1          2190         1995 (91%)
extra Jakarta-Indonesia                2190  1          2190         2013 (92%)
extra Casablanca-Morocco (-7 days)     2154  2          2154         1384 (64%)
==================================  =======  =========  ===========  =============

No entry is off by more than one minute except in Ankara and Kuwait (files
with tolerance 2). Most one-minute differences are Asr: Adhan takes the
declination of the date at 0h UT for the noon shadow, salat the declination at
the transit itself (checked against DE421 to a second in test_accuracy); on
the three zero-tolerance files the other differences sit within a second of
a rounding boundary (e.g. Doha Maghrib 2016-04-01 17:50:29.3).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import pytz

import salat

DATA = Path(__file__).parent / "data" / "adhan"
KEYS = ("fajr", "sunrise", "dhuhr", "asr", "maghrib", "isha")
M = salat.Method
Min = salat.Minutes

#: Adhan's presets, as published (name -> (Method, rounding)).
PRESETS = {
    "MuslimWorldLeague": (M("adhan_mwl", fajr=18.0, isha=17.0, offsets={"dhuhr": 1}), "nearest"),
    "Egyptian": (M("adhan_egypt", fajr=19.5, isha=17.5, offsets={"dhuhr": 1}), "nearest"),
    "Karachi": (M("adhan_karachi", fajr=18.0, isha=18.0, offsets={"dhuhr": 1}), "nearest"),
    "UmmAlQura": (M("adhan_uaq", fajr=18.5, isha=Min(90)), "nearest"),
    "Dubai": (M("adhan_dubai", fajr=18.2, isha=18.2,
                offsets={"sunrise": -3, "dhuhr": 3, "asr": 3, "maghrib": 3}), "nearest"),
    "MoonsightingCommittee": (M("adhan_mc", fajr=18.0, isha=18.0, shafaq="general",
                                offsets={"dhuhr": 5, "maghrib": 3}), "nearest"),
    "NorthAmerica": (M("adhan_na", fajr=15.0, isha=15.0, offsets={"dhuhr": 1}), "nearest"),
    "Kuwait": (M("adhan_kuwait", fajr=18.0, isha=17.5), "nearest"),
    "Qatar": (M("adhan_qatar", fajr=18.0, isha=Min(90)), "nearest"),
    "Singapore": (M("adhan_sg", fajr=20.0, isha=18.0, offsets={"dhuhr": 1}), "up"),
    "Tehran": (M("adhan_tehran", fajr=17.7, isha=14.0, maghrib=4.5, midnight="jafari"),
               "nearest"),
    "Turkey": (M("adhan_turkey", fajr=18.0, isha=17.0,
                 offsets={"sunrise": -7, "dhuhr": 5, "asr": 4, "maghrib": 7}), "nearest"),
    # Presets of the extra files (never merged upstream; parameters from their PRs).
    "Morocco": (M("adhan_morocco", fajr=19.0, isha=17.0, maghrib=1.8, sunrise_horizon=1.7,
                  offsets={"dhuhr": 5}), "nearest"),
    "Malaysia": (M("adhan_jakim", fajr=18.0, isha=18.0, offsets={"sunrise": -1, "dhuhr": 1}),
                 "up"),
    "Indonesia": (M("adhan_kemenag", fajr=20.0, isha=18.0, maghrib=1.0,
                    offsets={"fajr": 2, "sunrise": -4, "dhuhr": 3, "asr": 2, "maghrib": 2,
                             "isha": 2}), "up"),
}
#: The snake_case spellings of the adhan-dart generated files.
ALIASES = {"karachi": "Karachi", "north_america": "NorthAmerica",
           "moon_sighting_committee": "MoonsightingCommittee"}

CORE = ["Ankara-Turkey.json", "Doha-Qatar.json", "Dubai-Gulf.json", "Kuwait City-Kuwait.json",
        "London-MoonsightingCommittee.json", "Makkah-UmmAlQura.json",
        "Singapore-Singapore.json", "Tehran-Tehran.json"]
EXTRA = ["extra/Oslo-MoonsightingCommittee.json",
         "extra/Kushtia-Karachi-Hanafi-Generated-Using-V1.json",
         "extra/NewYork-NorthAmerica-Hanafi-Generated-Using-V1.json",
         "extra/Melaka-JAKIM.json", "extra/Jakarta-Indonesia.json",
         "extra/Casablanca-Morocco.json"]
#: Entries written in another clock than the tz database's: Morocco's 2020
#: Ramadan change back to UTC+1 happened on 2020-05-31, the source switched a
#: week early (see the data README).
SKIP_DATES = {"extra/Casablanca-Morocco.json":
              {f"2020-05-{d}" for d in range(24, 31)}}


def load(name):
    with open(DATA / name, encoding="utf-8") as fh:
        return json.load(fh)


def compare(name):
    """Per entry: (date, key, salat - expected in whole minutes) and the tolerance."""
    data = load(name)
    p = data["params"]
    method, rounding = PRESETS[ALIASES.get(p["method"], p["method"])]
    asr = "hanafi" if str(p.get("madhab", "Shafi")).lower() == "hanafi" else "standard"
    zone = pytz.timezone(p["timezone"])
    tolerance = data.get("variance") or 1
    skip = SKIP_DATES.get(name, set())
    out = []
    for row in data["times"]:
        if row["date"] in skip:
            continue
        day = dt.date.fromisoformat(row["date"])
        t = salat.times_for(p["latitude"], p["longitude"], day, method=method, asr=asr,
                            tz=p["timezone"], high_latitude="middle_of_night",
                            rounding=rounding)
        for key in KEYS:
            local = dt.datetime.strptime(f"{row['date']} {row[key]}", "%Y-%m-%d %I:%M %p")
            want = zone.localize(local)
            got = getattr(t, key)
            diff = None if got is None else (got - want).total_seconds() / 60.0
            out.append((row["date"], key, diff))
    return out, tolerance


@pytest.mark.parametrize("name", CORE + EXTRA)
def test_fixture(name, report):
    entries, tolerance = compare(name)
    missing = [(d, k) for d, k, x in entries if x is None]
    off = [(d, k, x) for d, k, x in entries if x is not None and abs(x) > tolerance + 1e-9]
    same = sum(1 for _, _, x in entries if x is not None and abs(x) < 1e-9)
    hist = {}
    for _, _, x in entries:
        if x is not None:
            hist[round(x)] = hist.get(round(x), 0) + 1
    report(f"Adhan {name}: {len(entries)} entries, tolerance {tolerance} min: "
           f"{len(entries) - len(missing) - len(off)} within, {same} same minute "
           f"({100.0 * same / len(entries):.1f}%); differences "
           + ", ".join(f"{k:+d}:{v}" for k, v in sorted(hist.items())))
    assert not missing, f"{name}: undefined times {missing[:10]}"
    assert not off, f"{name}: {len(off)} entries beyond {tolerance} min: {off[:10]}"


def test_every_core_file_is_tested():
    """All eight upstream files are here and in the list above."""
    here = sorted(p.name for p in DATA.glob("*.json"))
    assert here == sorted(CORE)
    assert sum(len(load(n)["times"]) for n in CORE) == 462
