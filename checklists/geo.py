"""Where an inspection happened, as people in China can open it on a map.

Telegram shares GPS (WGS-84) coordinates, but the map apps used in China
(高德/Amap, Tencent, Apple Maps inside China) draw their maps in GCJ-02, a
published obfuscated datum shifted by up to several hundred metres. A WGS-84
point dropped on those maps lands beside the site, so the form converts it
with the standard public GCJ-02 algorithm (the one every open implementation
shares, e.g. eviltransform) before building the map link. Points outside
China are not shifted, as the datum only applies inside China.
"""

from __future__ import annotations

import math
from urllib.parse import quote

# Krasovsky 1940 ellipsoid, which the GCJ-02 formulas are defined on.
_A = 6378245.0
_EE = 0.00669342162296594323
AMAP_MARKER = "https://uri.amap.com/marker"


def out_of_china(latitude: float, longitude: float) -> bool:
    """The rough bounding box the algorithm applies to; outside it GCJ-02 equals WGS-84."""
    return not (72.004 <= longitude <= 137.8347 and 0.8293 <= latitude <= 55.8271)


def _shift_lat(x: float, y: float) -> float:
    value = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    value += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    value += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
    value += (160.0 * math.sin(y / 12.0 * math.pi) + 320.0 * math.sin(y * math.pi / 30.0)) * 2.0 / 3.0
    return value


def _shift_lon(x: float, y: float) -> float:
    value = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    value += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    value += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
    value += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2.0 / 3.0
    return value


def wgs84_to_gcj02(latitude: float, longitude: float) -> tuple[float, float]:
    """(latitude, longitude) on the GCJ-02 datum for a GPS point."""
    if out_of_china(latitude, longitude):
        return latitude, longitude
    d_lat = _shift_lat(longitude - 105.0, latitude - 35.0)
    d_lon = _shift_lon(longitude - 105.0, latitude - 35.0)
    rad = latitude / 180.0 * math.pi
    magic = 1 - _EE * math.sin(rad) ** 2
    sqrt_magic = math.sqrt(magic)
    d_lat = (d_lat * 180.0) / ((_A * (1 - _EE)) / (magic * sqrt_magic) * math.pi)
    d_lon = (d_lon * 180.0) / (_A / sqrt_magic * math.cos(rad) * math.pi)
    return latitude + d_lat, longitude + d_lon


def gps_text(latitude: float, longitude: float) -> str:
    """Coordinates as printed: hemisphere words, five decimals (about a metre)."""
    north = "北纬" if latitude >= 0 else "南纬"
    east = "东经" if longitude >= 0 else "西经"
    return f"{north}{abs(latitude):.5f}°，{east}{abs(longitude):.5f}°"


def map_link(latitude: float, longitude: float, name: str = "") -> str:
    """An Amap marker link at the site, in GCJ-02 (`coordinate=gaode`).

    uri.amap.com/marker opens in the Amap app when installed and in any
    browser otherwise; `position` is longitude first.
    """
    lat, lon = wgs84_to_gcj02(latitude, longitude)
    link = f"{AMAP_MARKER}?position={lon:.6f},{lat:.6f}&coordinate=gaode"
    if name:
        link += f"&name={quote(name[:40], safe='')}"
    return link
