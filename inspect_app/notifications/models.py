"""An account's inbox entries and every delivery of one beyond the app."""

from datetime import datetime

from sqlalchemy import ColumnElement, ForeignKey, Index, String, Text, UniqueConstraint, false, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from inspect_app.auth.models import User
from inspect_app.core.db import CreatedMixin, IdMixin, Model
from inspect_app.core.roles import Account


class Notification(IdMixin, CreatedMixin, Model):
    """One event for one account — or for an outside address without one (a department a finding was transferred
    to: user_id None, its e-mail the delivery's address). `event_key` makes sending it twice harmless."""

    __tablename__ = "notification"
    __table_args__ = (UniqueConstraint("user_id", "event_key"),
                      Index("ix_notification_user_unread", "user_id", "read_at"),
                      # an outside address's events are unique by key too (NULLs never clash in the constraint)
                      Index("uq_notification_outside_event", "event_key", unique=True,
                            sqlite_where=text("user_id IS NULL"), postgresql_where=text("user_id IS NULL")))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    kind: Mapped[str] = mapped_column(String(30))
    event_key: Mapped[str] = mapped_column(String(120))
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")
    link: Mapped[str] = mapped_column(String(300), default="")
    read_at: Mapped[datetime | None]

    user: Mapped[User | None] = relationship()
    deliveries: Mapped[list["Delivery"]] = relationship(back_populates="notification")

    @classmethod
    def visible_to(cls, user: Account) -> ColumnElement[bool]:
        """An inbox is its owner's alone."""
        return cls.user_id == user.id


class Delivery(IdMixin, CreatedMixin, Model):
    """One attempt chain to deliver a notification through a channel (e-mail, SMS), with its outcome."""

    __tablename__ = "notification_delivery"
    notification_id: Mapped[int] = mapped_column(ForeignKey("notification.id"), index=True)
    channel: Mapped[str] = mapped_column(String(10))
    address: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(10), index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    sent_at: Mapped[datetime | None]

    notification: Mapped[Notification] = relationship(back_populates="deliveries")


class NotificationSetting(Model):
    """An account's preferences: whether, and where, to be e-mailed; whether to get an SMS at the account's phone
    (User.phone). The inbox is always on."""

    __tablename__ = "notification_setting"
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), primary_key=True)
    email: Mapped[str] = mapped_column(String(200), default="")
    email_enabled: Mapped[bool] = mapped_column(default=True)
    sms_enabled: Mapped[bool] = mapped_column(default=False, server_default=false())
