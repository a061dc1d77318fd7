"""The ``salat widget`` command: --name, --places, --kind strip, --times."""

from __future__ import annotations

import re

import pytest

from salat import cli

RABAT = ("--lat", "34.0209", "--lon", "-6.8416", "--date", "2026-03-01", "--no-script")


def run(capsys, *args):
    """Run ``salat args`` in this process: (status, stdout, stderr)."""
    with pytest.raises(SystemExit) as e:
        cli.main(list(args))
    out = capsys.readouterr()
    return e.value.code, out.out, out.err


def place_title(html):
    return re.search(r'<span class="salat-place"(?: dir="auto")?>([^<]*)</span>', html).group(1)


def test_name_titles_exact_coordinates(capsys):
    status, out, err = run(capsys, "widget", *RABAT, "--name", "الرباط", "--locale", "ar_MA")
    assert status == 0, err
    assert place_title(out) == "الرباط" and 'dir="rtl"' in out


def test_coordinates_without_name_get_the_generic_title(capsys):
    status, out, _ = run(capsys, "widget", *RABAT)
    assert status == 0 and place_title(out) == "Prayer times"


def test_city_looks_up_and_titles_unless_name_is_given(capsys):
    status, out, _ = run(capsys, "widget", "--city", "Rabat", "--date", "2026-03-01", "--no-script")
    assert status == 0 and place_title(out) == "Rabat"
    status, out, _ = run(capsys, "widget", "--city", "Rabat", "--name", "الرباط",
                         "--date", "2026-03-01", "--no-script")
    assert status == 0 and place_title(out) == "الرباط"
    # Same place either way: the lookup decides the coordinates and brings the elevation
    # (GeoNames 2538475: 34.01325, -6.83255, dem 46 m; Habous follows the elevation).
    status, by_coords, _ = run(capsys, "widget", "--lat", "34.01325", "--lon", "-6.83255",
                               "--date", "2026-03-01", "--no-script", "--tz",
                               "Africa/Casablanca", "--elevation", "46")
    def times(html):
        return re.findall(r'<time datetime="(2026-03-01T[^"]+)"', html)
    assert times(by_coords) == times(out)


def test_strip_and_times(capsys):
    status, out, err = run(capsys, "widget", *RABAT, "--kind", "strip",
                           "--times", "fajr, maghrib")
    assert status == 0, err
    assert "salat-strip" in out
    assert re.findall(r'<li data-prayer="(\w+)"', out) == ["fajr", "maghrib"]
    status, _, err = run(capsys, "widget", *RABAT, "--times", "fajr,tahajjud")
    assert status == 2 and "times: unknown time 'tahajjud'" in err


def test_places_file_makes_a_picker(capsys, tmp_path):
    f = tmp_path / "cities.csv"
    f.write_text("name,lat,lon,tz\nالقاهرة,30.0444,31.2357,Africa/Cairo\n"
                 "ঢাকা,23.8103,90.4125,Asia/Dhaka\n", encoding="utf-8")
    status, out, err = run(capsys, "widget", "--places", str(f), "--locale", "ar_EG",
                           "--date", "2026-03-01", "-o", str(tmp_path / "p.html"))
    assert status == 0, err
    html = (tmp_path / "p.html").read_text(encoding="utf-8")
    options = re.findall(r"<option value=\"\d\" dir=\"auto\">([^<]*)</option>", html)
    assert options == ["القاهرة", "ঢাকা"]
    assert re.findall(r'<tr data-prayer="dhuhr">.*?'
                      r'datetime="2026-03-01T\d\d:\d\d:\d\d([+-]\d\d:\d\d)"',
                      html) == ["+02:00", "+06:00"]


@pytest.mark.parametrize("args, needle", [
    (("--places", "{f}", "--city", "Rabat"), "give either --places or --lat/--lon or --city"),
    (("--places", "{bad}"), "line 2: lat must be"),
])
def test_places_errors_are_one_line(capsys, tmp_path, args, needle):
    f, bad = tmp_path / "ok.csv", tmp_path / "bad.csv"
    f.write_text("A,1,2\n", encoding="utf-8")
    bad.write_text("name,lat,lon\nA,99,2\n", encoding="utf-8")
    status, _, err = run(capsys, "widget", *[a.format(f=f, bad=bad) for a in args])
    assert status == 2 and needle in err and err.count("\n") == 1


def test_widget_places_may_be_names_from_the_gazetteer():
    import salat

    html = str(salat.widget(places=["Oujda", "مراكش"], locale="ar_MA", date="2026-03-01"))
    assert "Oujda" in html and "مراكش" in html
    with pytest.raises(salat.InputError, match="did you mean 'Oujda'"):
        salat.widget(places=["Oujdaa"])


def test_theme_transparent_is_accepted(capsys):
    status, out, err = run(capsys, "widget", *RABAT, "--theme", "transparent")
    assert status == 0, err
    assert "salat-transparent" in out
