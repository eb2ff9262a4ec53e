"""An appeal (申诉) against a deduction or a finding of an issued order, and the score changes it made."""

from datetime import datetime
from decimal import Decimal

from sqlalchemy import ColumnElement, ForeignKey, Index, Numeric, String, Text, and_, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from inspect_app.appeals.rules import AppealState
from inspect_app.auth.models import User
from inspect_app.core.db import CreatedMixin, IdMixin, Model
from inspect_app.core.roles import Account
from inspect_app.core.scoping import own_company
from inspect_app.findings.models import Finding
from inspect_app.orders.models import RectificationOrder
from inspect_app.places.models import Neighborhood, PropertyCompany

Points = Numeric(6, 2)


class Appeal(IdMixin, CreatedMixin, Model):
    __tablename__ = "appeal"
    __table_args__ = (
        # One open appeal per finding; decided ones stay beside it.
        Index("uq_appeal_open_finding", "finding_id", unique=True, sqlite_where=text("state = 'open'"),
              postgresql_where=text("state = 'open'")),
        Index("ix_appeal_state", "state"),
    )
    order_id: Mapped[int] = mapped_column(ForeignKey("rectification_order.id"), index=True)
    finding_id: Mapped[int] = mapped_column(ForeignKey("finding.id"), index=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("property_company.id"), index=True)
    neighborhood_id: Mapped[int] = mapped_column(ForeignKey("neighborhood.id"), index=True)
    target: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[str] = mapped_column(String(20), default=AppealState.OPEN)
    filed_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    decided_at: Mapped[datetime | None]
    decision_reason: Mapped[str] = mapped_column(Text, default="")

    order: Mapped[RectificationOrder] = relationship()
    finding: Mapped[Finding] = relationship()
    company: Mapped[PropertyCompany] = relationship()
    neighborhood: Mapped[Neighborhood] = relationship()
    filed_by: Mapped[User] = relationship(foreign_keys=[filed_by_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])

    @classmethod
    def visible_to(cls, user: Account) -> ColumnElement[bool]:
        """A company its own company's appeals, staff their area's."""
        return and_(own_company(user, cls.company_id), Neighborhood.area_scope(user, cls.neighborhood_id))

    @property
    def is_open(self) -> bool:
        return self.state == AppealState.OPEN


class AppealScoreChange(IdMixin, CreatedMixin, Model):
    """What an overturned appeal changed: the patrol's score (old → new), and, when the patrol's quarter exists,
    the company's total and rank in that quarter (old → new). Who and when are the decision's."""

    __tablename__ = "appeal_score_change"
    appeal_id: Mapped[int] = mapped_column(ForeignKey("appeal.id"), index=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspection.id"), index=True)
    actor_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    old_score: Mapped[Decimal | None] = mapped_column(Points)
    new_score: Mapped[Decimal | None] = mapped_column(Points)
    period_id: Mapped[int | None] = mapped_column(ForeignKey("assessment_period.id"), index=True)
    company_id: Mapped[int | None] = mapped_column(ForeignKey("property_company.id"))
    old_total: Mapped[Decimal | None] = mapped_column(Points)
    new_total: Mapped[Decimal | None] = mapped_column(Points)
    old_rank: Mapped[int | None]
    new_rank: Mapped[int | None]

    appeal: Mapped[Appeal] = relationship()
    actor: Mapped[User] = relationship()
    company: Mapped[PropertyCompany | None] = relationship()
