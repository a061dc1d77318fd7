"""Which method is my mosque's? Rank the catalogue against a published table.

    >>> import salat
    >>> pub = salat.PublishedTimetable.read("tests/data/official/muis-singapore.json")
    >>> report = salat.compare(pub)              # the table's own place, every method
    >>> report.best.method                       # 'singapore'
    >>> print(report.to_text(top=5))

Every method of ``salat.METHODS`` (or those given), with each elevation and
rounding asked for, computes the table's dates at its place; each published
time is compared with the calculated one shown to the minute (HH:MM, rounded
to the nearest minute, as the tables print it). Per method and time: the
share exact, the share within one minute, the mean difference (published
minus calculated, minutes: positive means the table is later) and the worst
one. Methods rank by the share exact over all times, then the share within a
minute, then the mean absolute difference. In Malaysia JAKIM's methods are
computed at the JAKIM zone that holds the point (its reference points), as
:func:`salat.times_for` does; ``zone=`` names a zone outright.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from .inputs import InputError
from .methods import METHODS, ROUNDINGS, get_method
from .names import PRAYER_NAMES, TIME_NAMES
from .published import PublishedTimetable
from .regions import ZONE_METHODS, authority_at
from .tables import table as _table
from .times import METHOD_ROUNDING

__all__ = ["compare", "Comparison", "MethodAgreement", "Agreement", "ROUNDING_CHOICES"]

#: The roundings compare can try: the method's own, none, nearest, up, down.
ROUNDING_CHOICES = (METHOD_ROUNDING,) + ROUNDINGS


@dataclass(frozen=True)
class Agreement:
    """How one time (or all of them) agrees: ``count`` values compared, the
    fractions ``exact`` and ``within_1`` (0..1), ``mean`` and ``worst``
    difference in minutes (published - calculated; worst keeps its sign).
    """

    count: int
    exact: float
    within_1: float
    mean: float
    mean_abs: float
    worst: float

    @classmethod
    def of(cls, diff: np.ndarray) -> Agreement:
        """From an array of whole-minute differences (NaN: not compared)."""
        d = diff[~np.isnan(diff)]
        if not d.size:
            return cls(0, float("nan"), float("nan"), float("nan"), float("nan"), float("nan"))
        a = np.abs(d)
        return cls(int(d.size), float(np.mean(d == 0)), float(np.mean(a <= 1)),
                   float(np.mean(d)), float(np.mean(a)), float(d[np.argmax(a)]))


@dataclass(frozen=True)
class MethodAgreement:
    """One method with one elevation, rounding and Asr against the table."""

    method: str
    elevation: float
    rounding: str | None
    asr: str | float
    times: dict[str, Agreement]
    overall: Agreement

    @property
    def label(self) -> str:
        """``method`` plus the options that differ from the defaults."""
        extra = []
        if self.elevation:
            extra.append(f"elevation {self.elevation:g} m")
        if self.rounding != METHOD_ROUNDING:
            extra.append(f"rounding {self.rounding or 'none'}")
        if self.asr != "standard":
            extra.append(f"asr {self.asr}")
        return self.method + (f" ({', '.join(extra)})" if extra else "")


@dataclass(frozen=True)
class Comparison:
    """Every method tried, best first; ``times`` are the times compared."""

    rows: list[MethodAgreement]
    times: tuple[str, ...]
    days: int
    name: str | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def best(self) -> MethodAgreement:
        """The method that agrees best."""
        return self.rows[0]

    def rank(self, method: str) -> int:
        """1-based rank of a method's best row."""
        for i, r in enumerate(self.rows):
            if r.method == method:
                return i + 1
        raise InputError(f"method: {method!r} was not compared; allowed: "
                         f"{', '.join(sorted({r.method for r in self.rows}))}")

    def to_text(self, top: int | None = 10) -> str:
        """A plain-text report: per method, overall exact / within 1 min, then per
        time exact% / within-1% / mean / worst.
        """
        head = f"{self.name + ': ' if self.name else ''}{self.days} days, times " \
               f"{', '.join(self.times)}"
        lines = [head, "rank  method" + " " * 32 + "exact  <=1min  mean  worst"]
        rows = self.rows if top is None else self.rows[:top]
        for i, r in enumerate(rows):
            o = r.overall
            lines.append(f"{i + 1:>4}  {r.label:<38}{100 * o.exact:5.1f}%  {100 * o.within_1:5.1f}%"
                         f"  {o.mean:+5.2f}  {o.worst:+4.0f}")
            per = "  ".join(f"{n} {100 * a.exact:.0f}/{100 * a.within_1:.0f}% "
                            f"{a.mean:+.1f} {a.worst:+.0f}" for n, a in r.times.items()
                            if a.count)
            lines.append(f"{'':6}{per}")
        lines.extend(self.notes)
        return "\n".join(lines)

    def as_dict(self) -> dict:
        """The report as plain data (for JSON)."""
        def agree(a: Agreement) -> dict:
            return {"count": a.count, "exact": a.exact, "within_1": a.within_1,
                    "mean": a.mean, "mean_abs": a.mean_abs, "worst": a.worst}
        return {"name": self.name, "days": self.days, "times": list(self.times),
                "methods": [{"rank": i + 1, "method": r.method, "elevation": r.elevation,
                             "rounding": r.rounding, "asr": r.asr,
                             "overall": agree(r.overall),
                             "times": {k: agree(v) for k, v in r.times.items()}}
                            for i, r in enumerate(self.rows)]}


