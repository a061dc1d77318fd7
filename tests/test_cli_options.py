"""``--rounding`` and ``--adjust`` on ``salat times`` and ``salat table``, and
which errors are usage errors: bad input exits 2 with one line, a bug keeps
its traceback."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest

import salat
from salat import cli

MAKKAH = ["--lat", "21.4225", "--lon", "39.8262", "--tz", "Asia/Riyadh"]
DAY = "2026-03-01"


def run(capsys, *args):
    with pytest.raises(SystemExit) as e:
        cli.main(list(args))
    out = capsys.readouterr()
    return e.value.code, out.out, out.err


def times_json(capsys, *extra) -> dict:
    status, out, err = run(capsys, "times", *MAKKAH, "--date", DAY, "--method", "mwl",
                           "--json", *extra)
    assert status == 0 and err == "", err
    return {k: dt.datetime.fromisoformat(v) for k, v in json.loads(out)["times"].items()}


def test_times_rounding(capsys):
    raw = times_json(capsys, "--rounding", "none")
    assert any(t.second for t in raw.values())          # mwl keeps seconds: a real case
    ref = salat.times_for(21.4225, 39.8262, DAY, method="mwl", tz="Asia/Riyadh",
                          rounding=None)
    assert raw == {k: v.replace(microsecond=0) for k, v in ref.as_dict().items()}
    down, up = times_json(capsys, "--rounding", "down"), times_json(capsys, "--rounding", "UP")
    for name, t in raw.items():
        assert down[name] == t.replace(second=0), name
        assert up[name] == (t if t.second == 0 and ref.as_dict()[name].microsecond == 0
                            else t.replace(second=0) + dt.timedelta(minutes=1)), name
    assert times_json(capsys) == raw                    # mwl's own rounding: none


def test_times_adjust_is_repeatable_and_adds_up(capsys):
    plain = times_json(capsys, "--rounding", "none")
    moved = times_json(capsys, "--rounding", "none", "--adjust", "dhuhr=2",
                       "--adjust", "isha=-1.5", "--adjust", "dhuhr=1")
    assert moved["dhuhr"] - plain["dhuhr"] == dt.timedelta(minutes=3)
    assert moved["isha"] - plain["isha"] == dt.timedelta(minutes=-1, seconds=-30)
    for name in ("fajr", "asr", "maghrib"):
        assert moved[name] == plain[name]


def _csv(out: str) -> dict:
    rows = list(csv.DictReader(io.StringIO(out)))
    return {r["date"]: r for r in rows}


def test_table_rounding_and_adjust(capsys):
    base = ["table", *MAKKAH, "--start", DAY, "--end", "2026-03-02", "--method", "mwl",
            "--iso"]
    status, out, err = run(capsys, *base, "--rounding", "none")
    assert status == 0 and err == ""
    raw = _csv(out)
    assert any(not cell.endswith(":00+03:00") for cell in raw[DAY].values()
               if "T" in cell)
    status, out, _ = run(capsys, *base, "--rounding", "down", "--adjust", "asr=10")
    down = _csv(out)
    for date, row in raw.items():
        r = dt.datetime.fromisoformat(row["fajr"])
        assert dt.datetime.fromisoformat(down[date]["fajr"]) == r.replace(second=0)
        a = dt.datetime.fromisoformat(row["asr"]) + dt.timedelta(minutes=10)
        assert dt.datetime.fromisoformat(down[date]["asr"]) == a.replace(second=0)


@pytest.mark.parametrize("args, words", [
    (["--adjust", "dhuhr"], "NAME=MINUTES"),
    (["--adjust", "dhuhr=soon"], "NAME=MINUTES"),
    (["--adjust", "=3"], "NAME=MINUTES"),
    (["--adjust", "lunch=3"], "unknown time 'lunch'"),
    (["--adjust", "dhuhr=500"], "from -240 to 240"),
    (["--rounding", "sideways"], "--rounding"),
])
def test_bad_options_are_usage_errors(capsys, args, words):
    for command in (["times", "--date", DAY], ["table", "--start", DAY]):
        status, out, err = run(capsys, *command, *MAKKAH, *args)
        assert status == 2 and out == "", (command, args)
        assert err.count("\n") == 1 and words in err, err


def test_a_bug_is_a_traceback_not_a_usage_error(monkeypatch, capsys):
    """Only salat.InputError becomes exit status 2: a ValueError from a bug
    (here, planted in the library call) must surface as itself."""
    def broken(*args, **kw):
        raise ValueError("planted bug")
    monkeypatch.setattr(cli, "times_for", broken)
    with pytest.raises(ValueError, match="planted bug"):
        cli.main(["times", *MAKKAH, "--date", DAY])
    monkeypatch.setattr(cli, "table_chunks", lambda *a, **k: (_ for _ in ()).throw(
        TypeError("planted type bug")))
    with pytest.raises(TypeError, match="planted type bug"):
        cli.main(["table", *MAKKAH, "--start", DAY])
    assert capsys.readouterr().err == ""
