"""A photo in a PDF: its display copy handed to the renderer as an app resource, or a gap when the file is lost."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from inspect_app.photos.models import Photo
from inspect_app.photos.services import photo_path

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PhotoSlot:
    """What templates/pdf/_photo.html shows: the image at app-resource:<key>, or 照片缺失 when key is None."""

    photo: Photo
    key: str | None


def photo_slot(photo: Photo, resources: dict[str, bytes]) -> PhotoSlot:
    """Add the photo's display bytes to `resources` (the document's app resources) and say where they are."""
    path = photo_path(photo, "display")
    try:
        data = path.read_bytes()
    except OSError:
        logger.warning("Photo %s missing for a PDF: %s", photo.id, path)
        return PhotoSlot(photo, None)
    key = f"photo-{photo.id}"
    resources[key] = data
    return PhotoSlot(photo, key)