def _as_tuple(value, default) -> tuple:
    if value is None:
        return tuple(default)
    if isinstance(value, (str, int, float)) or value is None:
        return (value,)
    return tuple(value)


def compare(published: PublishedTimetable, lat: float | None = None, lon: float | None = None,
            *, methods: Iterable[str] | None = None, elevation=None,
            rounding=(METHOD_ROUNDING,), asr=("standard",), tz=None,
            times: Sequence[str] | None = None, zone: str | None = None) -> Comparison:
    """Rank methods by their agreement with a published timetable.

    Parameters
    ----------
    published : PublishedTimetable
        The table (:meth:`PublishedTimetable.read`).
    lat, lon : float, optional
        The place; default: the table's own (a JSON file of
        ``tests/data/official`` carries it).
    methods : iterable of str, optional
        Method names; default: all of ``salat.METHODS``.
    elevation : float or sequence, optional
        Metres; default: 0, and the table's own elevation when it has one.
    rounding : str or sequence
        Of :data:`ROUNDING_CHOICES` (``"method"``: each method's own).
    asr : str, float or sequence
        Asr schools or shadow factors to try.
    tz : optional
        The clock; default: the table's.
    times : sequence of str, optional
        The times to compare; default: the six of a timetable that the table gives.
    zone : str, optional
        Instead of lat/lon, an authority's prayer zone (e.g. ``"WLY01"``): each
        method is computed at the zone's reference point(s) by its rule
        (:mod:`salat.prayer_zones`); elevations are not tried.

    Returns
    -------
    Comparison
        Every combination, best first.
    """
    if not isinstance(published, PublishedTimetable):
        raise InputError(f"published: got {type(published).__name__}; allowed: a "
                         f"salat.PublishedTimetable")
    lat, lon, auto = _place(published, lat, lon, zone)
    names = tuple(methods) if methods is not None else tuple(METHODS)
    for m in names:
        get_method(m)
    own = float(published.elevation or 0.0)
    elevations = _as_tuple(elevation, (0.0, own) if own and zone is None else (0.0,))
    if zone is not None and any(elevations):
        raise InputError("elevation: a prayer zone is computed at its own points; "
                         "allowed with zone: none")
    roundings = _as_tuple(rounding, (METHOD_ROUNDING,))
    for r in roundings:
        if r not in ROUNDING_CHOICES:
            raise InputError(f"rounding: got {r!r}; allowed: "
                             f"{', '.join(str(x) for x in ROUNDING_CHOICES)}")
    schools = _as_tuple(asr, ("standard",))
    times = _times(published, times)
    dates = published.dates
    pub = np.full((len(dates), len(times)), np.nan)      # published, UTC seconds
    for i, d in enumerate(dates):
        row = published.times(d)
        for j, n in enumerate(times):
            if n in row:
                pub[i, j] = row[n].timestamp()
    day_index = np.array([(d - dates[0]).days for d in dates])
    cols = [TIME_NAMES.index(n) for n in times]
    combos = [(m, e) for m, e in itertools.product(names, elevations)
              if not (auto and m in ZONE_METHODS and e)]
    rows = []
    clock = published.tz if tz is None else tz
    for r, school in itertools.product(roundings, schools):
        calc = _calculated(combos, lat, lon, zone, auto, dates[0], dates[-1], r, school,
                           clock)[:, day_index][:, :, cols]      # (P, D, T)
        shown = np.floor((calc + 30.0) / 60.0) * 60.0            # HH:MM, nearest minute
        diff = (pub[None] - shown) / 60.0
        for k, (m, e) in enumerate(combos):
            per = {n: Agreement.of(diff[k, :, j]) for j, n in enumerate(times)}
            rows.append(MethodAgreement(m, float(e), r, school, per,
                                        Agreement.of(diff[k].reshape(-1))))
    if METHOD_ROUNDING in roundings:       # "up" for a method that rounds up is itself
        rows = [x for x in rows if x.rounding == METHOD_ROUNDING
                or get_method(x.method).rounding != x.rounding]
    rows.sort(key=lambda x: (-_nan0(x.overall.exact), -_nan0(x.overall.within_1),
                             _naninf(x.overall.mean_abs)))
    return Comparison(rows, times, len(dates), published.name)


