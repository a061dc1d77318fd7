"""The method catalogue: names, parameters, documentation, method_for."""

from __future__ import annotations

import datetime as dt

import pytest

import salat
from salat import METHODS, Method, Minutes
from salat.methods import describe_parameters, get_method
from salat.regions import COUNTRY_METHODS, country_at

#: Every method the catalogue must hold (docs/goals.md).
REQUIRED = ("mwl", "isna", "egypt", "umm_al_qura", "karachi", "tehran", "jafari", "gulf",
            "kuwait", "qatar", "dubai", "singapore", "jakim", "kemenag", "diyanet", "morocco",
            "algeria", "tunisia", "france", "france_15", "france_18", "russia", "jordan",
            "portugal", "moonsighting", "moonsighting_ahmer", "moonsighting_abyad",
            "london_unified")


@pytest.mark.parametrize("name", REQUIRED)
def test_catalogue_has_method_with_documentation(name):
    m = METHODS[name]
    assert m.name == name
    assert m.title and m.region and len(m.source) > 20
    dt.date.fromisoformat(m.checked)


def test_catalogue_is_read_only():
    with pytest.raises(TypeError):
        METHODS["mine"] = Method("mine")      # type: ignore[index]
    with pytest.raises(TypeError):
        METHODS["diyanet"].offsets["dhuhr"] = 0   # type: ignore[index]


@pytest.mark.parametrize("name, fajr, isha", [
    ("mwl", 18.0, 17.0), ("isna", 15.0, 15.0), ("egypt", 19.5, 17.5), ("karachi", 18.0, 18.0),
    ("umm_al_qura", 18.5, Minutes(90)), ("tehran", 17.7, 14.0), ("jafari", 16.0, 14.0),
    ("gulf", 19.5, Minutes(90)), ("kuwait", 18.0, 17.5), ("qatar", 18.0, Minutes(90)),
    ("dubai", 18.2, 18.2), ("singapore", 20.0, 18.0),
    ("jakim", 18.0, 18.0),            # Subuh 18 since the Nov 2019 Muzakarah, not 20
    ("jakim_kelantan", 18.0, 17.0), ("kemenag", 20.0, 18.0), ("diyanet", 18.0, 17.0),
    ("algeria", 18.0, 17.0), ("tunisia", 18.0, 18.0), ("france", 12.0, 12.0),
    ("france_15", 15.0, 15.0), ("france_18", 18.0, 18.0), ("russia", 16.0, 15.0),
    ("jordan", 18.0, 18.0), ("portugal", 18.0, Minutes(77)),
])
def test_published_angles(name, fajr, isha):
    m = METHODS[name]
    assert (m.fajr, m.isha) == (fajr, isha)


def test_special_rules():
    assert METHODS["umm_al_qura"].isha_ramadan == Minutes(120)
    assert METHODS["umm_al_qura"].rounding == "up"
    assert METHODS["tehran"].maghrib == 4.5 and METHODS["tehran"].midnight == "jafari"
    assert METHODS["jafari"].maghrib == 4.0 and METHODS["jafari"].midnight == "jafari"
    assert METHODS["jordan"].maghrib == Minutes(5)
    assert METHODS["portugal"].maghrib == Minutes(3)
    assert METHODS["kemenag"].horizon == 1.0
    assert METHODS["diyanet"].sun_at == 0.0
    assert dict(METHODS["diyanet"].offsets) == {"sunrise": -7, "dhuhr": 5, "asr": 4,
                                                "maghrib": 7}
    assert dict(METHODS["qatar"].ramadan_offsets) == {"maghrib": 1, "isha": 1}
    assert [METHODS[n].shafaq for n in ("moonsighting", "moonsighting_ahmer",
                                        "moonsighting_abyad")] == ["general", "ahmer", "abyad"]


def test_new_fields_are_validated():
    with pytest.raises(ValueError, match="sun_at"):
        Method("x", sun_at=48)
    with pytest.raises(ValueError, match="sun_at"):
        Method("x", sun_at=True)
    with pytest.raises(ValueError, match="ramadan_offsets"):
        Method("x", ramadan_offsets={"noon": 1})
    m = Method("x", sun_at=0, ramadan_offsets={"maghrib": 1})
    assert m.sun_at == 0.0 and isinstance(m.sun_at, float)
    assert m.replace(sun_at=None).sun_at is None


def test_replace_derives_and_validates():
    mine = METHODS["moonsighting"].replace(name="ms_abyad", shafaq="abyad")
    assert mine.shafaq == "abyad" and mine.offsets == METHODS["moonsighting"].offsets
    with pytest.raises(ValueError):
        METHODS["mwl"].replace(fajr=45)


def test_get_method_by_name():
    assert get_method("Umm-al-Qura") is METHODS["umm_al_qura"]
    assert get_method(METHODS["mwl"]) is METHODS["mwl"]
    with pytest.raises(ValueError, match="unknown method"):
        get_method("nope")


