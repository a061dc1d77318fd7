"""Query parameters as data: one table per endpoint says each parameter's name,
type, allowed values and help, and the library keyword it becomes.

The same tables check requests (:func:`parse`) and write the OpenAPI document
(:func:`openapi_parameters`), so the documentation cannot drift from the code.
Only the shape of a value is checked here (a number, one of some names, a
date); what the value means is checked by the library, whose
:class:`salat.InputError` the app turns into the same 400 answer.
"""

from __future__ import annotations

import datetime as _dt
import math
import re
from dataclasses import dataclass
from typing import Any
from collections.abc import Iterable, Mapping, Sequence

from salat.inputs import MAX_DATE, MIN_DATE, InputError

__all__ = ["Param", "ParamError", "parse", "check_text", "NUMBER", "INTEGER", "UNSAFE_TEXT",
            "openapi_parameters", "MAX_QUERY", "MAX_VALUE",
           "TIME_PARAMS", "PLACE_PARAMS"]

#: Longest query string accepted (bytes); a longer one gets a 400 before any work.
MAX_QUERY = 2048
#: Longest single value.
MAX_VALUE = 200
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_MONTH = re.compile(r"(\d{4})-(\d{2})")


class ParamError(InputError):
    """A query parameter that cannot be used: names it, the value and what is allowed."""

    def __init__(self, parameter: str | None, message: str):
        super().__init__(message, argument=parameter)

    @property
    def parameter(self) -> str | None:
        """The query parameter (the same as ``argument``)."""
        return self.argument


@dataclass(frozen=True)
class Param:
    """One query parameter.

    ``kind`` is ``number``, ``integer``, ``boolean``, ``string``, ``date``
    (``YYYY-MM-DD``), ``month`` (``YYYY-MM``) or ``list`` (comma-separated
    names); ``choices`` limits a string or each list item; ``target`` is the
    keyword of the library call it feeds (default: the same name).
    """

    name: str
    kind: str
    help: str
    choices: tuple = ()
    minimum: float | None = None
    maximum: float | None = None
    default: Any = None
    target: str | None = None
    example: Any = None

    @property
    def key(self) -> str:
        """The keyword the parameter's value is passed as."""
        return self.target or self.name

    def allowed(self) -> str:
        """What the parameter accepts, for messages and the OpenAPI document."""
        if self.choices:
            return ", ".join(str(c) for c in self.choices)
        if self.kind in ("number", "integer") and self.minimum is not None:
            return f"a{'n integer' if self.kind == 'integer' else ' number'} from " \
                   f"{self.minimum:g} to {self.maximum:g}"
        return {"boolean": "true or false",
                "date": f"a date YYYY-MM-DD from {MIN_DATE} to {MAX_DATE}",
                "month": f"a month YYYY-MM from {MIN_DATE:%Y}-01 to {MAX_DATE:%Y}-12",
                "string": "text",
                "list": "comma-separated names"}.get(self.kind, self.kind)

    def convert(self, raw: str) -> Any:
        """The value of ``raw`` (the query text), or :class:`ParamError`."""
        if len(raw) > MAX_VALUE:
            raise ParamError(self.name, f"{self.name}: {len(raw)} characters, at most {MAX_VALUE}")
        try:
            value = _CONVERT[self.kind](self, raw.strip())
        except ValueError:
            value = _BAD
        if value is _BAD or (self.choices and self.kind != "list" and value not in self.choices):
            raise ParamError(self.name, f"{self.name}: got {raw[:60]!r}; allowed: {self.allowed()}")
        return value


_BAD = object()
#: Numbers as this API reads them: ASCII digits, an optional sign and decimal point
#: (``-7.5898``, ``+33``, ``.5``); no exponent, no ``_``, no other scripts' digits.
NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
INTEGER = re.compile(r"[+-]?[0-9]+")
#: Characters refused in text: C0/C1 controls (CR, LF, NUL...) and the bidi embeddings,
#: overrides and isolates, which reorder the text that follows them until a pop.
UNSAFE_TEXT = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def check_text(name: str, value: str) -> str:
    """``value`` if it holds no control or bidi-override character, else an InputError.

    A name shown in a page or a title must not carry a CR LF (header and log
    injection) or an unmatched RIGHT-TO-LEFT OVERRIDE (it reverses what follows).
    """
    bad = UNSAFE_TEXT.search(value)
    if bad:
        raise ParamError(name, f"{name}: got {value[:60]!r}; allowed: text without control "
                               f"or bidi override characters (U+{ord(bad.group()):04X} at "
                               f"{bad.start()})")
    return value


def _number(p: Param, raw: str) -> Any:
    pattern = INTEGER if p.kind == "integer" else NUMBER
    if not pattern.fullmatch(raw):
        return _BAD
    value = int(raw) if p.kind == "integer" else float(raw)
    if not math.isfinite(value) or (p.minimum is not None and value < p.minimum) \
            or (p.maximum is not None and value > p.maximum):
        return _BAD
    return value


def _boolean(p: Param, raw: str) -> Any:
    return {"1": True, "true": True, "yes": True, "on": True,
            "0": False, "false": False, "no": False, "off": False}.get(raw.lower(), _BAD)


def _date(p: Param, raw: str) -> Any:
    if not _DATE.fullmatch(raw):
        return _BAD
    value = _dt.date.fromisoformat(raw)
    return value if MIN_DATE <= value <= MAX_DATE else _BAD


def _month(p: Param, raw: str) -> Any:
    m = _MONTH.fullmatch(raw)
    if not m or not 1 <= int(m.group(2)) <= 12 \
            or not MIN_DATE.year <= int(m.group(1)) <= MAX_DATE.year:
        return _BAD
    return int(m.group(1)), int(m.group(2))


