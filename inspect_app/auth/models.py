"""User accounts with one role each; company users are bound to one property company."""

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from inspect_app.core.db import CreatedMixin, IdMixin, Model
from inspect_app.core.roles import Role
from inspect_app.places.models import PropertyCompany


class User(IdMixin, CreatedMixin, UserMixin, Model):
    __tablename__ = "user_account"
    __table_args__ = (
        CheckConstraint("(role = 'company') = (company_id IS NOT NULL)", name="company_role_has_company"),
    )
    username: Mapped[str] = mapped_column(String(50), unique=True)
    display_name: Mapped[str] = mapped_column(String(50))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20), index=True)
    company_id: Mapped[int | None] = mapped_column(ForeignKey("property_company.id"), index=True)
    is_enabled: Mapped[bool] = mapped_column(default=True)
    # Bumped on password change or deactivation so that old sessions stop working.
    session_version: Mapped[int] = mapped_column(default=1)
    last_login_at: Mapped[datetime | None]

    company: Mapped[PropertyCompany | None] = relationship()

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
