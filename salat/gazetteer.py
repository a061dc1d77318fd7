"""The gazetteer shipped with salat: GeoNames' populated places of 1,000 or more.

``salat/data/gazetteer.bin.xz`` (built by ``tools/build_gazetteer.py``, GeoNames CC BY 4.0)
holds about 170,000 places as columns (one array per field, places ordered by population,
most populous first, so a place's index is its rank) and an index of folded names (every
name of a place folded with :func:`salat.inputs.fold`, sorted by UTF-8 bytes, each with the
indices of the places that carry it). It is read on first use only (``import salat`` does
not touch it) and then kept: the arrays, not Python objects per place.

This module answers with indices; :mod:`salat.places` turns them into ``Place`` values.
"""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np

from .inputs import fold

__all__ = ["Gazetteer", "gazetteer", "fold", "DATA", "FORMAT", "NO_ELEVATION"]

#: The data file.
DATA = Path(__file__).resolve().parent / "data" / "gazetteer.bin.xz"
#: Version of the file's layout, checked on load.
FORMAT = 2
#: Elevation cell of a place GeoNames gives none for.
NO_ELEVATION = -32768
_EARTH_KM = 6371.0088
#: Other names of countries people write (folded) -> ISO code.
COUNTRY_ALIASES = {"usa": "US", "u s a": "US", "united states of america": "US",
                   "america": "US", "uk": "GB", "great britain": "GB", "britain": "GB",
                   "uae": "AE", "emirates": "AE", "turkiye": "TR", "ivory coast": "CI",
                   "czech republic": "CZ", "russian federation": "RU", "holland": "NL",
                   "the netherlands": "NL", "burma": "MM", "ksa": "SA",
                   "palestinian territory": "PS", "palestine": "PS", "korea": "KR",
                   "south korea": "KR", "north korea": "KP", "vatican": "VA",
                   "dr congo": "CD", "drc": "CD", "republic of the congo": "CG"}


class Record:
    """One gazetteer entry, as stored (a plain class: no code generated at import)."""

    __slots__ = ("index", "geonameid", "name", "names", "country", "region", "lat", "lon",
                 "tz", "elevation", "population")

    def __init__(self, *values) -> None:
        for key, value in zip(self.__slots__, values):
            setattr(self, key, value)

    def __repr__(self) -> str:
        return f"Record({', '.join(f'{k}={getattr(self, k)!r}' for k in self.__slots__)})"


