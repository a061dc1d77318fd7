"""What an endpoint is: :class:`Endpoint`, the :class:`Query` it receives, the JSON
body every API answers with and the one error shape of each API (:class:`ErrorShape`).

The lowest module of the web layer: the native endpoints, the AlAdhan layer, the
OpenAPI writer and the app's assembly all import it; it imports only
:mod:`.params` and :mod:`.caching`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import orjson

from .caching import Answer
from .params import Param

__all__ = ["Endpoint", "ErrorShape", "Query", "json_body", "NATIVE_ERRORS", "ALADHAN_ERRORS"]


def json_body(doc: Any) -> bytes:
    """``doc`` as compact UTF-8 JSON (non-ASCII text kept as is): what
    ``json.dumps(doc, ensure_ascii=False, separators=(",", ":"))`` writes, to the
    byte but for the spelling of very small or large numbers (``1e-7`` where
    ``json`` writes ``1e-07``: the same number). Written by orjson: a new place's
    AlAdhan answer takes 13 us with the standard library, 1.7 with orjson. Keys
    that are not strings become strings, numpy scalars plain numbers, as ``json``
    does them.
    """
    return orjson.dumps(doc, default=_plain, option=orjson.OPT_NON_STR_KEYS)


def _plain(value: Any) -> Any:
    """What orjson does not write itself: numpy's scalars, as their Python number."""
    if isinstance(value, np.generic):
        return value.item()
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


@dataclass(frozen=True, kw_only=True)
class ErrorShape:
    """How one API writes an error: the body of a status and message, and its schema."""

    #: ``body(status, message, parameter) -> dict``.
    body: Callable[[int, str, str | None], dict]
    #: The JSON schema of that body (for ``/openapi.json``).
    schema: Mapping[str, Any]

    def encode(self, status: int, message: str, parameter: str | None = None) -> bytes:
        """The JSON bytes of an error."""
        return json_body(self.body(status, message, parameter))


NATIVE_ERRORS = ErrorShape(
    body=lambda status, message, parameter: {"status": status, "error": message,
                                             "parameter": parameter},
    schema={"type": "object", "properties": {
        "status": {"type": "integer"}, "error": {"type": "string"},
        "parameter": {"type": ["string", "null"]}}, "required": ["status", "error"]})

_ALADHAN_STATUS = {400: "BAD_REQUEST", 404: "RESOURCE_NOT_FOUND", 405: "NOT_ALLOWED",
                   414: "URI_TOO_LONG"}
ALADHAN_ERRORS = ErrorShape(
    body=lambda status, message, parameter: {
        "code": status, "status": _ALADHAN_STATUS.get(status, "ERROR"), "data": message},
    schema={"type": "object", "properties": {
        "code": {"type": "integer"}, "status": {"type": "string"},
        "data": {"type": "string"}}, "required": ["code", "status", "data"]})


@dataclass(frozen=True, kw_only=True)
class Query:
    """One request's checked parameters, as an endpoint's ``compute`` receives them.

    ``values`` are the converted values by target keyword (query and path
    parameters); ``raw`` the query pairs as sent (a redirect passes them on).
    Nothing consumes them: each parameter group reads its own keys.
    """

    values: Mapping[str, Any]
    raw: tuple[tuple[str, str], ...] = ()

    def get(self, key: str, default: Any = None) -> Any:
        """The value of one parameter, by target keyword."""
        return self.values.get(key, default)

    def __getitem__(self, key: str) -> Any:
        return self.values[key]


@dataclass(frozen=True, kw_only=True)
class Endpoint:
    """One GET endpoint: its path, OpenAPI summary, parameter tables, media type,
    and ``compute(service, query) -> Answer`` (the service is a
    :class:`~.core.Service`, which this module does not import).
    """

    path: str
    name: str
    summary: str
    media_type: str
    compute: Callable[[Any, Query], Answer]
    params: Sequence[Param] = ()
    path_params: Sequence[Param] = ()
    required: Mapping[str, bool] = field(default_factory=dict)
    tag: str = "salat"
    #: Refuse unknown parameters (a repeated one is refused everywhere).
    strict: bool = True
    redirects: bool = False
    #: Cheap enough to compute on the event loop (one day: a few hundred us): the hop to
    #: a worker thread and back costs about as much CPU as the computation itself.
    #: Tables, feeds, widgets and first gazetteer lookups go to a thread, so that the
    #: loop keeps answering while they run.
    inline: bool = False
    #: Keep answers in the memo (not for liveness answers, true only now).
    memoize: bool = True
    errors: ErrorShape = NATIVE_ERRORS

    @property
    def table(self) -> tuple[Param, ...]:
        """Every parameter, path ones first."""
        return tuple(self.path_params) + tuple(self.params)
