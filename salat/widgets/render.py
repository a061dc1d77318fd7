"""HTML for the day widget, the strip, the picker and the month table.

Everything is built with :func:`salat.widgets.html.h`, which escapes every text that is not
already :class:`~salat.widgets.html.Html`: no escaping to remember here.
"""

from __future__ import annotations

import datetime
import hashlib
import re
from collections.abc import Iterator, Mapping

from . import assets
from .data import Day, Month
from .formatting import Formatter
from .html import Html, h, join, raw
from salat.inputs import InputError

__all__ = ["COLOR_KEYS", "THEMES", "Widget", "day_html", "month_html", "page_html",
           "picker_html", "strip_html", "theme_classes", "week_html"]

#: ``"page"`` (the default) follows the host page's ``color-scheme`` (light unless the
#: host declares otherwise), ``"auto"`` the reader's system, ``"light"``/``"dark"`` fixed.
THEMES = ("page", "auto", "light", "dark")
#: The roles of ``colors=`` and their custom properties, from the one palette.
COLOR_KEYS = {role: prop for role, (prop, _, _) in assets.PALETTE.items()}
#: The least change of an iqama (minutes) that gets a notice.
NOTICE_MINUTES = 5
# Hex, a colour keyword, or a CSS colour function of numbers: nothing that can end the rule.
_COLOR = re.compile(r"#[0-9a-fA-F]{3,8}|[a-zA-Z]{3,20}|"
                    r"(?:rgba?|hsla?|hwb|lab|lch|oklab|oklch)\([0-9a-z.,%/ +-]{1,60}\)")


class Widget(Html):
    """A rendered widget (markup) that knows its inline style and script, for the CSP.

    >>> w = widget(30.0, 31.2)          # doctest: +SKIP
    >>> w.csp("https://news.example")   # doctest: +SKIP
    """

    __slots__ = ("scripts", "styles")

    styles: tuple[str, ...]
    scripts: tuple[str, ...]

    def __new__(cls, markup: str, styles: tuple[str, ...] = (),
                scripts: tuple[str, ...] = ()) -> Widget:
        """Markup with the texts of its inline ``<style>`` and ``<script>`` elements."""
        self = super().__new__(cls, markup)
        self.styles, self.scripts = styles, scripts
        return self

    def csp(self, ancestors: str | None = None) -> str:
        """The Content-Security-Policy that allows exactly this widget's inline code
        (:func:`salat.widgets.assets.csp`), framed by ``ancestors`` if given.
        """
        return assets.csp(self.styles, self.scripts, ancestors)


def _iso(when: datetime.datetime) -> str:
    return when.replace(microsecond=0).isoformat()


def theme_classes(theme: str, transparent: bool,
                  colors: Mapping[str, str] | None) -> tuple[str, str]:
    """CSS classes for a theme, and the extra CSS rule for custom ``colors`` (or ``""``)."""
    if theme not in THEMES:
        raise InputError(f"theme: got {theme!r}; allowed: {', '.join(THEMES)}")
    classes = {"page": "", "auto": "salat-auto", "light": "salat-light",
               "dark": "salat-dark"}[theme]
    classes += " salat-transparent" if transparent else ""
    if not colors:
        return classes.strip(), ""
    decls = []
    for key, value in colors.items():
        if key not in COLOR_KEYS:
            raise InputError(f"colors: unknown key {key!r}; allowed: {', '.join(COLOR_KEYS)}")
        if not isinstance(value, str) or not _COLOR.fullmatch(value.strip()):
            raise InputError(f"colors[{key!r}]: {value!r} is not a CSS colour we accept "
                             "(#hex, a colour name or rgb()/hsl()/oklch() of numbers)")
        decls.append(f"{COLOR_KEYS[key]}:{value.strip()}")
    css = ";".join(decls)
    name = "salat-c" + hashlib.sha256(css.encode()).hexdigest()[:8]
    return f"{classes} {name}".strip(), f".{name}{{{css}}}"


