"""Role checks for views (one decorator) and pure can_* predicates shared by views and templates."""

from collections.abc import Callable
from functools import wraps
from typing import Any, Protocol

from flask import abort
from flask_login import current_user
from sqlalchemy import Select

from inspect_app.core.roles import Role
from inspect_app.extensions import login_manager

STAFF = (Role.INSPECTOR, Role.SUPERVISOR)


class User(Protocol):
    """What a permission needs of an account (core knows no domain model)."""

    role: str
    company_id: int | None


def require(*roles: Role) -> Callable:
    """Log-in required; with roles, the user must hold one of them (else 403)."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if roles and current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def company_scope(stmt: Select, company_column: Any, user: User) -> Select:
    """Company users see only their own company's rows; staff and admins see all."""
    if user.role == Role.COMPANY:
        return stmt.where(company_column == user.company_id)
    return stmt


def can_view_company_data(user: User, company_id: int | None) -> bool:
    if user.role == Role.COMPANY:
        return company_id is not None and company_id == user.company_id
    return user.role in (*STAFF, Role.ADMIN)


def can_patrol(user: User, _obj: object = None) -> bool:
    return user.role in STAFF


def can_close(user: User, _obj: object = None) -> bool:
    return user.role == Role.SUPERVISOR


def can_administer(user: User, _obj: object = None) -> bool:
    return user.role == Role.ADMIN


PREDICATES: dict[str, Callable[..., bool]] = {
    "patrol": can_patrol,
    "close": can_close,
    "administer": can_administer,
    "view_company_data": lambda user, company_id=None: can_view_company_data(user, company_id),
}


def can(action: str, obj: object = None, user: User | None = None) -> bool:
    user = user or current_user
    if not getattr(user, "is_authenticated", False):
        return False
    return PREDICATES[action](user, obj)
