"""``kind="chart"``: a year of prayer times as an SVG, with the numbers as a table.

One line per time (the local clock time of each date), months along the axis, the dates on
which the clocks change marked, every label localized; an accessible title and description,
and the times of the 1st and 15th of each month in a table under it.  Pure SVG in the page:
no script, no image request.
"""

from __future__ import annotations

import datetime
import hashlib

from .data import Month
from .formatting import Formatter
from .html import Html, h, join
from .render import Widget, _iso, _root, _title

__all__ = ["CHART_ROWS", "chart_html"]

#: The times drawn, in day order.
CHART_ROWS = ("fajr", "sunrise", "dhuhr", "asr", "maghrib", "isha")
_W, _H = 730, 300                  # the plot, in SVG units (2 per day)
_LEFT, _TOP, _BOTTOM = 72, 36, 60   # room for the hour labels and the months (Nastaliq: the
#                                     top hour label's ascent left the SVG with 16 on top)


def _minutes(when: datetime.datetime) -> int:
    return when.hour * 60 + when.minute


def _scale(lo: int, hi: int):
    return lambda m: round(_TOP + (m - lo) * _H / (hi - lo), 1)


def _path(xs: list[float], ys: list[float | None]) -> str:
    """An SVG path through the points, broken where a time does not occur; relative steps
    keep it small.
    """
    out, last = [], None
    for x, y in zip(xs, ys):
        if y is None:
            last = None
            continue
        if last is None:
            out.append(f"M{x:g},{y:g}")
        else:
            out.append(f"l{x - last[0]:g},{round(y - last[1], 1):g}")
        last = (x, y)
    return "".join(out)


def chart_html(fmt: Formatter, year: int, month: Month, *, name: str | None, classes: str,
               css: str, nonce: str | None) -> Widget:
    """The year's chart of ``month.days`` (every date of ``year``) and its table."""
    days = month.days
    names = [n for n in CHART_ROWS if n in days[0].times]
    values = [t for d in days for n in names if (t := d.times[n]) is not None]
    lo = (min(_minutes(t) for t in values) // 60) * 60
    hi = -(-max(_minutes(t) for t in values) // 60) * 60
    y = _scale(lo, hi)
    xs = [_LEFT + 2 * i for i in range(len(days))]
    grid = []
    # Hour lines far enough apart for the tallest script's labels (Nastaliq: 2.5 em)
    step = next(s for s in (60, 120, 180, 240, 360) if s * _H / (hi - lo) >= 42)
    for m in range(lo, hi + 1, step):
        at = datetime.datetime.combine(days[0].date, datetime.time(m // 60 % 24, 0))
        grid.append(h("line", x1=str(_LEFT), x2=str(_LEFT + 2 * len(days)), y1=str(y(m)),
                      y2=str(y(m)), class_="salat-grid"))
        grid.append(h("text", fmt.hour(at),
                      x=str(_LEFT - 6), y=str(y(m) + 5), class_="salat-hour"))
    for i, d in enumerate(days):
        if d.date.day == 1:
            grid.append(h("line", x1=str(xs[i]), x2=str(xs[i]), y1=str(_TOP),
                          y2=str(_TOP + _H), class_="salat-grid"))
            grid.append(h("text", fmt.skeleton("MMM", d.date), x=str(xs[i] + 30),
                          y=str(_TOP + _H + 46), class_="salat-month-label"))
    changes = []
    offsets = [next((t.utcoffset() for t in d.times.values() if t), None) for d in days]
    for i in range(1, len(days)):
        if offsets[i] is not None and offsets[i - 1] is not None and offsets[i] != offsets[i - 1]:
            label = f"{fmt.labels.widget('clock_change')}: {fmt.skeleton('MMMd', days[i].date)}"
            changes.append(h("line", h("title", label), x1=str(xs[i]), x2=str(xs[i]),
                             y1=str(_TOP), y2=str(_TOP + _H), class_="salat-dst",
                             data_date=days[i].date.isoformat()))
    lines = [h("path", h("title", fmt.labels.prayer(n)),
               d=_path(xs, [y(_minutes(t)) if (t := d.times[n]) else None for d in days]),
               class_=f"salat-line-{n}", data_prayer=n) for n in names]
    title = fmt.labels.widget("chart").format(year=fmt.digits(str(year)))
    if name:
        title = f"{title} \u2014 {name}"
    first = days[0]
    desc = ", ".join(f"{fmt.labels.prayer(n)} {fmt.time(first.times[n])}"
                     for n in names if first.times[n])
    key = hashlib.sha256(title.encode()).hexdigest()[:8]   # ids unique in a page of charts
    svg = h("svg", h("title", title, id=f"salat-t-{key}"),
            h("desc", f"{fmt.date(first.date)}: {desc}", id=f"salat-d-{key}"),
            *grid, *changes, *lines,
            viewBox=f"0 0 {_LEFT + 2 * len(days) + 8} {_TOP + _H + _BOTTOM}", role="img",
            aria_labelledby=f"salat-t-{key} salat-d-{key}", dir="ltr",
            xmlns="http://www.w3.org/2000/svg")
    legend = h("ul", *(h("li", h("span", class_=f"salat-key salat-key-{n}", aria_hidden="true"),
                             fmt.labels.prayer(n), data_prayer=n) for n in names),
               class_="salat-legend")
    sample = [d for d in days if d.date.day in (1, 15)]
    table = h("table", h("caption", title, class_="salat-sr"),
              h("thead", h("tr", h("th", fmt.labels.widget("date"), scope="col"),
                           *(h("th", fmt.labels.prayer(n), scope="col") for n in names))),
              h("tbody", *(h("tr", h("th", h("time", fmt.skeleton("MMMd", d.date),
                                            datetime=d.date.isoformat()), scope="row"),
                             *(h("td", h("time", fmt.short_time(t), datetime=_iso(t)) if
                                 (t := d.times[n]) else "\u2014") for n in names))
                           for d in sample)))
    head = h("p", _title(fmt, name), class_="salat-head")
    body = join([head, h("figure", Html(svg), h("figcaption", legend)),
                 h("details", h("summary", title), table)])
    return _root(fmt, "chart", classes, body, css=css, js=None, nonce=nonce,
                 data={"data_year": str(year)})
