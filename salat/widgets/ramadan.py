"""``kind="ramadan"``: the imsakiyah, a Ramadan timetable on one A4 page.

One row per day of the Hijri month (with the caller's ``hijri_offset``): the day of Ramadan,
the weekday, the Gregorian date, then Imsak, Fajr, Sunrise, Dhuhr, Asr, Maghrib (iftar) and
Isha, and at a mosque the iqama under each and Taraweeh where set.
"""

from __future__ import annotations

import datetime

import numpy as np

from salat.hijri import hijri_months
from salat.inputs import InputError

from .data import Month
from .formatting import Formatter
from .html import h
from .render import Widget, _caption, _iqama, _root, _time_cell

__all__ = ["RAMADAN", "RAMADAN_ROWS", "hijri_month_dates", "ramadan_html"]

#: The Hijri month of Ramadan.
RAMADAN = 9
#: The times of an imsakiyah, in day order.
RAMADAN_ROWS = ("imsak", "fajr", "sunrise", "dhuhr", "asr", "maghrib", "isha")
_EPOCH = datetime.date(622, 7, 16)       # 1 Muharram 1 AH (tabular), for a first guess
_YEAR = 354.367                          # mean days of a Hijri year


def hijri_month_dates(year: int, month: int = RAMADAN,
                      offset: int = 0) -> tuple[datetime.date, datetime.date]:
    """The first and last Gregorian dates of Hijri ``month`` of ``year`` (Umm al-Qura
    inside its table, tabular outside), with the local ``offset`` in days.

    Raises
    ------
    InputError
        For a year outside 1..9665 or a month outside 1..12.
    """
    if isinstance(year, bool) or not isinstance(year, (int, np.integer)) or not 1 <= year <= 9665:
        raise InputError(f"year: got {year!r}; allowed: a Hijri year 1..9665, e.g. 1448")
    if not 1 <= month <= 12:
        raise InputError(f"month: got {month!r}; allowed: 1..12")
    guess = _EPOCH + datetime.timedelta(days=int((year - 1) * _YEAR + (month - 1) * 29.53))
    start = np.datetime64(guess) - 40
    dates = np.arange(start, start + 100)
    years, months = hijri_months(dates, offset)
    found = dates[(years == year) & (months == month)]
    if not len(found):
        raise InputError(f"year: got {year!r}; no Gregorian date for month {month} found")
    return found[0].item(), found[-1].item()


def ramadan_html(fmt: Formatter, month: Month, *, name: str | None,
                 today: datetime.date | None, classes: str, css: str,
                 nonce: str | None) -> Widget:
    """The imsakiyah table: day, weekday, date, then one column per time."""
    days = month.days
    first, last = days[0].date, days[-1].date
    hd = fmt.hijri(first)[0]
    dates = h("span", h("span", f"{fmt.labels.hijri_month(RAMADAN)} "
                        f"{fmt.digits(str(hd.year))} {fmt.labels.widget('era')}",
                        class_="salat-hijri"), " ",
              h("span", fmt.date_range(first, last), class_="salat-greg"),
              class_="salat-dates")
    names = list(days[0].times)
    taraweeh = any("taraweeh" in d.iqama for d in days)
    label = {n: fmt.labels.prayer(n) for n in names}
    if "maghrib" in label:
        label["maghrib"] = f"{label['maghrib']} \u00b7 {fmt.labels.widget('iftar')}"
    head = h("thead", h("tr", h("th", fmt.labels.widget("day"), scope="col"),
                        h("th", fmt.labels.widget("date"), scope="col", colspan="2"),
                        *(h("th", label[n], scope="col", data_prayer=n) for n in names),
                        h("th", fmt.labels.widget("taraweeh"), scope="col") if taraweeh
                        else None))
    rows = []
    for day in days:
        number = fmt.digits(str(fmt.hijri(day.date)[0].day))
        cells = [h("td", _time_cell(fmt, day.times[n], None, n, short=True),
                   _iqama(fmt, day, None, n, short=True), data_prayer=n,
                   data_label=fmt.labels.prayer(n)) for n in names]
        if taraweeh:
            cells.append(h("td", _iqama(fmt, day, None, "taraweeh", short=True),
                           data_label=fmt.labels.widget("taraweeh")))
        rows.append(h("tr", h("th", number, scope="row"),
                      h("td", fmt.skeleton("EEE", day.date), class_="salat-weekday"),
                      h("td", h("time", fmt.skeleton("MMMd", day.date),
                                datetime=day.date.isoformat()), class_="salat-gdate"),
                      *cells, aria_current="date" if day.date == today else None,
                      data_weekday=str(day.date.isoweekday())))
    body = h("table", _caption(fmt, name, dates), head, h("tbody", *rows))
    return _root(fmt, "ramadan", classes, body, css=css, js=None, nonce=nonce,
                 data={"data_hijri_year": str(hd.year), "data_first": first.isoformat()})
