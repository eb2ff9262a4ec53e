"""The one photo service: store an upload as files plus a row (exactly once), find its files, delete it."""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import event, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, SessionTransaction

from inspect_app.auth.models import User
from inspect_app.core import audit
from inspect_app.core.db import db, utcnow
from inspect_app.core.errors import DomainError
from inspect_app.core.forms import plain_text
from inspect_app.core.storage import new_stored_name, write_atomic
from inspect_app.core.time import LOCAL_TZ
from inspect_app.photos.exif import Meta
from inspect_app.photos.models import Photo, PhotoKind
from inspect_app.photos.pipeline import PhotoError, PhotoLimits, ProcessedPhoto, process_photo
from inspect_app.photos.stamping import StampLines

LINK_FIELDS = ("inspection_id", "item_result_id", "finding_id", "rectification_report_id", "follow_up_result_id",
               "resident_report_id", "appeal_id")
VARIANTS = ("display", "thumb")  # the original is kept as evidence but never served
_SUFFIXES = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "HEIF": "heic"}
_PENDING = "photos.uncommitted_files"
_EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class StagedPhoto:
    """An upload processed and written to storage, without its row yet: the slow part, done before any
    transaction so that no write lock is held while photos are decoded (SQLite has one writer at a time)."""

    kind: str
    files: tuple[str, str, str]
    columns: dict[str, object]  # the Photo columns that come from the file


def stage_photo(data: bytes, *, kind: PhotoKind, watermark_lines: Sequence[str], original_filename: str = "",
                device_lat: float | None = None, device_lng: float | None = None,
                device_taken_at: datetime | None = None) -> StagedPhoto:
    """Process one upload and write its three files; a refusal is audited and raised as DomainError.

    Call outside any write transaction, then add_staged() the rows in one short one; discard_staged() the
    files of photos that will not get a row. Lines from stamping.watermark_lines() are stamped with the
    capture time and place: the file's EXIF, else what the phone reports, else now.
    """
    try:
        processed = _process(data, _stamp(watermark_lines, device_taken_at, device_lat, device_lng))
    except DomainError as error:
        audit.upload_refused(error, kind=kind)  # here, so every path that stores photos is audited
        raise
    files = _write_files(data, processed)
    columns = dict(sha256=processed.sha256, source_format=processed.source_format,
                   original_filename=clean_filename(original_filename), original_bytes=len(data),
                   display_bytes=len(processed.display_jpeg), width=processed.width, height=processed.height,
                   taken_at=_aware(processed.taken_at) or _plausible(device_taken_at),
                   **_location(processed, device_lat, device_lng))
    return StagedPhoto(kind, files, columns)


def add_staged(staged: StagedPhoto, *, actor: User | None, client_key: str | None = None,
               **links: int | None) -> Photo:
    """The staged photo's row, added to the caller's unit (the caller flushes and commits); if that unit rolls
    back, the files go with it."""
    _check_links_and_key(links, client_key)
    original, display, thumb = staged.files
    photo = Photo(kind=staged.kind, client_key=client_key, uploaded_by_id=actor.id if actor else None,
                  original_path=original, display_path=display, thumb_path=thumb, **staged.columns, **links)
    db.session.add(photo)
    db.session.info.setdefault(_PENDING, []).extend(_absolute(f) for f in staged.files)
    return photo


def discard_staged(staged: Iterable[StagedPhoto]) -> None:
    """Remove the files of staged photos (those already gone are fine)."""
    _unlink([_absolute(f) for photo in staged for f in photo.files])


def store_photo(data: bytes, *, kind: PhotoKind, actor: User | None, watermark_lines: Sequence[str],
                original_filename: str = "", client_key: str | None = None,
                device_lat: float | None = None, device_lng: float | None = None,
                device_taken_at: datetime | None = None, commit: bool = True, **links: int | None) -> Photo:
    """Process and store one upload; a replay of the same client_key returns the photo already stored.

    device_lat/lng/taken_at are what the phone reports; the file's own EXIF wins when it has any (a photo
    scaled on the phone arrives without metadata, so the phone sends what it read from the original).

    With commit=False the caller commits a bigger unit: the row is only flushed, and if that unit is rolled
    back the files written here are removed with it. A lost client_key race then raises IntegrityError.
    Such a caller holds its write lock while this photo is processed: stage_photo() before the unit instead.
    """
    _check_links_and_key(links, client_key)
    if client_key is not None:
        existing = photo_by_client_key(client_key)
        if existing is not None:
            return _replayed(existing, hashlib.sha256(data).hexdigest())
    staged = stage_photo(data, kind=kind, watermark_lines=watermark_lines, original_filename=original_filename,
                         device_lat=device_lat, device_lng=device_lng, device_taken_at=device_taken_at)
    return _save(add_staged(staged, actor=actor, client_key=client_key, **links), staged.files, commit=commit)


def delete_photo(photo: Photo) -> None:
    """Delete the row (committed), then its files; files already gone are fine."""
    paths = [_absolute(p) for p in (photo.original_path, photo.display_path, photo.thumb_path)]
    db.session.delete(photo)
    db.session.commit()
    _unlink(paths)


def get_photo_for(user: User, photo_id: int) -> Photo | None:
    """The photo if the user may be served it (Photo.visible_to)."""
    return db.session.scalar(select(Photo).where(Photo.id == photo_id, Photo.visible_to(user)))


def photo_path(photo: Photo, variant: str) -> Path:
    """Where the display copy or thumbnail of a photo lives on disk."""
    if variant not in VARIANTS:
        raise ValueError(f"not a servable photo variant: {variant!r}")
    return _absolute(getattr(photo, f"{variant}_path"))


