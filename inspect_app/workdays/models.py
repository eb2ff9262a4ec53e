"""The admin table of the statutory calendar: years the package lacks, and single-day corrections."""

from datetime import date, datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from inspect_app.core.db import IdMixin, Model, utcnow


class CalendarYear(IdMixin, Model):
    """A year whose holidays and make-up days an admin entered from the State Council's notice."""

    __tablename__ = "calendar_year"
    year: Mapped[int] = mapped_column(unique=True)
    note: Mapped[str] = mapped_column(String(200), default="")
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    entered_at: Mapped[datetime] = mapped_column(default=utcnow)


class CalendarDay(IdMixin, Model):
    """One exception to Monday–Friday: a holiday (放假) or a make-up working day (调休上班)."""

    __tablename__ = "calendar_day"
    day: Mapped[date] = mapped_column(unique=True)
    is_workday: Mapped[bool]
    name: Mapped[str] = mapped_column(String(50), default="")
