"""A quarter's patrol plan for an area and its lines (a neighbourhood, how many patrols, by whom)."""

from datetime import date

from sqlalchemy import BigInteger, ColumnElement, ForeignKey, String, and_, false, or_, select, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from inspect_app.auth.models import User
from inspect_app.core.db import CreatedMixin, IdMixin, Model
from inspect_app.core.roles import Account, Role
from inspect_app.places.models import Community, Neighborhood, Subdistrict


class PatrolPlan(IdMixin, CreatedMixin, Model):
    """One area's plan for one quarter: the district (no subdistrict, no community), a subdistrict, or a community
    (its subdistrict kept too). `seed` is what the random picks were drawn from: drawing again gives the same."""

    __tablename__ = "patrol_plan"
    quarter: Mapped[str] = mapped_column(String(6), index=True)
    subdistrict_id: Mapped[int | None] = mapped_column(ForeignKey("subdistrict.id"), index=True)
    community_id: Mapped[int | None] = mapped_column(ForeignKey("community.id"), index=True)
    seed: Mapped[int] = mapped_column(BigInteger)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))

    subdistrict: Mapped[Subdistrict | None] = relationship()
    community: Mapped[Community | None] = relationship()
    created_by: Mapped[User] = relationship()
    lines: Mapped[list["PlanLine"]] = relationship(back_populates="plan", cascade="all, delete-orphan",
                                                   order_by="PlanLine.id")

    @classmethod
    def visible_to(cls, user: Account) -> ColumnElement[bool]:
        """Staff see the plans of their area and of the areas holding it; companies none (random picks are
        unannounced)."""
        if user.role in (Role.COMPANY, Role.COMMITTEE):
            return false()
        if user.community_id is not None:
            return or_(cls.community_id == user.community_id,
                       and_(cls.community_id.is_(None),
                            or_(cls.subdistrict_id.is_(None),
                                cls.subdistrict_id.in_(_subdistrict_of(user.community_id)))))
        if user.subdistrict_id is not None:
            return or_(cls.subdistrict_id == user.subdistrict_id, cls.subdistrict_id.is_(None))
        return true()


def _subdistrict_of(community_id: int):
    return select(Community.subdistrict_id).where(Community.id == community_id)


class PlanLine(IdMixin, Model):
    """`count` patrols of a neighbourhood in the quarter by an inspector (None: not yet assigned); a random pick
    (随机抽查) is one patrol on its drawn day `due_on`."""

    __tablename__ = "patrol_plan_line"
    plan_id: Mapped[int] = mapped_column(ForeignKey("patrol_plan.id"), index=True)
    neighborhood_id: Mapped[int] = mapped_column(ForeignKey("neighborhood.id"), index=True)
    inspector_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    count: Mapped[int] = mapped_column(default=1)
    is_random: Mapped[bool] = mapped_column(default=False)
    due_on: Mapped[date | None]

    plan: Mapped[PatrolPlan] = relationship(back_populates="lines")
    neighborhood: Mapped[Neighborhood] = relationship()
    inspector: Mapped[User | None] = relationship()
