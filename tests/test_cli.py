"""The salat command: output, one-line errors with exit status 2, atomic files."""

from __future__ import annotations

import csv
import errno
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import icalendar
import pytest

import salat
from salat import cli
from salat.methods import TIME_NAMES

ROOT = Path(__file__).resolve().parents[1]


def run(capsys, *args):
    """Run ``salat args`` in this process: (status, stdout, stderr)."""
    with pytest.raises(SystemExit) as e:
        cli.main(list(args))
    out = capsys.readouterr()
    return e.value.code, out.out, out.err


def hhmm(when) -> str:
    """HH:MM to the nearest minute (half up), written out here so that the
    expected value does not come from the formatter under test."""
    seconds = when.hour * 3600 + when.minute * 60 + when.second
    minutes = (seconds + 30) // 60 % 1440
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def test_hhmm_helper_is_hand_checked():
    import datetime as dt
    day = dt.datetime(2026, 1, 1)
    assert [hhmm(day.replace(hour=5, minute=41, second=s)) for s in (0, 29, 30, 59)] == \
        ["05:41", "05:41", "05:42", "05:42"]
    assert hhmm(day.replace(hour=23, minute=59, second=45)) == "00:00"


def spawn(*args, **kw):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.Popen([sys.executable, "-m", "salat.cli", *args], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kw)


def test_times_readable_and_json(capsys):
    status, out, err = run(capsys, "times", "--city", "Rabat", "--date", "2026-03-01")
    assert status == 0 and err == ""
    # GeoNames 2538475 (cities500.txt of 2023-03-05): 34.01325, -6.83255, dem 46 m; Habous
    # follows the elevation, so the named city brings it
    ref = salat.times_for(34.01325, -6.83255, "2026-03-01", tz="Africa/Casablanca",
                          elevation=46)
    assert out.startswith("Rabat (34.0132, -6.8326) 2026-03-01, Africa/Casablanca")
    assert f"Fajr       {hhmm(ref.fajr)}" in out
    status, out, _ = run(capsys, "times", "--lat", "21.4225", "--lon", "39.8262", "--date",
                         "2026-03-01", "--method", "umm_al_qura", "--json")
    doc = json.loads(out)
    ref = salat.times_for(21.4225, 39.8262, "2026-03-01", method="umm_al_qura")
    assert doc["method"] == "umm_al_qura" and doc["tz"] == "Asia/Riyadh"
    assert doc["times"]["isha"] == ref.isha.isoformat(timespec="seconds")


def test_times_shows_undefined_as_dashes(capsys):
    status, out, _ = run(capsys, "times", "--lat", "78.22", "--lon", "15.63", "--date",
                         "2026-06-21", "--method", "mwl")
    assert status == 0 and "Sunrise    --:--" in out


def test_times_asr_factor_and_options(capsys):
    status, out, _ = run(capsys, "times", "--lat", "51.5", "--lon", "-0.13", "--date",
                         "2026-06-21", "--asr", "hanafi", "--high-latitude", "middle_of_night",
                         "--tz", "Europe/London", "--elevation", "35", "--json")
    ref = salat.times_for(51.5, -0.13, "2026-06-21", asr="hanafi",
                          high_latitude="middle_of_night", tz="Europe/London", elevation=35)
    assert json.loads(out)["times"]["asr"] == ref.asr.isoformat(timespec="seconds")


def test_table_csv_for_a_city_to_a_file(capsys, tmp_path):
    out = tmp_path / "rabat.csv"
    status, _, err = run(capsys, "table", "--year", "2026", "--city", "Rabat", "--format",
                         "csv", "-o", str(out))
    assert status == 0 and err == ""
    rows = list(csv.reader(out.open()))
    assert rows[0] == ["date", *TIME_NAMES] and len(rows) == 366
    assert os.listdir(tmp_path) == ["rabat.csv"]


