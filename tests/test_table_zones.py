"""``salat.table`` in Malaysia: a place gets its JAKIM zone's table, as ``times_for`` does.

Expected values from outside the code under test: JAKIM's published 2026 tables
(``tests/data``, see ``test_official.py``), and ``times_for`` (whose zone model
those tables check) for the row-by-row agreement.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

import salat
from salat.tables import table

from benchmarks.accuracy import load_all
from test_official import _MALAYSIAN_TOWNS, _within_one

# Malaysian points (Kelantan's own method, Borneo, an enclave's neighbour), one
# in Singapore and one in London: each row of a many-place table must be the
# times_for day of that place, with the same zone, method and clock.
POINTS = [(3.1412, 101.6865), (6.1333, 102.2386), (5.9749, 116.0724), (4.4148, 114.0089),
          (6.4414, 100.1986), (1.29, 103.85), (51.5, -0.12), (2.0305, 103.3169)]
START, END = dt.date(2026, 3, 1), dt.date(2026, 3, 4)


def _rows_equal_days(tt, points, **kw):
    for i, (lat, lon) in enumerate(points):
        for j in range(tt.dates.size):
            day = tt.dates[j].astype(object)
            want = salat.times_for(lat, lon, day, **kw)
            got = tt.day(j, i)
            for name in salat.TIME_NAMES:
                assert getattr(got, name) == getattr(want, name), (lat, lon, day, name)
            assert tt.tzs[i].utcoffset(dt.datetime(2026, 3, 1)) \
                == want.fajr.utcoffset(), (lat, lon)
            assert tt.methods[i] == want.method, (lat, lon)


@pytest.mark.parametrize("kw", [{}, {"method": "jakim"}, {"zone": False},
                                {"method": "mwl"}, {"tz": "UTC"}])
def test_table_rows_are_the_times_for_days_of_each_place(kw):
    tt = table([p[0] for p in POINTS], [p[1] for p in POINTS], START, END, **kw)
    _rows_equal_days(tt, POINTS, **kw)


def test_kuala_lumpur_table_is_the_zone_table_and_zone_false_the_point():
    kl = _MALAYSIAN_TOWNS["Kuala Lumpur"][:2]
    by_zone = table(zone="WLY01", start=START, end=END)
    at_town = table(*kl, START, END)
    assert (at_town.utc("fajr") == by_zone.utc("fajr")).all()
    assert (at_town.latitude[0], at_town.longitude[0]) == kl      # the place asked for
    assert salat.times_for(*kl, START).fajr.strftime("%H:%M") \
        == at_town.day(0).fajr.strftime("%H:%M")
    at_point = table(*kl, START, END, zone=False)
    assert not (at_point.utc("fajr") == by_zone.utc("fajr")).all()
    with pytest.raises(salat.InputTypeError, match="zone: got True; allowed"):
        table(*kl, START, zone=True)


def test_a_zone_table_is_on_the_zone_clock():
    """PLS01's first point is at sea off Perlis, where the time zone found would be
    Asia/Bangkok (an hour behind): the table is on Malaysia's clock, as JAKIM prints."""
    tt = table(zone="PLS01", start=START)
    assert tt.day(0).fajr == salat.times_for(zone="PLS01", date=START).fajr
    assert tt.day(0).fajr.utcoffset() == dt.timedelta(hours=8)
    assert table(zone="PLS01", start=START, tz="Asia/Bangkok").day(0).fajr.utcoffset() \
        == dt.timedelta(hours=7)


def test_jakim_tables_agree_through_table_at_a_town_as_with_the_zone_code():
    tables = {t.zone: t for t in load_all("jakim-2026-zones.csv.gz")}
    towns = list(_MALAYSIAN_TOWNS.items())
    first = min(min(tables[c].dates) for _, (_, _, c) in towns)
    last = max(max(tables[c].dates) for _, (_, _, c) in towns)
    many = table([t[1][0] for t in towns], [t[1][1] for t in towns], first, last)
    dates = list(many.dates.astype(object))

    def row(tt, k):
        return lambda d: tt.day(dates.index(d), k)

    for i, (town, (_, _, code)) in enumerate(towns):
        by_code = table(zone=code, start=first, end=last)
        by_town = _within_one(tables, code, row(many, i))
        assert by_town == _within_one(tables, code, row(by_code, 0)), town
        assert by_town == _within_one(tables, code, lambda d, z=code:
                                      salat.times_for(zone=z, date=d)), town
    kl = towns.index(("Kuala Lumpur", _MALAYSIAN_TOWNS["Kuala Lumpur"]))
    assert _within_one(tables, "WLY01", row(many, kl)) >= 99.0
    assert np.isfinite(many.utc_seconds).any()
