"""The committees' 专项考评: the admin's items, each period's copy of them, the committees' inputs and points."""

from datetime import datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from inspect_app.committees.rules import DEFAULT_SHARE
from inspect_app.core.db import CreatedMixin, IdMixin, Model, utcnow
from inspect_app.places.models import Neighborhood

Points = Numeric(6, 2)


class CommitteeItem(IdMixin, CreatedMixin, Model):
    """One item of the committees' form as the admin keeps it (the next period's copy is taken from these)."""

    __tablename__ = "committee_item"
    text: Mapped[str] = mapped_column(String(200))
    max_points: Mapped[Decimal] = mapped_column(Points)
    position: Mapped[int] = mapped_column(default=0)
    is_active: Mapped[bool] = mapped_column(default=True)


class CommitteePeriodItem(IdMixin, Model):
    """A period's own copy of the items, taken at its first input: a closed period keeps the items it was given."""

    __tablename__ = "committee_period_item"
    __table_args__ = (UniqueConstraint("period_id", "position"),)
    period_id: Mapped[int] = mapped_column(ForeignKey("assessment_period.id"), index=True)
    position: Mapped[int]
    text: Mapped[str] = mapped_column(String(200))
    max_points: Mapped[Decimal] = mapped_column(Points)


class CommitteeShare(Model):
    """The committees' share of the 专项考评 part in one period (no row: `DEFAULT_SHARE`)."""

    __tablename__ = "committee_share"
    period_id: Mapped[int] = mapped_column(ForeignKey("assessment_period.id"), primary_key=True,
                                           autoincrement=False)
    share: Mapped[Decimal] = mapped_column(Numeric(4, 2), default=DEFAULT_SHARE)


class CommitteeInput(IdMixin, CreatedMixin, Model):
    """One neighbourhood's committee's 专项考评 of the company serving it, in one period; edited until it closes."""

    __tablename__ = "committee_input"
    __table_args__ = (UniqueConstraint("period_id", "neighborhood_id"),)
    period_id: Mapped[int] = mapped_column(ForeignKey("assessment_period.id"), index=True)
    neighborhood_id: Mapped[int] = mapped_column(ForeignKey("neighborhood.id"), index=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("property_company.id"), index=True)  # serving when saved
    note: Mapped[str] = mapped_column(Text, default="")
    entered_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    neighborhood: Mapped[Neighborhood] = relationship()
    points: Mapped[list["CommitteePoints"]] = relationship(cascade="all, delete-orphan")


class CommitteePoints(Model):
    __tablename__ = "committee_points"
    input_id: Mapped[int] = mapped_column(ForeignKey("committee_input.id"), primary_key=True)
    period_item_id: Mapped[int] = mapped_column(ForeignKey("committee_period_item.id"), primary_key=True)
    points: Mapped[Decimal] = mapped_column(Points)