def _time_cell(fmt: Formatter, when: datetime.datetime | None,
               after: Day | None, name: str, short: bool = False,
               iqama: bool = False) -> Html:
    """A ``<time>`` (or a dash for "does not occur"), with tomorrow's value for the script;
    ``short``: without the day period (:meth:`Formatter.short_time`); ``iqama``: the
    mosque's iqama of ``name`` (class ``salat-iqama``), which the script counts to.
    """
    extra = {}
    if after is not None:
        nxt = (after.iqama if iqama else after.times).get(name)
        extra = {"data_tomorrow": _iso(nxt) if nxt else "",
                 "data_tomorrow_text": fmt.time(nxt) if nxt else ""}
    if when is None:
        return h("span", "\u2014", h("span", " " + fmt.labels.widget("undefined"),
                                     class_="salat-sr"), class_="salat-undef", **extra)
    return h("time", fmt.short_time(when) if short else fmt.time(when),
             class_="salat-iqama" if iqama else None, datetime=_iso(when), **extra)


def _place(name: str) -> Html:
    """A caller's name, isolated (``dir="auto"``) so that it cannot reorder what follows."""
    return h("span", name, class_="salat-place", dir="auto")


def _title(fmt: Formatter, name: str | None, shown: bool = True) -> Html:
    """The place name (or "Prayer times"), visible or for screen readers only."""
    title = fmt.labels.widget("title")
    if not shown:
        return h("span", h("bdi", name) if name else title, " ", class_="salat-sr")
    if name:   # the title is for screen readers unless show_title= (class salat-titled)
        return join([h("span", title + " ", class_="salat-sr salat-title"), _place(name)])
    return h("span", title, class_="salat-place")


def _caption(fmt: Formatter, name: str | None, dates: Html, shown: bool = True) -> Html:
    return h("caption", _title(fmt, name, shown), dates)


def _hijri_span(fmt: Formatter, day: datetime.date, after: datetime.date | None) -> Html:
    hd, text, official = fmt.hijri(day)
    extra = {"data_tomorrow_text": fmt.hijri(after)[1]} if after else {}
    # Outside the Umm al-Qura table the date is tabular: flag it and mark it with "≈".
    return h("span", text if official else "\u2248\u00a0" + text, class_="salat-hijri",
             data_hijri=f"{hd.year:04d}-{hd.month:02d}-{hd.day:02d}",
             data_calendar=None if official else "tabular", **extra)


def _root(fmt: Formatter, kind: str, classes: str, body: Html, *, css: str, js: str | None,
          nonce: str | None, data: dict) -> Widget:
    style = h("style", raw(css), nonce=nonce) if css else None
    code = h("script", raw(js), nonce=nonce) if js else None
    cls = f"salat-w salat-{kind} {classes}".strip()
    markup = h("div", style, body, code, class_=cls, lang=fmt.lang, dir=fmt.dir, **data)
    return Widget(markup, (css,) if css else (), (js,) if js else ())


def _dates(fmt: Formatter, day: Day, after: Day | None, form: str) -> Html:
    """The Gregorian and Hijri dates, with the next date's text for the script's roll-over."""
    text = (lambda d: fmt.date(d)) if form == "full" else (lambda d: fmt.skeleton(form, d))
    extra = ({"data_tomorrow": after.date.isoformat(), "data_tomorrow_text": text(after.date)}
             if after else {})
    greg = h("time", text(day.date), class_="salat-greg", datetime=day.date.isoformat(),
             **extra)
    return h("span", greg, " ", _hijri_span(fmt, day.date, after.date if after else None),
             class_="salat-dates")


def _countdown(fmt: Formatter) -> Html:
    return h("p", class_="salat-countdown", data_template=fmt.labels.widget("countdown"),
             hidden=True)


def _live_data(fmt: Formatter) -> dict:
    """What the script needs on the root: the locale's zero digit and the "Next" word."""
    return {"data_zero": str(ord(fmt.zero)), "data_next_label": fmt.labels.widget("next")}


