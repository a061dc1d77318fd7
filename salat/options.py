"""The options of a computation, checked once: :class:`Options` and :func:`options`.

``times_for`` and ``table`` take the same keyword options; both turn them into
one frozen, hashable :class:`Options` value here, which the engine
(:func:`salat.times.compute`) reads and the day cache uses as part of its key.
The method, the time zone and the elevation are resolved per place (a table
may give one per place), so they are not part of it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from collections.abc import Mapping

from . import inputs
from .methods import check_offsets

__all__ = ["Options", "options", "METHOD_ROUNDING", "ROUNDING_MODES", "PLACE_OPTIONS",
           "merge_place_options"]

#: ``rounding="method"`` (the default) uses the method's own rounding.
METHOD_ROUNDING = "method"
#: What ``rounding=`` accepts.
ROUNDING_MODES = (METHOD_ROUNDING, None, "nearest", "up", "down")


@dataclass(frozen=True)
class Options:
    """Checked options shared by every place of a computation.

    Attributes
    ----------
    shadow : the Asr shadow factor (1 standard, 2 Hanafi).
    rule : the high-latitude rule, one of ``inputs.HIGH_LATITUDE_RULES``.
    polar : one of ``inputs.POLAR_RESOLUTIONS``.
    adjustments : the user's minutes per time, as sorted ``(name, minutes)`` pairs.
    rounding : one of :data:`ROUNDING_MODES`.
    """

    shadow: float = 1.0
    rule: str = "recommended"
    polar: str = "unresolved"
    adjustments: tuple = ()
    rounding: str | None = METHOD_ROUNDING

    def __hash__(self):
        # Computed once (the value is frozen): options are part of every memo's key.
        h = self.__dict__.get("_hash")
        if h is None:
            h = hash((self.shadow, self.rule, self.polar, self.adjustments, self.rounding))
            object.__setattr__(self, "_hash", h)
        return h


def options(asr="standard", high_latitude: str | None = None, polar: str | None = None,
            adjustments: Mapping[str, float] | None = None,
            rounding: str | None = METHOD_ROUNDING) -> Options:
    """Check the keyword options of ``times_for`` / ``table`` (same names and
    meanings) and return them as an :class:`Options`.

    Raises
    ------
    salat.InputError
        Naming the option, the value received and what is allowed.
    """
    if adjustments is None or (isinstance(adjustments, Mapping) and not adjustments):
        try:
            return _cached(asr, high_latitude, polar, rounding)
        except TypeError:       # unhashable input (a list for asr...): checked below
            pass
    return _options(asr, high_latitude, polar, adjustments, rounding)


@lru_cache(maxsize=256, typed=True)     # typed: True and 1 are different inputs
def _cached(asr, high_latitude, polar, rounding) -> Options:
    return _options(asr, high_latitude, polar, None, rounding)


def _options(asr, high_latitude, polar, adjustments, rounding) -> Options:
    return Options(
        shadow=inputs.shadow_factor(asr),
        rule=inputs.choice("high_latitude", high_latitude, inputs.HIGH_LATITUDE_RULES,
                           "recommended"),
        polar=inputs.choice("polar", polar, inputs.POLAR_RESOLUTIONS, "unresolved"),
        adjustments=tuple(sorted(check_offsets(adjustments).items())),
        rounding=inputs.choice("rounding", rounding, ROUNDING_MODES))


#: The ``times_for`` options a place may carry itself (a places file's columns, a gazetteer
#: entry's elevation, a mosque's method).
PLACE_OPTIONS = ("tz", "elevation", "method")


def merge_place_options(place: object, given: Mapping[str, object]) -> dict[str, object]:
    """The ``times_for`` keywords for ``place``: what was given wins, the place fills the rest.

    The one rule of precedence for the library, the command line, the widgets and the web
    service: an option given explicitly (not ``None``) is used as given; where it was not
    given (absent, or ``None`` for one of :data:`PLACE_OPTIONS`), the place's own value (its
    ``tz``, ``elevation``, ``method`` attribute, when not ``None``) is used; otherwise the
    option is left out, so the default applies. Other options (``rounding=None`` means
    something) pass through as given.

    >>> merge_place_options(Place("Rabat", 34.02, -6.84, method="morocco"), {"method": "mwl"})
    {'method': 'mwl'}
    """
    out = {k: v for k, v in given.items() if v is not None or k not in PLACE_OPTIONS}
    for key in PLACE_OPTIONS:
        own = getattr(place, key, None)
        if key not in out and own is not None:
            out[key] = own
    return out
