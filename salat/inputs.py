"""Checking what users pass in, with errors that say what was wrong.

Every public entry point (library, command line, widgets, files of places)
goes through these functions, so a bad value gets the same message wherever it
comes from: the argument's name, the value received and what is allowed.
"""

from __future__ import annotations

import calendar as _calendar
import datetime as _dt
import re as _re
import unicodedata as _unicodedata
from numbers import Real

import numpy as np

from .names import TIME_NAMES

__all__ = ["InputError", "InputTypeError", "finite_in_range", "coordinates", "elevations",
           "one_date", "date_range", "choice", "shadow_factor", "check_aware", "month_end",
           "fold", "HIGH_LATITUDE_RULES", "POLAR_RESOLUTIONS", "ASR_SCHOOLS", "MIN_DATE",
           "MAX_DATE"]

class InputError(ValueError):
    """Bad input: the message names the argument, the value received and what
    is allowed. The command line turns this error (and only this one) into a
    one-line message with exit status 2.

    ``argument`` names the argument the message is about (``None`` when not
    known), so a caller can name its own parameter without reading the text.
    """

    def __init__(self, *args: object, argument: str | None = None):
        super().__init__(*args)
        self.argument = argument


class InputTypeError(InputError, TypeError):
    """Bad input of the wrong type (also a ``TypeError``)."""


#: Rules that bound Fajr and Isha when the twilight is long or never ends.
HIGH_LATITUDE_RULES = ("recommended", "middle_of_night", "seventh_of_night",
                       "twilight_angle", "none")
#: What to do on days when the Sun does not rise or does not set.
POLAR_RESOLUTIONS = ("unresolved", "nearest_day", "nearest_latitude")
#: Asr schools and their shadow factors.
ASR_SCHOOLS = {"standard": 1.0, "shafii": 1.0, "hanafi": 2.0}
#: The range of dates salat computes (the solar theory is good for centuries;
#: time zone history and Delta T are not known much further).
MIN_DATE = _dt.date(1800, 1, 1)
MAX_DATE = _dt.date(2200, 12, 31)
#: The largest number of days one call may span.
MAX_DAYS = 366 * 200
#: Place-days computed (and written) at once: about 30 MB of arrays, so memory stays flat.
CHUNK_CELLS = 1 << 17


def _number_array(name: str, value) -> np.ndarray:
    if isinstance(value, (str, bytes)) or value is None:
        raise InputTypeError(f"{name} must be a number, got {value!r}")
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise InputTypeError(f"{name} must be a number or an array of numbers, got "
                        f"{type(value).__name__}") from None
    if isinstance(value, (bool, np.bool_)) or np.asarray(value).dtype == bool:
        # checked on the value as given: converted to float, True is just 1.0
        raise InputTypeError(f"{name} must be a number, got {value!r}")
    return arr


def _plain(value) -> bool:
    """A plain Python or numpy real number (not a bool)."""
    return isinstance(value, (float, int, np.floating, np.integer)) and not isinstance(value, bool)


def finite_in_range(name: str, value, lo: float, hi: float, unit: str = "", *,
                    hint: str = ""):
    """``value`` checked to be a finite number from ``lo`` to ``hi``.

    Parameters
    ----------
    name : the argument's name, as the message shows it.
    value : a number, or an array-like of numbers (each is checked).
    lo, hi : the allowed range, inclusive.
    unit : shown after the range (``"degrees"``).
    hint : appended to the message (another form the argument may take).

    Returns
    -------
    float or numpy.ndarray
        A ``float`` for a number, a float array for an array-like.

    Raises
    ------
    InputTypeError
        For something that is not a number (a bool, a string, None...).
    InputError
        For NaN, an infinity, or a number outside the range.
    """
    if type(value) is float and lo <= value <= hi:      # the usual case
        return value
    if _plain(value):
        if lo <= value <= hi:          # NaN fails, infinities fail one side
            return float(value)
        arr = np.asarray(value, float)
    else:
        arr = _number_array(name, value)
        if (arr >= lo).all() and (arr <= hi).all():
            return arr
    bad = ~((arr >= lo) & (arr <= hi)).reshape(-1)
    first = int(np.argmax(bad))
    where = "" if arr.ndim == 0 else f" (first bad at index {first})"
    unit = f" {unit}" if unit else ""
    raise InputError(f"{name} must be a finite number from {lo:g} to {hi:g}{unit}; "
                     f"got {float(arr.reshape(-1)[first])!r}{where}{hint}", argument=name)


