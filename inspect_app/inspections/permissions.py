"""Who may see an inspection."""

from inspect_app.auth.models import User
from inspect_app.core.roles import Role
from inspect_app.inspections.models import Inspection, InspectionStatus


def can_view_inspection(user: User, inspection: Inspection) -> bool:
    """Staff and admins see all; a company sees submitted inspections of its own neighbourhoods."""
    if user.role in (Role.INSPECTOR, Role.SUPERVISOR, Role.ADMIN):
        return inspection.status == InspectionStatus.SUBMITTED or inspection.inspector_id == user.id \
            or user.role != Role.INSPECTOR
    return (user.role == Role.COMPANY and inspection.status == InspectionStatus.SUBMITTED
            and inspection.company_id == user.company_id)
