"""HTML for the day widget and the month table.  All text and attributes are escaped here."""

from __future__ import annotations

import datetime
import hashlib
import re
from html import escape
from collections.abc import Iterator, Mapping

from . import assets
from .data import Day, Month
from .formatting import Formatter
from salat.inputs import InputError

__all__ = ["THEMES", "day_html", "month_html", "page_html", "picker_html", "strip_html",
           "theme_classes"]

THEMES = ("auto", "light", "dark")
_COLOR_KEYS = {"background": "--salat-bg", "text": "--salat-fg", "accent": "--salat-accent",
               "border": "--salat-border"}
# Hex, a colour keyword, or a CSS colour function of numbers: nothing that can end the rule.
_COLOR = re.compile(r"#[0-9a-fA-F]{3,8}|[a-zA-Z]{3,20}|"
                    r"(?:rgba?|hsla?|hwb|lab|lch|oklab|oklch)\([0-9a-z.,%/ +-]{1,60}\)")


def _attrs(**values: str | None) -> str:
    """`` name="value"`` pairs (escaped); ``None`` values are left out; ``_`` becomes ``-``."""
    return "".join(f' {k.rstrip("_").replace("_", "-")}="{escape(v)}"'
                   for k, v in values.items() if v is not None)


def _iso(when: datetime.datetime) -> str:
    return when.replace(microsecond=0).isoformat()


def theme_classes(theme: str, transparent: bool,
                  colors: Mapping[str, str] | None) -> tuple[str, str]:
    """CSS classes for a theme, and the extra CSS rule for custom ``colors`` (or ``""``)."""
    if theme not in THEMES:
        raise InputError(f"theme: got {theme!r}; allowed: {', '.join(THEMES)}")
    classes = {"auto": "salat-auto", "light": "", "dark": "salat-dark"}[theme]
    classes += " salat-transparent" if transparent else ""
    if not colors:
        return classes.strip(), ""
    decls = []
    for key, value in colors.items():
        if key not in _COLOR_KEYS:
            raise InputError(f"colors: unknown key {key!r}; allowed: {', '.join(_COLOR_KEYS)}")
        if not isinstance(value, str) or not _COLOR.fullmatch(value.strip()):
            raise InputError(f"colors[{key!r}]: {value!r} is not a CSS colour we accept "
                             "(#hex, a colour name or rgb()/hsl()/oklch() of numbers)")
        decls.append(f"{_COLOR_KEYS[key]}:{value.strip()}")
    css = ";".join(decls)
    name = "salat-c" + hashlib.sha256(css.encode()).hexdigest()[:8]
    return f"{classes} {name}".strip(), f".{name}{{{css}}}"


def _time_cell(f: Formatter, when: datetime.datetime | None,
               after: Day | None, name: str) -> str:
    """A ``<time>`` (or a dash for "does not occur"), with tomorrow's value for the script."""
    extra = {}
    if after is not None:
        nxt = after.times.get(name)
        extra = {"data_tomorrow": _iso(nxt) if nxt else "",
                 "data_tomorrow_text": f.time(nxt) if nxt else ""}
    if when is None:
        label = escape(f.labels.widget("undefined"))
        return (f'<span{_attrs(class_="salat-undef", **extra)}>\u2014'
                f'<span class="salat-sr"> {label}</span></span>')
    return f"<time{_attrs(datetime=_iso(when), **extra)}>{escape(f.time(when))}</time>"


def _title(f: Formatter, name: str | None, shown: bool = True) -> str:
    """The place name (or "Prayer times"), visible or for screen readers only."""
    title = escape(f.labels.widget("title"))
    if not shown:
        return f'<span class="salat-sr">{escape(name) if name else title} </span>'
    if name:
        return f'<span class="salat-sr">{title} </span><span class="salat-place">{escape(name)}</span>'
    return f'<span class="salat-place">{title}</span>'


def _caption(f: Formatter, name: str | None, dates: str, shown: bool = True) -> str:
    return f"<caption>{_title(f, name, shown)}{dates}</caption>"


def _hijri_span(f: Formatter, day: datetime.date, after: datetime.date | None) -> str:
    h, text, official = f.hijri(day)
    extra = {"data_tomorrow_text": f.hijri(after)[1]} if after else {}
    # Outside the Umm al-Qura table the date is tabular: flag it and mark it with "≈".
    calendar = None if official else "tabular"
    shown = text if official else "\u2248\u00a0" + text
    attrs = _attrs(class_="salat-hijri", data_hijri=f"{h.year:04d}-{h.month:02d}-{h.day:02d}",
                   data_calendar=calendar, **extra)
    return f"<span{attrs}>{escape(shown)}</span>"


