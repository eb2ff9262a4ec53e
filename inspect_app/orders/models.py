"""Orders to one company for one neighbourhood, their lines, numbers and the companies' reports."""

from datetime import date, datetime

from sqlalchemy import ColumnElement, ForeignKey, Index, String, Text, UniqueConstraint, and_
from sqlalchemy.ext.hybrid import hybrid_method, hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from inspect_app.auth.models import User
from inspect_app.core.db import CreatedMixin, IdMixin, Model
from inspect_app.core.roles import Account, Role
from inspect_app.core.scoping import own_company
from inspect_app.findings.models import Finding
from inspect_app.orders import rules
from inspect_app.orders.rules import OrderState
from inspect_app.places.models import Neighborhood, PropertyCompany


class RectificationOrder(IdMixin, CreatedMixin, Model):
    __tablename__ = "rectification_order"
    __table_args__ = (
        UniqueConstraint("year", "sequence"),
        Index("ix_rectification_order_company_state", "company_id", "state"),
    )
    state: Mapped[str] = mapped_column(String(20), default=OrderState.DRAFT)
    year: Mapped[int | None]
    sequence: Mapped[int | None]
    number: Mapped[str | None] = mapped_column(String(50), unique=True)
    neighborhood_id: Mapped[int] = mapped_column(ForeignKey("neighborhood.id"), index=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("property_company.id"))
    deadline: Mapped[date | None]
    # The deadline chosen as N working days from the issue day (None: a date per line)
    deadline_workdays: Mapped[int | None]
    remarks: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    issued_at: Mapped[datetime | None]
    acknowledged_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    acknowledged_at: Mapped[datetime | None]
    voided_reason: Mapped[str] = mapped_column(Text, default="")
    voided_at: Mapped[datetime | None]
    revision: Mapped[int] = mapped_column(default=1)
    pdf_path: Mapped[str | None] = mapped_column(String(200))
    pdf_sha256: Mapped[str | None] = mapped_column(String(64))
    pdf_revision: Mapped[int | None]
    lock_version: Mapped[int] = mapped_column(default=1)

    neighborhood: Mapped[Neighborhood] = relationship()
    company: Mapped[PropertyCompany] = relationship()
    created_by: Mapped[User] = relationship(foreign_keys=[created_by_id])
    issued_by: Mapped[User | None] = relationship(foreign_keys=[issued_by_id])
    lines: Mapped[list["OrderLine"]] = relationship(
        back_populates="order", order_by="OrderLine.position", cascade="all, delete-orphan"
    )
    __mapper_args__ = {"version_id_col": lock_version}

    @classmethod
    def visible_to(cls, user: Account) -> ColumnElement[bool]:
        """The orders a user may see or load (where-clause): a company its own issued ones, never drafts; an owners'
        committee its neighbourhood's issued ones."""
        if user.role == Role.COMPANY:
            return and_(own_company(user, cls.company_id), cls.state != OrderState.DRAFT)
        if user.role == Role.COMMITTEE:  # its neighbourhood's issued orders, never drafts
            return and_(Neighborhood.area_scope(user, cls.neighborhood_id), cls.state != OrderState.DRAFT)
        return Neighborhood.area_scope(user, cls.neighborhood_id)

    @hybrid_property
    def is_live(self) -> bool:
        """Issued and being worked on: followed up, voidable, overdue once past its deadline."""
        return rules.is_live(self.state)

    @is_live.inplace.expression
    @classmethod
    def _is_live_where(cls) -> ColumnElement[bool]:
        return cls.state.in_(rules.LIVE_STATES)

    def _is_overdue(self, today: date) -> bool:
        return rules.is_overdue(self.state, self.deadline, today)

    @classmethod
    def _is_overdue_where(cls, today: date) -> ColumnElement[bool]:
        return and_(cls.deadline < today, cls.state.in_(rules.LIVE_STATES))

    # 逾期, derived, never stored (orders.rules.is_overdue): on an order, or as a where-clause on the class.
    is_overdue = hybrid_method(_is_overdue, _is_overdue_where)

    @property
    def is_draft(self) -> bool:
        return self.state == OrderState.DRAFT

    @property
    def is_voided(self) -> bool:
        return self.state == OrderState.VOIDED

    @property
    def awaits_acknowledgement(self) -> bool:
        return rules.can_move(self.state, OrderState.ACKNOWLEDGED)

    @property
    def accepts_reports(self) -> bool:
        """The company reports fixes once it has acknowledged the order, until every finding is closed."""
        return self.state in rules.REPORTING_STATES


class OrderLine(IdMixin, Model):
    """One finding on an order, with its requirement and deadline."""

    __tablename__ = "order_line"
    __table_args__ = (UniqueConstraint("order_id", "finding_id"),)
    order_id: Mapped[int] = mapped_column(ForeignKey("rectification_order.id"), index=True)
    finding_id: Mapped[int] = mapped_column(ForeignKey("finding.id"), index=True)
    requirement: Mapped[str] = mapped_column(Text, default="")
    deadline: Mapped[date]
    position: Mapped[int] = mapped_column(default=0)

    order: Mapped[RectificationOrder] = relationship(back_populates="lines")
    finding: Mapped[Finding] = relationship()


class OrderNumberCounter(Model):
    """The last number issued per year; locked row by row so numbers have no gaps or duplicates."""

    __tablename__ = "order_number_counter"
    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    last_sequence: Mapped[int] = mapped_column(default=0)


class RectificationReport(IdMixin, CreatedMixin, Model):
    """The company's account of the fix of one finding (整改反馈)."""

    __tablename__ = "rectification_report"
    order_id: Mapped[int] = mapped_column(ForeignKey("rectification_order.id"), index=True)
    finding_id: Mapped[int] = mapped_column(ForeignKey("finding.id"), index=True)
    reported_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    note: Mapped[str] = mapped_column(Text, default="")
    client_key: Mapped[str | None] = mapped_column(String(64), unique=True)

    reported_by: Mapped[User] = relationship()
