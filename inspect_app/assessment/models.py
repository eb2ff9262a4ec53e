"""Assessment periods, special assessments and the frozen company scores of a period."""

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import JSON, ForeignKey, Numeric, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from inspect_app.assessment.rules import PeriodStatus
from inspect_app.core.db import CreatedMixin, IdMixin, Model
from inspect_app.places.models import PropertyCompany

Points = Numeric(6, 2)


class AssessmentPeriod(IdMixin, CreatedMixin, Model):
    __tablename__ = "assessment_period"
    code: Mapped[str] = mapped_column(String(10), unique=True)  # e.g. 2026Q2
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    status: Mapped[str] = mapped_column(String(20), default=PeriodStatus.OPEN, index=True)
    patrol_weight: Mapped[Decimal] = mapped_column(Numeric(4, 2), default=Decimal("0.60"))
    special_weight: Mapped[Decimal] = mapped_column(Numeric(4, 2), default=Decimal("0.40"))
    overdue_penalty: Mapped[Decimal] = mapped_column(Points, default=Decimal("0.5"))
    sent_back_penalty: Mapped[Decimal] = mapped_column(Points, default=Decimal("1"))
    penalty_cap: Mapped[Decimal] = mapped_column(Points, default=Decimal("10"))
    min_patrols: Mapped[int] = mapped_column(default=3)
    # 满意度测评's share of the total (rules.Settings.satisfaction_weight); the district's default 10%.
    satisfaction_weight: Mapped[Decimal] = mapped_column(Numeric(4, 2), default=Decimal("0.10"),
                                                         server_default=text("0.10"))
    closed_at: Mapped[datetime | None]
    published_at: Mapped[datetime | None]

    @property
    def is_open(self) -> bool:
        return self.status == PeriodStatus.OPEN

    @property
    def is_closed(self) -> bool:
        return self.status == PeriodStatus.CLOSED

    @property
    def is_published(self) -> bool:
        return self.status == PeriodStatus.PUBLISHED


class SpecialAssessment(IdMixin, CreatedMixin, Model):
    """专项考评: a score entered per company and period, with a note."""

    __tablename__ = "special_assessment"
    __table_args__ = (UniqueConstraint("period_id", "company_id"),)
    period_id: Mapped[int] = mapped_column(ForeignKey("assessment_period.id"), index=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("property_company.id"), index=True)
    score: Mapped[Decimal] = mapped_column(Points)
    note: Mapped[str] = mapped_column(Text, default="")
    entered_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))


class CompanyScore(IdMixin, Model):
    """A company's computed result for a period; frozen when the period closes."""

    __tablename__ = "company_score"
    __table_args__ = (UniqueConstraint("period_id", "company_id"),)
    period_id: Mapped[int] = mapped_column(ForeignKey("assessment_period.id"), index=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("property_company.id"), index=True)
    is_rated: Mapped[bool] = mapped_column(default=False)
    rank: Mapped[int | None]
    total: Mapped[Decimal | None] = mapped_column(Points)
    patrol_score: Mapped[Decimal | None] = mapped_column(Points)
    special_score: Mapped[Decimal | None] = mapped_column(Points)
    satisfaction_score: Mapped[Decimal | None] = mapped_column(Points)  # 0–100, frozen with the rest
    penalty: Mapped[Decimal] = mapped_column(Points, default=Decimal(0))
    patrol_count: Mapped[int] = mapped_column(default=0)
    overdue_count: Mapped[int] = mapped_column(default=0)
    sent_back_count: Mapped[int] = mapped_column(default=0)
    on_time_rate: Mapped[Decimal | None] = mapped_column(Numeric(5, 4))
    category_scores: Mapped[dict] = mapped_column(JSON, default=dict)
    # What the public breakdown shows: per-neighbourhood means (frozen with their names) and finding counts.
    details: Mapped[dict] = mapped_column(JSON, default=dict, server_default=text("'{}'"))

    company: Mapped[PropertyCompany] = relationship()


class AreaScore(IdMixin, Model):
    """A subdistrict's (community_id None) or a community's result for a period (镇街考评); frozen at close."""

    __tablename__ = "area_score"
    __table_args__ = (UniqueConstraint("period_id", "subdistrict_id", "community_id"),)
    period_id: Mapped[int] = mapped_column(ForeignKey("assessment_period.id"), index=True)
    subdistrict_id: Mapped[int] = mapped_column(ForeignKey("subdistrict.id"), index=True)
    community_id: Mapped[int | None] = mapped_column(ForeignKey("community.id"), index=True)
    rank: Mapped[int | None]  # subdistricts among the district's, communities within their subdistrict
    total: Mapped[Decimal | None] = mapped_column(Points)
    coverage: Mapped[Decimal | None] = mapped_column(Numeric(5, 4))
    on_time_rate: Mapped[Decimal | None] = mapped_column(Numeric(5, 4))
    avg_days: Mapped[Decimal | None] = mapped_column(Numeric(6, 1))
    reports_rate: Mapped[Decimal | None] = mapped_column(Numeric(5, 4))
    satisfaction: Mapped[Decimal | None] = mapped_column(Points)
    # The counts behind the measures, the measures (0–100), the weights as applied and the parts of the total.
    details: Mapped[dict] = mapped_column(JSON, default=dict)