def _day_data(fmt: Formatter, day: Day, live: bool) -> dict:
    """The root's data attributes for one day (and the script's, when ``live``)."""
    return {"data_date": day.date.isoformat(),
            **({"data_salat_live": "", **_live_data(fmt)} if live else {})}


def _entries(fmt: Formatter, day: Day, next_name: str | None,
             after: Day | None) -> Iterator[tuple[dict, Html, Html]]:
    """Per time shown: its row attributes, its name (with the "Next" tag if it is the next
    prayer) and its value, as HTML.
    """
    label = fmt.labels.widget("next")
    for key, when in day.times.items():
        current = key == next_name
        tag = h("span", " " + label, class_="salat-tag") if current else None
        yield ({"data_prayer": key, "aria_current": "true" if current else None},
               join([fmt.labels.prayer(key), tag]), _time_cell(fmt, when, after, key))


def _iqama(fmt: Formatter, day: Day, after: Day | None, key: str,
           short: bool = False) -> Html | None:
    """The iqama of ``key`` at the mosque, or ``None`` where it has none."""
    if key not in day.iqama:
        return None
    return _time_cell(fmt, day.iqama[key], after, key, short=short, iqama=True)


def _mosque_lines(fmt: Formatter, day: Day, after: Day | None) -> Html:
    """Below a mosque's times: Taraweeh tonight, the coming Jumu'ah, and a notice for
    each iqama that changes in the next days ("From Fri, 7 Mar: Asr 3:30 PM").
    """
    lines = []
    if "taraweeh" in day.iqama:
        lines.append(h("p", h("span", fmt.labels.widget("taraweeh")), " ",
                       _time_cell(fmt, day.iqama["taraweeh"], None, "taraweeh"),
                       class_="salat-line salat-taraweeh"))
    if day.jumuah:
        friday = day.jumuah[0].date()
        when = [] if friday == day.date else [h("span", fmt.skeleton("MMMEd", friday)), " "]
        times = join([h("time", fmt.time(j), datetime=_iso(j)) for j in day.jumuah], ", ")
        lines.append(h("p", h("span", fmt.labels.widget("jumuah")), " ", *when, times,
                       class_="salat-line salat-jumuah"))
    seen = set()
    for prayer, date, time in day.changes:
        # One notice a prayer, for a change a congregation must know of: a published
        # table's daily drift of a minute or two is not one.
        now = day.iqama.get(prayer)
        drift = (abs((time.hour * 60 + time.minute) - (now.hour * 60 + now.minute))
                 if now else 60)
        if prayer in seen or drift < NOTICE_MINUTES or len(seen) == 3:
            continue
        seen.add(prayer)
        text = fmt.labels.widget("change").split("{")
        parts = {"date": h("time", fmt.skeleton("MMMEd", date), datetime=date.isoformat()),
                 "prayer": h("strong", fmt.labels.prayer(prayer)),
                 "time": h("time", fmt.time(time), datetime=_iso(time))}
        out = [text[0]]
        for piece in text[1:]:
            key, _, rest = piece.partition("}")
            out += [parts[key], rest]
        lines.append(h("p", *out, class_="salat-note", data_change=prayer))
    return join(lines)


def _day_table(fmt: Formatter, day: Day, *, name: str | None, next_name: str | None,
               live: bool, title: bool = True) -> Html:
    """One day's table (with the iqama column at a mosque), the mosque's lines and the
    countdown line when ``live``.
    """
    after = day.tomorrow if live else None
    mosque = bool(day.iqama)
    rows = [h("tr", h("th", label, scope="row"), h("td", value),
              h("td", _iqama(fmt, day, after, row["data_prayer"])) if mosque else None, **row)
            for row, label, value in _entries(fmt, day, next_name, after)]
    if mosque:   # the columns need their names: adhan and iqama
        head = h("thead", h("tr", h("th", fmt.labels.widget("prayer"), scope="col"),
                            h("th", fmt.labels.widget("adhan"), scope="col"),
                            h("th", fmt.labels.widget("iqama"), scope="col")))
    else:
        head = h("thead", h("tr", h("th", fmt.labels.widget("prayer"), scope="col"),
                            h("th", fmt.labels.widget("time"), scope="col")), class_="salat-sr")
    caption = _caption(fmt, name, _dates(fmt, day, after, "full"), title)
    return join([h("table", caption, head, h("tbody", *rows)), _mosque_lines(fmt, day, after),
                 _countdown(fmt) if live else None])


