"""Store the photos of a multipart request; one bad file gets its own message and does not stop the others."""

from collections.abc import Sequence

from flask import request
from flask_babel import gettext as _

from inspect_app.auth.models import User
from inspect_app.core.db import utcnow
from inspect_app.core.errors import DomainError
from inspect_app.core.time import LOCAL_TZ
from inspect_app.photos.models import PhotoKind
from inspect_app.photos.services import store_photo

MAX_FILES = 6


def uploaded_files(field: str = "photos") -> list:
    return [f for f in request.files.getlist(field) if f and f.filename]


def watermark(*lines: str) -> list[str]:
    """Time first, as field evidence apps stamp it."""
    return [utcnow().astimezone(LOCAL_TZ).strftime("%Y-%m-%d %H:%M"), *lines]


def form_float(name: str) -> float | None:
    try:
        return float(request.form[name])
    except (KeyError, ValueError):
        return None


def store_uploads(files: Sequence, *, kind: PhotoKind, actor: User | None, watermark_lines: Sequence[str],
                  key: str | None, **links: int | None) -> list[str]:
    """Returns one message per refused file; the client key makes a replayed request store nothing twice."""
    if len(files) > MAX_FILES:
        return [_("一次最多上传 %(n)s 张照片", n=MAX_FILES)]
    errors = []
    for index, upload in enumerate(files):
        try:
            store_photo(upload.read(), kind=kind, actor=actor, original_filename=upload.filename,
                        watermark_lines=watermark_lines, client_key=f"{key}:{index}" if key else None,
                        device_lat=form_float("lat"), device_lng=form_float("lng"), **links)
        except DomainError as error:
            errors.append(f"{upload.filename[:60]}：{error.message}")
    return errors
