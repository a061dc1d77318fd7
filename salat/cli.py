"""The ``salat`` command: ``times``, ``table``, ``methods``, ``widget`` and ``serve``.

Argument parsing and error reporting only; the work is the library's. Bad
input gives one line on stderr (what was wrong, what is allowed) and exit
status 2, never a traceback. Output files are written under a temporary name
and renamed when complete, so an interrupted or failed run (Ctrl-C, a full
disk) never leaves a truncated file posing as a finished one.

    salat times --city Rabat
    salat times --city "Ksar El Kebir"
    salat times --city "Tripoli, Lebanon"
    salat times --lat 21.4225 --lon 39.8262 --date 2026-03-01 --method umm_al_qura --json
    salat times --city Rabat --rounding none --adjust dhuhr=2 --adjust isha=-1
    salat table --year 2026 --city Rabat --format csv -o rabat.csv
    salat table --year 2026 --places mosques.csv -o mosques-2026.csv
    salat methods
    salat widget --city Cairo --locale ar_EG -o cairo.html
    salat widget --lat 34.0209 --lon -6.8416 --name الرباط --locale ar_MA --kind strip
    salat widget --places cities.csv --locale fr -o picker.html
    salat serve --port 8000 --workers 2 --places mosques.csv
    salat serve --mosques profiles/          # ?mosque=slug: adhan, iqama, Jumu'ah
    salat times --mosque east-london-mosque.toml --date 2026-03-01
    salat compare muis-2025.csv --city Singapore --tz Asia/Singapore

Places are named from the gazetteer shipped with salat (GeoNames' populated places of
1,000 or more, offline): ``--city`` takes a name in any case, with or without accents,
in Latin or local script, optionally followed by ``, country``.

Shell completion (Click's): ``eval "$(_SALAT_COMPLETE=bash_source salat)"`` in
``~/.bashrc`` (``zsh_source`` in ``~/.zshrc``; fish:
``_SALAT_COMPLETE=fish_source salat > ~/.config/fish/completions/salat.fish``).
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import json
import os
import signal
import sys
from typing import IO
from collections.abc import Callable, Iterator, Sequence

import click

from . import inputs
from .inputs import InputError
from .exports import atomic_output, write_csv, write_ics, write_json
from .compare import ROUNDING_CHOICES, compare as rank_methods
from .methods import describe_methods
from .mosque import Mosque
from .options import merge_place_options
from .places import Place, find_place, local_name, read_places
from .prayer_zones import get_zone
from .published import PublishedTimetable
from .tables import table_chunks
from .times import times_for
from .timezones import tz_name

__all__ = ["cli", "main"]

#: Exit statuses: bad input, a failed write or other error, interrupted.
EXIT_USAGE, EXIT_FAILED, EXIT_INTERRUPTED = 2, 1, 130
#: Place-days above which a progress bar is shown (when stderr is a terminal).
PROGRESS_CELLS = 200_000
_FORMATS = ("csv", "json", "ics")
_CHOICE_HELP = {
    "asr": "'standard', 'hanafi' or a shadow factor from 0.5 to 3",
    "high_latitude": ", ".join(inputs.HIGH_LATITUDE_RULES),
    "polar": ", ".join(inputs.POLAR_RESOLUTIONS),
}


class _Terminated(BaseException):
    """SIGTERM, turned into an exception so that temporary files are removed."""


# ---------------------------------------------------------------- shared options

def _place_options(f: Callable) -> Callable:
    for opt in reversed([
        click.option("--lat", type=float, help="Latitude, degrees north (-90 to 90)."),
        click.option("--lon", type=float, help="Longitude, degrees east (-180 to 180)."),
        click.option("--city", help="A place's name (GeoNames, offline), e.g. Oujda, "
                                    "'Tripoli, Lebanon', 'Tripoli, LB' or 'الدار البيضاء'."),
    ]):
        f = opt(f)
    return f


def _time_options(f: Callable) -> Callable:
    for opt in reversed([
        click.option("--method", help="Method name (see 'salat methods'); default: the "
                                      "local authority's."),
        click.option("--asr", default="standard", show_default=True,
                     help=f"Asr: {_CHOICE_HELP['asr']}."),
        click.option("--tz", help="IANA time zone, e.g. Africa/Casablanca; default: the "
                                  "place's own."),
        click.option("--elevation", type=float, default=None,
                     help="Metres above the surrounding land (default 0; with --city, "
                          "the place's elevation where its method follows it, as Habous "
                          "does)."),
        click.option("--high-latitude", "high_latitude",
                     help=f"Rule for long twilight: {_CHOICE_HELP['high_latitude']}."),
        click.option("--polar", help=f"When the Sun does not rise or set: "
                                     f"{_CHOICE_HELP['polar']}."),
    ]):
        f = opt(f)
    return f


_ROUNDINGS = ("method", "none", "nearest", "up", "down")


def _result_options(f: Callable) -> Callable:
    """Options of the results, on ``times`` and ``table``: rounding and margins."""
    for opt in reversed([
        click.option("--rounding", type=click.Choice(_ROUNDINGS, case_sensitive=False),
                     default="method", show_default=True,
                     help="Round to the minute: the method's own way, none (keep "
                          "seconds), nearest, up or down."),
        click.option("--adjust", "adjust", multiple=True, metavar="NAME=MINUTES",
                     help="Minutes added to a time, on top of the method's margins, "
                          "e.g. --adjust dhuhr=2 --adjust isha=-1 (repeatable)."),
    ]):
        f = opt(f)
    return f


def _rounding(value: str) -> str | None:
    value = value.lower()
    return None if value == "none" else value


def _adjustments(pairs: Sequence[str]) -> dict:
    """``("dhuhr=2", "isha=-1.5")`` -> ``{"dhuhr": 2.0, "isha": -1.5}``; the
    names and ranges are checked by the library.
    """
    out: dict = {}
    for pair in pairs:
        name, sep, minutes = pair.partition("=")
        try:
            value = float(minutes)
        except ValueError:
            value = None
        if not sep or not name.strip() or value is None:
            raise InputError(f"--adjust: got {pair!r}; give NAME=MINUTES, e.g. dhuhr=2")
        out[name.strip()] = out.get(name.strip(), 0.0) + value
    return out


def _asr(value: str):
    try:
        return float(value)
    except ValueError:
        return value


def _options(method, asr, tz, elevation, high_latitude, polar) -> dict:
    """The options as given; ``None`` where not given (the place or the default decides)."""
    return dict(method=method or None, asr=_asr(asr), tz=tz or None, elevation=elevation,
                high_latitude=high_latitude, polar=polar)


def _one_place(lat: float | None, lon: float | None, city: str | None) -> Place:
    if city is not None:
        if lat is not None or lon is not None:
            raise click.UsageError("give either --city or --lat/--lon, not both")
        return find_place(city)
    if lat is not None and lon is None:
        raise click.UsageError("--lon is missing: give both --lat and --lon (or --city NAME)")
    if lon is not None and lat is None:
        raise click.UsageError("--lat is missing: give both --lat and --lon (or --city NAME)")
    if lat is None or lon is None:
        raise click.UsageError("give a place: --lat and --lon, or --city NAME")
    return Place("", lat, lon)


def _check_output(path: str) -> None:
    """Bad input (exit 2), before any work: an output path that cannot be written."""
    if path == "-":
        return
    folder = os.path.dirname(os.path.abspath(path)) or "."
    if os.path.isdir(path):
        raise InputError(f"-o: got {path!r}; it is a folder, give a file name")
    if not os.path.isdir(folder):
        raise InputError(f"-o: got {path!r}; the folder {os.path.dirname(path) or '.'!r} "
                         f"does not exist")
    if not os.access(folder, os.W_OK):
        raise InputError(f"-o: got {path!r}; the folder {os.path.dirname(path) or '.'!r} "
                         f"is not writable")


#: Library argument names and the options that set them.
_FLAGS = {"method": "--method", "tz": "--tz", "asr": "--asr", "elevation": "--elevation",
          "high_latitude": "--high-latitude", "polar": "--polar", "date": "--date",
          "start": "--start", "end": "--end", "year": "--year", "lat": "--lat",
          "lon": "--lon", "latitude": "--lat", "longitude": "--lon", "name": "--city",
          "address": "--city", "country": "--city", "locale": "--locale", "theme": "--theme",
          "digits": "--digits", "kind": "--kind", "times": "--times", "zone": "--zone",
          "adjustments": "--adjust", "rounding": "--rounding", "clock": "--clock"}
#: Phrases of library messages that only make sense in Python.
_PYTHON = ((", or a salat.Method", ""), (" or a salat.Method", ""), (", or a tzinfo", ""),
           (" or a tzinfo", ""), ("give its coordinates instead (lat, lon)",
                                  "give --lat and --lon instead"))


def _cli_message(message: str) -> str:
    """A library message as the command line says it: option names, no Python types."""
    head, sep, rest = message.partition(": ")
    if sep and head in _FLAGS:
        message = f"{_FLAGS[head]}: {rest}"
    for python, cli_text in _PYTHON:
        message = message.replace(python, cli_text)
    if message.startswith("--asr:") and "shadow factor" not in message:
        message += ", or a shadow factor from 0.5 to 3 (e.g. --asr 1.5)"
    return message


# ---------------------------------------------------------------- the group

@click.group(context_settings={"help_option_names": ["-h", "--help"],
                              "max_content_width": 100})
@click.version_option(None, "-V", "--version", package_name="salat-times", prog_name="salat",
                      message="%(prog)s %(version)s")
def cli() -> None:
    """Islamic prayer times: one day, year-long tables, the methods, widgets."""


_ZONE_HELP = ("A prayer zone instead of a place, e.g. JHR02 (JAKIM, Malaysia): its "
              "reference points, rule and method.")


def _zone_place(zone: str, lat, lon, city) -> Place:
    """The Place shown for ``--zone`` (its code and name); the zone is computed by salat."""
    if lat is not None or lon is not None or city is not None:
        raise click.UsageError("give either --zone or --lat/--lon or --city")
    z = get_zone(zone)
    return Place(f"{z.code} {z.name}", z.latitude, z.longitude)


@cli.command(short_help="One day's times at one place (prayer zone, mosque).")
@_place_options
@click.option("--zone", help=_ZONE_HELP)
@click.option("--date", help="YYYY-MM-DD; default: today at the place.")
@_time_options
@_result_options
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@click.option("--mosque", type=click.Path(dir_okay=False),
              help="A mosque profile (TOML): its adhan and iqama times.")
def times(lat, lon, city, zone, date, method, asr, tz, elevation, high_latitude, polar,
          rounding, adjust, as_json, mosque) -> None:
    """One day's times at one place (or prayer zone, or mosque)."""
    if mosque is not None:
        return _mosque_times(mosque, date, as_json, lat, lon, city, zone, method)
    more = dict(rounding=_rounding(rounding), adjustments=_adjustments(adjust))
    if zone is not None:
        place = _zone_place(zone, lat, lon, city)
        opts = merge_place_options(None, _options(method, asr, tz, elevation, high_latitude,
                                                  polar))
        t = times_for(zone=zone, date=date, **opts, **more)
    else:
        place = _one_place(lat, lon, city)
        opts = merge_place_options(place, _options(method, asr, tz, elevation, high_latitude,
                                                   polar))
        t = times_for(place.lat, place.lon, date, **opts, **more)
    seconds = more["rounding"] is None
    if as_json:
        doc = {"name": place.name or None, "date": t.date.isoformat(),
               "latitude": t.latitude, "longitude": t.longitude, "tz": tz_name(t.tz),
               "method": t.method.name,
               "times": {k: None if v is None else v.isoformat(timespec="seconds")
                         for k, v in t.as_dict().items()},
               "adjusted": dict(t.adjusted), "zone": t.zone}
        click.echo(json.dumps(doc, ensure_ascii=False, indent=2))
        return
    title = f"{place.name} " if place.name else ""
    click.echo(f"{title}({t.latitude:.4f}, {t.longitude:.4f}) {t.date.isoformat()}, "
               f"{tz_name(t.tz)} {_utc_offset(t)}, method {t.method.name}"
               f"{f', zone {t.zone}' if getattr(t, 'zone', None) else ''}")
    for name, when in t.as_dict().items():
        blank = "--:--:--" if seconds else "--:--"
        hm = blank if when is None else (when.strftime("%H:%M:%S") if seconds else _hhmm(when))
        note = f"  ({t.adjusted[name]})" if name in t.adjusted else ""
        click.echo(f"  {name.replace('_', ' ').capitalize():<11}{hm}{note}")


