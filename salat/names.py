"""The names of the times, defined once for every layer.

This module imports nothing from salat, so the kernel's callers, the rules,
tables, exports, widgets and the command line can all use it without cycles.
"""

from __future__ import annotations

__all__ = ["TIME_NAMES", "PRAYER_NAMES", "FIVE_PRAYERS", "DAY_ORDER"]

#: Every time a day has, in day order (midnight and last third follow Isha).
TIME_NAMES = ("imsak", "fajr", "sunrise", "dhuhr", "asr", "sunset", "maghrib", "isha",
              "midnight", "last_third")
#: The six times of a timetable, in day order.
PRAYER_NAMES = ("fajr", "sunrise", "dhuhr", "asr", "maghrib", "isha")
#: The five daily prayers (the six times without sunrise).
FIVE_PRAYERS = tuple(n for n in PRAYER_NAMES if n != "sunrise")
#: The times that lie on the day's own date and must not run backwards, in
#: order; midnight and the last third belong to the night that follows.
DAY_ORDER = TIME_NAMES[:8]
