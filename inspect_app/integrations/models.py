"""An integration (its hashed token, area through its own account, access), its webhook subscriptions and their
deliveries with every attempt."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from inspect_app.auth.models import User
from inspect_app.core.db import CreatedMixin, IdMixin, Model
from inspect_app.integrations.rules import Access, DeliveryStatus


class Integration(IdMixin, CreatedMixin, Model):
    """A system that calls the API (12345 hotline, 数字城管). Its account — disabled, no password, never logged
    in — carries its area and its name: reads are scoped like staff of that area, writes recorded under it."""

    __tablename__ = "integration"
    name: Mapped[str] = mapped_column(String(50), unique=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    token_hint: Mapped[str] = mapped_column(String(12))  # the token's first characters, to tell tokens apart
    access: Mapped[str] = mapped_column(String(10), default=Access.READ)
    account_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), unique=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]

    account: Mapped[User] = relationship(foreign_keys=[account_id])

    @property
    def can_write(self) -> bool:
        return self.access == Access.WRITE

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None


class WebhookSubscription(IdMixin, CreatedMixin, Model):
    __tablename__ = "webhook_subscription"
    integration_id: Mapped[int] = mapped_column(ForeignKey("integration.id"), index=True)
    url: Mapped[str] = mapped_column(String(500))
    secret: Mapped[str] = mapped_column(String(100))  # the HMAC key; the receiver holds the same
    events: Mapped[list[str]] = mapped_column(JSON, default=list)
    is_active: Mapped[bool] = mapped_column(default=True)

    integration: Mapped[Integration] = relationship()


class WebhookDelivery(IdMixin, CreatedMixin, Model):
    """One event for one subscription: the exact body signed, its state, its attempts."""

    __tablename__ = "webhook_delivery"
    subscription_id: Mapped[int] = mapped_column(ForeignKey("webhook_subscription.id"), index=True)
    event: Mapped[str] = mapped_column(String(40))
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default=DeliveryStatus.QUEUED, index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    delivered_at: Mapped[datetime | None]

    subscription: Mapped[WebhookSubscription] = relationship()


class WebhookAttempt(IdMixin, CreatedMixin, Model):
    """One try of a delivery: the receiver's status code, or what failed."""

    __tablename__ = "webhook_attempt"
    delivery_id: Mapped[int] = mapped_column(ForeignKey("webhook_delivery.id"), index=True)
    status_code: Mapped[int | None]
    error: Mapped[str] = mapped_column(Text, default="")
    duration_ms: Mapped[int] = mapped_column(default=0)
