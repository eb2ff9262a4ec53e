"""Administrative areas, neighbourhoods (小区) and the property companies serving them."""

import secrets
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Float, ForeignKey, Select, String, UniqueConstraint, and_, select, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from inspect_app.core.db import CreatedMixin, IdMixin, Model
from inspect_app.core.roles import Account, Role
from inspect_app.core.scoping import has_area, own_area, own_company, own_neighborhood


def new_public_token() -> str:
    """Short, stable and not guessable from the id: the residents' link and QR code."""
    return secrets.token_urlsafe(6)


class District(IdMixin, Model):
    __tablename__ = "district"
    name: Mapped[str] = mapped_column(String(100), unique=True)
    short_name: Mapped[str] = mapped_column(String(20))

    subdistricts: Mapped[list["Subdistrict"]] = relationship(back_populates="district")


class Subdistrict(IdMixin, Model):
    __tablename__ = "subdistrict"
    __table_args__ = (UniqueConstraint("district_id", "name"),)
    district_id: Mapped[int] = mapped_column(ForeignKey("district.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    is_active: Mapped[bool] = mapped_column(default=True)

    district: Mapped[District] = relationship(back_populates="subdistricts")
    communities: Mapped[list["Community"]] = relationship(back_populates="subdistrict")


class Community(IdMixin, Model):
    __tablename__ = "community"
    __table_args__ = (UniqueConstraint("subdistrict_id", "name"),)
    subdistrict_id: Mapped[int] = mapped_column(ForeignKey("subdistrict.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    is_active: Mapped[bool] = mapped_column(default=True)

    subdistrict: Mapped[Subdistrict] = relationship(back_populates="communities")
    neighborhoods: Mapped[list["Neighborhood"]] = relationship(back_populates="community")


class PropertyCompany(IdMixin, CreatedMixin, Model):
    __tablename__ = "property_company"
    district_id: Mapped[int] = mapped_column(ForeignKey("district.id"), index=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    # 统一社会信用代码 (GB 32100-2015), checked by places.rules.is_credit_code
    credit_code: Mapped[str | None] = mapped_column(String(18), unique=True, index=True)
    contact_name: Mapped[str | None] = mapped_column(String(50))
    contact_phone: Mapped[str | None] = mapped_column(String(30))
    is_active: Mapped[bool] = mapped_column(default=True)

    neighborhoods: Mapped[list["Neighborhood"]] = relationship(back_populates="company",
                                                               foreign_keys="Neighborhood.company_id")


class Neighborhood(IdMixin, CreatedMixin, Model):
    __tablename__ = "neighborhood"
    __table_args__ = (UniqueConstraint("community_id", "name"),)
    community_id: Mapped[int] = mapped_column(ForeignKey("community.id"), index=True)
    company_id: Mapped[int | None] = mapped_column(ForeignKey("property_company.id"), index=True)
    name: Mapped[str] = mapped_column(String(100), index=True)
    address: Mapped[str | None] = mapped_column(String(200))
    is_gated: Mapped[bool] = mapped_column(default=True)
    owners_committee_contact: Mapped[str | None] = mapped_column(String(100))
    households: Mapped[int | None]
    lat: Mapped[float | None] = mapped_column(Float)
    lng: Mapped[float | None] = mapped_column(Float)
    public_token: Mapped[str] = mapped_column(String(16), unique=True, default=new_public_token)
    is_active: Mapped[bool] = mapped_column(default=True)
    # 无物业小区 (golive.md): the state-owned company appointed to answer for it; none means its community (社区代管).
    responsible_company_id: Mapped[int | None] = mapped_column(ForeignKey("property_company.id"), index=True)

    community: Mapped[Community] = relationship(back_populates="neighborhoods")
    # The company serving it today, kept in step with the open service period by services.change_company.
    company: Mapped[PropertyCompany | None] = relationship(back_populates="neighborhoods", foreign_keys=[company_id])
    responsible_company: Mapped[PropertyCompany | None] = relationship(foreign_keys=[responsible_company_id])
    service_periods: Mapped[list["ServicePeriod"]] = relationship(
        back_populates="neighborhood", order_by="ServicePeriod.starts_on")

    @property
    def is_in_service(self) -> bool:
        """Not retired, nor its community or subdistrict: patrols may start here, pickers offer it."""
        return self.is_active and self.community.is_active and self.community.subdistrict.is_active

    @property
    def answering_company_id(self) -> int | None:
        """The company its orders go to: the one serving it, else the one appointed; None under community care."""
        return self.company_id if self.company_id is not None else self.responsible_company_id

    @property
    def is_community_care(self) -> bool:
        """社区代管: no company serves it and none is appointed, so its community fixes and closes its findings."""
        return self.answering_company_id is None

    @classmethod
    def visible_to(cls, user: Account) -> ColumnElement[bool]:
        """The neighbourhoods a user works with (where-clause): a company those it serves, staff those of their
        area (all of them at the district level)."""
        return and_(own_company(user, cls.company_id), cls.in_area(user))

    @classmethod
    def in_area(cls, user: Account) -> ColumnElement[bool]:
        """The neighbourhoods of a staff account's area (where-clause); everything for the district level; an
        owners' committee its own neighbourhood."""
        if user.role == Role.COMMITTEE:
            return own_neighborhood(user, cls.id)
        return own_area(user, cls.community_id, communities_of)

    @classmethod
    def area_scope(cls, user: Account, neighborhood_column: Any) -> ColumnElement[bool]:
        """For rows that belong to a neighbourhood (findings, orders, patrols, reports): those of the user's area."""
        if not has_area(user):
            return true()
        if user.role == Role.COMMITTEE:
            return own_neighborhood(user, neighborhood_column)
        return neighborhood_column.in_(select(cls.id).where(cls.in_area(user)))


def communities_of(subdistrict_id: int) -> Select[Any]:
    return select(Community.id).where(Community.subdistrict_id == subdistrict_id)


class ServicePeriod(IdMixin, CreatedMixin, Model):
    """Who served a neighbourhood from when until when (`ends_on` inclusive; open while None); no company = 无物业."""

    __tablename__ = "service_period"
    neighborhood_id: Mapped[int] = mapped_column(ForeignKey("neighborhood.id"), index=True)
    company_id: Mapped[int | None] = mapped_column(ForeignKey("property_company.id"), index=True)
    starts_on: Mapped[date]
    ends_on: Mapped[date | None]
    kind: Mapped[str] = mapped_column(String(20))  # rules.PeriodKind

    neighborhood: Mapped[Neighborhood] = relationship(back_populates="service_periods")
    company: Mapped[PropertyCompany | None] = relationship()