def day_html(fmt: Formatter, day: Day, *, name: str | None, next_name: str | None,
             classes: str, css: str, js: str | None, nonce: str | None) -> Widget:
    """The day widget: caption with place and dates, one row per time, optional script.

    With the script, every shown value also carries the next date's value
    (``data-tomorrow``, ``data-tomorrow-text``) for the roll-over after Isha.
    """
    body = _day_table(fmt, day, name=name, next_name=next_name, live=bool(js))
    return _root(fmt, "day", classes, body, css=css, js=js, nonce=nonce,
                 data=_day_data(fmt, day, bool(js)))


def strip_html(fmt: Formatter, day: Day, *, name: str | None, next_name: str | None,
               classes: str, css: str, js: str | None, nonce: str | None) -> Widget:
    """The one-line strip: place, short date, then one item per time (wrapping between items)."""
    after = day.tomorrow if js else None
    items = [h("li", h("span", label, class_="salat-name"), " ", value,
               _iqama(fmt, day, after, row["data_prayer"]), **row)
             for row, label, value in _entries(fmt, day, next_name, after)]
    # The countdown sits in the heading, beside the place: the whole strip is one line
    # from about 768 px.
    head = h("div", _title(fmt, name), " ", _dates(fmt, day, after, "MMMEd"),
             _countdown(fmt) if js else None, class_="salat-head")
    body = join([head, h("ul", *items, aria_label=fmt.labels.widget("title"))])
    return _root(fmt, "strip", classes, body, css=css, js=js, nonce=nonce,
                 data=_day_data(fmt, day, bool(js)))


def picker_html(fmt: Formatter, panels: list[tuple[str, Day, str | None]], *,
                name: str | None, classes: str, css: str, js: str | None,
                nonce: str | None) -> Widget:
    """A city picker: a ``<select>`` (shown by the script) and one ``<details>`` per city.

    Without the script the first city is open and the others can be opened; with it,
    only the chosen city is shown and the choice is kept in ``localStorage`` under a
    key derived from the list of names.
    """
    options = [h("option", city, value=str(i), dir="auto")
               for i, (city, _, _) in enumerate(panels)]
    head = h("p", _title(fmt, name), class_="salat-head") if name else None
    pick = (h("label", h("span", fmt.labels.widget("city")), " ", h("select", *options),
              class_="salat-pick", hidden=True) if js else None)
    parts = [h("details", h("summary", h("bdi", city)),
               _day_table(fmt, day, name=city, next_name=next_name, live=bool(js), title=False),
               open="" if i == 0 else None, data_salat_live="" if js else None)
             for i, (city, day, next_name) in enumerate(panels)]
    key = hashlib.sha256("\n".join(n for n, _, _ in panels).encode()).hexdigest()[:12]
    data = {"data_places": key, **(_live_data(fmt) if js else {})}
    return _root(fmt, "picker", classes, join([head, pick, *parts]), css=css, js=js,
                 nonce=nonce, data=data)