def test_user_adjustments_add_to_the_methods_margins():
    base = salat.times_for(41.0082, 28.9784, "2026-03-01", method="diyanet")
    more = salat.times_for(41.0082, 28.9784, "2026-03-01", method="diyanet",
                           adjustments={"dhuhr": 2})
    assert (more.dhuhr - base.dhuhr) == dt.timedelta(minutes=2)
    plain = salat.times_for(41.0082, 28.9784, "2026-03-01", method="mwl", rounding="nearest")
    assert abs((base.dhuhr - plain.dhuhr).total_seconds() / 60 - 5) <= 1


def test_describe_methods_rows():
    rows = salat.describe_methods()
    assert [r["name"] for r in rows] == list(METHODS)
    for r in rows:
        assert set(r) == {"name", "title", "region", "parameters", "source", "checked"}
        assert r["parameters"].startswith("fajr ")
    by = {r["name"]: r for r in rows}
    assert "Sun taken at 0h UT" in by["diyanet"]["parameters"]
    assert "isha in Ramadan 120 min" in by["umm_al_qura"]["parameters"]
    assert "horizon 1 deg" in by["kemenag"]["parameters"]
    assert "maghrib +1 min in Ramadan" in describe_parameters(METHODS["qatar"])


@pytest.mark.parametrize("lat, lon, name", [
    (41.0082, 28.9784, "diyanet"), (39.93, 32.86, "diyanet"),
    (3.139, 101.687, "jakim"), (1.3521, 103.8198, "singapore"),
    (6.125, 102.238, "jakim_kelantan"),             # Kota Bharu
    (6.05, 102.40, "jakim_kelantan"),               # Bachok, Kelantan (zone KTN01)
    (4.5, 101.9, "jakim"),                          # Pahang's PHG04, south of Kelantan
    (5.8, 102.55, "jakim"),                         # Besut, Terengganu (TRG02)
    (-6.2088, 106.8456, "kemenag"), (34.0209, -6.8416, "morocco"),
    (21.4225, 39.8262, "umm_al_qura"), (30.04, 31.24, "egypt"), (24.86, 67.0, "karachi"),
    (35.69, 51.39, "tehran"), (29.37, 47.98, "kuwait"), (25.2854, 51.531, "qatar"),
    (25.2, 55.27, "dubai"), (26.22, 50.58, "gulf"), (36.75, 3.06, "algeria"),
    (36.8, 10.18, "tunisia"), (48.86, 2.35, "france"), (55.75, 37.62, "russia"),
    (31.95, 35.93, "jordan"), (38.72, -9.14, "portugal"), (40.71, -74.0, "isna"),
    (43.65, -79.38, "moonsighting"), (53.48, -2.24, "moonsighting"),
    (51.5074, -0.1278, "london_unified"),
    (52.52, 13.40, "mwl"),          # no national method mapped
    (0.0, -30.0, "mwl"),            # at sea
])
def test_method_for(lat, lon, name):
    assert salat.method_for(lat, lon).name == name


def test_times_for_without_method_uses_the_local_authority():
    t = salat.times_for(41.0082, 28.9784, "2026-05-01")
    assert t.method is METHODS["diyanet"]


def test_country_map_names_catalogue_methods():
    assert set(COUNTRY_METHODS.values()) <= set(METHODS)
    assert country_at(41.0082, 28.9784) == "TR"
    assert country_at(0.0, -30.0) is None


def test_method_for_anywhere_is_a_catalogue_method():
    import hypothesis as hyp
    import hypothesis.strategies as st

    @hyp.given(st.floats(-90, 90), st.floats(-180, 180))
    def check(lat, lon):
        assert salat.method_for(lat, lon) in METHODS.values()

    check()


# Published test vectors (methods.md 4.2): AlAdhan's own tests for ISNA and the
# Moonsighting Committee in London, 2014-04-24, and PrayTimes v3's Waterloo case.
def test_aladhan_isna_london():
    t = salat.times_for(51.508515, -0.1254872, "2014-04-24", method="isna",
                        tz="Europe/London", high_latitude="twilight_angle",
                        rounding="nearest")
    hm = {n: getattr(t, n).strftime("%H:%M") for n in
          ("imsak", "fajr", "sunrise", "dhuhr", "maghrib", "isha")}
    assert hm == {"imsak": "03:47", "fajr": "03:57", "sunrise": "05:46", "dhuhr": "12:59",
                  "maghrib": "20:12", "isha": "22:02"}


def test_moonsighting_london():
    t = salat.times_for(51.508515, -0.1254872, "2014-04-24", method="moonsighting",
                        tz="Europe/London", rounding="nearest")
    hm = {n: getattr(t, n).strftime("%H:%M") for n in
          ("imsak", "fajr", "dhuhr", "maghrib", "isha")}
    # Fajr, Isha, Imsak: AlAdhan's test; Dhuhr +5 and Maghrib +3: moonsighting.com
    assert hm == {"imsak": "03:54", "fajr": "04:04", "dhuhr": "13:04", "maghrib": "20:15",
                  "isha": "21:21"}


def test_praytimes3_waterloo():
    t = salat.times_for(43.4643, -80.5204, "2025-02-21", method="isna", tz="Etc/GMT+5",
                        rounding="nearest")
    assert [getattr(t, n).strftime("%H:%M") for n in ("fajr", "dhuhr", "asr")] == \
        ["05:52", "12:36", "15:32"]
