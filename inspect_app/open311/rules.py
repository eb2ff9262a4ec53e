"""Pure Open311 GeoReport v2 rules: the nearest neighbourhood to a point, the status mapping, the error body."""

import math
from collections.abc import Iterable

from inspect_app.resident_reports.rules import ReportStatus

# A point farther than this from every known neighbourhood position is not taken as any of them.
MAX_DISTANCE_M = 1500.0
EARTH_RADIUS_M = 6_371_000.0


def distance_m(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """Great-circle distance (haversine), in metres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(a))


def nearest(lat: float, lng: float, places: Iterable[tuple[int, float, float]],
            max_m: float = MAX_DISTANCE_M) -> int | None:
    """The id of the place nearest to (lat, lng) within max_m; None if none is that close."""
    best: tuple[float, int] | None = None
    for place_id, plat, plng in places:
        d = distance_m(lat, lng, plat, plng)
        if d <= max_m and (best is None or d < best[0]):
            best = (d, place_id)
    return best[1] if best else None


def parse_coordinate(raw: str | None, low: float, high: float) -> float | None:
    try:
        value = float((raw or "").strip())
    except ValueError:
        return None
    return value if math.isfinite(value) and low <= value <= high else None


def open311_status(report_status: str, finding_closed: bool) -> str:
    """GeoReport v2 knows two states: a declined report or a closed (销号) finding is closed, all else open."""
    return "closed" if report_status == ReportStatus.DECLINED or finding_closed else "open"


def errors(code: int, *descriptions: str) -> list[dict[str, object]]:
    """The specification's error body: an array of {code, description}."""
    return [{"code": code, "description": d} for d in descriptions]