def coordinates(lat, lon) -> tuple[np.ndarray, np.ndarray]:
    """Latitude and longitude as float arrays of one shape, checked."""
    if _plain(lat) and _plain(lon) and -90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0:
        return np.array(float(lat)), np.array(float(lon))      # the common case
    la = np.asarray(finite_in_range("lat", lat, -90.0, 90.0, "degrees"))
    lo = np.asarray(finite_in_range("lon", lon, -180.0, 180.0, "degrees"))
    if la.shape == lo.shape:
        return la, lo
    try:
        la, lo = np.broadcast_arrays(la, lo)
    except ValueError:
        raise InputError(f"lat and lon must have the same length; got {la.shape} and "
                         f"{lo.shape}") from None
    return la.astype(float), lo.astype(float)


def elevations(elevation, shape) -> np.ndarray:
    """Elevation in metres above the surrounding terrain, broadcast to ``shape``."""
    el = finite_in_range("elevation", elevation, -500.0, 9000.0, "metres")
    if isinstance(el, float):
        return np.full(shape, el)
    try:
        return np.broadcast_to(el, shape).astype(float)
    except ValueError:
        raise InputError(f"elevation must be one number or one per place; got shape "
                         f"{el.shape} for {shape} places") from None


def one_date(value, name: str = "date") -> _dt.date:
    """A ``datetime.date`` from a date, an ISO string or numpy datetime64."""
    if isinstance(value, _dt.datetime):
        raise InputTypeError(f"{name} must be a date, not a datetime (got {value!r}); "
                        f"pass value.date() for the local date you want")
    if isinstance(value, np.datetime64):
        value = value.astype("datetime64[D]").item()
    if isinstance(value, str):
        try:
            value = _dt.date.fromisoformat(value.strip())
        except ValueError:
            raise InputError(f"{name}: {value!r} is not a date; use YYYY-MM-DD") from None
    if not isinstance(value, _dt.date):
        raise InputTypeError(f"{name} must be a datetime.date or 'YYYY-MM-DD', got "
                        f"{type(value).__name__}")
    if not MIN_DATE <= value <= MAX_DATE:
        raise InputError(f"{name} {value.isoformat()} is outside the supported range "
                         f"{MIN_DATE.isoformat()} to {MAX_DATE.isoformat()}", argument=name)
    return value


def date_range(start, end) -> np.ndarray:
    """Every date from ``start`` to ``end`` inclusive, as ``datetime64[D]``."""
    a, b = one_date(start, "start"), one_date(end, "end")
    if b < a:
        raise InputError(f"end {b.isoformat()} is before start {a.isoformat()}")
    if (b - a).days + 1 > MAX_DAYS:
        raise InputError(f"the range {a.isoformat()}..{b.isoformat()} has more than "
                         f"{MAX_DAYS} days; split it")
    return np.arange(np.datetime64(a, "D"), np.datetime64(b, "D") + 1)


def choice(name: str, value, allowed, default=None):
    """``value`` if it is one of ``allowed`` (``None`` means ``default``)."""
    if value is None:
        return default
    key = value.strip().lower().replace("-", "_").replace(" ", "_") \
        if isinstance(value, str) else value
    if key not in allowed:
        raise InputError(f"{name}: got {value!r}; allowed: "
                         f"{', '.join(repr(a) for a in allowed if a is not None)}",
                         argument=name)
    return key