def test_table_formats_from_suffix_and_stdout(capsys, tmp_path):
    run(capsys, "table", "--start", "2026-01-01", "--end", "2026-01-02", "--lat", "30",
        "--lon", "31", "-o", str(tmp_path / "t.ics"))
    cal = icalendar.Calendar.from_ical((tmp_path / "t.ics").read_bytes())
    assert len(list(cal.walk("VEVENT"))) == 10
    status, out, _ = run(capsys, "table", "--start", "2026-01-01", "--lat", "30", "--lon",
                         "31", "--format", "json")
    assert status == 0 and json.loads(out)["places"][0]["days"][0]["date"] == "2026-01-01"
    status, out, _ = run(capsys, "table", "--start", "2026-01-01", "--lat", "30", "--lon",
                         "31", "--iso")
    assert out.splitlines()[1].count("+02:00") == len(TIME_NAMES)


def test_table_places_file(capsys, tmp_path):
    places = tmp_path / "p.csv"
    places.write_text("name,lat,lon,tz,elevation,method\nRabat,34.02,-6.84,,,\n"
                      "Makkah,21.42,39.83,,300,umm_al_qura\n")
    out = tmp_path / "out.csv"
    status, _, err = run(capsys, "table", "--places", str(places), "--start", "2026-04-01",
                         "--end", "2026-04-03", "--method", "mwl", "-o", str(out))
    assert status == 0 and err == ""
    rows = list(csv.reader(out.open()))
    assert rows[0][:4] == ["place", "latitude", "longitude", "date"] and len(rows) == 7
    ref = salat.times_for(21.42, 39.83, "2026-04-02", method="umm_al_qura", elevation=300)
    assert rows[5][:4] == ["Makkah", "21.42", "39.83", "2026-04-02"]
    assert rows[5][4 + TIME_NAMES.index("isha")] == hhmm(ref.isha)
    rabat = salat.times_for(34.02, -6.84, "2026-04-01", method="mwl")   # --method default
    assert rows[1][4 + TIME_NAMES.index("fajr")] == hhmm(rabat.fajr)


def test_progress_bar_goes_to_stderr(capsys, tmp_path):
    places = tmp_path / "p.csv"
    places.write_text("".join(f"P{i},{i % 50},{i % 90}\n" for i in range(50)))
    out = tmp_path / "out.csv"
    status, stdout, err = run(capsys, "table", "--places", str(places), "--year", "2026",
                              "--progress", "-o", str(out))
    assert status == 0 and stdout == "" and err.splitlines()[-1] == "salat: places 50/50"
    assert sum(1 for _ in out.open()) == 50 * 365 + 1


def test_places_file_with_bad_rows(capsys, tmp_path):
    places = tmp_path / "p.csv"
    places.write_text("A,1,2\nB,91,2\nC,3,4\nD,5,x\n")
    out = tmp_path / "out.csv"
    status, stdout, err = run(capsys, "table", "--places", str(places), "--start",
                              "2026-01-01", "-o", str(out))
    assert status == 2 and stdout == "" and not out.exists()
    assert err.count("\n") == 1 and "line 2:" in err and "line 4:" in err
    assert "--skip-bad-rows" in err
    status, _, err = run(capsys, "table", "--places", str(places), "--start", "2026-01-01",
                         "-o", str(out), "--skip-bad-rows")
    assert status == 0 and err.startswith("salat: warning: skipped p.csv: 2 bad rows")
    assert [r[0] for r in csv.reader(out.open())] == ["place", "A", "C"]


def test_methods(capsys):
    status, out, _ = run(capsys, "methods")
    assert status == 0 and "mwl" in out and "Muslim World League" in out
    status, out, _ = run(capsys, "methods", "--json")
    assert {r["name"] for r in json.loads(out)} == set(salat.METHODS)


def test_widget(capsys, tmp_path):
    out = tmp_path / "w.html"
    status, _, err = run(capsys, "widget", "--city", "Cairo", "--date", "2026-03-01",
                         "--locale", "ar_EG", "-o", str(out))
    assert status == 0, err
    html = out.read_text(encoding="utf-8")
    # titled with GeoNames' Arabic name of Cairo (geonameid 360630)
    assert 'dir="rtl"' in html and "القاهرة" in html and "Cairo" not in html


