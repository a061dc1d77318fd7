"""salat: Islamic prayer times for any place, date and calculation method.

    >>> import salat
    >>> t = salat.times_for(33.5731, -7.5898)        # Casablanca, today
    >>> t.fajr, t.dhuhr, t.maghrib                     # aware datetimes

The public API is gathered here; see each name's docstring.
"""

from .methods import METHODS, Method, Minutes, describe_methods, method_for
from .times import PRAYER_NAMES, TIME_NAMES, PrayerTimes, times_for

__all__ = ["times_for", "PrayerTimes", "Method", "Minutes", "METHODS", "method_for",
           "describe_methods", "PRAYER_NAMES", "TIME_NAMES"]