def shadow_factor(asr) -> float:
    """Asr shadow factor from a school name or a number (1 to 3)."""
    if isinstance(asr, str):
        return ASR_SCHOOLS[choice("asr", asr, tuple(ASR_SCHOOLS))]
    allowed = f"asr: got {asr!r}; allowed: 'standard', 'hanafi', or a shadow factor from 0.5 to 3"
    if not isinstance(asr, Real):
        raise InputTypeError(allowed)
    try:
        return finite_in_range("asr", asr, 0.5, 3.0)
    except InputTypeError:
        raise InputTypeError(allowed) from None
    except InputError:
        raise InputError(allowed) from None


def check_aware(name: str, value) -> _dt.datetime:
    """``value`` checked to be a timezone-aware ``datetime``.

    Parameters
    ----------
    name : str
        The argument's name, as the message shows it.
    value : object
        What was passed.

    Returns
    -------
    datetime.datetime
        ``value`` itself.

    Raises
    ------
    InputTypeError
        For anything that is not a ``datetime`` (a ``date`` included).
    InputError
        For a naive datetime (no tzinfo, or one whose ``utcoffset`` is None).
    """
    if not isinstance(value, _dt.datetime):
        raise InputTypeError(f"{name}: got {value!r}; allowed: a timezone-aware datetime")
    if value.tzinfo is None or value.utcoffset() is None:
        raise InputError(f"{name}: got {value!r}; allowed: a timezone-aware datetime "
                         f"(give it a tzinfo)")
    return value


def month_end(year: int, month: int) -> int:
    """The last day of ``month`` (1-12) in the proleptic Gregorian ``year`` (1-9999).

    Raises
    ------
    InputError
        For a month outside 1-12 or a year outside 1-9999.
    """
    if not 1 <= month <= 12:
        raise InputError(f"month: got {month!r}; allowed: 1 to 12")
    if not 1 <= year <= 9999:
        raise InputError(f"year: got {year!r}; allowed: 1 to 9999")
    return _calendar.monthrange(year, month)[1]


#: Letters that NFKD does not split into a base letter and a mark.
_UNSPLIT = str.maketrans({"ø": "o", "ł": "l", "đ": "d", "ħ": "h", "ı": "i", "æ": "ae",
                          "œ": "oe", "þ": "th", "ŀ": "l"})
_SEPARATORS = _re.compile(r"[\s\-\u2010-\u2015\u2212_]+")


def fold(text: str) -> str:
    """``text`` folded for matching names: ``"Ksar-el-Kébir"`` -> ``"ksar el kebir"``.

    Unicode NFKD with the combining marks dropped (accents, and Arabic short
    vowels), casefolded, the few letters NFKD keeps whole mapped to ASCII
    (``ø``, ``ł``...), and every run of spaces, hyphens, dashes and underscores
    made one space, stripped at both ends. For name lookup and slugs.
    """
    if not isinstance(text, str):
        raise InputTypeError(f"text: got {type(text).__name__}; allowed: a str")
    folded = _unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(c for c in folded if not _unicodedata.combining(c)).translate(_UNSPLIT)
    return _SEPARATORS.sub(" ", bare).strip()


def time_indices(name: str, value) -> list[int]:
    """Time names checked: ``value`` (one name or a sequence of names of
    :data:`salat.names.TIME_NAMES`, at least one) as their indices there.

    Raises
    ------
    InputError
        ``"<name>: got [...]; allowed: imsak, fajr, ..."`` for an unknown name
        or none at all (an ``InputTypeError`` for a value that is not names).
    """
    names = (value,) if isinstance(value, str) else value
    allowed = ", ".join(TIME_NAMES)
    try:
        names = list(names)
    except TypeError:
        raise InputTypeError(f"{name}: got {value!r}; allowed: {allowed}") from None
    bad = [t for t in names if not isinstance(t, str) or t not in TIME_NAMES]
    if bad or not names:
        shown = value if isinstance(value, str) else names
        raise InputError(f"{name}: got {shown!r}; allowed: {allowed}")
    return [TIME_NAMES.index(t) for t in names]