def _root(f: Formatter, kind: str, classes: str, body: str, *, css: str, js: str | None,
          nonce: str | None, data: dict) -> str:
    style = f"<style{_attrs(nonce=nonce)}>{css}</style>" if css else ""
    script = f"<script{_attrs(nonce=nonce)}>{js}</script>" if js else ""
    cls = f"salat-w salat-{kind} {classes}".strip()
    return (f'<div{_attrs(class_=cls, lang=f.lang, dir=f.dir, **data)}>'
            f"{style}{body}{script}</div>")


def _dates(f: Formatter, day: Day, after: Day | None, form: str) -> str:
    """The Gregorian and Hijri dates, with the next date's text for the script's roll-over."""
    text = (lambda d: f.date(d)) if form == "full" else (lambda d: f.skeleton(form, d))
    extra = ({"data_tomorrow": after.date.isoformat(), "data_tomorrow_text": text(after.date)}
             if after else {})
    greg = _attrs(class_="salat-greg", datetime=day.date.isoformat(), **extra)
    return (f'<span class="salat-dates"><time{greg}>{escape(text(day.date))}</time> '
            f"{_hijri_span(f, day.date, after.date if after else None)}</span>")


def _countdown(f: Formatter) -> str:
    return (f'<p{_attrs(class_="salat-countdown", data_template=f.labels.widget("countdown"))}'
            " hidden></p>")


def _live_data(f: Formatter) -> dict:
    """What the script needs on the root: the locale's zero digit and the "Next" word."""
    return {"data_zero": str(ord(f.zero)), "data_next_label": f.labels.widget("next")}


def _day_data(f: Formatter, day: Day, live: bool) -> dict:
    """The root's data attributes for one day (and the script's, when ``live``)."""
    return {"data_date": day.date.isoformat(), **({"data_salat_live": "", **_live_data(f)} if live else {})}


def _entries(f: Formatter, day: Day, next_name: str | None,
             after: Day | None) -> Iterator[tuple[str, str, str]]:
    """Per time shown: its row attributes, its name (with the "Next" tag if it is the next
    prayer) and its value, as HTML.
    """
    label = escape(f.labels.widget("next"))
    for key, when in day.times.items():
        current = key == next_name
        tag = f'<span class="salat-tag"> {label}</span>' if current else ""
        yield (_attrs(data_prayer=key, aria_current="true" if current else None),
               escape(f.labels.prayer(key)) + tag, _time_cell(f, when, after, key))


def _day_table(f: Formatter, day: Day, *, name: str | None, next_name: str | None,
               live: bool, title: bool = True) -> str:
    """One day's table (and the countdown line when ``live``)."""
    after = day.tomorrow if live else None
    rows = [f'<tr{attrs}><th scope="row">{label}</th><td>{value}</td></tr>'
            for attrs, label, value in _entries(f, day, next_name, after)]
    head = (f'<thead class="salat-sr"><tr><th scope="col">{escape(f.labels.widget("prayer"))}</th>'
            f'<th scope="col">{escape(f.labels.widget("time"))}</th></tr></thead>')
    caption = _caption(f, name, _dates(f, day, after, "full"), title)
    body = f'<table>{caption}{head}<tbody>{"".join(rows)}</tbody></table>'
    return body + (_countdown(f) if live else "")


def day_html(f: Formatter, day: Day, *, name: str | None, next_name: str | None,
             classes: str, css: str, js: str | None, nonce: str | None) -> str:
    """The day widget: caption with place and dates, one row per time, optional script.

    With the script, every shown value also carries the next date's value
    (``data-tomorrow``, ``data-tomorrow-text``) for the roll-over after Isha.
    """
    body = _day_table(f, day, name=name, next_name=next_name, live=bool(js))
    return _root(f, "day", classes, body, css=css, js=js, nonce=nonce, data=_day_data(f, day, bool(js)))


def strip_html(f: Formatter, day: Day, *, name: str | None, next_name: str | None,
               classes: str, css: str, js: str | None, nonce: str | None) -> str:
    """The one-line strip: place, short date, then one item per time (wrapping between items)."""
    after = day.tomorrow if js else None
    items = [f'<li{attrs}><span class="salat-name">{label}</span> {value}</li>'
             for attrs, label, value in _entries(f, day, next_name, after)]
    head = f'<p class="salat-head">{_title(f, name)} {_dates(f, day, after, "MMMEd")}</p>'
    body = (f'{head}<ul{_attrs(aria_label=f.labels.widget("title"))}>{"".join(items)}</ul>'
            + (_countdown(f) if js else ""))
    return _root(f, "strip", classes, body, css=css, js=js, nonce=nonce, data=_day_data(f, day, bool(js)))


