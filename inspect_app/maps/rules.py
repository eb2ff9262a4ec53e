"""Pure map rules: which of a neighbourhood's known positions stands for it, what a tile URL needs from the CSP."""

import math
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import urlsplit


class LocationSource(StrEnum):
    ADMIN = "admin"  # set by the administrator on the neighbourhood
    PATROL = "patrol"  # the start position of its first submitted patrol
    PHOTO = "photo"  # the GPS of the first photo of a finding raised there


@dataclass(frozen=True)
class Position:
    lat: float
    lng: float
    source: LocationSource


def valid(lat: float | None, lng: float | None) -> bool:
    return lat is not None and lng is not None and -90 <= lat <= 90 and -180 <= lng <= 180


def locate(candidates: Iterable[tuple[LocationSource, float | None, float | None]]) -> Position | None:
    """The first valid position in order of trust (admin, then patrol, then photo); None when none is known."""
    for source, lat, lng in candidates:
        if valid(lat, lng):
            assert lat is not None and lng is not None
            return Position(lat, lng, source)
    return None


def tile_origin(url: str) -> str | None:
    """The CSP source a tile URL template needs (`https://{s}.tile.example.org/{z}/{x}/{y}.png` →
    `https://*.tile.example.org`); None when no tiles are set or the URL is not http(s)."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    host = parts.netloc.rsplit("@", 1)[-1]
    host = host.replace("{s}", "*")
    if "{" in host or "}" in host or any(c in host for c in " ;,'\""):
        return None
    return f"{parts.scheme}://{host}"


EARTH_RADIUS_M = 6_371_000.0


def distance_m(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in metres between two (lat, lng) points (haversine)."""
    lat1, lng1, lat2, lng2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lng2 - lng1) / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))


@dataclass(frozen=True)
class StartPlace:
    """Where a patrol was started, against where its neighbourhood is."""

    metres: float
    is_far: bool  # beyond the threshold (PATROL_FAR_METRES): a patrol logged from elsewhere, e.g. the office
    source: LocationSource

    @property
    def kilometres(self) -> str:
        return f"{self.metres / 1000:.1f}"


def start_place(start: tuple[float | None, float | None], neighborhood: Position | None,
                far_metres: float) -> StartPlace | None:
    """None when the start position or the neighbourhood's is unknown."""
    if neighborhood is None or not valid(*start):
        return None
    assert start[0] is not None and start[1] is not None
    metres = distance_m((start[0], start[1]), (neighborhood.lat, neighborhood.lng))
    return StartPlace(metres, metres > far_metres, neighborhood.source)
