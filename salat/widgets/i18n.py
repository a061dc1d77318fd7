"""Locales, text direction and the project's gettext catalogs (domain ``salat``).

Catalogs live in ``salat/widgets/locale/<lang>/LC_MESSAGES/salat.po`` with the compiled
``.mo`` beside them (both committed, both shipped).  Every label has a message context:
``prayer`` for the times, ``hijri month`` for the months, ``widget`` for the rest.
To refresh after changing a label in the code::

    pybabel extract -F babel.cfg -k N_:1c,2 -k pgettext:1c,2 -o /tmp/salat.pot salat/widgets
    pybabel update -i /tmp/salat.pot -d salat/widgets/locale -D salat
    pybabel compile -d salat/widgets/locale -D salat --statistics
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

from babel import Locale, UnknownLocaleError
from babel.support import NullTranslations, Translations
from salat.inputs import InputError

__all__ = ["CATALOG_LOCALES", "Labels", "direction", "parse_locale"]

DOMAIN = "salat"
#: Languages with a reviewed catalog shipped in the package.
CATALOG_LOCALES = ("ar", "bn", "de", "en", "es", "fa", "fr", "id", "ms", "nl", "ru", "tr", "ur")


def N_(context: str, message: str) -> tuple[str, str]:
    """Mark a (context, message) pair for extraction; translated later by :class:`Labels`."""
    return context, message


PRAYER_LABELS: dict[str, tuple[str, str]] = {
    "imsak": N_("prayer", "Imsak"),
    "fajr": N_("prayer", "Fajr"),
    "sunrise": N_("prayer", "Sunrise"),
    "dhuhr": N_("prayer", "Dhuhr"),
    "asr": N_("prayer", "Asr"),
    "sunset": N_("prayer", "Sunset"),
    "maghrib": N_("prayer", "Maghrib"),
    "isha": N_("prayer", "Isha"),
    "midnight": N_("prayer", "Midnight"),
    "last_third": N_("prayer", "Last third of the night"),
}

# Message ids equal salat.hijri.MONTH_NAMES (a test checks it); spelled out for extraction.
HIJRI_MONTH_LABELS: tuple[tuple[str, str], ...] = (
    N_("hijri month", "Muharram"), N_("hijri month", "Safar"),
    N_("hijri month", "Rabi al-Awwal"), N_("hijri month", "Rabi al-Thani"),
    N_("hijri month", "Jumada al-Ula"), N_("hijri month", "Jumada al-Akhirah"),
    N_("hijri month", "Rajab"), N_("hijri month", "Shaban"),
    N_("hijri month", "Ramadan"), N_("hijri month", "Shawwal"),
    N_("hijri month", "Dhu al-Qadah"), N_("hijri month", "Dhu al-Hijjah"),
)

WIDGET_LABELS: dict[str, tuple[str, str]] = {
    "title": N_("widget", "Prayer times"),
    "prayer": N_("widget", "Prayer"),
    "time": N_("widget", "Time"),
    "date": N_("widget", "Date"),
    "hijri": N_("widget", "Hijri"),
    "next": N_("widget", "Next"),
    # {prayer} and {countdown} are filled in by the widget script.
    "countdown": N_("widget", "{prayer} in {countdown}"),
    "era": N_("widget", "AH"),
    # Word order of a Hijri date; {era} is the translation of "AH".
    "hijri_date": N_("widget", "{day} {month} {year} {era}"),
    "undefined": N_("widget", "Not defined"),
    # The label of the city picker's <select>.
    "city": N_("widget", "City"),
    # A mosque's times: the call to prayer and the start of the congregation.
    "adhan": N_("widget", "Adhan"),
    "iqama": N_("widget", "Iqama"),
    "jumuah": N_("widget", "Jumu'ah"),
    "taraweeh": N_("widget", "Taraweeh"),
    # A notice of an iqama that changes soon: {date} a weekday and date, {time} a time.
    "change": N_("widget", "From {date}: {prayer} {time}"),
    "tomorrow": N_("widget", "Tomorrow"),
    # The column of the day of Ramadan (1 to 30) in a Ramadan timetable.
    "day": N_("widget", "Day"),
    # Maghrib in a Ramadan timetable: the time to break the fast.
    "iftar": N_("widget", "Iftar"),
    # The title of a year's chart of the prayer times; {year} is a year.
    "chart": N_("widget", "Prayer times in {year}"),
    # A date on which the clocks change (daylight saving time), marked on the chart.
    "clock_change": N_("widget", "Clock change"),
}


def parse_locale(locale: str | Locale) -> Locale:
    """A Babel :class:`~babel.Locale` from ``"ar_EG"``, ``"ar-EG"`` or a Locale.

    Raises ``ValueError`` naming the value when Babel does not know the locale.
    """
    if isinstance(locale, Locale):
        return locale
    try:
        return Locale.parse(str(locale).replace("-", "_"))
    except (ValueError, TypeError, UnknownLocaleError) as exc:
        raise InputError(f"locale: unknown locale {locale!r} ({exc})") from None


def direction(locale: Locale) -> str:
    """``"rtl"`` or ``"ltr"``, from CLDR's character order for ``locale``."""
    return "rtl" if locale.character_order == "right-to-left" else "ltr"


def language_tag(locale: Locale) -> str:
    """The BCP 47 tag for an HTML ``lang`` attribute, e.g. ``ar-EG``."""
    return str(locale).replace("_", "-")


@cache
def _translations(locale_id: str) -> NullTranslations:
    localedir = str(files("salat.widgets") / "locale")
    return Translations.load(localedir, [locale_id, "en"], DOMAIN)


class Labels:
    """Translated labels for one locale, with optional per-widget overrides of prayer names.

    Locales without a catalog get the English one (times and dates still follow the
    locale through Babel); ``overrides`` maps prayer keys to the caller's own words.
    """

    def __init__(self, locale: Locale, overrides: dict[str, str] | None = None):
        self._t = _translations(str(locale))
        self._overrides = dict(overrides or {})
        for key in self._overrides:
            if key not in PRAYER_LABELS:
                raise InputError(f"labels: unknown time {key!r}; "
                                 f"allowed: {', '.join(PRAYER_LABELS)}")

    def text(self, pair: tuple[str, str]) -> str:
        """The translation of a ``(context, message)`` pair."""
        return self._t.pgettext(*pair)

    def prayer(self, name: str) -> str:
        """The display name of a prayer key such as ``"fajr"``."""
        if name in self._overrides:
            return self._overrides[name]
        return self.text(PRAYER_LABELS[name])

    def widget(self, key: str) -> str:
        """A widget label (``"title"``, ``"next"``, ...)."""
        return self.text(WIDGET_LABELS[key])

    def hijri_month(self, month: int) -> str:
        """The name of Hijri month ``month`` (1-12)."""
        return self.text(HIJRI_MONTH_LABELS[month - 1])
