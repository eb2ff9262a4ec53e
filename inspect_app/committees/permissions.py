"""Who may do what with the committees' 专项考评: pure predicates."""

from __future__ import annotations

from typing import Any

from inspect_app.core.roles import Account, Role


def can_enter_committee_assessment(user: Account, neighborhood: Any = None) -> bool:
    """An owners' committee gives its own neighbourhood's input, and nobody else gives one."""
    if user.role != Role.COMMITTEE or user.neighborhood_id is None:
        return False
    return neighborhood is None or neighborhood.id == user.neighborhood_id


def can_manage_committee_items(user: Account, _obj: object = None) -> bool:
    """The form's items, their points and the committees' share of the special part: the admin."""
    return user.role == Role.ADMIN
