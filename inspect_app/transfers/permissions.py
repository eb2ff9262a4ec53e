"""Who may do what with transfers and departments: pure predicates for services, views and templates' `can`."""

from __future__ import annotations

from typing import Any

from inspect_app.core.roles import PATROL_ROLES, Account, Role


def can_transfer(user: Account, _finding: Any = None) -> bool:
    """转办: inspectors and supervisors, who put findings on the ledger and issue orders (domain.md "People")."""
    return user.role in PATROL_ROLES


def can_manage_departments(user: Account, _obj: object = None) -> bool:
    """The departments findings are transferred to: the admin's, like the other organisations."""
    return user.role == Role.ADMIN