def _list(p: Param, raw: str) -> Any:
    items = tuple(x.strip() for x in raw.split(",") if x.strip())
    if not items or (p.choices and any(x not in p.choices for x in items)):
        return _BAD
    for x in items:
        check_text(p.name, x)
    return items


def _string(p: Param, raw: str) -> Any:
    return check_text(p.name, raw) if raw else _BAD


#: One converter per kind: ``(param, stripped text) -> value``, or ``_BAD``.
_CONVERT = {"number": _number, "integer": _number, "boolean": _boolean, "date": _date,
            "month": _month, "list": _list, "string": _string}


#: Where: coordinates or a place name (a slug from --places, or a city name).
PLACE_PARAMS = (
    Param("lat", "number", "Latitude, degrees north.", minimum=-90, maximum=90, example=33.5731),
    Param("lon", "number", "Longitude, degrees east.", minimum=-180, maximum=180, example=-7.5898),
    Param("city", "string", "Instead of lat/lon: a place from the server's --places file (its "
                            "slug, e.g. 'grande-mosquee'), or a city name such as 'Rabat'.",
          target="place"),
    Param("zone", "string", "Instead of a place: a prayer zone such as JHR02 (JAKIM, "
                            "Malaysia), computed at the zone's reference points as the "
                            "authority publishes it.", example="SGR01"),
    Param("mosque", "string", "Instead of a place: a mosque of the server's --mosques folder "
                              "(its slug); its profile sets the place, the method, the "
                              "published timetable, iqama and Jumu'ah times.",
          example="east-london-mosque"),
)

#: How the times are computed: the keywords of salat.times_for / salat.table.
TIME_PARAMS = (
    Param("method", "string", "Calculation method (GET /methods lists them); default: the "
                              "local authority's.", example="mwl"),
    Param("asr", "string", "Asr: 'standard' (shadow factor 1) or 'hanafi' (2).",
          choices=("standard", "hanafi")),
    Param("tz", "string", "IANA time zone, e.g. Africa/Casablanca; default: the place's own."),
    Param("elevation", "number", "Metres above the surrounding land.", minimum=-500,
          maximum=9000),
    Param("high_latitude", "string", "Rule for long twilight.",
          choices=("recommended", "middle_of_night", "seventh_of_night", "twilight_angle",
                   "none")),
    Param("polar", "string", "When the Sun does not rise or set.",
          choices=("unresolved", "nearest_day", "nearest_latitude")),
)


def parse(table: Sequence[Param], query: Iterable[tuple[str, str]], *,
          strict: bool = True, blank_is_missing: bool = True) -> dict[str, Any]:
    """The values of the parameters in ``query`` (pairs as sent), by target keyword.

    Parameters not sent or sent empty are left out, unless they have a default.
    ``strict`` rejects a parameter the table does not know (a repeated one is
    always refused: which of the two was meant?);
    ``blank_is_missing=False`` (path segments) rejects a blank value instead of
    dropping it, so ``/v1/hToG/%20`` is a 400, not today's date.
    """
    _, by_name, defaults = _index(table)
    out: dict[str, Any] = {}
    seen: set[str] = set()
    for name, raw in query:
        p = by_name.get(name)
        if p is None:
            if strict:
                known = ", ".join(sorted(by_name))
                raise ParamError(name[:40], f"unknown parameter {name[:40]!r}; allowed: {known}")
            continue
        if name in seen:            # refused even where unknown names are ignored
            raise ParamError(name, f"{name}: given more than once")
        seen.add(name)
        if raw.strip() == "" and blank_is_missing:   # an empty form field: not given
            continue
        out[p.key] = p.convert(raw)
    for name, key, default in defaults:
        if name not in seen:
            out[key] = default
    return out


_INDEXES: dict[int, tuple] = {}


def _index(table: Sequence[Param]) -> tuple:
    """``(table, {name: Param}, [(name, key, default)])`` of a parameter table, made
    once per table (the tables are the endpoints' constants; a request reads them).
    """
    entry = _INDEXES.get(id(table))
    if entry is None or entry[0] is not table:
        if len(_INDEXES) > 512:          # tables made on the fly (tests): stay bounded
            _INDEXES.clear()
        entry = (table, {p.name: p for p in table},
                 [(p.name, p.key, p.default) for p in table if p.default is not None])
        _INDEXES[id(table)] = entry
    return entry


def _schema(p: Param) -> dict:
    if p.kind == "list":
        item = r"[a-z_]+" if p.choices else r"[^,]*[^,\s][^,]*"
        return {"type": "string", "pattern": rf"^{item}(,{item})*$"}
    schema: dict[str, Any] = {"type": {"date": "string", "month": "string"}.get(p.kind, p.kind)}
    if p.kind == "date":
        schema["format"] = "date"
    if p.kind == "month":
        schema["pattern"] = r"^\d{4}-\d{2}$"
    if p.choices:
        schema["enum"] = list(p.choices)
    if p.minimum is not None:
        schema["minimum"] = p.minimum
    if p.maximum is not None:
        schema["maximum"] = p.maximum
    if p.kind == "string" and not p.choices:
        schema["maxLength"] = MAX_VALUE
    if p.default is not None:
        schema["default"] = p.default
    return schema


def openapi_parameters(table: Sequence[Param], where: str = "query",
                       required: Mapping[str, bool] | None = None) -> list[dict]:
    """OpenAPI 3.1 parameter objects for a table."""
    out = []
    for p in table:
        item = {"name": p.name, "in": where, "description": f"{p.help} Allowed: {p.allowed()}.",
                "required": where == "path" or bool((required or {}).get(p.name)),
                "schema": _schema(p)}
        if p.example is not None:
            item["example"] = p.example
        out.append(item)
    return out