def picker_html(f: Formatter, panels: list[tuple[str, Day, str | None]], *,
                name: str | None, classes: str, css: str, js: str | None,
                nonce: str | None) -> str:
    """A city picker: a ``<select>`` (shown by the script) and one ``<details>`` per city.

    Without the script the first city is open and the others can be opened; with it,
    only the chosen city is shown and the choice is kept in ``localStorage`` under a
    key derived from the list of names.
    """
    label = escape(f.labels.widget("city"))
    options = "".join(f'<option value="{i}">{escape(n)}</option>' for i, (n, _, _) in enumerate(panels))
    head = (f'<p class="salat-head">{_title(f, name)}</p>' if name else "")
    pick = (f'<label class="salat-pick" hidden><span>{label}</span> <select>{options}</select></label>'
            if js else "")
    parts = []
    for i, (city, day, next_name) in enumerate(panels):
        table = _day_table(f, day, name=city, next_name=next_name, live=bool(js), title=False)
        parts.append(f'<details{_attrs(open="" if i == 0 else None, data_salat_live="" if js else None)}>'
                     f'<summary>{escape(city)}</summary>{table}</details>')
    key = hashlib.sha256("\n".join(n for n, _, _ in panels).encode()).hexdigest()[:12]
    data = {"data_places": key, **(_live_data(f) if js else {})}
    return _root(f, "picker", classes, head + pick + "".join(parts), css=css, js=js, nonce=nonce,
                 data=data)


def month_html(f: Formatter, month: Month, *, name: str | None, today: datetime.date | None,
               classes: str, css: str, nonce: str | None) -> str:
    """The month table: one row per date (weekday and day, Hijri day), one column per time."""
    first, last = month.days[0].date, month.days[-1].date
    span = f"{first.isoformat()[:7]}"
    dates = (f'<span class="salat-dates"><time{_attrs(class_="salat-greg", datetime=span)}>'
             f'{escape(f.skeleton("yMMMM", first))}</time> '
             f'<span class="salat-hijri">{escape(f.hijri_months(first, last))}</span></span>')
    names = list(month.days[0].times)
    labels = {n: f.labels.prayer(n) for n in names}  # shown over each time on narrow widths
    head = "".join(f'<th scope="col"{_attrs(data_prayer=n)}>{escape(f.labels.prayer(n))}</th>'
                   for n in names)
    head = (f'<thead><tr><th scope="col">{escape(f.labels.widget("date"))}</th>'
            f'<th scope="col">{escape(f.labels.widget("hijri"))}</th>{head}</tr></thead>')
    rows = []
    for i, day in enumerate(month.days):
        h, _, official = f.hijri(day.date)
        hijri = str(h.day) if h.day != 1 and i else f"{h.day} {f.labels.hijri_month(h.month)}"
        hijri = f.digits(hijri if official else "\u2248" + hijri)
        cells = "".join(f"<td{_attrs(data_prayer=n, data_label=labels[n])}>"
                        f"{_time_cell(f, day.times[n], None, n)}</td>" for n in names)
        current = "date" if day.date == today else None
        rows.append(f'<tr{_attrs(aria_current=current)}><th scope="row">'
                    f'<time datetime="{day.date.isoformat()}">{escape(f.skeleton("Ed", day.date))}</time></th>'
                    f'<td class="salat-hijri-day">{escape(hijri)}</td>{cells}</tr>')
    body = f'<table>{_caption(f, name, dates)}{head}<tbody>{"".join(rows)}</tbody></table>'
    return _root(f, "month", classes, body, css=css, js=None, nonce=nonce,
                 data={"data_month": span})


def page_html(f: Formatter, fragment: str, *, title: str, css: str, js: str | None) -> str:
    """A standalone page around ``fragment`` with a strict Content-Security-Policy (by hashes)."""
    none = "'none'"
    policy = (f"default-src {none}; style-src {assets.csp_hash(css) if css else none}; "
              f"script-src {assets.csp_hash(js) if js else none}; base-uri {none}; form-action {none}")
    return ("<!DOCTYPE html>\n"
            f'<html{_attrs(lang=f.lang, dir=f.dir)}><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            '<meta name="color-scheme" content="light dark">'
            f'<meta http-equiv="Content-Security-Policy"{_attrs(content=policy)}>'
            f"<title>{escape(title)}</title></head><body><main>{fragment}</main></body></html>\n")
