"""Who may manage accounts: pure predicates (user[, account]) for services, views and templates."""

from __future__ import annotations

from typing import TYPE_CHECKING

from inspect_app.core.roles import Account, Role

if TYPE_CHECKING:
    from inspect_app.auth.models import User


def can_manage_accounts(user: Account) -> bool:
    """List, create and edit accounts, disable and re-enable them, reset their passwords."""
    return user.role == Role.ADMIN


def can_disable_account(user: Account, account: User) -> bool:
    """An administrator may disable any enabled account but their own (the last administrator is the service's)."""
    return can_manage_accounts(user) and account.id != user.id and account.is_enabled
