"""An inspection of one neighbourhood with one checklist version, and its per-item answers."""

from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import ColumnElement, ForeignKey, Index, Numeric, String, Text, UniqueConstraint, and_, or_
from sqlalchemy.orm import Mapped, mapped_column, relationship

from inspect_app.auth.models import User
from inspect_app.checklists.models import ChecklistCategory, ChecklistItem, ChecklistTemplate, DeductionPreset
from inspect_app.core.db import CreatedMixin, IdMixin, Model, utcnow
from inspect_app.core.roles import Account, Role
from inspect_app.core.scoping import own_company
from inspect_app.places.models import Neighborhood, PropertyCompany

Points = Numeric(6, 2)


class InspectionKind(StrEnum):
    PATROL = "patrol"
    FOLLOW_UP = "follow_up"


class InspectionStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"


class Inspection(IdMixin, CreatedMixin, Model):
    __tablename__ = "inspection"
    __table_args__ = (
        Index("ix_inspection_neighborhood_submitted", "neighborhood_id", "submitted_at"),
        Index("ix_inspection_company_submitted", "company_id", "submitted_at"),
    )
    kind: Mapped[str] = mapped_column(String(20), default=InspectionKind.PATROL)
    status: Mapped[str] = mapped_column(String(20), default=InspectionStatus.DRAFT, index=True)
    neighborhood_id: Mapped[int] = mapped_column(ForeignKey("neighborhood.id"))
    # The company serving the neighbourhood when the patrol started: scores stay with it.
    company_id: Mapped[int | None] = mapped_column(ForeignKey("property_company.id"))
    template_id: Mapped[int] = mapped_column(ForeignKey("checklist_template.id"), index=True)
    inspector_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    order_id: Mapped[int | None] = mapped_column(ForeignKey("rectification_order.id"), index=True)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    start_lat: Mapped[float | None]
    start_lng: Mapped[float | None]
    submitted_at: Mapped[datetime | None]
    submit_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    score: Mapped[Decimal | None] = mapped_column(Points)
    grade: Mapped[str | None] = mapped_column(String(10))
    has_red_line: Mapped[bool] = mapped_column(default=False)
    note: Mapped[str] = mapped_column(Text, default="")
    lock_version: Mapped[int] = mapped_column(default=1)

    neighborhood: Mapped[Neighborhood] = relationship()
    company: Mapped[PropertyCompany | None] = relationship()
    template: Mapped[ChecklistTemplate] = relationship()
    inspector: Mapped[User] = relationship()
    results: Mapped[list["ItemResult"]] = relationship(back_populates="inspection", cascade="all, delete-orphan")
    category_scores: Mapped[list["CategoryScore"]] = relationship(cascade="all, delete-orphan")

    @classmethod
    def visible_to(cls, user: Account) -> ColumnElement[bool]:
        """The inspections a user may see or load (where-clause): a company the submitted ones of its own company,
        an owners' committee its neighbourhood's submitted ones, an inspector the submitted ones and their own
        drafts, supervisors and admins every one."""
        scope = and_(own_company(user, cls.company_id), Neighborhood.area_scope(user, cls.neighborhood_id))
        submitted = cls.status == InspectionStatus.SUBMITTED
        if user.role in (Role.COMPANY, Role.COMMITTEE):
            return and_(scope, submitted)
        if user.role == Role.INSPECTOR:
            return and_(scope, or_(submitted, cls.inspector_id == user.id))
        return scope

    @property
    def is_draft(self) -> bool:
        return self.status == InspectionStatus.DRAFT


class ItemOutcome(StrEnum):
    PASS = "pass"
    DEDUCT = "deduct"
    NOT_APPLICABLE = "not_applicable"


class ItemResult(IdMixin, Model):
    __tablename__ = "item_result"
    __table_args__ = (UniqueConstraint("inspection_id", "item_id"),)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspection.id"), index=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("checklist_item.id"), index=True)
    outcome: Mapped[str] = mapped_column(String(20))
    preset_id: Mapped[int | None] = mapped_column(ForeignKey("deduction_preset.id"))
    count: Mapped[int] = mapped_column(default=1)
    custom_amount: Mapped[Decimal | None] = mapped_column(Points)
    reason: Mapped[str] = mapped_column(Text, default="")
    deduction: Mapped[Decimal] = mapped_column(Points, default=Decimal(0))
    is_exempt: Mapped[bool] = mapped_column(default=False)
    is_red_line: Mapped[bool] = mapped_column(default=False)
    note: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    inspection: Mapped[Inspection] = relationship(back_populates="results")
    item: Mapped[ChecklistItem] = relationship()
    preset: Mapped[DeductionPreset | None] = relationship()


class CategoryScore(IdMixin, Model):
    """A submitted inspection's score per category, frozen for the ranking's sub-scores."""

    __tablename__ = "category_score"
    __table_args__ = (UniqueConstraint("inspection_id", "category_id"),)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspection.id"), index=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("checklist_category.id"))
    category_code: Mapped[str] = mapped_column(String(10))
    earned: Mapped[Decimal] = mapped_column(Points)
    possible: Mapped[Decimal] = mapped_column(Points)

    category: Mapped[ChecklistCategory] = relationship()


class FollowUpOutcome(StrEnum):
    PASSED = "passed"
    FAILED = "failed"


class FollowUpResult(IdMixin, CreatedMixin, Model):
    """One finding re-checked in a follow-up inspection (复查)."""

    __tablename__ = "follow_up_result"
    __table_args__ = (UniqueConstraint("inspection_id", "finding_id"),)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspection.id"), index=True)
    finding_id: Mapped[int] = mapped_column(ForeignKey("finding.id"), index=True)
    outcome: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")