def _utc_offset(t) -> str:
    """``UTC+01:00``: the offset of the day's times (a day with a DST change shows both)."""
    offsets = []
    for when in t.as_dict().values():
        if when is not None:
            off = when.utcoffset()
            if off not in offsets:
                offsets.append(off)
    if not offsets:
        offsets.append(_dt.datetime.combine(t.date, _dt.time(12), tzinfo=t.tz).utcoffset())

    def show(off: _dt.timedelta) -> str:
        minutes = int(off.total_seconds() // 60)
        sign = "-" if minutes < 0 else "+"
        return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
    return "/".join(show(o) for o in offsets)


def _hhmm(when: _dt.datetime) -> str:
    """HH:MM, rounded to the nearest minute (as in the CSV tables)."""
    return (when + _dt.timedelta(seconds=30)).strftime("%H:%M")


@cli.command(short_help="A table of times for a year or range, one place or a file of them.")
@_place_options
@click.option("--zone", help=_ZONE_HELP)
@click.option("--places", "places_file", type=click.Path(dir_okay=False),
              help="CSV file of places: name, lat, lon[, tz, elevation, method]; a row may "
                   "give a name and no coordinates (looked up like --city).")
@click.option("--year", type=int, help="A calendar year (default: this year).")
@click.option("--start", help="First date, YYYY-MM-DD (instead of --year).")
@click.option("--end", help="Last date, YYYY-MM-DD (default: --start).")
@click.option("--ramadan", type=int, help="The dates of Ramadan of this Hijri year, e.g. "
                                          "1448 (instead of --year).")
@click.option("--hijri-offset", type=click.IntRange(-3, 3), default=0,
              help="With --ramadan: days added before converting to the Hijri date.")
@_time_options
@_result_options
@click.option("--format", "fmt", type=click.Choice(_FORMATS, case_sensitive=False),
              help="Output format; default: from the -o suffix, else csv.")
@click.option("--iso", is_flag=True, help="CSV: ISO 8601 times with UTC offset, "
                                          "not HH:MM.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True),
              default="-", help="Output file (default: standard output).")
@click.option("--skip-bad-rows", is_flag=True,
              help="With --places: write the good rows and report the bad ones, instead "
                   "of stopping.")
@click.option("--progress/--no-progress", default=None,
              help="Progress bar on stderr (default: on long jobs at a terminal).")
def table(lat, lon, city, zone, places_file, year, start, end, ramadan, hijri_offset, method,
          asr, tz, elevation, high_latitude, polar, rounding, adjust, fmt, iso, output,
          skip_bad_rows, progress) -> None:
    """A table of times for every date of a year or range, for one place or a
    file of places.
    """
    if ramadan is not None:
        if year is not None or start is not None or end is not None:
            raise click.UsageError("give either --ramadan or --year/--start/--end")
        from .widgets import hijri_month_dates
        start, end = (d.isoformat() for d in hijri_month_dates(ramadan, offset=hijri_offset))
    fmt = (fmt or _format_from(output)).lower()
    _check_output(output)
    if iso and fmt != "csv":
        raise click.UsageError("--iso applies to --format csv only")
    opts = _options(method, asr, tz, elevation, high_latitude, polar)
    if zone is not None:
        if places_file is not None:
            raise click.UsageError("give either --zone or --places")
        place = _zone_place(zone, lat, lon, city)
        where = dict(zone=zone, names=[place.name], tz=opts["tz"],
                     elevation=opts["elevation"] or 0.0, method=opts["method"])
    elif places_file is not None:
        if lat is not None or lon is not None or city is not None:
            raise click.UsageError("give either --places or --lat/--lon or --city")
        found = read_places(places_file)
        if found.errors and not (skip_bad_rows and found.places):
            raise InputError(f"{found.summary()}; fix them or pass --skip-bad-rows")
        found.check() if not found.errors else None
        if found.errors:
            click.echo(f"salat: warning: skipped {_one_line(found.summary())}", err=True)
        p = found.places
        where = dict(lat=[x.lat for x in p], lon=[x.lon for x in p],
                     names=[x.name for x in p], tz=[x.tz or opts["tz"] for x in p],
                     elevation=[(opts["elevation"] or 0.0) if x.elevation is None
                                else x.elevation for x in p],
                     method=[x.method or opts["method"] for x in p])
    else:
        place = _one_place(lat, lon, city)
        own = merge_place_options(place, {k: opts[k] for k in ("tz", "elevation", "method")})
        where = {"lat": place.lat, "lon": place.lon, "tz": None, "method": None, **own}
        if place.name:
            where["names"] = [place.name]
    chunks = table_chunks(start=start, end=end, year=year, asr=opts["asr"],
                          high_latitude=high_latitude, polar=polar,
                          rounding=_rounding(rounding), adjustments=_adjustments(adjust),
                          **where)
    first = next(chunks)
    n_places = len(where["lat"]) if isinstance(where.get("lat"), list) else 1
    total = n_places * len(first)

    def all_chunks() -> Iterator:
        yield first
        yield from chunks

    show = progress if progress is not None else (total >= PROGRESS_CELLS
                                                  and sys.stderr.isatty())
    with _output(output) as out, _progress(show, n_places) as tick:
        if fmt == "csv":
            write_csv(all_chunks(), out, iso=iso, progress=tick)
        elif fmt == "json":
            write_json(all_chunks(), out, progress=tick)
        else:
            write_ics(all_chunks(), out, progress=tick)


def _format_from(output: str) -> str:
    ext = os.path.splitext(output)[1].lower().lstrip(".")
    return ext if ext in _FORMATS else "csv"


@contextlib.contextmanager
def _output(path: str) -> Iterator[IO[bytes]]:
    if path == "-":
        yield sys.stdout.buffer
        sys.stdout.buffer.flush()
        return
    with atomic_output(path) as f:
        yield f


@contextlib.contextmanager
def _progress(show: bool, total: int) -> Iterator[Callable[[int], None] | None]:
    """A progress bar on a terminal; elsewhere (logs) a line at each tenth."""
    if not show:
        yield None
        return
    if sys.stderr.isatty():
        with click.progressbar(length=total, label="places", file=sys.stderr,
                               show_pos=True, show_eta=True) as bar:
            yield bar.update
        return
    done, shown = [0], [0]

    def tick(n: int) -> None:
        done[0] += n
        tenth = done[0] * 10 // max(total, 1)
        if tenth > shown[0]:
            shown[0] = tenth
            click.echo(f"salat: places {done[0]}/{total}", err=True)
    yield tick


@cli.command(short_help="The catalogue of calculation methods, with their sources.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def methods(as_json) -> None:
    """The catalogue of calculation methods."""
    rows = describe_methods()
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    width = max(len(r["name"]) for r in rows)
    for r in rows:
        click.echo(f"{r['name']:<{width}}  {r['title']}")
        click.echo(f"{'':<{width}}  {r['parameters']}")
        if r.get("region"):
            click.echo(f"{'':<{width}}  used in: {r['region']}")
        if r.get("source"):
            click.echo(f"{'':<{width}}  source: {r['source']}")


@cli.command(short_help="An HTML prayer-time widget (see salat.widget).")
@_place_options
@click.option("--zone", help=_ZONE_HELP)
@click.option("--name", help="The title shown, e.g. 'الرباط' (default: the --city place's "
                             "name in the --locale's script where GeoNames has one).")
@click.option("--places", "places_file", type=click.Path(dir_okay=False),
              help="A city picker: CSV file of places (name, lat, lon[, tz, elevation, "
                   "method]).")
@click.option("--date", help="YYYY-MM-DD; default: today at the place.")
@click.option("--locale", default="en", show_default=True, help="CLDR locale, e.g. ar_EG.")
@click.option("--kind", type=click.Choice(("day", "strip", "week", "month", "screen", "ramadan",
                                          "chart")), default="day",
              show_default=True, help="One day, a one-line strip, or a printable month.")
@click.option("--times", "time_names",
              help="Times to show, comma-separated, e.g. fajr,dhuhr,asr,maghrib,isha.")
@click.option("--page", is_flag=True, help="A standalone HTML page (for an iframe).")
@click.option("--theme", default="page", show_default=True,
              help="page (the host page's colour scheme), auto (the reader's), light, dark, "
                   "or transparent (page, with no background of its own).")
@click.option("--transparent", is_flag=True, help="No background of the widget's own.")
@click.option("--digits", default="default", show_default=True,
              help="default, native, latn or a CLDR numbering system.")
@click.option("--clock", type=click.Choice(("12", "24")), help="12- or 24-hour clock.")
@click.option("--no-script", is_flag=True, help="Leave out the inline script.")
@_time_options
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True),
              default="-", help="Output file (default: standard output).")