def clean_filename(name: str) -> str:
    """The uploader's file name as plain display text: no control, format or surrogate characters."""
    return plain_text(name).replace("\t", "").replace("\n", "").strip()[:255]


def _check_links_and_key(links: dict[str, int | None], client_key: str | None) -> None:
    unknown = set(links) - set(LINK_FIELDS)
    if unknown:
        raise TypeError(f"unknown photo links: {sorted(unknown)}")
    if client_key is not None and not 0 < len(client_key) <= 64:
        raise ValueError("client_key must be 1 to 64 characters")


def photo_by_client_key(client_key: str) -> Photo | None:
    return db.session.scalar(select(Photo).where(Photo.client_key == client_key))


def _replayed(existing: Photo, sha256: str) -> Photo:
    if existing.sha256 != sha256:
        raise DomainError(_("该照片编号已用于另一张照片，请重新选择照片上传"), field="photo", status=409)
    return existing


def _stamp(lines: Sequence[str], device_taken_at: datetime | None, device_lat: float | None,
           device_lng: float | None) -> Sequence[str] | Callable[[Meta], Sequence[str]]:
    """Lines made by watermark_lines() are restamped with when and where the photo was taken, once known."""
    if not isinstance(lines, StampLines):
        return lines

    def at_capture(meta: Meta) -> Sequence[str]:
        taken_at = _aware(meta.taken_at) or _plausible(device_taken_at)
        if meta.gps_lat is not None and meta.gps_lng is not None:
            return lines.at(taken_at, meta.gps_lat, meta.gps_lng)
        valid = _valid_point(device_lat, device_lng)
        return lines.at(taken_at, device_lat if valid else None, device_lng if valid else None)

    return at_capture


def _process(data: bytes, watermark_lines: Sequence[str] | Callable[[Meta], Sequence[str]]) -> ProcessedPhoto:
    config = current_app.config
    limits = PhotoLimits(max_bytes=config["UPLOAD_MAX_BYTES"], max_pixels=config["UPLOAD_MAX_PIXELS"])
    try:
        return process_photo(data, watermark_lines=watermark_lines, limits=limits)
    except PhotoError as err:
        raise DomainError(err.message, field="photo", status=413 if err.code == "too_large" else 422) from err


def _write_files(data: bytes, processed: ProcessedPhoto) -> tuple[str, str, str]:
    """Write original, display and thumbnail under fresh server-made names; all three or none."""
    name = new_stored_name(_SUFFIXES[processed.source_format])
    stem = name.rsplit(".", 1)[0]
    files = (f"originals/{name}", f"display/{stem}.jpg", f"thumb/{stem}.jpg")
    written: list[Path] = []
    try:
        for relative, content in zip(files, (data, processed.display_jpeg, processed.thumb_jpeg), strict=True):
            path = _absolute(relative)
            write_atomic(path, content)
            written.append(path)
    except BaseException:
        _unlink(written)
        raise
    return files


def _save(photo: Photo, files: tuple[str, str, str], *, commit: bool) -> Photo:
    """Add the row after its files exist; if that fails, no files stay behind."""
    key, sha256 = photo.client_key, photo.sha256
    try:
        if commit:
            db.session.commit()
        else:
            db.session.flush()
    except Exception as exc:
        _unlink([_absolute(f) for f in files])
        if not commit:
            raise  # the caller's unit has failed as a whole; its rollback is the caller's
        db.session.rollback()
        winner = photo_by_client_key(key) if isinstance(exc, IntegrityError) and key is not None else None
        if winner is None:
            raise
        return _replayed(winner, sha256)  # a concurrent replay of this upload committed first
    return photo


def _location(processed: ProcessedPhoto, lat: float | None, lng: float | None) -> dict[str, object]:
    if processed.gps_lat is not None and processed.gps_lng is not None:
        return {"gps_lat": processed.gps_lat, "gps_lng": processed.gps_lng, "location_source": "exif"}
    if _valid_point(lat, lng):
        return {"gps_lat": lat, "gps_lng": lng, "location_source": "device"}
    return {"gps_lat": None, "gps_lng": None, "location_source": None}


def _valid_point(lat: float | None, lng: float | None) -> bool:
    if lat is None or lng is None or not (math.isfinite(lat) and math.isfinite(lng)):
        return False
    return abs(lat) <= 90 and abs(lng) <= 180 and (lat, lng) != (0.0, 0.0)


def _aware(taken_at: datetime | None) -> datetime | None:
    # EXIF times have no zone; cameras here are set to China Standard Time.
    return taken_at.replace(tzinfo=LOCAL_TZ) if taken_at is not None else None


def _plausible(taken_at: datetime | None) -> datetime | None:
    """A time reported by the phone, if it could be a capture time (no zone: local, as EXIF times are)."""
    if taken_at is None:
        return None
    taken_at = taken_at.replace(tzinfo=LOCAL_TZ) if taken_at.tzinfo is None else taken_at
    return taken_at if _EARLIEST <= taken_at <= utcnow() + timedelta(days=1) else None


def _absolute(relative: str) -> Path:
    return Path(current_app.config["UPLOAD_FOLDER"]) / relative


def _unlink(paths: Sequence[Path]) -> None:
    for path in paths:
        path.unlink(missing_ok=True)


@event.listens_for(db.session, "after_commit")
def _keep_committed_files(session: Session) -> None:
    if not session.in_nested_transaction():
        session.info.pop(_PENDING, None)


@event.listens_for(db.session, "after_transaction_end")
def _remove_uncommitted_files(session: Session, transaction: SessionTransaction) -> None:
    """A unit that stored photos with commit=False and then rolled back takes their files with it."""
    if transaction.parent is None:
        _unlink(session.info.pop(_PENDING, []))
