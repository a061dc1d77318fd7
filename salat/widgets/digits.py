"""Native digits: Babel formats dates and times with ASCII digits only, so we map them.

Babel tells us a locale's default numbering system (``Locale.default_numbering_system``,
e.g. ``arab`` for ar_EG, ``arabext`` for fa, ``beng`` for bn) but ships no table of the
digit characters; this module holds that table (the zero of each decimal system: the
other nine follow it in Unicode) and applies it to finished text, never to attributes.
"""

from __future__ import annotations

from babel import Locale
from salat.inputs import InputError

__all__ = ["ZEROS", "numbering_system", "to_digits", "zero_of"]

#: Code point of the digit zero for CLDR numbering systems that are default somewhere.
ZEROS: dict[str, int] = {
    "latn": 0x30,
    "arab": 0x660,
    "arabext": 0x6F0,
    "deva": 0x966,
    "beng": 0x9E6,
    "tibt": 0xF20,
    "mymr": 0x1040,
    "olck": 0x1C50,
    "nkoo": 0x7C0,
    "mtei": 0xABF0,
    "cakm": 0x11136,
    "hmnp": 0x1E140,
    "adlm": 0x1E950,
}

_ASCII_DIGITS = "0123456789"


def numbering_system(locale: Locale, digits: str = "default") -> str:
    """Resolve a ``digits`` option to a numbering system id.

    ``"default"`` is the locale's own default (``arab`` for ar_EG, ``latn`` for ar_MA),
    ``"native"`` its native system (``arab`` even for ar_MA), ``"latn"`` ASCII digits,
    and any id in :data:`ZEROS` is taken as is.  Anything else raises ``ValueError``.
    """
    if digits == "default":
        system = locale.default_numbering_system
    elif digits == "native":
        system = locale.other_numbering_systems.get("native", locale.default_numbering_system)
    else:
        system = digits
    if system not in ZEROS:
        raise InputError(f"digits: {digits!r} resolves to numbering system {system!r}; "
                         f"allowed: 'default', 'native' or one of {sorted(ZEROS)}")
    return system


def zero_of(system: str) -> str:
    """The zero digit character of numbering system ``system``."""
    return chr(ZEROS[system])


def to_digits(text: str, system: str) -> str:
    """``text`` with ASCII digits replaced by the digits of ``system``; other characters kept."""
    zero = ZEROS[system]
    if zero == 0x30:
        return text
    return text.translate({0x30 + i: zero + i for i in range(10)})