def widget(lat, lon, city, zone, name, places_file, date, locale, kind, time_names, page,
           theme, transparent, digits, clock, no_script, output, **time_options) -> None:
    """An HTML prayer-time widget (see salat.widgets.widget)."""
    try:
        from .widgets import widget as make_widget
    except ImportError:
        raise click.UsageError("widgets are not available in this installation") from None
    _check_output(output)
    if theme.lower() == "transparent":
        theme, transparent = "page", True
    options = dict(name=name, locale=locale, date=date, kind=kind, page=page, theme=theme,
                   transparent=transparent, digits=digits,
                   clock=None if clock is None else int(clock), live=not no_script)
    if time_names is not None:
        options["times"] = [t.strip() for t in time_names.split(",") if t.strip()]
    if places_file is not None:
        if lat is not None or lon is not None or city is not None or zone is not None:
            raise click.UsageError("give either --places or --lat/--lon or --city or --zone")
        places = read_places(places_file).check().places
        opts = merge_place_options(None, _options(**time_options))
        html = make_widget(places=places, **options, **opts)
    elif zone is not None:
        place = _zone_place(zone, lat, lon, city)
        options["name"] = name if name is not None else place.name
        html = make_widget(zone=zone, **options,
                           **merge_place_options(None, _options(**time_options)))
    else:
        place = _one_place(lat, lon, city)
        opts = merge_place_options(place, _options(**time_options))
        options["name"] = name if name is not None else (local_name(place, locale) or None)
        html = make_widget(place.lat, place.lon, **options, **opts)
    with _output(output) as out:
        out.write(html.encode("utf-8") + (b"" if html.endswith("\n") else b"\n"))


