"""Who may do what with inspections: pure predicates (user, inspection) for services, views and `can`.

Which inspections a user sees at all is `Inspection.visible_to(user)`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from inspect_app.core.roles import PATROL_ROLES, Account

if TYPE_CHECKING:
    from inspect_app.inspections.models import Inspection


def can_patrol(user: Account, _obj: object = None) -> bool:
    """Start (or resume) a patrol of a neighbourhood."""
    return user.role in PATROL_ROLES


def can_edit_inspection(user: Account, inspection: Inspection) -> bool:
    """Answer items and add or remove photos: only the inspector of the patrol (while it is a draft)."""
    return inspection.inspector_id == user.id