@pytest.mark.parametrize("args,needle", [
    (["times", "--lat", "95", "--lon", "0"], "lat must be a finite number from -90 to 90"),
    (["times", "--lat", "nan", "--lon", "0"], "lat must be a finite number"),
    (["times", "--lat", "abc", "--lon", "0"], "'abc' is not a valid float"),
    (["times", "--lat", "1"], "--lon is missing"),
    (["times", "--lon", "1"], "--lat is missing"),
    (["times"], "give a place"),
    (["table", "--city", "Rabat", "--year", "2026", "-o", "/nonexistent/x.csv"],
     "-o: got '/nonexistent/x.csv'; the folder '/nonexistent' does not exist"),
    (["times", "--city", "Rabat", "--lat", "1"], "not both"),
    (["times", "--city", "Qzxqzx"], "not a place salat knows"),
    (["times", "--city", "Rabat", "--date", "2026-02-30"], "not a date; use YYYY-MM-DD"),
    (["times", "--city", "Rabat", "--date", "1066-10-14"], "outside the supported range"),
    (["times", "--city", "Rabat", "--method", "nope"], "unknown method 'nope'; allowed:"),
    (["times", "--city", "Rabat", "--asr", "maliki"], "allowed: 'standard'"),
    (["times", "--city", "Rabat", "--asr", "maliki"], "or a shadow factor from 0.5 to 3"),
    (["times", "--city", "Rabat", "--method", "nope"], "--method: unknown method"),
    (["times", "--city", "Rabat", "--asr", "9"], "shadow factor from 0.5 to 3"),
    (["times", "--city", "Rabat", "--tz", "Mars/Base"], "unknown time zone"),
    (["times", "--city", "Rabat", "--polar", "ignore"], "polar: got 'ignore'; allowed"),
    (["times", "--city", "Rabat", "--elevation", "1e9"], "elevation must be"),
    (["table", "--city", "Rabat", "--year", "99999"], "outside the supported range"),
    (["table", "--city", "Rabat", "--year", "2026", "--start", "2026-01-01"], "not both"),
    (["table", "--city", "Rabat", "--start", "2026-02-01", "--end", "2026-01-01"],
     "before start"),
    (["table", "--city", "Rabat", "--start", "1900-01-01", "--end", "2199-01-01"],
     "more than"),
    (["table", "--city", "Rabat", "--format", "pdf"], "'pdf' is not one of"),
    (["table", "--city", "Rabat", "--format", "json", "--iso"], "--iso applies to"),
    (["table", "--places", "/nonexistent/p.csv"], "cannot read it"),
    (["table", "--frobnicate"], "No such option"),
    (["frobnicate"], "No such command"),
])
def test_bad_input_one_line_exit_2(capsys, args, needle):
    status, out, err = run(capsys, *args)
    assert status == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("salat: error: ") and needle in err
    assert "Traceback" not in err


def test_output_to_a_folder_is_refused(capsys, tmp_path):
    status, _, err = run(capsys, "table", "--city", "Rabat", "--start", "2026-01-01", "-o",
                         str(tmp_path))
    assert status == 2 and "is a directory" in err and err.count("\n") == 1


def test_failing_writer_leaves_no_file(capsys, tmp_path, monkeypatch):
    def full(tables, out, **kw):
        out.write(b"date,fajr\n2026-01-01,05:")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(cli, "write_csv", full)
    target = tmp_path / "t.csv"
    status, _, err = run(capsys, "table", "--city", "Rabat", "--year", "2026", "-o",
                         str(target))
    assert status == 1 and "No space left on device" in err and err.count("\n") == 1
    assert os.listdir(tmp_path) == []


def test_interrupt_leaves_no_file(capsys, tmp_path, monkeypatch):
    def interrupted(tables, out, **kw):
        out.write(b"date,fajr\n")
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "write_csv", interrupted)
    status, _, err = run(capsys, "table", "--city", "Rabat", "--year", "2026", "-o",
                         str(tmp_path / "t.csv"))
    assert status == 130 and "interrupted" in err and os.listdir(tmp_path) == []


