"""Request-side permission plumbing: the `require` decorator for views and the templates' one `can(...)` helper.

The predicates themselves live in each area's pure permissions module (`orders.permissions.can_acknowledge` …);
the app assembly registers those modules here, and `can("acknowledge", order)` dispatches to them by name.
Which rows a user sees at all is each model's `visible_to(user)` (core.scoping holds its generic half).
"""

from collections.abc import Callable
from functools import wraps
from types import ModuleType
from typing import Any

from flask import abort
from flask_babel import gettext as _
from flask_login import current_user

from inspect_app.core.errors import DomainError
from inspect_app.core.roles import Role
from inspect_app.extensions import login_manager

Predicate = Callable[..., bool]
_PREDICATES: dict[str, Predicate] = {}


def require(*roles: Role) -> Callable:
    """Log-in required; with roles, the user must hold one of them (else 403)."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if roles and current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def authorise(allowed: bool, message: str | None = None) -> None:
    """In a service: refuse (403) whom the area's predicate refused, whoever calls it (a view, the CLI, the demo)."""
    if not allowed:
        raise DomainError(message or _("您没有权限执行此操作。"), status=403)


def register_predicates(*modules: ModuleType) -> None:
    """Every `can_<action>` function defined in these permissions modules becomes `can("<action>", …)`."""
    for module in modules:
        for name, function in vars(module).items():
            if not name.startswith("can_") or getattr(function, "__module__", None) != module.__name__:
                continue
            action = name.removeprefix("can_")
            if _PREDICATES.setdefault(action, function) is not function:
                raise ValueError(f"two permission predicates are named {name}: one meaning per name")


def can(action: str, obj: object = None, user: Any = None) -> bool:
    """Whether the user (the logged-in one by default) may do `action` (to `obj`); templates hide what it refuses."""
    user = current_user if user is None else user
    if not getattr(user, "is_authenticated", False):
        return False
    predicate = _PREDICATES[action]
    return predicate(user) if obj is None else predicate(user, obj)
