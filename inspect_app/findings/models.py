"""A finding is one problem on the ledger; StateChange records every move of any workflow object."""

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import ColumnElement, ForeignKey, Index, Numeric, String, Text, and_, or_, select
from sqlalchemy.ext.hybrid import hybrid_method
from sqlalchemy.orm import Mapped, mapped_column, relationship

from inspect_app.auth.models import User
from inspect_app.checklists.models import ChecklistItem
from inspect_app.core.db import CreatedMixin, IdMixin, Model
from inspect_app.core.roles import Account
from inspect_app.core.scoping import own_company
from inspect_app.findings import rules
from inspect_app.findings.rules import FindingMove, FindingState
from inspect_app.places.models import Neighborhood, PropertyCompany


class FindingSource(StrEnum):
    PATROL = "patrol"
    MANUAL = "manual"
    RESIDENT = "resident"


class Finding(IdMixin, CreatedMixin, Model):
    __tablename__ = "finding"
    __table_args__ = (
        Index("ix_finding_state_deadline", "state", "deadline"),
        Index("ix_finding_created", "created_at"),
        Index("ix_finding_company_state", "company_id", "state"),
        Index("ix_finding_map", "neighborhood_id", "state", "deadline"),  # the map's counts per neighbourhood
    )
    source: Mapped[str] = mapped_column(String(20))
    state: Mapped[str] = mapped_column(String(20), default=FindingState.OPEN)
    neighborhood_id: Mapped[int] = mapped_column(ForeignKey("neighborhood.id"), index=True)
    # Denormalised from the neighbourhood so the three-level ledger filters without joins.
    community_id: Mapped[int] = mapped_column(ForeignKey("community.id"), index=True)
    subdistrict_id: Mapped[int] = mapped_column(ForeignKey("subdistrict.id"), index=True)
    company_id: Mapped[int | None] = mapped_column(ForeignKey("property_company.id"))
    category_code: Mapped[str] = mapped_column(String(10), index=True)
    item_id: Mapped[int | None] = mapped_column(ForeignKey("checklist_item.id"))
    inspection_id: Mapped[int | None] = mapped_column(ForeignKey("inspection.id"), index=True)
    item_result_id: Mapped[int | None] = mapped_column(ForeignKey("item_result.id"), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    # The ticket number of the system it came from (a 12345 工单), set through the API; the ledger searches it.
    external_ref: Mapped[str | None] = mapped_column(String(100), index=True)
    deduction: Mapped[Decimal] = mapped_column(Numeric(6, 2), default=Decimal(0))
    is_red_line: Mapped[bool] = mapped_column(default=False)
    deadline: Mapped[date | None]
    escalation_count: Mapped[int] = mapped_column(default=0)
    # 督办: the highest level its order was escalated to while it was overdue (escalations.rules.Level), or None
    escalation_level: Mapped[str | None] = mapped_column(String(20))
    # 重复发现: later patrols that deducted the same item while this finding was still open (FindingRepeat rows).
    repeat_count: Mapped[int] = mapped_column(default=0, server_default="0")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    closed_at: Mapped[datetime | None]
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    neighborhood: Mapped[Neighborhood] = relationship()
    company: Mapped[PropertyCompany | None] = relationship()
    item: Mapped[ChecklistItem | None] = relationship()
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])

    @classmethod
    def visible_to(cls, user: Account) -> ColumnElement[bool]:
        """The findings a user may see or load (where-clause): a company its own company's, staff their area's."""
        return and_(own_company(user, cls.company_id), Neighborhood.area_scope(user, cls.neighborhood_id))

    def _is_overdue(self, today: date) -> bool:
        return rules.is_overdue(self.state, self.deadline, today)

    @classmethod
    def _is_overdue_where(cls, today: date) -> ColumnElement[bool]:
        return and_(cls.deadline < today, cls.state.not_in(rules.NOT_RUNNING))

    # 逾期, derived, never stored (findings.rules.is_overdue): `finding.is_overdue(today)` answers for one finding,
    # `Finding.is_overdue(today)` is the same rule as a where-clause.
    is_overdue = hybrid_method(_is_overdue, _is_overdue_where)

    @property
    def is_community_care(self) -> bool:
        """社区代管: raised where no company served and none was appointed, so its community fixes and closes it —
        also after a company took the neighbourhood over (past findings stay with who answered for them then)."""
        return self.company_id is None and self.neighborhood.responsible_company_id is None

    @property
    def is_open(self) -> bool:
        return self.state == FindingState.OPEN

    @property
    def is_reported(self) -> bool:
        return self.state == FindingState.REPORTED

    @property
    def is_closed(self) -> bool:
        return self.state == FindingState.CLOSED

    @property
    def is_transferred(self) -> bool:
        """已转办: with a department now (transfers)."""
        return self.state == FindingState.TRANSFERRED

    @classmethod
    def left_to_department(cls) -> ColumnElement[bool]:
        """转办 and not returned: with a department now, or closed by its reply — outside the company's record."""
        closed_by_department = (select(StateChange.id).where(
            StateChange.subject_type == "finding", StateChange.subject_id == cls.id,
            StateChange.from_state == FindingState.TRANSFERRED, StateChange.to_state == FindingState.CLOSED)
            .correlate(cls).exists())
        return or_(cls.state == FindingState.TRANSFERRED,
                   and_(cls.state == FindingState.CLOSED, closed_by_department))

    @property
    def accepts_report(self) -> bool:
        """The company can (still) report its fix: on an order and not closed."""
        return rules.allows(self.state, FindingMove.REPORT)


class StateChange(IdMixin, CreatedMixin, Model):
    """Who moved what from which state to which, when and why."""

    __tablename__ = "state_change"
    __table_args__ = (Index("ix_state_change_subject", "subject_type", "subject_id"),)
    subject_type: Mapped[str] = mapped_column(String(30))
    subject_id: Mapped[int]
    from_state: Mapped[str | None] = mapped_column(String(20))
    to_state: Mapped[str] = mapped_column(String(20))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    note: Mapped[str] = mapped_column(Text, default="")

    actor: Mapped[User | None] = relationship()


class FindingRepeat(IdMixin, CreatedMixin, Model):
    """A later patrol found an open finding's problem again (重复发现): counted on the finding, never a twin row."""

    __tablename__ = "finding_repeat"
    finding_id: Mapped[int] = mapped_column(ForeignKey("finding.id"), index=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspection.id"), index=True)
    item_result_id: Mapped[int] = mapped_column(ForeignKey("item_result.id"), unique=True)
    deduction: Mapped[Decimal] = mapped_column(Numeric(6, 2), default=Decimal(0))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    finding: Mapped[Finding] = relationship()
