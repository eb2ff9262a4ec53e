"""Photos that belong to a bigger record: processed and written first, their rows added in the caller's unit.

store_uploads keeps the good files of an upload and reports the bad ones; a record that must not exist without
its photos (a company's fix report) stages them instead: every file is checked, decoded and written before any
row is touched, one refusal refuses the whole upload (nothing stays on disk), and the caller adds the rows in
the same transaction as its record. If that transaction rolls back, the files go with it (photos.services).
"""

from collections.abc import Sequence

from flask import current_app
from flask_babel import gettext as _

from inspect_app.auth.models import User
from inspect_app.core import audit
from inspect_app.core.db import db
from inspect_app.core.errors import DomainError
from inspect_app.core.uploads import MAX_FILES
from inspect_app.photos import services
from inspect_app.photos.forms import PhotoUpload
from inspect_app.photos.models import Photo, PhotoKind
from inspect_app.photos.pipeline import ProcessedPhoto
from inspect_app.photos.uploads import _size as file_size  # noqa: PLC2701 - one rule for "too large"
from inspect_app.photos.uploads import file_key


def stage_uploads(upload: PhotoUpload, *, kind: PhotoKind, actor: User | None,
                  watermark_lines: Sequence[str]) -> list[Photo]:
    """Unsaved Photo rows whose files are written; any refused file raises DomainError (413 or 422) naming each.

    Refused before anything is decoded: more than MAX_FILES (422), a file over UPLOAD_MAX_BYTES (413).
    """
    files = upload.files
    if len(files) > MAX_FILES:
        raise DomainError(_("一次最多上传 %(n)s 张照片", n=MAX_FILES), field="photos")
    too_large = [f.filename or "" for f in files if file_size(f) > current_app.config["UPLOAD_MAX_BYTES"]]
    if too_large:
        error = DomainError(_("%(name)s：照片文件过大，请压缩后重试", name=_shown(too_large[0])), field="photos",
                            status=413)
        audit.upload_refused(error, kind=kind)
        raise error
    staged: list[Photo] = []
    refused: list[tuple[str, DomainError]] = []
    try:
        for index, file in enumerate(files):
            try:
                staged.append(_stage(file.read(), file.filename or "", upload, index, kind=kind, actor=actor,
                                     watermark_lines=watermark_lines))
            except DomainError as error:
                if error.status == 409:  # a key clash refuses the request as a whole
                    raise
                refused.append((file.filename or "", error))
    except BaseException:
        discard(staged)
        raise
    if refused:
        discard(staged)
        status = 413 if any(error.status == 413 for _name, error in refused) else 422
        message = "；".join(f"{_shown(name)}：{error.message}" for name, error in refused)
        raise DomainError(_("未提交：%(errors)s", errors=message), field="photos",
                          status=status)
    return staged


def add_staged(photos: Sequence[Photo], **links: int | None) -> None:
    """Add the staged rows to the session with their links (photos.services.LINK_FIELDS); the caller commits."""
    unknown = set(links) - set(services.LINK_FIELDS)
    if unknown:
        raise TypeError(f"unknown photo links: {sorted(unknown)}")
    for photo in photos:
        for name, value in links.items():
            setattr(photo, name, value)
        db.session.add(photo)


def discard(photos: Sequence[Photo]) -> None:
    """Remove the files of staged photos that will not be saved."""
    for photo in photos:
        services._unlink([services._absolute(p) for p in (photo.original_path, photo.display_path, photo.thumb_path)])


# The steps of photos.services.store_photo before its row is saved, taken one by one (its private helpers: one
# implementation of processing, file naming and metadata for both paths).
def _stage(data: bytes, filename: str, upload: PhotoUpload, index: int, *, kind: PhotoKind, actor: User | None,
           watermark_lines: Sequence[str]) -> Photo:
    key = file_key(upload.key, index) if upload.key else None  # as store_uploads names them
    if key is not None and services._by_client_key(key) is not None:  # the caller found no record of this key
        raise DomainError(_("该照片编号已用于另一张照片，请重新选择照片上传"), field="photo", status=409)
    try:
        processed: ProcessedPhoto = services._process(data, watermark_lines)
    except DomainError as error:
        audit.upload_refused(error, kind=kind)
        raise
    files = services._write_files(data, processed)
    return Photo(kind=kind, client_key=key, uploaded_by_id=actor.id if actor else None, sha256=processed.sha256,
                 original_path=files[0], display_path=files[1], thumb_path=files[2],
                 source_format=processed.source_format, original_filename=services.clean_filename(filename),
                 original_bytes=len(data), display_bytes=len(processed.display_jpeg),
                 width=processed.width, height=processed.height,
                 taken_at=services._aware(processed.taken_at) or services._plausible(upload.taken_at),
                 **services._location(processed, upload.lat, upload.lng))


def _shown(name: str) -> str:
    return services.clean_filename(name)[:60]
