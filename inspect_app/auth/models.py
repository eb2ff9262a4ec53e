"""User accounts with one role each (company users are bound to one property company), and their recorded changes."""

from datetime import datetime
from typing import Any

from flask_login import UserMixin
from sqlalchemy import JSON, CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from inspect_app.core.db import CreatedMixin, IdMixin, Model, utcnow
from inspect_app.core.roles import Role
from inspect_app.places.models import Community, Neighborhood, PropertyCompany, Subdistrict


class User(IdMixin, CreatedMixin, UserMixin, Model):
    __tablename__ = "user_account"
    __table_args__ = (
        CheckConstraint("(role = 'company') = (company_id IS NOT NULL)", name="company_role_has_company"),
        # An area is one community, one subdistrict, or neither (the district level); companies have none.
        CheckConstraint("subdistrict_id IS NULL OR community_id IS NULL", name="one_area_level"),
        CheckConstraint("role != 'company' OR (subdistrict_id IS NULL AND community_id IS NULL)",
                        name="company_has_no_area"),
        # An owners' committee (业委会) is bound to one neighbourhood, and only it is.
        CheckConstraint("(role = 'committee') = (neighborhood_id IS NOT NULL)", name="committee_has_neighborhood"),
    )
    username: Mapped[str] = mapped_column(String(50), unique=True)
    display_name: Mapped[str] = mapped_column(String(50))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20), index=True)
    company_id: Mapped[int | None] = mapped_column(ForeignKey("property_company.id"), index=True)
    subdistrict_id: Mapped[int | None] = mapped_column(ForeignKey("subdistrict.id"), index=True)
    community_id: Mapped[int | None] = mapped_column(ForeignKey("community.id"), index=True)
    neighborhood_id: Mapped[int | None] = mapped_column(ForeignKey("neighborhood.id"), index=True)
    is_enabled: Mapped[bool] = mapped_column(default=True)
    # Bumped on password change or deactivation so that old sessions stop working.
    session_version: Mapped[int] = mapped_column(default=1)
    last_login_at: Mapped[datetime | None]
    # Set by an administrator's reset (a one-time password): every page but the password change waits until done.
    must_change_password: Mapped[bool] = mapped_column(default=False)
    phone: Mapped[str | None] = mapped_column(String(30))

    company: Mapped[PropertyCompany | None] = relationship()
    subdistrict: Mapped[Subdistrict | None] = relationship()
    community: Mapped[Community | None] = relationship()
    neighborhood: Mapped[Neighborhood | None] = relationship()

    @property
    def area_name(self) -> str | None:
        """The name of a staff account's area below the district, or an owners' committee's neighbourhood (None: the
        whole district, or a company)."""
        if self.neighborhood is not None:
            return self.neighborhood.name
        if self.community is not None:
            return self.community.name
        return self.subdistrict.name if self.subdistrict is not None else None

    @property
    def is_active(self) -> bool:
        return self.is_enabled

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password, method="scrypt")
        self.session_version = (self.session_version or 0) + 1

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def has_role(self, *roles: Role) -> bool:
        return self.role in roles


class AccountEvent(IdMixin, Model):
    """One change to an account (created, edited, disabled, enabled, password reset or changed): who, when, what."""

    __tablename__ = "account_event"
    account_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))  # None: a command line
    kind: Mapped[str] = mapped_column(String(30))
    # What changed, field → [before, after] for edits; never a password, not even a hash.
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    account: Mapped[User] = relationship(foreign_keys=[account_id])
    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id])
