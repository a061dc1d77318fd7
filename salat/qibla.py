"""The Qibla: the great-circle direction and distance from a place to the Kaaba.

>>> q = qibla(51.5074, -0.1278)          # London
>>> round(q.direction, 2), round(q.distance_km)
(118.99, 4794)

The Earth is taken as a sphere (mean radius 6371.0088 km, IUGG): the initial
bearing of the great circle is what every published Qibla table and compass
app gives; the distance is within about 0.5 % of the ellipsoidal one.
"""

from __future__ import annotations

import math
from typing import NamedTuple

from . import inputs

__all__ = ["KAABA", "EARTH_RADIUS_KM", "Qibla", "qibla"]

#: The Kaaba, Masjid al-Haram, Makkah: degrees north and east.
KAABA = (21.422487, 39.826206)
#: The mean radius of the Earth (IUGG), km.
EARTH_RADIUS_KM = 6371.0088
# Closer than this (km) to the Kaaba or to its antipode, every direction is as good as another.
_UNDEFINED_KM = 0.001


class Qibla(NamedTuple):
    """The direction to face and how far away the Kaaba is.

    ``direction`` is degrees clockwise from true north (0 to 360), or ``None`` at
    the Kaaba itself and at its antipode, where no direction is better than another.
    """

    direction: float | None
    distance_km: float


def qibla(lat: float, lon: float) -> Qibla:
    """The great-circle bearing (degrees from true north) and distance (km) to the Kaaba.

    Parameters
    ----------
    lat, lon: degrees, north and east positive.

    Returns
    -------
    Qibla
        ``(direction, distance_km)``; ``direction`` is ``None`` at the Kaaba and its antipode.

    Raises ``salat.InputError`` for coordinates outside -90..90 / -180..180.
    """
    la, lo = inputs.coordinates(lat, lon)
    if la.ndim:
        raise inputs.InputTypeError("qibla takes one place (two numbers), got arrays")
    phi, lam = math.radians(float(la)), math.radians(float(lo))
    phi_k, lam_k = math.radians(KAABA[0]), math.radians(KAABA[1])
    d_lam = lam_k - lam
    # Central angle by the haversine formula (well conditioned for short distances).
    h = math.sin((phi_k - phi) / 2) ** 2 + \
        math.cos(phi) * math.cos(phi_k) * math.sin(d_lam / 2) ** 2
    central = 2 * math.asin(min(1.0, math.sqrt(h)))
    distance = EARTH_RADIUS_KM * central
    if distance < _UNDEFINED_KM or math.pi * EARTH_RADIUS_KM - distance < _UNDEFINED_KM:
        return Qibla(None, distance)
    y = math.sin(d_lam)
    x = math.cos(phi) * math.tan(phi_k) - math.sin(phi) * math.cos(d_lam)
    return Qibla(math.degrees(math.atan2(y, x)) % 360.0, distance)
