"""Files of places: every bad row reported by line number, no good row dropped;
cities by name; a bounded hypothesis fuzz of the parser."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from salat.places import MAX_NAME, Place, city, parse_places, read_places

GOOD = """name,lat,lon,tz,elevation,method
Rabat,34.02,-6.84,Africa/Casablanca,,
# a comment

Cape Town,-33.9,18.4,,100,mwl
"""


def test_header_and_optional_columns():
    found = parse_places(GOOD)
    assert found.errors == []
    assert found.places == [
        Place("Rabat", 34.02, -6.84, "Africa/Casablanca", None, None, 2),
        Place("Cape Town", -33.9, 18.4, None, 100.0, "mwl", 5),
    ]
    cols = found.columns()
    assert cols["names"] == ["Rabat", "Cape Town"] and cols["elevation"] == [0.0, 100.0]


def test_headerless_and_reordered_header():
    assert parse_places("A,1,2\nB,3,4,UTC\n").places[1].tz == "UTC"
    found = parse_places("Longitude;Latitude".replace(";", ",") + ",Name\n2,1,A\n")
    assert found.places == [Place("A", 1.0, 2.0, line=2)]


@pytest.mark.parametrize("row,message", [
    ("Bad,95,0", "lat must be a finite number from -90 to 90"),
    ("Bad,1,181", "lon must be a finite number from -180 to 180"),
    ("Bad,nan,0", "lat must be a finite number"),
    ("Bad,inf,0", "lat must be a finite number"),
    ("Bad,north,0", "lat must be a number, got 'north'"),
    ("Bad,1", "need at least name, lat, lon"),
    ("Bad,,2", "lat and lon are required"),
    ("Bad,1,2,Mars/Olympus", "unknown time zone 'Mars/Olympus'"),
    ("Bad,1,2,,high", "elevation must be a number"),
    ("Bad,1,2,,99999", "elevation must be a finite number"),
    ("Bad,1,2,,,nope", "unknown method 'nope'"),
    ("Bad,1,2,,,,extra", "at most 6 allowed"),
    ('"Bad\x07bell",1,2', "control characters"),
    ("x" * (MAX_NAME + 1) + ",1,2", "longer than"),
])
def test_bad_rows_are_reported_with_line_numbers(row, message):
    found = parse_places(f"name,lat,lon,tz,elevation,method\nGood,1,2\n{row}\nAlso good,3,4\n")
    assert [p.name for p in found.places] == ["Good", "Also good"]
    assert len(found.errors) == 1 and found.errors[0].line == 3
    assert message in found.errors[0].message
    assert "line 3" in found.summary() and "\n" not in found.summary()
    with pytest.raises(ValueError, match="1 bad row"):
        found.check()


def test_broken_csv_and_encoding():
    found = parse_places(b"\xef\xbb\xbfA,1,2\nB,\xff,3\n\"C,1,2\nD,3,4\n")
    assert [p.name for p in found.places] == ["A"]
    assert [e.line for e in found.errors] == [2, 3]
    assert "UTF-8" in found.errors[0].message and "unclosed quote" in found.errors[1].message


def test_bad_header_and_empty_file():
    found = parse_places("name,lat,lon,colour\nA,1,2\n")
    assert found.errors[0].line == 1 and "unknown column 'colour'" in found.errors[0].message
    with pytest.raises(ValueError, match="no places found"):
        parse_places("# nothing\n\n").check()


def test_read_places_from_path_and_file(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text(GOOD, encoding="utf-8")
    assert len(read_places(path).places) == 2
    with open(path, encoding="utf-8") as f:
        assert len(read_places(f).places) == 2
    with pytest.raises(ValueError, match="cannot read"):
        read_places(tmp_path / "missing.csv")


def test_city_lookup():
    rabat = city("Rabat")
    assert rabat.tz == "Africa/Casablanca" and abs(rabat.lat - 34.02) < 0.1
    assert city("london, england").name == "London"
    assert city("CASABLANCA").tz == "Africa/Casablanca"
    assert city("Tromso").name == "Tromsø"
    with pytest.raises(ValueError, match="not a place salat knows"):
        city("Qzxqzx")
    with pytest.raises(ValueError):
        city("")
    with pytest.raises(TypeError):
        city(3)


# ---------------------------------------------------------------- fuzz

_cells = st.one_of(
    st.text(max_size=12),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.sampled_from(["", " ", "UTC", "Europe/London", "mwl", "isna", "\"", "#", ",", "\n",
                     "\x00", "١٢", "1e400", "-0", "90.0000001", "Asia/Riyadh"]),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.binary(max_size=400), st.text(max_size=400),
                 st.lists(st.lists(_cells, max_size=8), max_size=12).map(
                     lambda rows: "\n".join(",".join(r) for r in rows))))
@example(b"\r\r\x00")          # found by a random run: lone CRs are line breaks
def test_fuzz_parser_never_raises_and_accounts_for_every_line(data):
    found = parse_places(data)
    # a lone CR ends a line too (bytes.splitlines: CR, LF, CRLF)
    n_lines = (len(data.splitlines()) if isinstance(data, bytes) else
               len(io.StringIO(data, newline="").read().splitlines())) + 1
    lines = [p.line for p in found.places] + [e.line for e in found.errors]
    assert all(1 <= n <= n_lines + 1 for n in lines)
    for p in found.places:
        assert -90 <= p.lat <= 90 and -180 <= p.lon <= 180 and p.name
    assert "\n" not in found.summary()


_good_row = st.tuples(
    st.text(st.characters(blacklist_categories=("Cc", "Cs", "Cf", "Zl", "Zp")), min_size=1,
            max_size=20).filter(lambda s: s.strip() and not s.strip().startswith("#")),
    st.floats(-90, 90), st.floats(-180, 180),
    st.sampled_from(["", "UTC", "Asia/Tokyo"]), st.sampled_from(["", "0", "350.5"]),
    st.sampled_from(["", "mwl", "karachi"]))
_bad_row = st.tuples(st.just("Bad"), st.sampled_from(["91", "x", "nan", ""]),
                     st.floats(-180, 180), st.just(""), st.just(""), st.just(""))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.booleans(), _good_row, _bad_row), min_size=1, max_size=25))
def test_fuzz_good_rows_all_kept_bad_rows_all_reported(rows):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["name", "lat", "lon", "tz", "elevation", "method"])
    want_good, want_bad = [], []
    for i, (good, g, b) in enumerate(rows):
        w.writerow([g[0], repr(g[1]), repr(g[2]), *g[3:]] if good else
                   [b[0], b[1], repr(b[2]), *b[3:]])
        (want_good if good else want_bad).append(i + 2)
    found = parse_places(buf.getvalue())
    assert [p.line for p in found.places] == want_good
    assert [e.line for e in found.errors] == want_bad
    for p, (_good, g, _) in zip(found.places, [r for r in rows if r[0]]):
        assert p.name == g[0].strip() and p.lat == g[1] and p.lon == g[2]


def test_a_row_may_name_a_place_without_coordinates():
    # GeoNames 2540483 Oujda 34.68139, -1.90858, dem 549 m (cities500.txt, 2023-03-05)
    found = parse_places("Oujda\nالرباط,,,,,mwl\n34.0,-6.8,,,Rabat by hand\n"
                         "Qzxqzx\nCasablnca\n")
    oujda, rabat = found.places[:2]
    assert (oujda.name, oujda.lat, oujda.lon, oujda.tz, oujda.elevation, oujda.line) == \
        ("Oujda", 34.68139, -1.90858, "Africa/Casablanca", 549.0, 1)
    assert rabat.name == "الرباط" and rabat.method == "mwl" and rabat.country == "MA"
    assert abs(rabat.lat - 34.01325) < 1e-4 and rabat.line == 2
    assert [e.line for e in found.errors] == [3, 4, 5]
    assert "did you mean 'Casablanca'" in found.errors[2].message
