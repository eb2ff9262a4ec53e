"""Store the photos of a multipart request; one bad file gets its own message and does not stop the others."""

import os
from collections.abc import Sequence
from datetime import datetime

from flask import current_app, request
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


def form_datetime(name: str) -> datetime | None:
    """An ISO 8601 time from the form; without a zone it is local time, as in EXIF."""
    try:
        value = datetime.fromisoformat(request.form[name].strip()[:40])
    except (KeyError, ValueError):
        return None
    return value.replace(tzinfo=LOCAL_TZ) if value.tzinfo is None else value


def file_key(key: str, index: int) -> str:
    """The client key of the index-th file of an upload made with `key`."""
    return f"{key}:{index}"


def _size(upload) -> int:
    stream = upload.stream
    here = stream.tell()
    end = stream.seek(0, os.SEEK_END)
    stream.seek(here)
    return end


def store_uploads(files: Sequence, *, kind: PhotoKind, actor: User | None, watermark_lines: Sequence[str],
                  key: str | None, device_taken_at: datetime | None = None, **links: int | None) -> list[str]:
    """Returns one message per refused file; the client key makes a replayed request store nothing twice.

    A file over UPLOAD_MAX_BYTES refuses the whole request first (DomainError, 413): nothing of it is stored.
    A client key already used for other content raises its DomainError (409): the stored photo stays as it was.
    """
    if len(files) > MAX_FILES:
        return [_("一次最多上传 %(n)s 张照片", n=MAX_FILES)]
    too_large = [f.filename for f in files if _size(f) > current_app.config["UPLOAD_MAX_BYTES"]]
    if too_large:  # refused before anything is stored, and answered 413 like a body over the request limit
        raise DomainError(_("%(name)s：照片文件过大，请压缩后重试", name=too_large[0][:60]), field="photo", status=413)
    errors = []
    for index, upload in enumerate(files):
        try:
            store_photo(upload.read(), kind=kind, actor=actor, original_filename=upload.filename,
                        watermark_lines=watermark_lines, client_key=file_key(key, index) if key else None,
                        device_lat=form_float("lat"), device_lng=form_float("lng"),
                        device_taken_at=device_taken_at, **links)
        except DomainError as error:
            if error.status == 409:  # the key was used for other content: the request conflicts as a whole
                raise
            errors.append(f"{upload.filename[:60]}：{error.message}")
    return errors