@cli.command(short_help="Serve times, widgets, feeds and an AlAdhan-compatible API.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (0.0.0.0: every interface).")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True,
              help="TCP port.")
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Worker processes (each keeps its own cache).")
@click.option("--places", "places_file", type=click.Path(dir_okay=False),
              help="CSV file of places (name, lat, lon[, tz, elevation, method]), served "
                   "by slug as ?city=.")
@click.option("--frame-ancestors", "frame_ancestors",
              help="Origins allowed to put the widget in an <iframe>, e.g. "
                   "'https://example.org'; default: any.")
@click.option("--cors", help="Origins whose scripts may read responses; default: any ('*'); "
                             "'' for none.")
@click.option("--mosques", "mosques_dir", type=click.Path(file_okay=False),
              help="Folder of mosque profiles (*.toml), each served by its slug as "
                   "?mosque= (adhan, iqama, Jumu'ah, published timetable).")
def serve(host, port, workers, places_file, frame_ancestors, cors, mosques_dir) -> None:
    """Serve times, widgets, files, calendar feeds and an AlAdhan-compatible API over
    HTTP (needs the [web] extra).
    """
    try:
        from .web import assembly as web_app, server
    except ImportError:
        raise click.UsageError('the web service needs the [web] extra: '
                               'pip install "salat-times[web]"') from None
    # Check every option here, so that a bad one is one line and exit status 2.
    web_app.create_app(places_file, frame_ancestors=frame_ancestors, cors=cors,
                       mosques=mosques_dir)
    paths = (web_app.ENV_PLACES, web_app.ENV_MOSQUES)
    for name, value in ((web_app.ENV_PLACES, places_file),
                        (web_app.ENV_FRAME_ANCESTORS, frame_ancestors),
                        (web_app.ENV_CORS, cors), (web_app.ENV_MOSQUES, mosques_dir)):
        if value is not None:
            os.environ[name] = os.path.abspath(value) if name in paths else value
    # uvicorn shuts down gracefully on SIGTERM (in-flight requests finish), then raises
    # the signal again for the handler it found: a no-op, so that the exit status is 0.
    signal.signal(signal.SIGTERM, lambda signum, frame: None)
    server.run(host, port, workers)


