"""Who may change a neighbourhood's board (pure)."""

from __future__ import annotations

from typing import Any

from inspect_app.core.roles import OFFICIAL_ROLES, Account, Role


def can_edit_disclosure(user: Account, neighborhood: Any = None) -> bool:
    """The company that serves the neighbourhood writes its own 公示."""
    if user.role != Role.COMPANY or user.company_id is None:
        return False
    return neighborhood is None or neighborhood.company_id == user.company_id


def can_publish_committee_accounts(user: Account, _neighborhood: Any = None) -> bool:
    """The owners' committee's accounts are posted by the district's staff of the area (which rows: the query)."""
    return user.role in OFFICIAL_ROLES
