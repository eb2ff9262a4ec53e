"""One escalation (督办) of an order to a level, its number series, and the admin's setting."""

from sqlalchemy import ColumnElement, ForeignKey, String, UniqueConstraint, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from inspect_app.core.db import CreatedMixin, IdMixin, Model
from inspect_app.core.roles import Account
from inspect_app.escalations.rules import DEFAULT_OVERDUE_WORKDAYS
from inspect_app.orders.models import RectificationOrder


class Escalation(IdMixin, CreatedMixin, Model):
    """督办单: an order sent up to a level, once per level (the unique key makes the sweep idempotent)."""

    __tablename__ = "escalation"
    __table_args__ = (UniqueConstraint("order_id", "level"), UniqueConstraint("year", "sequence"))
    order_id: Mapped[int] = mapped_column(ForeignKey("rectification_order.id"), index=True)
    level: Mapped[str] = mapped_column(String(20))
    year: Mapped[int]
    sequence: Mapped[int]
    number: Mapped[str] = mapped_column(String(50), unique=True)
    workdays_overdue: Mapped[int]  # when it was made

    order: Mapped[RectificationOrder] = relationship()

    @classmethod
    def visible_to(cls, user: Account) -> ColumnElement[bool]:
        """An escalation is seen by whoever sees its order (RectificationOrder.visible_to)."""
        return cls.order_id.in_(select(RectificationOrder.id).where(RectificationOrder.visible_to(user)))


class EscalationNumberCounter(Model):
    """The last 督办单 number issued per year (the order numbers' scheme, its own series)."""

    __tablename__ = "escalation_number_counter"
    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    last_sequence: Mapped[int] = mapped_column(default=0)


class EscalationSetting(Model):
    """The admin's setting, one row: after how many working days overdue an order goes up a level."""

    __tablename__ = "escalation_setting"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False, default=1)
    overdue_workdays: Mapped[int] = mapped_column(default=DEFAULT_OVERDUE_WORKDAYS)