# ---------------------------------------------------------------- mosques

def _mosque_times(path: str, date, as_json: bool, *place) -> None:
    """``salat times --mosque FILE``: the day's adhan and iqama at a mosque."""
    if any(x is not None for x in place):
        raise click.UsageError("--mosque gives the place and method; drop --lat/--lon/"
                               "--city/--zone/--method")
    d = Mosque.from_toml(path).day(date)
    if as_json:
        click.echo(json.dumps(d.as_dict(), ensure_ascii=False, indent=2))
        return
    t = d.adhan
    click.echo(f"{d.mosque.name} {d.date.isoformat()}, {tz_name(t.tz)}, method "
               f"{t.method.name}")
    click.echo(f"  {'':<11}{'adhan':<7}iqama")
    for name, when in t:
        iq = d.iqama.get(name)
        src = "  (published)" if d.sources.get(name) == "published" else ""
        click.echo(f"  {name.capitalize():<11}{'--:--' if when is None else _hhmm(when):<7}"
                   f"{_hhmm(iq) if iq is not None else '':<5}{src}".rstrip())
    if "taraweeh" in d.iqama:
        click.echo(f"  {'Taraweeh':<11}{'':<7}{_hhmm(d.iqama['taraweeh'])}")
    if d.jumuah:
        click.echo(f"  Jumu'ah {d.jumuah[0].date().isoformat()}: "
                   f"{', '.join(_hhmm(j) for j in d.jumuah)}")
    for name, when in d.eid:
        click.echo(f"  {name} {when.date().isoformat()}: {_hhmm(when)}")
    for c in d.changes:
        click.echo(f"  from {c.date.isoformat()}: {c.prayer} iqama {_hhmm(c.time)}")


