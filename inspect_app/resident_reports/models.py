"""A resident's report about a neighbourhood, followed by its receipt code."""

from datetime import datetime

from sqlalchemy import ColumnElement, ForeignKey, Index, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from inspect_app.core.db import CreatedMixin, IdMixin, Model
from inspect_app.core.roles import Account, Role
from inspect_app.places.models import Neighborhood
from inspect_app.resident_reports.rules import ReportStatus


class ResidentReport(IdMixin, CreatedMixin, Model):
    __tablename__ = "resident_report"
    __table_args__ = (Index("ix_resident_report_status_created", "status", "created_at"),)
    receipt_code: Mapped[str] = mapped_column(String(16), unique=True)
    neighborhood_id: Mapped[int] = mapped_column(ForeignKey("neighborhood.id"), index=True)
    category_code: Mapped[str] = mapped_column(String(10))
    description: Mapped[str] = mapped_column(Text)
    location_text: Mapped[str] = mapped_column(String(200), default="")
    # Private: never shown publicly, never exported to companies, never logged.
    contact_phone: Mapped[str | None] = mapped_column(String(30))
    status: Mapped[str] = mapped_column(String(20), default=ReportStatus.RECEIVED)
    decline_reason: Mapped[str] = mapped_column(Text, default="")
    finding_id: Mapped[int | None] = mapped_column(ForeignKey("finding.id"), index=True)
    client_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    triaged_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    triaged_at: Mapped[datetime | None]

    neighborhood: Mapped[Neighborhood] = relationship()

    @classmethod
    def visible_to(cls, user: Account) -> ColumnElement[bool]:
        """The reports a user may see or load (where-clause): the district's accounts all; companies and owners'
        committees none, ever.

        Residents' reports carry private contact details and reach a company only as a finding, after triage.
        """
        if user.role in (Role.COMPANY, Role.COMMITTEE):
            return false()
        return Neighborhood.area_scope(user, cls.neighborhood_id)


class ResidentVerdict(IdMixin, CreatedMixin, Model):
    """回访: the reporting resident's word on a closed finding's fix, once per closure (`round` counts them)."""

    __tablename__ = "resident_verdict"
    __table_args__ = (UniqueConstraint("report_id", "round"),)
    report_id: Mapped[int] = mapped_column(ForeignKey("resident_report.id"), index=True)
    finding_id: Mapped[int] = mapped_column(ForeignKey("finding.id"), index=True)
    round: Mapped[int] = mapped_column(default=0)
    is_confirmed: Mapped[bool]
    comment: Mapped[str] = mapped_column(Text, default="")
