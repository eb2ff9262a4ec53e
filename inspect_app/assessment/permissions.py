"""Who may do what with assessment periods: pure predicates for views, templates and services."""

from inspect_app.assessment.models import AssessmentPeriod
from inspect_app.auth.models import User
from inspect_app.core.roles import ASSESSMENT_ROLES, Role


def can_manage_periods(user: User) -> bool:
    """Create, close, publish, re-open periods and set their weights."""
    return user.role == Role.ADMIN


def can_enter_special(user: User) -> bool:
    return user.role in ASSESSMENT_ROLES


def is_public(period: AssessmentPeriod) -> bool:
    return period.is_published
