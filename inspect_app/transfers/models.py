"""The departments findings are transferred to (转办), and each transfer with its deadline and reply."""

from datetime import date, datetime

from sqlalchemy import ColumnElement, ForeignKey, Index, String, Text, and_, false, text
from sqlalchemy.ext.hybrid import hybrid_method
from sqlalchemy.orm import Mapped, mapped_column, relationship

from inspect_app.auth.models import User
from inspect_app.core.db import CreatedMixin, IdMixin, Model
from inspect_app.core.roles import Account, Role
from inspect_app.findings.models import Finding
from inspect_app.places.models import Neighborhood
from inspect_app.transfers import rules
from inspect_app.transfers.rules import TransferState


class Department(IdMixin, CreatedMixin, Model):
    """A department outside the company's remit (区住建局, 区城管局, 供热公司 …): no account, reached by e-mail."""

    __tablename__ = "department"
    name: Mapped[str] = mapped_column(String(100), unique=True)
    contact_person: Mapped[str] = mapped_column(String(50), default="")
    email: Mapped[str] = mapped_column(String(200))
    phone: Mapped[str] = mapped_column(String(30), default="")
    is_enabled: Mapped[bool] = mapped_column(default=True)


class Transfer(IdMixin, CreatedMixin, Model):
    """One finding handed to one department until it replies: done (closed) or returned (open again)."""

    __tablename__ = "transfer"
    __table_args__ = (
        # One pending transfer per finding: a double submit, or two staff at once, transfer it once.
        Index("uq_transfer_pending_finding", "finding_id", unique=True, sqlite_where=text("state = 'pending'"),
              postgresql_where=text("state = 'pending'")),
        Index("ix_transfer_state_deadline", "state", "deadline"),
    )
    finding_id: Mapped[int] = mapped_column(ForeignKey("finding.id"), index=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("department.id"), index=True)
    neighborhood_id: Mapped[int] = mapped_column(ForeignKey("neighborhood.id"), index=True)  # for the area scope
    state: Mapped[str] = mapped_column(String(20), default=TransferState.PENDING)
    note: Mapped[str] = mapped_column(Text, default="")
    transferred_on: Mapped[date]  # the local day it was handed over (the returned finding's clock restarts)
    deadline_workdays: Mapped[int]
    deadline: Mapped[date]
    transferred_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    reply_text: Mapped[str] = mapped_column(Text, default="")
    replied_at: Mapped[datetime | None]

    finding: Mapped[Finding] = relationship()
    department: Mapped[Department] = relationship()
    transferred_by: Mapped[User] = relationship()

    @classmethod
    def visible_to(cls, user: Account) -> ColumnElement[bool]:
        """Staff their area's transfers; a company none (the finding shows it is 已转办, nothing more)."""
        if user.role == Role.COMPANY:
            return false()
        return Neighborhood.area_scope(user, cls.neighborhood_id)

    def _is_overdue(self, today: date) -> bool:
        return rules.is_overdue(self.state, self.deadline, today)

    @classmethod
    def _is_overdue_where(cls, today: date) -> ColumnElement[bool]:
        return and_(cls.state == TransferState.PENDING, cls.deadline < today)

    # 逾期, derived (transfers.rules.is_overdue): one transfer, or the same rule as a where-clause.
    is_overdue = hybrid_method(_is_overdue, _is_overdue_where)

    @property
    def is_pending(self) -> bool:
        return self.state == TransferState.PENDING
