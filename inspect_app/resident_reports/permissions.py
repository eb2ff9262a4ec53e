"""Who may do what with residents' reports: pure predicates (user, report) for services and views."""

from __future__ import annotations

from typing import TYPE_CHECKING

from inspect_app.core.roles import PATROL_ROLES, Account

if TYPE_CHECKING:
    from inspect_app.resident_reports.models import ResidentReport


def can_triage(user: Account, _report: ResidentReport | None = None) -> bool:
    """Accept a report onto the ledger, decline it with a reason, or merge it into a finding."""
    return user.role in PATROL_ROLES
