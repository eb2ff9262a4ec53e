"""Who may do what with appeals: pure predicates for services, views and templates' `can`."""

from __future__ import annotations

from typing import Any

from inspect_app.core.roles import Account, Role


def can_file_appeal(user: Account, order: Any = None) -> bool:
    """申诉: only the company the order is addressed to."""
    if user.role != Role.COMPANY or user.company_id is None:
        return False
    return order is None or user.company_id == order.company_id


def can_decide_appeal(user: Account, _appeal: Any = None) -> bool:
    """维持 or 撤销: a supervisor (who sees the appeal through their area)."""
    return user.role == Role.SUPERVISOR
