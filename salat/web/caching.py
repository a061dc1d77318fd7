"""HTTP caching for the web service: results memoized in-process, ETags,
``304 Not Modified`` and ``Cache-Control`` up to the next change.

Every answer the service computes is a pure function of its URL and of the
current date at the place (and, for a widget without a script, of the next
prayer): it is kept in a bounded LRU (:class:`Memo`) with the instant it stops
being true, so a popular city costs one computation per day, not one per
request, and every response tells a browser, CDN or proxy how long it may keep it.
"""

from __future__ import annotations

import datetime as _dt
import gzip
import hashlib
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from collections.abc import Callable

from starlette.requests import Request
from starlette.responses import Response

from salat.timezones import localize

__all__ = ["Answer", "Memo", "LONG_TTL", "GZIP_MIN", "next_local_midnight", "respond", "clock",
           "start_clock_at", "accepts_gzip"]


def clock() -> float:
    """Unix seconds now: the one clock of the web layer (tests replace it)."""
    return time.time() + _offset


_offset = 0.0


def start_clock_at(instant: _dt.datetime) -> None:
    """Run this process's web clock from ``instant`` (aware) onwards, for every app in
    it: what ``SALAT_WEB_CLOCK`` does, so a test or a demo can serve a chosen moment
    (the seconds before a prayer, a local midnight) through real servers and proxies.
    """
    global _offset
    _offset = instant.timestamp() - time.time()



#: How long an answer for a fixed date stays true: a year (it changes only if the
#: server is upgraded, and then its ETag changes too).
LONG_TTL = 365 * 86400
#: Bodies from this size on are sent gzipped to clients that accept it.
GZIP_MIN = 512


@dataclass
class Answer:
    """A computed response body, its media type and when it stops being true
    (Unix seconds; ``None``: it does not change); ``status`` 301/302 with a
    ``Location`` header for a redirect.
    """

    body: bytes
    media_type: str
    expires: float | None = None
    headers: dict = field(default_factory=dict)
    etag: str = ""
    status: int = 200

    def __post_init__(self):
        if not self.etag:
            self.etag = 'W/"' + hashlib.blake2b(self.body, digest_size=12).hexdigest() + '"'
        self._gzipped: bytes | None = None

    def gzipped(self) -> bytes:
        """The body gzipped, compressed once and kept (a memoized answer is sent
        compressed many times).
        """
        if self._gzipped is None:
            self._gzipped = gzip.compress(self.body, compresslevel=6, mtime=0)
        return self._gzipped


def next_local_midnight(tz: _dt.tzinfo, now: float | None = None) -> float:
    """Unix seconds of the next midnight on the clocks of ``tz`` (the date changes)."""
    now = clock() if now is None else now
    local = _dt.datetime.fromtimestamp(now, _dt.timezone.utc).astimezone(tz)
    tomorrow = local.date() + _dt.timedelta(days=1)
    naive = _dt.datetime.combine(tomorrow, _dt.time())
    return localize(tz, naive).timestamp()


class Memo:
    """A bounded LRU of :class:`Answer` by key, dropping answers once expired.

    Bounded by count and by total body bytes; one per worker process (the
    workers share nothing, so any number of them can run behind a balancer).
    Used from the event loop's thread only.
    """

    def __init__(self, max_items: int = 4096, max_bytes: int = 64 << 20):
        self.max_items, self.max_bytes = max_items, max_bytes
        self._items: OrderedDict = OrderedDict()
        self._bytes = 0
        self.hits = self.misses = 0

    def __len__(self) -> int:
        return len(self._items)

    def lookup(self, key) -> Answer | None:
        """The answer kept for ``key``, or ``None`` if absent or expired."""
        found = self._items.get(key)
        if found is not None and (found.expires is None or found.expires > clock()):
            self._items.move_to_end(key)
            self.hits += 1
            return found
        self.misses += 1
        return None

    def get(self, key, compute: Callable[[], Answer]) -> Answer:
        """The answer for ``key``, computed by ``compute()`` if absent or expired."""
        found = self.lookup(key)
        if found is None:
            found = compute()
            self.store(key, found)
        return found

    def store(self, key, answer: Answer) -> None:
        """Keep ``answer`` (unless it is too large to be worth it)."""
        if key in self._items:
            self._drop(key)
        if len(answer.body) <= self.max_bytes // 8:
            self._items[key] = answer
            self._bytes += len(answer.body)
            while len(self._items) > self.max_items or self._bytes > self.max_bytes:
                self._drop(next(iter(self._items)))

    def _drop(self, key) -> None:
        answer = self._items.pop(key)
        self._bytes -= len(answer.body)


def _matches(header: str | None, etag: str) -> bool:
    if not header:
        return False
    if header.strip() == "*":
        return True
    weak = etag[2:] if etag.startswith("W/") else etag
    return any((t.strip()[2:] if t.strip().startswith("W/") else t.strip()) == weak
               for t in header.split(","))


def respond(request: Request, answer: Answer) -> Response:
    """The response for ``answer``: ETag and Cache-Control, or 304 when the
    client's ``If-None-Match`` already has it; gzipped when the body is large and
    the client accepts gzip (:func:`accepts_gzip`). ``Vary: Accept-Encoding`` goes
    on every answer that may be gzipped, the 304s included, so a cache keeps the
    two bodies apart.
    """
    if answer.expires is None:
        age = LONG_TTL
    else:
        age = max(0, int(answer.expires - clock()))
    headers = dict(answer.headers)
    headers["ETag"] = answer.etag
    headers.setdefault("Cache-Control", f"public, max-age={age}")
    body = answer.body
    compressible = len(body) >= GZIP_MIN
    if compressible:
        headers["Vary"] = "Accept-Encoding"
    if answer.status == 200 and _matches(request.headers.get("if-none-match"), answer.etag):
        return Response(status_code=304, headers=headers)
    if compressible and accepts_gzip(request.headers.get("accept-encoding", "")):
        body = answer.gzipped()
        headers["Content-Encoding"] = "gzip"
    return Response(body, status_code=answer.status, media_type=answer.media_type,
                    headers=headers)


def accepts_gzip(header: str) -> bool:
    """Whether an ``Accept-Encoding`` header accepts gzip (RFC 9110 12.5.3).

    ``gzip`` or its alias ``x-gzip`` with a q-value above 0, or, when neither is
    named, ``*`` above 0. ``gzip;q=0`` refuses it, and so does a header that
    names only ``identity``; a malformed q-value counts as 0.
    """
    named = star = None
    for item in header.split(","):
        coding, _, params = item.partition(";")
        coding = coding.strip().lower()
        q = 1.0
        for param in params.split(";"):
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value.strip())
                except ValueError:
                    q = 0.0
                if not 0.0 <= q <= 1.0:
                    q = 0.0
        if coding in ("gzip", "x-gzip"):
            named = max(named or 0.0, q)
        elif coding == "*":
            star = q
    if named is not None:
        return named > 0
    return star is not None and star > 0
