"""Pure map rules: which of a neighbourhood's known positions stands for it, what a tile URL needs from the CSP."""

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
