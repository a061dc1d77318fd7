"""``kind="screen"``: the page a mosque shows on a TV, which runs for days unattended.

It carries the times of :data:`SCREEN_DAYS` dates (today and the next ones) in a JSON block,
and its script moves to the next date at local midnight by itself, with no request: a big
clock, the date, today's adhan and iqama, the next one counting down (to the iqama where set),
tomorrow's Fajr once Isha has passed, Jumu'ah.  Past the last date it carries it says so.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Sequence

from .data import Day
from .formatting import Formatter
from .html import Html, h, join, raw
from .render import Widget, _day_data, _iso, _root, _time_cell, _title

__all__ = ["SCREEN_DAYS", "screen_html"]

#: How many dates a screen carries (today and the next 30): it runs a month unattended.
SCREEN_DAYS = 31
#: The prayers a screen counts to, in order (Jumu'ah is a line; sunrise a row, not counted).
_COUNTED = ("fajr", "dhuhr", "asr", "maghrib", "isha")


def _pair(fmt: Formatter, when: datetime.datetime | None) -> list | None:
    return None if when is None else [_iso(when), fmt.time(when)]


def _day_json(fmt: Formatter, day: Day, start: datetime.datetime) -> dict:
    """One date for the script: its local midnight, texts, times and iqama by name."""
    _, hijri, _ = fmt.hijri(day.date)
    friday = day.jumuah[0].date() if day.jumuah else None
    return {"d": day.date.isoformat(), "s": _iso(start), "g": fmt.date(day.date), "h": hijri,
            "t": {n: _pair(fmt, t) for n, t in day.times.items()},
            "i": {n: _pair(fmt, t) for n, t in day.iqama.items()},
            "j": [_pair(fmt, j) for j in day.jumuah],
            "jd": "" if friday in (None, day.date) else fmt.skeleton("MMMEd", friday)}


def screen_html(fmt: Formatter, days: Sequence[Day], starts: Sequence[datetime.datetime], *,
                name: str | None, next_name: str | None, tz: str, classes: str, css: str,
                js: str | None, nonce: str | None) -> Widget:
    """The screen: clock, dates, today's table (adhan and iqama), the next prayer, tomorrow's
    Fajr line, Jumu'ah, and the dates it carries for the script (``starts``: each date's
    local midnight).
    """
    day = days[0]
    mosque = any(d.iqama for d in days)
    rows = []
    for key, when in day.times.items():
        current = key == next_name
        rows.append(h("tr", h("th", fmt.labels.prayer(key), scope="row"),
                      h("td", _time_cell(fmt, when, None, key)),
                      h("td", _time_cell(fmt, day.iqama[key], None, key, iqama=True)
                        if key in day.iqama else None) if mosque else None,
                      data_prayer=key, aria_current="true" if current else None))
    head = h("thead", h("tr", h("th", fmt.labels.widget("prayer"), scope="col"),
                        h("th", fmt.labels.widget("adhan"), scope="col"),
                        h("th", fmt.labels.widget("iqama"), scope="col") if mosque else None))
    clock = h("time", class_="salat-clock", aria_hidden="true")
    dates = h("p", h("span", fmt.date(day.date), class_="salat-greg"), " ",
              h("span", fmt.hijri(day.date)[1], class_="salat-hijri"), class_="salat-dates")
    top = h("div", h("p", _title(fmt, name), class_="salat-head"), clock, dates,
            h("p", class_="salat-countdown", data_template=fmt.labels.widget("countdown"),
              aria_live="polite"), class_="salat-top")
    lines = join([h("p", h("span", fmt.labels.widget("jumuah")), " ", h("span"),
                    class_="salat-line salat-jumuah", hidden=True),
                  h("p", h("span", fmt.labels.widget("tomorrow")), " ",
                    h("span", fmt.labels.prayer("fajr")), " ", h("span"),
                    class_="salat-line salat-tomorrow", hidden=True)])
    data = json.dumps([_day_json(fmt, d, s) for d, s in zip(days, starts)],
                      ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    body = join([top, h("div", h("table", h("caption", fmt.labels.widget("title"),
                                             class_="salat-sr"), head, h("tbody", *rows)),
                        lines, class_="salat-times"),
                 h("script", raw(data), type="application/json", class_="salat-days")])
    attrs = {**_day_data(fmt, day, False), "data_tz": tz, "data_salat_screen": "" if js else None,
             "data_zero": str(ord(fmt.zero)), "data_next_label": fmt.labels.widget("next"),
             "data_iqama_label": fmt.labels.widget("iqama"),
             "data_clock": "12" if fmt.twelve_hour else "24",
             "data_numbering": fmt.system, "data_counted": " ".join(_COUNTED)}
    return _root(fmt, "screen", classes, Html(body), css=css, js=js, nonce=nonce, data=attrs)
