"""salat: Islamic prayer times for any place, date and calculation method.

    >>> import salat
    >>> t = salat.times_for(33.5731, -7.5898)        # Casablanca, today
    >>> t.fajr, t.dhuhr, t.maghrib                     # aware datetimes
    >>> tt = salat.table(33.5731, -7.5898, year=2026)  # a year, as numpy arrays
    >>> html = salat.widget(33.5731, -7.5898, name="الدار البيضاء", locale="ar_MA")
    >>> salat.find_place("Oujda")                      # GeoNames' places, offline

The public API is gathered here; see each name's docstring.
"""

from importlib.metadata import PackageNotFoundError, version as _version

from .hijri import hijri_date, is_ramadan
from .inputs import InputError, InputTypeError
from . import prayer_zones
from .places import Place, find_address, find_place, nearest_place
from .qibla import Qibla, qibla
from .methods import METHODS, Method, Minutes, describe_methods
from .compare import compare
from .mosque import Mosque, MosqueDay
from .published import PublishedTable, PublishedTimetable
from .prayer_zones import Zone, zone_for
from .regions import authority_at, method_for
from .tables import Timetable, table, table_chunks
from .times import PRAYER_NAMES, TIME_NAMES, PrayerTimes, times_for
from .widgets import widget

try:
    __version__: str = _version("salat-times")
except PackageNotFoundError:      # running from a source tree that was never installed
    __version__ = "0+unknown"

__all__ = ["__version__", "InputError", "InputTypeError", "times_for", "PrayerTimes", "table",
           "table_chunks", "Timetable", "widget", "Method", "Minutes", "METHODS",
           "method_for", "authority_at", "describe_methods", "PRAYER_NAMES", "TIME_NAMES",
           "hijri_date",
           "is_ramadan", "Zone", "zone_for", "prayer_zones", "qibla", "Qibla", "Place",
           "find_place", "find_address", "nearest_place",
           "PublishedTimetable", "PublishedTable", "Mosque", "MosqueDay", "compare"]