_COMPARE_ROUNDINGS = ("method", "none", "nearest", "up", "down", "all")


@cli.command(short_help="Rank the methods by agreement with a published timetable.")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@_place_options
@click.option("--zone", help=_ZONE_HELP)
@click.option("--tz", help="The table's IANA time zone (default: the file's, if JSON).")
@click.option("--elevation", type=float, multiple=True,
              help="Metres; repeatable (default: 0, and the file's own).")
@click.option("--rounding", "roundings", multiple=True,
              type=click.Choice(_COMPARE_ROUNDINGS, case_sensitive=False),
              help="Roundings to try (repeatable; 'all': each); default: the method's.")
@click.option("--asr", "asrs", multiple=True, help="Asr schools to try (repeatable).")
@click.option("--method", "methods_", multiple=True,
              help="Only these methods (repeatable; default: the whole catalogue).")
@click.option("--hours", type=click.Choice(["24", "12"]), default="24", show_default=True,
              help="12: a table in 12-hour time without am/pm.")
@click.option("--select", "select", multiple=True, metavar="COLUMN=VALUE",
              help="Only the rows whose column holds the value, e.g. zone=WLY01.")
@click.option("--top", type=int, default=10, show_default=True, help="Methods shown.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (every method).")
def compare(files, lat, lon, city, zone, tz, elevation, roundings, asrs, methods_, hours,
            select, top, as_json) -> None:
    """Rank the methods by agreement with a published timetable (CSV or JSON)."""
    chosen: dict = {}
    for pair in select:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise InputError(f"--select: got {pair!r}; give COLUMN=VALUE, e.g. zone=WLY01")
        chosen[key.strip()] = value.strip()
    if city is not None:
        place = _one_place(lat, lon, city)
        lat, lon, tz = place.lat, place.lon, tz or place.tz
    elif (lat is None) != (lon is None):
        raise click.UsageError("give both --lat and --lon (or --city)")
    pub = PublishedTimetable.read(*files, tz=tz, hours=int(hours), select=chosen or None)
    rounds = [_rounding(r) for r in roundings] or ["method"]
    if "all" in rounds:
        rounds = list(ROUNDING_CHOICES)
    report = rank_methods(pub, lat, lon, zone=zone, methods=methods_ or None,
                  elevation=list(elevation) or None, rounding=rounds,
                  asr=[_asr(a) for a in asrs] or ["standard"])
    if as_json:
        click.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
        return
    click.echo(report.to_text(top=top))


