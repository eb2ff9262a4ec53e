"""What a company discloses for a neighbourhood (one row per version) and the owners' committee's accounts."""

from datetime import datetime

from sqlalchemy import ColumnElement, ForeignKey, Index, String, Text, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from inspect_app.auth.models import User
from inspect_app.core.db import CreatedMixin, IdMixin, Model
from inspect_app.core.roles import Account
from inspect_app.places.models import Neighborhood, PropertyCompany


class ServiceDisclosure(IdMixin, CreatedMixin, Model):
    """One version of a company's 公示 for one neighbourhood; a change adds a row, the newest is shown."""

    __tablename__ = "service_disclosure"
    __table_args__ = (Index("ix_service_disclosure_current", "neighborhood_id", "company_id", "id"),)
    neighborhood_id: Mapped[int] = mapped_column(ForeignKey("neighborhood.id"))
    company_id: Mapped[int] = mapped_column(ForeignKey("property_company.id"), index=True)
    project_manager: Mapped[str] = mapped_column(String(50))
    service_phone: Mapped[str] = mapped_column(String(30))  # the 24-hour line
    service_standard: Mapped[str] = mapped_column(Text, default="")  # 服务内容与标准
    fee_standard: Mapped[str] = mapped_column(Text, default="")  # 收费标准
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))

    neighborhood: Mapped[Neighborhood] = relationship()
    company: Mapped[PropertyCompany] = relationship()
    created_by: Mapped[User] = relationship()

    @classmethod
    def visible_to(cls, user: Account) -> ColumnElement[bool]:
        """Versions of the neighbourhoods a user works with (a company: those it serves)."""
        return cls.neighborhood_id.in_(select(Neighborhood.id).where(Neighborhood.visible_to(user)))


class CommitteeDocument(IdMixin, CreatedMixin, Model):
    """An owners' committee's published accounts (业委会账目公开): a PDF or a picture, withdrawn but never deleted."""

    __tablename__ = "committee_document"
    neighborhood_id: Mapped[int] = mapped_column(ForeignKey("neighborhood.id"), index=True)
    title: Mapped[str] = mapped_column(String(100))
    stored_name: Mapped[str] = mapped_column(String(80), unique=True)
    mimetype: Mapped[str] = mapped_column(String(40))
    size: Mapped[int]
    uploaded_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    withdrawn_at: Mapped[datetime | None]

    neighborhood: Mapped[Neighborhood] = relationship()
    uploaded_by: Mapped[User] = relationship()
