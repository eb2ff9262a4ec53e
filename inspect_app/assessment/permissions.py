"""Who may do what with assessment periods: pure predicates for views, templates and services."""

from __future__ import annotations

from typing import TYPE_CHECKING

from inspect_app.core.roles import ASSESSMENT_ROLES, Account, Role

if TYPE_CHECKING:
    from inspect_app.assessment.models import AssessmentPeriod


def can_manage_periods(user: Account) -> bool:
    """Create, close, publish, re-open periods and set their weights."""
    return user.role == Role.ADMIN


def can_enter_special(user: Account) -> bool:
    return user.role in ASSESSMENT_ROLES


def is_public(period: AssessmentPeriod) -> bool:
    return period.is_published