def _place(published: PublishedTimetable, lat, lon, zone):
    """``(lat, lon, auto)``: the place (given, or the table's own) and the JAKIM
    zone holding it, whose table JAKIM's methods give there (as in times_for).
    """
    if zone is not None:
        if lat is not None or lon is not None:
            raise InputError("give either zone or lat/lon, not both")
        return None, None, None
    lat = published.latitude if lat is None else lat
    lon = published.longitude if lon is None else lon
    if lat is None or lon is None:
        raise InputError("lat and lon: not given and the table has no place of its own; "
                         "give lat and lon (or --city)")
    found = authority_at(float(lat), float(lon), ZONE_METHODS[0])[1]
    return lat, lon, None if found is None else found.code


def _times(published: PublishedTimetable, times) -> tuple[str, ...]:
    """The times to compare: those asked for, or the timetable's six it gives."""
    given = {n for d in published.dates for n in published.times(d)}
    if times is None:
        times = tuple(n for n in PRAYER_NAMES if n in given)
    else:
        times = tuple(times)
        bad = [t for t in times if t not in TIME_NAMES]
        if bad:
            raise InputError(f"times: got {bad[0]!r}; allowed: {', '.join(TIME_NAMES)}")
    if not times:
        raise InputError(f"times: the table gives none of {', '.join(PRAYER_NAMES)}")
    return times


def _calculated(combos, lat, lon, zone, auto, start, end, rounding, asr, tz) -> np.ndarray:
    """UTC seconds (places = combos, dates, times) of every method and elevation;
    JAKIM's methods at the zone ``auto`` when the point lies in one.
    """
    def at_zone(code, m):
        return _table(zone=code, start=start, end=end, method=m, rounding=rounding,
                      asr=asr, tz=tz).utc_seconds
    if zone is not None:
        return np.concatenate([at_zone(zone, m) for m, _ in combos])
    tt = _table([lat] * len(combos), [lon] * len(combos), start, end,
                method=[m for m, _ in combos], elevation=[e for _, e in combos],
                rounding=rounding, asr=asr, tz=tz)
    out = np.array(tt.utc_seconds)
    for k, (m, _) in enumerate(combos):
        if auto and m in ZONE_METHODS:
            out[k] = at_zone(auto, m)[0]
    return out


def _nan0(x: float) -> float:
    return 0.0 if x != x else x


def _naninf(x: float) -> float:
    return float("inf") if x != x else x
