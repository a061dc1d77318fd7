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
from collections.abc import Mapping, Sequence
from typing import Any

from . import assets, render
from .assets import csp, script, stylesheet
from .data import DEFAULT_ROWS, PlaceLike, check_rows, resolve_day, resolve_month, resolve_places
from .formatting import Formatter
from .html import clean_name, isolate
from .i18n import CATALOG_LOCALES
from .render import Widget
from salat.inputs import InputError, InputTypeError
from salat.options import merge_place_options

__all__ = ["CATALOG_LOCALES", "Widget", "csp", "script", "stylesheet", "widget"]

_KINDS = ("day", "week", "month", "strip")
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
           nonce: str | None = None,
           page: bool = False, now: datetime.datetime | None = None,
           **times_kwargs: Any) -> Widget:
    """An HTML prayer-time widget for a place (or several) and a date, in a locale.

    Parameters
    ----------
    lat_or_times
        Latitude (then ``lon`` is required), or a ``salat.PrayerTimes`` (``kind="day"``
        or ``"strip"``) or one-place ``salat.Timetable`` (``kind="month"``).  Leave it out
        when giving ``places``.
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
        300 px sidebar holds) or ``"month"`` (the whole month: a table that reflows on
        narrow widths and prints on one A4 page, for pages and print).
    times
        Which times to show, by name, in order (see ``salat.TIME_NAMES``).
    locale
        A CLDR locale such as ``"en"``, ``"ar_EG"`` or ``"ur-PK"``.  Direction, time and
        date formats and digits follow it; labels come from the project catalogs
        (:data:`CATALOG_LOCALES`, English for other languages).
    date
        The date to show (``datetime.date`` or ``"YYYY-MM-DD"``); ``None`` is today at
        the place, or tomorrow after Isha.  For ``kind="month"``, any day of the month;
        for ``kind="week"`` the first date.
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
    if name is not None:
        name = clean_name(name)
    fmt = Formatter(locale, digits=digits, clock=clock, labels=dict(labels or {}),
                    hijri_offset=hijri_offset)
    rows = check_rows(times)
    classes, custom_css = render.theme_classes(theme, transparent, colors)
    classes += " salat-titled" if show_title else ""
    css_kind = "picker" if places is not None else kind
    style = (assets.stylesheet(css_kind, page) + custom_css) if css else ""
    js = None if not live or kind in ("month", "week") else assets.script(
        "day" if places is None else "picker")
    if places is not None:
        if lat_or_times is not None or lon is not None:
            raise InputTypeError("places: give either places or (lat, lon), not both")
        if kind != "day":
            raise InputError(f"kind: got {kind!r}; a city picker (places=) shows kind='day'")
        panels = []
        for i, place in enumerate(resolve_places(places)):
            city = clean_name(place.name, f"places[{i}]")
            try:
                panels.append((city, resolve_day(
                    place.lat, place.lon, date=date, now=now, rows=rows,
                    times_kwargs=merge_place_options(place, times_kwargs))))
            except InputError as e:   # say which place was wrong
                raise type(e)(f"places[{i}] ({city}): {e}") from None
        html = render.picker_html(fmt, [(n, day, day.next_prayer(local_now) if current else None)
                                        for n, (day, local_now, current) in panels],
                                  name=name, classes=classes, css=style, js=js, nonce=nonce)
    elif kind in ("month", "week"):
        month, today = resolve_month(lat_or_times, lon, date=date, now=now, rows=rows,
                                     times_kwargs=times_kwargs,
                                     days=WEEK_DAYS if kind == "week" else None)
        make = render.month_html if kind == "month" else render.week_html
        html = make(fmt, month, name=name, today=today, classes=classes, css=style,
                    nonce=nonce)
    else:
        day, local_now, current = resolve_day(lat_or_times, lon, date=date, now=now, rows=rows,
                                              times_kwargs=times_kwargs)
        make = render.day_html if kind == "day" else render.strip_html
        html = make(fmt, day, name=name,
                    next_name=day.next_prayer(local_now) if current else None,
                    classes=classes, css=style, js=js, nonce=nonce)
    if not page:
        return html
    title = fmt.labels.widget("title") + (f" \u2014 {isolate(name)}" if name else "")
    return render.page_html(fmt, html, title=title, scheme=_PAGE_SCHEMES[theme])
