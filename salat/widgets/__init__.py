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
from typing import Any
from collections.abc import Mapping, Sequence

from . import assets, render
from .assets import script, stylesheet
from .data import (DEFAULT_ROWS, PlaceLike, check_rows, place_options, resolve_day,
                   resolve_month, resolve_places)
from .formatting import Formatter
from .i18n import CATALOG_LOCALES
from salat.inputs import InputError, InputTypeError

__all__ = ["CATALOG_LOCALES", "script", "stylesheet", "widget"]

_KINDS = ("day", "month", "strip")
#: Arguments renamed for one vocabulary across library, CLI and web service.
_RENAMED = {"city": "name", "prayers": "times"}


def widget(lat_or_times: Any = None, lon: float | None = None, *, name: str | None = None,
           places: Sequence[PlaceLike] | None = None, kind: str = "day",
           times: Sequence[str] = DEFAULT_ROWS, locale: str = "en", date: Any = None,
           script: bool = True, css: bool = True, theme: str = "auto", transparent: bool = False,
           colors: Mapping[str, str] | None = None, hijri_offset: int = 0,
           digits: str = "default", clock: int | None = None,
           labels: Mapping[str, str] | None = None, nonce: str | None = None,
           page: bool = False, now: datetime.datetime | None = None,
           **times_kwargs: Any) -> str:
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
        The title shown (a city name in the reader's language, say); escaped as text.
    places
        A city picker: several places in one fragment with a ``<select>``, every city's
        times inside (no request to switch).  Each item is a :class:`salat.places.Place`,
        a ``(name, lat, lon)`` tuple or a mapping with keys ``name``, ``lat``, ``lon`` and
        optionally ``tz``, ``elevation``, ``method`` (which override ``**times_kwargs``
        for that place).  Without JavaScript the first city is open and each other one
        is a ``<details>``; the reader's choice is kept in ``localStorage``.
    kind
        ``"day"`` (one column of times), ``"strip"`` (one line: name, date, times, for a
        header or ticker bar) or ``"month"`` (a table that reflows on narrow widths and
        prints on one A4 page).
    times
        Which times to show, by name, in order (see ``salat.TIME_NAMES``).
    locale
        A CLDR locale such as ``"en"``, ``"ar_EG"`` or ``"ur-PK"``.  Direction, time and
        date formats and digits follow it; labels come from the project catalogs
        (:data:`CATALOG_LOCALES`, English for other languages).
    date
        The date to show (``datetime.date`` or ``"YYYY-MM-DD"``); ``None`` is today at
        the place, or tomorrow after Isha.  For ``kind="month"``, any day of the month.
    script
        Include the inline script (countdown, moving highlight, roll-over to tomorrow
        after Isha, the picker's choice).  It makes no request and uses no ``eval``.
    css
        Include the ``<style>``; with ``False`` serve :func:`stylesheet` yourself.
    theme
        ``"auto"`` (light, dark under ``prefers-color-scheme: dark``), ``"light"`` or
        ``"dark"``.
    transparent
        No background of its own.
    colors
        Custom properties by role, any of ``background``, ``text``, ``accent``,
        ``border`` (``#hex``, colour names or ``rgb()``-style functions).
    hijri_offset
        Days added before converting to the Hijri date (local sighting).
    digits
        ``"default"`` (the locale's own: Arabic-Indic for ar_EG, Western for ar_MA),
        ``"native"``, ``"latn"`` or a CLDR numbering system id.
    clock
        ``None`` (the locale's convention), ``12`` or ``24``.
    labels
        Your own names for times, e.g. ``{"dhuhr": "Zuhr"}``.
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
    str
        The HTML fragment (a ``<div class="salat-w">``) or page.
    """
    for old, new in _RENAMED.items():
        if old in times_kwargs:
            raise InputError(f"{old}: this argument is now called {new}=; "
                             f"got {old}={times_kwargs[old]!r}")
    if kind not in _KINDS:
        raise InputError(f"kind: got {kind!r}; allowed: {', '.join(map(repr, _KINDS))}")
    f = Formatter(locale, digits=digits, clock=clock, labels=dict(labels or {}),
                  hijri_offset=hijri_offset)
    rows = check_rows(times)
    classes, custom_css = render.theme_classes(theme, transparent, colors)
    js = None if not script or kind == "month" else assets.script("day" if places is None else "picker")
    if places is not None:
        if lat_or_times is not None or lon is not None:
            raise InputTypeError("places: give either places or (lat, lon), not both")
        if kind != "day":
            raise InputError(f"kind: got {kind!r}; a city picker (places=) shows kind='day'")
        style = (assets.stylesheet("picker", page) + custom_css) if css else ""
        panels = []
        for i, place in enumerate(resolve_places(places)):
            try:
                panels.append((place.name, resolve_day(
                    place.lat, place.lon, date=date, now=now, rows=rows,
                    times_kwargs={**times_kwargs, **place_options(place)})))
            except InputError as e:   # say which place was wrong
                raise type(e)(f"places[{i}] ({place.name}): {e}") from None
        html = render.picker_html(f, [(n, day, day.next_prayer(local_now) if current else None)
                                      for n, (day, local_now, current) in panels],
                                  name=name, classes=classes, css=style, js=js, nonce=nonce)
    elif kind == "month":
        style = (assets.stylesheet(kind, page) + custom_css) if css else ""
        month, today = resolve_month(lat_or_times, lon, date=date, now=now, rows=rows,
                                     times_kwargs=times_kwargs)
        html = render.month_html(f, month, name=name, today=today, classes=classes, css=style,
                                 nonce=nonce)
    else:
        style = (assets.stylesheet(kind, page) + custom_css) if css else ""
        day, local_now, current = resolve_day(lat_or_times, lon, date=date, now=now, rows=rows,
                                              times_kwargs=times_kwargs)
        make = render.day_html if kind == "day" else render.strip_html
        html = make(f, day, name=name, next_name=day.next_prayer(local_now) if current else None,
                    classes=classes, css=style, js=js, nonce=nonce)
    if not page:
        return html
    title = f.labels.widget("title") + (f" \u2014 {name}" if name else "")
    return render.page_html(f, html, title=title, css=style, js=js)
