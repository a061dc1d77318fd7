"""Localized, embeddable prayer-time widgets: static HTML first, an optional small script.

>>> html = widget(30.0444, 31.2357, city="Cairo", locale="ar_EG")   # doctest: +SKIP

The fragment renders fully without JavaScript: ``lang`` and ``dir`` from CLDR, a table
with header cells, every time in ``<time datetime>``, rows keyed by ``data-prayer``, the
next prayer marked by ``aria-current`` and a visible tag.  See :func:`widget`.
"""

from __future__ import annotations

import datetime
from typing import Any, Mapping, Optional, Sequence

from . import assets, render
from .assets import script, stylesheet
from .data import DEFAULT_ROWS, check_rows, resolve_day, resolve_month
from .formatting import Formatter
from .i18n import CATALOG_LOCALES
from salat.inputs import InputError

__all__ = ["CATALOG_LOCALES", "script", "stylesheet", "widget"]

_KINDS = ("day", "month")


def widget(lat_or_times: Any, lon: Optional[float] = None, *, city: Optional[str] = None,
           locale: str = "en", date: Any = None, kind: str = "day", script: bool = True,
           css: bool = True, theme: str = "auto", transparent: bool = False,
           colors: Optional[Mapping[str, str]] = None, hijri_offset: int = 0,
           digits: str = "default", clock: Optional[int] = None,
           labels: Optional[Mapping[str, str]] = None, prayers: Sequence[str] = DEFAULT_ROWS,
           nonce: Optional[str] = None, page: bool = False,
           now: Optional[datetime.datetime] = None, **times_kwargs: Any) -> str:
    """An HTML prayer-time widget for a place and date, in a locale.

    Args:
        lat_or_times: latitude (then ``lon`` is required), or a ``salat.PrayerTimes``
            (``kind="day"``) or one-place ``salat.Timetable`` (``kind="month"``).
        lon: longitude, with a latitude.
        city: the place name shown as the title; always escaped as text.
        locale: a CLDR locale such as ``"en"``, ``"ar_EG"`` or ``"ur-PK"``.  Direction,
            time and date formats and digits follow it; prayer names come from the
            project catalogs (:data:`CATALOG_LOCALES`, English for other languages).
        date: the date to show (``datetime.date`` or ``"YYYY-MM-DD"``); ``None`` is
            today at the place, or tomorrow after Isha.  For ``kind="month"``, any day
            of the month to show.
        kind: ``"day"`` (one column of times) or ``"month"`` (a printable table).
        script: include the inline script (countdown, moving highlight, roll-over to
            tomorrow after Isha).  It makes no request and uses no ``eval``.
        css: include the ``<style>``; with ``False`` serve :func:`stylesheet` yourself.
        theme: ``"auto"`` (light, dark under ``prefers-color-scheme: dark``),
            ``"light"`` or ``"dark"``.
        transparent: no background of its own.
        colors: custom properties by role, any of ``background``, ``text``, ``accent``,
            ``border`` (``#hex``, colour names or ``rgb()``-style functions).
        hijri_offset: days added before converting to the Hijri date (local sighting).
        digits: ``"default"`` (the locale's own: Arabic-Indic for ar_EG, Western for
            ar_MA), ``"native"``, ``"latn"`` or a CLDR numbering system id.
        clock: ``None`` (the locale's convention), ``12`` or ``24``.
        labels: your own names for times, e.g. ``{"dhuhr": "Zuhr"}``.
        prayers: which times to show, by name, in order.
        nonce: a CSP nonce put on the ``<style>`` and ``<script>`` elements.
        page: return a standalone HTML page (for an iframe) with its own strict CSP.
        now: the current time (aware) for the next-prayer mark; default: the clock.
        **times_kwargs: passed to ``salat.times_for`` / ``salat.table`` (``method``,
            ``asr``, ``tz``, ...).

    Returns:
        The HTML fragment (a ``<div class="salat-w">``) or page, as a string.
    """
    if kind not in _KINDS:
        raise InputError(f"kind: got {kind!r}; allowed: 'day', 'month'")
    f = Formatter(locale, digits=digits, clock=clock, labels=dict(labels or {}),
                  hijri_offset=hijri_offset)
    rows = check_rows(prayers)
    classes, custom_css = render.theme_classes(theme, transparent, colors)
    style = (assets.stylesheet(kind, page) + custom_css) if css else ""
    if kind == "day":
        day, local_now, current = resolve_day(lat_or_times, lon, date=date, now=now, rows=rows,
                                              times_kwargs=times_kwargs)
        js = assets.script() if script else None
        html = render.day_html(f, day, city=city, next_name=day.next_prayer(local_now) if current else None,
                               classes=classes, css=style, js=js, nonce=nonce)
    else:
        month, today = resolve_month(lat_or_times, lon, date=date, now=now, rows=rows,
                                     times_kwargs=times_kwargs)
        js = None
        html = render.month_html(f, month, city=city, today=today, classes=classes, css=style,
                                 nonce=nonce)
    if not page:
        return html
    title = f.labels.widget("title") + (f" \u2014 {city}" if city else "")
    return render.page_html(f, html, title=title, css=style, js=js)
