"""numpy's functions for plain Python floats: :data:`FLOATS`.

The kernel (:mod:`salat.astronomy`) and the rules (:mod:`salat.rules`) call
numpy's functions through a namespace ``xp``, chosen once by the caller
(:func:`array_namespace`) and passed down: numpy itself for arrays,
:data:`FLOATS` (``math`` and Python's operators) for floats. One
place-day is then the same source evaluated on floats, where numpy's fixed
cost per call (about a microsecond, for three numbers) would dwarf the
arithmetic; a country-year stays one vectorized evaluation.

Each function means what numpy's does, NaN included: NaN in, NaN out;
``arccos`` outside [-1, 1] is NaN; ``fmax``/``fmin`` ignore one NaN; ``rint``
rounds half to even. libm's ``acos`` may differ from numpy's in the last bit:
an event then moves by about 1e-11 s, below the resolution of a Unix time.
"""

from __future__ import annotations

import math
import operator

import numpy as np

from .inputs import InputTypeError

__all__ = ["FLOATS", "array_namespace", "namespace"]


class _Floats:
    """The numpy names the kernel and the rules use, on Python floats."""

    pi = math.pi
    nan = math.nan
    sqrt = staticmethod(math.sqrt)
    abs = staticmethod(abs)
    isnan = staticmethod(math.isnan)

    @staticmethod
    def arccos(x: float) -> float:
        return math.acos(x) if -1.0 <= x <= 1.0 else math.nan

    @staticmethod
    def minimum(x: float, y: float) -> float:
        return x if x <= y or x != x else y

    @staticmethod
    def maximum(x: float, y: float) -> float:
        return x if x >= y or x != x else y

    @staticmethod
    def clip(x: float, lo: float, hi: float) -> float:
        return lo if x < lo else hi if x > hi else x

    @staticmethod
    def fmin(x: float, y: float) -> float:
        return y if x != x or y < x else x

    @staticmethod
    def fmax(x: float, y: float) -> float:
        return y if x != x or y > x else x

    @staticmethod
    def rint(x: float) -> float:
        return float(round(x)) if math.isfinite(x) else x

    @staticmethod
    def floor(x: float) -> float:
        return float(math.floor(x)) if math.isfinite(x) else x

    @staticmethod
    def ceil(x: float) -> float:
        return float(math.ceil(x)) if math.isfinite(x) else x

    any = staticmethod(bool)
    logical_not = staticmethod(operator.not_)

    @staticmethod
    def where(condition: bool, x, y):
        return x if condition else y

    @staticmethod
    def asarray(x) -> float:
        return float(x)

    @staticmethod
    def zeros_like(x) -> float:
        return 0.0

    @staticmethod
    def full(shape, fill_value) -> float:
        return float(fill_value)


#: The namespace of the float evaluation.
FLOATS = _Floats()


def namespace(x):
    """Numpy for an array, :data:`FLOATS` for a Python float."""
    return FLOATS if type(x) is float else np


def array_namespace(*args):
    """The namespace that evaluates the arguments, chosen once by the caller and
    passed down as ``xp=``: :data:`FLOATS` when every one is a Python ``float``,
    numpy when the first is not (an array, a numpy scalar, a list; Python floats
    among the others broadcast like 0-d arrays). ``None`` arguments are skipped.

    Raises
    ------
    InputTypeError
        When the first argument is a float and another one is not: the float
        evaluation cannot take arrays, and taking one of the two paths silently
        would be a guess.
    """
    given = [a for a in args if a is not None]
    if not given or type(given[0]) is not float:
        return np
    for a in given[1:]:
        if type(a) is not float:
            kinds = ", ".join(type(b).__name__ for b in given)
            raise InputTypeError(f"arguments: got {kinds}; allowed: all Python floats, "
                                 f"or arrays first")
    return FLOATS
