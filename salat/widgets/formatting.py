"""Text for one locale: times and dates through Babel, Hijri dates, native digits, labels."""

from __future__ import annotations

import datetime

from babel import Locale
from babel.dates import format_date, format_interval, format_skeleton, format_time

from .. import hijri
from .digits import numbering_system, to_digits, zero_of
from .i18n import Labels, direction, language_tag, parse_locale
from salat.inputs import InputError

__all__ = ["Formatter"]

_CLOCKS = {None: None, 12: "hm", 24: "Hm"}


class Formatter:
    """Everything locale-dependent a widget prints, with the locale's digits applied.

    ``clock`` is ``None`` (the locale's own short time pattern), ``12`` or ``24``;
    ``digits`` is resolved by :func:`salat.widgets.digits.numbering_system`;
    ``labels`` overrides prayer names (e.g. ``{"dhuhr": "Zuhr"}``).
    """

    def __init__(self, locale: str | Locale = "en", *, digits: str = "default",
                 clock: int | None = None, labels: dict[str, str] | None = None,
                 hijri_offset: int = 0):
        self.locale = parse_locale(locale)
        self.lang = language_tag(self.locale)
        self.dir = direction(self.locale)
        self.system = numbering_system(self.locale, digits)
        self.zero = zero_of(self.system)
        if clock not in _CLOCKS:
            raise InputError(f"clock: got {clock!r}; allowed: None, 12 or 24")
        self._skeleton = _CLOCKS[clock]
        self.labels = Labels(self.locale, labels)
        self.hijri_offset = int(hijri_offset)

    def digits(self, text: str) -> str:
        """``text`` with the locale's digits."""
        return to_digits(text, self.system)

    def time(self, when: datetime.datetime) -> str:
        """A wall-clock time as the locale writes it (``5:42 م``, ``17:42``, ``5:42 PM``)."""
        if self._skeleton:
            text = format_skeleton(self._skeleton, when, locale=self.locale)
        else:
            text = format_time(when, "short", locale=self.locale)
        return self.digits(text)

    @property
    def twelve_hour(self) -> bool:
        """Whether times are written on a 12-hour clock (``clock=12``, or the locale's)."""
        if self._skeleton:
            return self._skeleton == "hm"
        pattern = self.locale.time_formats["short"].pattern
        return "h" in pattern or "K" in pattern

    def short_time(self, when: datetime.datetime) -> str:
        """A time without its day period (``5:42``, ``17:42``): for tables whose column
        already says which part of the day it is (a week, Ramadan, a mosque screen).
        """
        if self.twelve_hour:
            return self.digits(format_time(when, "h:mm", locale=self.locale))
        return self.digits(format_skeleton("Hm", when, locale=self.locale))

    def hour(self, when: datetime.datetime) -> str:
        """A whole hour as an axis label (``2 AM``, ``14``), on the widget's clock."""
        skeleton = "ha" if self.twelve_hour else "H"
        return self.digits(format_skeleton(skeleton, when, locale=self.locale))

    def date(self, day: datetime.date, form: str = "full") -> str:
        """A Gregorian date in one of Babel's named forms (``full``, ``long``, ...)."""
        return self.digits(format_date(day, form, locale=self.locale))

    def skeleton(self, skeleton: str, day: datetime.date) -> str:
        """A Gregorian date from a CLDR skeleton (``yMMMM``, ``Ed``, ...)."""
        return self.digits(format_skeleton(skeleton, day, locale=self.locale))

    def date_range(self, first: datetime.date, last: datetime.date,
                   skeleton: str = "yMMMd") -> str:
        """Two dates as the locale writes a range (``Mar 10 – 16, 2025``)."""
        return self.digits(format_interval(first, last, skeleton, locale=self.locale))

    def hijri(self, day: datetime.date) -> tuple[hijri.HijriDate, str, bool]:
        """The Hijri date of ``day`` (with the offset), its text and whether it is Umm al-Qura."""
        h = hijri.hijri_date(day, self.hijri_offset)
        text = self.labels.widget("hijri_date").format(
            day=h.day, month=self.labels.hijri_month(h.month), year=h.year,
            era=self.labels.widget("era"))
        return h, self.digits(text), hijri.is_umm_al_qura(day, self.hijri_offset)

    def hijri_months(self, first: datetime.date, last: datetime.date) -> str:
        """The Hijri month(s) spanned by a Gregorian range, e.g. ``Sha'ban – Ramadan 1446 AH``."""
        a = hijri.hijri_date(first, self.hijri_offset)
        b = hijri.hijri_date(last, self.hijri_offset)
        era = self.labels.widget("era")
        if (a.year, a.month) == (b.year, b.month):
            text = f"{self.labels.hijri_month(a.month)} {a.year} {era}"
        elif a.year == b.year:
            text = (f"{self.labels.hijri_month(a.month)} – "
                    f"{self.labels.hijri_month(b.month)} {b.year} {era}")
        else:
            text = (f"{self.labels.hijri_month(a.month)} {a.year} – "
                    f"{self.labels.hijri_month(b.month)} {b.year} {era}")
        return self.digits(text)
