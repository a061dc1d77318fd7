"""Localized, embeddable prayer-time widgets: static HTML first, an optional small script.

>>> html = widget(30.0444, 31.2357, name="القاهرة", locale="ar_EG")   # doctest: +SKIP
>>> bar = widget(30.0444, 31.2357, name="Cairo", kind="strip")     # doctest: +SKIP
>>> pick = widget(places=[("Cairo", 30.0444, 31.2357), ("Rabat", 34.02, -6.84)])  # doctest: +SKIP

The fragment renders fully without JavaScript: ``lang`` and ``dir`` from CLDR, a table
with header cells, every time in ``<time datetime>``, rows keyed by ``data-prayer``, the
next prayer marked by ``aria-current`` and a visible tag.  See :func:`widget`.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from . import assets, render
from .assets import csp, script, stylesheet
from .chart import CHART_ROWS, chart_html
from .data import (DEFAULT_ROWS, PlaceLike, check_rows, is_mosque, resolve_day, resolve_month,
                   resolve_places)
from .formatting import Formatter
from .html import clean_name, isolate
from .i18n import CATALOG_LOCALES
from .render import Widget
from .ramadan import RAMADAN, RAMADAN_ROWS, hijri_month_dates, ramadan_html
from .screen import SCREEN_DAYS, screen_html
from salat.hijri import hijri_date
from salat.inputs import InputError, InputTypeError, finite_in_range, one_date
from salat.options import merge_place_options
from salat.timezones import localize, resolve_tz, tz_name

__all__ = ["CATALOG_LOCALES", "Widget", "csp", "hijri_month_dates", "script", "stylesheet",
           "widget"]

_KINDS = ("day", "week", "month", "strip", "screen", "ramadan", "chart")
#: How many dates ``kind="week"`` shows (today and the next six).
WEEK_DAYS = 7
#: Arguments renamed for one vocabulary across library, CLI and web service.
_RENAMED = {"city": "name", "prayers": "times"}
#: The ``color-scheme`` of a standalone page (an iframe does not see its host's).
_PAGE_SCHEMES = {"page": "light", "auto": "light dark", "light": "light", "dark": "dark"}


def widget(lat_or_times: Any = None, lon: float | None = None, *, name: str | None = None,
           places: Sequence[PlaceLike] | None = None, kind: str = "day",
           times: Sequence[str] = DEFAULT_ROWS, locale: str = "en", date: Any = None,
           live: bool = True, css: bool = True, theme: str = "page", transparent: bool = False,
           colors: Mapping[str, str] | None = None, hijri_offset: int = 0,
           digits: str = "default", clock: int | None = None,
           labels: Mapping[str, str] | None = None, show_title: bool = False,
           days: int | None = None,
           nonce: str | None = None,
           page: bool = False, now: datetime.datetime | None = None,
           **times_kwargs: Any) -> Widget:
    """An HTML prayer-time widget for a place (or several) and a date, in a locale.

    Parameters
    ----------
    lat_or_times
        Latitude (then ``lon`` is required), a ``salat.PrayerTimes`` (``kind="day"``
        or ``"strip"``), a one-place ``salat.Timetable`` (``kind="month"``), or a
        :class:`salat.Mosque` (every kind: its published or calculated adhan with the
        iqama beside each, Jumu'ah, Taraweeh, notices of iqama changes in the next days;
        the countdown goes to the iqama; ``name`` defaults to the mosque's).  Leave it
        out when giving ``places``.
    lon
        Longitude, with a latitude.
    name
        The title shown (a city name in the reader's language, say): shown as text,
        isolated from the text around it (an Arabic name in a French page cannot reorder
        what follows); control characters are refused, bidi overrides removed.
    places
        A city picker: several places in one fragment with a ``<select>``, every city's
        times inside (no request to switch).  Each item is a :class:`salat.places.Place`,
        a ``(name, lat, lon)`` tuple or a mapping with keys ``name``, ``lat``, ``lon`` and
        optionally ``tz``, ``elevation``, ``method`` (used where ``**times_kwargs`` does
        not give them: :func:`salat.options.merge_place_options`).  Without JavaScript
        the first city is open and each other one
        is a ``<details>``; the reader's choice is kept in ``localStorage``.
    kind
        ``"day"`` (one column of times), ``"strip"`` (one line: name, date, times, for a
        header or ticker bar), ``"week"`` (today and the next six days, a table that a
        300 px sidebar holds), ``"month"`` (the whole month: a table that reflows on
        narrow widths and prints on one A4 page, for pages and print) or ``"screen"`` (a
        mosque's TV page, 1920x1080 or 1080x1920: a big clock, today's adhan and iqama,
        the next one counting down, tomorrow's Fajr after Isha, Jumu'ah; best with
        ``page=True``) or ``"ramadan"`` (the imsakiyah: the Hijri month's days with
        weekday and dates, Imsak to Isha, the iqama and Taraweeh at a mosque; one A4
        page in print; ``hijri_offset`` moves its first day) or ``"chart"`` (a year as an
        SVG: a line per time, months on the axis, clock changes marked, an accessible
        title, the 1st and 15th of each month as a table).
    times
        Which times to show, by name, in order (see ``salat.TIME_NAMES``).
    locale
        A CLDR locale such as ``"en"``, ``"ar_EG"`` or ``"ur-PK"``.  Direction, time and
        date formats and digits follow it; labels come from the project catalogs
        (:data:`CATALOG_LOCALES`, English for other languages).
    date
        The date to show (``datetime.date`` or ``"YYYY-MM-DD"``); ``None`` is today at
        the place, or tomorrow after Isha.  For ``kind="month"``, any day of the month;
        for ``kind="week"`` the first date; for ``kind="ramadan"`` a Hijri year
        (``1448``) or a date (its Ramadan, or the next one); for ``kind="chart"`` a
        year (``2026``) or a date in it.
    live
        Include the inline script (countdown, moving highlight, roll-over to tomorrow
        after Isha, the picker's choice).  It makes no request and uses no ``eval``.
        (``script=`` is the old name of this argument and still accepted.)
    css
        Include the ``<style>``; with ``False`` serve :func:`stylesheet` yourself.
    theme
        ``"page"`` (the default: the host page's ``color-scheme``, so light on a page that
        declares none), ``"auto"`` (the reader's system: dark under
        ``prefers-color-scheme: dark``, chosen on purpose), ``"light"`` or ``"dark"``.
    transparent
        No background of its own.
    colors
        Custom properties by role, any of ``background``, ``text``, ``accent``,
        ``border``, ``muted`` (``#hex``, colour names or ``rgb()``-style functions).
    hijri_offset
        Days added before converting to the Hijri date (local sighting).
    digits
        ``"default"`` (the locale's own: Arabic-Indic for ar_EG, Western for ar_MA),
        ``"native"``, ``"latn"`` or a CLDR numbering system id.
    clock
        ``None`` (the locale's convention), ``12`` or ``24``.
    labels
        Your own names for times, e.g. ``{"dhuhr": "Zuhr"}``.
    days
        How many dates ``kind="week"`` shows (default 7) and ``kind="screen"`` carries
        (default :data:`~salat.widgets.screen.SCREEN_DAYS`, 31: the screen runs that long
        unattended, moving to each next date by itself).
    show_title
        Show the words "Prayer times" above the place's name (by default they are read
        by screen readers only, unless no ``name`` is given).
    nonce
        A CSP nonce put on the ``<style>`` and ``<script>`` elements.
    page
        Return a standalone HTML page (for an iframe) with its own strict CSP.
    now
        The current time (aware) for the next-prayer mark; default: the clock.
    **times_kwargs
        Passed to ``salat.times_for`` / ``salat.table`` (``method``, ``asr``, ``tz``, ...).
        With ``zone="JHR02"`` (a prayer zone, :mod:`salat.prayer_zones`) leave out
        ``lat_or_times`` and ``lon``: the zone's own table is shown.

    Returns
    -------
    Widget
        The HTML fragment (a ``<div class="salat-w">``) or page: a ``str`` whose
        ``.csp(ancestors)`` gives the Content-Security-Policy of its inline code.
    """
    if "script" in times_kwargs:          # the old name of live=
        live = bool(times_kwargs.pop("script"))
    for old, new in _RENAMED.items():
        if old in times_kwargs:
            raise InputError(f"{old}: this argument is now called {new}=; "
                             f"got {old}={times_kwargs[old]!r}")
    if kind not in _KINDS:
        raise InputError(f"kind: got {kind!r}; allowed: {', '.join(map(repr, _KINDS))}")
    if name is None and is_mosque(lat_or_times):
        name = getattr(lat_or_times, "name", None)
    if name is not None:
        name = clean_name(name)
    fmt = Formatter(locale, digits=digits, clock=clock, labels=dict(labels or {}),
                    hijri_offset=hijri_offset)
    if times is DEFAULT_ROWS:
        times = {"ramadan": RAMADAN_ROWS, "chart": CHART_ROWS}.get(kind, times)
    rows = check_rows(times)
    classes, custom_css = render.theme_classes(theme, transparent, colors)
    classes += " salat-titled" if show_title else ""
    css_kind = "picker" if places is not None else kind
    style = (assets.stylesheet(css_kind, page) + custom_css) if css else ""
    js = None if not live or kind in ("month", "week", "ramadan", "chart") else assets.script(
        "picker" if places is not None else "screen" if kind == "screen" else "day")
    job = _Job(fmt, date, now, rows, times_kwargs, days, name, classes, style, js, nonce)
    if places is not None:
        if lat_or_times is not None or lon is not None:
            raise InputTypeError("places: give either places or (lat, lon), not both")
        if kind != "day":
            raise InputError(f"kind: got {kind!r}; a city picker (places=) shows kind='day'")
        html = _picker(job, places)
    else:
        html = _BUILDERS[kind](job, lat_or_times, lon)
    if not page:
        return html
    title = fmt.labels.widget("title") + (f" \u2014 {isolate(name)}" if name else "")
    return render.page_html(fmt, html, title=title, scheme=_PAGE_SCHEMES[theme])


def _screen(job: _Job, source: Any, lon: float | None) -> Widget:
    """A mosque screen: ``days`` dates from today (or ``date``), each with its midnight."""
    days = SCREEN_DAYS if job.days is None else job.days
    finite_in_range("days", days, 1, 400)
    if is_mosque(source):
        tz = source.tz
    else:
        tz = resolve_tz(job.times_kwargs.get("tz"), source, lon)
    month, _ = resolve_month(source, lon, date=job.date, now=job.now, rows=job.rows,
                             times_kwargs=job.times_kwargs, days=int(days))
    starts = [localize(tz, datetime.datetime.combine(d.date, datetime.time()))
              for d in month.days]
    first = month.days[0]
    local_now = job.now.astimezone(tz) if job.now else datetime.datetime.now(tz)
    next_name = first.next_prayer(local_now) if first.date == local_now.date() else None
    return screen_html(job.fmt, month.days, starts, name=job.name, next_name=next_name,
                       tz=tz_name(tz), classes=job.classes, css=job.css, js=job.js,
                       nonce=job.nonce)


def _ramadan(job: _Job, source: Any, lon: float | None) -> Widget:
    """The imsakiyah of Hijri year ``date`` (an int), of the Ramadan that ``date`` falls
    in, or of this Ramadan (or the next one) at the place.
    """
    offset = job.fmt.hijri_offset
    if isinstance(job.date, int) and not isinstance(job.date, bool):
        year = job.date
    else:
        when = (one_date(job.date) if job.date is not None
                else (job.now or datetime.datetime.now(datetime.timezone.utc)).date())
        hd = hijri_date(when, offset)
        year = hd.year if hd.month <= RAMADAN else hd.year + 1
    first, last = hijri_month_dates(year, RAMADAN, offset)
    month, today = resolve_month(source, lon, date=first, now=job.now, rows=job.rows,
                                 times_kwargs=job.times_kwargs,
                                 days=(last - first).days + 1)
    return ramadan_html(job.fmt, month, name=job.name, today=today, classes=job.classes,
                        css=job.css, nonce=job.nonce)


def _chart(job: _Job, source: Any, lon: float | None) -> Widget:
    """The chart of year ``date`` (an int, or a date's year; default this year)."""
    if isinstance(job.date, int) and not isinstance(job.date, bool):
        finite_in_range("date", job.date, 1, 9999)
        year = job.date
    else:
        year = (one_date(job.date) if job.date is not None
                else (job.now or datetime.datetime.now(datetime.timezone.utc)).date()).year
    first = datetime.date(year, 1, 1)
    month, _ = resolve_month(source, lon, date=first, now=job.now, rows=job.rows,
                             times_kwargs=job.times_kwargs,
                             days=(datetime.date(year + 1, 1, 1) - first).days)
    return chart_html(job.fmt, year, month, name=job.name, classes=job.classes, css=job.css,
                      nonce=job.nonce)


def _week_days(days: int | None) -> int:
    if days is None:
        return WEEK_DAYS
    finite_in_range("days", days, 1, 62)
    return int(days)


@dataclass(frozen=True)
class _Job:
    """What every kind's builder reads: the formatter and the checked options."""

    fmt: Formatter
    date: Any
    now: datetime.datetime | None
    rows: tuple[str, ...]
    times_kwargs: dict
    days: int | None
    name: str | None
    classes: str
    css: str
    js: str | None
    nonce: str | None


def _picker(job: _Job, places: Sequence[PlaceLike]) -> Widget:
    panels = []
    for i, place in enumerate(resolve_places(places)):
        city = clean_name(place.name, f"places[{i}]")
        try:
            if is_mosque(place):
                found = resolve_day(place, None, date=job.date, now=job.now, rows=job.rows,
                                    times_kwargs={})
            else:
                found = resolve_day(place.lat, place.lon, date=job.date, now=job.now,
                                    rows=job.rows,
                                    times_kwargs=merge_place_options(place, job.times_kwargs))
            panels.append((city, found))
        except InputError as e:   # say which place was wrong
            raise type(e)(f"places[{i}] ({city}): {e}") from None
    return render.picker_html(job.fmt, [(n, day, day.next_prayer(now) if current else None)
                                        for n, (day, now, current) in panels],
                              name=job.name, classes=job.classes, css=job.css, js=job.js,
                              nonce=job.nonce)


def _table_kind(kind: str) -> Callable[[_Job, Any, float | None], Widget]:
    def build(job: _Job, source: Any, lon: float | None) -> Widget:
        month, today = resolve_month(source, lon, date=job.date, now=job.now, rows=job.rows,
                                     times_kwargs=job.times_kwargs,
                                     days=_week_days(job.days) if kind == "week" else None)
        make = render.month_html if kind == "month" else render.week_html
        return make(job.fmt, month, name=job.name, today=today, classes=job.classes,
                    css=job.css, nonce=job.nonce)
    return build


def _day_kind(kind: str) -> Callable[[_Job, Any, float | None], Widget]:
    def build(job: _Job, source: Any, lon: float | None) -> Widget:
        day, now, current = resolve_day(source, lon, date=job.date, now=job.now, rows=job.rows,
                                        times_kwargs=job.times_kwargs)
        make = render.day_html if kind == "day" else render.strip_html
        return make(job.fmt, day, name=job.name,
                    next_name=day.next_prayer(now) if current else None,
                    classes=job.classes, css=job.css, js=job.js, nonce=job.nonce)
    return build


_BUILDERS: dict[str, Callable[[_Job, Any, float | None], Widget]] = {
    "day": _day_kind("day"), "strip": _day_kind("strip"), "week": _table_kind("week"),
    "month": _table_kind("month"), "screen": _screen, "ramadan": _ramadan, "chart": _chart,
}
