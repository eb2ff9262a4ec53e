"""Stored photo evidence: server-made file names, metadata kept in the database, never in the files."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from inspect_app.core.db import CreatedMixin, IdMixin, db


class PhotoKind(StrEnum):
    EVIDENCE = "evidence"  # taken during a patrol or added to a finding by hand
    AFTER = "after"  # the company's proof of the fix
    FOLLOW_UP = "follow_up"  # taken at the follow-up inspection
    RESIDENT = "resident"  # sent with a resident report


class Photo(IdMixin, CreatedMixin, db.Model):
    __tablename__ = "photo"
    kind: Mapped[str] = mapped_column(String(20))
    # A client-made key: replaying the same upload stores it once.
    client_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    inspection_id: Mapped[int | None] = mapped_column(ForeignKey("inspection.id"), index=True)
    item_result_id: Mapped[int | None] = mapped_column(ForeignKey("item_result.id"), index=True)
    finding_id: Mapped[int | None] = mapped_column(ForeignKey("finding.id"), index=True)
    rectification_report_id: Mapped[int | None] = mapped_column(ForeignKey("rectification_report.id"), index=True)
    follow_up_result_id: Mapped[int | None] = mapped_column(ForeignKey("follow_up_result.id"), index=True)
    resident_report_id: Mapped[int | None] = mapped_column(ForeignKey("resident_report.id"), index=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    original_path: Mapped[str] = mapped_column(String(200))
    display_path: Mapped[str] = mapped_column(String(200))
    thumb_path: Mapped[str] = mapped_column(String(200))
    source_format: Mapped[str] = mapped_column(String(10))
    original_filename: Mapped[str] = mapped_column(String(255), default="")
    original_bytes: Mapped[int]
    display_bytes: Mapped[int]
    width: Mapped[int]
    height: Mapped[int]
    taken_at: Mapped[datetime | None]
    gps_lat: Mapped[float | None]
    gps_lng: Mapped[float | None]
    location_source: Mapped[str | None] = mapped_column(String(10))  # "exif" or "device"