class Gazetteer:
    """The loaded data file: lookups by folded name, by country, by coordinates."""

    def __init__(self, path: Path = DATA) -> None:
        """Read the data file at ``path``."""
        a = _read(path)
        self.geonameid = a["geonameid"]
        self.lat = a["lat"].astype(np.float64) / 1e5
        self.lon = a["lon"].astype(np.float64) / 1e5
        self.population = a["population"]
        self.elevation = a["elevation"]
        self.country = a["country"]
        self.tz = a["tz"]
        self.region = a["region"]
        self._names = a["names"]
        self._names_off = _offsets(a["names_lengths"])
        self._keys = a["keys"]
        self._keys_off = _offsets(a["keys_lengths"])
        self._key_places = a["key_places"]
        self._kp_off = _offsets(a["key_places_counts"])
        self.country_codes = [str(c) for c in a["country_codes"]]
        self.tz_names = [str(t) for t in a["tz_names"]]
        self.region_codes = [str(r) for r in a["region_codes"]]
        self.region_names = [str(r) for r in a["region_names"]]
        self._countries: dict[str, int] = {}
        self.country_names: list[str] = []
        for i, (code, text) in enumerate(zip(self.country_codes, a["country_names"])):
            name, iso3 = str(text).split("\x1f")
            self.country_names.append(name)
            for k in (code, iso3, name):
                if k:
                    self._countries.setdefault(fold(k), i)
        for k, code in COUNTRY_ALIASES.items():
            if code in self.country_codes:
                self._countries.setdefault(k, self.country_codes.index(code))
        self._by_lat = np.argsort(self.lat, kind="stable")
        self._lat_sorted = self.lat[self._by_lat]
        self.size = len(self.lat)

    # -- names
    def _key(self, i: int) -> bytes:
        return self._keys[self._keys_off[i]:self._keys_off[i + 1]]

    def _bisect(self, key: bytes) -> int:
        lo, hi = 0, len(self._keys_off) - 1
        while lo < hi:
            mid = (lo + hi) // 2
            if self._key(mid) < key:
                lo = mid + 1
            else:
                hi = mid
        return lo

    def lookup(self, name: str) -> np.ndarray:
        """Indices of the places one of whose names folds like ``name`` (most populous first)."""
        key = fold(name).encode("utf-8")
        i = self._bisect(key)
        if i < len(self._keys_off) - 1 and self._key(i) == key:
            return self._key_places[self._kp_off[i]:self._kp_off[i + 1]]
        return self._key_places[:0]

    def suggest(self, name: str, count: int = 3, within: np.ndarray | None = None) -> list[str]:
        """Names like ``name`` (spelling near it), the most populous places' first."""
        import difflib

        key = fold(name)
        if not key:
            return []
        found: dict[str, int] = {}
        for width in (2, 1):
            prefix = key[:width].encode("utf-8")
            lo = self._bisect(prefix)
            hi = self._bisect(prefix + b"\xff")
            pool = {}
            for j in range(lo, hi):
                first = int(self._key_places[self._kp_off[j]])
                if within is not None and not within[first]:
                    continue
                pool[self._key(j).decode("utf-8")] = first
            if len(pool) > 4000:     # the most populous places' names only
                pool = dict(sorted(pool.items(), key=lambda kv: kv[1])[:4000])
            for k in difflib.get_close_matches(key, list(pool), n=count * 3, cutoff=0.75):
                found.setdefault(k, pool[k])
            if found:
                break
        ranked = sorted(found.items(), key=lambda kv: kv[1])
        out: list[str] = []
        for _k, i in ranked:
            shown = self.record(i).name
            if shown not in out:
                out.append(shown)
        return out[:count]

    # -- countries and regions
    def country_index(self, text: str) -> int | None:
        """The country (index into ``country_codes``) that ``text`` names, or ``None``."""
        return self._countries.get(fold(text))

    def region_matches(self, text: str, places: np.ndarray) -> np.ndarray:
        """Those of ``places`` whose first-level region is named ``text`` (or its code)."""
        want = fold(text)
        ok = [r for r, (code, rname) in enumerate(zip(self.region_codes, self.region_names))
              if fold(rname) == want or fold(code.split(".", 1)[1]) == want]
        return places[np.isin(self.region[places], ok)]

    # -- coordinates
    def nearest(self, lat: float, lon: float, max_km: float) -> tuple[int, float] | None:
        """The place nearest (lat, lon) within ``max_km`` and its distance, or ``None``."""
        band = max_km / 111.0 + 1e-9
        lo = np.searchsorted(self._lat_sorted, lat - band, side="left")
        hi = np.searchsorted(self._lat_sorted, lat + band, side="right")
        idx = self._by_lat[lo:hi]
        if not len(idx):
            return None
        km = distance_km(lat, lon, self.lat[idx], self.lon[idx])
        j = int(np.argmin(km))
        if km[j] > max_km:
            return None
        return int(idx[j]), float(km[j])

    # -- records
    def record(self, i: int) -> Record:
        """The entry at index ``i``."""
        i = int(i)
        names = self._names[self._names_off[i]:self._names_off[i + 1]].decode("utf-8")
        allnames = tuple(names.split("\x1f"))
        e = int(self.elevation[i])
        return Record(i, int(self.geonameid[i]), allnames[0], allnames,
                      self.country_codes[int(self.country[i])],
                      self.region_names[int(self.region[i])],
                      float(self.lat[i]), float(self.lon[i]), self.tz_names[int(self.tz[i])],
                      None if e == NO_ELEVATION else float(e), int(self.population[i]))


_TEXT = ("names", "keys")


def _read(path: Path) -> dict[str, np.ndarray]:
    """The arrays of the data file, decompressed straight into them (see
    ``tools/build_gazetteer.py``: a JSON line naming the arrays, then their bytes).
    """
    import json
    import lzma

    with lzma.open(path) as f:
        head = json.loads(f.readline())
        if head.get("format") != FORMAT:
            raise RuntimeError(f"{path}: layout {head.get('format')}, expected {FORMAT}")
        out = {}
        for name, dtype, n in head["arrays"]:
            # text blobs as a bytearray (compared and sliced as bytes), the rest as arrays
            arr = bytearray(n) if name in _TEXT else np.empty(n, np.dtype(dtype))
            view = memoryview(arr).cast("B")
            got = 0
            while got < len(view):
                k = f.readinto(view[got:])
                if not k:
                    raise RuntimeError(f"{path}: truncated at {name}")
                got += k
            out[name] = arr
    return out


def _offsets(lengths: np.ndarray) -> np.ndarray:
    out = np.zeros(len(lengths) + 1, np.uint32)
    np.cumsum(lengths, out=out[1:])
    return out


def distance_km(lat, lon, lats, lons):
    """Great-circle distance (km) from one point to many (haversine, mean Earth radius)."""
    p1, p2 = np.radians(lat), np.radians(lats)
    dlat = p2 - p1
    dlon = np.radians(np.asarray(lons) - lon)
    h = np.sin(dlat / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dlon / 2) ** 2
    return 2 * _EARTH_KM * np.arcsin(np.sqrt(np.minimum(h, 1.0)))


_LOADED: Gazetteer | None = None
_LOCK = threading.Lock()


def gazetteer() -> Gazetteer:
    """The gazetteer, read from its data file on the first call and kept."""
    global _LOADED
    if _LOADED is None:
        with _LOCK:
            if _LOADED is None:
                _LOADED = Gazetteer()
    return _LOADED