@cli.command(short_help="A year of prayer times as an SVG chart.")
@_place_options
@click.option("--name", help="The title shown (default: the --city name).")
@click.option("--year", type=int, help="The year drawn (default: this year).")
@click.option("--locale", default="en", show_default=True, help="CLDR locale, e.g. ar_EG.")
@click.option("--page", is_flag=True, help="A standalone HTML page.")
@_time_options
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True),
              default="-", help="Output file (default: standard output).")
def chart(lat, lon, city, name, year, locale, page, output, **time_options) -> None:
    """A year of prayer times as an SVG chart (HTML, with the numbers as a table)."""
    try:
        from .widgets import widget as make_widget
    except ImportError:
        raise click.UsageError("widgets are not available in this installation") from None
    place = _one_place(lat, lon, city)
    opts = merge_place_options(place, _options(**time_options))
    html = make_widget(place.lat, place.lon, kind="chart", date=year, locale=locale, page=page,
                       name=name if name is not None else (place.name or None), **opts)
    with _output(output) as out:
        out.write(html.encode("utf-8") + (b"" if html.endswith("\n") else b"\n"))


# ---------------------------------------------------------------- entry point

def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _fail(message: str, status: int) -> None:
    click.echo(f"salat: error: {_one_line(message)}", err=True)
    sys.exit(status)


