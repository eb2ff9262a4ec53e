"""Stored photo evidence: server-made file names, metadata kept in the database, never in the files."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ColumnElement, ForeignKey, String, and_, or_, select, true
from sqlalchemy.orm import Mapped, mapped_column

from inspect_app.core.db import CreatedMixin, IdMixin, Model
from inspect_app.core.roles import Account, Role
from inspect_app.core.scoping import has_area, own_company
from inspect_app.findings.models import Finding
from inspect_app.inspections.models import FollowUpResult, Inspection
from inspect_app.orders.models import RectificationOrder, RectificationReport
from inspect_app.resident_reports.models import ResidentReport


class PhotoKind(StrEnum):
    EVIDENCE = "evidence"  # taken during a patrol or added to a finding by hand
    AFTER = "after"  # the company's proof of the fix
    FOLLOW_UP = "follow_up"  # taken at the follow-up inspection
    RESIDENT = "resident"  # sent with a resident report
    APPEAL = "appeal"  # sent with a company's appeal (申诉)


class Photo(IdMixin, CreatedMixin, Model):
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
    appeal_id: Mapped[int | None] = mapped_column(ForeignKey("appeal.id"), index=True)  # 申诉 photos (on its finding)
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

    @classmethod
    def visible_to(cls, user: Account) -> ColumnElement[bool]:
        """The photos a user may be served (where-clause): the district's accounts all of them; a company only
        photos of its own findings and reports — every link must lead to it, so a photo that also belongs to
        someone else's case stays hidden — never a resident's photo, nor a patrol photo not on a finding."""
        if user.role != Role.COMPANY:
            return cls._in_area(user)
        own_findings = select(Finding.id).where(Finding.visible_to(user))
        own_reports = (select(RectificationReport.id)
                       .join(RectificationOrder, RectificationOrder.id == RectificationReport.order_id)
                       .where(own_company(user, RectificationOrder.company_id)))
        return and_(
            cls.resident_report_id.is_(None),
            or_(cls.finding_id.isnot(None), cls.rectification_report_id.isnot(None)),
            or_(cls.finding_id.is_(None), cls.finding_id.in_(own_findings)),
            or_(cls.rectification_report_id.is_(None), cls.rectification_report_id.in_(own_reports)),
        )

    @classmethod
    def _in_area(cls, user: Account) -> ColumnElement[bool]:
        """Staff confined to an area: photos whose every link (finding, patrol, report, order, resident report)
        lies in it, and at least one link; the district level every photo."""
        if not has_area(user):
            return true()
        follow_ups = (select(FollowUpResult.id).join(Inspection, Inspection.id == FollowUpResult.inspection_id)
                      .where(Inspection.visible_to(user)))
        reports = (select(RectificationReport.id)
                   .join(RectificationOrder, RectificationOrder.id == RectificationReport.order_id)
                   .where(RectificationOrder.visible_to(user)))
        links = ((cls.finding_id, select(Finding.id).where(Finding.visible_to(user))),
                 (cls.inspection_id, select(Inspection.id).where(Inspection.visible_to(user))),
                 (cls.rectification_report_id, reports), (cls.follow_up_result_id, follow_ups),
                 (cls.resident_report_id, select(ResidentReport.id).where(ResidentReport.visible_to(user))))
        return and_(or_(*(column.isnot(None) for column, _ in links)),
                    *(or_(column.is_(None), column.in_(allowed)) for column, allowed in links))
