"""What a photo's EXIF says: its orientation, when it was taken and where; anything malformed reads as absent."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from PIL import Image

_ORIENTATION_TAG = 0x0112
_EXIF_IFD, _GPS_IFD, _DATETIME_ORIGINAL = 0x8769, 0x8825, 36867
# How to turn each EXIF orientation upright.
TRANSPOSE = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}


@dataclass(frozen=True)
class Meta:
    orientation: int
    taken_at: datetime | None
    gps_lat: float | None
    gps_lng: float | None

    @property
    def swaps_sides(self) -> bool:
        """Whether turning the image upright swaps its width and height."""
        return self.orientation in (5, 6, 7, 8)


def read_meta(im: Image.Image) -> Meta:
    """Orientation, capture time and GPS from EXIF; anything malformed reads as absent."""
    try:
        exif = im.getexif()
        orientation = exif.get(_ORIENTATION_TAG)
        taken_at = _parse_exif_datetime(exif.get_ifd(_EXIF_IFD).get(_DATETIME_ORIGINAL))
        lat, lng = _parse_gps(exif.get_ifd(_GPS_IFD))
    except Exception:  # noqa: BLE001 - metadata is optional; broken EXIF must not reject the photo
        return Meta(1, None, None, None)
    return Meta(orientation if isinstance(orientation, int) else 1, taken_at, lat, lng)


def _parse_exif_datetime(value: Any) -> datetime | None:
    if isinstance(value, bytes):
        value = value.decode("ascii", "replace")
    if not isinstance(value, str):
        return None
    try:
        return datetime.strptime(value.strip("\x00 ")[:19], "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return None


def _parse_gps(gps: dict[int, Any]) -> tuple[float | None, float | None]:
    lat = _gps_coordinate(gps.get(2), gps.get(1), "S", 90.0)
    lng = _gps_coordinate(gps.get(4), gps.get(3), "W", 180.0)
    if lat is None or lng is None or (lat == 0.0 and lng == 0.0):  # 0,0 is what cameras write without a fix
        return None, None
    return lat, lng


def _gps_coordinate(dms: Any, ref: Any, negative_ref: str, limit: float) -> float | None:
    try:
        degrees, minutes, seconds = (float(part) for part in dms)
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    value = degrees + minutes / 60 + seconds / 3600
    if not math.isfinite(value) or min(degrees, minutes, seconds) < 0 or value > limit:
        return None
    if isinstance(ref, bytes):
        ref = ref.decode("ascii", "replace")
    if isinstance(ref, str) and ref.strip("\x00 ").upper() == negative_ref:
        value = -value
    return value
