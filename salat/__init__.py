"""salat: Islamic prayer times for any place, date and calculation method.

    >>> import salat
    >>> t = salat.times_for(33.5731, -7.5898)        # Casablanca, today
    >>> t.fajr, t.dhuhr, t.maghrib                     # aware datetimes
    >>> tt = salat.table(33.5731, -7.5898, year=2026)  # a year, as numpy arrays
    >>> html = salat.widget(33.5731, -7.5898, city="Casablanca", locale="ar_MA")

The public API is gathered here; see each name's docstring.
"""

from .hijri import hijri_date, is_ramadan
from .methods import METHODS, Method, Minutes, describe_methods, method_for
from .tables import Timetable, table
from .times import PRAYER_NAMES, TIME_NAMES, PrayerTimes, times_for
from .widgets import widget

__all__ = ["times_for", "PrayerTimes", "table", "Timetable", "widget", "Method", "Minutes",
           "METHODS", "method_for", "describe_methods", "PRAYER_NAMES", "TIME_NAMES",
           "hijri_date", "is_ramadan"]
