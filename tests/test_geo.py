"""WGS-84 -> GCJ-02 against published reference points, and the map link."""

from __future__ import annotations

import math
from urllib.parse import parse_qs, urlparse

import pytest
from hypothesis import given
from hypothesis import strategies as st

from checklists.geo import gps_text, map_link, out_of_china, wgs84_to_gcj02

# (WGS-84 lat, lon) -> (GCJ-02 lat, lon): the reference points published with
# the eviltransform implementations (Shanghai, Shenzhen, Beijing).
REFERENCE = [
    ((31.1774276, 121.5272106), (31.17530398364597, 121.531541859215)),
    ((22.543847, 113.912316), (22.540796131694766, 113.9171764808363)),
    ((39.911954, 116.377817), (39.91334545536069, 116.38404722455657)),
]


@pytest.mark.parametrize(("wgs", "gcj"), REFERENCE)
def test_reference_points(wgs: tuple[float, float], gcj: tuple[float, float]) -> None:
    lat, lon = wgs84_to_gcj02(*wgs)
    assert lat == pytest.approx(gcj[0], abs=1e-9) and lon == pytest.approx(gcj[1], abs=1e-9)


def test_points_outside_china_are_not_shifted() -> None:
    assert out_of_china(48.8584, 2.2945) and wgs84_to_gcj02(48.8584, 2.2945) == (48.8584, 2.2945)
    assert not out_of_china(35.49, 112.85)


@given(st.floats(18.0, 53.0), st.floats(74.0, 134.0))
def test_the_shift_inside_china_is_under_a_kilometre(lat: float, lon: float) -> None:
    """GCJ-02 moves a point by tens to hundreds of metres, never kilometres."""
    glat, glon = wgs84_to_gcj02(lat, lon)
    metres = math.hypot((glat - lat) * 111_000, (glon - lon) * 111_000 * math.cos(math.radians(lat)))
    assert 1 < metres < 1000


def test_map_link_opens_amap_at_the_converted_point() -> None:
    link = urlparse(map_link(31.1774276, 121.5272106))
    assert (link.scheme, link.netloc, link.path) == ("https", "uri.amap.com", "/marker")
    query = parse_qs(link.query)
    assert query["coordinate"] == ["gaode"]
    lon, lat = (float(v) for v in query["position"][0].split(","))  # longitude first
    assert lat == pytest.approx(31.175304, abs=1e-6) and lon == pytest.approx(121.531542, abs=1e-6)


def test_gps_text_names_the_hemispheres() -> None:
    assert gps_text(35.49, 112.85) == "北纬35.49000°，东经112.85000°"
    assert gps_text(-33.9, -70.6) == "南纬33.90000°，西经70.60000°"
