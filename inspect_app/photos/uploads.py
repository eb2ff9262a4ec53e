"""Store the photos of one upload; one bad file gets its own message and does not stop the others."""

import os
from collections.abc import Sequence

from flask import current_app
from flask_babel import gettext as _
from werkzeug.datastructures import FileStorage

from inspect_app.auth.models import User
from inspect_app.core.errors import DomainError
from inspect_app.core.forms import plain_text
from inspect_app.core.uploads import MAX_FILES
from inspect_app.photos.forms import PhotoUpload
from inspect_app.photos.models import PhotoKind
from inspect_app.photos.services import store_photo


def file_key(key: str, index: int) -> str:
    """The client key of the index-th file of an upload made with `key`."""
    return f"{key}:{index}"


def _size(upload: FileStorage) -> int:
    stream = upload.stream
    here = stream.tell()
    end = stream.seek(0, os.SEEK_END)
    stream.seek(here)
    return end


def store_uploads(upload: PhotoUpload, *, kind: PhotoKind, actor: User | None, watermark_lines: Sequence[str],
                  **links: int | None) -> list[str]:
    """Returns one message per refused file; the client key makes a replayed request store nothing twice.

    A file over UPLOAD_MAX_BYTES refuses the whole request first (DomainError, 413): nothing of it is stored.
    A client key already used for other content raises its DomainError (409): the stored photo stays as it was.
    """
    files = upload.files
    if len(files) > MAX_FILES:
        return [_("一次最多上传 %(n)s 张照片", n=MAX_FILES)]
    too_large = [f.filename or "" for f in files if _size(f) > current_app.config["UPLOAD_MAX_BYTES"]]
    if too_large:  # refused before anything is stored, and answered 413 like a body over the request limit
        raise DomainError(_("%(name)s：照片文件过大，请压缩后重试", name=too_large[0][:60]), field="photo", status=413)
    errors = []
    for index, file in enumerate(files):
        name = file.filename or ""
        try:
            store_photo(file.read(), kind=kind, actor=actor, original_filename=name,
                        watermark_lines=watermark_lines, client_key=file_key(upload.key, index) if upload.key else None,
                        device_lat=upload.lat, device_lng=upload.lng, device_taken_at=upload.capture_time,
                        **links)  # type: ignore[arg-type]  # links are photo link columns; store_photo checks the names
        except DomainError as error:
            if error.status == 409:  # the key was used for other content: the request conflicts as a whole
                raise
            errors.append(f"{plain_text(name)[:60]}：{error.message}")
    return errors