def test_real_process_errors_have_no_traceback():
    p = spawn("table", "--lat", "1", "--lon", "500", "--year", "2026")
    out, err = p.communicate(timeout=60)
    assert p.returncode == 2 and out == b""
    assert err.decode().count("\n") == 1 and b"lon must be" in err and b"Traceback" not in err


@pytest.mark.parametrize("sig,status", [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_real_process_signal_mid_job_leaves_no_file(tmp_path, sig, status):
    places = tmp_path / "p.csv"
    places.write_text("".join(f"P{i},{(i % 120) - 60},{(i % 300) - 150}\n"
                              for i in range(20000)))
    out = tmp_path / "out" / "big.csv"
    out.parent.mkdir()
    p = spawn("table", "--places", str(places), "--year", "2026", "--method", "mwl",
              "--tz", "UTC", "-o", str(out))
    deadline = time.time() + 60
    while not os.listdir(out.parent) and time.time() < deadline and p.poll() is None:
        time.sleep(0.05)
    time.sleep(0.3)
    assert p.poll() is None, p.communicate()
    p.send_signal(sig)
    _, err = p.communicate(timeout=60)
    assert p.returncode == status, err
    assert b"Traceback" not in err and os.listdir(out.parent) == []


def test_tmpfs_disk_full_leaves_no_file(tmp_path):
    mnt = tmp_path / "small"
    mnt.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(mnt)],
                      capture_output=True).returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    try:
        p = spawn("table", "--lat", "34", "--lon", "-6.8", "--start", "2000-01-01", "--end",
                  "2030-12-31", "--iso", "-o", str(mnt / "t.csv"))
        _, err = p.communicate(timeout=120)
        assert p.returncode == 1 and b"No space left on device" in err
        assert err.decode().count("\n") == 1 and os.listdir(mnt) == []
    finally:
        subprocess.run(["umount", str(mnt)], check=False)


def test_broken_pipe_is_quiet():
    p = spawn("table", "--lat", "34", "--lon", "-6.8", "--start", "2000-01-01", "--end",
              "2020-12-31")
    p.stdout.read(100)
    p.stdout.close()
    err = p.stderr.read()
    p.wait(timeout=60)
    p.stderr.close()
    assert b"Traceback" not in err and b"Exception ignored" not in err


def test_cli_as_a_new_user_met_it(capsys):
    status, out, _ = run(capsys, "--version")
    assert status == 0 and out.startswith("salat ") and out.strip() != "salat"
    status, out, _ = run(capsys, "--help")
    commands = out.split("Commands:")[1].splitlines()
    assert "methods" in out and not any(line.rstrip().endswith("...") for line in commands)
    # Casablanca in 2026-06 (after Ramadan) is at UTC+01:00 in pytz's tzdata 2026
    status, out, _ = run(capsys, "times", "--city", "Casablanca", "--date", "2026-06-01")
    assert "Africa/Casablanca UTC+01:00" in out.splitlines()[0]
    status, out, _ = run(capsys, "times", "--city", "New York", "--date", "2026-07-01",
                         "--rounding", "none")
    assert "America/New_York UTC-04:00" in out
    assert re.search(r"Fajr +\d\d:\d\d:\d\d", out)
    status, out, _ = run(capsys, "methods")
    assert "source: " in out
    status, out, err = run(capsys, "times", "--city", "Rabat", "--tz", "Mars/Base")
    assert status == 2 and "tzinfo" not in err and err.startswith("salat: error: --tz: ")
    status, out, err = run(capsys, "times", "--city", "Rabat", "--method", "nope")
    assert "salat.Method" not in err


def test_times_names_the_jakim_zone(capsys):
    status, out, _ = run(capsys, "times", "--city", "Kuching", "--date", "2026-03-01")
    assert status == 0 and out.splitlines()[0].endswith("method jakim, zone SWK08")
