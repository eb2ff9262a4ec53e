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
from inspect_app.core.errors import DomainError
from inspect_app.core.uploads import MAX_FILES
from inspect_app.photos import services
from inspect_app.photos.forms import PhotoUpload
from inspect_app.photos.models import Photo, PhotoKind
from inspect_app.photos.uploads import _size as file_size  # noqa: PLC2701 - one rule for "too large"
from inspect_app.photos.uploads import file_key

Staged = tuple[services.StagedPhoto, str | None]  # a processed, written photo and its client key


def stage_uploads(upload: PhotoUpload, *, kind: PhotoKind, watermark_lines: Sequence[str]) -> list[Staged]:
    """Photos processed and written, without rows yet; any refused file raises DomainError (413 or 422) naming each.

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
    staged: list[Staged] = []
    refused: list[tuple[str, DomainError]] = []
    try:
        for index, file in enumerate(files):
            try:
                staged.append(_stage(file.read(), file.filename or "", upload, index, kind=kind,
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


def add_staged(photos: Sequence[Staged], *, actor: User | None, **links: int | None) -> list[Photo]:
    """Add the staged photos' rows with their links to the caller's unit (which commits; a rollback removes the
    files)."""
    return [services.add_staged(staged, actor=actor, client_key=key, **links) for staged, key in photos]


def discard(photos: Sequence[Staged]) -> None:
    """Remove the files of staged photos that will not be saved."""
    services.discard_staged(staged for staged, _key in photos)


def _stage(data: bytes, filename: str, upload: PhotoUpload, index: int, *, kind: PhotoKind,
           watermark_lines: Sequence[str]) -> Staged:
    key = file_key(upload.key, index) if upload.key else None  # as store_uploads names them
    if key is not None and services.photo_by_client_key(key) is not None:  # the caller found no record of this key
        raise DomainError(_("该照片编号已用于另一张照片，请重新选择照片上传"), field="photo", status=409)
    staged = services.stage_photo(data, kind=kind, watermark_lines=watermark_lines, original_filename=filename,
                                  device_lat=upload.lat, device_lng=upload.lng, device_taken_at=upload.taken_at)
    return staged, key


def _shown(name: str) -> str:
    return services.clean_filename(name)[:60]