def month_html(fmt: Formatter, month: Month, *, name: str | None, today: datetime.date | None,
               classes: str, css: str, nonce: str | None) -> Widget:
    """The month table: one row per date (weekday and day, Hijri day), one column per time."""
    first, last = month.days[0].date, month.days[-1].date
    span = first.isoformat()[:7]
    dates = h("span", h("time", fmt.skeleton("yMMMM", first), class_="salat-greg",
                        datetime=span),
              " ", h("span", fmt.hijri_months(first, last), class_="salat-hijri"),
              class_="salat-dates")
    names = list(month.days[0].times)
    labels = {n: fmt.labels.prayer(n) for n in names}  # shown over each time on narrow widths
    head = h("thead", h("tr", h("th", fmt.labels.widget("date"), scope="col"),
                        h("th", fmt.labels.widget("hijri"), scope="col"),
                        *(h("th", labels[n], scope="col", data_prayer=n) for n in names)))
    rows = []
    for i, day in enumerate(month.days):
        hd, _, official = fmt.hijri(day.date)
        hijri = str(hd.day) if hd.day != 1 and i else f"{hd.day} {fmt.labels.hijri_month(hd.month)}"
        hijri = fmt.digits(hijri if official else "\u2248" + hijri)
        cells = [h("td", _time_cell(fmt, day.times[n], None, n), _iqama(fmt, day, None, n),
                   data_prayer=n, data_label=labels[n]) for n in names]
        rows.append(h("tr", h("th", h("time", fmt.skeleton("Ed", day.date),
                                      datetime=day.date.isoformat()), scope="row"),
                      h("td", hijri, class_="salat-hijri-day"), *cells,
                      aria_current="date" if day.date == today else None))
    body = h("table", _caption(fmt, name, dates), head, h("tbody", *rows))
    return _root(fmt, "month", classes, body, css=css, js=None, nonce=nonce,
                 data={"data_month": span})


def week_html(fmt: Formatter, month: Month, *, name: str | None, today: datetime.date | None,
              classes: str, css: str, nonce: str | None) -> Widget:
    """Today and the next days, for a sidebar: one row per date (weekday and day over the
    Hijri day of the month), one column per time, times without their day period (the
    column says it).
    """
    first, last = month.days[0].date, month.days[-1].date
    dates = h("span", h("span", fmt.date_range(first, last), class_="salat-greg"),
              " ", h("span", fmt.hijri_months(first, last), class_="salat-hijri"),
              class_="salat-dates")
    names = list(month.days[0].times)
    head = h("thead", h("tr", h("th", fmt.labels.widget("date"), scope="col"),
                        *(h("th", fmt.labels.prayer(n), scope="col", data_prayer=n)
                          for n in names)))
    rows = []
    for day in month.days:
        hd, _, official = fmt.hijri(day.date)
        # The day only (the caption names the month or months): the column stays narrow.
        hijri = fmt.digits(str(hd.day))
        cells = [h("td", _time_cell(fmt, day.times[n], None, n, short=True),
                   _iqama(fmt, day, None, n, short=True), data_prayer=n) for n in names]
        rows.append(h("tr", h("th", h("time", fmt.skeleton("Ed", day.date),
                                      datetime=day.date.isoformat()),
                              h("span", hijri if official else "\u2248" + hijri,
                                class_="salat-hijri-day"), scope="row"),
                      *cells, aria_current="date" if day.date == today else None))
    body = h("table", _caption(fmt, name, dates), head, h("tbody", *rows))
    return _root(fmt, "week", classes, body, css=css, js=None, nonce=nonce,
                 data={"data_first": first.isoformat(), "data_days": str(len(month.days))})


def page_html(fmt: Formatter, fragment: Widget, *, title: str, scheme: str = "light") -> Widget:
    """A standalone page around ``fragment`` with a strict Content-Security-Policy (by hashes).

    ``scheme`` is the page's ``color-scheme`` (``light``; ``light dark`` for theme="auto").
    """
    policy = fragment.csp()
    head = join([h("meta", charset="utf-8"),
                 h("meta", name="viewport", content="width=device-width, initial-scale=1"),
                 h("meta", name="color-scheme", content=scheme),
                 h("meta", http_equiv="Content-Security-Policy", content=policy),
                 h("title", title)])
    markup = ("<!DOCTYPE html>\n"
              + h("html", h("head", head), h("body", h("main", fragment)), lang=fmt.lang,
                  dir=fmt.dir) + "\n")
    return Widget(markup, fragment.styles, fragment.scripts)