def _on_sigterm(signum, frame):
    raise _Terminated()


def main(argv: Sequence[str] | None = None) -> None:
    """Run the ``salat`` command (the console script's entry point)."""
    if hasattr(signal, "SIGTERM"):
        with contextlib.suppress(ValueError):      # not in the main thread
            signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        status = cli.main(args=list(argv) if argv is not None else None, prog_name="salat",
                          standalone_mode=False)
    except click.UsageError as e:
        hint = f" (see '{e.ctx.command_path} --help')" if e.ctx is not None else ""
        _fail(e.format_message() + hint, EXIT_USAGE)
    except click.Abort:
        _fail("interrupted; no output file was left behind", EXIT_INTERRUPTED)
    except KeyboardInterrupt:
        _fail("interrupted; no output file was left behind", EXIT_INTERRUPTED)
    except _Terminated:
        _fail("terminated; no output file was left behind", 128 + 15)
    except click.ClickException as e:
        _fail(e.format_message(), e.exit_code)
    except InputError as e:
        _fail(_cli_message(str(e)), EXIT_USAGE)
    except BrokenPipeError:
        # The reader went away (salat table | head): stop quietly.
        with contextlib.suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(EXIT_FAILED)
    except OSError as e:
        where = f"{e.filename}: " if e.filename else ""
        _fail(f"{where}{e.strerror or e}", EXIT_FAILED)
    sys.exit(status if isinstance(status, int) else 0)


if __name__ == "__main__":
    main()
