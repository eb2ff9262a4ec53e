"""Who may do what with rectification orders: pure predicates (user, order) for services, views and `can`.

They answer "who"; whether the order's state allows the step now is the workflow's (orders.rules, asked through
the model: `order.is_draft`, `order.is_live` …), so that a refused person gets 403 and a wrong moment 409.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from inspect_app.core.roles import PATROL_ROLES, Account, Role

if TYPE_CHECKING:
    from inspect_app.orders.models import RectificationOrder


def can_draft_order(user: Account, _obj: object = None) -> bool:
    """Draft an order from a neighbourhood's open findings."""
    return user.role in PATROL_ROLES


def can_edit_draft(user: Account, _order: RectificationOrder | None = None) -> bool:
    """Change a draft's requirements, deadlines and remarks, or delete the draft."""
    return user.role in PATROL_ROLES


def can_issue(user: Account, _order: RectificationOrder | None = None) -> bool:
    """签发: number the draft and send it to the company."""
    return user.role in PATROL_ROLES


def can_void(user: Account, _order: RectificationOrder | None = None) -> bool:
    """作废 an issued order, with a reason; its unclosed findings go back on the open ledger."""
    return user.role in PATROL_ROLES


def can_follow_up(user: Account, _order: RectificationOrder | None = None) -> bool:
    """复查: check each finding of the order on site, pass or fail."""
    return user.role in PATROL_ROLES


def can_acknowledge(user: Account, order: RectificationOrder) -> bool:
    """签收: only the company the order is addressed to."""
    return _is_addressee(user, order)


def can_report_fix(user: Account, order: RectificationOrder) -> bool:
    """整改反馈: only the company the order is addressed to reports the fix of its findings."""
    return _is_addressee(user, order)


def _is_addressee(user: Account, order: RectificationOrder) -> bool:
    return user.role == Role.COMPANY and user.company_id is not None and user.company_id == order.company_id
